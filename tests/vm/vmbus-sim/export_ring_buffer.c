// SPDX-License-Identifier: GPL-2.0-only
/*
 * The inbound packet iterator, exported in the include context of the
 * kernel's drivers/hv/ring_buffer.c so that the symbol CRCs equal
 * hv_vmbus's. Keep this #include list identical to that file's (same on
 * 6.1 and 6.12).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/hyperv.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/prefetch.h>
#include <linux/io.h>
#include <asm/mshyperv.h>

/*
 * hyperv_vmbus.h includes hv_trace.h. Without CREATE_TRACE_POINTS that
 * header only declares the tracepoints (extern structs, unused static
 * inline trace_*() helpers), so nothing is defined or referenced here:
 * the types it declares just become visible to genksyms, as in hv_vmbus.
 */
#include "hyperv_vmbus.h"

#include "sim_api.h"

/**
 * hv_pkt_iter_first() - copy the next unread host->guest packet out
 * @channel: an open channel
 *
 * The packet is copied into the channel's inbound.pkt_buffer, as the
 * kernel does, so the host cannot change it while the driver reads it.
 *
 * Return: the copy's descriptor, or NULL if there is none (or the ring
 * is corrupt).
 */
struct vmpacket_descriptor *hv_pkt_iter_first(struct vmbus_channel *channel)
{
	return sim_pkt_iter_first(channel);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_first);

/**
 * __hv_pkt_iter_next() - step past @desc and copy the next packet out
 * @channel: an open channel
 * @desc: what hv_pkt_iter_first() or this function returned last
 *
 * Return: the next packet's copy, or NULL.
 */
struct vmpacket_descriptor *
__hv_pkt_iter_next(struct vmbus_channel *channel,
		   const struct vmpacket_descriptor *desc)
{
	return sim_pkt_iter_next(channel, desc);
}
EXPORT_SYMBOL_GPL(__hv_pkt_iter_next);

/**
 * hv_pkt_iter_close() - publish the read index: the host may reuse the space
 * @channel: an open channel
 */
void hv_pkt_iter_close(struct vmbus_channel *channel)
{
	sim_pkt_iter_close(channel);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_close);
