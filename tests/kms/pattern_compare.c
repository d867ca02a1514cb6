// SPDX-License-Identifier: MIT
#include "pattern_compare.h"

#include <stdlib.h>

uint64_t pattern_compare(const struct kms_pattern *p, const struct xrgb_image *img,
			 struct pattern_diff *diffs, size_t max_diffs)
{
	uint64_t count = 0;

	for (uint32_t y = 0; y < img->height; y++) {
		for (uint32_t x = 0; x < img->width; x++) {
			uint32_t got = img->pixels[(size_t)y * img->width + x] & 0xffffff;
			uint32_t want = kms_pattern_screen_pixel(p, x, y, img->width, img->height);

			if (got == want)
				continue;
			if (count < max_diffs)
				diffs[count] = (struct pattern_diff){x, y, got, want};
			count++;
		}
	}
	return count;
}

int pattern_render(const struct kms_pattern *p, uint32_t w, uint32_t h, struct xrgb_image *img)
{
	img->width = w;
	img->height = h;
	img->pixels = malloc((size_t)w * h * sizeof(uint32_t));
	if (!img->pixels)
		return -1;
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++)
			img->pixels[(size_t)y * w + x] = kms_pattern_screen_pixel(p, x, y, w, h);
	return 0;
}
