// SPDX-License-Identifier: MIT
/* POINTER_SHAPE reassembly and POINTER_POSITION bookkeeping. */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "guest_sim.h"

struct shape_part {
	struct synth2d_synthvid_pointer_shape hdr;
	uint8_t data[SYNTH2D_CURSOR_MAX_PAYLOAD];
} __attribute__((packed));

static void send_part(struct guest_sim *g, uint8_t part, uint8_t argb, uint32_t w, uint32_t h,
		      uint32_t hx, uint32_t hy, const uint8_t *data, uint32_t len)
{
	static struct shape_part p;

	p.hdr.part_idx = part;
	p.hdr.is_argb = argb;
	p.hdr.width = htole32(w);
	p.hdr.height = htole32(h);
	p.hdr.hot_x = htole32(hx);
	p.hdr.hot_y = htole32(hy);
	memcpy(p.data, data, len);
	guest_send_video(g, SYNTH2D_SYNTHVID_POINTER_SHAPE, &p, (uint32_t)sizeof(p.hdr) + len);
}

static void test_single_part_shape(void)
{
	struct guest_sim g;
	uint8_t px[32 * 32 * 4];

	memset(px, 0x80, sizeof(px));
	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	send_part(&g, 0xff, 1, 32, 32, 3, 4, px, sizeof(px));
	CHECK_EQ(guest_drain(&g, SYNTH2D_SIM_CHANNEL_VIDEO), 0); /* no reply */
	CHECK_EQ(g.h->video.shape_uploads, 1);
	CHECK_EQ(g.h->video.shape_parts, 1);
	CHECK(g.h->video.shape.valid);
	CHECK_EQ(g.h->video.shape.width, 32);
	CHECK_EQ(g.h->video.shape.hot_y, 4);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"shape\":{\"w\":32,\"h\":32,\"hot_x\":3,\"hot_y\":4,\"argb\":true}"));
	/* Linux's hide shape: 1x1, pixel bytes 00 01 01 01 (alpha 1) */
	send_part(&g, 0xff, 1, 1, 1, 0, 0, (const uint8_t[]){0, 1, 1, 1}, 4);
	CHECK_EQ(g.h->video.shape_uploads, 2);
	CHECK_EQ(g.h->video.shape.width, 1);
	CHECK(strstr(guest_control(&g, "pointer"), "w=1 h=1 hot_x=0 hot_y=0 visible=0"));
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static void test_multi_part_shape(void)
{
	struct guest_sim g;
	uint8_t *px = malloc(SYNTH2D_CURSOR_MAX_SIZE);

	for (uint32_t i = 0; i < SYNTH2D_CURSOR_MAX_SIZE; i++)
		px[i] = (uint8_t)(i * 7);
	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	/* 96x96 ARGB as a Windows VSC sends it: 4 parts of 8 KiB, final part 0xFF */
	for (uint8_t part = 0; part < 4; part++) {
		send_part(&g, part, 1, 96, 96, 95, 0, px + part * 8192, 8192);
		CHECK_EQ(g.h->video.shape_uploads, 0);
	}
	send_part(&g, 0xff, 1, 96, 96, 95, 0, px + 4 * 8192, 4096);
	CHECK_EQ(g.h->video.shape_uploads, 1);
	CHECK_EQ(g.h->video.shape_parts, 5);
	CHECK_EQ(g.h->video.shape.size, SYNTH2D_CURSOR_MAX_SIZE);
	CHECK(memcmp(g.h->video.shape.data, px, SYNTH2D_CURSOR_MAX_SIZE) == 0);
	CHECK_EQ(g.h->video.shape.hot_x, 95);
	CHECK_EQ(g.h->violation_count, 0);

	/* monochrome 16x16: AND + XOR planes of 2 bytes per row */
	uint8_t mono[2 * 16 * 2];
	memset(mono, 0, sizeof(mono));
	send_part(&g, 0, 0, 16, 16, 0, 0, mono, 32);
	send_part(&g, 0xff, 0, 16, 16, 0, 0, mono + 32, 32);
	CHECK_EQ(g.h->video.shape_uploads, 2);
	CHECK(!g.h->video.shape.argb);
	CHECK_EQ(g.h->violation_count, 0);
	free(px);
	guest_stop(&g);
}

static void expect_violation(struct guest_sim *g, size_t index, const char *text)
{
	CHECK_EQ(g->h->violation_count, index + 1);
	if (g->h->violation_count == index + 1) {
		CHECK(!g->h->violations[index].fatal);
		CHECK(strcmp(g->h->violations[index].type, "POINTER_SHAPE") == 0);
		CHECK(strstr(g->h->violations[index].reason, text));
		if (!strstr(g->h->violations[index].reason, text))
			fprintf(stderr, "  reason was: %s\n", g->h->violations[index].reason);
	}
}

static void test_invalid_shapes(void)
{
	static uint8_t px[SYNTH2D_CURSOR_MAX_PAYLOAD];
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	send_part(&g, 0xff, 1, 4, 4, 0, 0, px, 64); /* a good one first */
	CHECK_EQ(g.h->video.shape_uploads, 1);

	send_part(&g, 0xff, 1, 97, 1, 0, 0, px, 97 * 4);
	expect_violation(&g, 0, "outside 1..96");
	send_part(&g, 0xff, 1, 0, 4, 0, 0, px, 0);
	expect_violation(&g, 1, "outside 1..96");
	send_part(&g, 0xff, 1, 4, 4, 4, 0, px, 64);
	expect_violation(&g, 2, "hotspot");
	send_part(&g, 0xff, 1, 4, 4, 0, 0, px, 60);
	expect_violation(&g, 3, "do not match");
	send_part(&g, 0xff, 1, 4, 4, 0, 0, px, 68);
	expect_violation(&g, 4, "more pixel bytes");
	send_part(&g, 1, 1, 4, 4, 0, 0, px, 16);
	expect_violation(&g, 5, "without part 0");
	send_part(&g, 0, 1, 4, 4, 0, 0, px, 16);
	send_part(&g, 2, 1, 4, 4, 0, 0, px, 16);
	expect_violation(&g, 6, "out of order");
	send_part(&g, 0, 1, 4, 4, 0, 0, px, 16);
	send_part(&g, 0xff, 1, 4, 8, 0, 0, px, 48);
	expect_violation(&g, 7, "differ");
	send_part(&g, 0, 1, 4, 4, 0, 0, px, 16);
	send_part(&g, 0, 1, 4, 4, 0, 0, px, 16);
	expect_violation(&g, 8, "previous shape");
	send_part(&g, 0xff, 1, 4, 4, 0, 0, px, 48); /* completes the restarted one */
	CHECK_EQ(g.h->violation_count, 9);
	CHECK_EQ(g.h->video.shape_uploads, 2);
	/* the last good shape survives every bad one; the channel keeps running */
	CHECK_EQ(g.h->video.shape.width, 4);
	CHECK_EQ(g.h->channels[SYNTH2D_SIM_CHANNEL_VIDEO].state, CHANNEL_ACTIVE);
	guest_stop(&g);
}

static void test_pointer_position(void)
{
	struct synth2d_synthvid_pointer_position p = {
	    .is_visible = 1, .image_x = htole32((uint32_t)-5), .image_y = htole32(300)};
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	guest_send_video(&g, SYNTH2D_SYNTHVID_POINTER_POSITION, &p, sizeof(p));
	CHECK_EQ(guest_drain(&g, SYNTH2D_SIM_CHANNEL_VIDEO), 0);
	CHECK_EQ(g.h->video.position_messages, 1);
	CHECK_EQ(g.h->video.position_x, -5);
	CHECK_EQ(g.h->video.position_y, 300);
	CHECK(
	    strstr(guest_control(&g, "stats"), "\"position\":{\"x\":-5,\"y\":300,\"visible\":1}"));
	guest_stop(&g);
}

int main(void)
{
	test_single_part_shape();
	test_multi_part_shape();
	test_invalid_shapes();
	test_pointer_position();
	return test_report("host-pointer");
}
