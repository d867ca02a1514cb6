/* SPDX-License-Identifier: MIT */
/*
 * The host's own surface: what a Hyper-V host shows, which learns of VRAM
 * changes only through DIRT. It is taken whole from VRAM when a situation
 * is accepted (a valid SITUATION_UPDATE, or VRAM newly mapped while the
 * situation is valid) and after that updated only inside DIRT rects. Each
 * DIRT rect counts the pixels inside it that differ from the surface and
 * takes them; whatever still differs from VRAM later changed without a
 * DIRT covering it, and is stale in the host's view.
 */
#ifndef SYNTH2D_HOST_VRAM_TRACKER_H
#define SYNTH2D_HOST_VRAM_TRACKER_H

#include <stdbool.h>
#include <stdint.h>

struct host;

struct vram_tracker {
	uint32_t *surface; /* width * height pixels 0x00RRGGBB; NULL: no surface */
	uint32_t width, height;
	uint64_t dirt_changed_pixels; /* changed pixels inside DIRT rects */
};

struct vram_undeclared {
	uint64_t pixels;
	bool have_bounding;
	uint32_t x1, y1, x2, y2;
};

/* Take the whole surface from VRAM (or drop it if there is no valid situation or VRAM). */
void vram_tracker_take_surface(struct host *h);
/* One DIRT rect (right/bottom exclusive), clipped to the surface. */
void vram_tracker_dirt_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2);
/* Pixels where VRAM differs from the host surface now. */
void vram_tracker_undeclared(const struct host *h, struct vram_undeclared *out);
void vram_tracker_free(struct vram_tracker *t);

#endif
