/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * VMBus ring buffer access, one implementation for both ends of the test
 * rig: the VMBus sim module (guest side) and synth2d-host (host side).
 *
 * Format (Linux drivers/hv/ring_buffer.c): a 4 KiB header page, then the
 * data area. The writer copies descriptor + payload + padding to 8 bytes,
 * then a u64 with its old write_index in the upper half, then publishes the
 * new write_index. The ring is full when a write would make write_index
 * reach read_index, so one byte always stays free. The reader copies the
 * packet out before it advances read_index.
 */
#ifndef SYNTH2D_VMBUS_RING_H
#define SYNTH2D_VMBUS_RING_H

#include "vmbus_packet.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/barrier.h>
#define synth2d_ring_load(p)		le32_to_cpu(READ_ONCE(*(p)))
#define synth2d_ring_store(p, v)	WRITE_ONCE(*(p), cpu_to_le32(v))
/* Full barrier between ring contents and indices, as drivers/hv/ring_buffer.c */
#define synth2d_ring_fence()		virt_mb()
#define synth2d_cpu_to_le16		cpu_to_le16
#define synth2d_cpu_to_le64		cpu_to_le64
#define synth2d_le16_to_cpu		le16_to_cpu
#else
#include <endian.h>
#include <errno.h>
#include <string.h>
#define synth2d_ring_load(p)		le32toh(*(volatile __le32 *)(p))
#define synth2d_ring_store(p, v)	(*(volatile __le32 *)(p) = htole32(v))
#define synth2d_ring_fence()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define synth2d_cpu_to_le16		htole16
#define synth2d_cpu_to_le64		htole64
#define synth2d_le16_to_cpu		le16toh
#endif

struct synth2d_ring {
	struct synth2d_ring_header *header;
	__u8 *data;
	__u32 size;		/* bytes in the data area */
};

/**
 * synth2d_ring_attach() - describe a ring that starts at @base
 * @ring: ring to fill in
 * @base: the ring's header page
 * @total_size: header page + data area, in bytes
 *
 * Return: 0, or -EINVAL if @total_size leaves no data area or is not
 * a multiple of the packet alignment.
 */
static inline int synth2d_ring_attach(struct synth2d_ring *ring, void *base,
				      __u32 total_size)
{
	if (total_size <= SYNTH2D_RING_HEADER_SIZE ||
	    total_size % SYNTH2D_RING_ALIGN)
		return -EINVAL;
	ring->header = (struct synth2d_ring_header *)base;
	ring->data = (__u8 *)base + SYNTH2D_RING_HEADER_SIZE;
	ring->size = total_size - SYNTH2D_RING_HEADER_SIZE;
	return 0;
}

/* Zero the indices of a ring nobody uses yet (the opener does this). */
static inline void synth2d_ring_reset(struct synth2d_ring *ring)
{
	memset(ring->header, 0, sizeof(*ring->header));
	synth2d_ring_fence();
}

/* Bytes a reader could take now; 0 also if the indices are corrupt. */
static inline __u32 synth2d_ring_bytes_to_read(const struct synth2d_ring *ring)
{
	__u32 w = synth2d_ring_load(&ring->header->write_index);
	__u32 r = synth2d_ring_load(&ring->header->read_index);

	if (w >= ring->size || r >= ring->size)
		return 0;
	return w >= r ? w - r : ring->size - r + w;
}

static inline __u32 synth2d_ring_bytes_to_write(const struct synth2d_ring *ring)
{
	return ring->size - synth2d_ring_bytes_to_read(ring);
}

static inline void synth2d_ring_copy_in(struct synth2d_ring *ring, __u32 *pos,
					const void *src, __u32 len)
{
	__u32 first = ring->size - *pos;

	if (len <= first) {
		memcpy(ring->data + *pos, src, len);
	} else {
		memcpy(ring->data + *pos, src, first);
		memcpy(ring->data, (const __u8 *)src + first, len - first);
	}
	*pos = (*pos + len) % ring->size;
}

static inline void synth2d_ring_copy_out(const struct synth2d_ring *ring,
					 __u32 pos, void *dst, __u32 len)
{
	__u32 first = ring->size - pos;

	if (len <= first) {
		memcpy(dst, ring->data + pos, len);
	} else {
		memcpy(dst, ring->data + pos, first);
		memcpy((__u8 *)dst + first, ring->data, len - first);
	}
}

/**
 * synth2d_ring_write_packet() - write one packet with a plain descriptor
 * @ring: the ring this side writes
 * @type: SYNTH2D_VM_PKT_DATA_INBAND or SYNTH2D_VM_PKT_COMP
 * @flags: descriptor flags
 * @trans_id: transaction id
 * @payload: bytes after the descriptor
 * @len: length of @payload
 *
 * Return: 0, -EAGAIN if the ring has no room now, -EMSGSIZE if the packet
 * could never fit, -EBADMSG if the ring's write_index (in memory the other
 * side can write) is out of range.
 */
static inline int synth2d_ring_write_packet(struct synth2d_ring *ring,
					    __u16 type, __u16 flags,
					    __u64 trans_id, const void *payload,
					    __u32 len)
{
	static const __u8 zeros[SYNTH2D_RING_ALIGN];
	struct synth2d_vmpacket_descriptor desc;
	__u32 packet = sizeof(desc) + len;
	__u32 padded = (packet + SYNTH2D_RING_ALIGN - 1) &
		       ~(__u32)(SYNTH2D_RING_ALIGN - 1);
	__u32 total = padded + SYNTH2D_RING_TRAILER_SIZE;
	__u32 old_write, pos;
	__le64 trailer;

	if (padded / 8 > 0xffff || total >= ring->size)
		return -EMSGSIZE;
	if (synth2d_ring_bytes_to_write(ring) <= total)
		return -EAGAIN;

	desc.type = synth2d_cpu_to_le16(type);
	desc.offset8 = synth2d_cpu_to_le16(sizeof(desc) / 8);
	desc.len8 = synth2d_cpu_to_le16(padded / 8);
	desc.flags = synth2d_cpu_to_le16(flags);
	desc.trans_id = synth2d_cpu_to_le64(trans_id);

	old_write = synth2d_ring_load(&ring->header->write_index);
	if (old_write >= ring->size || old_write % SYNTH2D_RING_ALIGN)
		return -EBADMSG;	/* copying at it would overrun the ring */
	pos = old_write;
	synth2d_ring_copy_in(ring, &pos, &desc, sizeof(desc));
	synth2d_ring_copy_in(ring, &pos, payload, len);
	synth2d_ring_copy_in(ring, &pos, zeros, padded - packet);
	trailer = synth2d_cpu_to_le64((__u64)old_write << 32);
	synth2d_ring_copy_in(ring, &pos, &trailer, sizeof(trailer));

	/* The packet must be visible before the index that publishes it. */
	synth2d_ring_fence();
	synth2d_ring_store(&ring->header->write_index, pos);
	synth2d_ring_fence();
	return 0;
}

/**
 * synth2d_ring_peek_packet() - copy the next packet out without taking it
 * @ring: the ring this side reads
 * @buf: destination for descriptor + payload (+ padding)
 * @buf_len: size of @buf
 * @packet_len: set to the packet's length (len8 * 8) when it is known
 *
 * Return: 0, -EAGAIN if the ring is empty, -ENOBUFS if @buf is too small
 * (@packet_len says how much is needed), -EBADMSG if the writer produced
 * something that is not a packet (the ring is then unusable).
 */
static inline int synth2d_ring_peek_packet(const struct synth2d_ring *ring,
					   void *buf, __u32 buf_len,
					   __u32 *packet_len)
{
	struct synth2d_vmpacket_descriptor desc;
	__u32 avail, len, offset, r;

	synth2d_ring_fence();
	avail = synth2d_ring_bytes_to_read(ring);
	if (avail == 0)
		return -EAGAIN;
	if (avail < sizeof(desc) + SYNTH2D_RING_TRAILER_SIZE)
		return -EBADMSG;

	r = synth2d_ring_load(&ring->header->read_index);
	if (r >= ring->size)	/* changed since bytes_to_read checked it */
		return -EBADMSG;
	synth2d_ring_copy_out(ring, r, &desc, sizeof(desc));
	len = (__u32)synth2d_le16_to_cpu(desc.len8) * 8;
	offset = (__u32)synth2d_le16_to_cpu(desc.offset8) * 8;
	if (len < sizeof(desc) || offset < sizeof(desc) || offset > len ||
	    len + SYNTH2D_RING_TRAILER_SIZE > avail)
		return -EBADMSG;

	*packet_len = len;
	if (len > buf_len)
		return -ENOBUFS;
	synth2d_ring_copy_out(ring, r, buf, len);
	return 0;
}

/* Take the packet of @packet_len bytes that synth2d_ring_peek_packet() saw. */
static inline void synth2d_ring_consume_packet(struct synth2d_ring *ring,
					       __u32 packet_len)
{
	__u32 r = synth2d_ring_load(&ring->header->read_index);

	/* Done reading the packet before the writer may reuse its bytes. */
	synth2d_ring_fence();
	r = (r + packet_len + SYNTH2D_RING_TRAILER_SIZE) % ring->size;
	synth2d_ring_store(&ring->header->read_index, r);
	synth2d_ring_fence();
}

#endif /* SYNTH2D_VMBUS_RING_H */
