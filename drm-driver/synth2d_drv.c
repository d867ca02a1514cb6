// SPDX-License-Identifier: GPL-2.0-only
/*
 * synth2d: DRM/KMS driver for the Hyper-V synthetic video device.
 * Module, VMBus driver, probe/remove and VRAM set-up.
 *
 * Probe follows the Linux hyperv_drm sequence (docs/protocol.md §7.1): open the
 * channel, negotiate the version, fetch the host's modes, allocate and map
 * VRAM, tell the host where it is, register the DRM device and fbdev.
 */
#include <linux/hyperv.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/sizes.h>

#include <drm/drm_aperture.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_print.h>

#include <synth2d/guids.h>

#include "synth2d_compat.h"
#include "synth2d_drv.h"

#define DRIVER_NAME	"synth2d"
#define DRIVER_DESC	"DRM driver for the Hyper-V synthetic video device"
#define DRIVER_DATE	"20260101"
#define DRIVER_MAJOR	0
#define DRIVER_MINOR	1

/* VRAM sizes accepted from an offer; real hosts offer 4 or 8 MiB. */
#define SYNTH2D_VRAM_MAX_MB	1024

DEFINE_DRM_GEM_FOPS(synth2d_fops);

static void synth2d_postclose(struct drm_device *dev, struct drm_file *file)
{
	synth2d_cursor_file_closed(to_synth2d(dev), file);
}

static const struct drm_driver synth2d_drm_driver = {
	.driver_features = DRIVER_MODESET | DRIVER_GEM | DRIVER_ATOMIC |
			   SYNTH2D_DRIVER_CURSOR_HOTSPOT,
	.name = DRIVER_NAME,
	.desc = DRIVER_DESC,
#ifdef SYNTH2D_HAVE_DRIVER_DATE
	.date = DRIVER_DATE,
#endif
	.major = DRIVER_MAJOR,
	.minor = DRIVER_MINOR,
	.fops = &synth2d_fops,
	.postclose = synth2d_postclose,
	.debugfs_init = synth2d_debugfs_init,
	DRM_GEM_SHMEM_DRIVER_OPS,
};

static void synth2d_close_channel(void *data)
{
	synth2d_host_events_close(data);
}

static void synth2d_free_vram(void *data)
{
	struct synth2d_device *sd = data;

	vmbus_free_mmio(sd->vram_res->start, sd->vram_size);
}

static void synth2d_unmap_vram(void *data)
{
	struct synth2d_device *sd = data;

	iounmap(sd->vram);
}

/*
 * VRAM is MMIO space of the offer's mmio_megabytes, 1 MiB aligned, that
 * may overlap the firmware framebuffer; mapped cacheable because the host
 * maps it cacheable too (docs/protocol.md §2.4, Linux hyperv_drm).
 *
 * The firmware framebuffer goes first, as in hyperv_drm: while its driver
 * (efifb, simpledrm) holds its region, VMBus cannot hand out the window
 * it sits in, so VRAM would land elsewhere and the console stay on a
 * framebuffer the host no longer shows (docs/display.md).
 */
static int synth2d_vram_init(struct synth2d_device *sd)
{
	struct hv_device *hdev = sd->hdev;
	struct device *dev = &hdev->device;
	u16 mb = hdev->channel->offermsg.offer.mmio_megabytes;
	int ret;

	if (!mb || mb > SYNTH2D_VRAM_MAX_MB) {
		drm_err(&sd->drm, "offer has an unusable VRAM size: %u MiB\n",
			mb);
		return -EINVAL;
	}
	sd->vram_size = (resource_size_t)mb * SZ_1M;

	/* A Gen2 VM's only firmware framebuffer is this device's. */
	ret = drm_aperture_remove_framebuffers(&synth2d_drm_driver);
	if (ret)
		return ret;

	ret = vmbus_allocate_mmio(&sd->vram_res, hdev, 0, -1, sd->vram_size,
				  SZ_1M, true);
	if (ret) {
		drm_err(&sd->drm, "cannot allocate %u MiB of VRAM: %d\n", mb,
			ret);
		return ret;
	}
	ret = devm_add_action_or_reset(dev, synth2d_free_vram, sd);
	if (ret)
		return ret;
	sd->vram_base = sd->vram_res->start;

	sd->vram = ioremap_cache(sd->vram_base, sd->vram_size);
	if (!sd->vram)
		return -ENOMEM;
	return devm_add_action_or_reset(dev, synth2d_unmap_vram, sd);
}

static int synth2d_probe(struct hv_device *hdev,
			 const struct hv_vmbus_device_id *dev_id)
{
	struct synth2d_device *sd;
	int ret;

	sd = devm_drm_dev_alloc(&hdev->device, &synth2d_drm_driver,
				struct synth2d_device, drm);
	if (IS_ERR(sd))
		return PTR_ERR(sd);
	sd->hdev = hdev;
	hv_set_drvdata(hdev, sd);

	ret = synth2d_channel_init(&sd->chan, synth2d_host_feature_change);
	if (ret)
		return ret;
	ret = synth2d_proto_init(sd);
	if (ret)
		return ret;
	ret = synth2d_host_events_init(sd);
	if (ret)
		return ret;
	ret = synth2d_blit_init(sd);
	if (ret)
		return ret;
	ret = synth2d_cursor_init(sd);
	if (ret)
		return ret;

	ret = synth2d_channel_open(&sd->chan);
	if (ret) {
		drm_err(&sd->drm, "cannot open the VMBus channel: %d\n", ret);
		return ret;
	}
	ret = devm_add_action_or_reset(&hdev->device, synth2d_close_channel,
				       sd);
	if (ret)
		return ret;

	ret = synth2d_proto_connect(sd);
	if (ret)
		return ret;
	synth2d_modes_connect(sd);

	ret = synth2d_vram_init(sd);
	if (ret)
		return ret;

	/*
	 * Without the ack the host may show its own VRAM; the device still
	 * works up to the preferred resolution, so this is not fatal, as in
	 * Linux.
	 */
	ret = synth2d_proto_set_vram_location(sd, sd->vram_base);
	if (ret)
		drm_warn(&sd->drm, "host did not ack the VRAM location: %d\n",
			 ret);

	ret = synth2d_modeset_init(sd);
	if (ret)
		return ret;

	ret = drm_dev_register(&sd->drm, 0);
	if (ret)
		return ret;

	drm_info(&sd->drm, "%u MiB VRAM at %pa, modes up to %ux%u, preferred %ux%u\n",
		 (unsigned int)(sd->vram_size / SZ_1M), &sd->vram_base,
		 sd->max_width, sd->max_height, sd->preferred_width,
		 sd->preferred_height);

	synth2d_fbdev_setup(&sd->drm);
	synth2d_host_events_start(sd);
	return 0;
}

/*
 * Upstream's order: unplug, shut the display down, close the channel, and
 * only then (managed, after this returns) unmap and free VRAM: the host
 * scans VRAM out until the channel closes.
 */
static SYNTH2D_HV_REMOVE_RET synth2d_remove(struct hv_device *hdev)
{
	struct synth2d_device *sd = hv_get_drvdata(hdev);

	drm_dev_unplug(&sd->drm);
	drm_atomic_helper_shutdown(&sd->drm);
	synth2d_host_events_close(sd);
	synth2d_pm_forget(sd);
	return SYNTH2D_HV_REMOVE_RETURN;
}

static void synth2d_shutdown(struct hv_device *hdev)
{
	struct synth2d_device *sd = hv_get_drvdata(hdev);

	drm_atomic_helper_shutdown(&sd->drm);
}

static const struct hv_vmbus_device_id synth2d_vmbus_ids[] = {
	{ .guid = SYNTH2D_SYNTHVID_CLASS_GUID },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, synth2d_vmbus_ids);

static struct hv_driver synth2d_hv_driver = {
	.name = KBUILD_MODNAME,
	.id_table = synth2d_vmbus_ids,
	.probe = synth2d_probe,
	.remove = synth2d_remove,
	.shutdown = synth2d_shutdown,
	.suspend = synth2d_pm_suspend,
	.resume = synth2d_pm_resume,
	.driver = {
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
	},
};

static int __init synth2d_init(void)
{
	if (drm_firmware_drivers_only())
		return -ENODEV;
	return vmbus_driver_register(&synth2d_hv_driver);
}

static void __exit synth2d_exit(void)
{
	vmbus_driver_unregister(&synth2d_hv_driver);
}

module_init(synth2d_init);
module_exit(synth2d_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION(DRIVER_DESC);
