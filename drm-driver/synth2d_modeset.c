// SPDX-License-Identifier: GPL-2.0-only
/*
 * KMS objects: one primary plane (shadow-buffered shmem GEM), one
 * CRTC, a virtual encoder and a virtual connector carrying the host's
 * modes. Protocol messages are sent through synth2d_proto.c, pixels are
 * moved by synth2d_blit.c.
 */
#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_modes.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_vblank.h>

#include "synth2d_compat.h"
#include "synth2d_drv.h"

/* The host's own format first; the others are converted (synth2d_format.c). */
static const u32 synth2d_primary_formats[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_ARGB8888,
	DRM_FORMAT_XBGR8888,
	DRM_FORMAT_RGB565,
};

static const u64 synth2d_primary_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR,
	DRM_FORMAT_MOD_INVALID
};

/* A mode fits when the host accepts its size and VRAM holds it. */
static enum drm_mode_status synth2d_mode_fits(struct synth2d_device *sd,
					      unsigned int width,
					      unsigned int height)
{
	if (!width || !height)
		return MODE_BAD;
	if (width > sd->max_width || height > sd->max_height)
		return MODE_BAD;
	if ((u64)width * SYNTH2D_CPP * height > sd->vram_size)
		return MODE_MEM;
	return MODE_OK;
}

/*
 * The vblank timer runs at the mode's refresh rate (the host has none of
 * its own), and the atomic helpers wait at most 100 ms for a vblank
 * (drm_atomic_helper_wait_for_vblanks()): a slower mode would time out
 * every commit, a much faster one only loads the guest with timer ticks.
 */
#define SYNTH2D_MIN_VREFRESH	20
#define SYNTH2D_MAX_VREFRESH	240

/* Refresh = clock * 1000 / (htotal * vtotal), compared without overflow. */
static enum drm_mode_status
synth2d_mode_timing_ok(const struct drm_display_mode *mode)
{
	u64 frame = (u64)mode->htotal * mode->vtotal;

	if (mode->clock <= 0 || !frame)
		return MODE_CLOCK_LOW;
	if ((u64)mode->clock * 1000 < frame * SYNTH2D_MIN_VREFRESH)
		return MODE_CLOCK_LOW;
	if ((u64)mode->clock * 1000 > frame * SYNTH2D_MAX_VREFRESH)
		return MODE_CLOCK_HIGH;
	return MODE_OK;
}

static int synth2d_primary_atomic_check(struct drm_plane *plane,
					struct drm_atomic_state *state)
{
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state = NULL;

	if (new_state->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state,
							   new_state->crtc);
	/*
	 * Unscaled; it may pan, and may cover part of the screen or none of
	 * it: black shows where it does not (synth2d_blit_uncovered()).
	 */
	return drm_atomic_helper_check_plane_state(new_state, crtc_state,
						   DRM_PLANE_NO_SCALING,
						   DRM_PLANE_NO_SCALING,
						   true, false);
}

static void synth2d_primary_atomic_update(struct drm_plane *plane,
					  struct drm_atomic_state *state)
{
	struct drm_plane_state *new_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state;

	if (!new_state->crtc)
		return;
	crtc_state = drm_atomic_get_new_crtc_state(state, new_state->crtc);
	synth2d_blit_damage(to_synth2d(plane->dev), crtc_state,
			    drm_atomic_get_old_plane_state(state, plane),
			    new_state);
}

static const struct drm_plane_helper_funcs synth2d_primary_helper_funcs = {
	DRM_GEM_SHADOW_PLANE_HELPER_FUNCS,
	.atomic_check = synth2d_primary_atomic_check,
	.atomic_update = synth2d_primary_atomic_update,
};

static const struct drm_plane_funcs synth2d_primary_funcs = {
	.update_plane = drm_atomic_helper_update_plane,
	.disable_plane = drm_atomic_helper_disable_plane,
	.destroy = drm_plane_cleanup,
	DRM_GEM_SHADOW_PLANE_FUNCS,
};

/* Probed modes and modes from userspace alike (the atomic check calls it). */
static enum drm_mode_status
synth2d_crtc_mode_valid(struct drm_crtc *crtc,
			const struct drm_display_mode *mode)
{
	enum drm_mode_status status = synth2d_mode_timing_ok(mode);

	if (status != MODE_OK)
		return status;
	return synth2d_mode_fits(to_synth2d(crtc->dev), mode->hdisplay,
				 mode->vdisplay);
}

static int synth2d_crtc_atomic_check(struct drm_crtc *crtc,
				     struct drm_atomic_state *state)
{
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, crtc);

	/* A screen without a plane shows black (synth2d_blit_uncovered()). */
	if (!crtc_state->enable)
		return 0;
	/* Modes from userspace are checked here, probed ones at probe. */
	if (synth2d_mode_fits(to_synth2d(crtc->dev), crtc_state->mode.hdisplay,
			      crtc_state->mode.vdisplay) != MODE_OK)
		return -EINVAL;
	return 0;
}

/*
 * Mode set (docs/protocol.md §7.2): hide the host pointer, then the situation
 * update; the plane update that follows fills VRAM and sends DIRT.
 */
static void synth2d_crtc_atomic_enable(struct drm_crtc *crtc,
				       struct drm_atomic_state *state)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, crtc);
	struct synth2d_scanout scanout = {
		.active = true,
		.width = crtc_state->mode.hdisplay,
		.height = crtc_state->mode.vdisplay,
		.pitch = crtc_state->mode.hdisplay * SYNTH2D_CPP,
	};

	synth2d_proto_hide_host_pointer(sd);
	synth2d_proto_set_scanout(sd, &scanout);
	synth2d_blit_pointer_screen(sd, scanout.width, scanout.height);
	synth2d_vblank_set_mode(crtc);
	drm_crtc_vblank_on(crtc);
}

static void synth2d_crtc_atomic_disable(struct drm_crtc *crtc,
					struct drm_atomic_state *state)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);
	struct synth2d_scanout scanout = { .active = false };

	drm_crtc_vblank_off(crtc);
	synth2d_proto_set_scanout(sd, &scanout);
	synth2d_blit_pointer_screen(sd, 0, 0);
	/* No flush follows on an inactive CRTC: complete the event here. */
	synth2d_vblank_send_event(crtc);
}

/* The plane updates write VRAM: the composer's lock until atomic_flush. */
static void synth2d_crtc_atomic_begin(struct drm_crtc *crtc,
				      struct drm_atomic_state *state)
{
	synth2d_blit_lock(to_synth2d(crtc->dev));
}

/*
 * After the plane updates: black where no plane covers the screen, the
 * cursor, then one DIRT message for everything the commit changed, then
 * the event.
 */
static void synth2d_crtc_atomic_flush(struct drm_crtc *crtc,
				      struct drm_atomic_state *state)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);

	synth2d_blit_uncovered(sd, drm_atomic_get_new_crtc_state(state, crtc),
			       drm_atomic_get_old_plane_state(state,
							      crtc->primary),
			       drm_atomic_get_new_plane_state(state,
							      crtc->primary));
	synth2d_cursor_flush(sd, state);
	synth2d_blit_unlock(sd);
	atomic64_inc(&sd->counters.commits);
	synth2d_vblank_send_event(crtc);
}

static const struct drm_crtc_helper_funcs synth2d_crtc_helper_funcs = {
	.mode_valid = synth2d_crtc_mode_valid,
	.atomic_check = synth2d_crtc_atomic_check,
	.atomic_enable = synth2d_crtc_atomic_enable,
	.atomic_disable = synth2d_crtc_atomic_disable,
	.atomic_begin = synth2d_crtc_atomic_begin,
	.atomic_flush = synth2d_crtc_atomic_flush,
};

static const struct drm_crtc_funcs synth2d_crtc_funcs = {
	.reset = drm_atomic_helper_crtc_reset,
	.set_config = drm_atomic_helper_set_config,
	.page_flip = drm_atomic_helper_page_flip,
	.atomic_duplicate_state = drm_atomic_helper_crtc_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_crtc_destroy_state,
	.enable_vblank = synth2d_vblank_enable,
	.disable_vblank = synth2d_vblank_disable,
	.get_vblank_timestamp = synth2d_vblank_timestamp,
	.get_crc_sources = synth2d_crc_get_sources,
	.verify_crc_source = synth2d_crc_verify_source,
	.set_crc_source = synth2d_crc_set_source,
	SYNTH2D_CRTC_CURSOR_FUNCS
};

/*
 * A mode of exactly @width x @height. CVT rounds the width down to a
 * multiple of 8 (1366 -> 1360); the host's sizes are exact, so the
 * difference is put back into the horizontal timings.
 */
static struct drm_display_mode *synth2d_mode_create(struct drm_device *dev,
						    u16 width, u16 height)
{
	struct drm_display_mode *mode;
	int delta;

	mode = drm_cvt_mode(dev, width, height, 60, false, false, false);
	if (!mode)
		return NULL;
	delta = width - mode->hdisplay;
	if (delta) {
		mode->hdisplay = width;
		mode->hsync_start += delta;
		mode->hsync_end += delta;
		mode->htotal += delta;
		drm_mode_set_name(mode);
	}
	mode->type |= DRM_MODE_TYPE_DRIVER;
	return mode;
}

static bool synth2d_host_mode_seen(const struct synth2d_host_modes *modes,
				   unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (modes->mode[i].width == modes->mode[n].width &&
		    modes->mode[i].height == modes->mode[n].height)
			return true;
	return false;
}

/*
 * The host's list (synthvid >= 3.5) becomes the mode list, its default
 * the preferred mode; without a list, the standard modes up to the 3.2
 * limits. Modes VRAM cannot hold are pruned by mode_valid.
 */
static int synth2d_connector_get_modes(struct drm_connector *connector)
{
	struct synth2d_device *sd = to_synth2d(connector->dev);
	const struct synth2d_host_modes *modes = &sd->host_modes;
	struct drm_display_mode *mode;
	unsigned int i;
	int count = 0;

	if (!modes->count) {
		count = drm_add_modes_noedid(connector, sd->max_width,
					     sd->max_height);
	} else {
		for (i = 0; i < modes->count; i++) {
			if (synth2d_host_mode_seen(modes, i))
				continue;
			mode = synth2d_mode_create(connector->dev,
						   modes->mode[i].width,
						   modes->mode[i].height);
			if (!mode)
				continue;
			drm_mode_probed_add(connector, mode);
			count++;
		}
	}
	drm_set_preferred_mode(connector, sd->preferred_width,
			       sd->preferred_height);
	return count;
}

static const struct drm_connector_helper_funcs synth2d_connector_helper_funcs = {
	.get_modes = synth2d_connector_get_modes,
};

static const struct drm_connector_funcs synth2d_connector_funcs = {
	.reset = drm_atomic_helper_connector_reset,
	.fill_modes = drm_helper_probe_single_connector_modes,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

static const struct drm_mode_config_funcs synth2d_mode_config_funcs = {
	.fb_create = drm_gem_fb_create_with_dirty,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = drm_atomic_helper_commit,
};

/*
 * CRTC enable (SITUATION_UPDATE) must reach the host before the plane
 * update's DIRT for the new size: enables first, then planes.
 */
static const struct drm_mode_config_helper_funcs synth2d_mode_config_helpers = {
	.atomic_commit_tail = drm_atomic_helper_commit_tail_rpm,
};

/**
 * synth2d_modeset_init() - create the KMS objects
 * @sd: the device, connected, with VRAM set up
 *
 * Return: 0 or a negative error code.
 */
int synth2d_modeset_init(struct synth2d_device *sd)
{
	struct drm_device *dev = &sd->drm;
	struct drm_plane *cursor;
	int ret;

	ret = drmm_mode_config_init(dev);
	if (ret)
		return ret;

	dev->mode_config.min_width = 1;
	dev->mode_config.min_height = 1;
	dev->mode_config.max_width = sd->max_width;
	dev->mode_config.max_height = sd->max_height;
	dev->mode_config.preferred_depth = 24;
	dev->mode_config.funcs = &synth2d_mode_config_funcs;
	dev->mode_config.helper_private = &synth2d_mode_config_helpers;

	ret = drm_universal_plane_init(dev, &sd->primary, 0,
				       &synth2d_primary_funcs,
				       synth2d_primary_formats,
				       ARRAY_SIZE(synth2d_primary_formats),
				       synth2d_primary_modifiers,
				       DRM_PLANE_TYPE_PRIMARY, NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&sd->primary, &synth2d_primary_helper_funcs);
	drm_plane_enable_fb_damage_clips(&sd->primary);

	cursor = synth2d_cursor_plane_create(sd);
	if (IS_ERR(cursor))
		return PTR_ERR(cursor);

	ret = drmm_crtc_init_with_planes(dev, &sd->crtc, &sd->primary, cursor,
					 &synth2d_crtc_funcs, NULL);
	if (ret)
		return ret;
	drm_crtc_helper_add(&sd->crtc, &synth2d_crtc_helper_funcs);

	ret = drmm_encoder_init(dev, &sd->encoder, NULL,
				DRM_MODE_ENCODER_VIRTUAL, NULL);
	if (ret)
		return ret;
	sd->encoder.possible_crtcs = drm_crtc_mask(&sd->crtc);

	ret = drmm_connector_init(dev, &sd->connector,
				  &synth2d_connector_funcs,
				  DRM_MODE_CONNECTOR_VIRTUAL, NULL);
	if (ret)
		return ret;
	drm_connector_helper_add(&sd->connector,
				 &synth2d_connector_helper_funcs);
	ret = drm_connector_attach_encoder(&sd->connector, &sd->encoder);
	if (ret)
		return ret;

	ret = synth2d_modes_init(sd);
	if (ret)
		return ret;
	ret = synth2d_vblank_init(sd);
	if (ret)
		return ret;
	ret = synth2d_crc_init(sd);
	if (ret)
		return ret;

	drm_mode_config_reset(dev);
	/* The mode_config lock exists: FEATURE_CHANGE may use it now. */
	smp_store_release(&sd->modes_ready, true);
	return 0;
}
