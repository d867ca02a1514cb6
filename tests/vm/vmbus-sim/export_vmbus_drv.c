// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driver registration and MMIO allocation, exported in the include context
 * of the kernel's drivers/hv/vmbus_drv.c so that the symbol CRCs equal
 * hv_vmbus's (genksyms hashes the definitions of every type reachable from
 * an exported symbol that the translation unit can see). Keep this #include
 * list identical to that file's, which differs between 6.1 and 6.12.
 *
 * hyperv_vmbus.h includes hv_trace.h. Without CREATE_TRACE_POINTS that
 * header only declares the tracepoints (extern structs, unused static
 * inline trace_*() helpers), so nothing is defined or referenced here:
 * the types it declares just become visible to genksyms, as in hv_vmbus.
 */
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
/* 6.12 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/device.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/sysctl.h>
#include <linux/slab.h>
#include <linux/acpi.h>
#include <linux/completion.h>
#include <linux/hyperv.h>
#include <linux/kernel_stat.h>
#include <linux/of_address.h>
#include <linux/clockchips.h>
#include <linux/cpu.h>
#include <linux/sched/isolation.h>
#include <linux/sched/task_stack.h>
#include <linux/smpboot.h>

#include <linux/delay.h>
#include <linux/panic_notifier.h>
#include <linux/ptrace.h>
#include <linux/screen_info.h>
#include <linux/efi.h>
#include <linux/random.h>
#include <linux/kernel.h>
#include <linux/syscore_ops.h>
#include <linux/dma-map-ops.h>
#include <linux/pci.h>
#include <clocksource/hyperv_timer.h>
#include <asm/mshyperv.h>
#include "hyperv_vmbus.h"
#else
/* 6.1 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/sysctl.h>
#include <linux/slab.h>
#include <linux/acpi.h>
#include <linux/completion.h>
#include <linux/hyperv.h>
#include <linux/kernel_stat.h>
#include <linux/clockchips.h>
#include <linux/cpu.h>
#include <linux/sched/isolation.h>
#include <linux/sched/task_stack.h>

#include <linux/delay.h>
#include <linux/panic_notifier.h>
#include <linux/ptrace.h>
#include <linux/screen_info.h>
#include <linux/efi.h>
#include <linux/random.h>
#include <linux/kernel.h>
#include <linux/syscore_ops.h>
#include <linux/dma-map-ops.h>
#include <linux/pci.h>
#include <clocksource/hyperv_timer.h>
#include "hyperv_vmbus.h"
#endif

#include "sim_api.h"

/**
 * __vmbus_driver_register() - register a VMBus driver on the sim's bus
 * @hv_driver: the driver
 * @owner: its module
 * @mod_name: its module name
 *
 * Return: 0 or the error of driver_register().
 */
int __vmbus_driver_register(struct hv_driver *hv_driver, struct module *owner,
			    const char *mod_name)
{
	return sim_driver_register(hv_driver, owner, mod_name);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	sim_driver_unregister(hv_driver);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/**
 * vmbus_allocate_mmio() - hand out a range of the sim's MMIO window
 * @new: set to the range, a busy region in iomem_resource
 * @device_obj: the device asking
 * @min: lowest acceptable start
 * @max: highest acceptable end
 * @size: bytes
 * @align: alignment of the start
 * @fb_overlap_ok: accepted for compatibility; the window has no boot
 *	framebuffer
 *
 * Return: 0, or -ENXIO if no range fits.
 */
int vmbus_allocate_mmio(struct resource **new, struct hv_device *device_obj,
			resource_size_t min, resource_size_t max,
			resource_size_t size, resource_size_t align,
			bool fb_overlap_ok)
{
	return sim_allocate_mmio(new, device_obj, min, max, size, align,
				 fb_overlap_ok);
}
EXPORT_SYMBOL_GPL(vmbus_allocate_mmio);

void vmbus_free_mmio(resource_size_t start, resource_size_t size)
{
	sim_free_mmio(start, size);
}
EXPORT_SYMBOL_GPL(vmbus_free_mmio);
