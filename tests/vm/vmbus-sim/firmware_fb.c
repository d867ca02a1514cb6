// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware framebuffer of a Generation 2 Hyper-V VM, reproduced at sim
 * load (firmware_fb=WxH, off by default): UEFI's GOP framebuffer at the
 * start of the VMBus MMIO window, as the boot code describes it in
 * screen_info and sysfb registers it as an "efi-framebuffer" platform
 * device, which efifb drives and fbcon draws on until a Hyper-V video
 * driver takes over (docs/rig.md "Firmware framebuffer").
 *
 * As vmbus_drv.c does, the sim keeps the window (fb_mmio, at least 8 MiB)
 * for allocations that pass fb_overlap_ok (mmio.c).
 *
 * The platform device is unregistered by whoever removes the conflicting
 * framebuffer (the aperture helpers: platform_device_unregister()), so the
 * sim holds a reference of its own and unregisters it at unload only if it
 * is still registered.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/screen_info.h>
#include <linux/sizes.h>

#include "sim.h"

static char *firmware_fb;
module_param(firmware_fb, charp, 0444);
MODULE_PARM_DESC(firmware_fb,
		 "Gen2 firmware framebuffer WxH (32 bpp) at the start of the MMIO window; empty: none (default)");

/* vmbus_drv.c reserves max(lfb_size, 8 MiB) for the framebuffer. */
#define SIM_FB_MIN_WINDOW	SZ_8M

static struct platform_device *sim_fb_pdev;
static struct screen_info sim_saved_screen_info;

static void sim_fb_fill_screen_info(struct screen_info *si, u64 base,
				    u32 width, u32 height, u32 size)
{
	memset(si, 0, sizeof(*si));
	si->orig_video_isVGA = VIDEO_TYPE_EFI;
	si->lfb_base = lower_32_bits(base);
	si->ext_lfb_base = upper_32_bits(base);
	if (si->ext_lfb_base)
		si->capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	si->lfb_width = width;
	si->lfb_height = height;
	si->lfb_depth = 32;
	si->lfb_linelength = width * 4;
	si->lfb_size = size;
	si->pages = 1;
	/* x8r8g8b8, what Hyper-V's GOP gives */
	si->red_size = 8;
	si->red_pos = 16;
	si->green_size = 8;
	si->green_pos = 8;
	si->blue_size = 8;
	si->blue_pos = 0;
	si->rsvd_size = 8;
	si->rsvd_pos = 24;
}

/**
 * sim_fb_init() - set up the firmware framebuffer if firmware_fb asks for one
 *
 * Called once, after the first attach (the MMIO window is known) and before
 * the first offers, so before any Hyper-V driver can probe.
 *
 * Return: 0, or -EINVAL for a mode that is malformed or does not fit.
 */
int sim_fb_init(void)
{
	struct device *dev = &sim->pdev->dev;
	u64 base = sim->mmio_window.start;
	unsigned int width, height;
	struct platform_device *pd;
	u64 vmode, size, window;
	char x;
	int ret;

	if (!firmware_fb || !*firmware_fb)
		return 0;
	if (sscanf(firmware_fb, "%ux%u%c", &width, &height, &x) != 2 ||
	    width < 64 || height < 64 || width > 8192 || height > 8192) {
		dev_err(dev, "firmware_fb '%s': want WxH, 64..8192\n", firmware_fb);
		return -EINVAL;
	}
	/* lfb_size: the mode rounded to MiB, at least the default 8 MiB VRAM */
	vmode = (u64)width * height * 4;
	size = max_t(u64, round_up(vmode, SZ_1M), SZ_8M);
	window = max_t(u64, size, SIM_FB_MIN_WINDOW);
	if (window > resource_size(&sim->mmio_window)) {
		dev_err(dev, "firmware_fb %ux%u needs %llu MiB, the MMIO window has %llu\n",
			width, height, window >> 20,
			(u64)resource_size(&sim->mmio_window) >> 20);
		return -EINVAL;
	}

	sim->fb_window.name = "fb_range";
	sim->fb_window.start = base;
	sim->fb_window.end = base + window - 1;
	sim->fb_window.flags = IORESOURCE_MEM;
	ret = request_resource(&sim->mmio_window, &sim->fb_window);
	if (ret)
		return ret;

	sim_saved_screen_info = screen_info;
	sim_fb_fill_screen_info(&screen_info, base, width, height, size);

	/* As sysfb_init() does: screen_info as platform data (efifb reads it on 6.7+) */
	pd = platform_device_alloc("efi-framebuffer", 0);
	if (!pd) {
		ret = -ENOMEM;
		goto err_restore;
	}
	ret = platform_device_add_data(pd, &screen_info, sizeof(screen_info));
	if (ret)
		goto err_put;
	ret = platform_device_add(pd);
	if (ret)
		goto err_put;
	get_device(&pd->dev);
	sim_fb_pdev = pd;
	dev_info(dev, "firmware framebuffer %ux%u at %#llx, window %llu MiB\n",
		 width, height, base, window >> 20);
	return 0;

err_put:
	platform_device_put(pd);
err_restore:
	screen_info = sim_saved_screen_info;
	release_resource(&sim->fb_window);
	sim->fb_window.end = 0;
	return ret;
}

/* Module unload: the device unless a driver took it over, the window. */
void sim_fb_exit(void)
{
	if (sim_fb_pdev) {
		if (device_is_registered(&sim_fb_pdev->dev))
			platform_device_unregister(sim_fb_pdev);
		put_device(&sim_fb_pdev->dev);
		sim_fb_pdev = NULL;
		screen_info = sim_saved_screen_info;
	}
	if (sim->fb_window.end) {
		release_resource(&sim->fb_window);
		sim->fb_window.end = 0;
	}
}
