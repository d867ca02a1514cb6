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
#include <drm/drm_vblank.h>

#include "synth2d_drv.h"

/* Used until a mode is set, and for modes without timings. */
#define SYNTH2D_DEFAULT_FRAME_NS	(NSEC_PER_SEC / 60)

/* The newest vblank at or before @now: @anchor plus whole frames. */
static ktime_t synth2d_vblank_last(const struct synth2d_vblank *vb,
				   ktime_t now)
{
	s64 since = ktime_to_ns(ktime_sub(now, vb->anchor));
	u64 rem;

	if (since <= 0)
		return vb->anchor;
	div64_u64_rem(since, ktime_to_ns(vb->period), &rem);
	return ktime_sub_ns(now, rem);
}

/*
 * One call per timer expiry, however late: the timestamps say how many
 * frames passed, and the DRM core counts them (drm_update_vblank_count()
 * divides the timestamp difference by the frame duration), so a busy
 * host neither loses frames nor delivers a burst of equal timestamps.
 */
static enum hrtimer_restart synth2d_vblank_fire(struct hrtimer *timer)
{
	struct synth2d_vblank *vb =
		container_of(timer, struct synth2d_vblank, timer);
	struct synth2d_device *sd =
		container_of(vb, struct synth2d_device, vblank);

	/* disable only tries to cancel (it may run under vblank locks). */
	if (!READ_ONCE(vb->enabled))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(timer, vb->period);
	drm_crtc_handle_vblank(&sd->crtc);
	synth2d_crc_vblank(sd);
	return HRTIMER_RESTART;
}

/**
 * synth2d_vblank_set_mode() - start the frame grid of a new mode
 * @crtc: the CRTC, whose mode is being set
 *
 * Called before drm_crtc_vblank_on(); the mode's first vblank is now. The
 * frame duration is the DRM core's, which the atomic helpers computed for
 * the new mode (drm_calc_timestamping_constants()) and which it divides
 * timestamp differences by.
 */
void synth2d_vblank_set_mode(struct drm_crtc *crtc)
{
	struct synth2d_vblank *vb = &to_synth2d(crtc->dev)->vblank;
	int ns = crtc->dev->vblank[drm_crtc_index(crtc)].framedur_ns;

	vb->period = ns_to_ktime(ns > 0 ? ns : SYNTH2D_DEFAULT_FRAME_NS);
	vb->anchor = ktime_get();
}

int synth2d_vblank_enable(struct drm_crtc *crtc)
{
	struct synth2d_vblank *vb = &to_synth2d(crtc->dev)->vblank;
	ktime_t next = ktime_add(synth2d_vblank_last(vb, ktime_get()),
				 vb->period);

	WRITE_ONCE(vb->enabled, true);
	hrtimer_start(&vb->timer, next, HRTIMER_MODE_ABS);
	return 0;
}

void synth2d_vblank_disable(struct drm_crtc *crtc)
{
	struct synth2d_vblank *vb = &to_synth2d(crtc->dev)->vblank;

	WRITE_ONCE(vb->enabled, false);
	hrtimer_try_to_cancel(&vb->timer);
}

/**
 * synth2d_vblank_timestamp() - the time of the newest vblank
 * @crtc: the CRTC
 * @max_error: unused: the time is exact
 * @vblank_time: the newest vblank at or before now
 * @in_vblank_irq: unused: the answer is the same from the timer or not
 *
 * vblanks fall on the mode's frame grid from its start, as a display's
 * do, whether the timer runs or not: the timestamps of consecutive
 * events are exactly one frame apart, and the count keeps running while
 * vblank interrupts are off (the core counts from the timestamps).
 *
 * Return: true (the timestamp is always valid).
 */
bool synth2d_vblank_timestamp(struct drm_crtc *crtc, int *max_error,
			      ktime_t *vblank_time, bool in_vblank_irq)
{
	*vblank_time = synth2d_vblank_last(&to_synth2d(crtc->dev)->vblank,
					   ktime_get());
	return true;
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

	hrtimer_init(&vb->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	vb->timer.function = synth2d_vblank_fire;
	vb->period = ns_to_ktime(SYNTH2D_DEFAULT_FRAME_NS);
	vb->anchor = ktime_get();
	ret = drm_vblank_init(&sd->drm, 1);
	if (ret)
		return ret;
	return drmm_add_action_or_reset(&sd->drm, synth2d_vblank_stop, vb);
}
