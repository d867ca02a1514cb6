# SPDX-License-Identifier: MIT
"""Damage: only damaged pixels reach VRAM, all rects of a commit in one
DIRT message (split only beyond 255), DIRTYFB and FB_DAMAGE_CLIPS both
honoured, no DIRT while the host needs none but VRAM still current."""

import random

from kmsclient import KmsClient
from rigtest import expect, expect_view_is_vram

SESSION = {"drivers": "synth2d"}

STATE = "/sys/kernel/debug/dri/0/synth2d_state"


def guest_counters(s):
    out = s.sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; "
               "cat " + STATE).stdout
    return dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)


def _fill(s, c, cmd, colour, rects):
    """Paint RECTS (x, y, w, h) and flush them; return (host video stats,
    VRAM bytes the driver copied)."""
    before = int(guest_counters(s)["vram_bytes"])
    s.host("reset-stats")
    c.cmd("%s %s %s" % (cmd, colour, " ".join("%d,%d,%d,%d" % r for r in rects)))
    video = s.wait_for("DIRT received",
                       lambda: (lambda v: v if v["dirt"]["messages"] else None)(
                           s.stats()["video"]))
    copied = int(guest_counters(s)["vram_bytes"]) - before
    return video, copied


def _area(rects):
    return sum(w * h for _, _, w, h in rects)


def test_two_distant_rects_one_dirt(s):
    c = KmsClient(s, "1024x768")
    try:
        rects = [(0, 0, 16, 16), (1000, 750, 24, 18)]
        v, copied = _fill(s, c, "fill", "ff0000", rects)
        expect(v["dirt"]["messages"] == 1 and v["dirt"]["rects"] == 2,
               "want one DIRT with both rects, got %s" % v["dirt"])
        want = sorted([x, y, x + w, y + h] for x, y, w, h in rects)
        expect(sorted(v["last_dirt_rects"]) == want, "rects %s, want %s" %
               (v["last_dirt_rects"], want))
        expect(copied == 4 * _area(rects),
               "VRAM bytes copied %d, damaged bytes %d (bounding box would be %d)" %
               (copied, 4 * _area(rects), 4 * 1024 * 768))
        expect(v["vram"]["dirt_changed_pixels"] == _area(rects) and
               v["vram"]["undeclared_pixels"] == 0, "host's VRAM view: %s" % v["vram"])
    finally:
        c.stop()


def _scattered(n, seed):
    """N disjoint 3x3 rects on a 1024x768 screen (a 16-pixel grid)."""
    rnd = random.Random(seed)
    cells = rnd.sample([(x, y) for x in range(0, 1024, 16) for y in range(0, 768, 16)], n)
    return [(x + 2, y + 2, 3, 3) for x, y in cells]


def test_many_rects_dirtyfb(s):
    c = KmsClient(s, "1024x768")
    try:
        rects = _scattered(200, 1)
        v, copied = _fill(s, c, "fill", "00ff00", rects)
        expect(v["dirt"]["messages"] == 1 and v["dirt"]["rects"] == 200,
               "200 clips: want one DIRT of 200 rects, got %s" % v["dirt"])
        expect(copied == 4 * _area(rects), "copied %d, damaged %d" % (copied, 4 * _area(rects)))
        expect(v["vram"]["undeclared_pixels"] == 0, "VRAM changed without DIRT: %s" % v["vram"])
    finally:
        c.stop()


def test_more_than_255_rects_atomic_damage_clips(s):
    c = KmsClient(s, "1024x768", atomic=True)
    try:
        rects = _scattered(300, 2)
        v, copied = _fill(s, c, "afill", "0000ff", rects)
        v = s.wait_for("all rects", lambda: (lambda v: v if v["dirt"]["rects"] >= 300 else None)(
            s.stats()["video"]))
        expect(v["dirt"]["messages"] == 2 and v["dirt"]["rects"] == 300,
               "300 clips: want 2 DIRT messages (255 + 45), got %s" % v["dirt"])
        expect(copied == 4 * _area(rects), "copied %d, damaged %d" % (copied, 4 * _area(rects)))
        expect(v["vram"]["undeclared_pixels"] == 0, "VRAM changed without DIRT: %s" % v["vram"])
    finally:
        c.stop()


def test_no_dirt_while_host_needs_none(s):
    c = KmsClient(s, "1024x768")
    try:
        s.host("features", "dirt=0")
        s.wait_for("dirt=0 seen", lambda: "dirt=0" in guest_counters(s)["features"])
        s.host("reset-stats")
        c.cmd("fill ffffff 100,100,50,40")
        v = s.wait_for("VRAM updated",
                       lambda: (lambda v: v if v["vram"]["undeclared_pixels"] else None)(
                           s.stats()["video"]))
        expect(v["dirt"]["messages"] == 0, "DIRT sent while not needed: %s" % v["dirt"])
        expect(v["vram"]["undeclared_pixels"] == 50 * 40,
               "VRAM not current: %s changed pixels, want %d" % (v["vram"], 50 * 40))
        # This host scans VRAM: it shows the change without DIRT.
        expect_view_is_vram(s, "dirt0")
        # Asking for DIRT again, the host shows its DIRT-built surface: only
        # the guest's full DIRT brings the change made meanwhile into it.
        s.host("features", "dirt=1")
        v = s.wait_for("full DIRT after dirt=1",
                       lambda: (lambda v: v if v["dirt"]["messages"] else None)(
                           s.stats()["video"]))
        expect(v["vram"]["undeclared_pixels"] == 0, "after dirt=1: %s" % v["vram"])
        expect_view_is_vram(s, "dirt1")
    finally:
        s.host("features", "dirt=1")
        c.stop()
