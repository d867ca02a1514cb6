# SPDX-License-Identifier: MIT
"""The primary plane (docs/display.md).

Formats: it offers XRGB8888, ARGB8888, XBGR8888 and RGB565; a picture
drawn in each reaches the host's 32 bpp XRGB8888 screen pixel for pixel
(RGB565 widened by bit replication), after a full update and after a
partial one, which writes only its rects.

Transitions without a mode set: with the CRTC on, the plane may shrink to
a window anywhere on the screen, move, turn off and come back. The host's
view (updated only by DIRT) must show the plane's picture where it is and
black where no plane covers the screen, pixel for pixel, after every step;
KMS test suites (and vkms) expect exactly this."""

import time

from rigtest import (KMSPATTERN, check_pattern, expect, host_view, pattern_command,
                     show_pattern, stop_pattern)

SESSION = {"drivers": "synth2d"}

MODE = "1024x768"
FORMATS = ("xrgb8888", "argb8888", "xbgr8888", "rgb565")
FOURCCS = ("XR24", "AR24", "XB24", "RG16")
# Odd sizes and places, so a pixel-size or pitch error in the conversion shows.
DIRTY = ((1, 1, 200, 120), (517, 301, 37, 91), (1000, 700, 23, 67))
STATE = "/sys/kernel/debug/dri/0/synth2d_state"


def _vram_bytes(s):
    out = s.sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; "
               "cat " + STATE).stdout
    return int(dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)["vram_bytes"])


def _expect_shown(s, fmt, name, dirty=()):
    png, size = host_view(s, name)
    expect(size == MODE, "host surface is %s, want %s" % (size, MODE))
    check_pattern(s, png, MODE, "bars", dirty=dirty, fmt=fmt)


def test_primary_plane_lists_formats(s):
    show_pattern(s, MODE, fmt="xrgb8888")
    lines = [l for l in s.guest_log("kmspattern").splitlines() if l.startswith("formats:")]
    stop_pattern(s)
    expect(lines, "synth2d-kmspattern printed no plane formats")
    listed = lines[0].split()[1:]
    for fourcc in FOURCCS:
        expect(fourcc in listed, "primary plane formats %s lack %s" % (listed, fourcc))


def test_full_update_each_format_pixel_exact(s):
    for fmt in FORMATS:
        show_pattern(s, MODE, fmt=fmt)
        _expect_shown(s, fmt, "full-" + fmt)
    stop_pattern(s)


def test_partial_update_each_format_pixel_exact(s):
    area = sum(w * h for _, _, w, h in DIRTY)
    want_rects = sorted([x, y, x + w, y + h] for x, y, w, h in DIRTY)
    for fmt in FORMATS:
        stop_pattern(s)
        s.background("kmspattern", pattern_command(MODE, dirty=DIRTY, fmt=fmt) +
                     " --wait-signal")
        s.wait_for("kmspattern mode set", lambda: "modeset" in s.guest_log("kmspattern"))
        # The full picture is up; what follows is only the rects' update.
        _expect_shown(s, fmt, "before-" + fmt)
        before = _vram_bytes(s)
        s.host("reset-stats")
        # The process name is cut to 15 characters (TASK_COMM_LEN).
        s.sh("pkill -USR1 -x synth2d-kmspatt")
        s.wait_for("kmspattern ready", lambda: "ready" in s.guest_log("kmspattern"))
        video = s.wait_for("DIRT received",
                           lambda: (lambda v: v if v["dirt"]["rects"] >= len(DIRTY) else None)(
                               s.stats()["video"]))
        copied = _vram_bytes(s) - before
        expect(sorted(video["last_dirt_rects"]) == want_rects,
               "%s: DIRT rects %s, want %s" % (fmt, video["last_dirt_rects"], want_rects))
        expect(copied == 4 * area, "%s: VRAM bytes written %d, want %d (the rects only)" %
               (fmt, copied, 4 * area))
        _expect_shown(s, fmt, "partial-" + fmt, dirty=DIRTY)
    stop_pattern(s)


# A window, the same window moved (no new picture: only its place
# changes), the plane off, the whole screen again.
STEPS = ("100,50,640,480", "301,207,640,480", "off", "0,0,1024,768")


def _shown(s, name, window):
    """The host's view equals the window of the pattern on black; the host
    takes DIRT a moment after the commit returned, so allow it a few s."""
    deadline = time.monotonic() + 10
    while True:
        png, size = host_view(s, name)
        expect(size == MODE, "host surface is %s, want %s" % (size, MODE))
        try:
            check_pattern(s, png, MODE, "bars", window=window)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_primary_window_move_off_and_back(s):
    stop_pattern(s)
    cmd = "%s --device /dev/dri/card0 --mode %s --pattern bars --wait-signal" % (KMSPATTERN,
                                                                              MODE)
    for step in STEPS:
        cmd += " --plane " + step
    s.background("kmspattern", cmd)
    try:
        for i, window in enumerate(STEPS, 1):
            if i > 1:
                # The process name is cut to 15 characters (TASK_COMM_LEN).
                s.sh("pkill -USR1 -x synth2d-kmspatt")
            s.wait_for("plane step %d" % i,
                       lambda: "plane %d" % i in s.guest_log("kmspattern")
                       or "error" in s.guest_log("kmspattern"), timeout=30)
            log = s.guest_log("kmspattern")
            expect("error" not in log, "step %d (%s) refused:\n%s" % (i, window, log))
            _shown(s, "plane-step%d" % i, window)
        expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
    finally:
        stop_pattern(s)
