// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mode list policy beyond the connect-time host list: a module parameter
 * overriding the preferred mode, and host-initiated changes -- when the
 * host asks for the situation (FEATURE_CHANGE is_situ_needed), its
 * resolution list is fetched again and, if it changed, clients are told
 * with a hotplug event (docs/protocol.md §7.5; docs/display.md).
 */
#include <linux/module.h>
#include <linux/string.h>

#include <drm/drm_atomic.h>
#include <drm/drm_connector.h>
#include <drm/drm_modes.h>
#include <drm/drm_print.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_property.h>

#include "synth2d_drv.h"

static char *synth2d_mode_param;
module_param_named(mode, synth2d_mode_param, charp, 0444);
MODULE_PARM_DESC(mode,
		 "Preferred mode WxH, overriding the host's default (the kernel's video= option overrides both)");

/**
 * synth2d_modes_apply_override() - apply the mode parameter
 * @sd: the device
 *
 * A mode that the host limits or VRAM cannot hold is refused with a
 * message; the host's default stays.
 */
void synth2d_modes_apply_override(struct synth2d_device *sd)
{
	unsigned int w, h;
	char extra;

	if (!synth2d_mode_param || !*synth2d_mode_param)
		return;
	if (sscanf(synth2d_mode_param, "%ux%u%c", &w, &h, &extra) != 2 ||
	    !w || !h) {
		drm_warn(&sd->drm, "mode=%s is not WxH, ignored\n",
			 synth2d_mode_param);
		return;
	}
	if (w > sd->max_width || h > sd->max_height ||
	    (u64)w * h * SYNTH2D_CPP > sd->vram_size) {
		drm_warn(&sd->drm, "mode=%ux%u exceeds the host's %ux%u or VRAM, ignored\n",
			 w, h, sd->max_width, sd->max_height);
		return;
	}
	sd->preferred_width = w;
	sd->preferred_height = h;
}

/**
 * synth2d_modes_connect() - take the host's resolution list at probe
 * @sd: the device, connected (synth2d_proto_connect())
 *
 * Without a list (an older host, or a failed request) the synthvid 3.2
 * limits apply.
 */
void synth2d_modes_connect(struct synth2d_device *sd)
{
	int ret = synth2d_proto_get_host_modes(sd, &sd->host_modes);

	if (ret)
		drm_warn(&sd->drm,
			 "no resolution list from the host (%d), using %ux%u\n",
			 ret, SYNTH2D_WIN8_MAX_WIDTH, SYNTH2D_WIN8_MAX_HEIGHT);
	synth2d_proto_set_screen_limits(sd);
}

/*
 * The mode a resume restores is never refused: a host that now lists
 * less (or did not answer) still gets the screen the user had, as long
 * as VRAM holds it.
 */
static void synth2d_modes_fit_saved(struct synth2d_device *sd)
{
	struct drm_atomic_state *saved = sd->drm.mode_config.suspend_state;
	struct drm_crtc_state *crtc_state;
	unsigned int w, h;

	if (!saved)
		return;
	crtc_state = drm_atomic_get_new_crtc_state(saved, &sd->crtc);
	if (!crtc_state || !crtc_state->enable)
		return;
	w = crtc_state->mode.hdisplay;
	h = crtc_state->mode.vdisplay;
	if ((w <= sd->max_width && h <= sd->max_height) ||
	    (u64)w * h * SYNTH2D_CPP > sd->vram_size)
		return;
	drm_info(&sd->drm, "resume: keeping %ux%u beyond the host's %ux%u\n",
		 w, h, sd->max_width, sd->max_height);
	sd->max_width = max(sd->max_width, w);
	sd->max_height = max(sd->max_height, h);
}

/**
 * synth2d_modes_resume() - take the host's resolution list again
 * @sd: the device, reconnected after a hibernation
 *
 * A failed request keeps the list from before; the mode parameter still
 * applies, and the saved mode stays allowed (synth2d_modes_fit_saved()).
 * Runs before the saved state is restored.
 */
void synth2d_modes_resume(struct synth2d_device *sd)
{
	struct drm_device *dev = &sd->drm;
	struct synth2d_host_modes modes;
	int ret = synth2d_proto_get_host_modes(sd, &modes);

	if (ret)
		drm_warn(dev, "resume: resolution list not re-read (%d), keeping the previous one\n",
			 ret);
	mutex_lock(&dev->mode_config.mutex);
	if (!ret)
		sd->host_modes = modes;
	synth2d_proto_set_screen_limits(sd);
	synth2d_modes_apply_override(sd);
	synth2d_modes_fit_saved(sd);
	dev->mode_config.max_width = sd->max_width;
	dev->mode_config.max_height = sd->max_height;
	mutex_unlock(&dev->mode_config.mutex);
}

static bool synth2d_modes_equal(const struct synth2d_host_modes *a,
				const struct synth2d_host_modes *b)
{
	return a->count == b->count && a->default_index == b->default_index &&
	       !memcmp(a->mode, b->mode, a->count * sizeof(a->mode[0]));
}

/**
 * synth2d_modes_host_changed() - follow a host's new resolution list
 * @sd: the device
 *
 * Called from the FEATURE_CHANGE work when the host asks for the
 * situation. A 3.2 host has no list; a failed request keeps the old one.
 */
void synth2d_modes_host_changed(struct synth2d_device *sd)
{
	struct drm_device *dev = &sd->drm;
	struct synth2d_host_modes modes;
	int ret;

	/* Pairs with the release in synth2d_modeset_init(). */
	if (!sd->host_modes.count || !smp_load_acquire(&sd->modes_ready))
		return;
	ret = synth2d_proto_get_host_modes(sd, &modes);
	if (ret) {
		drm_warn(dev, "resolution list not re-read: %d\n", ret);
		return;
	}

	mutex_lock(&dev->mode_config.mutex);
	if (synth2d_modes_equal(&modes, &sd->host_modes)) {
		mutex_unlock(&dev->mode_config.mutex);
		return;
	}
	sd->host_modes = modes;
	synth2d_proto_set_screen_limits(sd);
	synth2d_modes_apply_override(sd);
	dev->mode_config.max_width = sd->max_width;
	dev->mode_config.max_height = sd->max_height;
	mutex_unlock(&dev->mode_config.mutex);

	drm_info(dev, "host resolutions changed: preferred %ux%u, up to %ux%u\n",
		 sd->preferred_width, sd->preferred_height, sd->max_width,
		 sd->max_height);
	atomic64_inc(&sd->counters.hotplugs);
	if (dev->registered)
		drm_kms_helper_hotplug_event(dev);
}

/**
 * synth2d_modes_init() - connector properties for mode changes
 * @sd: the device, with its connector initialised
 *
 * hotplug_mode_update = 1 tells clients to take the new preferred mode
 * after a hotplug event rather than keep the old one: mutter reads the
 * value, and vmwgfx and virtio-gpu set it to 1 as well.
 *
 * Return: 0 or -ENOMEM.
 */
int synth2d_modes_init(struct synth2d_device *sd)
{
	sd->hotplug_mode_update =
		drm_property_create_range(&sd->drm, DRM_MODE_PROP_IMMUTABLE,
					  "hotplug_mode_update", 0, 1);
	if (!sd->hotplug_mode_update)
		return -ENOMEM;
	drm_object_attach_property(&sd->connector.base,
				   sd->hotplug_mode_update, 1);
	synth2d_modes_apply_override(sd);
	return 0;
}
