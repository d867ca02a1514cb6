# SPDX-License-Identifier: MIT
"""Desktops in the rig (docs/desktops.md): start one on the desktop image,
and find its pointer in the host's console view. The pointer is the test
cursor theme's (tests/vm/guest/desktop/make-cursor-theme): one body colour
per shape and a yellow hotspot pixel, whichever side draws it."""

import math
import os
import subprocess
import time

from kmsclient import find_pointers, host_pointer
from rigtest import (GUEST_BUILD, TOP, Session, capture_packets, expect, hid_coordinate, log,
                     synthvid_type)

THEME_TOOL = os.path.join(TOP, "tests", "vm", "guest", "desktop", "make-cursor-theme")
BODIES = ("magenta", "green", "cyan")


def _shapes():
    out = subprocess.run([THEME_TOOL, "--describe"], capture_output=True, text=True,
                         check=True).stdout
    shapes = {}
    for line in out.splitlines():
        name, w, h, hx, hy, body, pixels = line.split()
        shapes[name] = {"size": (int(w), int(h)), "hot": (int(hx), int(hy)),
                        "body": body, "pixels": int(pixels)}
    return shapes


SHAPES = _shapes()


def built_image(image):
    """IMAGE, built first if it is missing (tests/vm/build-rootfs caches
    it): the gnome and plasma images are built on first use."""
    build = os.path.join(TOP, "tests", "vm", "build-rootfs")
    path = subprocess.run([build, "--image", image, "--path"], capture_output=True,
                          text=True, check=True).stdout.strip()
    if not os.path.isdir(path):
        log("    building the %s rootfs image (5-10 min, once): %s --image %s" %
            (image, build, image))
        subprocess.run([build, "--image", image], check=True, stdout=subprocess.DEVNULL)
    return image


def desktop_session(kernel, drivers, image="desktop", init=None, memory=1536):
    """A guest on a desktop image: "desktop" (bookworm) or
    "trixie-desktop" (sway and Xorg want more memory); INIT "systemd" for
    a desktop started in a logind session."""
    return Session(kernel=kernel, drivers=drivers, image=image, memory=memory, init=init)


def pointers(s, name):
    """The console view's pointers: {"count", "at", body colour counts}."""
    found = find_pointers(s, name)
    found["count"] = found["yellow"]
    return found


def poll(read, done, timeout, interval=0.5):
    """READ() until DONE(what was read) or TIMEOUT seconds have passed;
    return the last reading either way (the checks come later)."""
    deadline = time.monotonic() + timeout
    while True:
        last = read()
        if done(last) or time.monotonic() > deadline:
            return last
        time.sleep(interval)


def wait_one_pointer(s, name, shape, at, timeout=20, remnant=None):
    """Poll the console view until it shows exactly one pointer of SHAPE
    with its hotspot at AT; return what was seen last either way, with
    "ok" saying whether it matched, "seconds" how long it took and "live"
    how many of the pointers seen are the desktop's pointer. REMNANT, for
    a desktop known to leave one (an expected failure, named by the
    caller), is where a stale part of a SHAPE pointer may stay on screen
    besides it, with its hotspot pixel: that is accepted, if it is still
    there after TIMEOUT, and nothing else ("remnant" then says so)."""
    want = SHAPES[shape]
    t0 = time.monotonic()

    def read():
        last = pointers(s, name)
        others_clear = all(last[b] == 0 for b in BODIES if b != want["body"])
        last["ok"] = (last["count"] == 1 and last["at"] == [tuple(at)] and
                      last[want["body"]] == want["pixels"] and others_clear)
        last["remnant"] = (not last["ok"] and remnant is not None and
                           tuple(remnant) != tuple(at) and last["count"] == 2 and
                           sorted(last["at"]) == sorted([tuple(at), tuple(remnant)]) and
                           want["pixels"] < last[want["body"]] <= 2 * want["pixels"] and
                           others_clear)
        last["live"] = 1 if last["remnant"] else last["count"]
        last["seconds"] = round(time.monotonic() - t0, 1)
        return last

    # the remnant is accepted only if it is still there at the end
    last = poll(read, lambda last: last["ok"], timeout)
    last["ok"] = last["ok"] or last["remnant"]
    return last


def wait_no_pointer(s, name, timeout=20):
    """Poll the console view until it shows no pointer at all (no hotspot
    pixel, no body colour); return what was seen last, with "ok"."""
    def read():
        last = pointers(s, name)
        last["ok"] = last["count"] == 0 and all(last[b] == 0 for b in BODIES)
        return last

    return poll(read, lambda last: last["ok"], timeout)


def expect_one_pointer(seen, name, shape, at):
    expect(seen["ok"], "%s: want exactly one %s pointer with its hotspot at %s, "
           "console view has %s" % (name, shape, at, seen))


def host_drawn(s, name):
    """What says who drew the pointer: the host's pointer (shown or not,
    its shape and hotspot), where the guest's last POINTER_POSITION puts
    the hotspot, and the pointers found in VRAM itself (none when only the
    host draws one)."""
    host = host_pointer(s)
    guest = s.stats()["video"]["pointer"]
    pos = guest["position"] or {}
    vram = find_pointers(s, name + "-vram", source="framebuffer")
    return {"visible": host["visible"], "w": host["w"], "h": host["h"],
            "hot": (host["hot_x"], host["hot_y"]),
            "guest_at": (pos["x"] + host["hot_x"], pos["y"] + host["hot_y"]) if pos else None,
            "shape_uploads": guest["shape_uploads"],
            "position_messages": guest["position_messages"],
            "vram_pointer_pixels": vram["yellow"] + sum(vram[b] for b in BODIES)}


def wait_host_drawn(s, name, placed, timeout=20):
    """host_drawn() once the guest's POINTER_POSITION puts the hotspot at
    PLACED (the host draws at its own mouse at once; a busy compositor
    sends the position late), or after TIMEOUT seconds."""
    return poll(lambda: host_drawn(s, name), lambda d: d["guest_at"] == tuple(placed), timeout)


def expect_host_drawn(drawn, name, shape, at, placed=None):
    """The host drew the pointer: shown, with SHAPE's size and hotspot as
    the theme has them (synth2d trims the transparent rest of the cursor
    buffer), the guest's position putting the hotspot at AT (or at PLACED,
    where a desktop known to misplace it puts it), and not one pointer
    pixel in VRAM."""
    want = SHAPES[shape]
    expect(drawn["visible"] == 1, "%s: the host's pointer is hidden: %s" % (name, drawn))
    expect((drawn["w"], drawn["h"]) == want["size"] and drawn["hot"] == want["hot"],
           "%s: the host has a %dx%d shape with hotspot %s, want the %s %dx%d with hotspot %s" %
           (name, drawn["w"], drawn["h"], drawn["hot"], shape, *want["size"], want["hot"]))
    expect(drawn["guest_at"] == tuple(placed or at),
           "%s: the guest's POINTER_POSITION puts the hotspot at %s, the host mouse is at %s%s" %
           (name, drawn["guest_at"], at, " (want %s)" % (placed,) if placed else ""))
    expect(drawn["vram_pointer_pixels"] == 0,
           "%s: %d pointer pixels in VRAM besides the host's pointer" %
           (name, drawn["vram_pointer_pixels"]))


def libinput_nearest(at, size=(1024, 768)):
    """The pixel nearest to libinput's position for the host mouse at AT
    on a SIZE screen (libinput: HID value * size / 32768, docs/input.md),
    where a compositor that rounds the position draws the hotspot; the
    pixel the position lies in is AT itself."""
    return tuple((hid_coordinate(p, n) * n + 16384) // 32768 for p, n in zip(at, size))


def host_mouse(s, x, y):
    s.host("mouse-mode", "absolute")
    s.host("mouse-move", x, y)


def wait_position(s, position, want, timeout=20):
    """Poll POSITION(s), the desktop's own idea of the pointer position,
    until it is WANT, or one of WANT if it is a list (a busy desktop takes
    the host's move late); return the last one read."""
    wants = want if isinstance(want, list) else [tuple(want)]
    return poll(lambda: position(s), lambda at: at in wants, timeout, interval=1)


def expect_not_worse(name, synth2d, upstream):
    """The standing rule: where the kernel's own driver shows one pointer,
    synth2d shows one too (never worse than hyperv_drm). SYNTH2D and
    UPSTREAM are the two runs' {step: what the console view showed};
    keys starting with "_" are not steps."""
    expect(synth2d and upstream, "%s: both runs are needed for the comparison" % name)
    for step, up in upstream.items():
        if step.startswith("_"):
            continue
        ours = synth2d.get(step)
        if up.get("live", up["count"]) == 1:
            expect(ours is not None and ours.get("live", ours["count"]) == 1,
                   "%s/%s: hyperv_drm shows one pointer, synth2d shows %s" %
                   (name, step, ours and ours["count"]))


def frames_behind(s, name, at, shape, refresh=60.0, drawn_at=None, remnant=None):
    """Move the host mouse to AT and measure how late the pointer the
    desktop draws arrives: from the host's mouse report to the first DIRT
    that covers the hotspot (at AT, or at DRAWN_AT(AT) for a desktop that
    puts it elsewhere), in frames of REFRESH Hz (the host's packet capture
    timestamps). A host-drawn pointer follows the host mouse at once: 0.
    REMNANT as for wait_one_pointer()."""
    cap = s.path(name + ".capture")
    s.host("capture", cap)
    try:
        s.host("mouse-move", *at)
        at = drawn_at(at) if drawn_at else tuple(at)
        seen = wait_one_pointer(s, name, shape, at, remnant=remnant)
    finally:
        s.host("capture", "stop")
    expect_one_pointer(seen, name, shape, at)
    if seen["remnant"]:
        log("    xfail: %s: a stale pointer stayed at %s besides the one at %s" %
            (name, remnant, at))
    if s.host("pointer").split()[-2] == "visible=1":
        return 0.0
    t_mouse = t_dirt = None
    for t, direction, channel, b in capture_packets(cap):
        if channel == "mouse" and direction == "h2g" and t_mouse is None:
            t_mouse = t
        elif channel == "video" and direction == "g2h" and t_mouse is not None:
            if synthvid_type(b) != 10:  # DIRT
                continue
            for i in range(b[17]):
                x1, y1, x2, y2 = (int.from_bytes(b[18 + 16 * i + 4 * k:22 + 16 * i + 4 * k],
                                                 "little", signed=True) for k in range(4))
                if x1 <= at[0] < x2 and y1 <= at[1] < y2:
                    t_dirt = t
                    break
            if t_dirt is not None:
                break
    expect(t_mouse is not None and t_dirt is not None,
           "%s: no mouse report or no DIRT covering %s in the capture" % (name, at))
    return (t_dirt - t_mouse) * refresh


# After the host's resolution change: inside both screen sizes.
AFTER_RESOLUTION = ("after-resolution", (250, 650), "arrow")


def situation(s):
    """The guest's screen as the host last accepted it, "WxH" ("-" if none)."""
    sit = s.stats()["video"]["situation"]
    return "%dx%d" % (sit["w"], sit["h"]) if sit.get("valid") else "-"


def host_resolution_change(s, want="1280x720", screen=situation, timeout=45):
    """The host offers a new list with WANT preferred and asks for the
    situation, as when a VMConnect window is resized. Returns SCREEN(s),
    the desktop's screen size "WxH" (default: as the host accepted it), a
    while later: WANT if the desktop followed."""
    s.host("resolutions", "%s,1024x768" % want, "default=0")
    s.host("features", "situ=1")
    try:
        s.wait_for("the screen at %s" % want, lambda: screen(s) == want, timeout=timeout)
    except AssertionError:
        pass
    s.host("features", "situ=0")
    return screen(s)


def expect_kept_mode(name, seen):
    """NAME keeps its mode when the host's preferred one changes: an
    expected failure, named, and asserted so that it goes stale loudly
    (docs/desktops.md)."""
    log("    xfail: %s does not follow a host resolution change: the screen stays %s" %
        (name, seen["_resolution"]))
    expect(seen["_resolution"] == seen["_resolution_before"],
           "%s followed the host's resolution change (%s -> %s): update docs/desktops.md" %
           (name, seen["_resolution_before"], seen["_resolution"]))


def expect_followed_mode(name, seen, want="1280x720"):
    """NAME takes the host's new preferred mode (hotplug_mode_update 1)."""
    expect(seen["_resolution"] == want,
           "%s's screen is %s after the host's change to %s" % (name, seen["_resolution"], want))


# The pointer scenario's client steps on Wayland (synth2d-wlclient, a
# fullscreen window that sets the pointer to a theme shape or hides it):
# step name, host mouse position, the shape shown, what the client sets.
CLIENT_STEPS = [
    ("client-ibeam", (650, 400), "ibeam", "xterm"),
    ("client-crosshair", (200, 600), "crosshair", "crosshair"),
]
CLIENT_HIDES_AT = (420, 150)
# How long a client's pointer may take to appear: KWin 5.27 under TCG has
# shown the client's I-beam more than 20 s after the client set it.
CLIENT_SHAPE_TIMEOUT = 60
# after the hiding client has gone, and again after a console reconnect
SHOWN_AGAIN = [("shown-again", (430, 160), "arrow"), ("reconnect", (430, 160), "arrow")]
WLCLIENT = GUEST_BUILD + "/tests/wayland/synth2d-wlclient"
# The session's Wayland display, for a command run as the desktop user.
WAYLAND_ENV = ("env XDG_RUNTIME_DIR=/run/user/$(id -u desktop) "
               "WAYLAND_DISPLAY=$(cd /run/user/$(id -u desktop) && ls wayland-[0-9] | head -n 1) ")
# typed by the host: what VMConnect's "Type clipboard text" sends, one
# Unicode keystroke per character (synth2d_input + synth2d-typist;
# hyperv_keyboard drops Unicode keystrokes)
TYPED = "Grüße, ½ ✓ Ж"
TYPIST = GUEST_BUILD + "/input/tools/synth2d-typist"


def wayland_client(s, what, timeout=60):
    """Run synth2d-wlclient WHAT (a cursor name, or "hide") as the desktop
    user on the session's Wayland display, in place of the one before;
    return when its fullscreen window is mapped."""
    s.sh("pkill -f 'synth2d-wlclien[t]'; true")  # comm: 15 characters
    s.background("wlclient", "runuser -u desktop -- " + WAYLAND_ENV +
                 "XCURSOR_PATH=/tmp/icons XCURSOR_THEME=synth2d-test XCURSOR_SIZE=24 "
                 "%s %s 600" % (WLCLIENT, what))
    s.wait_for("synth2d-wlclient %s mapped its window" % what,
               lambda: "ready" in s.guest_log("wlclient"), timeout=timeout)


def typist_desktop_entry(s):
    """What the synth2d-tools package installs for KWin's fake input
    (input/data/org.synth2d.typist.desktop.in), with the typist's path in
    the rig as its Exec: KWin offers the protocol only to a program whose
    desktop file asks for it. Written before the session starts."""
    s.sh("cat >/usr/share/applications/org.synth2d.typist.desktop <<EOF\n"
         "[Desktop Entry]\nType=Application\nName=Hyper-V typed text\n"
         "Exec=%s\nNoDisplay=true\n"
         "X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input\nEOF" % TYPIST)


def session_bus(s, process):
    """The session bus address in the environment of PROCESS (a name)."""
    bus = s.sh("tr '\\0' '\\n' </proc/$(pgrep -o -x %s)/environ | "
               "sed -n 's/^DBUS_SESSION_BUS_ADDRESS=//p'" % process).stdout.strip()
    expect(bus, "no session bus in %s's environment" % process)
    return bus


def wayland_typing(s, timeout=60, as_user=False, bus_of=None):
    """The typing step on Wayland: synth2d-typist starts on the session's
    display, synth2d-wlclient takes the keyboard focus, and the host types
    TYPED and a newline. The typist runs as root (the rig installs no
    uaccess rule for /dev/synth2d-unicode), or with AS_USER as the desktop
    user, as a session agent runs (KWin names its clients by their
    executable, which it cannot read of another user's process), with read
    access to the device as logind's uaccess ACL gives it to the session's
    user; with BUS_OF (a process name) on that process's session bus too.
    Returns (the text the client's key events mean in the keymap the
    compositor gave it, Return as a newline; the typist's log). A
    compositor that offers clients no way to type gets no text, and the
    typist's log says why."""
    wayland_client(s, "left_ptr", timeout)
    env = WAYLAND_ENV
    if bus_of:
        env += "DBUS_SESSION_BUS_ADDRESS=%s " % session_bus(s, bus_of)
    if as_user or bus_of:
        s.sh("chown desktop /dev/synth2d-unicode")  # no setfacl in every image
        typist = "runuser -u desktop -- " + env + TYPIST
    else:
        typist = env + TYPIST
    s.background("typist", "sh -c '%s; echo \"exit $?\"'" % typist)
    s.wait_for("synth2d-typist ready or gone",
               lambda: any(w in s.guest_log("typist") for w in ("ready", "exit ")))
    if "ready" in s.guest_log("typist"):
        s.host("type", TYPED + "\\n")
        poll(lambda: client_typed(s), lambda text: text.endswith("\n"), timeout, interval=1)
    s.sh("pkill -f 'synth2d-wlclien[t]'; pkill -f 'synth2d-typis[t]'; true")
    return client_typed(s), s.guest_log("typist")


def expect_typed(name, image, seen, limit, layout=None):
    """The client got exactly TYPED and a newline; where LAYOUT (the
    characters the session's layout has) is given, the compositor types
    only through it: the client got exactly TYPED's characters in LAYOUT
    and a newline, and the typist said that it skipped the rest; or, where
    LIMIT names why NAME takes no typed text from clients, nothing, with
    the typist saying that the compositor offers no virtual keyboard."""
    where = "%s/%s" % (name, image)
    log("    %s: the host typed %r, the client got %r" % (where, TYPED + "\n", seen["_typed"]))
    if layout is not None:
        want = "".join(c for c in TYPED if c in layout) + "\n"
        log("    xfail: %s: the compositor types only what its layout has: %r" % (where, want))
        expect(seen["_typed"] == want and
               "types only what the session's keyboard layout has" in seen["_typist_log"],
               "%s: the host typed %r, the layout has %r, the client got %r (typist: %r)" %
               (where, TYPED + "\n", want, seen["_typed"], seen["_typist_log"]))
        return
    if not limit:
        expect(seen["_typed"] == TYPED + "\n", "%s: the host typed %r, the client got %r "
               "(typist: %r)" % (where, TYPED + "\n", seen["_typed"], seen["_typist_log"]))
        return
    log("    xfail: %s: the host's typed text reaches no client: %s" % (where, limit))
    expect(seen["_typed"] == "" and "offers no virtual keyboard" in seen["_typist_log"],
           "%s: the client got %r and the typist said %r: the compositor takes typed text "
           "now, update docs/desktops.md" % (where, seen["_typed"], seen["_typist_log"]))


def client_typed(s):
    """The text synth2d-wlclient's key presses mean (its "typed" lines),
    Return as a newline."""
    keys = [line.split()[1] for line in s.guest_log("wlclient").splitlines()
            if line.startswith("typed ")]
    return "".join("\n" if k == "000D" else chr(int(k, 16)) for k in keys)


def leave_overview(s):
    """The host presses and releases Escape: GNOME Shell starts in its
    overview, drawn above every window; Escape leaves it (a no-op on a
    desktop that has none)."""
    s.host("key", "0x1", "down")
    s.host("key", "0x1", "up")


def client_position(s):
    """The pointer position synth2d-wlclient's fullscreen window was last
    given (its "at X Y" lines): the pixel it lies in, or None before the
    first. On a single output the window's origin is the desktop's, so
    this is the desktop's own idea of the pointer position."""
    at = [line.split()[1:] for line in s.guest_log("wlclient").splitlines()
          if line.startswith("at ")]
    return tuple(math.floor(float(v)) for v in at[-1]) if at else None


def wayland_client_steps(s, label, seen, shown, given, drawn, first_timeout, prepare=None,
                         remnant=None):
    """The client steps (CLIENT_STEPS, then a client that hides the
    pointer, then SHOWN_AGAIN): what the console view showed goes into
    SEEN under each step's name, "hidden" for the hiding client, with
    "client_at", the position the client's window was given (waited for
    until it is GIVEN(host mouse)), and "drawn", DRAWN(name, host mouse).
    PREPARE(s) first, if given (leave_overview)."""
    if prepare:
        prepare(s)
    for step, at, shape, cursor in CLIENT_STEPS:
        wayland_client(s, cursor, first_timeout + 40)
        host_mouse(s, *at)
        seen[step] = wait_one_pointer(s, "%s-%s" % (label, step), shape, shown(at),
                                      CLIENT_SHAPE_TIMEOUT)
        log("    %s: the client's %s shown after %.1f s" % (step, shape, seen[step]["seconds"]))
        seen[step]["client_at"] = wait_position(s, client_position, given(at))
        seen[step]["drawn"] = drawn("%s-%s" % (label, step), at)
    wayland_client(s, "hide", first_timeout + 40)
    host_mouse(s, *CLIENT_HIDES_AT)
    seen["hidden"] = wait_no_pointer(s, "%s-hidden" % label, CLIENT_SHAPE_TIMEOUT)
    seen["hidden"]["client_at"] = wait_position(s, client_position, given(CLIENT_HIDES_AT))
    s.sh("pkill -f 'synth2d-wlclien[t]'; true")  # comm: 15 characters
    for step, at, shape in SHOWN_AGAIN:
        if step == "reconnect":
            s.host("reconnect")
        host_mouse(s, *at)
        seen[step] = wait_one_pointer(s, "%s-%s" % (label, step), shape, shown(at),
                                      remnant=remnant)
        seen[step]["drawn"] = drawn("%s-%s" % (label, step), at)
    return [st[:3] for st in CLIENT_STEPS] + SHOWN_AGAIN


def compositor_run(kernel, drivers, name, steps, record, image="desktop", host_draws=False,
                   drawn_at=None, resolution=False, init=None, memory=1536,
                   first_timeout=20, start_args=(), label=None, position=None,
                   client_steps=False, client_prepare=None, client_at=None, typing=False,
                   typing_limit=None, typing_layout=None, typist_as_user=False,
                   typist_bus_of=None, before_start=None, before_typing=None,
                   remnant_after_hide=None):
    """A Wayland compositor on IMAGE: start it with
    /rig/guest/desktop/start-NAME, move the host mouse through STEPS
    [(step, position, shape)], and check after each one exactly one
    pointer with its hotspot at the host mouse. A compositor that draws
    its own pointer (no hotspot capability) must keep the host's hidden (a
    second one otherwise); with HOST_DRAWS (it passes the hotspot through
    the cursor plane) the host must draw it, as expect_host_drawn() says.
    DRAWN_AT(host mouse) is where a compositor known to misplace the
    hotspot puts it: an expected failure, checked exactly (in the console
    view where the compositor draws; where the host draws, in the guest's
    POINTER_POSITION and the desktop's idea, while the host still draws
    the pointer at its mouse). With
    RESOLUTION, the host then changes its resolution (host_resolution_change)
    and the pointer is checked again at AFTER_RESOLUTION, whether the
    compositor followed ("_resolution": the screen afterwards) or not.
    Returns {step: what the console view showed}, plus "_frames_behind",
    recorded in RECORD[(kernel, drivers, image)] before the checks, for
    the comparison. INIT and MEMORY are the guest's; FIRST_TIMEOUT is how
    long the first step may wait for the desktop's first frames.
    START_ARGS go to start-NAME; LABEL (default NAME) names the run's
    files and failures. POSITION(s), if given, reads the desktop's own idea
    of the pointer position (x, y) after each step; it must be the host
    mouse's pixel (or DRAWN_AT's). With CLIENT_STEPS, a Wayland client then
    switches the pointer's shape and hides it, and the console reconnects
    (wayland_client_steps, after CLIENT_PREPARE(s)); the position the
    client's fullscreen window is given must be the host mouse's pixel,
    wherever the compositor draws the hotspot, or one of CLIENT_AT(host
    mouse), a list, for a compositor known to round it (an expected
    failure, checked exactly). With TYPING, on synth2d's drivers, the host
    types TYPED into a client (wayland_typing) and the client must get
    exactly that text, unless TYPING_LIMIT names why the compositor takes
    no typed text from clients: an expected failure, asserted as the
    typist's refusal so that it goes stale loudly; or TYPING_LAYOUT (the
    characters of the session's layout) where the compositor types only
    through its layout, with the typist as the desktop user
    (TYPIST_AS_USER) or on TYPIST_BUS_OF's session bus (expect_typed,
    wayland_typing). BEFORE_START(s) runs before the
    compositor starts, BEFORE_TYPING(s) before the typing step.
    REMNANT_AFTER_HIDE
    names why a compositor may leave a stale pointer where the hiding
    client left it (CLIENT_HIDES_AT): in the steps after that, such a
    remnant is accepted besides the one pointer (an expected failure,
    logged; see wait_one_pointer)."""
    seen = {}
    # the remnant can only follow the client steps' hiding client
    remnant = CLIENT_HIDES_AT if remnant_after_hide and client_steps else None
    label = "%s-%s-%s" % (label or name, image, drivers)

    def placed(at):  # where the desktop puts the hotspot
        return drawn_at(at) if drawn_at else tuple(at)

    def shown(at):  # where the console view shows it
        return tuple(at) if host_draws else placed(at)

    def drawn(name, at):  # who drew it; where the host draws, once the guest caught up
        return wait_host_drawn(s, name, placed(at)) if host_draws else host_drawn(s, name)

    def given(at):  # the positions a client may be given
        return client_at(at) if client_at else [tuple(at)]

    with desktop_session(kernel, drivers, image, init, memory) as s:
        if before_start:
            before_start(s)
        s.exec("/rig/guest/desktop/start-" + name, *start_args, timeout=240)
        for n, (step, at, shape) in enumerate(steps):
            host_mouse(s, *at)
            seen[step] = wait_one_pointer(s, "%s-%s" % (label, step), shape, shown(at),
                                          first_timeout if n == 0 else 20)
            if position:  # first: what the host got follows the desktop's idea
                seen[step]["desktop_at"] = wait_position(s, position, placed(at),
                                                         first_timeout if n == 0 else 20)
            seen[step]["drawn"] = drawn("%s-%s" % (label, step), at)
        if client_steps:
            steps = list(steps) + wayland_client_steps(s, label, seen, shown, given, drawn,
                                                       first_timeout, client_prepare, remnant)
        if typing and drivers == "synth2d":
            if before_typing:
                before_typing(s)
            seen["_typed"], seen["_typist_log"] = wayland_typing(
                s, first_timeout + 40, typist_as_user, typist_bus_of)
        if resolution:
            before = seen["_resolution_before"] = situation(s)
            seen["_resolution"] = host_resolution_change(s)
            log("    %s on %s/%s/%s: host resolution change to 1280x720: the screen is %s "
                "(was %s)" % (name, image, kernel, drivers, seen["_resolution"], before))
            step, at, shape = AFTER_RESOLUTION
            steps = list(steps) + [AFTER_RESOLUTION]
            host_mouse(s, *at)
            seen[step] = wait_one_pointer(s, "%s-%s" % (label, step), shape, shown(at),
                                          remnant=remnant)
            seen[step]["drawn"] = drawn("%s-%s" % (label, step), at)
        seen["_frames_behind"] = frames_behind(s, label + "-lag", (640, 360), "arrow",
                                               drawn_at=None if host_draws else drawn_at,
                                               remnant=remnant)
        log("    %s on %s/%s/%s: the pointer arrives %.1f frames after the host mouse "
            "report (0: the host draws it)" % (name, image, kernel, drivers,
                                                seen["_frames_behind"]))
    record[(kernel, drivers, image)] = seen
    if "_typed" in seen:
        expect_typed(name, image, seen, typing_limit, typing_layout)
    if client_steps:
        expect(seen["hidden"]["ok"], "%s/%s/%s: a client hid the pointer, the console view "
               "still has %s" % (name, image, drivers, seen["hidden"]))
        expect(seen["hidden"]["client_at"] in given(CLIENT_HIDES_AT),
               "%s/%s/%s: with the pointer hidden, %s gives the client the position %s, "
               "want %s (the host mouse is at %s)" %
               (name, image, drivers, name, seen["hidden"]["client_at"],
                given(CLIENT_HIDES_AT), CLIENT_HIDES_AT))
    for step, at, shape in steps:
        where = "%s/%s/%s/%s" % (name, image, drivers, step)
        if placed(at) != tuple(at):
            log("    xfail: %s: %s puts the hotspot at %s, the host mouse is at %s" %
                (where, name, placed(at), at))
        if seen[step].get("remnant"):
            log("    xfail: %s: a stale pointer stayed at %s, where the hiding client left it, "
                "besides the one at %s: %s" % (where, CLIENT_HIDES_AT, at, remnant_after_hide))
        expect_one_pointer(seen[step], where, shape, shown(at))
        if "desktop_at" in seen[step]:
            expect(seen[step]["desktop_at"] == placed(at),
                   "%s: %s puts the pointer at %s, want %s (the host mouse is at %s)" %
                   (where, name, seen[step]["desktop_at"], placed(at), at))
        if "client_at" in seen[step]:  # even where the drawing is rounded
            if given(at) != [tuple(at)]:
                log("    xfail: %s: %s gives the client the position %s, one of %s (the host "
                    "mouse is at %s)" % (where, name, seen[step]["client_at"], given(at), at))
            expect(seen[step]["client_at"] in given(at),
                   "%s: %s gives the client the position %s, want %s (the host mouse is at "
                   "%s)" % (where, name, seen[step]["client_at"], given(at), at))
        if host_draws:
            expect_host_drawn(seen[step]["drawn"], where, shape, at, placed(at))
        else:
            expect(seen[step]["drawn"]["visible"] == 0,
                   "%s: host pointer shown while %s draws its own: %s" %
                   (where, name, seen[step]["drawn"]))
    return seen
