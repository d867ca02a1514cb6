/* SPDX-License-Identifier: MIT */
/*
 * Framebuffer formats synth2d-kmspattern draws in and what each shows on
 * the host's 32 bpp XRGB8888 screen (docs/display.md): RGB565 widens its
 * channels by bit replication, the others show their 8-bit channels as
 * they are.
 */
#ifndef KMS_FORMAT_H
#define KMS_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

enum kms_format {
	KMS_FORMAT_XRGB8888, /* the host's own format, the default */
	KMS_FORMAT_ARGB8888,
	KMS_FORMAT_XBGR8888,
	KMS_FORMAT_RGB565,
};

bool kms_format_parse(const char *name, enum kms_format *format);
const char *kms_format_names(void);

/* The DRM fourcc (drm_fourcc.h) and bits per pixel of a format. */
uint32_t kms_format_fourcc(enum kms_format format);
uint32_t kms_format_bpp(enum kms_format format);

/* The 0x00RRGGBB colour encoded as one pixel of format. */
uint32_t kms_format_encode(enum kms_format format, uint32_t xrgb);

/* What the host shows for 0x00RRGGBB drawn in format. */
uint32_t kms_format_shown(enum kms_format format, uint32_t xrgb);

#endif /* KMS_FORMAT_H */
