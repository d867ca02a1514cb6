# SPDX-License-Identifier: MIT
"""weston with its desktop shell on the rig's display, DRM back end and
pixman renderer: 10 on the bookworm image, 14 on the trixie image (kernel
6.12). The pointer scenario (docs/desktops.md): after each host mouse move
exactly one pointer in the host's console view, its hotspot at the host
mouse. weston passes no hotspot in any version and its pixman renderer
uses no planes, so it draws the pointer itself and the host's must stay
hidden. The same steps run on the kernel's hyperv_drm, and synth2d must
never show less than it does."""

from desktop import SHAPES, compositor_run, expect_not_worse
from rigtest import kernels, matrix

SESSION = None  # each test boots its own desktop guest

STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
TRIXIE = "trixie-desktop"
_seen = {}


def _run(kernel, drivers, image="desktop"):
    compositor_run(kernel, drivers, "weston", STEPS, _seen, image)


def _not_worse(kernel, image):
    expect_not_worse("weston-" + image, _seen.get((kernel, "synth2d", image)),
                     _seen.get((kernel, "upstream", image)))


@matrix
def test_weston_synth2d(kernel):
    _run(kernel, "synth2d")


@matrix
def test_weston_hyperv_drm(kernel):
    _run(kernel, "upstream")


@matrix
def test_weston_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, "desktop")


@matrix
@kernels("6.12")
def test_weston_trixie_synth2d(kernel):
    _run(kernel, "synth2d", TRIXIE)


@matrix
@kernels("6.12")
def test_weston_trixie_hyperv_drm(kernel):
    _run(kernel, "upstream", TRIXIE)


@matrix
@kernels("6.12")
def test_weston_trixie_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, TRIXIE)


assert all(shape in SHAPES for _, _, shape in STEPS)
