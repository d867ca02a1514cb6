// SPDX-License-Identifier: MIT
/* Video VSP: offers, connect sequence, replies, DIRT accounting, features. */
#include <endian.h>
#include <string.h>

#include <synth2d/guids.h>

#include "guest_sim.h"

#define VIDEO SYNTH2D_SIM_CHANNEL_VIDEO

static void send_version(struct guest_sim *g, uint32_t version)
{
	struct synth2d_synthvid_version_request v = {.version = htole32(version)};

	guest_send_video(g, SYNTH2D_SYNTHVID_VERSION_REQUEST, &v, sizeof(v));
}

static void expect_version_response(struct guest_sim *g, uint32_t version, uint8_t accepted)
{
	struct synth2d_synthvid_version_response r;
	uint8_t buf[512];
	uint32_t type = 0;
	int n = guest_recv_video(g, &type, buf, sizeof(buf));

	CHECK_EQ(type, SYNTH2D_SYNTHVID_VERSION_RESPONSE);
	CHECK_EQ(n, 6);
	memcpy(&r, buf, sizeof(r));
	CHECK_EQ(le32toh(r.version), version);
	CHECK_EQ(r.is_accepted, accepted);
	CHECK_EQ(r.max_video_outputs, 1);
}

static void expect_feature_change(struct guest_sim *g, int dirt, int pos, int shape, int situ)
{
	uint8_t buf[512];
	uint32_t type = 0;
	int n = guest_recv_video(g, &type, buf, sizeof(buf));

	CHECK_EQ(type, SYNTH2D_SYNTHVID_FEATURE_CHANGE);
	CHECK_EQ(n, 4);
	CHECK_EQ(buf[0], dirt);
	CHECK_EQ(buf[1], pos);
	CHECK_EQ(buf[2], shape);
	CHECK_EQ(buf[3], situ);
}

static void test_offers(void)
{
	struct guest_sim g;
	struct synth2d_guid vid = SYNTH2D_SYNTHVID_CLASS_GUID, kbd = SYNTH2D_KEYBOARD_CLASS_GUID;

	guest_start(&g, NULL);
	const struct synth2d_sim_control *c = g.h->control;
	CHECK_EQ(le32toh(c->magic), SYNTH2D_SIM_MAGIC);
	CHECK_EQ(le32toh(c->layout_version), SYNTH2D_SIM_LAYOUT_VERSION);
	CHECK_EQ(le64toh(c->shm_size), GUEST_SHM_SIZE);
	CHECK_EQ(le32toh(c->vmbus_version), 0x50003);
	CHECK_EQ(le64toh(c->mmio_offset), SYNTH2D_SIM_MMIO_OFFSET);
	CHECK_EQ(le64toh(c->mmio_size), GUEST_SHM_SIZE - SYNTH2D_SIM_MMIO_OFFSET);
	CHECK_EQ(le32toh(c->host_generation), 1);
	CHECK(memcmp(&c->channel[0].class_guid, &vid, 16) == 0);
	CHECK(memcmp(&c->channel[2].class_guid, &kbd, 16) == 0);
	CHECK_EQ(le16toh(c->channel[0].mmio_megabytes), 8);
	CHECK_EQ(le16toh(c->channel[0].offer_flags), SYNTH2D_SIM_OFFER_FLAG_NAMED_PIPE);
	CHECK_EQ(le32toh(c->channel[1].pipe_mode), SYNTH2D_SIM_PIPE_MODE_MESSAGE);
	CHECK_EQ(le16toh(c->channel[2].offer_flags), 0);
	CHECK_EQ(le32toh(c->channel[2].pipe_mode), SYNTH2D_SIM_PIPE_MODE_BYTE);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(le32toh(c->channel[i].offer_state), SYNTH2D_SIM_OFFER_OFFERED);
		CHECK_EQ(le32toh(c->channel[i].offer_generation), 1);
	}
	CHECK_EQ(le32toh(c->channel[3].offer_state), SYNTH2D_SIM_OFFER_NONE);
	guest_stop(&g);
}

static void test_version_accept_then_feature_change(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_open(&g, VIDEO);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_WAIT_VERSION);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 2);
	/* FEATURE_CHANGE comes after the response, with the default flags */
	expect_feature_change(&g, 1, 1, 1, 0);
	CHECK_EQ(guest_drain(&g, VIDEO), 0);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_ACTIVE);
	CHECK_EQ(g.h->video.version, SYNTH2D_SYNTHVID_VERSION_WIN10);
	CHECK(strstr(guest_control(&g, "stats"), "\"version\":\"3.5\""));
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

/* `fault video feature-change-at-open`: the flags at open, none after VERSION */
static void test_feature_change_at_open(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	CHECK(strcmp(guest_control(&g, "fault video feature-change-at-open"), "ok") == 0);
	for (int i = 0; i < 2; i++) { /* a reopen sends it again */
		guest_open(&g, VIDEO);
		expect_feature_change(&g, 1, 1, 1, 0);
		send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
		expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 2);
		CHECK_EQ(guest_drain(&g, VIDEO), 0);
		CHECK_EQ(g.h->video.feature_changes_at_open, (uint64_t)i + 1);
		guest_close(&g, VIDEO);
	}
	CHECK(strcmp(guest_control(&g, "fault video clear"), "ok") == 0);
	guest_open(&g, VIDEO);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 2);
	expect_feature_change(&g, 1, 1, 1, 0);
	CHECK_EQ(g.h->video.feature_changes_at_open, 2);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static void test_version_reject_and_retry(void)
{
	struct host_config c;
	struct guest_sim g;

	guest_config(&c);
	c.synthvid_max_version = SYNTH2D_SYNTHVID_VERSION_WIN8;
	c.features.dirt = false;
	guest_start(&g, &c);
	guest_open(&g, VIDEO);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 0);
	CHECK_EQ(guest_drain(&g, VIDEO), 0); /* no FEATURE_CHANGE after a reject */
	send_version(&g, SYNTH2D_SYNTHVID_VERSION(4, 0));
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION(4, 0), 0);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION(3, 3));
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION(3, 3), 0);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_WAIT_VERSION);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN8);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN8, 2);
	expect_feature_change(&g, 0, 1, 1, 0);
	CHECK_EQ(g.h->video.version, SYNTH2D_SYNTHVID_VERSION_WIN8);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static void test_vram_location(void)
{
	struct guest_sim g;
	struct synth2d_synthvid_vram_location loc = {
	    .user_ctx = htole64(0x1122334455667788ull),
	    .is_vram_gpa_specified = 1,
	    .vram_gpa = htole64(GUEST_BAR_GPA + SYNTH2D_SIM_MMIO_OFFSET + (1 << 20)),
	};
	uint8_t buf[64];
	uint32_t type;

	guest_start(&g, NULL);
	guest_open(&g, VIDEO);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	guest_drain(&g, VIDEO);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 8);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK);
	CHECK(memcmp(buf, &loc.user_ctx, 8) == 0);
	CHECK(g.h->video.vram_mapped);
	CHECK_EQ(g.h->video.vram_file_offset, SYNTH2D_SIM_MMIO_OFFSET + (1 << 20));
	CHECK_EQ(g.h->video.vram_gpa, GUEST_BAR_GPA + SYNTH2D_SIM_MMIO_OFFSET + (1 << 20));

	/* 8 MiB at 1 MiB before the window's end does not fit: violation, nothing mapped */
	loc.vram_gpa = htole64(GUEST_BAR_GPA + GUEST_SHM_SIZE - (1 << 20));
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 8);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK);
	CHECK(!g.h->video.vram_mapped);
	CHECK_EQ(g.h->violation_count, 1);
	CHECK(!g.h->violations[0].fatal);
	CHECK(strcmp(g.h->violations[0].type, "VRAM_LOCATION") == 0);
	/* below the BAR and inside the ring pool are outside too */
	loc.vram_gpa = htole64(GUEST_BAR_GPA - 4096);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	loc.vram_gpa = htole64(GUEST_BAR_GPA + SYNTH2D_SIM_RING_POOL_OFFSET);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	CHECK_EQ(guest_drain(&g, VIDEO), 2);
	CHECK(!g.h->video.vram_mapped);
	CHECK_EQ(g.h->violation_count, 3);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_ACTIVE);
	guest_stop(&g);
}

static void test_situation_update(void)
{
	struct guest_sim g;
	struct synth2d_synthvid_situation_update s = {
	    .user_ctx = htole64(42),
	    .video_output_count = 1,
	    .video_output[0] = {.active = 1,
				.depth_bits = 32,
				.width_pixels = htole32(1280),
				.height_pixels = htole32(720),
				.pitch_bytes = htole32(5120)},
	};
	uint8_t buf[64];
	uint32_t type;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	CHECK(g.h->video.situation.valid);
	CHECK_EQ(g.h->video.situation.width, 1024);
	guest_send_video(&g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 8);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK);
	CHECK_EQ(buf[0], 42);
	CHECK_EQ(g.h->video.situation.width, 1280);
	CHECK_EQ(g.h->video.situation.height, 720);
	CHECK_EQ(g.h->video.situation.pitch, 5120);
	CHECK(
	    strstr(guest_control(&g, "stats"),
		   "\"situation\":{\"valid\":true,\"w\":1280,\"h\":720,\"pitch\":5120,\"offset\":0,"
		   "\"active\":1,\"depth\":32}"));
	/* pitch too small: acked, recorded, surface invalid */
	s.video_output[0].pitch_bytes = htole32(100);
	guest_send_video(&g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 8);
	CHECK(!g.h->video.situation.valid);
	CHECK_EQ(g.h->violation_count, 1);
	/* larger than VRAM */
	s.video_output[0].width_pixels = htole32(4096);
	s.video_output[0].height_pixels = htole32(4096);
	s.video_output[0].pitch_bytes = htole32(16384);
	guest_send_video(&g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	CHECK_EQ(g.h->violation_count, 2);
	CHECK(strstr(g.h->violations[1].reason, "past the end of VRAM"));
	guest_stop(&g);
}

static int edid_checksum_ok(const uint8_t *e)
{
	unsigned int sum = 0;

	for (int i = 0; i < 128; i++)
		sum += e[i];
	return sum % 256 == 0 && e[0] == 0 && e[1] == 0xff && e[7] == 0;
}

static void test_resolutions(void)
{
	struct synth2d_synthvid_resolution_request req = {.maximum_resolution_count = 64};
	struct synth2d_synthvid_resolution_response r;
	struct guest_sim g;
	uint32_t type;
	int n;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	guest_send_video(&g, SYNTH2D_SYNTHVID_RESOLUTION_REQUEST, &req, sizeof(req));
	memset(&r, 0, sizeof(r));
	n = guest_recv_video(&g, &type, (uint8_t *)&r, sizeof(r));
	CHECK_EQ(type, SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE);
	/* default list bounded by 8 MiB VRAM: up to 1920x1080 (11 entries) */
	CHECK_EQ(r.resolution_count, 11);
	CHECK_EQ(n, SYNTH2D_RESOLUTION_RESPONSE_SIZE(11));
	CHECK_EQ(r.default_resolution_index, 0);
	CHECK_EQ(le16toh(r.supported_resolution[0].width), 1024);
	CHECK_EQ(le16toh(r.supported_resolution[0].height), 768);
	CHECK_EQ(le16toh(r.supported_resolution[10].width), 1920);
	CHECK_EQ(le16toh(r.supported_resolution[10].height), 1080);
	CHECK(edid_checksum_ok(r.edid_block));
	/* the preferred detailed timing is the default mode */
	CHECK_EQ(r.edid_block[56] | (r.edid_block[58] >> 4) << 8, 1024);
	CHECK_EQ(r.edid_block[59] | (r.edid_block[61] >> 4) << 8, 768);

	/* OpenVMM: a maximum below 64 gets an empty list */
	req.maximum_resolution_count = 32;
	guest_send_video(&g, SYNTH2D_SYNTHVID_RESOLUTION_REQUEST, &req, sizeof(req));
	n = guest_recv_video(&g, &type, (uint8_t *)&r, sizeof(r));
	CHECK_EQ(n, SYNTH2D_RESOLUTION_RESPONSE_SIZE(0));
	CHECK_EQ(r.resolution_count, 0);

	/* a list from the control socket; 4096x4096 does not fit VRAM */
	CHECK(strcmp(guest_control(&g, "resolutions 800x600,4096x4096,1280x1024 default=2"),
		     "ok count=3 default=2") == 0);
	req.maximum_resolution_count = 64;
	guest_send_video(&g, SYNTH2D_SYNTHVID_RESOLUTION_REQUEST, &req, sizeof(req));
	n = guest_recv_video(&g, &type, (uint8_t *)&r, sizeof(r));
	CHECK_EQ(n, SYNTH2D_RESOLUTION_RESPONSE_SIZE(2));
	CHECK_EQ(r.resolution_count, 2);
	CHECK_EQ(r.default_resolution_index, 1);
	CHECK_EQ(le16toh(r.supported_resolution[1].width), 1280);
	CHECK_EQ(g.h->video.resolution_requests, 3);
	/* stats report the list as set, for a client to put back later */
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"resolutions\":\"800x600,4096x4096,1280x1024\",\"default_resolution\":2}"));
	guest_stop(&g);
}

static void test_bios_and_capability(void)
{
	struct guest_sim g;
	uint8_t buf[256];
	uint32_t type;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	guest_send_video(&g, SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST, NULL, 0);
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 16);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_BIOS_INFO_RESPONSE);
	CHECK_EQ(buf[0], 1);
	guest_send_video(&g, SYNTH2D_SYNTHVID_CAPABILITY_REQUEST, NULL, 0);
	CHECK_EQ(guest_recv_video(&g, &type, buf, sizeof(buf)), 64);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_CAPABILITY_RESPONSE);
	CHECK_EQ(buf[0], 0);
	guest_stop(&g);
}

static void send_dirt(struct guest_sim *g, int count, const int32_t (*rects)[4])
{
	uint8_t buf[2 + 16 * 255];

	buf[0] = 0;
	buf[1] = (uint8_t)count;
	for (int i = 0; i < count; i++)
		for (int k = 0; k < 4; k++) {
			uint32_t v = htole32((uint32_t)rects[i][k]);

			memcpy(buf + 2 + 16 * i + 4 * k, &v, 4);
		}
	guest_send_video(g, SYNTH2D_SYNTHVID_DIRT, buf, 2 + 16 * (uint32_t)count);
}

static void test_dirt_accounting(void)
{
	static const int32_t a[2][4] = {{0, 0, 10, 10}, {20, 20, 30, 40}};
	static const int32_t b[1][4] = {{100, 5, 101, 6}};
	static const int32_t bad[1][4] = {{10, 10, 5, 20}};
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	send_dirt(&g, 2, a);
	send_dirt(&g, 1, b);
	CHECK_EQ(guest_drain(&g, VIDEO), 0); /* DIRT gets no reply */
	CHECK_EQ(g.h->video.dirt.messages, 2);
	CHECK_EQ(g.h->video.dirt.rects, 3);
	CHECK_EQ(g.h->video.dirt.area, 100 + 200 + 1);
	const char *stats = guest_control(&g, "stats");
	CHECK(strstr(stats, "\"dirt\":{\"messages\":2,\"rects\":3,\"area\":301,"
			    "\"bounding\":[0,0,101,40]}"));
	CHECK(strstr(stats, "\"last_dirt_rects\":[[100,5,101,6]]"));
	CHECK(strstr(stats, "\"DIRT\":{\"count\":2,\"bytes\":"));
	CHECK_EQ(g.h->violation_count, 0);
	/* inverted rect: counted as a message, recorded, no area */
	send_dirt(&g, 1, bad);
	CHECK_EQ(g.h->video.dirt.area, 301);
	CHECK_EQ(g.h->violation_count, 1);
	CHECK(!g.h->violations[0].fatal);
	CHECK(strcmp(guest_control(&g, "reset-stats"), "ok") == 0);
	CHECK_EQ(g.h->video.dirt.messages, 0);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static void test_reconnect_and_features(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	CHECK(strncmp(guest_control(&g, "reconnect"), "err ", 4) == 0);
	CHECK(strcmp(guest_control(&g, "features situ=1"), "ok sent=0") == 0);
	guest_open(&g, VIDEO);
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 2);
	expect_feature_change(&g, 1, 1, 1, 1);
	CHECK(strcmp(guest_control(&g, "reconnect"), "ok") == 0);
	expect_feature_change(&g, 1, 1, 1, 1);
	CHECK(strcmp(guest_control(&g, "features dirt=0 ptr_shape=0"), "ok sent=1") == 0);
	expect_feature_change(&g, 0, 1, 0, 1);
	CHECK(strcmp(guest_control(&g, "features dirt=1,ptr_pos=0"), "ok sent=1") == 0);
	expect_feature_change(&g, 1, 0, 0, 1);
	CHECK_EQ(g.h->video.feature_changes_sent, 4);
	guest_stop(&g);
}

static void test_reopen_restarts(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 800, 600);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_ACTIVE);
	guest_close(&g, VIDEO);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_CLOSED);
	CHECK(strstr(guest_control(&g, "stats"), "\"video\":{\"state\":\"closed\""));
	guest_open(&g, VIDEO);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_WAIT_VERSION);
	/* a fresh version request is not a "second" one after a reopen */
	send_version(&g, SYNTH2D_SYNTHVID_VERSION_WIN10);
	expect_version_response(&g, SYNTH2D_SYNTHVID_VERSION_WIN10, 2);
	CHECK_EQ(g.h->violation_count, 0);
	/* the view keeps the last surface across the reopen (resume keeps VRAM) */
	CHECK_EQ(g.h->video.situation.width, 800);
	/* reopen without a close: a new open_generation also restarts */
	guest_open(&g, VIDEO);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_WAIT_VERSION);
	guest_stop(&g);
}

static uint32_t white(uint32_t x, uint32_t y)
{
	(void)x;
	(void)y;
	return 0xffffff;
}

/*
 * Hibernation: the guest's VMBus unloads; the host forgets the channels and
 * the guest's display (VRAM black, no situation, default pointer), then
 * offers every channel again when the guest asks.
 */
static void test_unload_and_offer_request(void)
{
	struct synth2d_sim_control *c;
	uint32_t gens[3];
	struct guest_sim g;

	guest_start(&g, NULL);
	c = g.h->control;
	guest_connect_video(&g, 64, 48);
	guest_fill(&g, 64, 48, white);
	guest_send_dirt(&g, 0, 0, 64, 48);
	guest_send_shape(&g, 4, 4, 0, 0, 0xff00ff00);
	guest_poll(&g);
	CHECK(g.h->video.situation.valid && g.h->video.shape.valid);
	for (unsigned int i = 0; i < 3; i++)
		gens[i] = le32toh(c->channel[i].offer_generation);

	guest_close(&g, VIDEO);
	c->unload_generation = htole32(1);
	guest_poll(&g);
	CHECK_EQ(le32toh(c->unload_ack), 1);
	CHECK_EQ(g.h->bus.unloads, 1);
	CHECK(!g.h->video.situation.valid && !g.h->video.vram_mapped);
	CHECK(!g.h->video.shape.valid);
	CHECK_EQ(guest_vram(&g)[0], 0); /* a restored VM's VRAM starts empty */
	CHECK_EQ(guest_vram(&g)[64 * 48 * 4 - 1], 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"bus\":{\"unloads\":1,\"offer_requests\":0}"));
	/* the same generation again is not a second unload */
	guest_poll(&g);
	CHECK_EQ(g.h->bus.unloads, 1);

	c->offers_request = htole32(1);
	guest_poll(&g);
	CHECK_EQ(le32toh(c->offers_ack), 1);
	CHECK_EQ(g.h->bus.offer_requests, 1);
	for (unsigned int i = 0; i < 3; i++) {
		CHECK_EQ(le32toh(c->channel[i].offer_generation), gens[i] + 1);
		CHECK_EQ(le32toh(c->channel[i].offer_state), SYNTH2D_SIM_OFFER_OFFERED);
	}
	/* the drivers' resume: a fresh connection, the picture only through DIRT */
	guest_connect_video(&g, 64, 48);
	CHECK(g.h->video.situation.valid);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

int main(void)
{
	test_offers();
	test_version_accept_then_feature_change();
	test_version_reject_and_retry();
	test_feature_change_at_open();
	test_vram_location();
	test_situation_update();
	test_resolutions();
	test_bios_and_capability();
	test_dirt_accounting();
	test_reconnect_and_features();
	test_reopen_restarts();
	test_unload_and_offer_request();
	return test_report("host-video");
}
