// SPDX-License-Identifier: MIT
/*
 * Present on the kernel's vblank events: MSC and UST come from synth2d's
 * vblank timer, so PresentNotifyMSC and timed PresentPixmap complete on
 * real vblanks. No page flips: presents are copies into the shadow.
 */
#include "driver.h"

#include <present.h>

static xf86CrtcPtr lit_crtc(ScrnInfoPtr scrn)
{
	xf86CrtcConfigPtr config = XF86_CRTC_CONFIG_PTR(scrn);
	xf86CrtcPtr crtc = config->num_crtc ? config->crtc[0] : NULL;

	return crtc && crtc->enabled && crtc->randr_crtc ? crtc : NULL;
}

static RRCrtcPtr present_get_crtc(WindowPtr window)
{
	xf86CrtcPtr crtc = lit_crtc(xf86ScreenToScrn(window->drawable.pScreen));

	return crtc ? crtc->randr_crtc : NULL;
}

static int present_get_ust_msc(RRCrtcPtr rcrtc, uint64_t *ust, uint64_t *msc)
{
	xf86CrtcPtr crtc = rcrtc->devPrivate;

	return synth2d_vblank_get_ust_msc(crtc->scrn, ust, msc) ? Success : BadMatch;
}

static void present_vblank_event(uint64_t msc, uint64_t ust, uint64_t event_id)
{
	present_event_notify(event_id, ust, msc);
}

static Bool present_queue_vblank(RRCrtcPtr rcrtc, uint64_t event_id, uint64_t msc)
{
	xf86CrtcPtr crtc = rcrtc->devPrivate;

	if (!synth2d_vblank_queue(crtc->scrn, msc, present_vblank_event, event_id))
		return BadAlloc;
	return Success; /* the server compares with Success despite the Bool type */
}

static void present_abort_vblank(RRCrtcPtr rcrtc, uint64_t event_id, uint64_t msc _X_UNUSED)
{
	xf86CrtcPtr crtc = rcrtc->devPrivate;

	synth2d_vblank_abort(crtc->scrn, event_id);
}

static void present_flush(WindowPtr window _X_UNUSED)
{
}

static present_screen_info_rec present_info = {
    .version = PRESENT_SCREEN_INFO_VERSION,
    .get_crtc = present_get_crtc,
    .get_ust_msc = present_get_ust_msc,
    .queue_vblank = present_queue_vblank,
    .abort_vblank = present_abort_vblank,
    .flush = present_flush,
    .capabilities = PresentCapabilityNone,
};

Bool synth2d_present_screen_init(ScreenPtr screen)
{
	return present_screen_init(screen, &present_info);
}
