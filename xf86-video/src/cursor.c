// SPDX-License-Identifier: MIT
/*
 * Hardware ARGB cursor: the image goes into a dumb buffer of the kernel's
 * cursor size and is set with CURSOR2, so synth2d.ko hands the host the
 * image and the hotspot and the host draws the only pointer. X moves it
 * with MOVECURSOR (image top-left = pointer - hotspot).
 *
 * Cursors larger than DRM_CAP_CURSOR_WIDTH/HEIGHT (64x64 on synth2d) fail
 * xf86Crtc's size check and the server draws them itself (mi sprite); it
 * hides the hardware cursor first, and a hidden KMS cursor makes synth2d
 * hide the host pointer, so there is still one pointer on screen.
 */
#include "driver.h"

#include <errno.h>
#include <string.h>

#include <cursorstr.h>
#include <xf86Cursor.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#define FALLBACK_CURSOR_SIZE 64

Bool synth2d_cursor_pre_init(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);
	uint64_t w = 0, h = 0;

	if (drmGetCap(s->fd, DRM_CAP_CURSOR_WIDTH, &w) || !w)
		w = FALLBACK_CURSOR_SIZE;
	if (drmGetCap(s->fd, DRM_CAP_CURSOR_HEIGHT, &h) || !h)
		h = FALLBACK_CURSOR_SIZE;
	s->cursor_w = (uint32_t)w;
	s->cursor_h = (uint32_t)h;
	xf86DrvMsg(scrn->scrnIndex, s->sw_cursor ? X_CONFIG : X_PROBED,
		   s->sw_cursor ? "software cursor\n" : "hardware cursor up to %ux%u\n",
		   s->cursor_w, s->cursor_h);
	return TRUE;
}

Bool synth2d_cursor_screen_init(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	/* Whatever pointer the console or an earlier client left goes. */
	synth2d_cursor_hide_kms(scrn);
	if (s->sw_cursor)
		return TRUE;
	s->cursor_bo = synth2d_bo_create(s->fd, s->cursor_w, s->cursor_h, false);
	if (!s->cursor_bo) {
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "no cursor buffer (%s): software cursor\n",
			   strerror(errno));
		s->sw_cursor = true;
		return TRUE;
	}
	/*
	 * UPDATE_UNHIDDEN: the image may change while the cursor is shown;
	 * synth2d takes a new image with the next CURSOR2.
	 */
	if (!xf86_cursors_init(screen, (int)s->cursor_w, (int)s->cursor_h,
			       HARDWARE_CURSOR_UPDATE_UNHIDDEN | HARDWARE_CURSOR_ARGB)) {
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "hardware cursor init failed\n");
		synth2d_bo_destroy(s->fd, s->cursor_bo);
		s->cursor_bo = NULL;
		s->sw_cursor = true;
	}
	return TRUE;
}

void synth2d_cursor_close(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	if (!s->sw_cursor)
		xf86_cursors_fini(screen);
	synth2d_cursor_hide_kms(scrn);
	synth2d_bo_destroy(s->fd, s->cursor_bo);
	s->cursor_bo = NULL;
}

void synth2d_cursor_hide_kms(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	if (s->crtc_id)
		drmModeSetCursor(s->fd, s->crtc_id, 0, 0, 0);
	s->cursor_up = false;
}

/* Sets the image in the cursor buffer with the current cursor's hotspot. */
static Bool set_cursor(xf86CrtcPtr crtc)
{
	ScrnInfoPtr scrn = crtc->scrn;
	synth2d_ptr s = synth2d_get(scrn);
	CursorPtr cursor = xf86CurrentCursor(scrn->pScreen);
	int ret;

	if (!cursor || !s->cursor_bo)
		return TRUE;
	ret = drmModeSetCursor2(s->fd, s->crtc_id, s->cursor_bo->handle, s->cursor_w, s->cursor_h,
				cursor->bits->xhot, cursor->bits->yhot);
	if (ret) {
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "CURSOR2 failed (%s): software cursor\n",
			   strerror(-ret));
		return FALSE;
	}
	return TRUE;
}

void synth2d_crtc_set_cursor_colors(xf86CrtcPtr crtc _X_UNUSED, int bg _X_UNUSED, int fg _X_UNUSED)
{
	/* ARGB only: core cursors reach the driver converted to ARGB. */
}

void synth2d_crtc_set_cursor_position(xf86CrtcPtr crtc, int x, int y)
{
	synth2d_ptr s = synth2d_get(crtc->scrn);

	drmModeMoveCursor(s->fd, s->crtc_id, x, y);
}

Bool synth2d_crtc_show_cursor(xf86CrtcPtr crtc)
{
	synth2d_ptr s = synth2d_get(crtc->scrn);

	s->cursor_up = true;
	return set_cursor(crtc);
}

void synth2d_crtc_hide_cursor(xf86CrtcPtr crtc)
{
	synth2d_cursor_hide_kms(crtc->scrn);
}

/* xf86Crtc hands a cursor_w x cursor_h ARGB image, the cursor top-left. */
Bool synth2d_crtc_load_cursor_argb(xf86CrtcPtr crtc, CARD32 *image)
{
	synth2d_ptr s = synth2d_get(crtc->scrn);
	struct synth2d_bo *bo = s->cursor_bo;

	if (!bo)
		return FALSE;
	for (uint32_t y = 0; y < s->cursor_h; y++)
		memcpy((uint8_t *)bo->map + (size_t)y * bo->pitch, image + (size_t)y * s->cursor_w,
		       (size_t)s->cursor_w * 4);
	if (s->cursor_up)
		return set_cursor(crtc);
	return TRUE;
}
