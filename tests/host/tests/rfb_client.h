/* SPDX-License-Identifier: MIT */
/*
 * A small RFB 3.8 client (RFC 6143) for the VNC console's tests and
 * benchmark: security None, raw pixels, and the pseudo-encodings the
 * console serves (RichCursor, PointerPos, VMware cursor position, NewFBSize,
 * ExtendedDesktopSize).
 * Reads wait on the socket; while they wait they call a pump, so a test
 * can serve the host on the same thread.
 */
#ifndef SYNTH2D_HOST_TEST_RFB_CLIENT_H
#define SYNTH2D_HOST_TEST_RFB_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RFB_ENC_RAW	    0
#define RFB_ENC_RICH_CURSOR (-239)
#define RFB_ENC_POINTER_POS (-232)
#define RFB_ENC_NEW_FB_SIZE (-223)
#define RFB_ENC_EXT_DESKTOP (-308)
#define RFB_ENC_VMWARE_POS  0x574d5666
#define RFB_MAX_RECTS	    64

typedef void (*rfb_pump_fn)(void *ctx);

struct rfb_rect {
	uint16_t x, y, w, h;
};

struct rfb_client {
	int fd;
	rfb_pump_fn pump;
	void *pump_ctx;
	uint32_t width, height;
	uint32_t *fb; /* 0x00RRGGBB */
	uint8_t rshift, gshift, bshift;
	uint8_t *buf; /* received, not yet parsed */
	size_t len, cap;
	uint64_t bytes_received;
	/* the last FramebufferUpdate */
	unsigned int rect_count; /* pixel rects */
	struct rfb_rect rects[RFB_MAX_RECTS];
	bool got_cursor, got_pos, got_resize;
	/* state so far */
	uint32_t cursor_w, cursor_h, hot_x, hot_y;
	uint32_t *cursor_pixels; /* 0x00RRGGBB */
	uint8_t *cursor_mask;	 /* one byte a pixel: 1 opaque */
	int32_t pos_x, pos_y;
	int32_t pos_encoding; /* of the last position: PointerPos or VMware's */
	unsigned int updates;
};

/* Connect to 127.0.0.1:@port and announce @encodings. 0, or -1 (printed). */
int rfb_connect(struct rfb_client *c, uint16_t port, const int32_t *encodings, int n,
		rfb_pump_fn pump, void *ctx);
/* The same over a Unix socket. */
int rfb_connect_unix(struct rfb_client *c, const char *path, const int32_t *encodings, int n,
		     rfb_pump_fn pump, void *ctx);
void rfb_close(struct rfb_client *c);
int rfb_request(struct rfb_client *c, bool incremental);
/* Read until one FramebufferUpdate is complete; 0, or -1 on timeout or error. */
int rfb_wait_update(struct rfb_client *c, int timeout_ms);
int rfb_key(struct rfb_client *c, bool down, uint32_t keysym);
int rfb_pointer(struct rfb_client *c, uint8_t mask, uint16_t x, uint16_t y);
/* A TCP port on 127.0.0.1 that is free now, for a console to listen on. */
uint16_t rfb_free_port(void);
uint32_t rfb_pixel(const struct rfb_client *c, uint32_t x, uint32_t y);

#endif
