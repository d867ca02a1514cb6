// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CRTC's CRC source (the DRM CRC API: debugfs dri/N/crtc-0/crc/control
 * and data), for KMS test suites that check pixels (docs/regression-testing.md).
 *
 * The one source, "auto", sums the composed guest image as the host shows
 * it: VRAM (the primary plane in the host's XRGB8888, docs/protocol.md §0)
 * with the cursor drawn over it at its position, blended as the host draws
 * its pointer. The sum is CRC-32 (zlib's crc32) over the visible pixels row
 * by row, each a little-endian 0x00RRGGBB word, so a reference picture's
 * CRC can be computed outside the guest.
 *
 * While a capture is open, each vblank queues one computation; nothing else
 * runs when none is open (the vblank timer tests one flag).
 */
#include <linux/crc32.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/workqueue.h>

#include <drm/drm_crtc.h>
#include <drm/drm_debugfs_crc.h>
#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/drm_vblank.h>

#include "synth2d_drv.h"

/* VRAM pixels read and summed at a time: the size of the line buffer. */
#define SYNTH2D_CRC_LINE_PIXELS	1024U

/*
 * Missed frames filled in with the next CRC at most: frames the timer
 * was late for show the picture it finds (fewer than the DRM core's
 * queue of entries, so a reader that keeps up never overflows it).
 */
#define SYNTH2D_CRC_MAX_FILL	(DRM_CRC_ENTRIES_NR / 2)

static const char *const synth2d_crc_sources[] = { "auto" };

/* The pointer as the CRC draws it: a copy, taken under cursor.lock. */
struct synth2d_crc_pointer {
	int x;
	int y;
	u32 width;
	u32 height;
	const u32 *image;
};

/*
 * @src (ARGB8888, straight alpha) over @dst (0x00RRGGBB) as the host
 * composites its pointer: alpha premultiplied with rounding, then OVER
 * with pixman's rounded division by 255 (tests/host/README.md).
 */
static u32 synth2d_crc_blend(u32 dst, u32 src)
{
	u32 a = src >> 24, out = 0, s, d, t;
	unsigned int shift;

	if (a == 0xff)
		return src & 0x00ffffff;
	if (!a)
		return dst;
	for (shift = 0; shift < 24; shift += 8) {
		s = (src >> shift) & 0xff;
		d = (dst >> shift) & 0xff;
		t = d * (0xff - a) + 0x80;
		t = (s * a + 127) / 255 + ((t + (t >> 8)) >> 8);
		out |= min(t, 0xffU) << shift;
	}
	return out;
}

/* Draw the part of @p in screen row @y, columns @x .. @x + @n - 1. */
static void synth2d_crc_draw_pointer(__le32 *line, u32 x, u32 y, u32 n,
				     const struct synth2d_crc_pointer *p)
{
	s64 row = (s64)y - p->y;
	s64 from = max_t(s64, x, p->x);
	s64 to = min_t(s64, (s64)x + n, (s64)p->x + p->width);
	const u32 *src;
	s64 i;

	if (row < 0 || row >= p->height || from >= to)
		return;
	src = p->image + row * p->width - p->x;
	for (i = from; i < to; i++)
		line[i - x] = cpu_to_le32(synth2d_crc_blend(le32_to_cpu(line[i - x]),
							    src[i]));
}

/**
 * synth2d_crc_of_screen() - CRC-32 of the composed guest image
 * @sd: the device
 * @screen: what the host was told it shows (active)
 * @p: the pointer drawn over it, @p->width 0 for none
 *
 * Reads VRAM a line buffer at a time, clears the X byte as the host
 * ignores it, draws the pointer's pixels of that run and sums the run.
 * The caller holds the composer's lock, so no commit writes VRAM
 * meanwhile: the sum is that of one whole picture, never a mix of two.
 *
 * Return: the CRC.
 */
static u32 synth2d_crc_of_screen(struct synth2d_device *sd,
				 const struct synth2d_scanout *screen,
				 const struct synth2d_crc_pointer *p)
{
	__le32 *line = sd->crc.line;
	const u8 __iomem *row;
	u32 crc = ~0U, x, y, n, i;

	for (y = 0; y < screen->height; y++) {
		row = (const u8 __iomem *)sd->vram + (size_t)y * screen->pitch;
		for (x = 0; x < screen->width; x += n) {
			n = min(screen->width - x, SYNTH2D_CRC_LINE_PIXELS);
			memcpy_fromio(line, row + x * SYNTH2D_CPP,
				      n * SYNTH2D_CPP);
			for (i = 0; i < n; i++)
				line[i] &= cpu_to_le32(0x00ffffff);
			if (p->width)
				synth2d_crc_draw_pointer(line, x, y, n, p);
			crc = crc32_le(crc, (const u8 *)line, n * SYNTH2D_CPP);
		}
	}
	return ~crc;
}

/* Copy the pointer the host is told to draw; width 0 when it draws none. */
static void synth2d_crc_take_pointer(struct synth2d_device *sd,
				     struct synth2d_crc_pointer *p)
{
	struct synth2d_cursor *cur = &sd->cursor;

	mutex_lock(&cur->lock);
	p->width = cur->mode == SYNTH2D_CURSOR_HOST ? cur->width : 0;
	p->height = cur->height;
	p->x = cur->x;
	p->y = cur->y;
	if (p->width)
		memcpy(sd->crc.pointer, cur->image,
		       (size_t)p->width * p->height * SYNTH2D_CPP);
	mutex_unlock(&cur->lock);
	p->image = sd->crc.pointer;
}

/* The CRC of what the host shows now; false when it shows nothing. */
static bool synth2d_crc_compose(struct synth2d_device *sd, u32 *crc)
{
	struct synth2d_scanout screen;
	struct synth2d_crc_pointer p;
	bool shown = false;
	u64 t;
	int idx;

	if (!drm_dev_enter(&sd->drm, &idx))
		return false;
	/*
	 * VRAM, the screen and the pointer of one moment: commits and legacy
	 * cursor updates write them under this lock (synth2d_blit_lock()).
	 */
	mutex_lock(&sd->compose_lock);
	mutex_lock(&sd->proto.scanout_lock);
	screen = sd->proto.scanout;
	mutex_unlock(&sd->proto.scanout_lock);
	if (screen.active &&
	    (u64)screen.pitch * screen.height <= sd->vram_size) {
		synth2d_crc_take_pointer(sd, &p);
		t = ktime_get_ns();
		*crc = synth2d_crc_of_screen(sd, &screen, &p);
		atomic64_add(ktime_get_ns() - t, &sd->crc.ns);
		atomic64_inc(&sd->crc.computed);
		shown = true;
	}
	mutex_unlock(&sd->compose_lock);
	drm_dev_exit(idx);
	return shown;
}

/*
 * Report the CRC of the newest vblank, and of the frames since the last
 * report that had none (the timer was late, or this work was): every
 * frame of a capture gets an entry, numbered with its vblank count.
 */
static void synth2d_crc_work(struct work_struct *work)
{
	struct synth2d_crc *c = container_of(work, struct synth2d_crc, work);
	struct synth2d_device *sd = container_of(c, struct synth2d_device, crc);
	u64 frame, first;
	u32 crc;

	spin_lock_irq(&c->lock);
	if (!c->pending) {
		spin_unlock_irq(&c->lock);
		return;
	}
	c->pending = false;
	frame = c->frame;
	first = c->reported && c->next <= frame ? c->next : frame;
	spin_unlock_irq(&c->lock);

	if (!synth2d_crc_compose(sd, &crc))
		return;
	if (frame - first >= SYNTH2D_CRC_MAX_FILL)
		first = frame - SYNTH2D_CRC_MAX_FILL + 1;
	for (; first <= frame; first++)
		drm_crtc_add_crc_entry(&sd->crtc, true, (u32)first, &crc);

	spin_lock_irq(&c->lock);
	c->next = frame + 1;
	c->reported = true;
	spin_unlock_irq(&c->lock);
}

/**
 * synth2d_crc_vblank() - a vblank happened: sum it if a capture is open
 * @sd: the device
 *
 * Called from the vblank timer after drm_crtc_handle_vblank(), so the
 * vblank count is this vblank's. The computation runs in a work item.
 */
void synth2d_crc_vblank(struct synth2d_device *sd)
{
	struct synth2d_crc *c = &sd->crc;

	if (!READ_ONCE(c->enabled))
		return;
	/* Checked again under the lock: no work is queued once it is off. */
	spin_lock(&c->lock);
	if (c->enabled) {
		c->frame = drm_crtc_vblank_count(&sd->crtc);
		c->pending = true;
		queue_work(system_unbound_wq, &c->work);
	}
	spin_unlock(&c->lock);
}

/* "auto" or nothing (a capture closing); anything else is an error. */
static int synth2d_crc_parse_source(const char *name, bool *enabled)
{
	*enabled = name && !strcmp(name, "auto");
	return !name || *enabled ? 0 : -EINVAL;
}

/**
 * synth2d_crc_verify_source() - check a source name for the control file
 * @crtc: the CRTC
 * @name: the name written
 * @values_cnt: set to 1, the CRC values per entry
 *
 * Return: 0 for "auto", -EINVAL for any other name.
 */
int synth2d_crc_verify_source(struct drm_crtc *crtc, const char *name,
			      size_t *values_cnt)
{
	bool enabled;

	if (synth2d_crc_parse_source(name, &enabled) || !enabled) {
		drm_dbg_driver(crtc->dev, "unknown CRC source %s\n", name);
		return -EINVAL;
	}
	*values_cnt = 1;
	return 0;
}

const char *const *synth2d_crc_get_sources(struct drm_crtc *crtc,
					   size_t *count)
{
	*count = ARRAY_SIZE(synth2d_crc_sources);
	return synth2d_crc_sources;
}

/**
 * synth2d_crc_set_source() - start or stop the CRC computation
 * @crtc: the CRTC, active when a capture opens
 * @name: "auto" when a capture opens, NULL when it closes
 *
 * A capture holds a vblank reference, so the timer runs while it is open.
 * Closing waits for a computation under way: its entries would otherwise
 * land in the next capture.
 *
 * Return: 0, -EINVAL for an unknown name, or the error of turning vblank on.
 */
int synth2d_crc_set_source(struct drm_crtc *crtc, const char *name)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);
	struct synth2d_crc *c = &sd->crc;
	bool enabled, was;
	int ret;

	ret = synth2d_crc_parse_source(name, &enabled);
	if (ret)
		return ret;
	if (enabled) {
		ret = drm_crtc_vblank_get(crtc);
		if (ret)
			return ret;
	}
	spin_lock_irq(&c->lock);
	was = c->enabled;
	WRITE_ONCE(c->enabled, enabled);
	c->pending = false;
	c->reported = false;
	spin_unlock_irq(&c->lock);
	if (!enabled)
		cancel_work_sync(&c->work);
	if (was)
		drm_crtc_vblank_put(crtc);
	return 0;
}

static void synth2d_crc_fini(struct drm_device *dev, void *data)
{
	struct synth2d_crc *c = data;

	WRITE_ONCE(c->enabled, false);
	cancel_work_sync(&c->work);
}

/**
 * synth2d_crc_init() - set up the CRC source
 * @sd: the device
 *
 * Return: 0 or a negative error code.
 */
int synth2d_crc_init(struct synth2d_device *sd)
{
	struct synth2d_crc *c = &sd->crc;

	spin_lock_init(&c->lock);
	INIT_WORK(&c->work, synth2d_crc_work);
	c->line = drmm_kmalloc_array(&sd->drm, SYNTH2D_CRC_LINE_PIXELS,
				     sizeof(*c->line), GFP_KERNEL);
	c->pointer = drmm_kmalloc(&sd->drm, SYNTH2D_CURSOR_MAX_SIZE,
				  GFP_KERNEL);
	if (!c->line || !c->pointer)
		return -ENOMEM;
	return drmm_add_action_or_reset(&sd->drm, synth2d_crc_fini, c);
}
