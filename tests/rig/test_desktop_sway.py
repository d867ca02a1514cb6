# SPDX-License-Identifier: MIT
"""sway on the rig's display, as a login starts it: the guest boots systemd
(`rig start --init systemd`), the desktop user gets a logind session on
seat0 and runs sway (guest/desktop/start-sway), which takes the card and
the input devices from logind through libseat; the pixman renderer. The pointer scenario (docs/desktops.md): after
each step exactly one pointer in the host's console view, its hotspot at
the host mouse. Two sways: 1.7 (wlroots 0.15, the bookworm image) draws
the pointer itself; 1.10 (wlroots 0.18, the trixie image, kernel 6.12)
sets the hotspot capability and passes the hotspot on the cursor plane, so
the host draws it. A Wayland client sets the I-beam and the crosshair,
hides the pointer and goes away, the console reconnects
(desktop.CLIENT_STEPS). Then the host changes its resolution, and the pointer
must still be one, at the host mouse. The same steps run on the kernel's
hyperv_drm, and synth2d must never show less than it does. On synth2d the
host types non-ASCII text, which synth2d-typist types through wlroots'
virtual keyboard into a client."""

from desktop import SHAPES, compositor_run, expect_kept_mode, expect_not_worse
from rigtest import kernels, matrix

SESSION = None  # each test boots its own desktop guest

# step name, host mouse position, the shape under the pointer
STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
TRIXIE = "trixie-desktop"
_seen = {}


def _run(kernel, drivers, image="desktop", host_draws=False):
    seen = compositor_run(kernel, drivers, "sway", STEPS, _seen, image, host_draws,
                          resolution=True, init="systemd", client_steps=True, typing=True)
    # sway keeps its mode when the host's preferred one changes, on either
    # driver (docs/desktops.md).
    expect_kept_mode("sway", seen)


# wlroots 0.15 sets no hotspot cap, so sway draws the pointer itself.
@matrix
def test_sway_synth2d(kernel):
    _run(kernel, "synth2d")


@matrix
def test_sway_hyperv_drm(kernel):
    _run(kernel, "upstream")


@matrix
def test_sway_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("sway", _seen.get((kernel, "synth2d", "desktop")),
                     _seen.get((kernel, "upstream", "desktop")))


# wlroots 0.18 sets DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT on every atomic
# device and fills HOTSPOT_X/Y: synth2d's cursor plane (6.8+) takes it.
@kernels("6.12")
def test_sway_trixie_synth2d(kernel):
    _run(kernel, "synth2d", TRIXIE, host_draws=True)


# hyperv_drm has no cursor plane: sway 1.10 draws the pointer itself.
@kernels("6.12")
def test_sway_trixie_hyperv_drm(kernel):
    _run(kernel, "upstream", TRIXIE)


@kernels("6.12")
def test_sway_trixie_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("sway-trixie", _seen.get((kernel, "synth2d", TRIXIE)),
                     _seen.get((kernel, "upstream", TRIXIE)))


assert all(shape in SHAPES for _, _, shape in STEPS)
