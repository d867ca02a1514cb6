/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sim's implementation of the exported VMBus API. The export_*.c files
 * wrap these; this header must only use types of <linux/hyperv.h> so that
 * including it does not change what the export files' CRCs see.
 */
#ifndef VMBUS_SIM_API_H
#define VMBUS_SIM_API_H

#include <linux/hyperv.h>

int sim_driver_register(struct hv_driver *drv, struct module *owner,
			const char *mod_name);
void sim_driver_unregister(struct hv_driver *drv);
int sim_allocate_mmio(struct resource **new, struct hv_device *hdev,
		      resource_size_t min, resource_size_t max,
		      resource_size_t size, resource_size_t align,
		      bool fb_overlap_ok);
void sim_free_mmio(resource_size_t start, resource_size_t size);

int sim_channel_open(struct vmbus_channel *channel, u32 send_size,
		     u32 recv_size, void *userdata, u32 userdatalen,
		     void (*callback)(void *context), void *context);
void sim_channel_close(struct vmbus_channel *channel);
int sim_channel_send(struct vmbus_channel *channel, void *buf, u32 len,
		     u64 requestid, enum vmbus_packet_type type, u32 flags);
int sim_channel_recv(struct vmbus_channel *channel, void *buf, u32 buflen,
		     u32 *actual_len, u64 *requestid, bool raw);

struct vmpacket_descriptor *sim_pkt_iter_first(struct vmbus_channel *channel);
struct vmpacket_descriptor *
sim_pkt_iter_next(struct vmbus_channel *channel,
		  const struct vmpacket_descriptor *desc);
void sim_pkt_iter_close(struct vmbus_channel *channel);

#endif /* VMBUS_SIM_API_H */
