# SPDX-License-Identifier: MIT
"""Xorg with a window manager (twm) and an xterm on the rig's display, as
a desktop user sees it (docs/desktops.md): Xorg 21.1.7 on the bookworm
image, 21.1.16 on the trixie image (kernel 6.12), started as startx from a
console login starts it: the desktop user's rootless Xorg in a logind
session on seat0 (the guest boots systemd). The pointer scenario:
the host moves the mouse over the root window and the xterm, a client
switches the shape (arrow, I-beam, crosshair with a centred hotspot), a
client hides the pointer and lets it show again, the console reconnects,
the host changes resolution, the host types non-ASCII text into the
xterm. After each pointer step: exactly one pointer in the host's console
view (none while hidden), its hotspot at the host mouse, and the X
server's own pointer position equal to the host's. The same steps run on
the kernel's hyperv_drm, and synth2d must never show less."""

from desktop import (AFTER_RESOLUTION, SHAPES, TYPED, TYPIST, desktop_session,
                     expect_not_worse, expect_one_pointer, frames_behind, host_mouse,
                     host_resolution_change, wait_no_pointer, wait_one_pointer)
from kmsclient import host_pointer
from rigtest import expect, kernels, log, matrix
from xorg import XCLIENT

SESSION = None  # each test boots its own desktop guest

X = ". /tmp/x.env; "
# step name, host mouse position, the shape under the pointer, X command first
STEPS = [
    ("root-arrow", (300, 200), "arrow", None),
    ("xterm-ibeam", (650, 400), "ibeam", None),
    ("root-crosshair", (200, 600), "crosshair", "xsetroot -cursor_name crosshair"),
    ("root-arrow-again", (420, 150), "arrow", "xsetroot -cursor_name left_ptr"),
]
XTERM_AT = STEPS[1][1]
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


def _hide_and_show(s, seen, at, shape):
    """A client hides the pointer (XFixesHideCursor, as a video player
    does), then goes away: no pointer at all, then the pointer again."""
    s.background("xhide", "sh -c '%s exec %s hide 60'" % (X, XCLIENT))
    s.wait_for("pointer hidden by a client", lambda: "hidden" in s.guest_log("xhide"))
    seen["hidden"] = wait_no_pointer(s, "%s-hidden" % s.label)
    s.sh("pkill -f 'synth2d-xclient hide'", check=False)
    _check(s, seen, "shown-again", at, shape)


def _type_text(s):
    """The host types TYPED (and a newline) into the xterm under its mouse:
    the shell there writes it to a file. Returns what the file holds."""
    s.background("typist", "sh -c '%s exec %s'" % (X, TYPIST))
    s.wait_for("synth2d-typist ready", lambda: "ready" in s.guest_log("typist"))
    host_mouse(s, *XTERM_AT)  # twm: the keyboard focus follows the pointer
    s.host("type", "echo '%s' >/tmp/typed.txt\\n" % TYPED)
    try:
        s.wait_for("the xterm's shell wrote the typed text",
                   lambda: s.sh("test -s /tmp/typed.txt", check=False).returncode == 0,
                   timeout=60)
    except AssertionError:
        pass
    return s.sh("cat /tmp/typed.txt", check=False).stdout


def _scenario(kernel, drivers, xdriver, image):
    seen = {}
    with desktop_session(kernel, drivers, image, init="systemd") as s:
        s.label = "xorg-%s-%s-%s" % (image, xdriver, drivers)
        s.exec("/rig/guest/desktop/start-xorg", xdriver, timeout=240)
        for step, at, shape, cmd in STEPS:
            if cmd:
                _x(s, cmd)
            host_mouse(s, *at)
            _check(s, seen, step, at, shape)
        _hide_and_show(s, seen, STEPS[-1][1], STEPS[-1][2])
        s.host("reconnect")
        _check(s, seen, "reconnect", STEPS[-1][1], STEPS[-1][2])
        seen["_resolution"] = host_resolution_change(s, screen=_x_size)
        step, at, shape = AFTER_RESOLUTION
        host_mouse(s, *at)
        _check(s, seen, step, at, shape)
        if drivers == "synth2d":
            seen["_typed"] = _type_text(s)
        lag = frames_behind(s, s.label + "-lag", (360, 120), "arrow")
        log("    %s on %s: the drawn pointer arrives %.1f frames after the host mouse "
            "report (0: the host draws it)" % (s.label, kernel, lag))
        seen["_frames_behind"] = lag
        seen["_size_before"] = _x(s, "xdpyinfo | grep dimensions").stdout.split()[1]
        seen["_props"] = _x(s, "xrandr --prop").stdout
        seen["_driver_warnings"] = s.sh("grep -E '\\((WW|EE)\\) %s' /tmp/Xorg.0.log" % xdriver,
                                        check=False).stdout
    return seen


def _run(kernel, drivers, xdriver, image="desktop"):
    seen = _scenario(kernel, drivers, xdriver, image)
    _seen[(kernel, drivers, xdriver, image)] = seen
    last = STEPS[-1][1:3]
    checked = [st[:3] for st in STEPS] + [("shown-again",) + last, ("reconnect",) + last,
                                          AFTER_RESOLUTION]
    for step, at, shape in checked:
        expect_one_pointer(seen[step], "xorg/%s/%s/%s" % (xdriver, drivers, step), shape, at)
        expect(seen[step]["x_pointer"] == tuple(at),
               "%s: X puts its pointer at %s, the host mouse is at %s" %
               (step, seen[step]["x_pointer"], at))
    expect(seen["hidden"]["ok"], "xorg/%s/%s: a client hid the pointer, the console view "
           "still has %s" % (xdriver, drivers, seen["hidden"]))
    if drivers == "synth2d":
        expect(seen["_typed"] == TYPED + "\n", "xorg/%s: the host typed %r into the xterm, "
               "its shell wrote %r" % (xdriver, TYPED, seen["_typed"]))
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
    # Rootless in a logind session: logind owns DRM master on the fd it
    # hands over; the driver must not fight it (no EACCES warnings).
    expect(not seen["_driver_warnings"],
           "the synth2d driver logged warnings or errors:\n%s" % seen["_driver_warnings"])


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
