// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the driver's host-message validation
 * (drm-driver/synth2d_proto_parse.c, built in userspace).
 *
 * FUZZ_TYPE < 0: the input is a whole VMBus packet payload (pipe header,
 * synthvid header, message), exercising the framing. FUZZ_TYPE >= 0: the
 * input is the message body of that synthvid type; the target frames it
 * with consistent headers, so the fuzzer spends its time inside that one
 * type's parser. Accepted messages are checked against the guarantees the
 * driver relies on; a violation aborts (a finding).
 */
#include <endian.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "synth2d_proto_parse.h"

#ifndef FUZZ_TYPE
#define FUZZ_TYPE (-1)
#endif

/* Largest packet a host can send on the video channel (docs/protocol.md §1.4). */
#define FUZZ_MAX_PACKET 16384

static void check_accepted(const struct synth2d_host_msg *msg)
{
	const struct synth2d_host_modes *m = &msg->modes;

	switch (msg->type) {
	case SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE:
		if (m->count == 0 || m->count > SYNTH2D_RESOLUTION_MAX_COUNT ||
		    m->default_index >= m->count)
			abort();
		for (unsigned int i = 0; i < m->count; i++)
			if (!m->mode[i].width || !m->mode[i].height)
				abort();
		break;
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
	case SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK:
	case SYNTH2D_SYNTHVID_FEATURE_CHANGE:
		break;
	default:
		abort(); /* only host-to-guest types may be accepted */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct synth2d_host_msg msg;
	const uint8_t *packet = data;
	uint8_t *framed = NULL;
	size_t len = size;
	int ret;

	if (FUZZ_TYPE >= 0) {
		struct synth2d_pipe_header pipe;
		struct synth2d_synthvid_header vid;

		if (size > FUZZ_MAX_PACKET - sizeof(pipe) - sizeof(vid))
			return 0;
		pipe.type = htole32(SYNTH2D_PIPE_MSG_DATA);
		pipe.size = htole32((uint32_t)(sizeof(vid) + size));
		vid.type = htole32((uint32_t)FUZZ_TYPE);
		vid.size = htole32((uint32_t)size);
		len = sizeof(pipe) + sizeof(vid) + size;
		/* exactly len bytes, so a sanitizer sees any overread */
		framed = malloc(len);
		if (!framed)
			return 0;
		memcpy(framed, &pipe, sizeof(pipe));
		memcpy(framed + sizeof(pipe), &vid, sizeof(vid));
		if (size)
			memcpy(framed + sizeof(pipe) + sizeof(vid), data, size);
		packet = framed;
	}

	ret = synth2d_parse_host_msg(packet, len, &msg);
	if (ret == 0)
		check_accepted(&msg);
	else if (ret != -EBADMSG && ret != -ERANGE && ret != -EPROTO && ret != -EOPNOTSUPP)
		abort(); /* the documented error codes only */
	if (FUZZ_TYPE >= 0 && ret != -EBADMSG && ret != -ERANGE && msg.type != (uint32_t)FUZZ_TYPE)
		abort();
	free(framed);
	return 0;
}
