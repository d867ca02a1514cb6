// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hibernation the VMBus way (drivers/hv/vmbus_drv.c, vmbus_bus_suspend()
 * and vmbus_bus_resume()): once every device's driver has suspended and
 * closed its channel, the bus unloads (CHANNELMSG_UNLOAD) and the host
 * forgets the guest's channels and display; on resume the bus asks for the
 * offers again (CHANNELMSG_REQUESTOFFERS), the host offers the same
 * channels, the devices keep their identity, and their drivers' resume
 * opens the channels again. The shared fields are described in
 * tests/include/synth2d/vmbus_sim.h.
 *
 * Two ways in: the PCI device's noirq callbacks, which the PM core runs
 * after its children (the VMBus devices) freeze and before they thaw, and
 * the sim_hibernate_cycle test hook, which runs the whole sequence for
 * every device without freezing the rest of the guest.
 */
#include <linux/device.h>
#include <linux/moduleparam.h>

#include "sim.h"

/* A hibernating driver closes its channel in its suspend (hyperv_drm does). */
static unsigned int sim_open_at_unload;
module_param_named(channels_open_at_unload, sim_open_at_unload, uint, 0444);
MODULE_PARM_DESC(channels_open_at_unload,
		 "Channels drivers left open at a VMBus unload (closed by the sim)");

/**
 * sim_bus_unload() - the guest's VMBus unloads (hibernation)
 *
 * Stops following offers, closes a channel a driver left open (counted:
 * a driver that hibernates closes its channel) and waits for the host's
 * answer.
 *
 * Return: 0, -ENODEV without a host, or -ETIMEDOUT.
 */
int sim_bus_unload(void)
{
	struct synth2d_sim_control *c = sim->ctl;
	unsigned int i;
	u32 gen;
	int ret;

	cancel_delayed_work_sync(&sim->offer_work);
	mutex_lock(&sim->lock);
	if (!sim->attached) {
		ret = -ENODEV;
		goto out;
	}
	for (i = 0; i < SYNTH2D_SIM_MAX_CHANNELS; i++) {
		struct sim_offer *o = sim->offers[i];

		if (o && o->open) {
			dev_warn(&o->hdev.device,
				 "channel still open at the VMBus unload, closed\n");
			sim_open_at_unload++;
			sim_channel_force_close(o);
		}
	}
	gen = sim_rd32(&c->unload_generation) + 1;
	/* The closed channels are visible before the unload. */
	virt_mb();
	sim_wr32(&c->unload_generation, gen);
	ret = sim_wait_ack(&c->unload_ack, gen, "VMBus unload");
	sim->unloaded = !ret;
out:
	mutex_unlock(&sim->lock);
	if (ret)
		mod_delayed_work(system_wq, &sim->offer_work, 0);
	return ret;
}

/**
 * sim_bus_request_offers() - the guest's VMBus resumes: the offers again
 *
 * After sim_bus_unload(); a device whose channel the host offers again
 * (same class and instance) keeps its identity and takes the new offer,
 * as vmbus_onoffer() does on resume. Anything else is left to the offer
 * work, which runs again from here: a device not offered again goes away.
 *
 * Return: 0, or -ETIMEDOUT if the host did not answer.
 */
int sim_bus_request_offers(void)
{
	struct synth2d_sim_control *c = sim->ctl;
	u32 gen;
	int ret = 0;

	mutex_lock(&sim->lock);
	if (sim->unloaded) {
		sim->unloaded = false;
		gen = sim_rd32(&c->offers_request) + 1;
		sim_wr32(&c->offers_request, gen);
		ret = sim_wait_ack(&c->offers_ack, gen, "offer request");
		if (!ret)
			sim_offers_take_again();
	}
	mutex_unlock(&sim->lock);
	mod_delayed_work(system_wq, &sim->offer_work, 0);
	return ret;
}

/*
 * The devices as they are now, referenced: a snapshot for a whole-bus
 * cycle. Returns how many.
 */
static unsigned int sim_hold_devices(struct device **devs)
{
	unsigned int i, n = 0;

	mutex_lock(&sim->lock);
	for (i = 0; i < SYNTH2D_SIM_MAX_CHANNELS; i++)
		if (sim->offers[i])
			devs[n++] = get_device(&sim->offers[i]->hdev.device);
	mutex_unlock(&sim->lock);
	return n;
}

static int sim_device_pm(struct device *dev, int (*step)(struct device *),
			 const char *what)
{
	int ret;

	device_lock(dev);
	ret = step(dev);
	device_unlock(dev);
	if (ret)
		dev_err(dev, "%s failed: %d\n", what, ret);
	return ret;
}

/**
 * sim_hibernate_cycle() - one hibernation of the whole bus, for tests
 *
 * What the PM core and vmbus_drv.c do for a hibernation, without freezing
 * the rest of the guest (the rig's 9p root would not survive that): every
 * device's driver suspends (the last registered first), the bus unloads,
 * asks for the offers again, and every driver resumes. A suspend that
 * fails resumes the devices already suspended and ends the cycle, as the
 * PM core aborts a hibernation.
 *
 * Return: 0 or the first error.
 */
int sim_hibernate_cycle(void)
{
	struct device *devs[SYNTH2D_SIM_MAX_CHANNELS];
	unsigned int i, n;
	int ret = 0, err;

	n = sim_hold_devices(devs);
	for (i = n; i-- > 0;) {
		ret = sim_device_pm(devs[i], sim_device_suspend, "suspend");
		if (ret) {
			while (++i < n)
				sim_device_pm(devs[i], sim_device_resume, "resume");
			goto out;
		}
	}
	ret = sim_bus_unload();
	err = sim_bus_request_offers();
	if (!ret)
		ret = err;
	for (i = 0; i < n; i++) {
		err = sim_device_pm(devs[i], sim_device_resume, "resume");
		if (!ret)
			ret = err;
	}
out:
	for (i = 0; i < n; i++)
		put_device(devs[i]);
	return ret;
}
