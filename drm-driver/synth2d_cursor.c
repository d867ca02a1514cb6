// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cursor plane and the cursor contract (docs/display.md):
 *
 * - host cursor: the hotspot is known, so the host draws the pointer. The
 *   image goes out as POINTER_SHAPE, trimmed of fully transparent margins,
 *   moves as POINTER_POSITION (image top-left, protocol.md §2.8, §7.4);
 *   a move never touches VRAM;
 * - composited cursor: the hotspot is unknown (an atomic client before
 *   kernel 6.8), so the image is blended into VRAM and the host pointer
 *   is hidden;
 * - no cursor: the host pointer is hidden (1x1 shape, protocol.md §3);
 * - FEATURE_CHANGE: whatever the host shows is sent again.
 *
 * All of it runs from the CRTC's atomic_flush, after the primary plane
 * has copied its damage, so one commit sends one DIRT message.
 */
#include <linux/iosys-map.h>
#include <linux/minmax.h>

#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "synth2d_compat.h"
#include "synth2d_drv.h"
#include "synth2d_proto.h"

struct synth2d_msg_pointer_shape {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_pointer_shape body;
	u8 data[SYNTH2D_CURSOR_MAX_PAYLOAD];
} __packed;

struct synth2d_msg_pointer_position {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_pointer_position body;
} __packed;

static const u32 synth2d_cursor_formats[] = {
	DRM_FORMAT_ARGB8888,
};

static const u64 synth2d_cursor_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR,
	DRM_FORMAT_MOD_INVALID
};

const char *synth2d_cursor_mode_name(enum synth2d_cursor_mode mode)
{
	switch (mode) {
	case SYNTH2D_CURSOR_HOST:
		return "host";
	case SYNTH2D_CURSOR_COMPOSITED:
		return "composited";
	default:
		return "off";
	}
}

/* Size of the image a cursor plane state shows, in pixels. */
static void synth2d_cursor_size(const struct drm_plane_state *state,
				u32 *width, u32 *height)
{
	*width = state->src_w >> 16;
	*height = state->src_h >> 16;
}

static int synth2d_cursor_atomic_check(struct drm_plane *plane,
				       struct drm_atomic_state *state)
{
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state = NULL;
	int hot_x, hot_y, ret;
	u32 width, height;

	if (new_state->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state,
							   new_state->crtc);
	ret = drm_atomic_helper_check_plane_state(new_state, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  true, true);
	if (ret || !new_state->fb)
		return ret;

	/* Whole pixels only, as many as one POINTER_SHAPE holds (§2.9). */
	synth2d_cursor_size(new_state, &width, &height);
	if ((new_state->src_x | new_state->src_y | new_state->src_w |
	     new_state->src_h) & 0xffff)
		return -EINVAL;
	if (!width || !height || width > SYNTH2D_CURSOR_MAX_WIDTH ||
	    height > SYNTH2D_CURSOR_MAX_HEIGHT)
		return -EINVAL;

	/* The host needs the hotspot inside the image (§2.9). */
	if (synth2d_cursor_hotspot(new_state, state->legacy_cursor_update,
				   &hot_x, &hot_y) &&
	    (hot_x < 0 || hot_y < 0 || hot_x >= width || hot_y >= height))
		return -EINVAL;
	return 0;
}

/* The work is done in synth2d_cursor_flush(), from the CRTC's flush. */
static void synth2d_cursor_atomic_update(struct drm_plane *plane,
					 struct drm_atomic_state *state)
{
}

static const struct drm_plane_helper_funcs synth2d_cursor_helper_funcs = {
	DRM_GEM_SHADOW_PLANE_HELPER_FUNCS,
	.atomic_check = synth2d_cursor_atomic_check,
	.atomic_update = synth2d_cursor_atomic_update,
};

static const struct drm_plane_funcs synth2d_cursor_funcs = {
	.update_plane = drm_atomic_helper_update_plane,
	.disable_plane = drm_atomic_helper_disable_plane,
	.destroy = drm_plane_cleanup,
	DRM_GEM_SHADOW_PLANE_FUNCS,
};

/*
 * POINTER_SHAPE of @width x @height pixels at @pixels: one message when
 * the pixels fit 8 KiB, else parts 0, 1, ... of 8 KiB and a final part
 * 0xFF, each with the full header (protocol.md §2.9, §7.4).
 */
static int synth2d_cursor_send_shape(struct synth2d_device *sd,
				     const u32 *pixels, u32 width, u32 height,
				     u32 hot_x, u32 hot_y)
{
	struct synth2d_cursor *cur = &sd->cursor;
	struct synth2d_msg_pointer_shape *msg = cur->shape_msg;
	size_t total = (size_t)width * height * SYNTH2D_CPP;
	const u8 *src = (const u8 *)pixels;
	size_t off = 0, n;
	unsigned int part = 0;
	int ret;

	do {
		n = min_t(size_t, total - off, SYNTH2D_CURSOR_MAX_PAYLOAD);
		synth2d_msg_init(msg, SYNTH2D_SYNTHVID_POINTER_SHAPE,
				 offsetof(struct synth2d_msg_pointer_shape, data) + n);
		msg->body.part_idx = off + n == total ? SYNTH2D_CURSOR_COMPLETE :
							part;
		msg->body.is_argb = 1;
		msg->body.width = cpu_to_le32(width);
		msg->body.height = cpu_to_le32(height);
		msg->body.hot_x = cpu_to_le32(hot_x);
		msg->body.hot_y = cpu_to_le32(hot_y);
		memcpy(msg->data, src + off, n);
		ret = synth2d_channel_send(&sd->proto, msg,
					   offsetof(struct synth2d_msg_pointer_shape,
						    data) + n);
		if (ret)
			return ret;
		atomic64_inc(&sd->counters.shape_parts);
		off += n;
		part++;
	} while (off < total);
	atomic64_inc(&sd->counters.shape_uploads);
	return 0;
}

static int synth2d_cursor_send_position(struct synth2d_device *sd, int x,
					int y)
{
	struct synth2d_msg_pointer_position msg = {};

	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_POINTER_POSITION, sizeof(msg));
	msg.body.is_visible = 1;
	msg.body.video_output = 0;
	msg.body.image_x = cpu_to_le32(x);
	msg.body.image_y = cpu_to_le32(y);
	atomic64_inc(&sd->counters.positions);
	return synth2d_channel_send(&sd->proto, &msg, sizeof(msg));
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
		synth2d_cursor_send_shape(sd, cur->image, cur->width,
					  cur->height, cur->hot_x, cur->hot_y);
	if (synth2d_proto_features(sd).ptr_pos_needed)
		synth2d_cursor_send_position(sd, cur->x, cur->y);
}

/*
 * Copy the cursor image of @state into cur->image, trimmed of fully
 * transparent margins (kept wide enough to hold the hotspot, if known:
 * @hot_x >= 0); record the hotspot and the offset of the trimmed image.
 */
static void synth2d_cursor_load(struct synth2d_device *sd,
				struct drm_plane_state *state,
				int hot_x, int hot_y)
{
	struct drm_shadow_plane_state *shadow =
		to_drm_shadow_plane_state(state);
	struct synth2d_cursor *cur = &sd->cursor;
	const struct drm_framebuffer *fb = state->fb;
	u32 width, height, x, y, x1, y1, x2, y2;
	const u8 *base = shadow->data[0].vaddr;
	unsigned int pitch = fb->pitches[0];
	const u32 *row;
	u32 *dst;

	synth2d_cursor_size(state, &width, &height);
	base += fb->offsets[0] + (state->src_y >> 16) * pitch +
		(state->src_x >> 16) * SYNTH2D_CPP;

	x1 = width;
	y1 = height;
	x2 = 0;
	y2 = 0;
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
		cur->width = 0;
		cur->height = 0;
		return;
	}
	if (hot_x >= 0 && hot_y >= 0) {
		x1 = min_t(u32, x1, hot_x);
		y1 = min_t(u32, y1, hot_y);
		x2 = max_t(u32, x2, hot_x + 1);
		y2 = max_t(u32, y2, hot_y + 1);
	} else {
		hot_x = x1;
		hot_y = y1;
	}

	cur->width = x2 - x1;
	cur->height = y2 - y1;
	cur->hot_x = hot_x - x1;
	cur->hot_y = hot_y - y1;
	cur->trim_x = x1;
	cur->trim_y = y1;
	dst = cur->image;
	for (y = y1; y < y2; y++) {
		memcpy(dst, base + y * pitch + x1 * SYNTH2D_CPP,
		       cur->width * SYNTH2D_CPP);
		dst += cur->width;
	}
}

/* Screen rectangle the (trimmed) cursor image covers. */
static void synth2d_cursor_rect(const struct synth2d_cursor *cur,
				struct drm_rect *rect)
{
	drm_rect_init(rect, cur->x, cur->y, cur->width, cur->height);
}

/**
 * synth2d_cursor_blend() - draw the composited cursor over VRAM
 * @sd: the device
 * @area: screen area whose VRAM was just copied from the shadow buffer
 * @pitch: VRAM bytes per line
 *
 * The image is premultiplied ARGB (the DRM default for cursor planes).
 * Callers hold cursor.lock.
 */
static void synth2d_cursor_blend(struct synth2d_device *sd,
				 const struct drm_rect *area,
				 unsigned int pitch)
{
	struct synth2d_cursor *cur = &sd->cursor;
	u32 line[SYNTH2D_CURSOR_MAX_WIDTH];
	struct drm_rect r;
	const u32 *src;
	u32 s, d, a, c;
	int x, y, w, shift;
	u8 __iomem *vram;

	if (cur->mode != SYNTH2D_CURSOR_COMPOSITED || !cur->width)
		return;
	synth2d_cursor_rect(cur, &r);
	if (!drm_rect_intersect(&r, area))
		return;
	w = drm_rect_width(&r);
	for (y = r.y1; y < r.y2; y++) {
		vram = sd->vram + y * pitch + r.x1 * SYNTH2D_CPP;
		src = cur->image + (y - cur->y) * cur->width + (r.x1 - cur->x);
		memcpy_fromio(line, vram, w * SYNTH2D_CPP);
		for (x = 0; x < w; x++) {
			s = src[x];
			a = s >> 24;
			if (!a)
				continue;
			d = 0;
			for (shift = 0; shift < 24; shift += 8) {
				c = ((s >> shift) & 0xff) +
				    DIV_ROUND_CLOSEST(((line[x] >> shift) & 0xff) *
						      (255 - a), 255);
				d |= min_t(u32, c, 0xff) << shift;
			}
			line[x] = d;
		}
		memcpy_toio(vram, line, w * SYNTH2D_CPP);
	}
}

/* Composited cursor: VRAM under @rect back to the primary plane's pixels. */
static void synth2d_cursor_redraw(struct synth2d_device *sd,
				  const struct drm_rect *rect)
{
	struct drm_rect area = *rect;
	unsigned int pitch;

	if (!synth2d_blit_screen_rect(sd, sd->primary.state, &area, &pitch))
		return;
	synth2d_cursor_blend(sd, &area, pitch);
	synth2d_blit_add_dirt(sd, &area);
}

/**
 * synth2d_cursor_blend_damage() - keep a composited cursor on top
 * @sd: the device
 * @area: screen area the primary plane just copied to VRAM
 * @pitch: VRAM bytes per line
 */
void synth2d_cursor_blend_damage(struct synth2d_device *sd,
				 const struct drm_rect *area,
				 unsigned int pitch)
{
	mutex_lock(&sd->cursor.lock);
	synth2d_cursor_blend(sd, area, pitch);
	mutex_unlock(&sd->cursor.lock);
}

/**
 * synth2d_cursor_flush() - bring the host's pointer up to date
 * @sd: the device
 * @state: the commit being applied (the CRTC is active)
 *
 * Called from the CRTC's atomic_flush, after the primary plane update.
 */
void synth2d_cursor_flush(struct synth2d_device *sd,
			  struct drm_atomic_state *state)
{
	struct synth2d_cursor *cur = &sd->cursor;
	struct drm_plane *plane = &sd->cursor_plane;
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_plane_state *old_state =
		drm_atomic_get_old_plane_state(state, plane);
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, &sd->crtc);
	enum synth2d_cursor_mode mode, old_mode;
	bool modeset = crtc_state && drm_atomic_crtc_needs_modeset(crtc_state);
	bool reload, known, moved;
	struct drm_rect old_rect, new_rect;
	int hot_x = 0, hot_y = 0, x, y;

	if (!new_state && !modeset)
		return;
	if (!new_state)
		new_state = plane->state;

	mutex_lock(&cur->lock);
	old_mode = cur->mode;
	synth2d_cursor_rect(cur, &old_rect);

	if (!new_state->fb || !new_state->crtc) {
		mode = SYNTH2D_CURSOR_OFF;
		reload = false;
	} else {
		/* Before 6.8 only a legacy cursor ioctl tells the hotspot. */
		known = synth2d_cursor_hotspot(new_state,
					       state->legacy_cursor_update,
					       &hot_x, &hot_y);
		/*
		 * Same image (a move, a mode set): the hotspot is as known
		 * as when the image came; before 6.8 it is kept from then.
		 */
		if (old_state && new_state->fb == old_state->fb) {
			if (!known) {
				hot_x = cur->plane_hot_x;
				hot_y = cur->plane_hot_y;
			}
			known = cur->hotspot_known;
		}
		reload = !old_state || new_state->fb != old_state->fb ||
			 old_mode == SYNTH2D_CURSOR_OFF || modeset ||
			 hot_x != cur->plane_hot_x || hot_y != cur->plane_hot_y;
		if (reload) {
			cur->hotspot_known = known;
			cur->plane_hot_x = hot_x;
			cur->plane_hot_y = hot_y;
			synth2d_cursor_load(sd, new_state, known ? hot_x : -1,
					    known ? hot_y : -1);
		}
		mode = cur->hotspot_known ? SYNTH2D_CURSOR_HOST :
					    SYNTH2D_CURSOR_COMPOSITED;
	}

	x = new_state->crtc_x + cur->trim_x;
	y = new_state->crtc_y + cur->trim_y;
	if (mode == SYNTH2D_CURSOR_OFF) {
		x = 0;
		y = 0;
	}

	moved = x != cur->x || y != cur->y;

	/* Take a composited image out of VRAM before anything moves. */
	if (old_mode == SYNTH2D_CURSOR_COMPOSITED &&
	    (mode != old_mode || reload || moved)) {
		cur->mode = SYNTH2D_CURSOR_OFF;
		synth2d_cursor_redraw(sd, &old_rect);
	}
	cur->x = x;
	cur->y = y;

	switch (mode) {
	case SYNTH2D_CURSOR_HOST:
		if (reload || old_mode != mode)
			synth2d_cursor_send_host(sd, true);
		else if (moved)
			synth2d_cursor_send_host(sd, false);
		break;
	case SYNTH2D_CURSOR_COMPOSITED:
		if (old_mode != mode || modeset)
			synth2d_proto_hide_host_pointer(sd);
		cur->mode = mode;
		if (old_mode != mode || reload || moved) {
			synth2d_cursor_rect(cur, &new_rect);
			synth2d_cursor_redraw(sd, &new_rect);
		}
		break;
	default:
		cur->width = 0;
		cur->height = 0;
		if (old_mode != mode || modeset)
			synth2d_proto_hide_host_pointer(sd);
		break;
	}
	cur->mode = mode;
	mutex_unlock(&cur->lock);
}

/**
 * synth2d_cursor_off() - forget the cursor when the screen goes off
 * @sd: the device
 */
void synth2d_cursor_off(struct synth2d_device *sd)
{
	struct synth2d_cursor *cur = &sd->cursor;

	mutex_lock(&cur->lock);
	cur->mode = SYNTH2D_CURSOR_OFF;
	cur->width = 0;
	cur->height = 0;
	mutex_unlock(&cur->lock);
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
	if (cur->mode == SYNTH2D_CURSOR_HOST)
		synth2d_cursor_send_host(sd, true);
	else
		synth2d_proto_hide_host_pointer(sd);
	mutex_unlock(&cur->lock);
}

/**
 * synth2d_cursor_init() - set up the cursor state
 * @sd: the device
 *
 * Before the channel opens: FEATURE_CHANGE re-sends may come at once.
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
	cur->shape_msg = drmm_kzalloc(dev,
				      sizeof(struct synth2d_msg_pointer_shape),
				      GFP_KERNEL);
	if (!cur->image || !cur->shape_msg)
		return -ENOMEM;
	return 0;
}

/**
 * synth2d_cursor_plane_init() - create the cursor plane
 * @sd: the device
 *
 * Return: 0 or a negative error code.
 */
int synth2d_cursor_plane_init(struct synth2d_device *sd)
{
	struct drm_device *dev = &sd->drm;
	int ret;

	ret = drm_universal_plane_init(dev, &sd->cursor_plane, 0,
				       &synth2d_cursor_funcs,
				       synth2d_cursor_formats,
				       ARRAY_SIZE(synth2d_cursor_formats),
				       synth2d_cursor_modifiers,
				       DRM_PLANE_TYPE_CURSOR, NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&sd->cursor_plane, &synth2d_cursor_helper_funcs);

	/* DRM_CAP_CURSOR_WIDTH/HEIGHT: the protocol's limit (§2.9). */
	dev->mode_config.cursor_width = SYNTH2D_CURSOR_MAX_WIDTH;
	dev->mode_config.cursor_height = SYNTH2D_CURSOR_MAX_HEIGHT;
	return 0;
}
