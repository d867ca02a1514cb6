# SPDX-License-Identifier: MIT
"""synth2d_drv, the Xorg driver (docs/xorg.md), as the host and X clients
see it: picked through the OutputClass snippet, the host's preferred mode
and mode list in RandR, hardware cursors with their hotspot on the host,
software cursors beyond 64x64 with the host pointer hidden (one pointer
either way), damage as exact DIRT rects, Present on the kernel's vblank
count, DPMS, and the screen following the host's new preferred mode."""

import re
import time

from kmsclient import find_pointers, host_pointer
from rigtest import RigError, expect
from xorg import (DRV_DIR, XCLIENT, device_config, mouse_location, start_x, stop_x, x, xclient, xdpyinfo_size,
                  xlog, xorg_running, xrandr)

HOST_MODES = ["1600x900", "1024x768", "1280x720", "1920x1080"]
SESSION = {"drivers": "synth2d",
           "host_opts": ["--resolutions " + ",".join(HOST_MODES), "--default-resolution 0"]}

SMALL = (24, 20, 5, 7)  # w, h, hot_x, hot_y: fits the 64x64 hardware cursor
LARGE = (128, 128, 64, 60)  # beyond it: the server's software sprite


def _ensure_x(s):
    if not xorg_running(s):
        start_x(s, device_config())


def _video(s):
    return s.stats()["video"]


def _expect_one_pointer(s, name, at, w, h, timeout=15):
    """Exactly one pointer in the host's console view: one yellow hotspot
    pixel at AT and the w*h-1 magenta pixels of synth2d-xclient's cursor."""
    last = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = find_pointers(s, name)
        if last["yellow"] == 1 and last["at"] == [tuple(at)] and last["magenta"] == w * h - 1:
            return last
        time.sleep(0.3)
    raise AssertionError("%s: want one %dx%d pointer with its hotspot at %s, console view has %s"
                         % (name, w, h, at, last))


def _move(s, at):
    # evdev drops a report that repeats the last position (a new X server
    # starts at the screen centre): step beside the target first
    s.host("mouse-move", at[0] + (1 if at[0] == 0 else -1), at[1])
    s.host("mouse-move", at[0], at[1])
    s.wait_for("X pointer at %s" % (at,), lambda: mouse_location(s) == tuple(at), timeout=20)


def test_outputclass_picks_driver(s):
    # No Device section: Xorg's autoconfig, the platform bus and the
    # OutputClass snippet (MatchDriver "synth2d") choose the driver.
    start_x(s, "")
    log = xlog(s)
    expect(re.search(r"Applying OutputClass \"synth2d\" to /dev/dri/card0", log),
           "the OutputClass snippet did not match the device")
    expect("synth2d(0): using /dev/dri/card0 (platform bus)" in log,
           "screen 0 is not synth2d on the platform bus:\n" + log[-3000:])
    maps = s.sh("cat /proc/$(pidof Xorg)/maps").stdout
    expect(DRV_DIR + "/synth2d_drv.so" in maps, "Xorg has not loaded synth2d_drv.so")
    expect("modesetting_drv.so" not in maps, "modesetting_drv.so still loaded: it took a screen")
    r = xrandr(s)
    expect(r["current"] == HOST_MODES[0], "autoconfigured screen is %s, host prefers %s"
           % (r["current"], HOST_MODES[0]))
    stop_x(s)


def test_screen_at_host_mode(s):
    start_x(s, device_config())
    expect("synth2d(0): synth2d KMS device /dev/dri/card0" in xlog(s), "X log does not name synth2d")
    r = xrandr(s)
    expect(sorted(r["modes"]) == sorted(HOST_MODES), "xrandr modes %s, host offers %s"
           % (r["modes"], HOST_MODES))
    expect(r["active"] == HOST_MODES[0] and r["current"] == HOST_MODES[0],
           "screen %s, mode %s; the host prefers %s" % (r["current"], r["active"], HOST_MODES[0]))
    sit = _video(s)["situation"]
    expect((sit["w"], sit["h"]) == (1600, 900) and sit["active"],
           "host surface %s, want 1600x900 active" % sit)
    expect(xdpyinfo_size(s) == "1600x900", "xdpyinfo says %s" % xdpyinfo_size(s))


def test_hw_cursor_hotspot_absolute(s):
    _ensure_x(s)
    w, h, hx, hy = SMALL
    xclient(s, "cursor", w, h, hx, hy)
    s.host("mouse-mode", "absolute")
    _move(s, (400, 300))
    p = s.wait_for("host shape %dx%d" % (w, h), lambda: (lambda p: p if (
        p["w"], p["h"], p["hot_x"], p["hot_y"], p["visible"]) == (w, h, hx, hy, 1) else None)(
        host_pointer(s)), timeout=15)
    expect(p["visible"] == 1, "host pointer hidden: %s" % p)
    _expect_one_pointer(s, "xorg-hw-abs", (400, 300), w, h)


def test_hw_cursor_relative_no_vram(s):
    # Relative mode: the host draws the image where X put it (position
    # message + hotspot), so this checks X's placement and the hotspot.
    _ensure_x(s)
    w, h, hx, hy = SMALL
    xclient(s, "cursor", w, h, hx, hy)
    s.host("mouse-mode", "relative")
    _move(s, (300, 200))
    _expect_one_pointer(s, "xorg-hw-rel0", (300, 200), w, h)
    s.host("reset-stats")
    _move(s, (1200, 700))
    _expect_one_pointer(s, "xorg-hw-rel", (1200, 700), w, h)
    v = _video(s)
    expect(v["dirt"]["messages"] == 0, "a hardware cursor move sent DIRT: %s" % v["dirt"])
    expect(v["vram"]["undeclared_pixels"] == 0 and v["vram"]["dirt_changed_pixels"] == 0,
           "a hardware cursor move changed VRAM: %s" % v["vram"])
    expect(v["pointer"]["position_messages"] >= 1, "no POINTER_POSITION: %s" % v["pointer"])
    s.host("mouse-mode", "absolute")


def test_large_cursor_is_software(s):
    _ensure_x(s)
    w, h, hx, hy = LARGE
    s.host("mouse-mode", "absolute")
    _move(s, (500, 400))
    xclient(s, "cursor", w, h, hx, hy)
    s.wait_for("host pointer hidden", lambda: host_pointer(s)["visible"] == 0, timeout=15)
    _expect_one_pointer(s, "xorg-sw", (500, 400), w, h)
    _move(s, (800, 600))
    _expect_one_pointer(s, "xorg-sw-moved", (800, 600), w, h)
    expect(host_pointer(s)["visible"] == 0, "host pointer shown with a software cursor")
    expect(_video(s)["vram"]["undeclared_pixels"] == 0, "sprite drawn without DIRT")
    # back to a small cursor: hardware again, the sprite gone from VRAM
    w, h, hx, hy = SMALL
    xclient(s, "cursor", w, h, hx, hy)
    s.wait_for("host pointer shown", lambda: host_pointer(s)["visible"] == 1, timeout=15)
    _expect_one_pointer(s, "xorg-hw-again", (800, 600), w, h)


def test_damage_exact_rects(s):
    # Two distant rects drawn as two requests in one batch: DIRT must cover
    # exactly them, not their bounding box (docs/xorg.md, damage policy).
    _ensure_x(s)
    _move(s, (1500, 850))  # the pointer away from the rects
    s.host("reset-stats")
    xclient(s, "fills", "00ffff", "100,120,200,50", "700,600,100,40")
    want = 200 * 50 + 100 * 40
    v = s.wait_for("DIRT for the rects", lambda: (lambda v: v if v["vram"]["dirt_changed_pixels"]
                                                  >= want else None)(_video(s)), timeout=15)
    expect(v["dirt"]["bounding"] == [100, 120, 800, 640],
           "DIRT bounding %s, the rects span [100, 120, 800, 640]" % v["dirt"]["bounding"])
    expect(v["dirt"]["area"] == want, "DIRT area %d for rects of %d pixels (boxes policy)"
           % (v["dirt"]["area"], want))
    expect(v["vram"]["dirt_changed_pixels"] == want and v["vram"]["undeclared_pixels"] == 0,
           "VRAM: %s" % v["vram"])
    found = find_pointers(s, "xorg-damage")
    expect(found["cyan"] == want, "host view has %d cyan pixels, want %d" % (found["cyan"], want))


def test_present_kernel_vblank(s):
    _ensure_x(s)
    # The first wait wakes the vblank timer up (its count stands still
    # while vblank is off); the second is measured.
    xclient(s, "present", 5)
    out = xclient(s, "present", 60)
    f = dict(kv.split("=") for kv in out.split()[1:])
    msc0, msc1, kernel, ust = (int(f["msc0"]), int(f["msc1"]), int(f["kernel"]),
                               int(f["ust_delta"]))
    expect(msc1 - msc0 == 60, "PresentNotifyMSC for +60 completed at +%d" % (msc1 - msc0))
    expect(0 <= kernel - msc1 <= 3,
           "Present MSC %d is not the kernel's vblank count %d" % (msc1, kernel))
    # 60 frames at 60 Hz: never less than a second; more when the guest's
    # vblank timer is starved (TCG on a loaded host), not many times more
    expect(950000 <= ust < 5000000, "60 frames took %d us of UST, want about 1 s" % ust)


def test_dpms_off_on(s):
    _ensure_x(s)
    dpms = "cat /sys/class/drm/card0-Virtual-1/dpms"
    x(s, "xset dpms force off")
    s.wait_for("connector DPMS Off", lambda: s.sh(dpms).stdout.strip() == "Off", timeout=15)
    expect("Monitor is Off" in x(s, "xset q"), "X says the monitor is on")
    x(s, "xset dpms force on")
    s.wait_for("connector DPMS On", lambda: s.sh(dpms).stdout.strip() == "On", timeout=15)
    expect("Monitor is On" in x(s, "xset q"), "X says the monitor is off")
    # the picture and vblank are back
    s.host("reset-stats")
    xclient(s, "fill", 400, 500, 100, 40, "00ff00")
    s.wait_for("green rect on the host", lambda: find_pointers(s, "xorg-dpms")["green"] == 4000,
               timeout=15)
    out = xclient(s, "present", 10)
    f = dict(kv.split("=") for kv in out.split()[1:])
    expect(int(f["msc1"]) - int(f["msc0"]) == 10, "Present after DPMS on: %s" % out)
    expect(s.stats()["violations"] == 0, "host violations after DPMS")


def _follow(s, modes, want):
    """Host changes its list (default first); X must switch by itself."""
    x(s, "rm -f /tmp/rrwatch.log; nohup %s rrwatch 120 >/tmp/rrwatch.log 2>&1 </dev/null &"
      % XCLIENT)
    s.wait_for("rrwatch", lambda: "watching" in s.exec("cat", "/tmp/rrwatch.log",
                                                       check=False).stdout)
    s.host("resolutions", ",".join(modes), "default=0")
    s.host("features", "situ=1")  # the host asks for the situation: synth2d re-reads the list
    try:
        s.wait_for("X screen %s" % want, lambda: xrandr(s)["current"] == want, timeout=60)
    finally:
        s.host("features", "situ=0")
    r = xrandr(s)
    expect(sorted(r["modes"]) == sorted(modes), "xrandr modes %s, host offers %s"
           % (r["modes"], modes))
    expect(r["active"] == want, "CRTC mode %s, want %s" % (r["active"], want))
    expect(xdpyinfo_size(s) == want, "xdpyinfo says %s, want %s" % (xdpyinfo_size(s), want))
    sit = s.wait_for("host surface %s" % want, lambda: (lambda v: v if "%dx%d" % (
        v["w"], v["h"]) == want else None)(_video(s)["situation"]), timeout=15)
    expect(sit["active"], "host surface inactive: %s" % sit)
    s.wait_for("RRScreenChangeNotify %s" % want, lambda: ("screen " + want) in s.exec(
        "cat", "/tmp/rrwatch.log", check=False).stdout.splitlines()[-1:], timeout=15)
    x(s, "pkill -x synth2d-xclient", check=False)


def test_follow_host_mode_smaller(s):
    _ensure_x(s)
    _follow(s, ["1280x720", "1024x768"], "1280x720")
    # the new screen is drawn and the pointer covers all of it
    s.host("reset-stats")
    xclient(s, "fill", 1100, 600, 100, 50, "00ff00")
    s.wait_for("green rect on the host", lambda: find_pointers(s, "xorg-follow")["green"] == 5000,
               timeout=15)
    expect(_video(s)["vram"]["undeclared_pixels"] == 0, "undeclared VRAM change after resize")
    _move(s, (1279, 719))


def test_follow_host_mode_larger(s):
    _ensure_x(s)
    _follow(s, ["1920x1080", "1280x720"], "1920x1080")
    w, h, hx, hy = SMALL
    xclient(s, "cursor", w, h, hx, hy)
    _move(s, (1700, 1000))
    _expect_one_pointer(s, "xorg-follow-large", (1700, 1000), w, h)


def test_follow_host_mode_off(s):
    start_x(s, device_config(("FollowHostMode", "off")))
    before = xrandr(s)
    # the current mode stays in the list, the host prefers another one now
    other = "1280x720" if before["current"] != "1280x720" else "1024x768"
    modes = [other, before["current"]]
    s.host("resolutions", ",".join(modes), "default=0")
    s.host("features", "situ=1")
    try:
        s.wait_for("new host list in RandR", lambda: sorted(xrandr(s)["modes"]) == sorted(modes),
                   timeout=60)
    finally:
        s.host("features", "situ=0")
    time.sleep(3)  # time to (wrongly) switch
    r = xrandr(s)
    expect(r["current"] == before["current"],
           "FollowHostMode off, yet the screen went %s -> %s" % (before["current"], r["current"]))
    expect(xdpyinfo_size(s) == before["current"], "xdpyinfo says %s" % xdpyinfo_size(s))


def test_server_exit(s):
    _ensure_x(s)
    stop_x(s)
    expect(not xorg_running(s), "Xorg did not exit on SIGTERM")
    log = xlog(s)
    errors = [line for line in log.splitlines()
              if re.match(r"\[\s*[\d.]+\] \(EE\)", line) and "dbus" not in line]
    expect(not errors, "X log errors:\n" + "\n".join(errors[-10:]))
    if "synth2d(0): damage:" not in log:
        raise RigError("CloseScreen did not run:\n" + log[-2000:])
