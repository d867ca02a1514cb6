/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * VMBus packet descriptor and ring buffer layout.
 * Source: Linux include/linux/hyperv.h (struct vmpacket_descriptor,
 * struct hv_ring_buffer, VM_PKT_*), drivers/hv/ring_buffer.c; docs/protocol.md §1.
 */
#ifndef SYNTH2D_VMBUS_PACKET_H
#define SYNTH2D_VMBUS_PACKET_H

#include "types.h"

/* Packet types (enum vmbus_packet_type). */
#define SYNTH2D_VM_PKT_DATA_INBAND	6
#define SYNTH2D_VM_PKT_COMP		11

/* Descriptor flag bit 0: the sender asks for a completion packet. */
#define SYNTH2D_VMBUS_FLAG_COMPLETION_REQUESTED	1

/* Every packet starts with this descriptor; offset8/len8 count 8-byte units. */
struct synth2d_vmpacket_descriptor {
	__le16 type;
	__le16 offset8;		/* start of the payload from the descriptor */
	__le16 len8;		/* whole packet, descriptor included */
	__le16 flags;
	__le64 trans_id;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_vmpacket_descriptor, 16);
SYNTH2D_ASSERT_OFFSET(struct synth2d_vmpacket_descriptor, offset8, 2);
SYNTH2D_ASSERT_OFFSET(struct synth2d_vmpacket_descriptor, len8, 4);
SYNTH2D_ASSERT_OFFSET(struct synth2d_vmpacket_descriptor, flags, 6);
SYNTH2D_ASSERT_OFFSET(struct synth2d_vmpacket_descriptor, trans_id, 8);

/*
 * Each packet in a ring is followed by a u64 holding the writer's
 * write_index (before the packet) in its upper 32 bits; packets are
 * padded to 8 bytes.
 */
#define SYNTH2D_RING_TRAILER_SIZE	8
#define SYNTH2D_RING_ALIGN		8

/* Ring header page; the data area follows at offset 4096. */
#define SYNTH2D_RING_HEADER_SIZE	4096

struct synth2d_ring_header {
	__le32 write_index;	/* byte offset into the data area */
	__le32 read_index;	/* byte offset into the data area */
	__le32 interrupt_mask;
	__le32 pending_send_sz;
	__le32 reserved1[12];
	__le32 feature_bits;	/* bit 0: pending_send_sz supported */
	__u8 reserved2[SYNTH2D_RING_HEADER_SIZE - 68];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_ring_header, SYNTH2D_RING_HEADER_SIZE);
SYNTH2D_ASSERT_OFFSET(struct synth2d_ring_header, read_index, 4);
SYNTH2D_ASSERT_OFFSET(struct synth2d_ring_header, interrupt_mask, 8);
SYNTH2D_ASSERT_OFFSET(struct synth2d_ring_header, pending_send_sz, 12);
SYNTH2D_ASSERT_OFFSET(struct synth2d_ring_header, feature_bits, 64);

/* VMBus protocol versions (major << 16 | minor); Linux hyperv.h. */
#define SYNTH2D_VMBUS_VERSION(major, minor)	(((major) << 16) | (minor))
#define SYNTH2D_VMBUS_VERSION_WIN8	SYNTH2D_VMBUS_VERSION(2, 4)
#define SYNTH2D_VMBUS_VERSION_WIN8_1	SYNTH2D_VMBUS_VERSION(3, 0)
#define SYNTH2D_VMBUS_VERSION_WIN10	SYNTH2D_VMBUS_VERSION(4, 0)
#define SYNTH2D_VMBUS_VERSION_WIN10_V5	SYNTH2D_VMBUS_VERSION(5, 0)
#define SYNTH2D_VMBUS_VERSION_WIN10_V5_2 SYNTH2D_VMBUS_VERSION(5, 2)
#define SYNTH2D_VMBUS_VERSION_WIN10_V5_3 SYNTH2D_VMBUS_VERSION(5, 3)

/* Largest pipe payload (MAXIMUM_PIPE_PACKET_SIZE, MAX_PIPE_DATA_PAYLOAD). */
#define SYNTH2D_MAX_PIPE_PAYLOAD	16384

#endif /* SYNTH2D_VMBUS_PACKET_H */
