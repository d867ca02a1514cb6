// SPDX-License-Identifier: MIT
/*
 * Pattern generator (see kms_pattern.h). The "bars" pattern is built so
 * that offset, pitch, size and channel-order errors all show: a one-pixel
 * white frame, eight colour bars, a red/green/blue gradient band and a
 * checkerboard whose cells are not a divisor of common widths.
 */
#include "kms_pattern.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define RGB(r, g, b) ((uint32_t)(r) << 16 | (uint32_t)(g) << 8 | (uint32_t)(b))

static const struct {
	const char *name;
	enum kms_pattern_kind kind;
} kind_names[] = {
    {"bars", KMS_PATTERN_BARS},	  {"coords", KMS_PATTERN_COORDS}, {"inverse", KMS_PATTERN_INVERSE},
    {"black", KMS_PATTERN_BLACK}, {"white", KMS_PATTERN_WHITE},	  {"red", KMS_PATTERN_RED},
    {"green", KMS_PATTERN_GREEN}, {"blue", KMS_PATTERN_BLUE},
};

/* 0..255 across 0..n-1 */
static uint32_t ramp(uint32_t v, uint32_t n)
{
	return n > 1 ? v * 255 / (n - 1) : 0;
}

static uint32_t bars_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	static const uint32_t bars[8] = {
	    RGB(255, 255, 255), RGB(255, 255, 0), RGB(0, 255, 255), RGB(0, 255, 0),
	    RGB(255, 0, 255),	RGB(255, 0, 0),	  RGB(0, 0, 255),   RGB(0, 0, 0),
	};
	uint32_t band = (uint32_t)((uint64_t)y * 4 / h);

	if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
		return RGB(255, 255, 255);
	if (band < 2)
		return bars[(uint64_t)x * 8 / w];
	if (band == 2)
		return RGB(ramp(x, w), ramp(y, h), (x ^ y) & 0xff);
	return ((x / 13 + y / 11) & 1) ? RGB(240, 240, 240) : RGB(16, 16, 16);
}

static uint32_t kind_pixel(enum kms_pattern_kind kind, enum kms_pattern_kind base, uint32_t x,
			   uint32_t y, uint32_t w, uint32_t h)
{
	switch (kind) {
	case KMS_PATTERN_BARS:
		return bars_pixel(x, y, w, h);
	case KMS_PATTERN_COORDS:
		/* unique for screens up to 4096x4096 */
		return RGB(x & 0xff, y & 0xff, ((x >> 8) & 0xf) << 4 | ((y >> 8) & 0xf));
	case KMS_PATTERN_INVERSE:
		/* "inverse" on its own inverts the bars */
		if (base == KMS_PATTERN_INVERSE)
			base = KMS_PATTERN_BARS;
		return ~kind_pixel(base, base, x, y, w, h) & 0xffffff;
	case KMS_PATTERN_BLACK:
		return RGB(0, 0, 0);
	case KMS_PATTERN_WHITE:
		return RGB(255, 255, 255);
	case KMS_PATTERN_RED:
		return RGB(255, 0, 0);
	case KMS_PATTERN_GREEN:
		return RGB(0, 255, 0);
	case KMS_PATTERN_BLUE:
		return RGB(0, 0, 255);
	}
	return 0;
}

static bool in_rect(const struct kms_rect *r, uint32_t x, uint32_t y)
{
	return x >= r->x && y >= r->y && x - r->x < r->w && y - r->y < r->h;
}

uint32_t kms_pattern_pixel(const struct kms_pattern *p, uint32_t x, uint32_t y, uint32_t w,
			   uint32_t h)
{
	enum kms_pattern_kind kind = p->base;

	for (unsigned int i = 0; i < p->rect_count; i++) {
		if (in_rect(&p->rects[i], x, y)) {
			kind = p->dirty;
			break;
		}
	}
	return kms_format_shown(p->format, kind_pixel(kind, p->base, x, y, w, h));
}

uint32_t kms_pattern_screen_pixel(const struct kms_pattern *p, uint32_t x, uint32_t y, uint32_t w,
				  uint32_t h)
{
	if (!p->windowed)
		return kms_pattern_pixel(p, x, y, w, h);
	if (!in_rect(&p->window, x, y))
		return 0; /* black where no plane covers the screen */
	return kms_pattern_pixel(p, x - p->window.x, y - p->window.y, w, h);
}

bool kms_pattern_parse_kind(const char *name, enum kms_pattern_kind *kind)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strcmp(name, kind_names[i].name) == 0) {
			*kind = kind_names[i].kind;
			return true;
		}
	}
	return false;
}

const char *kms_pattern_kind_names(void)
{
	return "bars coords inverse black white red green blue";
}

/* A decimal number 0..limit that ends at *end. */
static bool parse_u32(const char *s, char **end, uint32_t limit, uint32_t *v)
{
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, end, 10);
	if (errno || n > limit)
		return false;
	*v = (uint32_t)n;
	return true;
}

bool kms_parse_size(const char *s, uint32_t *w, uint32_t *h)
{
	char *end;

	if (!parse_u32(s, &end, 16384, w) || *end != 'x')
		return false;
	if (!parse_u32(end + 1, &end, 16384, h) || *end)
		return false;
	return *w > 0 && *h > 0;
}

bool kms_parse_rect(const char *s, struct kms_rect *r)
{
	uint32_t *f[4] = {&r->x, &r->y, &r->w, &r->h};
	char *end = (char *)s;

	for (int i = 0; i < 4; i++) {
		if (!parse_u32(i ? end + 1 : s, &end, 16384, f[i]))
			return false;
		if (*end != (i < 3 ? ',' : '\0'))
			return false;
	}
	return r->w > 0 && r->h > 0;
}

bool kms_parse_window(const char *s, struct kms_rect *r)
{
	if (strcmp(s, "off") == 0) {
		*r = (struct kms_rect){0, 0, 0, 0};
		return true;
	}
	return kms_parse_rect(s, r);
}
