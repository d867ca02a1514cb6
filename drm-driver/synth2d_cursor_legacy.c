// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cursor on kernels whose planes carry no hotspot (before 6.8): no
 * cursor plane, but the CRTC's legacy cursor hooks, which the DRM core
 * calls for DRM_IOCTL_MODE_CURSOR/CURSOR2 when a CRTC has no cursor plane
 * (drm_mode_cursor_common()).
 *
 * A cursor plane there would reach the host without a hotspot from every
 * atomic client and from SETPLANE, and a wlroots 0.15 compositor that
 * finds one shows no pointer at all (docs/display.md). Without it, legacy
 * CURSOR2 clients (Xorg, mutter's and KWin's legacy back ends) keep the
 * host-drawn pointer with its hotspot, and atomic compositors draw their
 * own pointer, as on the kernel's hyperv_drm.
 */
#include <linux/iosys-map.h>

#include <drm/drm_atomic.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>

#include "synth2d_drv.h"

/**
 * synth2d_cursor_set2() - the CRTC's legacy cursor image hook
 * @crtc: the CRTC
 * @file: the client
 * @handle: GEM handle of a @width x @height ARGB8888 image, pitch
 *	@width * 4; 0 hides the cursor
 * @width: image width
 * @height: image height
 * @hot_x: hotspot in the image, x (0 from the CURSOR ioctl)
 * @hot_y: hotspot in the image, y
 *
 * The image is copied: the client may reuse or free the buffer at once.
 *
 * Return: 0, -EINVAL for a size or hotspot the protocol cannot carry,
 * -ENOENT for an unknown handle, or an error from mapping the buffer.
 */
int synth2d_cursor_set2(struct drm_crtc *crtc, struct drm_file *file,
			u32 handle, u32 width, u32 height, s32 hot_x, s32 hot_y)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);
	struct synth2d_cursor *cur = &sd->cursor;
	struct drm_gem_shmem_object *shmem;
	struct drm_gem_object *obj;
	struct iosys_map map;
	int ret;

	if (!handle) {
		synth2d_blit_lock(sd);
		mutex_lock(&cur->lock);
		cur->owner = NULL;
		synth2d_cursor_hide_locked(sd);
		mutex_unlock(&cur->lock);
		synth2d_blit_unlock(sd);
		return 0;
	}
	/* As many pixels as POINTER_SHAPE carries, hotspot inside (docs/protocol.md §2.9). */
	if (!width || !height || width > SYNTH2D_CURSOR_MAX_WIDTH ||
	    height > SYNTH2D_CURSOR_MAX_HEIGHT || hot_x < 0 || hot_y < 0 ||
	    hot_x >= width || hot_y >= height)
		return -EINVAL;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;
	if (obj->size < (size_t)width * height * SYNTH2D_CPP) {
		ret = -EINVAL;
		goto put;
	}
	/* Every GEM object of this driver is a shmem one (dumb or PRIME). */
	shmem = to_drm_gem_shmem_obj(obj);
	ret = drm_gem_shmem_vmap(shmem, &map);
	if (ret)
		goto put;

	synth2d_blit_lock(sd);
	mutex_lock(&cur->lock);
	cur->owner = file;
	synth2d_cursor_load_locked(sd, map.vaddr, width * SYNTH2D_CPP, width,
				   height, hot_x, hot_y);
	synth2d_cursor_show_locked(sd, true, cur->crtc_x, cur->crtc_y);
	mutex_unlock(&cur->lock);
	synth2d_blit_unlock(sd);

	drm_gem_shmem_vunmap(shmem, &map);
put:
	drm_gem_object_put(obj);
	return ret;
}

/**
 * synth2d_cursor_move() - the CRTC's legacy cursor position hook
 * @crtc: the CRTC
 * @x: screen position of the image's top-left pixel, x
 * @y: screen position of the image's top-left pixel, y
 *
 * Return: 0.
 */
int synth2d_cursor_move(struct drm_crtc *crtc, int x, int y)
{
	struct synth2d_device *sd = to_synth2d(crtc->dev);
	struct synth2d_cursor *cur = &sd->cursor;

	/* A composed pointer is redrawn in VRAM: the composer's lock first. */
	synth2d_blit_lock(sd);
	mutex_lock(&cur->lock);
	cur->crtc_x = x;
	cur->crtc_y = y;
	if (cur->mode != SYNTH2D_CURSOR_OFF)
		synth2d_cursor_show_locked(sd, false, x, y);
	mutex_unlock(&cur->lock);
	synth2d_blit_unlock(sd);
	return 0;
}

/**
 * synth2d_cursor_flush() - keep the cursor across a mode set
 * @sd: the device
 * @state: the commit being applied (the CRTC is active)
 *
 * The CRTC's enable hid the host pointer and laid VRAM out again; the
 * legacy cursor, which no commit carries, is shown again.
 */
void synth2d_cursor_flush(struct synth2d_device *sd,
			  struct drm_atomic_state *state)
{
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, &sd->crtc);

	if (crtc_state && drm_atomic_crtc_needs_modeset(crtc_state))
		synth2d_cursor_restore(sd);
}

/* No cursor plane: the CRTC's legacy hooks carry the cursor. */
struct drm_plane *synth2d_cursor_plane_create(struct synth2d_device *sd)
{
	return NULL;
}

/**
 * synth2d_cursor_file_closed() - a client closed the device
 * @sd: the device
 * @file: the client
 *
 * A legacy cursor is not part of any commit, so the console's restore
 * would leave the closed client's pointer on screen: hide it here.
 */
void synth2d_cursor_file_closed(struct synth2d_device *sd,
				struct drm_file *file)
{
	struct synth2d_cursor *cur = &sd->cursor;

	synth2d_blit_lock(sd);
	mutex_lock(&cur->lock);
	if (cur->owner == file) {
		cur->owner = NULL;
		synth2d_cursor_hide_locked(sd);
	}
	mutex_unlock(&cur->lock);
	synth2d_blit_unlock(sd);
}
