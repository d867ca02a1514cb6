// SPDX-License-Identifier: MIT
/*
 * Shadow framebuffer: X renders (fb) into plain memory; before the server
 * sleeps, the damaged boxes are copied into the front dumb buffer and
 * reported with DIRTYFB, which synth2d.ko turns into one DIRT message per
 * call after copying those pixels to VRAM. Reading back from the dumb
 * buffer is never needed, and the kernel copies only what is declared.
 *
 * The damage policy (docs/xorg.md has the measurements):
 *  - boxes:    the damage region's boxes as they are (pixman splits
 *              overlapping rects into y-x bands, so N rects can be more);
 *  - bounding: one clip, the region's bounding box;
 *  - auto:     the bounding box when it is at most AUTO_MAX_OVERDRAW times
 *              the damaged area, boxes otherwise (many boxes are no reason
 *              to merge: more than 256 go in several ioctls, measured far
 *              cheaper than their bounding box).
 */
#include "driver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <fb.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* DRM_MODE_FB_DIRTY_MAX_CLIPS: the DIRTYFB ioctl takes at most 256 clips. */
#define DIRTY_MAX_CLIPS	  256
#define AUTO_MAX_OVERDRAW 2

Bool synth2d_shadow_alloc(ScrnInfoPtr scrn, int width, int height)
{
	synth2d_ptr s = synth2d_get(scrn);

	s->front = synth2d_bo_create(s->fd, width, height, true);
	if (!s->front) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "cannot create a %dx%d scanout buffer: %s\n",
			   width, height, strerror(errno));
		return FALSE;
	}
	s->shadow_pitch = (uint32_t)width * 4;
	s->shadow = calloc((size_t)height, s->shadow_pitch);
	if (!s->shadow) {
		synth2d_bo_destroy(s->fd, s->front);
		s->front = NULL;
		return FALSE;
	}
	scrn->displayWidth = width;
	return TRUE;
}

void synth2d_shadow_free(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	synth2d_bo_destroy(s->fd, s->front);
	s->front = NULL;
	free(s->shadow);
	s->shadow = NULL;
}

void synth2d_shadow_damage_all(ScrnInfoPtr scrn)
{
	ScreenPtr screen = scrn->pScreen;
	PixmapPtr pixmap;
	BoxRec box = {0, 0, 0, 0};
	RegionRec region;

	if (!screen || !synth2d_get(scrn)->damage)
		return;
	pixmap = screen->GetScreenPixmap(screen);
	box.x2 = pixmap->drawable.width;
	box.y2 = pixmap->drawable.height;
	RegionInit(&region, &box, 1);
	DamageDamageRegion(&pixmap->drawable, &region);
	RegionUninit(&region);
}

static void copy_box(synth2d_ptr s, const BoxRec *b)
{
	const uint8_t *src =
	    (const uint8_t *)s->shadow + (size_t)b->y1 * s->shadow_pitch + b->x1 * 4;
	uint8_t *dst = (uint8_t *)s->front->map + (size_t)b->y1 * s->front->pitch + b->x1 * 4;
	size_t len = (size_t)(b->x2 - b->x1) * 4;

	for (int y = b->y1; y < b->y2; y++) {
		memcpy(dst, src, len);
		src += s->shadow_pitch;
		dst += s->front->pitch;
	}
}

static bool clip_box(const synth2d_ptr s, const BoxRec *in, BoxRec *out)
{
	out->x1 = in->x1 < 0 ? 0 : in->x1;
	out->y1 = in->y1 < 0 ? 0 : in->y1;
	out->x2 = in->x2 > (int)s->front->width ? (int)s->front->width : in->x2;
	out->y2 = in->y2 > (int)s->front->height ? (int)s->front->height : in->y2;
	return out->x1 < out->x2 && out->y1 < out->y2;
}

static void send_dirty(synth2d_ptr s, drmModeClip *clips, int n)
{
	for (int i = 0; i < n; i += DIRTY_MAX_CLIPS) {
		int chunk = n - i < DIRTY_MAX_CLIPS ? n - i : DIRTY_MAX_CLIPS;

		drmModeDirtyFB(s->fd, s->front->fb_id, clips + i, chunk);
	}
	s->clips_sent += n;
}

void synth2d_shadow_flush(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);
	RegionPtr region;
	const BoxRec *boxes;
	drmModeClip *clips, bbox_clip;
	BoxRec b, ext;
	int nbox, n = 0;
	uint64_t area = 0, ext_area;
	bool bounding;

	if (!s->damage || !s->front || !scrn->vtSema)
		return; /* without DRM master the damage waits for EnterVT */
	region = DamageRegion(s->damage);
	if (!RegionNotEmpty(region))
		return;
	nbox = RegionNumRects(region);
	boxes = RegionRects(region);
	clips = malloc(sizeof(*clips) * (size_t)nbox);
	if (!clips)
		return;
	for (int i = 0; i < nbox; i++) {
		if (!clip_box(s, &boxes[i], &b))
			continue;
		copy_box(s, &b);
		clips[n] = (drmModeClip){b.x1, b.y1, b.x2, b.y2};
		area += (uint64_t)(b.x2 - b.x1) * (b.y2 - b.y1);
		n++;
	}
	if (n && clip_box(s, RegionExtents(region), &ext)) {
		ext_area = (uint64_t)(ext.x2 - ext.x1) * (ext.y2 - ext.y1);
		switch (s->damage_policy) {
		case SYNTH2D_DAMAGE_BOUNDING:
			bounding = true;
			break;
		case SYNTH2D_DAMAGE_AUTO:
			bounding = ext_area <= AUTO_MAX_OVERDRAW * area;
			break;
		default:
			bounding = false;
			break;
		}
		s->flushes++;
		if (bounding) {
			bbox_clip = (drmModeClip){ext.x1, ext.y1, ext.x2, ext.y2};
			send_dirty(s, &bbox_clip, 1);
			s->pixels_sent += ext_area;
		} else {
			send_dirty(s, clips, n);
			s->pixels_sent += area;
		}
	}
	free(clips);
	DamageEmpty(s->damage);
}

static void block_handler(ScreenPtr screen, void *timeout)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	screen->BlockHandler = s->BlockHandler;
	screen->BlockHandler(screen, timeout);
	s->BlockHandler = screen->BlockHandler;
	screen->BlockHandler = block_handler;

	synth2d_shadow_flush(scrn);
}

static Bool create_screen_resources(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);
	PixmapPtr pixmap;
	Bool ret;

	screen->CreateScreenResources = s->CreateScreenResources;
	ret = screen->CreateScreenResources(screen);
	screen->CreateScreenResources = create_screen_resources;
	if (!ret)
		return FALSE;

	pixmap = screen->GetScreenPixmap(screen);
	s->damage = DamageCreate(NULL, NULL, DamageReportNone, TRUE, screen, pixmap);
	if (!s->damage)
		return FALSE;
	DamageRegister(&pixmap->drawable, s->damage);
	synth2d_shadow_damage_all(scrn);
	return TRUE;
}

Bool synth2d_shadow_screen_init(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	s->CreateScreenResources = screen->CreateScreenResources;
	screen->CreateScreenResources = create_screen_resources;
	s->BlockHandler = screen->BlockHandler;
	screen->BlockHandler = block_handler;
	return TRUE;
}

void synth2d_shadow_close(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	if (s->damage) {
		DamageUnregister(s->damage);
		DamageDestroy(s->damage);
		s->damage = NULL;
	}
	screen->BlockHandler = s->BlockHandler;
	screen->CreateScreenResources = s->CreateScreenResources;
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "damage: %llu flushes, %llu clips, %llu pixels\n",
		   (unsigned long long)s->flushes, (unsigned long long)s->clips_sent,
		   (unsigned long long)s->pixels_sent);
}

/* The screen pixmap moves to a new shadow of the new size (config_resize). */
Bool synth2d_shadow_resize(ScrnInfoPtr scrn, int width, int height)
{
	ScreenPtr screen = scrn->pScreen;
	synth2d_ptr s = synth2d_get(scrn);
	PixmapPtr pixmap = screen->GetScreenPixmap(screen);

	if (!synth2d_shadow_alloc(scrn, width, height))
		return FALSE;
	scrn->virtualX = width;
	scrn->virtualY = height;
	if (!screen->ModifyPixmapHeader(pixmap, width, height, -1, -1, (int)s->shadow_pitch,
					s->shadow))
		return FALSE;
	synth2d_shadow_damage_all(scrn);
	return TRUE;
}
