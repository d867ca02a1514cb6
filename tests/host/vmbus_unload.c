// SPDX-License-Identifier: MIT
/*
 * Hibernation as the host sees it (tests/include/synth2d/vmbus_sim.h): the
 * guest's VMBus unloads with every channel closed, then asks for the offers
 * again on resume. A guest restored from hibernation runs in a new VM, so
 * the unload ends what the host knew of it: the channels' protocol state,
 * the situation, its view, the pointer shape, and the VRAM contents. The
 * picture comes back only through what the drivers send after resume.
 */
#include <endian.h>
#include <string.h>

#include "host.h"
#include "vnc_console.h"

/* The guest's display is gone: no situation, no mapping, black VRAM, default pointer. */
static void video_forget_guest(struct host *h)
{
	uint64_t start = le64toh(h->control->mmio_offset);

	memset(h->shm + start, 0, h->shm_size - start);
	memset(&h->video.situation, 0, sizeof(h->video.situation));
	h->video.vram_mapped = false;
	h->video.scans_vram = false;
	memset(&h->video.shape, 0, sizeof(h->video.shape));
	h->video.shape_generation++;
	h->video.have_position = false;
	vram_tracker_take_surface(h); /* drops the surface: no situation */
	vnc_console_view_taken(h);
}

int vmbus_poll_unload(struct host *h)
{
	struct synth2d_sim_control *c = h->control;
	uint32_t unload = shm_load32(&c->unload_generation);
	uint32_t request = shm_load32(&c->offers_request);
	int handled = 0;

	if (unload != shm_load32(&c->unload_ack)) {
		for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++) {
			struct host_channel *ch = &h->channels[i];

			channel_drop_queue(ch);
			ch->state = CHANNEL_CLOSED;
		}
		video_reset_channel(h);
		mouse_reset_channel(h);
		keyboard_reset_channel(h);
		video_forget_guest(h);
		h->bus.unloads++;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		shm_store32(&c->unload_ack, unload);
		handled++;
	}
	if (request != shm_load32(&c->offers_ack)) {
		/* every channel offered before is offered again (same GUIDs) */
		for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++)
			if (shm_load32(&c->channel[i].offer_state) == SYNTH2D_SIM_OFFER_OFFERED)
				shm_set_offer(h, i, true);
		h->bus.offer_requests++;
		shm_store32(&c->offers_ack, request);
		handled++;
	}
	return handled;
}
