/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal state of the VMBus sim: one ivshmem device whose BAR2 is the
 * memory shared with synth2d-host (layout: tests/include/synth2d/vmbus_sim.h).
 */
#ifndef VMBUS_SIM_H
#define VMBUS_SIM_H

#include <linux/hrtimer.h>
#include <linux/hyperv.h>
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <synth2d/vmbus_ring.h>
#include <synth2d/vmbus_sim.h>

#include "compat.h"

/*
 * One offered device: the hv_device the drivers see, its channel, and the
 * sim's view of the channel's rings. Freed when the device's last
 * reference goes (sim_offer_release()).
 */
struct sim_offer {
	struct hv_device hdev;
	struct vmbus_channel channel;
	unsigned int slot;		/* index in the control page */
	u32 generation;			/* the host's offer_generation */
	bool open;
	bool broken;			/* the host corrupted a ring */
	struct synth2d_ring out;	/* guest -> host */
	struct synth2d_ring in;		/* host -> guest */
	u32 last_pkt_len;		/* of the packet the iterator returned */
	struct list_head poll_node;	/* in sim_bus.open_list while open */
};

#define to_sim_offer(ch) container_of(ch, struct sim_offer, channel)

/* The shared memory and what lives in it. */
struct sim_bus {
	struct pci_dev *pdev;
	/*
	 * Parent of the offered devices: not the PCI function, as on Hyper-V,
	 * where they hang below the ACPI VMBUS device. A PCI ancestor makes
	 * Xorg take a DRM device for that PCI function's (a RAM controller's).
	 */
	struct device *root;
	resource_size_t bar_start;
	resource_size_t bar_len;
	struct synth2d_sim_control *ctl;	/* mapping of [0, map_len) */
	size_t map_len;

	/* Geometry validated at the first attach; fixed afterwards. */
	bool have_geometry;
	u64 shm_size;
	u64 ring_pool_offset;
	u32 ring_slot_size;
	u32 channel_count;
	u64 mmio_offset;
	u64 mmio_size;

	bool attached;
	u32 host_generation;
	bool attach_failed;		/* for failed_host_generation */
	u32 failed_host_generation;

	struct mutex lock;		/* offers[], attach state */
	struct sim_offer *offers[SYNTH2D_SIM_MAX_CHANNELS];
	u32 failed_generation[SYNTH2D_SIM_MAX_CHANNELS];
	struct delayed_work offer_work;

	struct mutex mmio_lock;		/* mmio_window, mmio_ranges */
	struct resource mmio_window;	/* not in iomem: bookkeeping only */
	struct resource fb_window;	/* child of mmio_window; end 0: none */
	struct list_head mmio_ranges;

	bool unloaded;			/* VMBus unloaded, offers not yet requested */

	spinlock_t poll_lock;		/* open_list, callbacks run under it */
	struct list_head open_list;
	struct hrtimer poll_timer;
	bool poll_running;
	unsigned int idle_polls;
};

extern struct sim_bus *sim;

/* Module parameters (main.c). */
extern unsigned int sim_poll_us;
extern unsigned int sim_idle_poll_us;
extern unsigned int sim_offer_poll_ms;
extern unsigned int sim_host_wait_ms;

/* main.c */
bool sim_check_host(void);
int sim_wait_ack(const __le32 *ack, u32 want, const char *what);

/* bus.c */
int sim_bus_register(void);
void sim_bus_unregister(void);
int sim_device_register(struct sim_offer *o);
void sim_device_unregister(struct sim_offer *o);
int sim_device_suspend(struct device *dev);
int sim_device_resume(struct device *dev);

/* hibernate.c */
int sim_bus_unload(void);
int sim_bus_request_offers(void);
int sim_hibernate_cycle(void);

/* offers.c */
void sim_offer_work(struct work_struct *work);
void sim_offers_remove_all(void);
void sim_offer_release(struct device *dev);
void sim_offers_take_again(void);

/* channel.c */
void sim_channel_init(struct sim_offer *o);
void sim_channel_force_close(struct sim_offer *o);
bool sim_inbound_pending(struct sim_offer *o);

/* ring_poll.c */
void sim_poll_init(void);
void sim_poll_start_channel(struct sim_offer *o);
void sim_poll_stop_channel(struct sim_offer *o);
void sim_poll_kick(void);
void sim_poll_stop(void);

/* mmio.c */
void sim_mmio_init(u64 start, u64 size);
void sim_mmio_release_all(void);

/* firmware_fb.c */
int sim_fb_init(void);
void sim_fb_exit(void);

/* Accessors for the host's little-endian fields in the shared memory. */
static inline u32 sim_rd32(const __le32 *p)
{
	return le32_to_cpu(READ_ONCE(*p));
}

static inline u64 sim_rd64(const __le64 *p)
{
	return le64_to_cpu(READ_ONCE(*p));
}

static inline void sim_wr32(__le32 *p, u32 v)
{
	WRITE_ONCE(*p, cpu_to_le32(v));
}

static inline void sim_wr64(__le64 *p, u64 v)
{
	WRITE_ONCE(*p, cpu_to_le64(v));
}

#endif /* VMBUS_SIM_H */
