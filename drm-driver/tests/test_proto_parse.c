// SPDX-License-Identifier: MIT
/*
 * Unit test of the driver's host-message validation
 * (drm-driver/synth2d_proto_parse.c, built here in userspace): good
 * messages of every handled type, every rejection path, and random bytes.
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth2d_proto_parse.h"
#include "test_check.h"

TEST_COUNTERS_DEFINE;

struct packet {
	uint8_t bytes[1024];
	size_t len;
};

/* pipe DATA header + synthvid header + payload, pipe size = bytes after it */
static void build(struct packet *p, uint32_t type, const void *payload, size_t len)
{
	struct synth2d_pipe_header pipe = {.type = htole32(SYNTH2D_PIPE_MSG_DATA),
					   .size = htole32((uint32_t)(8 + len))};
	struct synth2d_synthvid_header vid = {.type = htole32(type), .size = htole32(len)};

	memset(p, 0, sizeof(*p));
	memcpy(p->bytes, &pipe, 8);
	memcpy(p->bytes + 8, &vid, 8);
	memcpy(p->bytes + 16, payload, len);
	p->len = 16 + len;
}

static int parse(const struct packet *p, struct synth2d_host_msg *m)
{
	return synth2d_parse_host_msg(p->bytes, p->len, m);
}

static void test_framing(void)
{
	struct synth2d_synthvid_feature_change fc = {1, 0, 0, 0};
	struct synth2d_host_msg m;
	struct packet p;

	build(&p, SYNTH2D_SYNTHVID_FEATURE_CHANGE, &fc, sizeof(fc));
	CHECK(parse(&p, &m) == 0);
	CHECK(synth2d_parse_host_msg(NULL, 0, &m) == -EBADMSG);
	CHECK(synth2d_parse_host_msg(p.bytes, 7, &m) == -EBADMSG);
	/* pipe size larger than the packet: truncated */
	CHECK(synth2d_parse_host_msg(p.bytes, p.len - 1, &m) == -EBADMSG);
	/* packet padding after the message is fine */
	CHECK(synth2d_parse_host_msg(p.bytes, p.len + 4, &m) == 0);
	/* pipe message other than DATA */
	p.bytes[0] = SYNTH2D_PIPE_MSG_PARTIAL;
	CHECK(parse(&p, &m) == -EPROTO);
	/* pipe size smaller than the synthvid header */
	build(&p, SYNTH2D_SYNTHVID_FEATURE_CHANGE, &fc, sizeof(fc));
	p.bytes[4] = 7;
	CHECK(parse(&p, &m) == -EBADMSG);
	/* types a host does not send */
	build(&p, SYNTH2D_SYNTHVID_VERSION_REQUEST, &fc, sizeof(fc));
	CHECK(parse(&p, &m) == -EOPNOTSUPP && m.type == SYNTH2D_SYNTHVID_VERSION_REQUEST);
	build(&p, 99, &fc, sizeof(fc));
	CHECK(parse(&p, &m) == -EOPNOTSUPP);
}

static void test_version_and_acks(void)
{
	struct synth2d_synthvid_version_response vr = {.version =
							   htole32(SYNTH2D_SYNTHVID_VERSION_WIN10),
						       .is_accepted = 2,
						       .max_video_outputs = 1};
	struct synth2d_synthvid_vram_location_ack ack = {.user_ctx =
							     htole64(0x1122334455667788ull)};
	struct synth2d_host_msg m;
	struct packet p;

	build(&p, SYNTH2D_SYNTHVID_VERSION_RESPONSE, &vr, sizeof(vr));
	CHECK(parse(&p, &m) == 0 && m.type == SYNTH2D_SYNTHVID_VERSION_RESPONSE);
	CHECK(m.version.version == SYNTH2D_SYNTHVID_VERSION_WIN10 && m.version.accepted);
	vr.is_accepted = 0;
	build(&p, SYNTH2D_SYNTHVID_VERSION_RESPONSE, &vr, sizeof(vr));
	CHECK(parse(&p, &m) == 0 && !m.version.accepted);
	build(&p, SYNTH2D_SYNTHVID_VERSION_RESPONSE, &vr, sizeof(vr) - 1);
	CHECK(parse(&p, &m) == -EBADMSG);

	build(&p, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, &ack, sizeof(ack));
	CHECK(parse(&p, &m) == 0 && m.ack.user_ctx == 0x1122334455667788ull);
	build(&p, SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK, &ack, sizeof(ack));
	CHECK(parse(&p, &m) == 0 && m.type == SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK);
	build(&p, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, &ack, 7);
	CHECK(parse(&p, &m) == -EBADMSG);
}

static void test_feature_change(void)
{
	uint8_t v2[4 + 128] = {0, 1, 1, 0};
	struct synth2d_host_msg m;
	struct packet p;

	build(&p, SYNTH2D_SYNTHVID_FEATURE_CHANGE, v2, 4);
	CHECK(parse(&p, &m) == 0);
	CHECK(!m.features.dirt_needed && m.features.ptr_pos_needed && m.features.ptr_shape_needed &&
	      !m.features.situ_needed);
	/* V2 appends an EDID block: same prefix */
	v2[0] = 5;
	build(&p, SYNTH2D_SYNTHVID_FEATURE_CHANGE, v2, sizeof(v2));
	CHECK(parse(&p, &m) == 0 && m.features.dirt_needed);
	build(&p, SYNTH2D_SYNTHVID_FEATURE_CHANGE, v2, 3);
	CHECK(parse(&p, &m) == -EBADMSG);
}

/* A resolution response with count entries (w = 1000 + i, h = 700 + i). */
static void build_resolutions(struct packet *p, unsigned int count, unsigned int sent,
			      unsigned int def)
{
	struct synth2d_synthvid_resolution_response r;

	memset(&r, 0, sizeof(r));
	r.resolution_count = count;
	r.default_resolution_index = def;
	for (unsigned int i = 0; i < sent && i < SYNTH2D_RESOLUTION_MAX_COUNT; i++) {
		r.supported_resolution[i].width = htole16(1000 + i);
		r.supported_resolution[i].height = htole16(700 + i);
	}
	build(p, SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE, &r,
	      SYNTH2D_RESOLUTION_RESPONSE_SIZE(sent < 64 ? sent : 64));
}

static void test_resolutions(void)
{
	struct synth2d_host_msg m;
	struct packet p;

	build_resolutions(&p, 3, 3, 2);
	CHECK(parse(&p, &m) == 0 && m.modes.count == 3 && m.modes.default_index == 2);
	CHECK(m.modes.mode[2].width == 1002 && m.modes.mode[2].height == 702);
	build_resolutions(&p, 64, 64, 63);
	CHECK(parse(&p, &m) == 0 && m.modes.count == 64);

	build_resolutions(&p, 0, 0, 0);
	CHECK(parse(&p, &m) == -ERANGE);
	build_resolutions(&p, 65, 64, 0);
	CHECK(parse(&p, &m) == -ERANGE);
	build_resolutions(&p, 3, 3, 3);
	CHECK(parse(&p, &m) == -ERANGE);
	/* one entry missing */
	build_resolutions(&p, 3, 2, 0);
	CHECK(parse(&p, &m) == -EBADMSG);
	/* shorter than the fixed part */
	build_resolutions(&p, 1, 1, 0);
	p.bytes[4] = 8 + 130;
	CHECK(parse(&p, &m) == -EBADMSG);
	/* zero dimension */
	build_resolutions(&p, 2, 2, 0);
	p.bytes[16 + 131 + 4 + 2] = 0;
	p.bytes[16 + 131 + 4 + 3] = 0;
	CHECK(parse(&p, &m) == -ERANGE);
}

/*
 * What the receive path relies on when a message fails: the type is still
 * reported (so a waiter for that reply fails at once instead of timing
 * out), a huge pipe size cannot wrap, and every error has a reason.
 */
static void test_failure_reporting(void)
{
	struct synth2d_synthvid_vram_location_ack ack = {.user_ctx = htole64(1)};
	struct synth2d_host_msg m;
	struct packet p;

	build(&p, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, &ack, 4);
	CHECK(parse(&p, &m) == -EBADMSG && m.type == SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK);
	build_resolutions(&p, 65, 64, 0);
	CHECK(parse(&p, &m) == -ERANGE && m.type == SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE);
	/* unreadable headers: no type */
	p.bytes[0] = 0;
	CHECK(parse(&p, &m) == -EPROTO && m.type == 0);
	build(&p, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, &ack, sizeof(ack));
	memset(p.bytes + 4, 0xff, 4);
	CHECK(parse(&p, &m) == -EBADMSG && m.type == 0);

	CHECK(strcmp(synth2d_parse_strerror(-EBADMSG), synth2d_parse_strerror(-ERANGE)));
	CHECK(strcmp(synth2d_parse_strerror(-EPROTO), synth2d_parse_strerror(-EOPNOTSUPP)));
	CHECK(strcmp(synth2d_parse_strerror(-EBADMSG), "invalid"));
	CHECK(!strcmp(synth2d_parse_strerror(-EINVAL), "invalid"));
}

/* Random input must never be read out of bounds (run under ASan/valgrind). */
static void test_random(void)
{
	struct synth2d_host_msg m;
	uint8_t *buf;

	srand(1);
	for (int i = 0; i < 200000; i++) {
		size_t len = (size_t)(rand() % 420);

		buf = malloc(len ? len : 1);
		for (size_t j = 0; j < len; j++)
			buf[j] = (uint8_t)rand();
		if (len >= 16 && rand() % 2) {
			buf[0] = 1; /* DATA */
			buf[1] = buf[2] = buf[3] = 0;
			buf[4] = (uint8_t)(rand() % (len - 7)); /* plausible size */
			buf[5] = buf[6] = buf[7] = 0;
			buf[8] = (uint8_t)(rand() % 17);
			buf[9] = buf[10] = buf[11] = 0;
		}
		synth2d_parse_host_msg(buf, len, &m);
		free(buf);
	}
}

int main(void)
{
	test_framing();
	test_version_and_acks();
	test_feature_change();
	test_resolutions();
	test_failure_reporting();
	test_random();
	return test_report("drm-proto-parse");
}
