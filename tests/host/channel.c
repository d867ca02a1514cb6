// SPDX-License-Identifier: MIT
/*
 * Channel plumbing: follow the guest's open/close in the control page,
 * read packets from the outbound ring, strip the framing (docs/protocol.md §1.4,
 * §6.1) and hand messages to the VSPs; write replies to the inbound ring,
 * queueing them while it is full.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <synth2d/pipe.h>

#include "host.h"

/* Packets handled per channel and round, so one busy channel cannot starve the rest. */
#define PACKETS_PER_ROUND 64
/* Replies kept while the guest does not drain its inbound ring. */
#define QUEUE_LIMIT 4096

static const char *const channel_names[HOST_CHANNEL_COUNT] = {"video", "mouse", "keyboard"};

void channel_init(struct host *h, unsigned int index)
{
	struct host_channel *ch = &h->channels[index];

	memset(ch, 0, sizeof(*ch));
	ch->index = index;
	ch->name = channel_names[index];
	ch->pipe = index != SYNTH2D_SIM_CHANNEL_KEYBOARD;
	ch->state = CHANNEL_CLOSED;
}

int channel_index_by_name(const char *name)
{
	for (int i = 0; i < HOST_CHANNEL_COUNT; i++)
		if (!strcmp(name, channel_names[i]))
			return i;
	return -1;
}

const char *channel_state_name(enum channel_state state)
{
	switch (state) {
	case CHANNEL_CLOSED:
		return "closed";
	case CHANNEL_BAD_RINGS:
		return "bad-rings";
	case CHANNEL_WAIT_VERSION:
		return "waiting-version";
	case CHANNEL_WAIT_ACK:
		return "waiting-ack";
	case CHANNEL_ACTIVE:
		return "active";
	case CHANNEL_FAILED:
		return "failed";
	}
	return "?";
}

bool channel_is_serving(const struct host_channel *ch)
{
	return ch->state == CHANNEL_WAIT_VERSION || ch->state == CHANNEL_WAIT_ACK ||
	       ch->state == CHANNEL_ACTIVE;
}

static bool rings_attached(const struct host_channel *ch)
{
	return ch->state != CHANNEL_CLOSED && ch->state != CHANNEL_BAD_RINGS;
}

void channel_drop_queue(struct host_channel *ch)
{
	while (ch->queue_head) {
		struct queued_packet *p = ch->queue_head;

		ch->queue_head = p->next;
		free(p);
	}
	ch->queue_tail = NULL;
	ch->queue_len = 0;
}

static void reset_protocol(struct host *h, struct host_channel *ch)
{
	switch (ch->index) {
	case SYNTH2D_SIM_CHANNEL_VIDEO:
		video_reset_channel(h);
		break;
	case SYNTH2D_SIM_CHANNEL_MOUSE:
		mouse_reset_channel(h);
		break;
	default:
		keyboard_reset_channel(h);
		break;
	}
}

/* A ring region the guest published: inside the file, clear of the control block. */
static const char *check_ring_region(const struct host *h, uint64_t offset, uint64_t size)
{
	if (size <= SYNTH2D_RING_HEADER_SIZE || size % SYNTH2D_RING_ALIGN)
		return "size must exceed the header page and be a multiple of 8";
	if (offset % SYNTH2D_RING_ALIGN)
		return "offset not 8-byte aligned";
	if (offset < sizeof(struct synth2d_sim_control))
		return "ring overlaps the control block";
	if (offset > h->shm_size || size > h->shm_size - offset)
		return "ring extends past the end of the shared file";
	return NULL;
}

/*
 * OPENCHANNEL_RESULT: the guest's vmbus_open() returns now. Anything sent
 * at open is in the ring already, as a host can write before it answers.
 */
static void answer_open(struct synth2d_sim_channel *sc, uint32_t generation, uint32_t result)
{
	shm_store32(&sc->open_result, result);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	shm_store32(&sc->open_ack, generation);
}

void channel_poll_control(struct host *h, struct host_channel *ch)
{
	struct synth2d_sim_channel *sc = &h->control->channel[ch->index];
	uint32_t open = shm_load32(&sc->open_state);
	uint32_t generation = shm_load32(&sc->open_generation);
	uint64_t out_off, out_size, in_off, in_size;
	const char *why;

	if (open != SYNTH2D_SIM_OPEN) {
		if (ch->state != CHANNEL_CLOSED) {
			/* docs/protocol.md §6.9: a close ends the worker */
			ch->state = CHANNEL_CLOSED;
			channel_drop_queue(ch);
			if (h->config.verbose)
				fprintf(stderr, "synth2d-host: %s closed\n", ch->name);
		}
		return;
	}
	if (ch->state != CHANNEL_CLOSED && generation == ch->open_generation)
		return;

	/* the guest publishes the ring fields before open_state/open_generation */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	out_off = shm_load32(&sc->outbound_offset);
	out_size = shm_load32(&sc->outbound_size);
	in_off = shm_load32(&sc->inbound_offset);
	in_size = shm_load32(&sc->inbound_size);
	ch->open_generation = generation;
	channel_drop_queue(ch);

	why = check_ring_region(h, out_off, out_size);
	if (!why)
		why = check_ring_region(h, in_off, in_size);
	if (!why && out_off < in_off + in_size && in_off < out_off + out_size)
		why = "outbound and inbound rings overlap";
	if (why) {
		violation_record(h, ch->index, "OPEN", true, "bad ring layout: %s", why);
		ch->state = CHANNEL_BAD_RINGS;
		answer_open(sc, generation, 1);
		return;
	}
	synth2d_ring_attach(&ch->outbound, h->shm + out_off, (uint32_t)out_size);
	synth2d_ring_attach(&ch->inbound, h->shm + in_off, (uint32_t)in_size);
	ch->state = CHANNEL_WAIT_VERSION;
	reset_protocol(h, ch);
	if (ch->index == SYNTH2D_SIM_CHANNEL_VIDEO)
		video_channel_opened(h);
	answer_open(sc, generation, 0);
	if (h->config.verbose)
		fprintf(stderr, "synth2d-host: %s opened (generation %u)\n", ch->name, generation);
}

/* Counter slot of a message: its leading u32 type (every channel starts so). */
static unsigned int message_slot(const uint8_t *msg, uint32_t len)
{
	uint32_t type;

	if (len < 4)
		return MESSAGE_SLOT_UNKNOWN;
	memcpy(&type, msg, 4);
	type = le32toh(type);
	return type < MESSAGE_SLOT_TYPES ? type : MESSAGE_SLOT_UNKNOWN;
}

static void count_message(struct host_channel *ch, unsigned int slot, uint32_t bytes)
{
	ch->messages[slot].count++;
	ch->messages[slot].bytes += bytes;
}

static void dispatch(struct host *h, struct host_channel *ch, const uint8_t *msg, uint32_t len)
{
	switch (ch->index) {
	case SYNTH2D_SIM_CHANNEL_VIDEO:
		video_handle_message(h, msg, len);
		break;
	case SYNTH2D_SIM_CHANNEL_MOUSE:
		mouse_handle_message(h, msg, len);
		break;
	default:
		keyboard_handle_message(h, msg, len);
		break;
	}
}

static int write_or_queue(struct host *h, struct host_channel *ch, uint16_t type, uint64_t trans_id,
			  const void *payload, uint32_t len);

static void handle_packet(struct host *h, struct host_channel *ch, const uint8_t *packet,
			  uint32_t packet_len)
{
	const struct synth2d_vmpacket_descriptor *desc = (const void *)packet;
	uint32_t offset = (uint32_t)le16toh(desc->offset8) * 8;
	const uint8_t *payload = packet + offset;
	uint32_t payload_len = packet_len - offset;
	uint16_t type = le16toh(desc->type);
	const uint8_t *msg = payload;
	uint32_t msg_len = payload_len;

	capture_packet(h, false, ch->index, payload, payload_len);
	if (type != SYNTH2D_VM_PKT_DATA_INBAND) {
		count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
		channel_fail(h, ch, "VMBUS", "VMBus packet type %u is not in-band data", type);
		return;
	}
	if (ch->pipe) {
		struct synth2d_pipe_header pipe;

		if (payload_len < sizeof(pipe)) {
			count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
			channel_fail(h, ch, "PIPE", "packet shorter than the pipe header");
			return;
		}
		memcpy(&pipe, payload, sizeof(pipe));
		msg = payload + sizeof(pipe);
		msg_len = le32toh(pipe.size);
		if (le32toh(pipe.type) != SYNTH2D_PIPE_MSG_DATA) {
			count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
			channel_fail(h, ch, "PIPE", "pipe message type %u is not DATA",
				     le32toh(pipe.type));
			return;
		}
		if (msg_len > SYNTH2D_MAX_PIPE_PAYLOAD) {
			count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
			channel_fail(h, ch, "PIPE", "pipe payload of %u bytes exceeds 16384",
				     msg_len);
			return;
		}
		if (msg_len > payload_len - sizeof(pipe)) {
			count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
			channel_fail(h, ch, "PIPE", "pipe size %u exceeds the packet's %u bytes",
				     msg_len, payload_len - (uint32_t)sizeof(pipe));
			return;
		}
		count_message(ch, message_slot(msg, msg_len), (uint32_t)sizeof(pipe) + msg_len);
	} else {
		if (payload_len > SYNTH2D_MAX_PIPE_PAYLOAD) {
			count_message(ch, MESSAGE_SLOT_UNKNOWN, payload_len);
			channel_fail(h, ch, "VMBUS", "packet of %u bytes exceeds 16384",
				     payload_len);
			return;
		}
		count_message(ch, message_slot(msg, msg_len), msg_len);
	}
	dispatch(h, ch, msg, msg_len);
	/*
	 * A VMBus endpoint completes a packet that asks for it: the Linux input
	 * drivers, written against Hyper-V, ask and skip what comes back
	 * (docs/protocol.md §6.1). After the handler's replies, unless it
	 * failed the channel.
	 */
	if ((le16toh(desc->flags) & SYNTH2D_VMBUS_FLAG_COMPLETION_REQUESTED) &&
	    ch->state != CHANNEL_FAILED && rings_attached(ch) &&
	    !write_or_queue(h, ch, SYNTH2D_VM_PKT_COMP, le64toh(desc->trans_id), NULL, 0))
		ch->completions++;
}

/* Largest packet a descriptor can describe: len8 is a u16 count of 8-byte units. */
#define RX_BUF_SIZE (0xffff * 8)

int channel_poll_rings(struct host *h, struct host_channel *ch)
{
	int handled = 0;

	if (!rings_attached(ch))
		return 0;
	channel_flush_queue(h, ch);
	while (channel_is_serving(ch) && handled < PACKETS_PER_ROUND) {
		uint32_t len = 0;
		int ret = synth2d_ring_peek_packet(&ch->outbound, h->rx_buf, RX_BUF_SIZE, &len);

		if (ret == -EAGAIN)
			break;
		if (ret) {
			channel_fail(h, ch, "VMBUS", "outbound ring holds no valid packet (%d)",
				     ret);
			break;
		}
		/* take it first: the handler may reset the channel */
		synth2d_ring_consume_packet(&ch->outbound, len);
		handle_packet(h, ch, h->rx_buf, len);
		handled++;
	}
	channel_flush_queue(h, ch);
	return handled;
}

static int queue_packet(struct host_channel *ch, uint16_t type, uint64_t trans_id,
			const void *payload, uint32_t len)
{
	struct queued_packet *p;

	if (ch->queue_len >= QUEUE_LIMIT) {
		ch->queue_dropped++;
		return -ENOBUFS;
	}
	p = malloc(sizeof(*p) + len);
	if (!p)
		return -ENOMEM;
	p->next = NULL;
	p->type = type;
	p->trans_id = trans_id;
	p->len = len;
	if (len)
		memcpy(p->data, payload, len);
	if (ch->queue_tail)
		ch->queue_tail->next = p;
	else
		ch->queue_head = p;
	ch->queue_tail = p;
	ch->queue_len++;
	return 0;
}

void channel_flush_queue(struct host *h, struct host_channel *ch)
{
	while (ch->queue_head && rings_attached(ch)) {
		struct queued_packet *p = ch->queue_head;

		int ret = synth2d_ring_write_packet(&ch->inbound, p->type, 0, p->trans_id, p->data,
						    p->len);

		if (ret == -EAGAIN)
			break;
		if (ret == -EBADMSG) {
			channel_fail(h, ch, "VMBUS", "inbound ring write_index is corrupt");
			break;
		}
		ch->queue_head = p->next;
		if (!ch->queue_head)
			ch->queue_tail = NULL;
		ch->queue_len--;
		free(p);
	}
}

/* Into the inbound ring, or behind what is queued: flags 0 (no completion asked). */
static int write_or_queue(struct host *h, struct host_channel *ch, uint16_t type, uint64_t trans_id,
			  const void *payload, uint32_t len)
{
	int ret = -EAGAIN;

	if (!rings_attached(ch))
		return -ENOTCONN;
	if (!ch->queue_head)
		ret = synth2d_ring_write_packet(&ch->inbound, type, 0, trans_id, payload, len);
	if (ret == -EAGAIN)
		ret = queue_packet(ch, type, trans_id, payload, len);
	if (ret == -EBADMSG)
		channel_fail(h, ch, "VMBUS", "inbound ring write_index is corrupt");
	return ret;
}

/* A message: in-band, trans_id 0 (docs/protocol.md §6.1). */
static int send_packet(struct host *h, struct host_channel *ch, const void *payload, uint32_t len,
		       unsigned int slot)
{
	int ret = write_or_queue(h, ch, SYNTH2D_VM_PKT_DATA_INBAND, 0, payload, len);

	if (ret)
		return ret;
	count_message(ch, slot, len);
	capture_packet(h, true, ch->index, payload, len);
	return 0;
}

int channel_send_message(struct host *h, struct host_channel *ch, const void *msg, uint32_t len)
{
	uint8_t buf[SYNTH2D_MAX_PIPE_PAYLOAD + sizeof(struct synth2d_pipe_header)];
	struct synth2d_pipe_header pipe;

	if (len > SYNTH2D_MAX_PIPE_PAYLOAD)
		return -EMSGSIZE;
	if (!ch->pipe)
		return send_packet(h, ch, msg, len, message_slot(msg, len));
	pipe.type = htole32(SYNTH2D_PIPE_MSG_DATA);
	pipe.size = htole32(len);
	memcpy(buf, &pipe, sizeof(pipe));
	memcpy(buf + sizeof(pipe), msg, len);
	return send_packet(h, ch, buf, (uint32_t)sizeof(pipe) + len, message_slot(msg, len));
}

int channel_send_raw(struct host *h, struct host_channel *ch, const void *payload, uint32_t len)
{
	return send_packet(h, ch, payload, len, MESSAGE_SLOT_INJECTED);
}
