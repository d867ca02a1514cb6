/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Driver-core and VMBus API differences between the kernels the sim is
 * built for (6.1 and 6.12).
 */
#ifndef VMBUS_SIM_COMPAT_H
#define VMBUS_SIM_COMPAT_H

#include <linux/version.h>

/* bus_type.match() takes a const driver since 6.11. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define SIM_MATCH_DRV_CONST const
#else
#define SIM_MATCH_DRV_CONST
#endif

/* bus_type.uevent() takes a const device since 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define SIM_UEVENT_DEV_CONST const
#else
#define SIM_UEVENT_DEV_CONST
#endif

/* hv_driver.remove() returns void since 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define SIM_HV_REMOVE_RETURNS_VOID 1
#else
#define SIM_HV_REMOVE_RETURNS_VOID 0
#endif

/*
 * bus_register() and the driver core take a const bus_type on 6.12; the
 * 6.1 ones do not.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define SIM_BUS_CONST const
#else
#define SIM_BUS_CONST
#endif

#endif /* VMBUS_SIM_COMPAT_H */
