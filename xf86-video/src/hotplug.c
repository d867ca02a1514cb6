// SPDX-License-Identifier: MIT
/*
 * Host resolution changes: synth2d.ko sends a drm "change" uevent with
 * HOTPLUG=1 when the host's resolution list changes. The driver re-probes
 * the connector through RandR (clients get the new mode list) and, with
 * FollowHostMode, switches the screen to the new preferred mode itself --
 * the host window is resized by the host, not by a user in the guest.
 */
#include "driver.h"

#include <libudev.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <randrstr.h>

static bool is_our_hotplug(synth2d_ptr s, struct udev_device *dev)
{
	const char *hotplug = udev_device_get_property_value(dev, "HOTPLUG");

	return udev_device_get_devnum(dev) == s->devnum && hotplug && !strcmp(hotplug, "1");
}

static void handle_uevent(int fd _X_UNUSED, int ready _X_UNUSED, void *data)
{
	ScrnInfoPtr scrn = data;
	synth2d_ptr s = synth2d_get(scrn);
	struct udev_device *dev = udev_monitor_receive_device(s->udev_monitor);
	bool ours;

	if (!dev)
		return;
	ours = is_our_hotplug(s, dev);
	udev_device_unref(dev);
	if (!ours || !scrn->vtSema)
		return;

	xf86DrvMsg(scrn->scrnIndex, X_INFO, "hotplug: re-probing the connector\n");
	/* RRGetInfo probes the outputs (output_detect/get_modes) and updates RandR. */
	RRGetInfo(xf86ScrnToScreen(scrn), TRUE);
	if (s->follow_host_mode && !synth2d_kms_follow_preferred(scrn))
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "could not follow the host's mode\n");
	RRTellChanged(xf86ScrnToScreen(scrn));
}

void synth2d_hotplug_init(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);
	struct stat st;

	if (fstat(s->fd, &st) || !S_ISCHR(st.st_mode))
		return;
	s->devnum = st.st_rdev;
	s->udev = udev_new();
	if (!s->udev)
		return;
	s->udev_monitor = udev_monitor_new_from_netlink(s->udev, "udev");
	if (!s->udev_monitor)
		goto fail;
	if (udev_monitor_filter_add_match_subsystem_devtype(s->udev_monitor, "drm", "drm_minor") ||
	    udev_monitor_enable_receiving(s->udev_monitor))
		goto fail;
	SetNotifyFd(udev_monitor_get_fd(s->udev_monitor), handle_uevent, X_NOTIFY_READ, scrn);
	return;

fail:
	xf86DrvMsg(scrn->scrnIndex, X_WARNING, "no udev monitor: host mode changes not followed\n");
	synth2d_hotplug_fini(scrn);
}

void synth2d_hotplug_fini(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	if (s->udev_monitor) {
		RemoveNotifyFd(udev_monitor_get_fd(s->udev_monitor));
		udev_monitor_unref(s->udev_monitor);
		s->udev_monitor = NULL;
	}
	if (s->udev) {
		udev_unref(s->udev);
		s->udev = NULL;
	}
}
