// SPDX-License-Identifier: GPL-2.0-only
/*
 * The primary plane's framebuffer formats other than the host's XRGB8888
 * (docs/display.md), converted to XRGB8888 one run of pixels at a time on
 * their way to VRAM. The kernel's own format helpers differ between the
 * supported kernels (6.1's drm_fb_blit() converts RGB565, 6.12's does not,
 * neither converts XBGR8888), so the conversions live here.
 */
#include <linux/kernel.h>

#include <drm/drm_fourcc.h>

#include "synth2d_drv.h"

/* 5 and 6 bit channels widen by bit replication, as drm_format_helper does. */
static u32 synth2d_rgb565_to_xrgb8888(u16 pix)
{
	u32 r = (pix >> 11) & 0x1f;
	u32 g = (pix >> 5) & 0x3f;
	u32 b = pix & 0x1f;

	r = r << 3 | r >> 2;
	g = g << 2 | g >> 4;
	b = b << 3 | b >> 2;
	return r << 16 | g << 8 | b;
}

static u32 synth2d_xbgr8888_to_xrgb8888(u32 pix)
{
	return (pix & 0xff) << 16 | (pix & 0xff00) | ((pix >> 16) & 0xff);
}

/**
 * synth2d_format_line() - convert a run of pixels to the host's XRGB8888
 * @dst: @width XRGB8888 pixels out
 * @src: @width pixels of @format in, as the framebuffer holds them
 * @width: pixel count
 * @format: the framebuffer's DRM fourcc, one synth2d_format_converts()
 */
void synth2d_format_line(__le32 *dst, const void *src, unsigned int width,
			 u32 format)
{
	const __le16 *src16 = src;
	const __le32 *src32 = src;
	unsigned int x;

	switch (format) {
	case DRM_FORMAT_RGB565:
		for (x = 0; x < width; x++)
			dst[x] = cpu_to_le32(synth2d_rgb565_to_xrgb8888(le16_to_cpu(src16[x])));
		break;
	case DRM_FORMAT_XBGR8888:
		for (x = 0; x < width; x++)
			dst[x] = cpu_to_le32(synth2d_xbgr8888_to_xrgb8888(le32_to_cpu(src32[x])));
		break;
	}
}

/**
 * synth2d_format_converts() - whether a format needs synth2d_format_line()
 * @format: a DRM fourcc the primary plane offers
 *
 * Return: false for XRGB8888 and ARGB8888, which VRAM takes as they are:
 * the host ignores the top byte of its pixels, as drm_fb_blit() treats
 * ARGB8888 as XRGB8888.
 */
bool synth2d_format_converts(u32 format)
{
	return format != DRM_FORMAT_XRGB8888 && format != DRM_FORMAT_ARGB8888;
}
