// SPDX-License-Identifier: MIT
/*
 * Vblank: synth2d.ko runs a vblank timer at the mode's refresh rate and
 * sends events for WAIT_VBLANK with DRM_VBLANK_EVENT. The DRM fd is
 * watched by the server's notify-fd loop; each event completes the wait
 * it was queued for. The kernel's 32-bit count is extended to the 64-bit
 * MSC Present uses.
 */
#include "driver.h"

#include <errno.h>
#include <stdlib.h>

#include <xf86drm.h>

struct synth2d_vblank_wait {
	struct xorg_list link;
	uint32_t id;
	uint64_t cookie;
	synth2d_vblank_fn fn;
};

static uint32_t pipe_bits(synth2d_ptr s)
{
	if (s->crtc_index == 0)
		return 0;
	if (s->crtc_index == 1)
		return DRM_VBLANK_SECONDARY;
	return ((uint32_t)s->crtc_index << DRM_VBLANK_HIGH_CRTC_SHIFT) & DRM_VBLANK_HIGH_CRTC_MASK;
}

static uint64_t extend_msc(synth2d_ptr s, uint32_t seq)
{
	/* a count far below the last one wrapped; a little below is a late event */
	if (seq < s->msc_last && s->msc_last - seq > 0x80000000u)
		s->msc_high += 0x100000000ull;
	if (seq > s->msc_last || s->msc_last - seq > 0x80000000u)
		s->msc_last = seq;
	return s->msc_high | seq;
}

static uint64_t to_ust(unsigned int sec, unsigned int usec)
{
	return (uint64_t)sec * 1000000u + usec;
}

bool synth2d_vblank_get_ust_msc(ScrnInfoPtr scrn, uint64_t *ust, uint64_t *msc)
{
	synth2d_ptr s = synth2d_get(scrn);
	drmVBlank vbl = {.request = {.type = DRM_VBLANK_RELATIVE | pipe_bits(s), .sequence = 0}};

	if (drmWaitVBlank(s->fd, &vbl))
		return false;
	*ust = to_ust(vbl.reply.tval_sec, vbl.reply.tval_usec);
	*msc = extend_msc(s, vbl.reply.sequence);
	return true;
}

bool synth2d_vblank_queue(ScrnInfoPtr scrn, uint64_t msc, synth2d_vblank_fn fn, uint64_t cookie)
{
	synth2d_ptr s = synth2d_get(scrn);
	struct synth2d_vblank_wait *w = calloc(1, sizeof(*w));
	drmVBlank vbl = {0};

	if (!w)
		return false;
	w->id = ++s->vblank_next_id;
	w->cookie = cookie;
	w->fn = fn;
	vbl.request.type = DRM_VBLANK_ABSOLUTE | DRM_VBLANK_EVENT | pipe_bits(s);
	vbl.request.sequence = (uint32_t)msc;
	vbl.request.signal = w->id;
	if (drmWaitVBlank(s->fd, &vbl)) {
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "vblank wait for %llu failed: %s\n",
			   (unsigned long long)msc, strerror(errno));
		free(w);
		return false;
	}
	xorg_list_add(&w->link, &s->vblank_waits);
	return true;
}

/* The kernel event still comes; it then finds no wait and is dropped. */
void synth2d_vblank_abort(ScrnInfoPtr scrn, uint64_t cookie)
{
	synth2d_ptr s = synth2d_get(scrn);
	struct synth2d_vblank_wait *w, *tmp;

	xorg_list_for_each_entry_safe(w, tmp, &s->vblank_waits, link)
	{
		if (w->cookie == cookie) {
			xorg_list_del(&w->link);
			free(w);
		}
	}
}

static ScrnInfoPtr event_scrn;

static void vblank_event(int fd _X_UNUSED, unsigned int seq, unsigned int sec, unsigned int usec,
			 void *user_data)
{
	synth2d_ptr s = synth2d_get(event_scrn);
	uint32_t id = (uint32_t)(uintptr_t)user_data;
	struct synth2d_vblank_wait *w, *tmp;

	xorg_list_for_each_entry_safe(w, tmp, &s->vblank_waits, link)
	{
		if (w->id == id) {
			xorg_list_del(&w->link);
			w->fn(extend_msc(s, seq), to_ust(sec, usec), w->cookie);
			free(w);
			return;
		}
	}
}

static void drm_ready(int fd, int ready _X_UNUSED, void *data)
{
	drmEventContext ctx = {.version = 2, .vblank_handler = vblank_event};

	event_scrn = data;
	drmHandleEvent(fd, &ctx);
}

Bool synth2d_vblank_screen_init(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	xorg_list_init(&s->vblank_waits);
	return SetNotifyFd(s->fd, drm_ready, X_NOTIFY_READ, scrn);
}

void synth2d_vblank_close(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);
	struct synth2d_vblank_wait *w, *tmp;

	RemoveNotifyFd(s->fd);
	xorg_list_for_each_entry_safe(w, tmp, &s->vblank_waits, link)
	{
		xorg_list_del(&w->link);
		free(w);
	}
}
