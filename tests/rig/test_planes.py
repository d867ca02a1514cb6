# SPDX-License-Identifier: MIT
"""Plane transitions without a mode set (docs/display.md): with the CRTC
on, the primary plane may shrink to a window anywhere on the screen, move,
turn off and come back. The host's view (updated only by DIRT) must show
the plane's picture where it is and black where no plane covers the
screen, pixel for pixel, after every step; kms_atomic-style suites (and
vkms) expect exactly this."""

import time

from rigtest import (KMSPATTERN, check_pattern, expect, host_view, stop_pattern)

SESSION = {"drivers": "synth2d"}

MODE = "1024x768"
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
