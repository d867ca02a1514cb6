// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shadow buffer to VRAM: each damage clip is copied on its own (never the
 * bounding box), and the copied rectangles are reported to the host in as
 * few DIRT messages as the protocol allows (docs/protocol.md §2.7, §7.3).
 *
 * VRAM holds exactly the visible screen with a pitch of width * 4, so a
 * framebuffer's pitch or panning offset never reaches the host. XRGB8888
 * is copied as it is; other formats are converted through a small line
 * buffer (synth2d_format.c). A pointer the host cannot draw is drawn in by
 * synth2d_blit_pointer.c.
 */
#include <linux/iosys-map.h>
#include <linux/ktime.h>

#include <drm/drm_atomic.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_format_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_rect.h>

#include "synth2d_drv.h"

/* Pixels converted at a time: the size of the line buffer (4 KiB). */
#define SYNTH2D_LINE_PIXELS	1024U

/* Rectangles copied by one plane update, sent as one DIRT message. */
struct synth2d_dirt_batch {
	unsigned int count;
	struct drm_rect rect[SYNTH2D_DIRT_MAX_RECTS];
};

/* Send the DIRT rects collected so far (up to 255 a message, docs/protocol.md §2.7). */
static void synth2d_blit_flush(struct synth2d_device *sd)
{
	struct synth2d_dirt_batch *batch = sd->dirt;

	if (!batch->count)
		return;
	if (synth2d_proto_features(sd).dirt_needed) {
		atomic64_inc(&sd->counters.dirt_msgs);
		atomic64_add(batch->count, &sd->counters.dirt_rects);
	}
	synth2d_proto_send_dirt(sd, batch->rect, batch->count);
	batch->count = 0;
}

/**
 * synth2d_blit_lock() - start writing VRAM: take the composer's lock
 * @sd: the device
 *
 * Every VRAM write happens between this and synth2d_blit_unlock(): a
 * commit's (from the CRTC's atomic_begin to its atomic_flush) or a legacy
 * cursor update's. The rects written in between go to the host in as few
 * DIRT messages as the protocol allows.
 */
void synth2d_blit_lock(struct synth2d_device *sd)
{
	mutex_lock(&sd->compose_lock);
	sd->dirt->count = 0;
}

/**
 * synth2d_blit_unlock() - send the DIRT of what was written, unlock
 * @sd: the device
 */
void synth2d_blit_unlock(struct synth2d_device *sd)
{
	synth2d_blit_flush(sd);
	mutex_unlock(&sd->compose_lock);
}

/**
 * synth2d_blit_report() - report a screen area as changed
 * @sd: the device
 * @rect: the area, in screen coordinates
 */
void synth2d_blit_report(struct synth2d_device *sd, const struct drm_rect *rect)
{
	struct synth2d_dirt_batch *batch = sd->dirt;

	batch->rect[batch->count++] = *rect;
	if (batch->count == ARRAY_SIZE(batch->rect))
		synth2d_blit_flush(sd);
}

/*
 * A plane update wrote @rect: draw a composed pointer there again
 * (synth2d_blit_pointer.c), report it.
 */
static void synth2d_blit_written(struct synth2d_device *sd,
				 const struct drm_rect *rect)
{
	synth2d_blit_pointer_redraw(sd, rect);
	synth2d_blit_report(sd, rect);
}

/*
 * Convert @clip of the shadow buffer @src (system memory: shmem GEM) to
 * XRGB8888 at @vram, a line or SYNTH2D_LINE_PIXELS at a time.
 */
static void synth2d_blit_convert(struct synth2d_device *sd,
				 const struct drm_framebuffer *fb,
				 const struct iosys_map *src,
				 const struct drm_rect *clip,
				 struct iosys_map *vram, unsigned int pitch)
{
	unsigned int cpp = fb->format->cpp[0];
	unsigned int width = drm_rect_width(clip);
	unsigned int height = drm_rect_height(clip);
	const u8 *line;
	unsigned int x, y, n;

	if (WARN_ON_ONCE(src->is_iomem))
		return;
	line = (const u8 *)src->vaddr + clip->y1 * fb->pitches[0] +
	       clip->x1 * cpp;
	for (y = 0; y < height; y++, line += fb->pitches[0]) {
		for (x = 0; x < width; x += n) {
			n = min(width - x, SYNTH2D_LINE_PIXELS);
			synth2d_format_line(sd->line, line + x * cpp, n,
					    fb->format->format);
			iosys_map_memcpy_to(vram, y * pitch + x * SYNTH2D_CPP,
					    sd->line, n * SYNTH2D_CPP);
		}
	}
}

/*
 * Copy @clip (framebuffer coordinates) of the shadow buffer @src to VRAM
 * at @dst (screen coordinates, same size), VRAM pitch @pitch.
 */
static void synth2d_blit_rect(struct synth2d_device *sd,
			      const struct drm_framebuffer *fb,
			      const struct iosys_map *src,
			      const struct drm_rect *clip,
			      const struct drm_rect *dst, unsigned int pitch)
{
	unsigned int dst_pitch[DRM_FORMAT_MAX_PLANES] = { pitch };
	struct iosys_map vram = IOSYS_MAP_INIT_VADDR_IOMEM(sd->vram);
	u64 t = ktime_get_ns();

	iosys_map_incr(&vram, dst->y1 * pitch + dst->x1 * SYNTH2D_CPP);
	if (synth2d_format_converts(fb->format->format))
		synth2d_blit_convert(sd, fb, src, clip, &vram, pitch);
	else
		drm_fb_memcpy(&vram, dst_pitch, src, fb, clip);
	atomic64_add(ktime_get_ns() - t, &sd->counters.blit_ns);
	atomic64_add((u64)drm_rect_width(dst) * drm_rect_height(dst) *
		     SYNTH2D_CPP, &sd->counters.vram_bytes);
}

/* The VRAM pitch of the screen @crtc_state shows: its width, 4 bytes a pixel. */
static unsigned int synth2d_blit_pitch(const struct drm_crtc_state *crtc_state)
{
	return crtc_state->mode.hdisplay * SYNTH2D_CPP;
}

/*
 * Copy the part of the plane shown at @dst (screen coordinates, inside the
 * plane) to VRAM and report it; @dx, @dy take framebuffer to screen.
 */
static void synth2d_blit_plane_rect(struct synth2d_device *sd,
				    struct drm_plane_state *state,
				    const struct drm_rect *dst, int dx, int dy,
				    unsigned int pitch)
{
	struct drm_rect clip = *dst;

	drm_rect_translate(&clip, -dx, -dy);
	synth2d_blit_rect(sd, state->fb, to_drm_shadow_plane_state(state)->data,
			  &clip, dst, pitch);
	synth2d_blit_written(sd, dst);
}

/**
 * synth2d_blit_damage() - bring VRAM up to date after a plane update
 * @sd: the device
 * @crtc_state: the new state of the CRTC the plane is on (active)
 * @old_state: the plane's previous state
 * @new_state: the plane's new state (a shadow-plane state)
 *
 * Copies every damage clip from the shadow buffer to VRAM on its own
 * (never their bounding box) and collects the copied rectangles for the
 * commit's DIRT message. A full update (modeset, new framebuffer without
 * clips) arrives from the damage iterator as one full-screen clip; a plane
 * that moved on the screen or was hidden is copied whole too, which the
 * damage iterator does not do. The plane may cover part of the screen:
 * VRAM lines are as long as the CRTC's, not the plane's.
 */
void synth2d_blit_damage(struct synth2d_device *sd,
			 const struct drm_crtc_state *crtc_state,
			 struct drm_plane_state *old_state,
			 struct drm_plane_state *new_state)
{
	const struct drm_rect *screen = &new_state->dst;
	struct drm_atomic_helper_damage_iter iter;
	unsigned int pitch = synth2d_blit_pitch(crtc_state);
	int dx, dy, idx;
	struct drm_rect dst;

	if (!new_state->fb || !new_state->visible)
		return;
	/* atomic_check bounds the screen by VRAM; never write past it. */
	if ((u64)pitch * screen->y2 > sd->vram_size)
		return;
	if (!drm_dev_enter(&sd->drm, &idx))
		return;

	/* Framebuffer to screen: minus the source origin, plus the CRTC one. */
	dx = screen->x1 - (new_state->src.x1 >> 16);
	dy = screen->y1 - (new_state->src.y1 >> 16);

	if (!old_state->visible || !drm_rect_equals(&old_state->dst, screen)) {
		synth2d_blit_plane_rect(sd, new_state, screen, dx, dy, pitch);
	} else {
		drm_atomic_helper_damage_iter_init(&iter, old_state, new_state);
		drm_atomic_for_each_plane_damage(&iter, &dst) {
			drm_rect_translate(&dst, dx, dy);
			if (drm_rect_intersect(&dst, screen))
				synth2d_blit_plane_rect(sd, new_state, &dst,
							dx, dy, pitch);
		}
	}

	drm_dev_exit(idx);
}

/* Fill @rect of the screen with black, report it to the host. */
static void synth2d_blit_black(struct synth2d_device *sd,
			       const struct drm_rect *rect, unsigned int pitch)
{
	struct iosys_map vram = IOSYS_MAP_INIT_VADDR_IOMEM(sd->vram);
	unsigned int len = drm_rect_width(rect) * SYNTH2D_CPP;
	int y;

	if (!drm_rect_visible(rect))
		return;
	iosys_map_incr(&vram, rect->y1 * pitch + rect->x1 * SYNTH2D_CPP);
	for (y = rect->y1; y < rect->y2; y++) {
		iosys_map_memset(&vram, 0, 0, len);
		iosys_map_incr(&vram, pitch);
	}
	atomic64_add((u64)len * drm_rect_height(rect), &sd->counters.vram_bytes);
	synth2d_blit_written(sd, rect);
}

/**
 * synth2d_blit_uncovered() - show black where no plane covers the screen
 * @sd: the device
 * @crtc_state: the CRTC's new state
 * @old_primary: the primary plane's old state, or NULL if not in the commit
 * @new_primary: the primary plane's new state, or NULL if not in the commit
 *
 * A screen whose primary plane is off, or smaller than the screen, shows
 * black around it, as a scanout engine shows its background colour. The
 * black is written when the covered area changes (a mode set, the plane
 * moved, hidden or shown), so VRAM never keeps an old picture there.
 */
void synth2d_blit_uncovered(struct synth2d_device *sd,
			    const struct drm_crtc_state *crtc_state,
			    const struct drm_plane_state *old_primary,
			    const struct drm_plane_state *new_primary)
{
	unsigned int pitch = synth2d_blit_pitch(crtc_state);
	struct drm_rect screen, band, cover = {};
	int idx;

	if (!crtc_state->active)
		return;
	if (!drm_atomic_crtc_needs_modeset(crtc_state)) {
		if (!new_primary)
			return;
		if (old_primary->visible == new_primary->visible &&
		    drm_rect_equals(&old_primary->dst, &new_primary->dst))
			return;
	}
	drm_rect_init(&screen, 0, 0, crtc_state->mode.hdisplay,
		      crtc_state->mode.vdisplay);
	if ((u64)pitch * screen.y2 > sd->vram_size)
		return;
	/* The plane's dst is clipped to the screen (atomic_check); none: 0,0,0,0. */
	if (new_primary && new_primary->visible && new_primary->fb)
		cover = new_primary->dst;
	else if (!new_primary && crtc_state->plane_mask &
		 drm_plane_mask(crtc_state->crtc->primary))
		return;	/* a mode set keeps the plane: it covers what it did */
	if (!drm_dev_enter(&sd->drm, &idx))
		return;

	/* Above, below, then left and right of the plane (all: no plane). */
	drm_rect_init(&band, 0, 0, screen.x2, cover.y1);
	synth2d_blit_black(sd, &band, pitch);
	drm_rect_init(&band, 0, cover.y2, screen.x2, screen.y2 - cover.y2);
	synth2d_blit_black(sd, &band, pitch);
	drm_rect_init(&band, 0, cover.y1, cover.x1, drm_rect_height(&cover));
	synth2d_blit_black(sd, &band, pitch);
	drm_rect_init(&band, cover.x2, cover.y1, screen.x2 - cover.x2,
		      drm_rect_height(&cover));
	synth2d_blit_black(sd, &band, pitch);

	drm_dev_exit(idx);
}

/**
 * synth2d_blit_init() - allocate what plane updates need
 * @sd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int synth2d_blit_init(struct synth2d_device *sd)
{
	int ret;

	ret = drmm_mutex_init(&sd->drm, &sd->compose_lock);
	if (ret)
		return ret;
	sd->dirt = drmm_kzalloc(&sd->drm, sizeof(*sd->dirt), GFP_KERNEL);
	sd->line = drmm_kmalloc_array(&sd->drm, SYNTH2D_LINE_PIXELS,
				      sizeof(*sd->line), GFP_KERNEL);
	if (!sd->dirt || !sd->line)
		return -ENOMEM;
	return synth2d_blit_pointer_init(sd);
}
