// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cursor plane, on kernels whose planes carry a hotspot (6.8 and
 * later, DRIVER_CURSOR_HOTSPOT): legacy CURSOR/CURSOR2 clients and atomic
 * clients that set DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT use it; the DRM core
 * hides it from atomic clients that do not, and those draw their own
 * pointer (docs/display.md).
 *
 * The work is done from the CRTC's atomic_flush, after the primary plane
 * has copied its damage, so one commit sends one DIRT message.
 */
#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>

#include "synth2d_drv.h"

static const u32 synth2d_cursor_formats[] = {
	DRM_FORMAT_ARGB8888,
};

static const u64 synth2d_cursor_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR,
	DRM_FORMAT_MOD_INVALID
};

static int synth2d_cursor_atomic_check(struct drm_plane *plane,
				       struct drm_atomic_state *state)
{
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state = NULL;
	u32 width, height;
	int ret;

	if (new_state->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state,
							   new_state->crtc);
	ret = drm_atomic_helper_check_plane_state(new_state, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  true, true);
	if (ret || !new_state->fb)
		return ret;

	/* Whole pixels only, as many as one POINTER_SHAPE holds (docs/protocol.md §2.9). */
	if ((new_state->src_x | new_state->src_y | new_state->src_w |
	     new_state->src_h) & 0xffff)
		return -EINVAL;
	width = new_state->src_w >> 16;
	height = new_state->src_h >> 16;
	if (!width || !height || width > SYNTH2D_CURSOR_MAX_WIDTH ||
	    height > SYNTH2D_CURSOR_MAX_HEIGHT)
		return -EINVAL;

	/* The host needs the hotspot inside the image (docs/protocol.md §2.9). */
	if (new_state->hotspot_x < 0 || new_state->hotspot_y < 0 ||
	    new_state->hotspot_x >= width || new_state->hotspot_y >= height)
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

/* Load the image of @state, mapped for this commit, into cursor.image. */
static void synth2d_cursor_load_plane(struct synth2d_device *sd,
				      struct drm_plane_state *state)
{
	const struct drm_framebuffer *fb = state->fb;
	const u8 *base = to_drm_shadow_plane_state(state)->data[0].vaddr;
	unsigned int pitch = fb->pitches[0];

	base += fb->offsets[0] + (state->src_y >> 16) * pitch +
		(state->src_x >> 16) * SYNTH2D_CPP;
	synth2d_cursor_load_locked(sd, base, pitch, state->src_w >> 16,
				   state->src_h >> 16, state->hotspot_x,
				   state->hotspot_y);
}

/**
 * synth2d_cursor_flush() - bring the host's pointer up to date
 * @sd: the device
 * @state: the commit being applied (the CRTC is active)
 *
 * Called from the CRTC's atomic_flush, after the primary plane update.
 * Only the plane states of this commit are read: their images are mapped
 * for its duration. A mode set without a cursor change re-sends what the
 * host had, as the CRTC's enable hid it.
 */
void synth2d_cursor_flush(struct synth2d_device *sd,
			  struct drm_atomic_state *state)
{
	struct drm_plane *plane = &sd->cursor_plane;
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_plane_state *old_state =
		drm_atomic_get_old_plane_state(state, plane);
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, &sd->crtc);
	bool modeset = crtc_state && drm_atomic_crtc_needs_modeset(crtc_state);
	struct synth2d_cursor *cur = &sd->cursor;
	bool reload;

	if (!new_state) {
		if (modeset)
			synth2d_cursor_restore(sd);
		return;
	}

	mutex_lock(&cur->lock);
	if (!new_state->fb || !new_state->crtc || !new_state->visible) {
		synth2d_cursor_hide_locked(sd);
	} else {
		reload = cur->mode == SYNTH2D_CURSOR_OFF ||
			 new_state->fb != old_state->fb ||
			 new_state->src_x != old_state->src_x ||
			 new_state->src_y != old_state->src_y ||
			 new_state->src_w != old_state->src_w ||
			 new_state->src_h != old_state->src_h ||
			 new_state->hotspot_x != old_state->hotspot_x ||
			 new_state->hotspot_y != old_state->hotspot_y;
		if (reload)
			synth2d_cursor_load_plane(sd, new_state);
		synth2d_cursor_show_locked(sd, reload || modeset,
					   new_state->crtc_x,
					   new_state->crtc_y);
	}
	mutex_unlock(&cur->lock);
}

/**
 * synth2d_cursor_plane_create() - create the cursor plane
 * @sd: the device
 *
 * Return: the plane, or an ERR_PTR.
 */
struct drm_plane *synth2d_cursor_plane_create(struct synth2d_device *sd)
{
	int ret;

	ret = drm_universal_plane_init(&sd->drm, &sd->cursor_plane, 0,
				       &synth2d_cursor_funcs,
				       synth2d_cursor_formats,
				       ARRAY_SIZE(synth2d_cursor_formats),
				       synth2d_cursor_modifiers,
				       DRM_PLANE_TYPE_CURSOR, NULL);
	if (ret)
		return ERR_PTR(ret);
	drm_plane_helper_add(&sd->cursor_plane, &synth2d_cursor_helper_funcs);
	return &sd->cursor_plane;
}

/* The plane's commits carry the cursor; closing a file changes nothing. */
void synth2d_cursor_file_closed(struct synth2d_device *sd,
				struct drm_file *file)
{
}
