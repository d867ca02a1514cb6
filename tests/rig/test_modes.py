# SPDX-License-Identifier: MIT
"""Modes: every host resolution can be set and shows pixel-exact; a host
list change announced by FEATURE_CHANGE (situation requested) raises a
hotplug event and clients see the new list and preferred mode, with the
connector's hotplug_mode_update at 1 so that desktops take that mode. A mode
from userspace with absurd timings is refused with EINVAL, never set to
time out every vblank wait."""

from devicectl import hibernate_cycle
from kmsclient import KMSMODE, KmsClient, stop_clients
from rigtest import (check_pattern, expect, expect_pattern_shown, host_view, show_pattern,
                     stop_pattern)

SESSION = {"drivers": "synth2d"}


def _client_modes(s, mode="1024x768"):
    """The modes a client sees (a WxH* entry is the preferred one)."""
    c = KmsClient(s, mode)
    try:
        reply = c.cmd("modes")
    finally:
        c.stop()
    return reply.split()[2:]


def test_every_host_mode_pixel_exact(s):
    modes = [m.rstrip("*") for m in _client_modes(s)]
    expect(len(modes) >= 10, "host list not offered: %s" % modes)
    for mode in modes:
        expect_pattern_shown(s, mode, "bars")
    stop_pattern(s)


def _hotplug_watch(s):
    s.background("uevents", "udevadm monitor --kernel --property --subsystem-match=drm")


def _hotplugs(s):
    return s.guest_log("uevents").count("HOTPLUG=1")


def _connector_property(s, name):
    """The value of the connector property NAME, as modetest lists it (its
    "value:" line below the property's name), or None."""
    lines = s.exec("modetest", "-M", "synth2d", "-c").stdout.splitlines()
    for i, line in enumerate(lines):
        if line.strip().endswith(" %s:" % name):
            for prop in lines[i + 1:i + 4]:
                if prop.strip().startswith("value:"):
                    return int(prop.split()[1])
    return None


def _change_list(s, spec, default):
    before = _hotplugs(s)
    s.host("resolutions", spec, "default=%d" % default)
    s.host("features", "situ=1")
    s.wait_for("hotplug event", lambda: _hotplugs(s) > before, timeout=30)
    s.host("features", "situ=0")


def test_host_list_change_raises_hotplug(s):
    stop_pattern(s)
    stop_clients(s)
    original = [m.rstrip("*") for m in _client_modes(s)]
    # After the hotplug, desktops (mutter, KWin) take the new preferred mode
    # only where the connector says so, as vmwgfx, qxl and virtio-gpu do.
    hmu = _connector_property(s, "hotplug_mode_update")
    expect(hmu == 1, "connector property hotplug_mode_update is %s, want 1" % hmu)
    _hotplug_watch(s)
    try:
        s.wait_for("uevent monitor", lambda: "monitor will print" in s.guest_log("uevents"))
        _change_list(s, "1280x720,1600x900,800x600", 1)
        modes = _client_modes(s, "800x600")
        expect(sorted(m.rstrip("*") for m in modes) == ["1280x720", "1600x900", "800x600"],
               "client sees %s" % modes)
        expect([m for m in modes if m.endswith("*")] == ["1600x900*"],
               "preferred mode: %s, want 1600x900" % modes)
        show_pattern(s, "1600x900", "bars")
        png, size = host_view(s, "hotplug-1600x900")
        check_pattern(s, png, "1600x900", "bars")
        stop_pattern(s)
    finally:
        _change_list(s, ",".join(original), 0)
        s.sh("pkill -x udevadm", check=False)
    modes = _client_modes(s)
    expect(sorted(m.rstrip("*") for m in modes) == sorted(original),
           "list not restored: %s" % modes)


def _reload(s, params=""):
    ko = "/synth2d/modules/%s/synth2d.ko" % s.kernel
    s.sh("rmmod synth2d && insmod %s %s" % (ko, params))
    s.wait_for("synth2d bound again", lambda: s.stats()["video"]["situation"]["valid"] and
               s.exec("test", "-e", "/dev/fb0", check=False).returncode == 0)


def _console_size(s):
    sit = s.wait_for("console situation", lambda: (lambda v: v if v["valid"] else None)(
        s.stats()["video"]["situation"]))
    return "%dx%d" % (sit["w"], sit["h"])


def test_mode_parameter_sets_preferred_mode(s):
    stop_pattern(s)
    stop_clients(s)
    try:
        _reload(s, "mode=1280x720")
        s.wait_for("console at 1280x720", lambda: _console_size(s) == "1280x720")
        expect("1280x720*" in _client_modes(s, "1280x720"), "1280x720 not preferred")
        # A hibernation re-reads the host's list and keeps the parameter.
        hibernate_cycle(s)
        expect("1280x720*" in _client_modes(s, "1280x720"),
               "1280x720 no longer preferred after a hibernation")
        # A size the host does not allow is refused; the host default stays.
        _reload(s, "mode=5000x5000")
        log = s.exec("dmesg").stdout
        expect("mode=5000x5000 exceeds" in log, "no message for a refused mode= value")
        s.wait_for("console at the host default", lambda: _console_size(s) == "1024x768")
    finally:
        _reload(s)


# Modelines as a user's xrandr --newmode would pass them: CLOCK (kHz) and
# the horizontal and vertical timings. VESA 1024x768@60 is the sane one.
VESA_1024 = ("65000", "1024", "1048", "1184", "1344", "768", "771", "777", "806")
ABSURD_MODES = [
    ("5 Hz (vblank waits time out at 100 ms)", ("5417",) + VESA_1024[1:], "EINVAL"),
    ("a 1 kHz clock", ("1",) + VESA_1024[1:], "EINVAL"),
    # the DRM core refuses a clock above INT_MAX itself
    ("a clock above INT_MAX", ("4294967295",) + VESA_1024[1:], "ERANGE"),
    ("65535x65535 totals (the refresh overflows an int)",
     ("100000", "1024", "1048", "1184", "65535", "768", "771", "777", "65535"), "EINVAL"),
    ("1000 Hz", ("1083348",) + VESA_1024[1:], "EINVAL"),
]


def test_absurd_modes_rejected(s):
    stop_clients(s)
    stop_pattern(s)
    for what, modeline, err in ABSURD_MODES:
        r = s.exec(KMSMODE, *modeline, check=False)
        expect(r.returncode == 3 and r.stdout.strip() == "rejected " + err,
               "mode with %s: want %s, got rc=%d %r %r" %
               (what, err, r.returncode, r.stdout, r.stderr))
    # Nothing lost: a sane modeline still sets.
    r = s.exec(KMSMODE, *VESA_1024, check=False)
    expect(r.returncode == 0 and r.stdout.strip() == "set",
           "VESA 1024x768@60 not set: rc=%d %r %r" % (r.returncode, r.stdout, r.stderr))
