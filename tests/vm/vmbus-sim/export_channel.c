// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channel open/close/send/receive, exported in the include context of the
 * kernel's drivers/hv/channel.c so that the symbol CRCs equal hv_vmbus's.
 * Keep this #include list identical to that file's (same on 6.1 and 6.12).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/hyperv.h>
#include <linux/uio.h>
#include <linux/interrupt.h>
#include <linux/set_memory.h>
#include <asm/page.h>
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
 * vmbus_open() - open a channel: place its rings in the shared memory
 * @newchannel: the channel of an offered device
 * @send_ringbuffer_size: guest->host ring, header page included
 * @recv_ringbuffer_size: host->guest ring, header page included
 * @userdata: open parameters for the host (ignored by the sim)
 * @userdatalen: length of @userdata, at most MAX_USER_DEFINED_BYTES
 * @onchannelcallback: run in softirq context when packets arrive
 * @context: argument of @onchannelcallback
 *
 * Return: 0 or a negative errno.
 */
int vmbus_open(struct vmbus_channel *newchannel,
	       u32 send_ringbuffer_size, u32 recv_ringbuffer_size,
	       void *userdata, u32 userdatalen,
	       void (*onchannelcallback)(void *context), void *context)
{
	return sim_channel_open(newchannel, send_ringbuffer_size,
				recv_ringbuffer_size, userdata, userdatalen,
				onchannelcallback, context);
}
EXPORT_SYMBOL_GPL(vmbus_open);

/**
 * vmbus_close() - close a channel; no callback runs after this returns
 * @channel: the channel
 */
void vmbus_close(struct vmbus_channel *channel)
{
	sim_channel_close(channel);
}
EXPORT_SYMBOL_GPL(vmbus_close);

/**
 * vmbus_sendpacket() - write one packet to the guest->host ring
 * @channel: an open channel
 * @buffer: payload
 * @bufferlen: payload length
 * @requestid: transaction id put in the descriptor
 * @type: packet type, e.g. VM_PKT_DATA_INBAND
 * @flags: descriptor flags
 *
 * Return: 0, -EAGAIN if the ring is full, -ENODEV if the channel is
 * rescinded or closed.
 */
int vmbus_sendpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u64 requestid,
		     enum vmbus_packet_type type, u32 flags)
{
	return sim_channel_send(channel, buffer, bufferlen, requestid, type,
				flags);
}
EXPORT_SYMBOL(vmbus_sendpacket);

/**
 * vmbus_recvpacket() - take the payload of the next host->guest packet
 * @channel: an open channel
 * @buffer: destination
 * @bufferlen: size of @buffer
 * @buffer_actual_len: set to the payload length, 0 if no packet
 * @requestid: set to the packet's transaction id
 *
 * Return: 0 (also when empty), -ENOBUFS if @buffer is too small.
 */
int vmbus_recvpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u32 *buffer_actual_len,
		     u64 *requestid)
{
	return sim_channel_recv(channel, buffer, bufferlen, buffer_actual_len,
				requestid, false);
}
EXPORT_SYMBOL(vmbus_recvpacket);

/* Like vmbus_recvpacket(), but copies the descriptor too. */
int vmbus_recvpacket_raw(struct vmbus_channel *channel, void *buffer,
			 u32 bufferlen, u32 *buffer_actual_len,
			 u64 *requestid)
{
	return sim_channel_recv(channel, buffer, bufferlen, buffer_actual_len,
				requestid, true);
}
EXPORT_SYMBOL_GPL(vmbus_recvpacket_raw);
