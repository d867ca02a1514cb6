/* SPDX-License-Identifier: MIT */
/*
 * The console view: the host's own surface (vram_tracker.h: VRAM as of the
 * accepted situation and the DIRT since) with the host pointer on top
 * (the cursor contract, docs/display.md "The pointer"). Raw VRAM can be rendered too, for
 * debugging.
 */
#ifndef SYNTH2D_HOST_CONSOLE_VIEW_H
#define SYNTH2D_HOST_CONSOLE_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "pointer_shape.h"

struct host;

struct pointer_view {
	int32_t x, y;			   /* screen position of the hotspot */
	bool visible;			   /* false: hidden or a (nearly) transparent shape */
	bool relative;			   /* mouse mode */
	const struct pointer_shape *shape; /* the guest's last shape or the host arrow */
};

void console_pointer_view(const struct host *h, struct pointer_view *v);

enum console_source {
	CONSOLE_HOST_VIEW, /* what the host shows: its surface, or VRAM while it needs no DIRT */
	CONSOLE_VRAM,	   /* the guest surface as it is in VRAM now */
};

/*
 * Render to a new buffer of width*height 32-bit pixels 0x00RRGGBB (free()
 * it). Before any valid situation: the firmware framebuffer (--firmware-fb),
 * else black 1024x768.
 */
int console_render(const struct host *h, enum console_source source, bool with_pointer,
		   uint32_t **pixels, uint32_t *width, uint32_t *height);

/* png_writer.c: 8-bit RGB PNG of 0x00RRGGBB pixels. 0 or -errno. */
int png_write_xrgb(const char *path, const uint32_t *pixels, uint32_t width, uint32_t height);

#endif
