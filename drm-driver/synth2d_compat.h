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

/* hv_driver.remove returns void since 6.3. */
#ifdef SYNTH2D_HAVE_HV_REMOVE_VOID
#define SYNTH2D_HV_REMOVE_RET	void
#define SYNTH2D_HV_REMOVE_RETURN
#else
#define SYNTH2D_HV_REMOVE_RET	int
#define SYNTH2D_HV_REMOVE_RETURN	0
#endif

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

/* drm_driver.date was removed in 6.14: SYNTH2D_HAVE_DRIVER_DATE. */

#endif /* SYNTH2D_COMPAT_H */
