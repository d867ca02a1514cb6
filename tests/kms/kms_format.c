// SPDX-License-Identifier: MIT
/* Framebuffer formats of the test patterns (see kms_format.h). */
#include "kms_format.h"

#include <stddef.h>
#include <string.h>

/* drm_fourcc.h's fourcc_code(), without needing libdrm on the host side. */
#define FOURCC(a, b, c, d)                                                                         \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

static const struct {
	const char *name;
	uint32_t fourcc, bpp;
} formats[] = {
    [KMS_FORMAT_XRGB8888] = {"xrgb8888", FOURCC('X', 'R', '2', '4'), 32},
    [KMS_FORMAT_ARGB8888] = {"argb8888", FOURCC('A', 'R', '2', '4'), 32},
    [KMS_FORMAT_XBGR8888] = {"xbgr8888", FOURCC('X', 'B', '2', '4'), 32},
    [KMS_FORMAT_RGB565] = {"rgb565", FOURCC('R', 'G', '1', '6'), 16},
};

bool kms_format_parse(const char *name, enum kms_format *format)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*format = (enum kms_format)i;
			return true;
		}
	}
	return false;
}

const char *kms_format_names(void)
{
	return "xrgb8888 argb8888 xbgr8888 rgb565";
}

uint32_t kms_format_fourcc(enum kms_format format)
{
	return formats[format].fourcc;
}

uint32_t kms_format_bpp(enum kms_format format)
{
	return formats[format].bpp;
}

uint32_t kms_format_encode(enum kms_format format, uint32_t xrgb)
{
	uint32_t r = (xrgb >> 16) & 0xff, g = (xrgb >> 8) & 0xff, b = xrgb & 0xff;

	switch (format) {
	case KMS_FORMAT_XRGB8888:
		return xrgb & 0xffffff;
	case KMS_FORMAT_ARGB8888:
		/* opaque: the host has no alpha to blend with */
		return 0xff000000u | xrgb;
	case KMS_FORMAT_XBGR8888:
		return b << 16 | g << 8 | r;
	case KMS_FORMAT_RGB565:
		return (r >> 3) << 11 | (g >> 2) << 5 | b >> 3;
	}
	return 0;
}

/* A channel of n bits widened to 8 by repeating its top bits. */
static uint32_t widen(uint32_t v, unsigned int n)
{
	return (v << (8 - n) | v >> (2 * n - 8)) & 0xff;
}

uint32_t kms_format_shown(enum kms_format format, uint32_t xrgb)
{
	uint32_t pix = kms_format_encode(format, xrgb);

	switch (format) {
	case KMS_FORMAT_XRGB8888:
	case KMS_FORMAT_ARGB8888:
		return pix & 0xffffff;
	case KMS_FORMAT_XBGR8888:
		return (pix & 0xff) << 16 | (pix & 0xff00) | ((pix >> 16) & 0xff);
	case KMS_FORMAT_RGB565:
		return widen(pix >> 11, 5) << 16 | widen((pix >> 5) & 0x3f, 6) << 8 |
		       widen(pix & 0x1f, 5);
	}
	return 0;
}
