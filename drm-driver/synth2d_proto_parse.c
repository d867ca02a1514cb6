// SPDX-License-Identifier: GPL-2.0-only
/*
 * Validation of host-to-guest synthvid messages (see synth2d_proto_parse.h).
 *
 * Framing (docs/protocol.md §1.4, §2.2): pipe header {DATA, size}, synthvid
 * header {type, size}, payload. The synthvid size field is filled
 * inconsistently by real hosts and is not read; the pipe size bounds the
 * message. Bytes after a message's fixed part are ignored, as hosts do
 * (docs/protocol.md §6.4).
 */
#include "synth2d_proto_parse.h"

static int parse_version_response(const u8 *p, size_t len,
				  struct synth2d_host_msg *msg)
{
	const struct synth2d_synthvid_version_response *r = (const void *)p;

	if (len < sizeof(*r))
		return -EBADMSG;
	msg->version.version = le32_to_cpu(r->version);
	/* UEFI wants exactly 2; Linux accepts any non-zero (docs/protocol.md §2.3). */
	msg->version.accepted = r->is_accepted != 0;
	msg->version.max_video_outputs = r->max_video_outputs;
	return 0;
}

static int parse_ack(const u8 *p, size_t len, struct synth2d_host_msg *msg)
{
	const struct synth2d_synthvid_vram_location_ack *r = (const void *)p;

	/* Both acks are a bare u64 user_ctx (docs/protocol.md §2.4, §2.5). */
	if (len < sizeof(*r))
		return -EBADMSG;
	msg->ack.user_ctx = le64_to_cpu(r->user_ctx);
	return 0;
}

static int parse_feature_change(const u8 *p, size_t len,
				struct synth2d_host_msg *msg)
{
	const struct synth2d_synthvid_feature_change *r = (const void *)p;

	/* A V2 message appends an EDID block; the prefix is the same. */
	if (len < sizeof(*r))
		return -EBADMSG;
	msg->features.dirt_needed = r->is_dirt_needed != 0;
	msg->features.ptr_pos_needed = r->is_ptr_pos_needed != 0;
	msg->features.ptr_shape_needed = r->is_ptr_shape_needed != 0;
	msg->features.situ_needed = r->is_situ_needed != 0;
	return 0;
}

/*
 * Variable length: only resolution_count entries are present (docs/protocol.md §2.10).
 * Rejects what Linux rejects (count 0 or > 64, index >= count, short
 * packet) and, in addition, entries with a zero dimension.
 */
static int parse_resolution_response(const u8 *p, size_t len,
				     struct synth2d_host_msg *msg)
{
	const struct synth2d_synthvid_resolution_response *r = (const void *)p;
	struct synth2d_host_modes *modes = &msg->modes;
	unsigned int i, count;

	if (len < SYNTH2D_RESOLUTION_RESPONSE_SIZE(0))
		return -EBADMSG;
	count = r->resolution_count;
	if (count == 0 || count > SYNTH2D_RESOLUTION_MAX_COUNT)
		return -ERANGE;
	if (r->default_resolution_index >= count)
		return -ERANGE;
	if (len < SYNTH2D_RESOLUTION_RESPONSE_SIZE(count))
		return -EBADMSG;

	for (i = 0; i < count; i++) {
		const struct synth2d_synthvid_resolution *res =
			&r->supported_resolution[i];

		modes->mode[i].width = le16_to_cpu(res->width);
		modes->mode[i].height = le16_to_cpu(res->height);
		if (!modes->mode[i].width || !modes->mode[i].height)
			return -ERANGE;
	}
	modes->count = count;
	modes->default_index = r->default_resolution_index;
	return 0;
}

/**
 * synth2d_parse_host_msg() - validate one host-to-guest synthvid message
 * @data: the in-band packet's payload (starts with the pipe header)
 * @len: bytes at @data (may include the packet's padding)
 * @msg: the validated message; only @msg->type is meaningful on failure
 *       (0 when the headers themselves were unreadable)
 *
 * Return: 0 on success; -EPROTO for a pipe message other than DATA,
 * -EBADMSG for a truncated or inconsistent message, -ERANGE for values out
 * of range, -EOPNOTSUPP for a type a host does not send to a guest.
 */
int synth2d_parse_host_msg(const void *data, size_t len,
			   struct synth2d_host_msg *msg)
{
	const struct synth2d_pipe_header *pipe = data;
	const struct synth2d_synthvid_header *vid;
	const u8 *payload;
	size_t msg_len, payload_len;

	memset(msg, 0, sizeof(*msg));
	if (!data || len < sizeof(*pipe))
		return -EBADMSG;
	if (le32_to_cpu(pipe->type) != SYNTH2D_PIPE_MSG_DATA)
		return -EPROTO;

	msg_len = le32_to_cpu(pipe->size);
	if (msg_len > len - sizeof(*pipe) || msg_len < sizeof(*vid))
		return -EBADMSG;

	vid = (const void *)((const u8 *)data + sizeof(*pipe));
	payload = (const u8 *)vid + sizeof(*vid);
	payload_len = msg_len - sizeof(*vid);
	msg->type = le32_to_cpu(vid->type);

	switch (msg->type) {
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
		return parse_version_response(payload, payload_len, msg);
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
	case SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK:
		return parse_ack(payload, payload_len, msg);
	case SYNTH2D_SYNTHVID_FEATURE_CHANGE:
		return parse_feature_change(payload, payload_len, msg);
	case SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE:
		return parse_resolution_response(payload, payload_len, msg);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * synth2d_parse_strerror() - what a synth2d_parse_host_msg() error means
 * @error: its return value
 *
 * Return: a short reason for the kernel log.
 */
const char *synth2d_parse_strerror(int error)
{
	switch (error) {
	case 0:
		return "valid";
	case -EPROTO:
		return "not a pipe DATA message";
	case -EBADMSG:
		return "truncated or inconsistent length";
	case -ERANGE:
		return "count, index or size out of range";
	case -EOPNOTSUPP:
		return "not a host-to-guest message type";
	default:
		return "invalid";
	}
}
