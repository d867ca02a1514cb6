// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shadow buffer to VRAM: each damage clip is copied on its own (never the
 * bounding box), and the copied rectangles are reported to the host in as
 * few DIRT messages as the protocol allows (protocol.md §2.7, §7.3).
 *
 * VRAM holds exactly the visible screen with a pitch of width * 4, so a
 * framebuffer's pitch or panning offset never reaches the host.
 */
#include <linux/iosys-map.h>

#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_format_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_rect.h>

#include "synth2d_drv.h"

/* Rectangles copied by one plane update, sent as one DIRT message. */
struct synth2d_dirt_batch {
	unsigned int count;
	struct drm_rect rect[SYNTH2D_DIRT_MAX_RECTS];
};

static void synth2d_blit_flush(struct synth2d_device *sd)
{
	struct synth2d_dirt_batch *batch = sd->dirt;

	synth2d_proto_send_dirt(sd, batch->rect, batch->count);
	batch->count = 0;
}

static void synth2d_blit_add_dirt(struct synth2d_device *sd,
				  const struct drm_rect *rect)
{
	struct synth2d_dirt_batch *batch = sd->dirt;

	batch->rect[batch->count++] = *rect;
	if (batch->count == ARRAY_SIZE(batch->rect))
		synth2d_blit_flush(sd);
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

	iosys_map_incr(&vram, dst->y1 * pitch + dst->x1 * SYNTH2D_CPP);
	drm_fb_memcpy(&vram, dst_pitch, src, fb, clip);
}

/**
 * synth2d_blit_damage() - bring VRAM up to date after a plane update
 * @sd: the device
 * @old_state: the plane's previous state
 * @new_state: the plane's new state (a shadow-plane state, visible)
 *
 * Copies every damage clip from the shadow buffer to VRAM and sends the
 * copied rectangles as DIRT. A full update (modeset, new framebuffer
 * without clips) arrives from the damage iterator as one full-screen clip.
 */
void synth2d_blit_damage(struct synth2d_device *sd,
			 struct drm_plane_state *old_state,
			 struct drm_plane_state *new_state)
{
	struct drm_shadow_plane_state *shadow =
		to_drm_shadow_plane_state(new_state);
	const struct drm_rect *screen = &new_state->dst;
	unsigned int pitch = drm_rect_width(screen) * SYNTH2D_CPP;
	struct drm_framebuffer *fb = new_state->fb;
	struct drm_atomic_helper_damage_iter iter;
	int dx, dy, idx;
	struct drm_rect clip, dst;

	if (!fb || !new_state->visible)
		return;
	/* atomic_check bounds the screen by VRAM; never write past it. */
	if ((u64)pitch * screen->y2 > sd->vram_size)
		return;
	if (!drm_dev_enter(&sd->drm, &idx))
		return;

	/* Framebuffer to screen: minus the source origin, plus the CRTC one. */
	dx = screen->x1 - (new_state->src.x1 >> 16);
	dy = screen->y1 - (new_state->src.y1 >> 16);

	sd->dirt->count = 0;
	drm_atomic_helper_damage_iter_init(&iter, old_state, new_state);
	drm_atomic_for_each_plane_damage(&iter, &clip) {
		dst = clip;
		drm_rect_translate(&dst, dx, dy);
		if (!drm_rect_intersect(&dst, screen))
			continue;
		clip = dst;
		drm_rect_translate(&clip, -dx, -dy);

		synth2d_blit_rect(sd, fb, shadow->data, &clip, &dst, pitch);
		synth2d_blit_add_dirt(sd, &dst);
	}
	synth2d_blit_flush(sd);

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
	sd->dirt = drmm_kzalloc(&sd->drm, sizeof(*sd->dirt), GFP_KERNEL);
	return sd->dirt ? 0 : -ENOMEM;
}
