# SPDX-License-Identifier: MIT
"""vblank: vblank events arrive at the mode's refresh rate (within 5 %),
measured in the guest on CLOCK_MONOTONIC over a few seconds; under TCG on
a busy machine one retry is allowed. (Page-flip rates also depend on how
fast the emulated guest copies a frame: tests/bench/display-bench.)"""

from kmsclient import KMSVBLANK, stop_clients
from rigtest import expect, log, stop_pattern

SESSION = {"drivers": "synth2d"}


def _measure(s, mode, seconds):
    out = s.exec(KMSVBLANK, mode, str(seconds), "vblank", timeout=seconds + 60).stdout
    return {k: float(v) for k, v in (kv.split("=") for kv in out.split())}


def _check_rate(s, mode):
    stop_clients(s)
    stop_pattern(s)
    for attempt in (1, 2):
        r = _measure(s, mode, 3)
        log("%s: %s" % (mode, r))
        ok = abs(r["rate"] - r["refresh"]) <= 0.05 * r["refresh"]
        if ok or attempt == 2:
            break
    expect(r["refresh"] > 1, "mode %s has no refresh rate: %s" % (mode, r))
    expect(ok, "vblank events at %.2f Hz, mode refresh %.2f Hz (> 5 %% off) over %.1f s" %
           (r["rate"], r["refresh"], r["seconds"]))


def test_vblank_rate_1024x768(s):
    _check_rate(s, "1024x768")


def test_vblank_rate_1920x1080(s):
    _check_rate(s, "1920x1080")
