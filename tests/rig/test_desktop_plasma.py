# SPDX-License-Identifier: MIT
"""Plasma on the rig's display, as a display manager starts it: the guest
boots systemd (`rig start --init systemd`), the desktop user gets a logind
session on seat0 and runs startplasma-wayland (guest/desktop/start-plasma),
KWin's DRM back end taking the card and the input devices from logind;
Mesa renders in software. Images: plasma (bookworm: KWin 5.27.5) and
trixie-plasma (KWin 6.3.6), built on first use (tests/vm/build-rootfs
--image plasma). The pointer scenario (docs/desktops.md): after each host
mouse move exactly one pointer in the host's console view, its hotspot at
the host mouse, and KWin's own idea of the position (its scripting API).
KWin sets its cursor through DRM_IOCTL_MODE_CURSOR2, hotspot included,
wherever the CRTC shows it no cursor plane, atomic KMS or not; it sets no
hotspot capability for synth2d, so on 6.12 the DRM core hides the cursor
plane and KWin takes that legacy way (on 6.1: synth2d's legacy cursor
hooks): the host draws the pointer. KWin rounds the pointer position to
the nearest pixel: an expected failure, checked exactly. The same steps
run on the kernel's hyperv_drm (no cursor: KWin draws the pointer), and
synth2d must never show fewer pointers than it does.
Matrix only (make check-desktops): a row takes minutes under TCG."""

import math
import time

from desktop import (SHAPES, TYPED, built_image, compositor_run, expect_followed_mode,
                     expect_not_worse, libinput_nearest, session_bus, typist_desktop_entry)
from rigtest import expect, kernels, matrix

SESSION = None  # each test boots its own desktop guest
# KWin offers clients no virtual keyboard: synth2d-typist types through its
# fake input protocol (granted by the typist's desktop file), with the keys
# of the session's layout (docs/desktops.md); de has every character of
# TYPED but ✓ and Ж (G needs Shift, ½ AltGr). Plasma 6.3's session has two
# layouts, us and de, and the user switches to the second before the host
# types: the typist must follow (KWin's org.kde.keyboard); with us's keys
# it would give "Gre,   ". Plasma 5.27's has de alone: with the switch,
# one run of its row got no key at all in the client (docs/desktops.md).
LAYOUTS = {"plasma": "de", "trixie-plasma": "us,de"}
LAYOUT_HAS = set(TYPED) - set("✓Ж")


def _kded_keyboard_loaded(s, bus):
    """Whether kded (kded6, or 5.27's kded5) has loaded its keyboard module."""
    for kded in ("kded6", "kded5"):
        out = s.sh("runuser -u desktop -- busctl --address=%s call org.kde.%s /kded "
                   "org.kde.%s loadedModules" % (bus, kded, kded), check=False).stdout
        if '"keyboard"' in out:
            return True
    return False


def _switch_to_de(s, settle=10, timeout=180):
    """Switch KWin to the second layout, as the layout indicator does, once
    kded's keyboard module has loaded (Plasma starts it a minute or so after
    KWin, and it sets the first layout again when it loads), and see the
    layout stay there for SETTLE seconds."""
    bus = session_bus(s, "kwin_wayland")
    call = ("runuser -u desktop -- busctl --address=%s call org.kde.keyboard /Layouts "
            "org.kde.KeyboardLayouts " % bus)
    s.wait_for("kded's keyboard module", lambda: _kded_keyboard_loaded(s, bus),
               timeout=timeout, interval=2)
    deadline, stable_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        now = s.sh(call + "getLayout").stdout.split()
        if now != ["u", "1"]:
            s.sh(call + "setLayout u 1")
            stable_since = None
        elif stable_since is None:
            stable_since = time.monotonic()
        elif time.monotonic() - stable_since >= settle:
            return
        time.sleep(1)
    expect(False, "KWin's layout did not stay on the second one: %s" % now)


# step name, host mouse position, the shape under the pointer (the
# desktop's background: the arrow everywhere)
STEPS = [
    ("arrow-1", (400, 300), "arrow"),
    ("arrow-2", (700, 500), "arrow"),
    ("arrow-3", (123, 457), "arrow"),
]
TRIXIE = "trixie-plasma"
# What start-plasma starts: the whole Plasma session.
SHELL = "plasma"
# Plasma's first frames take a minute or more under TCG.
FIRST_FRAME_TIMEOUT = 240
_seen = {}


def kwin_position(s):
    """KWin's own idea of the pointer position: the pixel its
    workspace.cursorPos lies in (guest/desktop/kwin-pointer-position)."""
    out = s.exec("/rig/guest/desktop/kwin-pointer-position", timeout=60).stdout.split()
    return tuple(math.floor(float(v)) for v in out[:2])


def _kwin5_client_at(at):
    """KWin 5.27 gives a client the host mouse's pixel at some steps and
    the rounded position (libinput_nearest) at others (docs/desktops.md);
    KWin 6.3 the host mouse's pixel."""
    return [tuple(at), libinput_nearest(at)]


def _run(kernel, drivers, image="plasma", kms="atomic"):
    # KWin sets its cursor with DRM_IOCTL_MODE_CURSOR2 (hotspot included)
    # wherever it sees no cursor plane, atomic or not: synth2d draws it on
    # the host; hyperv_drm has no cursor, so KWin draws it. KWin rounds the
    # pointer position to the nearest pixel (an expected failure, named).
    seen = compositor_run(kernel, drivers, "plasma", STEPS, _seen,
                          built_image(image), host_draws=drivers == "synth2d",
                          drawn_at=libinput_nearest, init="systemd", memory=2048,
                          first_timeout=FIRST_FRAME_TIMEOUT,
                          start_args=(SHELL, kms, LAYOUTS[image]),
                          label="plasma-" + kms, position=kwin_position, client_steps=True,
                          client_at=None if image == TRIXIE else _kwin5_client_at,
                          resolution=True, typing=True, typing_layout=LAYOUT_HAS,
                          typist_bus_of="kwin_wayland", before_start=typist_desktop_entry,
                          before_typing=_switch_to_de if "," in LAYOUTS[image] else None)
    # On synth2d KWin takes the host's new preferred mode (hotplug_mode_update
    # 1); the hyperv_drm rows record what happened (docs/desktops.md).
    if drivers == "synth2d":
        expect_followed_mode("Plasma", seen)


@matrix
def test_plasma_bookworm_synth2d(kernel):
    _run(kernel, "synth2d")


@matrix
def test_plasma_bookworm_hyperv_drm(kernel):
    _run(kernel, "upstream")


@matrix
def test_plasma_bookworm_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("plasma", _seen.get((kernel, "synth2d", "plasma")),
                     _seen.get((kernel, "upstream", "plasma")))


@matrix
@kernels("6.12")
def test_plasma_trixie_synth2d(kernel):
    _run(kernel, "synth2d", TRIXIE)


@matrix
@kernels("6.12")
def test_plasma_trixie_hyperv_drm(kernel):
    _run(kernel, "upstream", TRIXIE)


@matrix
@kernels("6.12")
def test_plasma_trixie_not_worse_than_hyperv_drm(kernel):
    expect_not_worse("plasma-trixie", _seen.get((kernel, "synth2d", TRIXIE)),
                     _seen.get((kernel, "upstream", TRIXIE)))


assert all(shape in SHAPES for _, _, shape in STEPS)
