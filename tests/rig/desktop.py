# SPDX-License-Identifier: MIT
"""Desktops in the rig (docs/desktops.md): start one on the desktop image,
and find its pointer in the host's console view. The pointer is the test
cursor theme's (tests/vm/guest/desktop/make-cursor-theme): one body colour
per shape and a yellow hotspot pixel, whichever side draws it."""

import os
import subprocess
import time

from kmsclient import find_pointers
from rigtest import TOP, Session, expect, log

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


def desktop_session(kernel, drivers):
    """A guest on the desktop image (sway and Xorg want more memory)."""
    return Session(kernel=kernel, drivers=drivers, image="desktop", memory=1536)


def pointers(s, name):
    """The console view's pointers: {"count", "at", body colour counts}."""
    found = find_pointers(s, name)
    found["count"] = found["yellow"]
    return found


def wait_one_pointer(s, name, shape, at, timeout=20):
    """Poll the console view until it shows exactly one pointer of SHAPE
    with its hotspot at AT; return what was seen last either way, with
    "ok" saying whether it matched."""
    want = SHAPES[shape]
    last = None
    deadline = time.monotonic() + timeout
    while True:
        last = pointers(s, name)
        last["ok"] = (last["count"] == 1 and last["at"] == [tuple(at)] and
                      last[want["body"]] == want["pixels"] and
                      all(last[b] == 0 for b in BODIES if b != want["body"]))
        if last["ok"] or time.monotonic() > deadline:
            return last
        time.sleep(0.5)


def wait_no_pointer(s, name, timeout=20):
    """Poll the console view until it shows no pointer at all (no hotspot
    pixel, no body colour); return what was seen last, with "ok"."""
    deadline = time.monotonic() + timeout
    while True:
        last = pointers(s, name)
        last["ok"] = last["count"] == 0 and all(last[b] == 0 for b in BODIES)
        if last["ok"] or time.monotonic() > deadline:
            return last
        time.sleep(0.5)


def expect_one_pointer(seen, name, shape, at):
    expect(seen["ok"], "%s: want exactly one %s pointer with its hotspot at %s, "
           "console view has %s" % (name, shape, at, seen))


def host_mouse(s, x, y):
    s.host("mouse-mode", "absolute")
    s.host("mouse-move", x, y)


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
        if up["count"] == 1:
            expect(ours is not None and ours["count"] == 1,
                   "%s/%s: hyperv_drm shows one pointer, synth2d shows %s" %
                   (name, step, ours and ours["count"]))


def frames_behind(s, name, at, shape, refresh=60.0):
    """Move the host mouse to AT and measure how late the pointer the
    desktop draws arrives: from the host's mouse report to the first DIRT
    that covers AT, in frames of REFRESH Hz (the host's packet capture
    timestamps). A host-drawn pointer follows the host mouse at once: 0."""
    cap = s.path(name + ".capture")
    s.host("capture", cap)
    try:
        s.host("mouse-move", *at)
        seen = wait_one_pointer(s, name, shape, at)
    finally:
        s.host("capture", "stop")
    expect_one_pointer(seen, name, shape, at)
    if s.host("pointer").split()[-2] == "visible=1":
        return 0.0
    t_mouse = t_dirt = None
    with open(cap) as f:
        for line in f:
            if line.startswith("#"):
                continue
            t, direction, channel, _, payload = line.split()
            if channel == "mouse" and direction == "h2g" and t_mouse is None:
                t_mouse = float(t)
            elif channel == "video" and direction == "g2h" and t_mouse is not None:
                b = bytes.fromhex(payload)
                if int.from_bytes(b[8:12], "little") != 10:  # DIRT
                    continue
                for i in range(b[17]):
                    x1, y1, x2, y2 = (int.from_bytes(b[18 + 16 * i + 4 * k:22 + 16 * i + 4 * k],
                                                     "little", signed=True) for k in range(4))
                    if x1 <= at[0] < x2 and y1 <= at[1] < y2:
                        t_dirt = float(t)
                        break
                if t_dirt is not None:
                    break
    expect(t_mouse is not None and t_dirt is not None,
           "%s: no mouse report or no DIRT covering %s in the capture" % (name, at))
    return (t_dirt - t_mouse) * refresh


def compositor_run(kernel, drivers, name, steps, record):
    """A compositor that draws its own pointer (no hotspot capability):
    start it with /rig/guest/desktop/start-NAME, move the host mouse
    through STEPS [(step, position, shape)], and check after each one
    exactly one pointer with its hotspot at the host mouse, then that the
    host's own pointer stayed hidden (a second one otherwise). Returns
    {step: what the console view showed}, plus "_frames_behind", recorded
    in RECORD[(kernel, drivers)] before the checks, for the comparison."""
    seen = {}
    with desktop_session(kernel, drivers) as s:
        s.exec("/rig/guest/desktop/start-" + name, timeout=240)
        for step, at, shape in steps:
            host_mouse(s, *at)
            seen[step] = wait_one_pointer(s, "%s-%s-%s" % (name, drivers, step), shape, at)
        host_pointer = s.host("pointer")
        seen["_frames_behind"] = frames_behind(s, "%s-%s-lag" % (name, drivers),
                                               (640, 360), "arrow")
        log("    %s on %s/%s: the pointer %s draws arrives %.1f frames after the host "
            "mouse report" % (name, kernel, drivers, name, seen["_frames_behind"]))
    record[(kernel, drivers)] = seen
    for step, at, shape in steps:
        expect_one_pointer(seen[step], "%s/%s/%s" % (name, drivers, step), shape, at)
    expect("visible=0" in host_pointer.split(),
           "host pointer shown while %s draws its own: %s" % (name, host_pointer))
    return seen
