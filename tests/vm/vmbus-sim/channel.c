// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channels: rings in the shared memory in the kernel's ring buffer format
 * (include/synth2d/vmbus_ring.h), opened, written and read with the
 * semantics of the kernel's VMBus channel and ring code. Everything the host
 * wrote is validated; a corrupt inbound ring is logged and the channel
 * stops delivering.
 */
#include <linux/slab.h>

#include "sim.h"
#include "sim_api.h"

/* The header page of a ring is struct hv_ring_buffer, data follows. */
static_assert(sizeof(struct hv_ring_buffer) == SYNTH2D_RING_HEADER_SIZE);
static_assert(sizeof(struct vmpacket_descriptor) ==
	      sizeof(struct synth2d_vmpacket_descriptor));

/* Set up a fresh channel of an offer, as alloc_channel() does. */
void sim_channel_init(struct sim_offer *o)
{
	struct vmbus_channel *ch = &o->channel;

	ch->state = CHANNEL_OPEN_STATE;
	ch->max_pkt_size = VMBUS_DEFAULT_MAX_PKT_SIZE;
	spin_lock_init(&ch->inbound.ring_lock);
	spin_lock_init(&ch->outbound.ring_lock);
	mutex_init(&ch->inbound.ring_buffer_mutex);
	mutex_init(&ch->outbound.ring_buffer_mutex);
	spin_lock_init(&ch->sched_lock);
	INIT_LIST_HEAD(&ch->sc_list);
	init_completion(&ch->rescind_event);
}

static void sim_ring_info_fill(struct hv_ring_buffer_info *rbi,
			       const struct synth2d_ring *ring, u32 total)
{
	rbi->ring_buffer = (struct hv_ring_buffer *)ring->header;
	rbi->ring_size = total;
	rbi->ring_datasize = ring->size;
	rbi->priv_read_index = 0;
}

static void sim_channel_corrupt(struct sim_offer *o, const char *why)
{
	if (!o->broken)
		dev_err_ratelimited(&o->hdev.device,
				    "host corrupted the inbound ring (%s); channel stops receiving\n",
				    why);
	WRITE_ONCE(o->broken, true);
}

int sim_channel_open(struct vmbus_channel *channel, u32 send_size,
		     u32 recv_size, void *userdata, u32 userdatalen,
		     void (*callback)(void *context), void *context)
{
	struct sim_offer *o = to_sim_offer(channel);
	struct synth2d_sim_channel *sc;
	u32 generation;
	u64 slot_base;
	void *pkt_buffer;
	int ret;

	if (userdatalen > MAX_USER_DEFINED_BYTES)
		return -EINVAL;
	if (send_size % PAGE_SIZE || recv_size % PAGE_SIZE ||
	    send_size < 2 * PAGE_SIZE || recv_size < 2 * PAGE_SIZE)
		return -EINVAL;
	if (channel->rescind || !sim)
		return -ENODEV;
	if (channel->state != CHANNEL_OPEN_STATE)
		return -EINVAL;
	if ((u64)send_size + recv_size > sim->ring_slot_size) {
		dev_err(&o->hdev.device,
			"rings of %u + %u bytes do not fit the %u-byte ring slot\n",
			send_size, recv_size, sim->ring_slot_size);
		return -ENOMEM;
	}

	if (!channel->max_pkt_size)
		channel->max_pkt_size = VMBUS_DEFAULT_MAX_PKT_SIZE;
	pkt_buffer = kzalloc(channel->max_pkt_size, GFP_KERNEL);
	if (!pkt_buffer)
		return -ENOMEM;

	slot_base = sim->ring_pool_offset + (u64)o->slot * sim->ring_slot_size;
	ret = synth2d_ring_attach(&o->out, (u8 *)sim->ctl + slot_base,
				  send_size);
	if (!ret)
		ret = synth2d_ring_attach(&o->in,
					  (u8 *)sim->ctl + slot_base + send_size,
					  recv_size);
	if (ret) {
		kfree(pkt_buffer);
		return ret;
	}
	synth2d_ring_reset(&o->out);
	synth2d_ring_reset(&o->in);

	sim_ring_info_fill(&channel->outbound, &o->out, send_size);
	sim_ring_info_fill(&channel->inbound, &o->in, recv_size);
	kfree(channel->inbound.pkt_buffer);
	channel->inbound.pkt_buffer = pkt_buffer;
	channel->inbound.pkt_buffer_size = channel->max_pkt_size;
	channel->onchannel_callback = callback;
	channel->channel_callback_context = context;
	o->broken = false;
	o->last_pkt_len = 0;

	/* Publish the rings, then tell the host they are there. */
	sc = &sim->ctl->channel[o->slot];
	sim_wr32(&sc->outbound_offset, slot_base);
	sim_wr32(&sc->outbound_size, send_size);
	sim_wr32(&sc->inbound_offset, slot_base + send_size);
	sim_wr32(&sc->inbound_size, recv_size);
	generation = sim_rd32(&sc->open_generation) + 1;
	sim_wr32(&sc->open_generation, generation);
	/* Ring headers and offsets are visible before open_state says OPEN. */
	virt_mb();
	sim_wr32(&sc->open_state, SYNTH2D_SIM_OPEN);
	/* ... and OPEN is visible before the first packet is sent. */
	virt_mb();

	channel->state = CHANNEL_OPENED_STATE;
	o->open = true;
	sim_poll_start_channel(o);

	/*
	 * As vmbus_open() waits for OPENCHANNEL_RESULT: the callback may run
	 * meanwhile, for what the host sent before it answered.
	 */
	ret = sim_wait_ack(&sc->open_ack, generation, "channel open");
	if (!ret && sim_rd32(&sc->open_result)) {
		dev_err(&o->hdev.device, "host refused the channel's rings (result %u)\n",
			sim_rd32(&sc->open_result));
		ret = -EIO;
	}
	if (ret)
		sim_channel_force_close(o);
	return ret;
}

/* Close if open; no callback of @o runs after this returns. */
void sim_channel_force_close(struct sim_offer *o)
{
	struct vmbus_channel *ch = &o->channel;

	if (!o->open)
		return;
	sim_poll_stop_channel(o);
	o->open = false;
	ch->onchannel_callback = NULL;
	ch->channel_callback_context = NULL;
	ch->state = CHANNEL_OPEN_STATE;
	if (sim && sim->attached) {
		sim_wr32(&sim->ctl->channel[o->slot].open_state,
			 SYNTH2D_SIM_CLOSED);
		/* The host sees CLOSED before anything else we write. */
		virt_mb();
	}
}

void sim_channel_close(struct vmbus_channel *channel)
{
	sim_channel_force_close(to_sim_offer(channel));
}

int sim_channel_send(struct vmbus_channel *channel, void *buf, u32 len,
		     u64 requestid, enum vmbus_packet_type type, u32 flags)
{
	struct sim_offer *o = to_sim_offer(channel);
	unsigned long irqflags;
	int ret;

	if (!o->open || READ_ONCE(channel->rescind))
		return -ENODEV;
	if (len && !buf)
		return -EINVAL;

	spin_lock_irqsave(&channel->outbound.ring_lock, irqflags);
	ret = synth2d_ring_write_packet(&o->out, type, flags, requestid, buf,
					len);
	spin_unlock_irqrestore(&channel->outbound.ring_lock, irqflags);

	if (ret == -EMSGSIZE)
		dev_err_ratelimited(&o->hdev.device,
				    "packet of %u bytes never fits the ring\n",
				    len);
	else if (ret == -EBADMSG)
		dev_err_ratelimited(&o->hdev.device,
				    "host corrupted the outbound ring's write index\n");
	if (!ret)
		sim_poll_kick();	/* a reply is likely: poll fast */
	return ret == -EBADMSG ? -EIO : ret;
}

/**
 * sim_inbound_peek() - copy the packet at priv_read_index into pkt_buffer
 * @o: an open channel
 *
 * Return: the copy, or NULL if the ring is empty or corrupt.
 */
static struct vmpacket_descriptor *sim_inbound_peek(struct sim_offer *o)
{
	struct hv_ring_buffer_info *rbi = &o->channel.inbound;
	struct synth2d_ring *ring = &o->in;
	struct vmpacket_descriptor *copy;
	struct synth2d_vmpacket_descriptor desc;
	u32 w, r, avail, len, offset;

	if (!o->open || READ_ONCE(o->broken))
		return NULL;
	w = synth2d_ring_load(&ring->header->write_index);
	r = rbi->priv_read_index;	/* ours, always valid */
	if (w >= ring->size || w % SYNTH2D_RING_ALIGN) {
		sim_channel_corrupt(o, "write index out of range");
		return NULL;
	}
	avail = w >= r ? w - r : ring->size - r + w;
	if (!avail)
		return NULL;
	/* Read the packet only after the index that published it. */
	virt_rmb();
	if (avail < sizeof(desc) + SYNTH2D_RING_TRAILER_SIZE) {
		sim_channel_corrupt(o, "truncated packet");
		return NULL;
	}
	synth2d_ring_copy_out(ring, r, &desc, sizeof(desc));
	len = (u32)le16_to_cpu(desc.len8) * 8;
	offset = (u32)le16_to_cpu(desc.offset8) * 8;
	if (len < sizeof(desc) || offset < sizeof(desc) || offset > len ||
	    len + SYNTH2D_RING_TRAILER_SIZE > avail) {
		sim_channel_corrupt(o, "bad packet length or offset");
		return NULL;
	}
	if (len > rbi->pkt_buffer_size) {
		sim_channel_corrupt(o, "packet larger than the channel's max_pkt_size");
		return NULL;
	}
	copy = rbi->pkt_buffer;
	synth2d_ring_copy_out(ring, r, copy, len);
	/* The host may have rewritten the descriptor between the copies. */
	copy->len8 = len / 8;
	copy->offset8 = offset / 8;
	o->last_pkt_len = len;
	return copy;
}

struct vmpacket_descriptor *sim_pkt_iter_first(struct vmbus_channel *channel)
{
	return sim_inbound_peek(to_sim_offer(channel));
}

struct vmpacket_descriptor *
sim_pkt_iter_next(struct vmbus_channel *channel,
		  const struct vmpacket_descriptor *desc)
{
	struct sim_offer *o = to_sim_offer(channel);
	struct hv_ring_buffer_info *rbi = &channel->inbound;

	if (!o->open || !o->last_pkt_len)
		return NULL;
	/* Step over the packet sim_inbound_peek() validated, and its trailer. */
	rbi->priv_read_index = (rbi->priv_read_index + o->last_pkt_len +
				SYNTH2D_RING_TRAILER_SIZE) % o->in.size;
	o->last_pkt_len = 0;
	return sim_inbound_peek(o);
}

void sim_pkt_iter_close(struct vmbus_channel *channel)
{
	struct sim_offer *o = to_sim_offer(channel);

	if (!o->open)
		return;
	/* Done reading before the host may reuse the space. */
	virt_mb();
	synth2d_ring_store(&o->in.header->read_index,
			   channel->inbound.priv_read_index);
	/* The new read index is visible before we look at the ring again. */
	virt_mb();
}

int sim_channel_recv(struct vmbus_channel *channel, void *buf, u32 buflen,
		     u32 *actual_len, u64 *requestid, bool raw)
{
	struct vmpacket_descriptor *desc;
	u32 offset, len;

	if (!buflen)
		return -EINVAL;
	*actual_len = 0;
	*requestid = 0;

	desc = sim_pkt_iter_first(channel);
	if (!desc)
		return 0;	/* callers look at *actual_len, as with Hyper-V */

	offset = raw ? 0 : desc->offset8 << 3;
	len = (desc->len8 << 3) - offset;
	*actual_len = len;
	*requestid = desc->trans_id;
	if (len > buflen)
		return -ENOBUFS;
	memcpy(buf, (u8 *)desc + offset, len);
	sim_pkt_iter_next(channel, desc);
	sim_pkt_iter_close(channel);
	return 0;
}

/* Whether the host wrote packets the driver has not taken (poll timer). */
bool sim_inbound_pending(struct sim_offer *o)
{
	u32 w;

	if (READ_ONCE(o->broken))
		return false;
	w = synth2d_ring_load(&o->in.header->write_index);
	if (w >= o->in.size || w % SYNTH2D_RING_ALIGN) {
		sim_channel_corrupt(o, "write index out of range");
		return false;
	}
	return w != o->channel.inbound.priv_read_index;
}
