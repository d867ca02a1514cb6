/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The differences between the kernels synth2d builds against (Debian 12's
 * 6.1 and 6.12), in one place. Everything else uses the same API on both.
 *
 * The SYNTH2D_HAVE_* flags come from Kbuild, which looks for each
 * interface in the kernel headers the module is built against.
 */
#ifndef SYNTH2D_COMPAT_H
#define SYNTH2D_COMPAT_H

#include <drm/drm_drv.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_plane.h>

#include "synth2d_hv_compat.h"

/*
 * fbdev emulation on a shmem driver: the generic helper up to 6.10,
 * the shmem-optimised one from 6.11.
 */
#ifdef SYNTH2D_HAVE_FBDEV_SHMEM
#include <drm/drm_fbdev_shmem.h>
static inline void synth2d_fbdev_setup(struct drm_device *dev)
{
	drm_fbdev_shmem_setup(dev, 32);
}
#else
#include <drm/drm_fb_helper.h>
static inline void synth2d_fbdev_setup(struct drm_device *dev)
{
	drm_fbdev_generic_setup(dev, 32);
}
#endif

/*
 * Cursor hotspots (docs/display.md): from 6.8 the cursor plane carries
 * them (HOTSPOT_X/Y, also set by the legacy CURSOR2 ioctl) and the core
 * hides the plane from atomic clients that cannot set them. Before, only
 * the CRTC's legacy cursor hooks get one, so there is no cursor plane.
 */
#ifdef SYNTH2D_HAVE_CURSOR_HOTSPOT
#define SYNTH2D_DRIVER_CURSOR_HOTSPOT	DRIVER_CURSOR_HOTSPOT
#define SYNTH2D_CRTC_CURSOR_FUNCS
#else
#define SYNTH2D_DRIVER_CURSOR_HOTSPOT	0
#define SYNTH2D_CRTC_CURSOR_FUNCS \
	.cursor_set2 = synth2d_cursor_set2, \
	.cursor_move = synth2d_cursor_move,
#endif

/* drm_driver.date was removed in 6.14: SYNTH2D_HAVE_DRIVER_DATE. */

#endif /* SYNTH2D_COMPAT_H */
