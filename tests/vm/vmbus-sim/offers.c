// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offers: the host lists devices in the control page's channel slots;
 * a delayed work polls them, creates an hv_device with its channel for
 * each new offer and removes it on rescind, like the kernel's
 * channel_mgmt.c does for CHANNELMSG_OFFERCHANNEL / RESCIND_CHANNELOFFER.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include "sim.h"

/* Device type (hv_device.device_id) of a class GUID, as hv_get_dev_type(). */
static u16 sim_dev_type(const guid_t *class)
{
	static const struct {
		guid_t guid;
		u16 type;
	} types[] = {
		{ HV_SYNTHVID_GUID, HV_FB },
		{ HV_KBD_GUID, HV_KBD },
		{ HV_MOUSE_GUID, HV_MOUSE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (guid_equal(class, &types[i].guid))
			return types[i].type;
	return HV_UNKNOWN;
}

void sim_offer_release(struct device *dev)
{
	struct sim_offer *o = container_of(dev, struct sim_offer, hdev.device);

	kfree(o->channel.inbound.pkt_buffer);
	kfree(o);
}

static int sim_offer_add(unsigned int slot, u32 generation)
{
	struct synth2d_sim_channel *sc = &sim->ctl->channel[slot];
	struct vmbus_channel_offer *offer;
	struct sim_offer *o;
	int ret;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	o->slot = slot;
	o->generation = generation;
	INIT_LIST_HEAD(&o->poll_node);

	/* Copy the offer once: the host may change the slot at any time. */
	offer = &o->channel.offermsg.offer;
	memcpy(&offer->if_type, sc->class_guid.b, sizeof(offer->if_type));
	memcpy(&offer->if_instance, sc->instance_guid.b,
	       sizeof(offer->if_instance));
	offer->mmio_megabytes = le16_to_cpu(READ_ONCE(sc->mmio_megabytes));
	offer->chn_flags = le16_to_cpu(READ_ONCE(sc->offer_flags));
	offer->u.pipe.pipe_mode = sim_rd32(&sc->pipe_mode);
	o->channel.offermsg.child_relid = slot + 1;

	if (guid_is_null(&offer->if_type) || guid_is_null(&offer->if_instance)) {
		dev_err_ratelimited(&sim->pdev->dev,
				    "offer in slot %u has a null class or instance GUID, ignored\n",
				    slot);
		kfree(o);
		return -EINVAL;
	}

	o->hdev.dev_type = offer->if_type;
	o->hdev.dev_instance = offer->if_instance;
	o->hdev.vendor_id = PCI_VENDOR_ID_MICROSOFT;
	o->hdev.device_id = sim_dev_type(&offer->if_type);
	o->hdev.channel = &o->channel;
	o->channel.device_obj = &o->hdev;
	o->channel.device_id = o->hdev.device_id;
	sim_channel_init(o);

	sim->offers[slot] = o;
	ret = sim_device_register(o);
	if (ret) {
		dev_err(&sim->pdev->dev, "cannot register the device of slot %u: %d\n",
			slot, ret);
		sim->offers[slot] = NULL;
		sim_channel_force_close(o);
		put_device(&o->hdev.device);
		return ret;
	}
	sim_wr32(&sc->guest_offer_generation, generation);
	dev_info(&sim->pdev->dev, "slot %u: device %pUl (class %pUl)\n", slot,
		 &offer->if_instance, &offer->if_type);
	return 0;
}

/* Rescind: the driver's remove runs and closes the channel. */
static void sim_offer_remove(unsigned int slot)
{
	struct sim_offer *o = sim->offers[slot];

	if (!o)
		return;
	WRITE_ONCE(o->channel.rescind, true);
	sim_device_unregister(o);
	/* A driver that left the channel open must not get callbacks now. */
	sim_channel_force_close(o);
	sim->offers[slot] = NULL;
	sim_wr32(&sim->ctl->channel[slot].guest_offer_generation, 0);
	put_device(&o->hdev.device);
}

void sim_offers_remove_all(void)
{
	unsigned int i;

	for (i = 0; i < SYNTH2D_SIM_MAX_CHANNELS; i++)
		sim_offer_remove(i);
}

static void sim_offers_scan(void)
{
	unsigned int i;

	for (i = 0; i < sim->channel_count; i++) {
		struct synth2d_sim_channel *sc = &sim->ctl->channel[i];
		u32 state = sim_rd32(&sc->offer_state);
		u32 gen = sim_rd32(&sc->offer_generation);
		struct sim_offer *o = sim->offers[i];

		if (o && (state != SYNTH2D_SIM_OFFER_OFFERED || gen != o->generation)) {
			dev_info(&sim->pdev->dev, "slot %u: %s\n", i,
				 state == SYNTH2D_SIM_OFFER_OFFERED ?
				 "offer replaced" : "rescinded");
			sim_offer_remove(i);
		}
		/* The state word publishes the slot: read the rest after it. */
		virt_rmb();
		if (!sim->offers[i] && state == SYNTH2D_SIM_OFFER_OFFERED &&
		    gen != sim->failed_generation[i]) {
			if (sim_offer_add(i, gen))
				sim->failed_generation[i] = gen;
		}
	}
}

/**
 * sim_offers_take_again() - after an offer request, keep the devices
 *
 * A slot the host offered again with the same class and instance GUIDs
 * keeps its device, which takes the new offer generation (vmbus_onoffer()
 * matches a resumed channel by its GUIDs the same way). Called with
 * sim->lock held; the offer work handles the rest.
 */
void sim_offers_take_again(void)
{
	unsigned int i;

	for (i = 0; i < sim->channel_count; i++) {
		struct synth2d_sim_channel *sc = &sim->ctl->channel[i];
		struct sim_offer *o = sim->offers[i];
		struct vmbus_channel_offer *offer;
		u32 gen;

		if (!o || sim_rd32(&sc->offer_state) != SYNTH2D_SIM_OFFER_OFFERED)
			continue;
		gen = sim_rd32(&sc->offer_generation);
		/* The state word publishes the slot: read the rest after it. */
		virt_rmb();
		offer = &o->channel.offermsg.offer;
		if (memcmp(&offer->if_type, sc->class_guid.b, sizeof(offer->if_type)) ||
		    memcmp(&offer->if_instance, sc->instance_guid.b,
			   sizeof(offer->if_instance)))
			continue;
		o->generation = gen;
		sim_wr32(&sc->guest_offer_generation, gen);
	}
}

void sim_offer_work(struct work_struct *work)
{
	mutex_lock(&sim->lock);
	if (sim_check_host())
		sim_offers_scan();
	mutex_unlock(&sim->lock);
	schedule_delayed_work(&sim->offer_work,
			      msecs_to_jiffies(max(sim_offer_poll_ms, 1U)));
}
