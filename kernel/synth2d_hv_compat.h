/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hv_driver API difference between the kernels both modules build
 * for (6.1 and 6.12): hv_driver.remove returns void since 6.3.
 * kernel/synth2d.kbuild detects it in the headers the build uses and
 * defines SYNTH2D_HAVE_HV_REMOVE_VOID.
 */
#ifndef SYNTH2D_HV_COMPAT_H
#define SYNTH2D_HV_COMPAT_H

#ifdef SYNTH2D_HAVE_HV_REMOVE_VOID
#define SYNTH2D_HV_REMOVE_RET		void
#define SYNTH2D_HV_REMOVE_RETURN
#else
#define SYNTH2D_HV_REMOVE_RET		int
#define SYNTH2D_HV_REMOVE_RETURN	0
#endif

#endif /* SYNTH2D_HV_COMPAT_H */
