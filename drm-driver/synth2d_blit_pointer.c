// SPDX-License-Identifier: GPL-2.0-only
/*
 * The composed pointer: a cursor image the host cannot be given (it does
 * not fit one POINTER_SHAPE message, docs/display.md) is drawn into VRAM
 * by synth2d, with the host's own pointer hidden.
 *
 * The pixels under the pointer are kept ("save-under") when it is drawn,
 * so that a move or a hide puts them back without reading a framebuffer
 * outside its commit. A plane update that rewrites part of the pointer's
 * area refreshes the kept pixels from what it wrote and draws the pointer
 * over them again (synth2d_blit_pointer_redraw(), from
 * synth2d_blit_add_dirt()): the host never sees the screen without it.
 *
 * All of this runs under the composer's lock (synth2d_blit_lock()), like
 * every other VRAM write.
 */
#include <linux/io.h>
#include <linux/minmax.h>

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_rect.h>

#include "synth2d_drv.h"

/* Straight-alpha @src over @dst, rounded (the host's rule, docs/display.md). */
static u32 synth2d_blend(u32 src, u32 dst)
{
	u32 a = src >> 24, out = 0;
	unsigned int shift;

	if (a == 0xff)
		return src & 0xffffff;
	if (!a)
		return dst & 0xffffff;
	for (shift = 0; shift < 24; shift += 8) {
		u32 s = (src >> shift) & 0xff, d = (dst >> shift) & 0xff;

		out |= ((s * a + d * (0xff - a) + 0x7f) / 0xff) << shift;
	}
	return out;
}

/* The pointer's area on the screen now (empty without a screen). */
static struct drm_rect synth2d_pointer_area(const struct synth2d_blit_pointer *p)
{
	struct drm_rect r = p->pos, screen;

	drm_rect_init(&screen, 0, 0, p->screen_w, p->screen_h);
	if (!drm_rect_intersect(&r, &screen))
		drm_rect_init(&r, 0, 0, 0, 0);
	return r;
}

/* VRAM address of screen pixel @x, @y. */
static void __iomem *synth2d_vram_at(struct synth2d_device *sd, int x, int y)
{
	return sd->vram + (size_t)y * sd->pointer.screen_w * SYNTH2D_CPP +
	       (size_t)x * SYNTH2D_CPP;
}

/* Index of screen pixel @x, @y in the pointer's @image and @under. */
static size_t synth2d_pointer_index(const struct synth2d_blit_pointer *p,
				    int x, int y)
{
	return (size_t)(y - p->pos.y1) * drm_rect_width(&p->pos) + (x - p->pos.x1);
}

/*
 * Keep the VRAM pixels of @r (inside the pointer's area) in @under, then
 * draw the pointer over them there. Callers are inside drm_dev_enter().
 */
static void synth2d_pointer_draw_rect(struct synth2d_device *sd,
				      const struct drm_rect *r)
{
	struct synth2d_blit_pointer *p = &sd->pointer;
	unsigned int n = drm_rect_width(r);
	unsigned int i;
	int y;

	for (y = r->y1; y < r->y2; y++) {
		size_t off = synth2d_pointer_index(p, r->x1, y);
		void __iomem *vram = synth2d_vram_at(sd, r->x1, y);

		memcpy_fromio(p->under + off, vram, n * SYNTH2D_CPP);
		for (i = 0; i < n; i++)
			p->line[i] = cpu_to_le32(synth2d_blend(p->image[off + i],
							       p->under[off + i]));
		memcpy_toio(vram, p->line, n * SYNTH2D_CPP);
	}
	atomic64_add((u64)n * drm_rect_height(r) * SYNTH2D_CPP,
		     &sd->counters.vram_bytes);
}

/* Put back what the pointer covers, report it; it is not drawn after. */
static void synth2d_pointer_erase(struct synth2d_device *sd)
{
	struct synth2d_blit_pointer *p = &sd->pointer;
	struct drm_rect r = synth2d_pointer_area(p);
	unsigned int n = drm_rect_width(&r);
	int y, idx;

	if (!p->drawn)
		return;
	p->drawn = false;
	if (!drm_rect_visible(&r) || !drm_dev_enter(&sd->drm, &idx))
		return;
	for (y = r.y1; y < r.y2; y++)
		memcpy_toio(synth2d_vram_at(sd, r.x1, y),
			    p->under + synth2d_pointer_index(p, r.x1, y),
			    n * SYNTH2D_CPP);
	atomic64_add((u64)n * drm_rect_height(&r) * SYNTH2D_CPP,
		     &sd->counters.vram_bytes);
	drm_dev_exit(idx);
	synth2d_blit_report(sd, &r);
}

/* Draw the pointer where it is, report it. */
static void synth2d_pointer_draw(struct synth2d_device *sd)
{
	struct synth2d_blit_pointer *p = &sd->pointer;
	struct drm_rect r = synth2d_pointer_area(p);
	int idx;

	p->drawn = true;
	if (!drm_rect_visible(&r) || !drm_dev_enter(&sd->drm, &idx))
		return;
	synth2d_pointer_draw_rect(sd, &r);
	drm_dev_exit(idx);
	synth2d_blit_report(sd, &r);
}

/**
 * synth2d_blit_pointer_show() - draw a pointer into VRAM, or move it
 * @sd: the device
 * @image: @width x @height ARGB8888 pixels, straight alpha; NULL: the
 *	image drawn now, only the position changes
 * @width: image width, 1..96
 * @height: image height, 1..96
 * @x: screen position of the image's top-left pixel, x
 * @y: screen position of the image's top-left pixel, y
 *
 * The old pointer's pixels are put back first. Callers hold the
 * composer's lock; the DIRT goes out with synth2d_blit_unlock().
 */
void synth2d_blit_pointer_show(struct synth2d_device *sd, const u32 *image,
			       u32 width, u32 height, int x, int y)
{
	struct synth2d_blit_pointer *p = &sd->pointer;

	lockdep_assert_held(&sd->compose_lock);
	if (p->drawn && !image && p->pos.x1 == x && p->pos.y1 == y)
		return;
	synth2d_pointer_erase(sd);
	if (image) {
		memcpy(p->image, image, (size_t)width * height * SYNTH2D_CPP);
		drm_rect_init(&p->pos, x, y, width, height);
	} else {
		drm_rect_init(&p->pos, x, y, drm_rect_width(&p->pos),
			      drm_rect_height(&p->pos));
	}
	synth2d_pointer_draw(sd);
}

/**
 * synth2d_blit_pointer_hide() - take the pointer out of VRAM
 * @sd: the device
 *
 * Callers hold the composer's lock.
 */
void synth2d_blit_pointer_hide(struct synth2d_device *sd)
{
	lockdep_assert_held(&sd->compose_lock);
	synth2d_pointer_erase(sd);
	drm_rect_init(&sd->pointer.pos, 0, 0, 0, 0);
}

/**
 * synth2d_blit_pointer_redraw() - a plane update rewrote @rect of VRAM
 * @sd: the device
 * @rect: the rewritten area, screen coordinates
 *
 * Where it overlaps the pointer, the new pixels become the ones under the
 * pointer, and the pointer is drawn over them again; @rect is being
 * reported to the host already.
 */
void synth2d_blit_pointer_redraw(struct synth2d_device *sd,
				 const struct drm_rect *rect)
{
	struct synth2d_blit_pointer *p = &sd->pointer;
	struct drm_rect r;
	int idx;

	if (!p->drawn)
		return;
	r = synth2d_pointer_area(p);
	if (!drm_rect_intersect(&r, rect) || !drm_dev_enter(&sd->drm, &idx))
		return;
	synth2d_pointer_draw_rect(sd, &r);
	drm_dev_exit(idx);
}

/**
 * synth2d_blit_pointer_screen() - the screen's size changed
 * @sd: the device
 * @width: the new width in pixels, 0 with the CRTC off
 * @height: the new height
 *
 * VRAM is laid out again, so the kept pixels mean nothing: the pointer
 * counts as not drawn until the cursor code shows it on the new screen,
 * after the mode set has filled VRAM.
 */
void synth2d_blit_pointer_screen(struct synth2d_device *sd, u32 width,
				 u32 height)
{
	struct synth2d_blit_pointer *p = &sd->pointer;

	mutex_lock(&sd->compose_lock);
	p->drawn = false;
	p->screen_w = width;
	p->screen_h = height;
	mutex_unlock(&sd->compose_lock);
}

/**
 * synth2d_blit_pointer_init() - allocate the composed pointer's buffers
 * @sd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int synth2d_blit_pointer_init(struct synth2d_device *sd)
{
	struct synth2d_blit_pointer *p = &sd->pointer;
	struct drm_device *dev = &sd->drm;

	p->image = drmm_kzalloc(dev, SYNTH2D_CURSOR_MAX_SIZE, GFP_KERNEL);
	p->under = drmm_kzalloc(dev, SYNTH2D_CURSOR_MAX_SIZE, GFP_KERNEL);
	p->line = drmm_kmalloc_array(dev, SYNTH2D_CURSOR_MAX_WIDTH,
				     sizeof(*p->line), GFP_KERNEL);
	return p->image && p->under && p->line ? 0 : -ENOMEM;
}
