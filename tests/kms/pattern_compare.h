/* SPDX-License-Identifier: MIT */
/* Pixel-exact comparison of an image with a test pattern. */
#ifndef PATTERN_COMPARE_H
#define PATTERN_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "kms_pattern.h"
#include "xrgb_png.h"

struct pattern_diff {
	uint32_t x, y;
	uint32_t got, expected; /* 0x00RRGGBB */
};

/*
 * Count the pixels of img that differ from pattern p at img's size; the
 * first max_diffs of them, in row order, go to diffs.
 */
uint64_t pattern_compare(const struct kms_pattern *p, const struct xrgb_image *img,
			 struct pattern_diff *diffs, size_t max_diffs);

/* Render pattern p into img (allocated here; free with xrgb_image_free). */
int pattern_render(const struct kms_pattern *p, uint32_t w, uint32_t h, struct xrgb_image *img);

#endif /* PATTERN_COMPARE_H */
