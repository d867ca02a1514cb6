/* SPDX-License-Identifier: MIT */
/*
 * Which surface pixels changed, and whether a DIRT rect said so. A shadow
 * copy of the surface is taken as a baseline (new situation, new VRAM
 * mapping, reset-stats); each DIRT rect counts the pixels that differ from
 * the shadow inside it and takes them into the shadow. Whatever still
 * differs later changed without a DIRT covering it.
 */
#ifndef SYNTH2D_HOST_VRAM_TRACKER_H
#define SYNTH2D_HOST_VRAM_TRACKER_H

#include <stdbool.h>
#include <stdint.h>

struct host;

struct vram_tracker {
	uint32_t *shadow; /* width * height pixels 0x00RRGGBB; NULL: no surface */
	uint32_t width, height;
	uint64_t dirt_changed_pixels; /* changed pixels inside DIRT rects */
};

struct vram_undeclared {
	uint64_t pixels;
	bool have_bounding;
	uint32_t x1, y1, x2, y2;
};

/* Take the current surface as the baseline (or drop the shadow if there is none). */
void vram_tracker_baseline(struct host *h);
/* One DIRT rect (right/bottom exclusive), clipped to the surface. */
void vram_tracker_dirt_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2);
/* Pixels that differ from the shadow now. */
void vram_tracker_undeclared(const struct host *h, struct vram_undeclared *out);
void vram_tracker_free(struct vram_tracker *t);

#endif
