// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device's reaction to host events. The channel hands each valid
 * FEATURE_CHANGE to synth2d_host_feature_change(); the protocol records
 * its flags at once, and a work item brings the host up to date: the
 * modes when it asks for the situation, the pointer, the situation and a
 * full-screen DIRT for flags that rose (docs/protocol.md §2.6, §3).
 *
 * A FEATURE_CHANGE that comes before the device is connected (one can
 * arrive inside vmbus_open(), before the channel counts as open, or
 * during the connect sequence) is kept, not lost: it is acted on once
 * synth2d_host_events_start() says the host can be told things.
 */
#include <drm/drm_print.h>

#include "synth2d_drv.h"

/*
 * The pointer is sent again on every FEATURE_CHANGE: real hosts send one
 * when a console window reopens and draw their own pointer otherwise
 * (docs/protocol.md §3).
 */
static void synth2d_host_events_work(struct work_struct *work)
{
	struct synth2d_device *sd =
		container_of(work, struct synth2d_device, events.work);
	struct synth2d_features rises;
	bool situ_needed;

	if (!synth2d_proto_take_feature_change(sd, &rises, &situ_needed))
		return;
	/* The host asks for the situation: its resolutions may differ. */
	if (situ_needed)
		synth2d_modes_host_changed(sd);
	synth2d_cursor_resend(sd);
	synth2d_proto_refresh(sd, &rises);
}

/**
 * synth2d_host_feature_change() - the channel's FEATURE_CHANGE hook
 * @chan: the channel it came on
 * @f: its flags
 *
 * Runs in the channel's atomic receive callback.
 */
void synth2d_host_feature_change(struct synth2d_channel *chan,
				 const struct synth2d_features *f)
{
	struct synth2d_device *sd = channel_to_synth2d(chan);
	struct synth2d_host_events *ev = &sd->events;
	unsigned long flags;

	synth2d_proto_note_features(sd, f);
	spin_lock_irqsave(&ev->lock, flags);
	if (ev->running)
		schedule_work(&ev->work);
	spin_unlock_irqrestore(&ev->lock, flags);
}

/**
 * synth2d_host_events_start() - the device is connected: act on host events
 * @sd: the device
 *
 * After probe or resume has given the host the VRAM and the display
 * state; a FEATURE_CHANGE kept until now is acted on.
 */
void synth2d_host_events_start(struct synth2d_device *sd)
{
	struct synth2d_host_events *ev = &sd->events;
	unsigned long flags;

	spin_lock_irqsave(&ev->lock, flags);
	ev->running = true;
	schedule_work(&ev->work);
	spin_unlock_irqrestore(&ev->lock, flags);
}

/**
 * synth2d_host_events_close() - stop acting on the host, close the channel
 * @sd: the device
 *
 * Nothing is sent on behalf of a host event from here on. Safe to call
 * again, and before synth2d_host_events_start().
 */
void synth2d_host_events_close(struct synth2d_device *sd)
{
	struct synth2d_host_events *ev = &sd->events;
	unsigned long flags;

	spin_lock_irqsave(&ev->lock, flags);
	ev->running = false;
	spin_unlock_irqrestore(&ev->lock, flags);
	cancel_work_sync(&ev->work);
	synth2d_channel_close(&sd->chan);
}

/**
 * synth2d_host_events_init() - set up a new device's reaction to the host
 * @sd: the device
 *
 * Return: 0.
 */
int synth2d_host_events_init(struct synth2d_device *sd)
{
	struct synth2d_host_events *ev = &sd->events;

	spin_lock_init(&ev->lock);
	ev->running = false;
	INIT_WORK(&ev->work, synth2d_host_events_work);
	return 0;
}
