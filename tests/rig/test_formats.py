# SPDX-License-Identifier: MIT
"""Formats: the primary plane offers XRGB8888, ARGB8888, XBGR8888 and
RGB565 (docs/display.md); a picture drawn in each reaches the host's 32 bpp
XRGB8888 screen pixel for pixel (RGB565 widened by bit replication), after
a full update and after a partial one, which writes only its rects."""

from rigtest import (check_pattern, expect, host_view, pattern_command, show_pattern,
                     stop_pattern)

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
