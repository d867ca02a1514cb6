// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmbus_proto_version, exported in the include context of the kernel's
 * drivers/hv/connection.c so that its symbol CRC equals hv_vmbus's.
 * Keep this #include list identical to that file's (same on 6.1 and 6.12).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/hyperv.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/set_memory.h>
#include <asm/mshyperv.h>

/*
 * hyperv_vmbus.h includes hv_trace.h. Without CREATE_TRACE_POINTS that
 * header only declares the tracepoints (extern structs, unused static
 * inline trace_*() helpers), so nothing is defined or referenced here:
 * the types it declares just become visible to genksyms, as in hv_vmbus.
 */
#include "hyperv_vmbus.h"

/* The negotiated VMBus version drivers read; set at attach from the host. */
__u32 vmbus_proto_version;
EXPORT_SYMBOL_GPL(vmbus_proto_version);
