// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "vmbus" bus: devices named by instance GUID, MODALIAS
 * "vmbus:<class GUID as 32 hex digits>" and id_table matching as in the
 * kernel's drivers/hv/vmbus_drv.c, so udev, modprobe and the VMBus
 * drivers behave as on Hyper-V.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

#include "sim.h"
#include "sim_api.h"

static const struct hv_vmbus_device_id *
sim_match_id(const struct hv_driver *drv, const struct hv_device *hdev)
{
	const struct hv_vmbus_device_id *id = drv->id_table;

	if (!id)
		return NULL;
	for (; !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &hdev->dev_type))
			return id;
	return NULL;
}

static int sim_bus_match(struct device *dev,
			 SIM_MATCH_DRV_CONST struct device_driver *drv)
{
	return !!sim_match_id(drv_to_hv_drv(drv), device_to_hv_device(dev));
}

static int sim_bus_uevent(SIM_UEVENT_DEV_CONST struct device *dev,
			  struct kobj_uevent_env *env)
{
	const struct hv_device *hdev = device_to_hv_device(dev);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN", UUID_SIZE,
			      &hdev->dev_type);
}

static int sim_bus_probe(struct device *dev)
{
	struct hv_driver *drv = drv_to_hv_drv(dev->driver);
	struct hv_device *hdev = device_to_hv_device(dev);
	int ret;

	if (!drv->probe)
		return -ENODEV;
	ret = drv->probe(hdev, sim_match_id(drv, hdev));
	if (ret)
		dev_err(dev, "probe of driver %s failed: %d\n", drv->name, ret);
	return ret;
}

static void sim_bus_remove(struct device *dev)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	struct hv_driver *drv;

	if (!dev->driver)
		return;
	drv = drv_to_hv_drv(dev->driver);
	if (drv->remove)
		drv->remove(hdev);
}

static void sim_bus_shutdown(struct device *dev)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	struct hv_driver *drv;

	if (!dev->driver)
		return;
	drv = drv_to_hv_drv(dev->driver);
	if (drv->shutdown)
		drv->shutdown(hdev);
}

/* System sleep and hibernation, in the noirq phase like vmbus_drv.c. */
int sim_device_suspend(struct device *dev)
{
	struct hv_driver *drv;

	if (!dev->driver)
		return 0;
	drv = drv_to_hv_drv(dev->driver);
	if (!drv->suspend)
		return -EOPNOTSUPP;
	return drv->suspend(device_to_hv_device(dev));
}

int sim_device_resume(struct device *dev)
{
	struct hv_driver *drv;

	if (!dev->driver)
		return 0;
	drv = drv_to_hv_drv(dev->driver);
	if (!drv->resume)
		return -EOPNOTSUPP;
	return drv->resume(device_to_hv_device(dev));
}

static const struct dev_pm_ops sim_bus_pm = {
	.freeze_noirq = sim_device_suspend,
	.thaw_noirq = sim_device_resume,
	.poweroff_noirq = sim_device_suspend,
	.restore_noirq = sim_device_resume,
};

static ssize_t class_id_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &device_to_hv_device(dev)->dev_type);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n",
			  &device_to_hv_device(dev)->dev_instance);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "vmbus:%*phN\n", UUID_SIZE,
			  &device_to_hv_device(dev)->dev_type);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", device_to_hv_device(dev)->vendor_id);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", device_to_hv_device(dev)->device_id);
}
static DEVICE_ATTR_RO(device);

static ssize_t id_show(struct device *dev, struct device_attribute *attr,
		       char *buf)
{
	struct hv_device *hdev = device_to_hv_device(dev);

	return sysfs_emit(buf, "%u\n", hdev->channel->offermsg.child_relid);
}
static DEVICE_ATTR_RO(id);

/*
 * Test hook: one hibernation of the whole bus, the VMBus unload included
 * (hibernate.c), without freezing the rest of the guest -- the rig's
 * virtio 9p root does not survive a real one. Any device's file starts it.
 */
static ssize_t sim_hibernate_cycle_store(struct device *dev,
					 struct device_attribute *attr,
					 const char *buf, size_t count)
{
	int ret = sim_hibernate_cycle();

	if (ret)
		dev_err(dev, "hibernate cycle failed: %d\n", ret);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(sim_hibernate_cycle);

static struct attribute *sim_dev_attrs[] = {
	&dev_attr_sim_hibernate_cycle.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_id.attr,
	NULL,
};
ATTRIBUTE_GROUPS(sim_dev);

static SIM_BUS_CONST struct bus_type sim_bus_type = {
	.name = "vmbus",
	.match = sim_bus_match,
	.uevent = sim_bus_uevent,
	.probe = sim_bus_probe,
	.remove = sim_bus_remove,
	.shutdown = sim_bus_shutdown,
	.pm = &sim_bus_pm,
	.dev_groups = sim_dev_groups,
};

int sim_bus_register(void)
{
	return bus_register(&sim_bus_type);
}

void sim_bus_unregister(void)
{
	bus_unregister(&sim_bus_type);
}

/* Register the offer's device; a matching driver probes inside. */
int sim_device_register(struct sim_offer *o)
{
	struct device *dev = &o->hdev.device;

	device_initialize(dev);
	dev->bus = &sim_bus_type;
	dev->parent = sim->root;
	dev->release = sim_offer_release;
	dev_set_name(dev, "%pUl", &o->hdev.dev_instance);
	return device_add(dev);
}

void sim_device_unregister(struct sim_offer *o)
{
	device_del(&o->hdev.device);
}

int sim_driver_register(struct hv_driver *drv, struct module *owner,
			const char *mod_name)
{
	pr_info("vmbus_sim: registering driver %s\n", drv->name);
	drv->driver.name = drv->name;
	drv->driver.owner = owner;
	drv->driver.mod_name = mod_name;
	drv->driver.bus = &sim_bus_type;
	spin_lock_init(&drv->dynids.lock);
	INIT_LIST_HEAD(&drv->dynids.list);
	return driver_register(&drv->driver);
}

void sim_driver_unregister(struct hv_driver *drv)
{
	pr_info("vmbus_sim: unregistering driver %s\n", drv->name);
	driver_unregister(&drv->driver);
}
