// SPDX-License-Identifier: MIT
/*
 * The VNC console against a guest and RFB clients on one thread: the
 * picture is the host view and only DIRT rects are sent; the pointer goes
 * as RichCursor + PointerPos, or drawn in as the console view draws it;
 * client input reaches the guest; resizes; the password.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <synth2d/synthkbd.h>

#include "../console_view.h"
#include "../vnc_console.h"
#include "guest_sim.h"
#include "rfb_client.h"

#define W 64
#define H 48

static const int32_t local_cursor[] = {RFB_ENC_RAW, RFB_ENC_RICH_CURSOR, RFB_ENC_POINTER_POS,
				       RFB_ENC_NEW_FB_SIZE};
/* what TigerVNC's viewer asks for: a shape, and VMware's position instead of PointerPos */
static const int32_t vmware[] = {RFB_ENC_RAW, RFB_ENC_RICH_CURSOR, RFB_ENC_VMWARE_POS,
				 RFB_ENC_NEW_FB_SIZE};
static const int32_t plain[] = {RFB_ENC_RAW, RFB_ENC_NEW_FB_SIZE};
static const int32_t extended[] = {RFB_ENC_RAW, RFB_ENC_EXT_DESKTOP};

static uint32_t pattern(uint32_t x, uint32_t y)
{
	return (x * 3) << 16 | (y * 5) << 8 | ((x + y) & 0xff);
}

static uint32_t changed(uint32_t x, uint32_t y)
{
	return pattern(x, y) ^ 0x00ffffff;
}

static void pump(void *ctx)
{
	struct guest_sim *g = ctx;

	host_poll_once(g->h);
	vnc_console_poll(g->h, 0);
}

static void start(struct guest_sim *g, const char *password_file)
{
	struct host_config c;

	guest_config(&c);
	c.vnc_address = 0x7f000001;
	c.vnc_port = rfb_free_port();
	c.vnc_password_file = password_file;
	guest_start(g, &c);
	guest_fill(g, W, H, pattern);
	guest_connect_video(g, W, H);
	guest_connect_mouse(g);
	guest_connect_keyboard(g);
}

static void connect_client(struct guest_sim *g, struct rfb_client *c, const int32_t *enc, int n)
{
	CHECK_EQ(rfb_connect(c, g->h->config.vnc_port, enc, n, pump, g), 0);
	CHECK_EQ(rfb_request(c, false), 0);
	CHECK_EQ(rfb_wait_update(c, 3000), 0);
}

/* Pixels of the client's picture that differ from @expect (W x H). */
static int diffs(const struct rfb_client *c, const uint32_t *expect)
{
	int n = 0;

	for (uint32_t y = 0; y < H; y++)
		for (uint32_t x = 0; x < W; x++)
			n += rfb_pixel(c, x, y) != expect[y * W + x];
	return n;
}

/* The client's next update carries a pointer position: (@x, @y). */
static void expect_position(struct rfb_client *c, int32_t x, int32_t y)
{
	CHECK_EQ(rfb_request(c, true), 0);
	CHECK_EQ(rfb_wait_update(c, 3000), 0);
	CHECK(c->got_pos);
	CHECK_EQ(c->pos_x, x);
	CHECK_EQ(c->pos_y, y);
}

static void test_picture_is_the_host_view(void)
{
	struct guest_sim g;
	struct rfb_client c;
	uint32_t *view, w, h;

	start(&g, NULL);
	connect_client(&g, &c, local_cursor, 4);
	CHECK_EQ(c.width, W);
	CHECK_EQ(c.height, H);
	/* a client that draws the pointer itself gets the picture without it */
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &view, &w, &h), 0);
	CHECK_EQ(diffs(&c, view), 0);
	free(view);

	/* VRAM changes in two places, DIRT declares one: only that rect is sent */
	guest_fill(&g, W, H, changed);
	guest_send_dirt(&g, 8, 4, 24, 12);
	CHECK_EQ(rfb_request(&c, true), 0);
	CHECK_EQ(rfb_wait_update(&c, 3000), 0);
	CHECK_EQ(c.rect_count, 1);
	CHECK_EQ(c.rects[0].x, 8);
	CHECK_EQ(c.rects[0].y, 4);
	CHECK_EQ(c.rects[0].w, 16);
	CHECK_EQ(c.rects[0].h, 8);
	CHECK_EQ(rfb_pixel(&c, 8, 4), changed(8, 4));
	CHECK_EQ(rfb_pixel(&c, 23, 11), changed(23, 11));
	CHECK_EQ(rfb_pixel(&c, 40, 30),
		 pattern(40, 30)); /* not declared: stale, as the host shows */
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &view, &w, &h), 0);
	CHECK_EQ(diffs(&c, view), 0);
	free(view);
	rfb_close(&c);
	guest_stop(&g);
}

static void test_pointer_local_and_drawn(void)
{
	struct guest_sim g;
	struct rfb_client local, drawn;
	uint32_t *view, w, h;

	start(&g, NULL);
	connect_client(&g, &local, local_cursor, 4);
	connect_client(&g, &drawn, plain, 2);
	guest_send_shape(&g, 8, 6, 3, 2, 0xffff0000); /* opaque red, hotspot (3, 2) */
	CHECK(strcmp(guest_control(&g, "mouse-move 20 30"), "ok sent=1") == 0);
	guest_drain(&g, SYNTH2D_SIM_CHANNEL_MOUSE);

	/* RichCursor: the guest's shape and hotspot; PointerPos: the host mouse */
	CHECK_EQ(rfb_request(&local, true), 0);
	CHECK_EQ(rfb_wait_update(&local, 3000), 0);
	CHECK(local.got_cursor);
	CHECK(local.got_pos);
	CHECK_EQ(local.cursor_w, 8);
	CHECK_EQ(local.cursor_h, 6);
	CHECK_EQ(local.hot_x, 3);
	CHECK_EQ(local.hot_y, 2);
	for (uint32_t i = 0; local.cursor_pixels && i < 8 * 6; i++) {
		CHECK_EQ(local.cursor_pixels[i], 0xff0000);
		CHECK_EQ(local.cursor_mask[i], 1);
	}
	CHECK_EQ(local.pos_x, 20);
	CHECK_EQ(local.pos_y, 30);
	CHECK_EQ(local.rect_count, 0); /* no pixels: the pointer is not in the picture */

	/* no cursor encodings: drawn in, exactly as the host's console view draws it */
	CHECK_EQ(rfb_request(&drawn, true), 0);
	CHECK_EQ(rfb_wait_update(&drawn, 3000), 0);
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, true, &view, &w, &h), 0);
	CHECK_EQ(diffs(&drawn, view), 0);
	CHECK_EQ(rfb_pixel(&drawn, 17, 28), 0xff0000);
	CHECK_EQ(rfb_pixel(&drawn, 24, 33), 0xff0000);
	CHECK_EQ(rfb_pixel(&drawn, 25, 33), pattern(25, 33));
	free(view);

	/* the drawn client moves the pointer: the host mouse follows, the guest gets the report */
	CHECK_EQ(rfb_pointer(&drawn, 1, 10, 12), 0);
	expect_position(&local, 10, 12);
	CHECK_EQ(g.h->mouse.x, 10);
	CHECK_EQ(g.h->mouse.y, 12);
	{
		uint8_t buttons = 0;
		uint16_t x = 0, y = 0;
		int16_t wheel = 1;

		CHECK_EQ(guest_recv_mouse_report(&g, &buttons, &x, &y, &wheel), 0);
		CHECK_EQ(buttons, 1);
		CHECK_EQ(x, 10 * 32767 / (W - 1));
		CHECK_EQ(y, 12 * 32767 / (H - 1));
		CHECK_EQ(wheel, 0);
		/* RFB right button (3) is HID button 2; wheel up is one notch */
		CHECK_EQ(rfb_pointer(&drawn, 4 | 8, 10, 12), 0);
		CHECK_EQ(rfb_request(&drawn, true), 0);
		CHECK_EQ(rfb_wait_update(&drawn, 3000), 0);
		CHECK_EQ(guest_recv_mouse_report(&g, &buttons, &x, &y, &wheel), 0);
		CHECK_EQ(buttons, 2);
		CHECK_EQ(wheel, 1);
	}
	/* the picture of the drawn client shows the pointer at its new place */
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, true, &view, &w, &h), 0);
	CHECK_EQ(diffs(&drawn, view), 0);
	free(view);

	/* a hidden pointer (relative mode, guest says invisible) leaves no pixels */
	CHECK(strcmp(guest_control(&g, "mouse-mode relative"), "ok") == 0);
	{
		struct synth2d_synthvid_pointer_position p = {.is_visible = 0};

		guest_send_video(&g, SYNTH2D_SYNTHVID_POINTER_POSITION, &p, sizeof(p));
	}
	CHECK_EQ(rfb_request(&drawn, true), 0);
	CHECK_EQ(rfb_wait_update(&drawn, 3000), 0);
	CHECK_EQ(console_render(g.h, CONSOLE_HOST_VIEW, false, &view, &w, &h), 0);
	CHECK_EQ(diffs(&drawn, view), 0);
	free(view);
	CHECK_EQ(g.h->violation_count, 0);
	rfb_close(&local);
	rfb_close(&drawn);
	guest_stop(&g);
}

/* A move made elsewhere reaches a VMware-position client; its own moves are not echoed. */
static void test_vmware_cursor_position(void)
{
	struct guest_sim g;
	struct rfb_client c, other;

	start(&g, NULL);
	connect_client(&g, &c, vmware, 4);
	connect_client(&g, &other, plain, 2);
	CHECK(strcmp(guest_control(&g, "mouse-move 20 30"), "ok sent=1") == 0);
	expect_position(&c, 20, 30);
	CHECK_EQ(c.pos_encoding, RFB_ENC_VMWARE_POS);

	/* the client's own move: the host mouse follows, no position comes back */
	CHECK_EQ(rfb_pointer(&c, 0, 5, 6), 0);
	for (int i = 0; i < 100 && g.h->mouse.x != 5; i++)
		pump(&g), usleep(1000);
	CHECK_EQ(g.h->mouse.x, 5);
	guest_fill(&g, W, H, changed);
	guest_send_dirt(&g, 0, 0, 4, 4);
	CHECK_EQ(rfb_request(&c, true), 0);
	CHECK_EQ(rfb_wait_update(&c, 3000), 0);
	CHECK(!c.got_pos);
	CHECK_EQ(c.rect_count, 1);

	/* another viewer's move reaches it */
	CHECK_EQ(rfb_pointer(&other, 0, 10, 12), 0);
	expect_position(&c, 10, 12);
	rfb_close(&c);
	rfb_close(&other);
	guest_stop(&g);
}

static void expect_key(struct guest_sim *g, uint16_t code, uint32_t info)
{
	uint16_t got_code = 0;
	uint32_t got_info = 0;

	CHECK_EQ(guest_recv_keystroke(g, &got_code, &got_info), 0);
	CHECK_EQ(got_code, code);
	CHECK_EQ(got_info, info);
}

static void test_keys_reach_the_guest(void)
{
	struct guest_sim g;
	struct rfb_client c;

	start(&g, NULL);
	connect_client(&g, &c, plain, 2);
	rfb_key(&c, true, 0xffe1); /* Shift_L */
	rfb_key(&c, true, 'A');
	rfb_key(&c, false, 'A');
	rfb_key(&c, false, 0xffe1);
	rfb_key(&c, true, 0xff51); /* Left: an E0 key */
	rfb_key(&c, false, 0xff51);
	rfb_key(&c, true, 0xe9); /* é: no US key, sent as the character */
	rfb_key(&c, false, 0xe9);
	rfb_key(&c, true, 0x0101f600); /* U+1F600: two UTF-16 units */
	CHECK_EQ(rfb_request(&c, true), 0);
	for (int i = 0; i < 50 && g.h->keyboard.keystrokes_sent < 12; i++)
		pump(&g), usleep(1000);
	expect_key(&g, 0x2a, 0);
	expect_key(&g, 0x1e, 0);
	expect_key(&g, 0x1e, SYNTH2D_SYNTHKBD_IS_BREAK);
	expect_key(&g, 0x2a, SYNTH2D_SYNTHKBD_IS_BREAK);
	expect_key(&g, 0x4b, SYNTH2D_SYNTHKBD_IS_E0);
	expect_key(&g, 0x4b, SYNTH2D_SYNTHKBD_IS_E0 | SYNTH2D_SYNTHKBD_IS_BREAK);
	expect_key(&g, 0xe9, SYNTH2D_SYNTHKBD_IS_UNICODE);
	expect_key(&g, 0xe9, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	expect_key(&g, 0xd83d, SYNTH2D_SYNTHKBD_IS_UNICODE);
	expect_key(&g, 0xd83d, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	expect_key(&g, 0xde00, SYNTH2D_SYNTHKBD_IS_UNICODE);
	expect_key(&g, 0xde00, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	CHECK_EQ(g.h->keyboard.keystrokes_sent, 12);
	rfb_close(&c);
	guest_stop(&g);
}

static void test_resize_follows_the_guest(void)
{
	struct guest_sim g;
	struct rfb_client a, b;

	start(&g, NULL);
	connect_client(&g, &a, local_cursor, 4);
	connect_client(&g, &b, extended, 2);
	guest_fill(&g, 80, 60, changed);
	guest_send_situation(&g, 80, 60);
	CHECK_EQ(rfb_request(&a, true), 0);
	CHECK_EQ(rfb_wait_update(&a, 3000), 0);
	CHECK(a.got_resize); /* NewFBSize */
	CHECK_EQ(a.width, 80);
	CHECK_EQ(a.height, 60);
	CHECK_EQ(rfb_request(&b, true), 0);
	CHECK_EQ(rfb_wait_update(&b, 3000), 0);
	CHECK(b.got_resize); /* ExtendedDesktopSize */
	CHECK_EQ(b.width, 80);
	CHECK_EQ(b.height, 60);
	/* the whole new picture follows (maybe in the same update) */
	for (int i = 0; i < 3 && rfb_pixel(&a, 79, 59) != changed(79, 59); i++) {
		CHECK_EQ(rfb_request(&a, false), 0);
		CHECK_EQ(rfb_wait_update(&a, 3000), 0);
	}
	CHECK_EQ(rfb_pixel(&a, 0, 0), changed(0, 0));
	CHECK_EQ(rfb_pixel(&a, 79, 59), changed(79, 59));
	rfb_close(&a);
	rfb_close(&b);
	guest_stop(&g);
}

/* A host that needs no DIRT scans VRAM: its view, and the clients', follow VRAM. */
static void test_view_follows_vram_without_dirt(void)
{
	struct guest_sim g;
	struct rfb_client c;
	struct host_config cfg;

	guest_config(&cfg);
	cfg.vnc_address = 0x7f000001;
	cfg.vnc_port = rfb_free_port();
	cfg.features.dirt = false;
	guest_start(&g, &cfg);
	guest_fill(&g, W, H, pattern);
	guest_connect_video(&g, W, H);
	CHECK(g.h->video.scans_vram);
	connect_client(&g, &c, local_cursor, 4);
	CHECK_EQ(rfb_pixel(&c, 40, 30), pattern(40, 30));
	guest_fill(&g, W, H, changed);
	for (int i = 0; i < 20 && rfb_pixel(&c, 40, 30) != changed(40, 30); i++) {
		CHECK_EQ(rfb_request(&c, true), 0);
		CHECK_EQ(rfb_wait_update(&c, 3000), 0);
	}
	CHECK_EQ(rfb_pixel(&c, 40, 30), changed(40, 30));
	CHECK_EQ(rfb_pixel(&c, 0, 0), changed(0, 0));
	rfb_close(&c);
	guest_stop(&g);
}

/* --vnc-socket alone: a Unix socket only the owner may use, and no TCP port. */
static void test_unix_socket(void)
{
	struct guest_sim g;
	struct rfb_client c;
	struct host_config cfg;
	char dir[] = "/tmp/synth2d-vnc-sock.XXXXXX", path[64];
	struct stat st;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/console", dir);
	guest_config(&cfg);
	cfg.vnc_socket_path = path;
	guest_start(&g, &cfg);
	guest_fill(&g, W, H, pattern);
	guest_connect_video(&g, W, H);
	CHECK_EQ(stat(path, &st), 0);
	CHECK(S_ISSOCK(st.st_mode));
	CHECK_EQ(st.st_mode & 0777, 0600);
	CHECK_EQ(rfb_connect_unix(&c, path, local_cursor, 4, pump, &g), 0);
	CHECK_EQ(rfb_request(&c, false), 0);
	CHECK_EQ(rfb_wait_update(&c, 3000), 0);
	CHECK_EQ(c.width, W);
	CHECK_EQ(rfb_pixel(&c, 40, 30), pattern(40, 30));
	CHECK_EQ(vnc_console_clients(g.h), 1);
	rfb_close(&c);
	guest_stop(&g);
	CHECK(stat(path, &st) != 0); /* removed with the host */
	rmdir(dir);
}

static void test_password(void)
{
	struct guest_sim g;
	struct rfb_client c;
	char path[] = "/tmp/synth2d-vnc-pass.XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "s3cret\n", 7), 7);
	close(fd);
	start(&g, path);
	/* security type None is not offered any more */
	CHECK_EQ(rfb_connect(&c, g.h->config.vnc_port, plain, 2, pump, &g), -1);
	guest_stop(&g);
	unlink(path);
}

static void test_clients_come_and_go(void)
{
	struct guest_sim g;
	struct rfb_client c[3];

	start(&g, NULL);
	for (int i = 0; i < 3; i++)
		connect_client(&g, &c[i], i ? plain : local_cursor, i ? 2 : 4);
	CHECK_EQ(vnc_console_clients(g.h), 3);
	rfb_close(&c[1]);
	guest_fill(&g, W, H, changed);
	guest_send_dirt(&g, 0, 0, W, H);
	for (int i = 0; i < 3; i += 2) {
		CHECK_EQ(rfb_request(&c[i], true), 0);
		CHECK_EQ(rfb_wait_update(&c[i], 3000), 0);
		/* away from the pointer, which the plain client has drawn in at (0, 0) */
		CHECK_EQ(rfb_pixel(&c[i], 40, 30), changed(40, 30));
	}
	CHECK_EQ(vnc_console_clients(g.h), 2);
	rfb_close(&c[0]);
	rfb_close(&c[2]);
	guest_stop(&g);
}

int main(void)
{
	test_picture_is_the_host_view();
	test_pointer_local_and_drawn();
	test_vmware_cursor_position();
	test_keys_reach_the_guest();
	test_resize_follows_the_guest();
	test_view_follows_vram_without_dirt();
	test_unix_socket();
	test_password();
	test_clients_come_and_go();
	return test_report("test-host-vnc");
}
