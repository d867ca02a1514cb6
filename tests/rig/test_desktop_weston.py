# SPDX-License-Identifier: MIT
"""weston 10 (bookworm) with its desktop shell on the rig's display, DRM
back end and pixman renderer. The pointer scenario (docs/desktops.md):
after each host mouse move exactly one pointer in the host's console view,
its hotspot at the host mouse. weston passes no hotspot in any version and
its pixman renderer uses no planes, so it draws the pointer itself and the
host's must stay hidden. The same steps run on the kernel's hyperv_drm,
and synth2d must never show less than it does."""

from desktop import (SHAPES, desktop_session, expect_not_worse, expect_one_pointer,
                     frames_behind, host_mouse, wait_one_pointer)
from rigtest import expect, log, matrix

SESSION = None  # each test boots its own desktop guest

STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
_seen = {}


def _scenario(kernel, drivers):
    seen = {}
    with desktop_session(kernel, drivers) as s:
        s.exec("/rig/guest/desktop/start-weston", timeout=240)
        for step, at, shape in STEPS:
            host_mouse(s, *at)
            seen[step] = wait_one_pointer(s, "weston-%s-%s" % (drivers, step), shape, at)
        seen["_host_pointer"] = s.host("pointer")
        lag = frames_behind(s, "weston-%s-lag" % drivers, (640, 360), "arrow")
        log("    weston on %s/%s: the pointer weston draws arrives %.1f frames after the "
            "host mouse report" % (kernel, drivers, lag))
    return seen


def _run(kernel, drivers):
    seen = _scenario(kernel, drivers)
    _seen[(kernel, drivers)] = seen
    for step, at, shape in STEPS:
        expect_one_pointer(seen[step], "weston/%s/%s" % (drivers, step), shape, at)
    expect("visible=0" in seen["_host_pointer"].split(),
           "host pointer shown while weston draws its own: %s" % seen["_host_pointer"])


@matrix
def test_weston_synth2d(kernel):
    _run(kernel, "synth2d")


@matrix
def test_weston_hyperv_drm(kernel):
    _run(kernel, "upstream")


@matrix
def test_weston_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("weston", _seen.get((kernel, "synth2d")), _seen.get((kernel, "upstream")))


assert all(shape in SHAPES for _, _, shape in STEPS)
