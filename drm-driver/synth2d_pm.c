// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hibernation: the VMBus bus calls a driver's suspend/resume from its
 * freeze/thaw/poweroff/restore (noirq) callbacks only; suspend to RAM and
 * to idle leave VMBus devices alone.
 *
 * The sequence is Linux hyperv_drm's (docs/protocol.md §7.6): suspend the
 * display state, close the channel; on resume reopen it, negotiate the
 * version and fetch the host's modes again, give the host the same VRAM
 * address, then restore the display state. Restoring replays a CRTC enable
 * (situation, pointer, full-frame copy and DIRT) and every plane, so the
 * host gets everything it forgot when the channel closed.
 */
#include <linux/hyperv.h>

#include <drm/drm_atomic.h>
#include <drm/drm_modeset_helper.h>
#include <drm/drm_print.h>

#include "synth2d_drv.h"

/**
 * synth2d_pm_suspend() - save the display state and close the channel
 * @hdev: the VMBus device
 *
 * Return: 0 or the error of drm_mode_config_helper_suspend().
 */
int synth2d_pm_suspend(struct hv_device *hdev)
{
	struct synth2d_device *sd = hv_get_drvdata(hdev);
	int ret;

	/*
	 * After a failed resume the state saved by the last suspend is still
	 * waiting and the channel is closed: keep both, so that this cycle's
	 * resume can still bring the display back.
	 */
	if (!synth2d_channel_is_open(&sd->chan))
		return 0;

	ret = drm_mode_config_helper_suspend(&sd->drm);
	if (ret) {
		drm_err(&sd->drm, "cannot suspend the display state: %d\n",
			ret);
		return ret;
	}
	synth2d_host_events_close(sd);
	return 0;
}

/**
 * synth2d_pm_resume() - reconnect to the host and restore the display
 * @hdev: the VMBus device
 *
 * A host that does not ack the VRAM location would show memory the guest
 * does not write, so, as in Linux, that fails the resume; the channel is
 * then left closed and the device shows nothing until it is bound again.
 *
 * Return: 0 or a negative error code.
 */
int synth2d_pm_resume(struct hv_device *hdev)
{
	struct synth2d_device *sd = hv_get_drvdata(hdev);
	int ret;

	synth2d_proto_forget_features(sd);
	ret = synth2d_channel_open(&sd->chan);
	if (ret) {
		drm_err(&sd->drm, "resume: cannot reopen the VMBus channel: %d\n",
			ret);
		return ret;
	}
	ret = synth2d_proto_connect(sd);
	if (ret)
		goto close;
	synth2d_modes_resume(sd);
	ret = synth2d_proto_set_vram_location(sd, sd->vram_base);
	if (ret) {
		drm_err(&sd->drm, "resume: host did not ack the VRAM location: %d\n",
			ret);
		goto close;
	}
	ret = drm_mode_config_helper_resume(&sd->drm);
	synth2d_host_events_start(sd);
	return ret;

close:
	synth2d_host_events_close(sd);
	return ret;
}

/**
 * synth2d_pm_forget() - drop display state saved by a suspend
 * @sd: the device, being removed
 *
 * Only a failed resume leaves saved state behind; the device is going
 * away, so it is released rather than restored.
 */
void synth2d_pm_forget(struct synth2d_device *sd)
{
	struct drm_mode_config *config = &sd->drm.mode_config;

	if (config->suspend_state) {
		drm_atomic_state_put(config->suspend_state);
		config->suspend_state = NULL;
	}
}
