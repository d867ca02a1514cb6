// SPDX-License-Identifier: MIT
#include "console_view.h"

#include <endian.h>
#include <errno.h>
#include <pixman.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

void console_pointer_view(const struct host *h, struct pointer_view *v)
{
	static struct pointer_shape arrow;
	static bool arrow_ready;
	const struct pointer_shape *s = &h->video.shape;

	if (!arrow_ready) {
		pointer_shape_default_arrow(&arrow);
		arrow_ready = true;
	}
	if (!s->valid)
		s = &arrow;
	v->shape = s;
	v->relative = h->mouse.relative_mode;
	v->visible = !pointer_shape_is_invisible(s);
	if (v->relative) {
		/* POINTER_POSITION is the image's top-left corner (docs/protocol.md §2.8) */
		v->x = h->video.position_x + (int32_t)s->hot_x;
		v->y = h->video.position_y + (int32_t)s->hot_y;
		if (h->video.have_position && !h->video.position_visible)
			v->visible = false;
	} else {
		v->x = h->mouse.x;
		v->y = h->mouse.y;
	}
}

static void copy_vram(const struct host *h, uint32_t *pixels)
{
	const struct video_situation *s = &h->video.situation;
	const uint8_t *vram = video_vram(h);

	if (!vram || !s->valid)
		return; /* black */
	for (uint32_t y = 0; y < s->height; y++) {
		const uint8_t *row = vram + s->offset + (uint64_t)y * s->pitch;

		/* XRGB8888 little-endian: bytes B, G, R, X */
		for (uint32_t x = 0; x < s->width; x++) {
			uint32_t px;

			memcpy(&px, row + x * 4, 4);
			pixels[(size_t)y * s->width + x] = le32toh(px) & 0x00ffffff;
		}
	}
}

static void copy_host_surface(const struct host *h, uint32_t *pixels)
{
	const struct vram_tracker *t = &h->video.vram;
	const struct video_situation *s = &h->video.situation;

	if (h->video.scans_vram) {
		copy_vram(h, pixels);
		return;
	}
	/* taken at the accepted situation, so the sizes agree; else black */
	if (t->surface && s->valid && t->width == s->width && t->height == s->height)
		memcpy(pixels, t->surface, (size_t)t->width * t->height * 4);
}

/*
 * Before any situation a Hyper-V host shows the firmware framebuffer: the
 * GOP mode it gave UEFI, scanned out of the start of the MMIO window.
 */
static bool firmware_fb_shown(const struct host *h)
{
	return !h->video.situation.valid && h->config.firmware_fb_width;
}

static void copy_firmware_fb(const struct host *h, uint32_t *pixels)
{
	uint32_t w = h->config.firmware_fb_width, hh = h->config.firmware_fb_height;
	const uint8_t *fb = h->shm + SYNTH2D_SIM_MMIO_OFFSET;

	for (size_t i = 0; i < (size_t)w * hh; i++) {
		uint32_t px;

		memcpy(&px, fb + i * 4, 4);
		pixels[i] = le32toh(px) & 0x00ffffff;
	}
}

/* ARGB8888 straight alpha -> premultiplied, for pixman's OVER. */
static void draw_argb(uint32_t *pixels, uint32_t width, uint32_t height,
		      const struct pointer_shape *s, int32_t left, int32_t top)
{
	uint32_t *src = malloc((size_t)s->width * s->height * 4);
	pixman_image_t *dst_img, *src_img;

	if (!src)
		return;
	for (uint32_t i = 0; i < s->width * s->height; i++) {
		const uint8_t *p = s->data + i * 4;
		uint32_t a = p[3];
		uint32_t r = (p[2] * a + 127) / 255, g = (p[1] * a + 127) / 255;
		uint32_t b = (p[0] * a + 127) / 255;

		src[i] = a << 24 | r << 16 | g << 8 | b;
	}
	dst_img = pixman_image_create_bits(PIXMAN_x8r8g8b8, (int)width, (int)height, pixels,
					   (int)width * 4);
	src_img = pixman_image_create_bits(PIXMAN_a8r8g8b8, (int)s->width, (int)s->height, src,
					   (int)s->width * 4);
	if (dst_img && src_img) {
		pixman_image_composite32(PIXMAN_OP_OVER, src_img, NULL, dst_img, 0, 0, 0, 0, left,
					 top, (int32_t)s->width, (int32_t)s->height);
		/* pixman fills the X byte; the view keeps 0x00RRGGBB */
		for (size_t i = 0; i < (size_t)width * height; i++)
			pixels[i] &= 0x00ffffff;
	}
	if (src_img)
		pixman_image_unref(src_img);
	if (dst_img)
		pixman_image_unref(dst_img);
	free(src);
}

/* Monochrome: AND mask then XOR mask, MSB first (the Windows convention, docs/protocol.md §2.9). */
static void draw_mono(uint32_t *pixels, uint32_t width, uint32_t height,
		      const struct pointer_shape *s, int32_t left, int32_t top)
{
	uint32_t stride = (s->width + 7) / 8, plane = stride * s->height;

	for (uint32_t y = 0; y < s->height; y++) {
		for (uint32_t x = 0; x < s->width; x++) {
			int64_t dx = (int64_t)left + x, dy = (int64_t)top + y;
			uint32_t byte = y * stride + x / 8, bit = 0x80u >> (x % 8);
			bool and_bit = s->data[byte] & bit, xor_bit = s->data[plane + byte] & bit;
			uint32_t *d;

			if (dx < 0 || dy < 0 || dx >= width || dy >= height)
				continue;
			d = &pixels[(size_t)dy * width + (size_t)dx];
			if (and_bit)
				*d = xor_bit ? (~*d & 0x00ffffff) : *d;
			else
				*d = xor_bit ? 0x00ffffff : 0;
		}
	}
}

int console_render(const struct host *h, enum console_source source, bool with_pointer,
		   uint32_t **pixels, uint32_t *width, uint32_t *height)
{
	uint32_t w = 1024, hh = 768;
	uint32_t *buf;

	if (h->video.situation.valid) {
		w = h->video.situation.width;
		hh = h->video.situation.height;
	} else if (firmware_fb_shown(h)) {
		w = h->config.firmware_fb_width;
		hh = h->config.firmware_fb_height;
	}
	buf = calloc((size_t)w * hh, 4);
	if (!buf)
		return -ENOMEM;
	if (firmware_fb_shown(h))
		copy_firmware_fb(h, buf);
	else if (source == CONSOLE_VRAM)
		copy_vram(h, buf);
	else
		copy_host_surface(h, buf);
	if (with_pointer) {
		struct pointer_view v;

		console_pointer_view(h, &v);
		if (v.visible) {
			int32_t left = v.x - (int32_t)v.shape->hot_x;
			int32_t top = v.y - (int32_t)v.shape->hot_y;

			if (v.shape->argb)
				draw_argb(buf, w, hh, v.shape, left, top);
			else
				draw_mono(buf, w, hh, v.shape, left, top);
		}
	}
	*pixels = buf;
	*width = w;
	*height = hh;
	return 0;
}
