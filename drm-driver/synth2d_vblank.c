// SPDX-License-Identifier: GPL-2.0-only
/*
 * vblank emulated with an hrtimer at the mode's refresh rate: the host
 * has no vblank (docs/protocol.md §7.3), but compositors pace their frames on
 * vblank and page-flip events, as with hyperv_drm's timer.
 */
#include <linux/hrtimer.h>
#include <linux/math64.h>

#include <drm/drm_crtc.h>
#include <drm/drm_managed.h>
#include <drm/drm_modes.h>
#include <drm/drm_vblank.h>

#include "synth2d_drv.h"

/* Used until a mode is set, and for modes without timings. */
#define SYNTH2D_DEFAULT_FRAME_NS	(NSEC_PER_SEC / 60)
/* Frames a late timer catches up on at most. */
#define SYNTH2D_MAX_LATE_FRAMES		8

static enum hrtimer_restart synth2d_vblank_fire(struct hrtimer *timer)
{
	struct synth2d_vblank *vb =
		container_of(timer, struct synth2d_vblank, timer);
	struct synth2d_device *sd =
		container_of(vb, struct synth2d_device, vblank);

	/* disable only tries to cancel (it may run under vblank locks). */
	u64 frames;

	if (!READ_ONCE(vb->enabled))
		return HRTIMER_NORESTART;
	/*
	 * A late timer (a busy host) still counts the frames that passed,
	 * so the vblank counter keeps the refresh rate; a long stall is not
	 * replayed frame by frame.
	 */
	frames = hrtimer_forward_now(timer, vb->period);
	frames = clamp_val(frames, 1, SYNTH2D_MAX_LATE_FRAMES);
	while (frames--)
		drm_crtc_handle_vblank(&sd->crtc);
	return HRTIMER_RESTART;
}

/**
 * synth2d_vblank_set_mode() - take the frame rate of a mode
 * @sd: the device
 * @mode: the mode being set
 */
void synth2d_vblank_set_mode(struct synth2d_device *sd,
			     const struct drm_display_mode *mode)
{
	u64 ns = SYNTH2D_DEFAULT_FRAME_NS;

	if (mode->clock && mode->htotal && mode->vtotal)
		ns = div_u64((u64)mode->htotal * mode->vtotal * USEC_PER_SEC,
			     mode->clock);
	sd->vblank.period = ns_to_ktime(ns);
}

int synth2d_vblank_enable(struct drm_crtc *crtc)
{
	struct synth2d_vblank *vb = &to_synth2d(crtc->dev)->vblank;

	WRITE_ONCE(vb->enabled, true);
	hrtimer_start(&vb->timer, vb->period, HRTIMER_MODE_REL);
	return 0;
}

void synth2d_vblank_disable(struct drm_crtc *crtc)
{
	struct synth2d_vblank *vb = &to_synth2d(crtc->dev)->vblank;

	WRITE_ONCE(vb->enabled, false);
	hrtimer_try_to_cancel(&vb->timer);
}

/**
 * synth2d_vblank_send_event() - complete a commit's page-flip event
 * @crtc: the CRTC
 *
 * On the next vblank when vblank is on, at once otherwise.
 */
void synth2d_vblank_send_event(struct drm_crtc *crtc)
{
	struct drm_pending_vblank_event *event = crtc->state->event;

	if (!event)
		return;
	crtc->state->event = NULL;
	spin_lock_irq(&crtc->dev->event_lock);
	if (crtc->state->active && drm_crtc_vblank_get(crtc) == 0)
		drm_crtc_arm_vblank_event(crtc, event);
	else
		drm_crtc_send_vblank_event(crtc, event);
	spin_unlock_irq(&crtc->dev->event_lock);
}

static void synth2d_vblank_stop(struct drm_device *dev, void *data)
{
	struct synth2d_vblank *vb = data;

	WRITE_ONCE(vb->enabled, false);
	hrtimer_cancel(&vb->timer);
}

/**
 * synth2d_vblank_init() - set up vblank for the one CRTC
 * @sd: the device
 *
 * Return: 0 or a negative error code.
 */
int synth2d_vblank_init(struct synth2d_device *sd)
{
	struct synth2d_vblank *vb = &sd->vblank;
	int ret;

	hrtimer_init(&vb->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	vb->timer.function = synth2d_vblank_fire;
	vb->period = ns_to_ktime(SYNTH2D_DEFAULT_FRAME_NS);
	ret = drm_vblank_init(&sd->drm, 1);
	if (ret)
		return ret;
	return drmm_add_action_or_reset(&sd->drm, synth2d_vblank_stop, vb);
}
