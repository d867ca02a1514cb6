// SPDX-License-Identifier: MIT
/*
 * Console view: the host surface per the situation and DIRT, VRAM while the
 * host needs no DIRT, the pointer composited in both mouse modes, PNGs.
 */
#include <endian.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "../console_view.h"
#include "guest_sim.h"

static uint32_t pattern(uint32_t x, uint32_t y)
{
	return (x * 3) << 16 | (y * 5) << 8 | ((x + y) & 0xff);
}

/* Pixels of a 64x48 render that differ from pattern(). */
static unsigned int pattern_diffs(const uint32_t *px)
{
	unsigned int diffs = 0;

	for (uint32_t y = 0; y < 48; y++)
		for (uint32_t x = 0; x < 64; x++)
			diffs += px[y * 64 + x] != pattern(x, y);
	return diffs;
}

/* Surface 64x48, pitch with slack, at VRAM offset 8192; padding bytes hold junk. */
static void setup(struct guest_sim *g, const struct host_config *c)
{
	struct synth2d_synthvid_situation_update s = {
	    .video_output_count = 1,
	    .video_output[0] = {.active = 1,
				.depth_bits = 32,
				.vram_offset = htole32(8192),
				.width_pixels = htole32(64),
				.height_pixels = htole32(48),
				.pitch_bytes = htole32(64 * 4 + 32)},
	};
	uint8_t *vram;

	guest_start(g, c);
	guest_connect_video(g, 1024, 768);
	vram = guest_vram(g);
	memset(vram, 0xee, 1 << 20);
	for (uint32_t y = 0; y < 48; y++)
		for (uint32_t x = 0; x < 64; x++) {
			uint32_t px = htole32(pattern(x, y) | 0xab000000); /* X byte is ignored */

			memcpy(vram + 8192 + y * (64 * 4 + 32) + x * 4, &px, 4);
		}
	guest_send_video(g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	guest_drain(g, SYNTH2D_SIM_CHANNEL_VIDEO);
}

static uint32_t *render(struct guest_sim *g, bool pointer)
{
	uint32_t *px = NULL, w = 0, h = 0;

	CHECK_EQ(console_render(g->h, CONSOLE_HOST_VIEW, pointer, &px, &w, &h), 0);
	CHECK_EQ(w, 64);
	CHECK_EQ(h, 48);
	return px;
}

static void send_position(struct guest_sim *g, int32_t x, int32_t y, uint8_t visible)
{
	struct synth2d_synthvid_pointer_position p = {.is_visible = visible,
						      .image_x = htole32((uint32_t)x),
						      .image_y = htole32((uint32_t)y)};

	guest_send_video(g, SYNTH2D_SYNTHVID_POINTER_POSITION, &p, sizeof(p));
}

static void test_surface_and_black_default(void)
{
	struct guest_sim g;
	uint32_t *px, w, h;
	int diffs = 0;

	guest_start(&g, NULL);
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &px, &w, &h), 0);
	CHECK_EQ(w, 1024);
	CHECK_EQ(h, 768);
	for (uint32_t i = 0; i < w * h; i++)
		diffs += px[i] != 0;
	CHECK_EQ(diffs, 0);
	free(px);
	guest_stop(&g);

	setup(&g, NULL);
	px = render(&g, false);
	CHECK_EQ(pattern_diffs(px), 0);
	free(px);
	guest_stop(&g);
}

static void test_default_arrow_absolute(void)
{
	struct guest_sim g;
	uint32_t *px;

	setup(&g, NULL);
	CHECK(strcmp(guest_control(&g, "mouse-move 10 20"), "ok sent=0") == 0);
	CHECK(strcmp(guest_control(&g, "pointer"),
		     "ok x=10 y=20 w=12 h=19 hot_x=0 hot_y=0 visible=1 mode=absolute") == 0);
	px = render(&g, true);
	CHECK_EQ(px[20 * 64 + 10], 0x000000);		 /* outline at the hotspot */
	CHECK_EQ(px[(20 + 5) * 64 + 10 + 2], 0xffffff);	 /* white inside */
	CHECK_EQ(px[20 * 64 + 10 + 5], pattern(15, 20)); /* transparent part */
	free(px);
	guest_stop(&g);
}

static void test_shape_absolute_and_relative(void)
{
	struct guest_sim g;
	uint32_t *px;

	setup(&g, NULL);
	guest_send_shape(&g, 4, 4, 1, 2, 0xffff0000); /* opaque red, hotspot (1,2) */
	guest_control(&g, "mouse-move 10 20");
	CHECK(strcmp(guest_control(&g, "pointer"),
		     "ok x=10 y=20 w=4 h=4 hot_x=1 hot_y=2 visible=1 mode=absolute") == 0);
	px = render(&g, true);
	/* image top-left = hotspot - hot = (9, 18) */
	CHECK_EQ(px[18 * 64 + 9], 0xff0000);
	CHECK_EQ(px[21 * 64 + 12], 0xff0000);
	CHECK_EQ(px[18 * 64 + 8], pattern(8, 18));
	CHECK_EQ(px[17 * 64 + 9], pattern(9, 17));
	CHECK_EQ(px[22 * 64 + 12], pattern(12, 22));
	free(px);

	/* absolute mode ignores the guest position */
	send_position(&g, 40, 30, 1);
	CHECK(strncmp(guest_control(&g, "pointer"), "ok x=10 y=20 ", 13) == 0);
	/* relative mode: image top-left at the guest position */
	CHECK(strcmp(guest_control(&g, "mouse-mode relative"), "ok") == 0);
	CHECK(strcmp(guest_control(&g, "pointer"),
		     "ok x=41 y=32 w=4 h=4 hot_x=1 hot_y=2 visible=1 mode=relative") == 0);
	px = render(&g, true);
	CHECK_EQ(px[30 * 64 + 40], 0xff0000);
	CHECK_EQ(px[33 * 64 + 43], 0xff0000);
	CHECK_EQ(px[29 * 64 + 40], pattern(40, 29));
	CHECK_EQ(px[18 * 64 + 9], pattern(9, 18));
	free(px);
	/* clipped at the edge: no crash, visible part drawn */
	send_position(&g, 62, -2, 1);
	px = render(&g, true);
	CHECK_EQ(px[0 * 64 + 63], 0xff0000);
	CHECK_EQ(px[2 * 64 + 63], pattern(63, 2));
	free(px);
	/* is_visible = 0 hides it in relative mode */
	send_position(&g, 40, 30, 0);
	CHECK(strstr(guest_control(&g, "pointer"), "visible=0"));
	px = render(&g, true);
	CHECK_EQ(px[30 * 64 + 40], pattern(40, 30));
	free(px);
	guest_stop(&g);
}

static void test_alpha_and_transparent(void)
{
	struct guest_sim g;
	uint32_t *px, *fb;
	int diffs = 0;

	setup(&g, NULL);
	guest_send_shape(&g, 2, 2, 0, 0, 0x80ffffff); /* half-transparent white */
	guest_control(&g, "mouse-move 4 4");
	px = render(&g, true);
	uint32_t under = pattern(4, 4), got = px[4 * 64 + 4];
	for (int shift = 0; shift < 24; shift += 8) {
		int u = (under >> shift) & 0xff, c = (got >> shift) & 0xff;
		int want = (255 * 128 + u * 127) / 255;

		CHECK(c >= want - 1 && c <= want + 1);
	}
	free(px);

	/* a fully transparent shape (Linux hides the pointer so) draws nothing */
	guest_send_shape(&g, 1, 1, 0, 0, 0x01010100);
	fb = render(&g, false);
	px = render(&g, true);
	for (uint32_t i = 0; i < 64 * 48; i++)
		diffs += px[i] != fb[i];
	CHECK_EQ(diffs, 0);
	CHECK(strstr(guest_control(&g, "pointer"), "visible=0"));
	free(px);
	free(fb);
	guest_stop(&g);
}

static void test_png_files(void)
{
	struct guest_sim g;
	char path[128], fbpath[128];
	png_image img;
	uint8_t *rgb;

	setup(&g, NULL);
	guest_send_shape(&g, 4, 4, 0, 0, 0xff00ff00);
	guest_control(&g, "mouse-move 0 0");
	snprintf(path, sizeof(path), "screenshot %s/shot.png", g.dir);
	CHECK(strcmp(guest_control(&g, path), "ok 64x48") == 0);
	snprintf(fbpath, sizeof(fbpath), "framebuffer %s/fb.png", g.dir);
	CHECK(strcmp(guest_control(&g, fbpath), "ok 64x48") == 0);
	CHECK(strncmp(guest_control(&g, "screenshot /nonexistent/dir/x.png"), "err ", 4) == 0);
	CHECK(strcmp(guest_control(&g, "screenshot"), "err missing PATH") == 0);

	for (int i = 0; i < 2; i++) {
		memset(&img, 0, sizeof(img));
		img.version = PNG_IMAGE_VERSION;
		snprintf(path, sizeof(path), "%s/%s", g.dir, i ? "fb.png" : "shot.png");
		CHECK(png_image_begin_read_from_file(&img, path));
		CHECK_EQ(img.width, 64);
		CHECK_EQ(img.height, 48);
		img.format = PNG_FORMAT_RGB;
		rgb = malloc(PNG_IMAGE_SIZE(img));
		CHECK(png_image_finish_read(&img, NULL, rgb, 0, NULL));
		/* pixel (1,1): pointer green in the screenshot, the pattern in the framebuffer */
		uint32_t want = i ? pattern(1, 1) : 0x00ff00;
		const uint8_t *p = rgb + (1 * 64 + 1) * 3;
		CHECK_EQ((uint32_t)(p[0] << 16 | p[1] << 8 | p[2]), want);
		p = rgb + (40 * 64 + 50) * 3;
		CHECK_EQ((uint32_t)(p[0] << 16 | p[1] << 8 | p[2]), pattern(50, 40));
		free(rgb);
	}
	guest_stop(&g);
}

static void poke(struct guest_sim *g, uint32_t x, uint32_t y, uint32_t value)
{
	uint32_t le = htole32(value);

	memcpy(guest_vram(g) + 8192 + y * (64 * 4 + 32) + x * 4, &le, 4);
}

static void test_vram_tracking(void)
{
	struct guest_sim g;

	setup(&g, NULL);
	CHECK(strcmp(guest_control(&g, "reset-stats"), "ok") == 0);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"vram\":{\"tracked\":true,\"dirt_changed_pixels\":0,\"undeclared_pixels\":0,"
		     "\"undeclared_bounding\":null}"));
	for (uint32_t y = 0; y < 10; y++)
		for (uint32_t x = 0; x < 10; x++)
			poke(&g, 2 + x, 3 + y, 0x123456);
	for (uint32_t y = 0; y < 5; y++)
		for (uint32_t x = 0; x < 5; x++)
			poke(&g, 40 + x, 30 + y, 0xabcdef);
	poke(&g, 50, 40, pattern(50, 40) | 0xff000000); /* only the X byte: no change */
	guest_send_dirt(&g, 0, 0, 20, 20);
	CHECK(strstr(
	    guest_control(&g, "stats"),
	    "\"vram\":{\"tracked\":true,\"dirt_changed_pixels\":100,\"undeclared_pixels\":25,"
	    "\"undeclared_bounding\":[40,30,45,35]}"));
	guest_send_dirt(&g, 0, 0, 20, 20);     /* nothing new inside */
	guest_send_dirt(&g, -10, -10, -5, -5); /* outside: a violation, no pixels */
	guest_send_dirt(&g, 44, 34, 100, 100); /* clipped; covers one of the 25 */
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"dirt_changed_pixels\":101,\"undeclared_pixels\":24,"
		     "\"undeclared_bounding\":[40,30,45,35]}"));
	guest_send_dirt(&g, 40, 30, 45, 35);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"dirt_changed_pixels\":125,\"undeclared_pixels\":0,"));
	CHECK_EQ(g.h->violation_count, 2); /* the outside rect and the clipped one */
	guest_stop(&g);
}

/* Pixels of the view that are not what @want says; @want_at(x, y) gives the expected pixel. */
static int view_diffs(struct guest_sim *g, enum console_source source,
		      uint32_t (*want_at)(uint32_t x, uint32_t y))
{
	uint32_t *px, w, h;
	int diffs = 0;

	CHECK_EQ(console_render(g->h, source, false, &px, &w, &h), 0);
	CHECK_EQ(w, 64);
	CHECK_EQ(h, 48);
	for (uint32_t y = 0; y < 48; y++)
		for (uint32_t x = 0; x < 64; x++)
			diffs += px[y * 64 + x] != want_at(x, y);
	free(px);
	return diffs;
}

/* The 10x10 block at (2,3) poked with 0x123456 over the pattern */
static uint32_t poked_block(uint32_t x, uint32_t y)
{
	return x >= 2 && x < 12 && y >= 3 && y < 13 ? 0x123456 : pattern(x, y);
}

/* ... of which only the part inside (0,0)-(7,8) was declared */
static uint32_t poked_block_left(uint32_t x, uint32_t y)
{
	return x < 7 && y < 8 ? poked_block(x, y) : pattern(x, y);
}

static void poke_block(struct guest_sim *g)
{
	for (uint32_t y = 0; y < 10; y++)
		for (uint32_t x = 0; x < 10; x++)
			poke(g, 2 + x, 3 + y, 0x123456);
}

static void test_view_is_the_host_surface(void)
{
	struct guest_sim g;

	setup(&g, NULL);
	poke_block(&g);
	/* written without DIRT: VRAM has it, the host does not show it */
	CHECK_EQ(view_diffs(&g, CONSOLE_VRAM, poked_block), 0);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, pattern), 0);
	/* reset-stats re-baselines nothing the host shows */
	CHECK(strcmp(guest_control(&g, "reset-stats"), "ok") == 0);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, pattern), 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"undeclared_pixels\":100,"));
	/* a DIRT rect brings in what is inside it, nothing else */
	guest_send_dirt(&g, 0, 0, 7, 8);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block_left), 0);
	/* clipped to the surface (a violation, but the part inside counts) */
	guest_send_dirt(&g, -5, -5, 100, 100);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block), 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"undeclared_pixels\":0,"));
	guest_stop(&g);
}

static void send_situation(struct guest_sim *g, uint32_t offset)
{
	struct synth2d_synthvid_situation_update s = {
	    .video_output_count = 1,
	    .video_output[0] = {.active = 1,
				.depth_bits = 32,
				.vram_offset = htole32(offset),
				.width_pixels = htole32(64),
				.height_pixels = htole32(48),
				.pitch_bytes = htole32(64 * 4 + 32)},
	};

	guest_send_video(g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	guest_drain(g, SYNTH2D_SIM_CHANNEL_VIDEO);
}

static void test_situation_takes_the_whole_surface(void)
{
	struct synth2d_synthvid_vram_location loc = {
	    .user_ctx = 1,
	    .is_vram_gpa_specified = 1,
	    .vram_gpa = htole64(GUEST_BAR_GPA + SYNTH2D_SIM_MMIO_OFFSET),
	};
	struct guest_sim g;

	setup(&g, NULL);
	poke_block(&g);
	/* the same situation again, accepted: taken whole, no DIRT needed */
	send_situation(&g, 8192);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block), 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"undeclared_pixels\":0,"));
	/* VRAM mapped anew while the situation is valid: taken whole too */
	for (uint32_t y = 0; y < 10; y++)
		for (uint32_t x = 0; x < 10; x++)
			poke(&g, 2 + x, 3 + y, pattern(2 + x, 3 + y));
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block), 0);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	guest_drain(&g, SYNTH2D_SIM_CHANNEL_VIDEO);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, pattern), 0);
	/* a situation that does not fit VRAM is not accepted: black */
	send_situation(&g, 8u << 20);
	{
		uint32_t *px, w, h;
		int lit = 0;

		CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &px, &w, &h), 0);
		for (uint32_t i = 0; i < w * h; i++)
			lit += px[i] != 0;
		CHECK_EQ(lit, 0);
		free(px);
	}
	guest_stop(&g);
}

static void test_view_follows_vram_while_no_dirt_needed(void)
{
	struct guest_sim g;
	char path[128];
	png_image img;
	uint8_t *rgb;

	setup(&g, NULL);
	CHECK(strcmp(guest_control(&g, "features dirt=0"), "ok sent=1") == 0);
	poke_block(&g);
	/* this host scans VRAM itself */
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block), 0);
	snprintf(path, sizeof(path), "view %s/view.png", g.dir);
	CHECK(strcmp(guest_control(&g, path), "ok 64x48") == 0);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	snprintf(path, sizeof(path), "%s/view.png", g.dir);
	CHECK(png_image_begin_read_from_file(&img, path));
	img.format = PNG_FORMAT_RGB;
	rgb = malloc(PNG_IMAGE_SIZE(img));
	CHECK(png_image_finish_read(&img, NULL, rgb, 0, NULL));
	CHECK_EQ((uint32_t)(rgb[(5 * 64 + 5) * 3] << 16 | rgb[(5 * 64 + 5) * 3 + 1] << 8 |
			    rgb[(5 * 64 + 5) * 3 + 2]),
		 0x123456);
	free(rgb);
	/* the stats still say what changed without DIRT */
	CHECK(strstr(guest_control(&g, "stats"), "\"undeclared_pixels\":100,"));
	/* asking for DIRT again: the DIRT-built surface, until the guest sends DIRT */
	CHECK(strcmp(guest_control(&g, "features dirt=1"), "ok sent=1") == 0);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, pattern), 0);
	guest_send_dirt(&g, 0, 0, 64, 48);
	CHECK_EQ(view_diffs(&g, CONSOLE_HOST_VIEW, poked_block), 0);
	guest_stop(&g);
}

/*
 * --firmware-fb: before any situation the view is the firmware framebuffer
 * at the MMIO window's start; from the accepted situation on, the surface.
 */
static void test_firmware_fb_until_situation(void)
{
	struct host_config c;
	struct guest_sim g;
	uint32_t *px, w, h;
	uint8_t *fb;
	int diffs = 0;

	guest_config(&c);
	c.firmware_fb_width = 80;
	c.firmware_fb_height = 60;
	guest_start(&g, &c);
	fb = g.h->shm + SYNTH2D_SIM_MMIO_OFFSET;
	for (uint32_t i = 0; i < 80 * 60; i++) {
		uint32_t v = htole32(pattern(i % 80, i / 80) | 0xab000000);

		memcpy(fb + i * 4, &v, 4);
	}
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &px, &w, &h), 0);
	CHECK_EQ(w, 80);
	CHECK_EQ(h, 60);
	for (uint32_t i = 0; i < 80 * 60; i++)
		diffs += px[i] != pattern(i % 80, i / 80);
	CHECK_EQ(diffs, 0);
	free(px);
	guest_stop(&g);

	/* a situation ends it: the 64x48 surface, then DIRT only (none here) */
	setup(&g, &c);
	memset(g.h->shm + SYNTH2D_SIM_MMIO_OFFSET, 0x55, 80 * 60 * 4);
	px = render(&g, false);
	CHECK_EQ(pattern_diffs(px), 0);
	free(px);
	guest_stop(&g);
}

int main(void)
{
	test_surface_and_black_default();
	test_default_arrow_absolute();
	test_shape_absolute_and_relative();
	test_alpha_and_transparent();
	test_png_files();
	test_vram_tracking();
	test_view_is_the_host_surface();
	test_situation_takes_the_whole_surface();
	test_view_follows_vram_while_no_dirt_needed();
	test_firmware_fb_until_situation();
	return test_report("host-console");
}
