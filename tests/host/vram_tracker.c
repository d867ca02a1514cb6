// SPDX-License-Identifier: MIT
#include "vram_tracker.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "vnc_console.h"

/* Pixel (x, y) of the current surface; the X byte is not part of the picture. */
static uint32_t surface_pixel(const struct host *h, const uint8_t *vram, uint32_t x, uint32_t y)
{
	const struct video_situation *s = &h->video.situation;
	uint32_t px;

	memcpy(&px, vram + s->offset + (uint64_t)y * s->pitch + x * 4u, 4);
	return le32toh(px) & 0x00ffffff;
}

void vram_tracker_free(struct vram_tracker *t)
{
	free(t->surface);
	t->surface = NULL;
	t->width = t->height = 0;
}

void vram_tracker_take_surface(struct host *h)
{
	struct vram_tracker *t = &h->video.vram;
	const struct video_situation *s = &h->video.situation;
	const uint8_t *vram = video_vram(h);

	vram_tracker_free(t);
	if (!vram || !s->valid) {
		vnc_console_view_taken(h); /* black */
		return;
	}
	t->surface = malloc((size_t)s->width * s->height * 4);
	if (!t->surface)
		return;
	t->width = s->width;
	t->height = s->height;
	for (uint32_t y = 0; y < s->height; y++)
		for (uint32_t x = 0; x < s->width; x++)
			t->surface[(size_t)y * s->width + x] = surface_pixel(h, vram, x, y);
	vnc_console_view_taken(h);
}

void vram_tracker_dirt_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2)
{
	struct vram_tracker *t = &h->video.vram;
	const uint8_t *vram = video_vram(h);

	if (!t->surface || !vram)
		return;
	x1 = x1 < 0 ? 0 : x1;
	y1 = y1 < 0 ? 0 : y1;
	x2 = (int64_t)x2 > (int64_t)t->width ? (int32_t)t->width : x2;
	y2 = (int64_t)y2 > (int64_t)t->height ? (int32_t)t->height : y2;
	for (int32_t y = y1; y < y2; y++) {
		for (int32_t x = x1; x < x2; x++) {
			uint32_t *old = &t->surface[(size_t)y * t->width + (size_t)x];
			uint32_t now = surface_pixel(h, vram, (uint32_t)x, (uint32_t)y);

			if (*old != now) {
				t->dirt_changed_pixels++;
				*old = now;
			}
		}
	}
	if (x1 < x2 && y1 < y2)
		vnc_console_view_rect(h, x1, y1, x2, y2);
}

void vram_tracker_undeclared(const struct host *h, struct vram_undeclared *out)
{
	const struct vram_tracker *t = &h->video.vram;
	const uint8_t *vram = video_vram(h);

	memset(out, 0, sizeof(*out));
	if (!t->surface || !vram)
		return;
	for (uint32_t y = 0; y < t->height; y++) {
		for (uint32_t x = 0; x < t->width; x++) {
			if (t->surface[(size_t)y * t->width + x] == surface_pixel(h, vram, x, y))
				continue;
			if (!out->have_bounding) {
				out->x1 = x, out->y1 = y, out->x2 = x + 1, out->y2 = y + 1;
				out->have_bounding = true;
			}
			out->x1 = x < out->x1 ? x : out->x1;
			out->x2 = x + 1 > out->x2 ? x + 1 : out->x2;
			out->y2 = y + 1;
			out->pixels++;
		}
	}
}
