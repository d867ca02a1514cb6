// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inbound polling: stands in for the VMBus interrupt. One soft hrtimer
 * checks the open channels' inbound rings and runs the callback of each
 * channel with unread packets, in softirq context like the kernel's
 * per-channel tasklet. It polls every poll_us while packets flow and backs
 * off to idle_poll_us when idle (cheap under TCG); it stops when no
 * channel is open.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>

#include "sim.h"

#define SIM_IDLE_POLLS	100
#define SIM_MIN_POLL_US	100

static enum hrtimer_restart sim_poll_fn(struct hrtimer *timer)
{
	struct sim_offer *o;
	bool busy = false;
	unsigned int us;

	/* Callbacks run under poll_lock: closing waits for a running one. */
	spin_lock(&sim->poll_lock);
	list_for_each_entry(o, &sim->open_list, poll_node) {
		void (*cb)(void *context) = o->channel.onchannel_callback;

		if (!cb || !sim_inbound_pending(o))
			continue;
		busy = true;
		cb(o->channel.channel_callback_context);
	}
	if (list_empty(&sim->open_list)) {
		sim->poll_running = false;
		spin_unlock(&sim->poll_lock);
		return HRTIMER_NORESTART;
	}
	spin_unlock(&sim->poll_lock);

	if (busy)
		WRITE_ONCE(sim->idle_polls, 0);
	else if (READ_ONCE(sim->idle_polls) < SIM_IDLE_POLLS)
		WRITE_ONCE(sim->idle_polls, READ_ONCE(sim->idle_polls) + 1);
	us = READ_ONCE(sim->idle_polls) < SIM_IDLE_POLLS ?
	     READ_ONCE(sim_poll_us) : READ_ONCE(sim_idle_poll_us);
	hrtimer_forward_now(timer, ns_to_ktime(max(us, SIM_MIN_POLL_US) * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

void sim_poll_init(void)
{
	hrtimer_init(&sim->poll_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	sim->poll_timer.function = sim_poll_fn;
}

void sim_poll_start_channel(struct sim_offer *o)
{
	spin_lock_bh(&sim->poll_lock);
	list_add_tail(&o->poll_node, &sim->open_list);
	WRITE_ONCE(sim->idle_polls, 0);
	if (!sim->poll_running) {
		sim->poll_running = true;
		hrtimer_start(&sim->poll_timer,
			      ns_to_ktime(max(sim_poll_us, SIM_MIN_POLL_US) * NSEC_PER_USEC),
			      HRTIMER_MODE_REL_SOFT);
	}
	spin_unlock_bh(&sim->poll_lock);
}

/* After this returns, no callback of @o is running or will run. */
void sim_poll_stop_channel(struct sim_offer *o)
{
	spin_lock_bh(&sim->poll_lock);
	list_del_init(&o->poll_node);
	spin_unlock_bh(&sim->poll_lock);
}

/* Poll fast for a while: a host reply is likely. Safe in callbacks. */
void sim_poll_kick(void)
{
	WRITE_ONCE(sim->idle_polls, 0);
}

void sim_poll_stop(void)
{
	hrtimer_cancel(&sim->poll_timer);
	sim->poll_running = false;
}
