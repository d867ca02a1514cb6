// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cursor contract (docs/display.md), whatever way the client sets the
 * cursor (synth2d_cursor_plane.c or synth2d_cursor_legacy.c):
 *
 * - host cursor: the image, trimmed of fully transparent margins, goes to
 *   the host as POINTER_SHAPE with its hotspot, moves as POINTER_POSITION
 *   (image top-left, docs/protocol.md §2.8, §7.4); a move never touches VRAM;
 * - composed cursor: a trimmed image that does not fit one POINTER_SHAPE
 *   message is drawn into VRAM by the composer (synth2d_blit_pointer.c)
 *   with the host pointer hidden: the split shape is an inference that no
 *   real guest is known to use (docs/protocol.md §2.9), unless the
 *   multipart_cursor parameter asks for it;
 * - no cursor: the host pointer is hidden (1x1 shape, docs/protocol.md §3), and
 *   the client draws its own pointer if it wants one;
 * - FEATURE_CHANGE and mode sets: whatever the host shows is sent again.
 *
 * A cursor always has a hotspot: the driver offers a cursor only through
 * the interfaces that carry one (DRIVER_CURSOR_HOTSPOT from kernel 6.8,
 * the CRTC's legacy cursor hooks before).
 */
#include <linux/minmax.h>
#include <linux/moduleparam.h>

#include <drm/drm_managed.h>

#include "synth2d_drv.h"

/* The cursor size clients are told to use (DRM_CAP_CURSOR_WIDTH). */
#define SYNTH2D_CURSOR_CAP_SIZE		64

static bool synth2d_multipart_cursor;
module_param_named(multipart_cursor, synth2d_multipart_cursor, bool, 0644);
MODULE_PARM_DESC(multipart_cursor,
		 "Send cursor images larger than one message to the host in parts (unproven on real hosts; default: draw them into VRAM)");

const char *synth2d_cursor_mode_name(enum synth2d_cursor_mode mode)
{
	switch (mode) {
	case SYNTH2D_CURSOR_HOST:
		return "host";
	case SYNTH2D_CURSOR_COMPOSED:
		return "composed";
	default:
		return "off";
	}
}

/* Whether the host can be given the loaded image (docs/display.md). */
static enum synth2d_cursor_mode synth2d_cursor_mode_for(const struct synth2d_cursor *cur)
{
	size_t bytes = (size_t)cur->width * cur->height * SYNTH2D_CPP;

	if (bytes <= SYNTH2D_CURSOR_MAX_PAYLOAD ||
	    READ_ONCE(synth2d_multipart_cursor))
		return SYNTH2D_CURSOR_HOST;
	return SYNTH2D_CURSOR_COMPOSED;
}

/* Host cursor: the current shape and, if the host wants it, position. */
static void synth2d_cursor_send_host(struct synth2d_device *sd, bool shape)
{
	struct synth2d_cursor *cur = &sd->cursor;

	if (!cur->width) {
		/* A fully transparent image: no pointer at all (rule 3). */
		if (shape)
			synth2d_proto_hide_host_pointer(sd);
		return;
	}
	if (shape)
		synth2d_proto_send_pointer_shape(sd, cur->image, cur->width,
						 cur->height, cur->hot_x,
						 cur->hot_y);
	if (synth2d_proto_features(sd).ptr_pos_needed)
		synth2d_proto_send_pointer_position(sd, cur->x, cur->y);
}

/*
 * DRM cursor images carry premultiplied alpha (a plane without a "pixel
 * blend mode" property blends premultiplied). The host is taken to blend
 * straight alpha, as Windows' colour pointer shapes are (docs/display.md,
 * docs/protocol.md §8: not documented for Hyper-V), so translucent pixels
 * are divided by their alpha, rounded; opaque and clear ones stay as they
 * are.
 */
static u32 synth2d_cursor_straight(u32 px)
{
	u32 a = px >> 24, out = px & 0xff000000, c;
	unsigned int shift;

	if (a == 0 || a == 0xff)
		return px;
	for (shift = 0; shift < 24; shift += 8) {
		c = (((px >> shift) & 0xff) * 0xff + a / 2) / a;
		out |= min(c, 0xffU) << shift;
	}
	return out;
}

/**
 * synth2d_cursor_load_locked() - take a new cursor image
 * @sd: the device
 * @base: top-left pixel of the image, ARGB8888
 * @pitch: bytes per image line
 * @width: image width, 1..96
 * @height: image height, 1..96
 * @hot_x: hotspot inside the image, x
 * @hot_y: hotspot inside the image, y
 *
 * Copies the image trimmed of fully transparent margins (kept wide enough
 * to hold the hotspot) into cursor.image, in straight alpha. Callers hold
 * cursor.lock and have checked the sizes and that the hotspot lies inside
 * the image.
 */
void synth2d_cursor_load_locked(struct synth2d_device *sd, const u8 *base,
				unsigned int pitch, u32 width, u32 height,
				u32 hot_x, u32 hot_y)
{
	struct synth2d_cursor *cur = &sd->cursor;
	u32 x, y, x1 = width, y1 = height, x2 = 0, y2 = 0;
	const u32 *row;
	u32 *dst;

	for (y = 0; y < height; y++) {
		row = (const u32 *)(base + y * pitch);
		for (x = 0; x < width; x++) {
			if (!(row[x] >> 24))
				continue;
			x1 = min(x1, x);
			x2 = max(x2, x + 1);
			y1 = min(y1, y);
			y2 = max(y2, y + 1);
		}
	}
	if (x1 >= x2) {
		/* Fully transparent: no pointer at all (rule 3). */
		cur->width = 0;
		cur->height = 0;
		cur->trim_x = 0;
		cur->trim_y = 0;
		return;
	}
	x1 = min(x1, hot_x);
	y1 = min(y1, hot_y);
	x2 = max(x2, hot_x + 1);
	y2 = max(y2, hot_y + 1);

	cur->width = x2 - x1;
	cur->height = y2 - y1;
	cur->hot_x = hot_x - x1;
	cur->hot_y = hot_y - y1;
	cur->trim_x = x1;
	cur->trim_y = y1;
	dst = cur->image;
	for (y = y1; y < y2; y++) {
		row = (const u32 *)(base + y * pitch);
		for (x = x1; x < x2; x++)
			*dst++ = synth2d_cursor_straight(row[x]);
	}
}

/**
 * synth2d_cursor_show_locked() - show the loaded image
 * @sd: the device
 * @new_shape: the image or hotspot changed, or the host must get it again
 * @crtc_x: screen position of the untrimmed image's top-left pixel, x
 * @crtc_y: screen position of the untrimmed image's top-left pixel, y
 *
 * Host cursor: sends the shape when it is new to the host, and the
 * position when it moved. Composed cursor: draws it into VRAM, the host
 * pointer hidden. Callers hold the composer's lock, then cursor.lock.
 */
void synth2d_cursor_show_locked(struct synth2d_device *sd, bool new_shape,
				int crtc_x, int crtc_y)
{
	struct synth2d_cursor *cur = &sd->cursor;
	enum synth2d_cursor_mode mode = synth2d_cursor_mode_for(cur);
	int x = crtc_x + cur->trim_x, y = crtc_y + cur->trim_y;
	bool moved = x != cur->x || y != cur->y;

	cur->x = x;
	cur->y = y;
	if (mode != cur->mode) {
		if (cur->mode == SYNTH2D_CURSOR_COMPOSED)
			synth2d_blit_pointer_hide(sd);
		else if (cur->mode == SYNTH2D_CURSOR_HOST)
			synth2d_proto_hide_host_pointer(sd);
		cur->mode = mode;
		new_shape = true;
	}
	if (mode == SYNTH2D_CURSOR_COMPOSED)
		synth2d_blit_pointer_show(sd, new_shape ? cur->image : NULL,
					  cur->width, cur->height, x, y);
	else if (new_shape || moved)
		synth2d_cursor_send_host(sd, new_shape);
}

/**
 * synth2d_cursor_hide_locked() - no cursor: hide the host's pointer
 * @sd: the device
 *
 * Sends the hide pair only when the host showed a cursor; takes a
 * composed one out of VRAM. Callers hold the composer's lock, then
 * cursor.lock.
 */
void synth2d_cursor_hide_locked(struct synth2d_device *sd)
{
	struct synth2d_cursor *cur = &sd->cursor;
	enum synth2d_cursor_mode was = cur->mode;

	cur->mode = SYNTH2D_CURSOR_OFF;
	cur->width = 0;
	cur->height = 0;
	cur->x = 0;
	cur->y = 0;
	if (was == SYNTH2D_CURSOR_HOST)
		synth2d_proto_hide_host_pointer(sd);
	else if (was == SYNTH2D_CURSOR_COMPOSED)
		synth2d_blit_pointer_hide(sd);
}

/* The host's side of synth2d_cursor_resend(); callers hold cursor.lock. */
static void synth2d_cursor_resend_locked(struct synth2d_device *sd)
{
	if (sd->cursor.mode == SYNTH2D_CURSOR_HOST)
		synth2d_cursor_send_host(sd, true);
	else
		synth2d_proto_hide_host_pointer(sd);
}

/**
 * synth2d_cursor_resend() - show the host what it should show again
 * @sd: the device
 *
 * After FEATURE_CHANGE (a console window reopened, rule 4) or a channel
 * reopen: the shape and position in host-cursor mode, else the hidden
 * pointer.
 */
void synth2d_cursor_resend(struct synth2d_device *sd)
{
	struct synth2d_cursor *cur = &sd->cursor;

	mutex_lock(&cur->lock);
	synth2d_cursor_resend_locked(sd);
	mutex_unlock(&cur->lock);
}

/**
 * synth2d_cursor_restore() - show the pointer again after a mode set
 * @sd: the device
 *
 * The CRTC's enable hid the host's pointer and laid VRAM out again: the
 * host gets what synth2d_cursor_resend() sends, and a composed pointer is
 * drawn on the new screen. From the CRTC's atomic_flush (the composer's
 * lock is held).
 */
void synth2d_cursor_restore(struct synth2d_device *sd)
{
	struct synth2d_cursor *cur = &sd->cursor;

	mutex_lock(&cur->lock);
	synth2d_cursor_resend_locked(sd);
	if (cur->mode == SYNTH2D_CURSOR_COMPOSED)
		synth2d_blit_pointer_show(sd, cur->image, cur->width,
					  cur->height, cur->x, cur->y);
	mutex_unlock(&cur->lock);
}

/**
 * synth2d_cursor_init() - set up the cursor state
 * @sd: the device
 *
 * Before the channel opens.
 *
 * Return: 0 or a negative error code.
 */
int synth2d_cursor_init(struct synth2d_device *sd)
{
	struct synth2d_cursor *cur = &sd->cursor;
	struct drm_device *dev = &sd->drm;
	int ret;

	ret = drmm_mutex_init(dev, &cur->lock);
	if (ret)
		return ret;
	cur->image = drmm_kzalloc(dev, SYNTH2D_CURSOR_MAX_SIZE, GFP_KERNEL);
	if (!cur->image)
		return -ENOMEM;

	/*
	 * DRM_CAP_CURSOR_WIDTH/HEIGHT: 64x64, as every virtual GPU driver
	 * gives, although images up to the protocol's 96x96 are taken
	 * (docs/protocol.md §2.9). Xorg makes its cursor buffer that size, and its
	 * two-colour cursor path (RealizeCursorInterleave64) garbles every
	 * other row when the width is not a multiple of 64 (docs/display.md).
	 */
	dev->mode_config.cursor_width = SYNTH2D_CURSOR_CAP_SIZE;
	dev->mode_config.cursor_height = SYNTH2D_CURSOR_CAP_SIZE;
	return 0;
}
