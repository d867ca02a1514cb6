// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO space for drivers (VRAM): ranges of the window the host reserved in
 * the shared memory, handed out like vmbus_allocate_mmio() hands out the
 * ACPI-described VMBus MMIO. A range is tracked twice, as in vmbus_drv.c:
 * in a private window resource (so ranges never overlap) and as a busy
 * region in iomem_resource under the ivshmem BAR (what the driver gets).
 * With a firmware framebuffer (firmware_fb.c), allocations that allow an
 * overlap with it are tried inside its window first, without a shadow
 * (the window is reserved as a whole), as vmbus_allocate_mmio() does.
 */
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_api.h"

struct sim_mmio_range {
	struct list_head node;
	struct resource shadow;		/* child of sim->mmio_window */
	bool in_fb;			/* in sim->fb_window: shadow not inserted */
	struct resource *region;	/* in iomem_resource */
	struct hv_device *hdev;		/* the device it was handed to */
};

/*
 * A range freed while its device's channel is still open: the host may
 * still be told to use it (a synthvid host scans VRAM out of it until the
 * channel closes), and the next device may get it. Drivers close the
 * channel first (Linux hyperv_drm: vmbus_close(), then the MMIO).
 */
static unsigned int sim_mmio_freed_open;
module_param_named(mmio_freed_while_open, sim_mmio_freed_open, uint, 0444);
MODULE_PARM_DESC(mmio_freed_while_open,
		 "MMIO ranges drivers freed while their channel was open");

void sim_mmio_init(u64 start, u64 size)
{
	sim->mmio_window.name = "vmbus_sim mmio";
	sim->mmio_window.start = start;
	sim->mmio_window.end = start + size - 1;
	sim->mmio_window.flags = IORESOURCE_MEM;
}

/*
 * vmbus_allocate_mmio()'s first attempt: each aligned start in the
 * framebuffer window, until the exclusive request succeeds (it fails where
 * a firmware framebuffer driver still holds its region).
 */
static bool sim_allocate_in_fb(struct sim_mmio_range *r, resource_size_t min,
			       resource_size_t max, resource_size_t size,
			       resource_size_t align, const char *name)
{
	struct resource *fb = &sim->fb_window;
	resource_size_t start;

	if (!fb->end || min > fb->end || max < fb->start)
		return false;
	for (start = ALIGN(fb->start, align); start + size - 1 <= fb->end;
	     start += align) {
		r->region = request_mem_region_exclusive(start, size, name);
		if (r->region) {
			r->in_fb = true;
			r->shadow.start = start;
			r->shadow.end = start + size - 1;
			return true;
		}
	}
	return false;
}

int sim_allocate_mmio(struct resource **new, struct hv_device *hdev,
		      resource_size_t min, resource_size_t max,
		      resource_size_t size, resource_size_t align,
		      bool fb_overlap_ok)
{
	struct sim_mmio_range *r;
	int ret;

	if (!new || !hdev || !size || (align && !is_power_of_2(align)))
		return -EINVAL;
	if (!sim || !sim->mmio_window.end)
		return -ENXIO;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->hdev = hdev;
	r->shadow.name = dev_name(&hdev->device);
	r->shadow.flags = IORESOURCE_MEM | IORESOURCE_BUSY;

	mutex_lock(&sim->mmio_lock);
	if (fb_overlap_ok &&
	    sim_allocate_in_fb(r, min, max, size,
			       max_t(resource_size_t, align, PAGE_SIZE),
			       dev_name(&hdev->device)))
		goto done;
	/* The framebuffer window is a child of mmio_window: never overlapped here. */
	ret = allocate_resource(&sim->mmio_window, &r->shadow, size, min, max,
				max_t(resource_size_t, align, 1), NULL, NULL);
	if (ret) {
		ret = -ENXIO;
		goto err_free;
	}
	r->region = request_mem_region_exclusive(r->shadow.start, size,
						 dev_name(&hdev->device));
	if (!r->region) {
		ret = -ENXIO;
		goto err_release;
	}
done:
	list_add(&r->node, &sim->mmio_ranges);
	mutex_unlock(&sim->mmio_lock);
	*new = r->region;
	return 0;

err_release:
	release_resource(&r->shadow);
err_free:
	mutex_unlock(&sim->mmio_lock);
	kfree(r);
	dev_err(&hdev->device, "no MMIO range of %pa bytes in the sim's window\n",
		&size);
	return ret;
}

static void sim_mmio_range_free(struct sim_mmio_range *r)
{
	list_del(&r->node);
	release_mem_region(r->shadow.start, resource_size(&r->shadow));
	if (!r->in_fb)
		release_resource(&r->shadow);
	kfree(r);
}

void sim_free_mmio(resource_size_t start, resource_size_t size)
{
	struct sim_mmio_range *r;

	if (!sim)
		return;
	mutex_lock(&sim->mmio_lock);
	list_for_each_entry(r, &sim->mmio_ranges, node) {
		if (r->shadow.start == start && resource_size(&r->shadow) == size) {
			if (r->hdev->channel &&
			    r->hdev->channel->state == CHANNEL_OPENED_STATE) {
				sim_mmio_freed_open++;
				dev_warn(&r->hdev->device,
					 "MMIO %pa freed while the channel is open\n",
					 &start);
			}
			sim_mmio_range_free(r);
			mutex_unlock(&sim->mmio_lock);
			return;
		}
	}
	mutex_unlock(&sim->mmio_lock);
	pr_warn_ratelimited("vmbus_sim: free of MMIO %pa+%pa that was not allocated\n",
			    &start, &size);
}

/* Module unload: ranges drivers leaked. */
void sim_mmio_release_all(void)
{
	struct sim_mmio_range *r, *tmp;

	mutex_lock(&sim->mmio_lock);
	list_for_each_entry_safe(r, tmp, &sim->mmio_ranges, node)
		sim_mmio_range_free(r);
	mutex_unlock(&sim->mmio_lock);
}
