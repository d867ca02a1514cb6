/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Test rig only: layout of the memory that the VMBus sim module (guest,
 * tests/vm/vmbus-sim) and synth2d-host (tests/host) share through QEMU's
 * ivshmem-plain device. It stands in for what Hyper-V keeps in the
 * hypervisor and the VMBus message connection: the offers, the channels'
 * ring buffers and the MMIO space handed out for VRAM. Nothing in the
 * product drivers knows about it.
 *
 * The file starts with one control block, then one ring slot per channel,
 * then the MMIO window:
 *
 *   0                      struct synth2d_sim_control
 *   ring_pool_offset       channel 0 slot: outbound ring, inbound ring
 *   + n * ring_slot_size   channel n slot
 *   mmio_offset            MMIO window (VRAM), guest physical address
 *                          bar_gpa + mmio_offset
 *
 * Ownership: fields under "host" are written only by the host, fields
 * under "guest" only by the sim module. Both sides poll; each writes its
 * fields with a full barrier before the state word that publishes them.
 * All values little-endian.
 *
 * Hibernation goes through the VMBus unload, as on Hyper-V: with every
 * channel closed the guest bumps unload_generation (CHANNELMSG_UNLOAD);
 * the host forgets the channels' state and the guest's display (a VM
 * restored from hibernation is a new VM: VRAM comes back empty) and
 * answers with unload_ack. On resume the guest bumps offers_request
 * (CHANNELMSG_REQUESTOFFERS); the host offers every channel again (same
 * GUIDs, a new offer_generation) and answers with offers_ack.
 *
 * Opening a channel is a request too, as on Hyper-V (CHANNELMSG_OPENCHANNEL,
 * answered by OPENCHANNEL_RESULT): the guest publishes its rings and bumps
 * open_generation; the host takes the rings, may already write to the
 * inbound one, and answers with open_result and open_ack. The guest's
 * vmbus_open() returns only then, so a host message can reach a driver's
 * callback before vmbus_open() has returned, as on Hyper-V.
 */
#ifndef SYNTH2D_VMBUS_SIM_H
#define SYNTH2D_VMBUS_SIM_H

#include <synth2d/types.h>

#define SYNTH2D_SIM_MAGIC		0x53443253	/* "S2DS" */
#define SYNTH2D_SIM_LAYOUT_VERSION	3
#define SYNTH2D_SIM_MAX_CHANNELS	8

/* Default geometry written by the host; the guest reads the real values. */
#define SYNTH2D_SIM_RING_POOL_OFFSET	0x100000	/* 1 MiB */
#define SYNTH2D_SIM_RING_SLOT_SIZE	0x100000	/* 1 MiB per channel */
#define SYNTH2D_SIM_MMIO_OFFSET		0x1000000	/* 16 MiB */
#define SYNTH2D_SIM_DEFAULT_SHM_SIZE	0x10000000	/* 256 MiB */

/* Indices of the channels synth2d-host offers. */
enum synth2d_sim_channel_index {
	SYNTH2D_SIM_CHANNEL_VIDEO = 0,
	SYNTH2D_SIM_CHANNEL_MOUSE = 1,
	SYNTH2D_SIM_CHANNEL_KEYBOARD = 2,
};

/* offer_state (host) */
enum synth2d_sim_offer_state {
	SYNTH2D_SIM_OFFER_NONE = 0,
	SYNTH2D_SIM_OFFER_OFFERED = 1,
	SYNTH2D_SIM_OFFER_RESCINDED = 2,
};

/* open_state (guest) */
enum synth2d_sim_open_state {
	SYNTH2D_SIM_CLOSED = 0,
	SYNTH2D_SIM_OPEN = 1,
};

/* VMBus offer flag: the channel carries pipe packets (vmbus_core). */
#define SYNTH2D_SIM_OFFER_FLAG_NAMED_PIPE	0x10
/* Pipe modes of the offer's user-defined parameters. */
#define SYNTH2D_SIM_PIPE_MODE_BYTE		0
#define SYNTH2D_SIM_PIPE_MODE_MESSAGE		4

struct synth2d_sim_channel {
	/* host */
	__le32 offer_state;		/* enum synth2d_sim_offer_state */
	__le32 offer_generation;	/* bumped by the host on each offer */
	struct synth2d_guid class_guid;
	struct synth2d_guid instance_guid;
	__le16 mmio_megabytes;		/* offer property (video) */
	__le16 offer_flags;		/* SYNTH2D_SIM_OFFER_FLAG_* */
	__le32 pipe_mode;		/* SYNTH2D_SIM_PIPE_MODE_* */
	__le32 open_result;		/* for open_ack: 0, or the rings were refused */
	__le32 open_ack;		/* the open_generation the host answered */
	__u8 host_reserved[64 - 56];

	/* guest */
	__le32 guest_offer_generation;	/* offer the guest has a device for, 0: none */
	__le32 open_state;		/* enum synth2d_sim_open_state */
	__le32 open_generation;		/* bumped by the guest on each open */
	__le32 outbound_offset;		/* guest->host ring, from the start of the file */
	__le32 outbound_size;		/* header page included */
	__le32 inbound_offset;		/* host->guest ring */
	__le32 inbound_size;
	__u8 guest_reserved[64 - 28];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_sim_channel, 128);
SYNTH2D_ASSERT_OFFSET(struct synth2d_sim_channel, mmio_megabytes, 40);
SYNTH2D_ASSERT_OFFSET(struct synth2d_sim_channel, guest_offer_generation, 64);

struct synth2d_sim_control {
	/* host */
	__le32 magic;			/* SYNTH2D_SIM_MAGIC once the host is ready */
	__le32 layout_version;
	__le64 shm_size;
	__le64 ring_pool_offset;
	__le32 ring_slot_size;
	__le32 vmbus_version;		/* what the guest sees as vmbus_proto_version */
	__le64 mmio_offset;
	__le64 mmio_size;
	__le32 host_generation;		/* bumped on each host start */
	__le32 channel_count;		/* SYNTH2D_SIM_MAX_CHANNELS */
	__le32 unload_ack;		/* the unload_generation the host has handled */
	__le32 offers_ack;		/* the offers_request the host has answered */
	__u8 host_reserved[128 - 64];

	/* guest */
	__le64 bar_gpa;			/* guest physical address of the file's start */
	__le32 guest_attached;		/* 1 while the sim module is loaded */
	__le32 guest_generation;	/* bumped on each attach */
	__le32 unload_generation;	/* bumped on each VMBus unload (hibernation) */
	__le32 offers_request;		/* bumped when the guest asks for the offers again */
	__u8 guest_reserved[128 - 24];

	struct synth2d_sim_channel channel[SYNTH2D_SIM_MAX_CHANNELS];
} __packed;
SYNTH2D_ASSERT_OFFSET(struct synth2d_sim_control, bar_gpa, 128);
SYNTH2D_ASSERT_OFFSET(struct synth2d_sim_control, channel, 256);
SYNTH2D_ASSERT_SIZE(struct synth2d_sim_control, 256 + 8 * 128);

#endif /* SYNTH2D_VMBUS_SIM_H */
