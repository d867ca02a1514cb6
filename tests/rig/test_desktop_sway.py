# SPDX-License-Identifier: MIT
"""sway (wlroots 0.15, bookworm) on the rig's display, as a user starts
it: seatd, the desktop user, the pixman renderer. The pointer scenario
(docs/desktops.md): after each step exactly one pointer in the host's
console view, its hotspot at the host mouse. The same steps run on the
kernel's hyperv_drm, and synth2d must never show less than it does."""

from desktop import (SHAPES, desktop_session, expect_not_worse, expect_one_pointer,
                     frames_behind, host_mouse, wait_one_pointer)
from rigtest import expect, log

SESSION = None  # each test boots its own desktop guest

# step name, host mouse position, the shape under the pointer
STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
_seen = {}


def _start_sway(s):
    s.exec("/rig/guest/desktop/start-sway", timeout=240)


def _sway_log(s):
    return s.exec("cat", "/tmp/sway.log", check=False).stdout


def _scenario(kernel, drivers):
    """Run the steps; return {step: what the console view showed}."""
    seen = {}
    with desktop_session(kernel, drivers) as s:
        _start_sway(s)
        for step, at, shape in STEPS:
            host_mouse(s, *at)
            seen[step] = wait_one_pointer(s, "sway-%s-%s" % (drivers, step), shape, at)
        lag = frames_behind(s, "sway-%s-lag" % drivers, (640, 360), "arrow")
        log("    sway on %s/%s: the pointer sway draws arrives %.1f frames after the "
            "host mouse report" % (kernel, drivers, lag))
        seen["_frames_behind"] = lag
        seen["_log"] = _sway_log(s)
        host = s.host("pointer")
        seen["_host_pointer"] = host
    return seen


def _run(kernel, drivers):
    seen = _scenario(kernel, drivers)
    _seen[(kernel, drivers)] = seen
    for step, at, shape in STEPS:
        expect_one_pointer(seen[step], "sway/%s/%s" % (drivers, step), shape, at)
    # wlroots 0.15 sets no hotspot cap, so it draws the pointer itself; the
    # host's own pointer must stay hidden (a second one otherwise).
    expect("visible=0" in seen["_host_pointer"].split(),
           "host pointer shown while sway draws its own: %s" % seen["_host_pointer"])


def test_sway_synth2d(kernel):
    _run(kernel, "synth2d")


def test_sway_hyperv_drm(kernel):
    _run(kernel, "upstream")


def test_sway_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("sway", _seen.get((kernel, "synth2d")), _seen.get((kernel, "upstream")))


assert all(shape in SHAPES for _, _, shape in STEPS)
