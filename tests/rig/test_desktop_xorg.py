# SPDX-License-Identifier: MIT
"""Xorg with a window manager (twm) and an xterm on the rig's display, as
a desktop user sees it (docs/desktops.md): Xorg 21.1.7 on the bookworm
image, 21.1.16 on the trixie image (kernel 6.12). The pointer scenario:
the host moves the mouse over the root window and the xterm, a client
switches the shape (arrow, I-beam, crosshair with a centred hotspot), the
console reconnects, the host changes resolution. After each step: exactly
one pointer in the host's console view, its hotspot at the host mouse, and
the X server's own pointer position equal to the host's. The same steps
run on the kernel's hyperv_drm, and synth2d must never show less."""

from desktop import (SHAPES, desktop_session, expect_not_worse, expect_one_pointer,
                     frames_behind, host_mouse, wait_one_pointer)
from kmsclient import host_pointer
from rigtest import expect, kernels, log, matrix

SESSION = None  # each test boots its own desktop guest

X = ". /tmp/x.env; "
# step name, host mouse position, the shape under the pointer, X command first
STEPS = [
    ("root-arrow", (300, 200), "arrow", None),
    ("xterm-ibeam", (650, 400), "ibeam", None),
    ("root-crosshair", (200, 600), "crosshair", "xsetroot -cursor_name crosshair"),
    ("root-arrow-again", (420, 150), "arrow", "xsetroot -cursor_name left_ptr"),
]
TRIXIE = "trixie-desktop"
_seen = {}


def _x(s, cmd, **kw):
    return s.sh(X + cmd, **kw)


def _x_pointer(s):
    """The X server's pointer position (xdotool getmouselocation)."""
    out = _x(s, "xdotool getmouselocation").stdout.split()
    pos = dict(kv.split(":", 1) for kv in out)
    return int(pos["x"]), int(pos["y"])


def _who_draws(s):
    p = host_pointer(s)
    return "host" if p["visible"] else "desktop (software)"


def _check(s, seen, step, at, shape):
    seen[step] = wait_one_pointer(s, "%s-%s" % (s.label, step), shape, at)
    seen[step]["x_pointer"] = _x_pointer(s)
    seen[step]["drawn_by"] = _who_draws(s)


def _x_size(s):
    return _x(s, "xdpyinfo | grep dimensions").stdout.split()[1]


def _host_resolution_change(s, want="1280x720"):
    """The host offers a new list with WANT preferred and asks for the
    situation (a VMConnect window resized). Return the X screen size a
    while later, and check the pointer there."""
    s.host("resolutions", "%s,1024x768" % want, "default=0")
    s.host("features", "situ=1")
    try:
        s.wait_for("X screen at %s" % want, lambda: _x_size(s) == want, timeout=45)
    except AssertionError:
        pass
    s.host("features", "situ=0")
    size = _x_size(s)
    return size


def _scenario(kernel, drivers, xdriver, image):
    seen = {}
    with desktop_session(kernel, drivers, image) as s:
        s.label = "xorg-%s-%s-%s" % (image, xdriver, drivers)
        s.exec("/rig/guest/desktop/start-xorg", xdriver, timeout=240)
        for step, at, shape, cmd in STEPS:
            if cmd:
                _x(s, cmd)
            host_mouse(s, *at)
            _check(s, seen, step, at, shape)
        s.host("reconnect")
        _check(s, seen, "reconnect", STEPS[-1][1], STEPS[-1][2])
        seen["_resolution"] = _host_resolution_change(s)
        lag = frames_behind(s, s.label + "-lag", (360, 120), "arrow")
        log("    %s on %s: the drawn pointer arrives %.1f frames after the host mouse "
            "report (0: the host draws it)" % (s.label, kernel, lag))
        seen["_frames_behind"] = lag
        seen["_size_before"] = _x(s, "xdpyinfo | grep dimensions").stdout.split()[1]
        seen["_props"] = _x(s, "xrandr --prop").stdout
    return seen


def _run(kernel, drivers, xdriver, image="desktop"):
    seen = _scenario(kernel, drivers, xdriver, image)
    _seen[(kernel, drivers, xdriver, image)] = seen
    for step, at, shape, _ in STEPS + [("reconnect", STEPS[-1][1], STEPS[-1][2], None)]:
        expect_one_pointer(seen[step], "xorg/%s/%s/%s" % (xdriver, drivers, step), shape, at)
        expect(seen[step]["x_pointer"] == tuple(at),
               "%s: X puts its pointer at %s, the host mouse is at %s" %
               (step, seen[step]["x_pointer"], at))
    return seen


def _expect_host_drawn(seen):
    """The host drew the pointer at every step (CURSOR2 with the hotspot),
    so it did not trail the host mouse at all."""
    for step, _, shape, _ in STEPS:
        expect(seen[step]["drawn_by"] == "host",
               "%s: the host should draw the %s pointer (CURSOR2 with hotspot)" % (step, shape))
    expect(seen["_frames_behind"] == 0, "the host should draw the pointer: no lag")


def _modesetting_synth2d(kernel, image):
    seen = _run(kernel, "synth2d", "modesetting", image)
    # modesetting passes the hotspot with drmModeSetCursor2: the host draws.
    _expect_host_drawn(seen)
    # Expected failure, by design of modesetting: it re-probes the outputs
    # on the hotplug but keeps its mode; a desktop's RandR client (a
    # settings daemon) or the synth2d Xorg driver has to take the new
    # preferred mode. Asserted so that this line goes stale loudly.
    log("    xfail: modesetting does not follow a host resolution change: the X screen "
        "stays %s" % seen["_resolution"])
    expect(seen["_resolution"] == seen["_size_before"],
           "modesetting followed the host's resolution change (%s -> %s): update "
           "docs/desktops.md" % (seen["_size_before"], seen["_resolution"]))
    # Desktops take the host's new preferred mode after a hotplug when the
    # connector says so (as on vmwgfx and virtio-gpu).
    expect("hotplug_mode_update: 1" in seen["_props"],
           "connector property hotplug_mode_update is not 1:\n%s" % seen["_props"])


def _synth2d_driver(kernel, image):
    seen = _run(kernel, "synth2d", "synth2d", image)
    _expect_host_drawn(seen)
    # FollowHostMode (on by default): the screen takes the host's new
    # preferred mode with no client action.
    expect(seen["_resolution"] == "1280x720",
           "the X screen is %s after the host's change, want 1280x720" % seen["_resolution"])


def _not_worse(kernel, xdriver, image):
    expect_not_worse("xorg-%s-%s" % (image, xdriver),
                     _seen.get((kernel, "synth2d", xdriver, image)),
                     _seen.get((kernel, "upstream", "modesetting", image)))


@matrix
def test_xorg_modesetting_synth2d(kernel):
    _modesetting_synth2d(kernel, "desktop")


def test_xorg_modesetting_hyperv_drm(kernel):
    _run(kernel, "upstream", "modesetting")


@matrix
def test_xorg_modesetting_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, "modesetting", "desktop")


def test_xorg_synth2d_driver(kernel):
    _synth2d_driver(kernel, "desktop")


def test_xorg_synth2d_driver_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, "synth2d", "desktop")


# The same rows on trixie's Xorg 21.1.16 (the synth2d driver built on the
# host against 21.1.7: the video driver ABI is 25.2 in both).
@matrix
@kernels("6.12")
def test_xorg_trixie_modesetting_synth2d(kernel):
    _modesetting_synth2d(kernel, TRIXIE)


@matrix
@kernels("6.12")
def test_xorg_trixie_modesetting_hyperv_drm(kernel):
    _run(kernel, "upstream", "modesetting", TRIXIE)


@matrix
@kernels("6.12")
def test_xorg_trixie_modesetting_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, "modesetting", TRIXIE)


@matrix
@kernels("6.12")
def test_xorg_trixie_synth2d_driver(kernel):
    _synth2d_driver(kernel, TRIXIE)


@matrix
@kernels("6.12")
def test_xorg_trixie_synth2d_driver_not_worse_than_hyperv_drm(kernel):
    _not_worse(kernel, "synth2d", TRIXIE)


assert all(shape in SHAPES for _, _, shape, _ in STEPS)
