# SPDX-License-Identifier: MIT
"""Binding as on a Hyper-V VM: udev loads drivers by the VMBus devices'
MODALIAS, and the kernel's own hyperv_drm, hid_hyperv and hyperv_keyboard
match the same devices as synth2d's. The guest boots with `--drivers
autoload` (nothing loaded by the rig); synth2d's modules go where DKMS puts
them (/lib/modules/RELEASE/updates, here on a tmpfs overlay of the rig's
read-only module tree) and depmod indexes them. Then:

- without synth2d's modprobe configuration the in-tree drivers bind;
- with it (dkms/synth2d-modprobe.conf, which synth2d-dkms installs), the
  same udev events load synth2d, synth2d_mouse and synth2d_keyboard;
- with the configuration but no synth2d module to load, the in-tree
  drivers bind again: the VM never ends up without a display.

The install suite (make check) checks all three from the .debs, with DKMS
and reboots. This suite is its quick part, for work on the configuration
without packages: marked for the matrix (make check-matrix)."""

import os

from devicectl import (IN_TREE_DRIVERS, SYNTH2D_DRIVERS, expect_bound, video_messages,
                       wait_connected)
from rigtest import TOP, expect

MATRIX = True
CONF = "/synth2d-dkms"
SESSION = {"drivers": "autoload", "shares": ["%s:%s" % (os.path.join(TOP, "dkms"), CONF)]}

MODULES = {"synth2d": "synth2d.ko", "synth2d_input": "synth2d_input.ko"}


def _unload_all(s):
    """Every Hyper-V display and input driver off the devices and out of the
    kernel, so that the next udev events load drivers afresh."""
    s.sh("for d in /sys/bus/vmbus/devices/*; do [ -e $d/driver ] && "
         "echo ${d##*/} > $d/driver/unbind; done; true")
    s.sh("for m in %s; do grep -q \"^$m \" /proc/modules && rmmod $m; done; true" %
         " ".join(list(MODULES) + list(IN_TREE_DRIVERS.values())))


def _replug(s):
    """The VMBus devices' add events again, as at boot (udev coldplug); the
    caller waits for the drivers it expects."""
    s.sh("udevadm trigger --action=add --subsystem-match=vmbus")


def _release(s):
    return s.sh("uname -r").stdout.strip()


def test_in_tree_drivers_bind_without_the_configuration(s):
    expect_bound(s, IN_TREE_DRIVERS, "bound at boot, no synth2d configuration")


def test_shipped_configuration_binds_synth2d(s):
    rel = _release(s)
    moddir = "/lib/modules/" + rel
    # DKMS's place for the modules, on a writable overlay of the rig's tree
    s.sh("mkdir -p /run/kmod && mount -t tmpfs kmod /run/kmod && "
         "mkdir -p /run/kmod/upper /run/kmod/work && "
         "mount -t overlay overlay -o lowerdir=%s,upperdir=/run/kmod/upper,"
         "workdir=/run/kmod/work %s" % (moddir, moddir))
    s.sh("mkdir -p %s/updates && cp %s %s/updates/ && depmod -a %s" %
         (moddir, " ".join("/synth2d/modules/%s/%s" % (s.kernel, ko) for ko in MODULES.values()),
          moddir, rel))
    s.sh("cp %s/synth2d-modprobe.conf /etc/modprobe.d/synth2d.conf" % CONF)
    _unload_all(s)
    versions = video_messages(s, "VERSION_REQUEST")
    _replug(s)
    expect_bound(s, SYNTH2D_DRIVERS, "bound with the shipped configuration")
    wait_connected(s, versions, "synth2d connects to the host")
    loaded = s.sh("cut -d' ' -f1 /proc/modules").stdout.split()
    both = set(IN_TREE_DRIVERS.values()) & set(loaded)
    expect(not both, "in-tree drivers loaded next to synth2d's: %s" % sorted(both))


def test_in_tree_drivers_when_synth2d_is_missing(s):
    # The configuration stays, the modules go: modprobe synth2d fails as it
    # does where DKMS built nothing for the kernel (no second depmod: it
    # takes a minute over 6.12's 4230 xz-compressed modules under TCG).
    s.sh("rm -f /lib/modules/%s/updates/synth2d*.ko" % _release(s))
    _unload_all(s)
    _replug(s)
    expect_bound(s, IN_TREE_DRIVERS, "bound with the configuration and no synth2d module")
