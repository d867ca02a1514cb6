# SPDX-License-Identifier: MIT
"""Guest device control for the lifetime and fault suites: find the video
device and its DRM node, unbind/bind, rescind/offer, the sim's hibernate
hook, packets to inject, and what the host counted."""

import struct
import time

from rigtest import (KMSPATTERN, RigError, check_pattern, expect, host_view, log,
                     stop_pattern)

SYNTHVID_CLASS = "da0a7802-e377-4aac-8e77-0558eb1073f8"  # docs/protocol.md §1.1
# The VMBus device classes as sysfs class_id spells them, and which driver
# binds each: synth2d's, or the kernel's own.
VIDEO = "{%s}" % SYNTHVID_CLASS
MOUSE = "{cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a}"
KEYBOARD = "{f912ad6d-2b17-48ea-bd65-f927a61c7684}"
SYNTH2D_DRIVERS = {VIDEO: "synth2d", MOUSE: "synth2d_mouse", KEYBOARD: "synth2d_keyboard"}
IN_TREE_DRIVERS = {VIDEO: "hyperv_drm", MOUSE: "hid_hyperv", KEYBOARD: "hyperv_keyboard"}


def device_of_class(s, class_id):
    """Instance GUID (the sysfs name) of the guest's VMBus device of CLASS_ID."""
    out = s.sh("grep -l '%s' /sys/bus/vmbus/devices/*/class_id" % class_id,
               check=False).stdout.split()
    if not out:
        raise RigError("no device of class %s on the guest's vmbus" % class_id)
    return out[0].split("/")[-2]


def video_device(s):
    """Instance GUID of the synthvid device (the sysfs name)."""
    return device_of_class(s, VIDEO)


def bound_drivers(s):
    """{class GUID: driver name} of the guest's VMBus devices."""
    out = s.sh("for d in /sys/bus/vmbus/devices/*; do "
               "echo \"$(cat $d/class_id) $(basename \"$(readlink $d/driver)\")\"; done").stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def expect_bound(s, want, what, timeout=60):
    """Wait until the drivers WANT ({class GUID: driver}) are bound and log
    them; fails with what was bound instead. Returns the bound drivers."""
    last = {}

    def ok():
        last.clear()
        last.update(bound_drivers(s))
        return all(last.get(g) == d for g, d in want.items())

    try:
        s.wait_for(what, ok, timeout=timeout, interval=1)
    except AssertionError:
        raise AssertionError("%s: want %s, bound %s" % (what, want, last)) from None
    log("    %s: %s" % (what, sorted(last.get(g) for g in want)))
    return last


def hibernate_cycle(s, check=True, device=None, timeout=120):
    """One hibernation of the guest's VMBus, through the VMBus sim's hook
    (tests/vm/vmbus-sim/hibernate.c): every device's driver suspends, the
    bus unloads (the host forgets the channels and the display, VRAM comes
    back black), the host offers the channels again, every driver resumes.
    DEVICE (an instance GUID) only names the sysfs file written; the cycle
    is the whole bus's. Returns the shell's result."""
    return s.sh("echo 1 > /sys/bus/vmbus/devices/%s/sim_hibernate_cycle" %
                (device or video_device(s)), check=check, timeout=timeout)


def drm_card(s, driver):
    """/dev/dri/cardN of the DRM device DRIVER drives, or None."""
    out = s.sh("for c in /sys/class/drm/card[0-9]; do "
               "[ \"$(basename $(readlink $c/device/driver) 2>/dev/null)\" = %s ] && "
               "echo /dev/dri/${c##*/}; done; true" % driver).stdout.split()
    return out[0] if out else None


def debugfs_state(s, card):
    """synth2d's debugfs state file of CARD as a dict of strings."""
    minor = card.rsplit("card", 1)[1]
    out = s.sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; "
               "cat /sys/kernel/debug/dri/%s/synth2d_state" % minor).stdout
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def video_messages(s, name):
    """How many video messages of NAME the host has counted."""
    msgs = s.stats()["channels"]["video"]["messages"]
    return msgs.get(name, {}).get("count", 0)


def dmesg_since(s, mark):
    """Kernel log lines after the line containing MARK (see dmesg_mark)."""
    out = s.exec("dmesg").stdout.splitlines()
    for i in range(len(out) - 1, -1, -1):
        if mark in out[i]:
            return out[i + 1:]
    return out


def dmesg_mark(s, label):
    mark = "synth2d-test-mark %s %.6f" % (label, time.time())
    s.sh("echo '%s' >/dev/kmsg" % mark)
    return mark


def expect_log(s, mark, text, what):
    lines = dmesg_since(s, mark)
    expect(any(text in line for line in lines),
           "%s: no '%s' in the kernel log:\n%s" % (what, text, "\n".join(lines[-15:])))


def show_pattern_on(s, card, mode, pattern="bars", hold=None, name="kmspattern"):
    """Run synth2d-kmspattern on CARD in the background until it is ready."""
    cmd = "%s --device %s --mode %s --pattern %s" % (KMSPATTERN, card, mode, pattern)
    if hold is not None:
        cmd += " --hold %d" % hold
    s.background(name, cmd)
    s.wait_for("%s ready on %s" % (name, card),
               lambda: "ready" in s.guest_log(name)
               or ("rror" in s.guest_log(name) and RigError(s.guest_log(name))),
               timeout=60)
    if "ready" not in s.guest_log(name):
        raise RigError("synth2d-kmspattern: " + s.guest_log(name))


def picture_is(s, name, mode, pattern="bars"):
    """The host's surface has MODE's size and shows PATTERN pixel-exact."""
    png, size = host_view(s, name)
    expect(size == mode, "host surface %s, want %s" % (size, mode))
    check_pattern(s, png, mode, pattern)


def wait_connected(s, version_requests_before, what, timeout=60):
    """Wait until the host saw a new connect and an active situation."""
    def connected():
        st = s.stats()
        v = st["channels"]["video"]
        return (v["messages"].get("VERSION_REQUEST", {}).get("count", 0) > version_requests_before
                and v["state"] == "active" and st["video"]["situation"]["active"])
    s.wait_for(what, connected, timeout=timeout)


def wait_card(s, driver, present, timeout=60):
    s.wait_for("%s DRM device %s" % (driver, "present" if present else "gone"),
               lambda: (drm_card(s, driver) is not None) == present, timeout=timeout)
    return drm_card(s, driver)


def kill_patterns(s):
    stop_pattern(s)


# --- packets for `inject video HEX` (docs/protocol.md §1.4, §2.2) ---

PIPE_DATA = 1


def synthvid(type_, payload, pipe_size=None, pipe_type=PIPE_DATA):
    """Pipe header + synthvid header + payload; the pipe size counts the bytes
    after it unless PIPE_SIZE says otherwise (to build inconsistent ones)."""
    body = struct.pack("<II", type_, len(payload)) + payload
    size = len(body) if pipe_size is None else pipe_size
    return (struct.pack("<II", pipe_type, size) + body).hex()


def resolution_response(count, default, entries, edid=b"\0" * 128):
    payload = edid + struct.pack("<BBB", count, default, 0)
    for w, h in entries:
        payload += struct.pack("<HH", w, h)
    return payload
