# SPDX-License-Identifier: MIT
"""sway (wlroots 0.15, bookworm) on the rig's display, as a user starts
it: seatd, the desktop user, the pixman renderer. The pointer scenario
(docs/desktops.md): after each step exactly one pointer in the host's
console view, its hotspot at the host mouse. The same steps run on the
kernel's hyperv_drm, and synth2d must never show less than it does."""

from desktop import SHAPES, compositor_run, expect_not_worse

SESSION = None  # each test boots its own desktop guest

# step name, host mouse position, the shape under the pointer
STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
_seen = {}


def _run(kernel, drivers):
    # wlroots 0.15 sets no hotspot cap, so sway draws the pointer itself.
    compositor_run(kernel, drivers, "sway", STEPS, _seen)


def test_sway_synth2d(kernel):
    _run(kernel, "synth2d")


def test_sway_hyperv_drm(kernel):
    _run(kernel, "upstream")


def test_sway_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("sway", _seen.get((kernel, "synth2d")), _seen.get((kernel, "upstream")))


assert all(shape in SHAPES for _, _, shape in STEPS)
