/* SPDX-License-Identifier: MIT */
/*
 * The test patterns drawn by synth2d-kmspattern in the guest and expected
 * by synth2d-patterncheck on the host. One generator serves both, so the
 * two can never disagree about a pixel.
 */
#ifndef KMS_PATTERN_H
#define KMS_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kms_format.h"

enum kms_pattern_kind {
	KMS_PATTERN_BARS,    /* frame, colour bars, gradients, checker */
	KMS_PATTERN_COORDS,  /* every pixel encodes its own x, y */
	KMS_PATTERN_INVERSE, /* the base pattern with every bit inverted */
	KMS_PATTERN_BLACK,
	KMS_PATTERN_WHITE,
	KMS_PATTERN_RED,
	KMS_PATTERN_GREEN,
	KMS_PATTERN_BLUE,
};

struct kms_rect {
	uint32_t x, y, w, h;
};

/* Rectangles a second drawing step may repaint (DIRTYFB clips). */
#define KMS_PATTERN_MAX_RECTS 64

/*
 * What the screen shows: @base everywhere, except inside @rects, which
 * show @dirty (drawn after the mode set, then flushed with DIRTYFB), all
 * drawn in @format.
 */
struct kms_pattern {
	enum kms_pattern_kind base;
	enum kms_pattern_kind dirty;
	enum kms_format format;
	unsigned int rect_count;
	struct kms_rect rects[KMS_PATTERN_MAX_RECTS];
	/*
	 * windowed: the primary plane shows only the buffer's top-left
	 * window.w x window.h, at window.x, window.y of the screen (an empty
	 * window: the plane is off); the rest of the screen is black.
	 */
	bool windowed;
	struct kms_rect window;
};

/*
 * The pixel at x, y of a w x h screen as the host shows it, 0x00RRGGBB
 * (XRGB8888); kms_format_encode() turns it into a pixel of p->format.
 */
uint32_t kms_pattern_pixel(const struct kms_pattern *p, uint32_t x, uint32_t y, uint32_t w,
			   uint32_t h);

/*
 * The pixel at x, y of a w x h screen whose primary plane shows a w x h
 * buffer drawn with p, windowed or whole: what the host's view must hold.
 */
uint32_t kms_pattern_screen_pixel(const struct kms_pattern *p, uint32_t x, uint32_t y, uint32_t w,
				  uint32_t h);

/* Parsers for the command lines; false on malformed input. */
bool kms_pattern_parse_kind(const char *name, enum kms_pattern_kind *kind);
const char *kms_pattern_kind_names(void);
bool kms_parse_size(const char *s, uint32_t *w, uint32_t *h);
bool kms_parse_rect(const char *s, struct kms_rect *r);
/* "x,y,w,h" or "off" (an empty window) for a windowed primary plane. */
bool kms_parse_window(const char *s, struct kms_rect *r);

#endif /* KMS_PATTERN_H */
