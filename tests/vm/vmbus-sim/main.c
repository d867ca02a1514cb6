// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMBus sim: the kernel's VMBus driver API on top of QEMU's ivshmem-plain
 * device, for tests only. synth2d-host maps the same memory from outside
 * the guest and plays the Hyper-V host: it lists offers in the control
 * page and is the other end of the channels' rings.
 *
 * This file: the PCI driver, mapping the shared memory, attaching to the
 * host's control page, module parameters.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/pci.h>

#include "sim.h"

#define PCI_VENDOR_ID_REDHAT_QUMRANET_IVSHMEM	0x1af4
#define PCI_DEVICE_ID_IVSHMEM			0x1110
#define SIM_SHM_BAR				2

unsigned int sim_poll_us = 1000;
module_param_named(poll_us, sim_poll_us, uint, 0644);
MODULE_PARM_DESC(poll_us, "Ring poll period while packets flow, in us (default 1000)");

unsigned int sim_idle_poll_us = 10000;
module_param_named(idle_poll_us, sim_idle_poll_us, uint, 0644);
MODULE_PARM_DESC(idle_poll_us, "Ring poll period after 100 idle polls, in us (default 10000)");

unsigned int sim_offer_poll_ms = 20;
module_param_named(offer_poll_ms, sim_offer_poll_ms, uint, 0644);
MODULE_PARM_DESC(offer_poll_ms, "Control page poll period, in ms (default 20)");

unsigned int sim_host_wait_ms = 10000;
module_param_named(host_wait_ms, sim_host_wait_ms, uint, 0444);
MODULE_PARM_DESC(host_wait_ms,
		 "How long probe waits for the host's magic, and requests for its answer, in ms (default 10000)");

static unsigned int vmbus_version;
module_param(vmbus_version, uint, 0444);
MODULE_PARM_DESC(vmbus_version, "VMBus version drivers see, (major << 16 | minor); 0: the host's (default)");

struct sim_bus *sim;

static bool sim_host_ready(void)
{
	struct synth2d_sim_control *c = sim->ctl;

	return sim_rd32(&c->magic) == SYNTH2D_SIM_MAGIC &&
	       sim_rd32(&c->layout_version) == SYNTH2D_SIM_LAYOUT_VERSION;
}

/*
 * Check the geometry the host wrote: every region inside the file, the
 * file inside the BAR, page-aligned, no overlap. Returns 0 and fills the
 * sim_bus fields, or -EINVAL with the reason logged.
 */
static int sim_read_geometry(void)
{
	struct synth2d_sim_control *c = sim->ctl;
	struct device *dev = &sim->pdev->dev;
	u64 shm = sim_rd64(&c->shm_size);
	u64 pool = sim_rd64(&c->ring_pool_offset);
	u32 slot = sim_rd32(&c->ring_slot_size);
	u32 count = sim_rd32(&c->channel_count);
	u64 mmio = sim_rd64(&c->mmio_offset);
	u64 mmio_size = sim_rd64(&c->mmio_size);
	u64 pool_end, mmio_end;

	if (count > SYNTH2D_SIM_MAX_CHANNELS)
		count = SYNTH2D_SIM_MAX_CHANNELS;
	if (shm > sim->bar_len) {
		dev_err(dev, "host's shm_size %llu exceeds BAR2 (%llu bytes)\n",
			shm, (u64)sim->bar_len);
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(pool) || !PAGE_ALIGNED(slot) || !PAGE_ALIGNED(mmio) ||
	    !PAGE_ALIGNED(mmio_size) || slot < 4 * PAGE_SIZE ||
	    pool < sizeof(*c) || mmio_size == 0) {
		dev_err(dev, "host's layout is not page-aligned or too small (pool %#llx slot %#x mmio %#llx+%#llx)\n",
			pool, slot, mmio, mmio_size);
		return -EINVAL;
	}
	if (check_add_overflow(pool, (u64)slot * count, &pool_end) ||
	    check_add_overflow(mmio, mmio_size, &mmio_end) ||
	    pool_end > shm || mmio_end > shm ||
	    (mmio < pool_end && pool < mmio_end)) {
		dev_err(dev, "host's regions overlap or exceed the file (rings %#llx-%#llx, mmio %#llx-%#llx, size %#llx)\n",
			pool, pool_end, mmio, mmio_end, shm);
		return -EINVAL;
	}

	if (sim->have_geometry) {
		if (pool != sim->ring_pool_offset || slot != sim->ring_slot_size ||
		    count != sim->channel_count || mmio != sim->mmio_offset ||
		    mmio_size != sim->mmio_size) {
			dev_err(dev, "restarted host changed the layout; reload the module\n");
			return -EINVAL;
		}
		return 0;
	}
	sim->shm_size = shm;
	sim->ring_pool_offset = pool;
	sim->ring_slot_size = slot;
	sim->channel_count = count;
	sim->mmio_offset = mmio;
	sim->mmio_size = mmio_size;
	sim->have_geometry = true;
	return 0;
}

/* Map what the sim reads: the control block and the ring slots. */
static int sim_map_rings(void)
{
	size_t len = sim->ring_pool_offset +
		     (size_t)sim->ring_slot_size * sim->channel_count;
	void *p;

	p = memremap(sim->bar_start, len, MEMREMAP_WB);
	if (!p)
		return -ENOMEM;
	memunmap(sim->ctl);
	sim->ctl = p;
	sim->map_len = len;
	return 0;
}

/**
 * sim_attach() - attach to a host that has published its control page
 *
 * Called with sim->lock held (or before the offer work runs). Validates the
 * layout, publishes the guest fields and starts fresh: no offer is taken
 * as known, no channel as open.
 *
 * Return: 0, or -EINVAL if the layout is unusable.
 */
static int sim_attach(void)
{
	struct synth2d_sim_control *c = sim->ctl;
	bool first = !sim->have_geometry;
	unsigned int i;
	u32 version;
	int ret;

	ret = sim_read_geometry();
	if (ret)
		return ret;
	if (first) {
		ret = sim_map_rings();
		if (ret)
			return ret;
		c = sim->ctl;
		sim_mmio_init(sim->bar_start + sim->mmio_offset, sim->mmio_size);
	}

	version = vmbus_version ? vmbus_version : sim_rd32(&c->vmbus_version);
	if (!version) {
		version = VERSION_WIN10_V5;
		dev_warn(&sim->pdev->dev, "host gives no VMBus version, using 5.0\n");
	}
	vmbus_proto_version = version;

	for (i = 0; i < SYNTH2D_SIM_MAX_CHANNELS; i++) {
		sim_wr32(&c->channel[i].guest_offer_generation, 0);
		sim_wr32(&c->channel[i].open_state, SYNTH2D_SIM_CLOSED);
		sim->failed_generation[i] = 0;
	}
	sim_wr64(&c->bar_gpa, sim->bar_start);
	/* No unload or offer request pending for this host. */
	sim_wr32(&c->unload_generation, sim_rd32(&c->unload_ack));
	sim_wr32(&c->offers_request, sim_rd32(&c->offers_ack));
	sim->unloaded = false;
	sim_wr32(&c->guest_generation, sim_rd32(&c->guest_generation) + 1);
	/* Everything above is visible before the host sees us attached. */
	virt_mb();
	sim_wr32(&c->guest_attached, 1);
	/* Attached before any open_state or ring write that follows. */
	virt_mb();

	sim->host_generation = sim_rd32(&c->host_generation);
	sim->attached = true;
	dev_info(&sim->pdev->dev,
		 "attached: %u channels, MMIO %#llx+%#llx, VMBus version %u.%u\n",
		 sim->channel_count, (u64)sim->bar_start + sim->mmio_offset,
		 sim->mmio_size, version >> 16, version & 0xffff);
	return 0;
}

static void sim_detach(void)
{
	sim_offers_remove_all();
	if (sim->attached) {
		sim_wr32(&sim->ctl->guest_attached, 0);
		/* Published before the memory is unmapped or reattached. */
		virt_mb();
	}
	sim->attached = false;
}

/**
 * sim_check_host() - follow the host going away, restarting, coming back
 *
 * Called by the offer work with sim->lock held.
 *
 * Return: true if attached to a live host (offers may be read).
 */
bool sim_check_host(void)
{
	bool ready = sim_host_ready();

	if (sim->attached &&
	    (!ready || sim_rd32(&sim->ctl->host_generation) != sim->host_generation)) {
		dev_warn(&sim->pdev->dev, "host %s, removing its devices\n",
			 ready ? "restarted" : "went away");
		sim_detach();
	}
	if (!sim->attached && ready) {
		u32 gen = sim_rd32(&sim->ctl->host_generation);

		/* A host with an unusable layout is reported once, not per poll. */
		if (sim->attach_failed && gen == sim->failed_host_generation)
			return false;
		sim->attach_failed = sim_attach() != 0;
		sim->failed_host_generation = gen;
	}
	return sim->attached;
}

/**
 * sim_wait_ack() - wait for the host to answer a request
 * @ack: the host's answer field
 * @want: the request's generation
 * @what: the request, for the log
 *
 * The guest has no interrupt for the host's answers: it polls.
 *
 * Return: 0, or -ETIMEDOUT after host_wait_ms.
 */
int sim_wait_ack(const __le32 *ack, u32 want, const char *what)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(sim_host_wait_ms);

	while (sim_rd32(ack) != want) {
		if (time_after(jiffies, deadline)) {
			dev_err(&sim->pdev->dev, "host did not answer the %s in %u ms\n",
				what, sim_host_wait_ms);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	return 0;
}

static int sim_wait_for_host(void)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(sim_host_wait_ms);

	while (!sim_host_ready()) {
		if (time_after(jiffies, deadline)) {
			dev_err(&sim->pdev->dev,
				"no VMBus sim host: magic %#x layout %u in BAR2 after %u ms (want %#x layout %u); is synth2d-host running on the shared file?\n",
				sim_rd32(&sim->ctl->magic),
				sim_rd32(&sim->ctl->layout_version), sim_host_wait_ms,
				SYNTH2D_SIM_MAGIC, SYNTH2D_SIM_LAYOUT_VERSION);
			return -ETIMEDOUT;
		}
		msleep(20);
	}
	return 0;
}

static int sim_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sim_bus *s;
	int ret;

	if (sim) {
		dev_info(&pdev->dev, "another ivshmem device is the VMBus sim already\n");
		return -EBUSY;
	}
	if (!(pci_resource_flags(pdev, SIM_SHM_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, SIM_SHM_BAR) < sizeof(struct synth2d_sim_control)) {
		dev_err(&pdev->dev, "BAR2 is missing or too small for the control page\n");
		return -ENODEV;
	}

	s = devm_kzalloc(&pdev->dev, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	s->pdev = pdev;
	s->bar_start = pci_resource_start(pdev, SIM_SHM_BAR);
	s->bar_len = pci_resource_len(pdev, SIM_SHM_BAR);
	mutex_init(&s->lock);
	mutex_init(&s->mmio_lock);
	INIT_LIST_HEAD(&s->mmio_ranges);
	spin_lock_init(&s->poll_lock);
	INIT_LIST_HEAD(&s->open_list);
	INIT_DELAYED_WORK(&s->offer_work, sim_offer_work);

	s->root = root_device_register("vmbus_sim");
	if (IS_ERR(s->root))
		return PTR_ERR(s->root);
	s->ctl = memremap(s->bar_start, PAGE_SIZE, MEMREMAP_WB);
	if (!s->ctl) {
		root_device_unregister(s->root);
		return -ENOMEM;
	}
	s->map_len = PAGE_SIZE;
	sim = s;
	sim_poll_init();

	ret = sim_wait_for_host();
	if (!ret) {
		mutex_lock(&s->lock);
		ret = sim_attach();
		mutex_unlock(&s->lock);
	}
	/* The firmware's framebuffer exists before any Hyper-V driver probes. */
	if (!ret) {
		ret = sim_fb_init();
		if (ret) {
			mutex_lock(&s->lock);
			sim_detach();
			mutex_unlock(&s->lock);
		}
	}
	if (ret) {
		memunmap(s->ctl);
		root_device_unregister(s->root);
		sim = NULL;
		return ret;
	}
	pci_set_drvdata(pdev, s);
	/* First offers now, so that devices exist when insmod returns. */
	mod_delayed_work(system_wq, &s->offer_work, 0);
	flush_delayed_work(&s->offer_work);
	return 0;
}

static void sim_pci_remove(struct pci_dev *pdev)
{
	struct sim_bus *s = pci_get_drvdata(pdev);

	if (!s || s != sim)
		return;
	cancel_delayed_work_sync(&s->offer_work);
	mutex_lock(&s->lock);
	sim_detach();
	mutex_unlock(&s->lock);
	sim_poll_stop();
	sim_fb_exit();
	sim_mmio_release_all();
	memunmap(s->ctl);
	root_device_unregister(s->root);
	sim = NULL;
}

/*
 * Hibernation: the PM core runs these (noirq) after the VMBus devices froze
 * and before they thaw, where vmbus_drv.c unloads the bus and requests the
 * offers again (hibernate.c).
 */
static int sim_pci_freeze_noirq(struct device *dev)
{
	return sim_bus_unload();
}

static int sim_pci_thaw_noirq(struct device *dev)
{
	return sim_bus_request_offers();
}

static const struct dev_pm_ops sim_pci_pm = {
	.freeze_noirq = sim_pci_freeze_noirq,
	.thaw_noirq = sim_pci_thaw_noirq,
	.poweroff_noirq = sim_pci_freeze_noirq,
	.restore_noirq = sim_pci_thaw_noirq,
};

static const struct pci_device_id sim_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET_IVSHMEM, PCI_DEVICE_ID_IVSHMEM) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sim_pci_ids);

static struct pci_driver sim_pci_driver = {
	.name = "vmbus_sim",
	.id_table = sim_pci_ids,
	.probe = sim_pci_probe,
	.remove = sim_pci_remove,
	.driver.pm = &sim_pci_pm,
};

static int __init sim_init(void)
{
	int ret;

	ret = sim_bus_register();
	if (ret)
		return ret;
	ret = pci_register_driver(&sim_pci_driver);
	if (ret)
		goto err_bus;
	/* Fail the load visibly rather than provide a bus that never gets devices. */
	if (!sim) {
		pr_err("vmbus_sim: no usable ivshmem-plain device (1af4:1110) with a synth2d-host behind it\n");
		ret = -ENODEV;
		goto err_pci;
	}
	return 0;

err_pci:
	pci_unregister_driver(&sim_pci_driver);
err_bus:
	sim_bus_unregister();
	return ret;
}

static void __exit sim_exit(void)
{
	pci_unregister_driver(&sim_pci_driver);
	sim_bus_unregister();
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Test-only VMBus over QEMU ivshmem for synth2d-host");
MODULE_LICENSE("GPL");
