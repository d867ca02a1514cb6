# SPDX-License-Identifier: MIT
"""Every way a KMS client can set the cursor, on synth2d and on the
kernel's hyperv_drm with the same client steps (synth2d-kmscursor), in
absolute mouse mode as on VMConnect: how many pointers the host's console
view shows and where the hotspot pixel lands. The standing rule: where
hyperv_drm shows one pointer, synth2d shows one too, never two.

  cursor2    drmModeSetCursor2 with the hotspot, then drmModeMoveCursor
  cursor1    drmModeSetCursor (no hotspot: 0,0), then drmModeMoveCursor
  atomic     an atomic client without the hotspot capability
  atomic-cap the same with DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT (6.8+)
  setplane   that client moves the image with SETPLANE (drmModeSetPlane),
             which carries no hotspot: the plane keeps its HOTSPOT_X/Y
  software   the client draws its own pointer and flushes it (DIRTYFB)
"""

import time

from kmsclient import IMAGES, KmsClient, find_pointers, stop_clients
from rigtest import Session, expect, log, matrix

SESSION = None  # each test boots its own guest

AT = (500, 400)  # host mouse; desktops put the image's hotspot there
_seen = {}


def _count(s, name):
    found = find_pointers(s, name)
    return {"count": found["yellow"], "at": found["at"]}


def _case(s, name, atomic=False, cap=False):
    """Run one client case; return what the console view shows, or None
    when the driver offers the client no cursor at all."""
    hx, hy = IMAGES[1]["hot"]
    c = KmsClient(s, "1024x768", atomic=atomic, hotspot_cap=cap)
    try:
        if name == "software":
            reply = c.cmd("swmove %d %d" % (AT[0] - 5, AT[1] - 8), check=False)
        elif atomic:
            if c.caps["cursor_plane"] != "yes":
                return None
            if name == "setplane":  # first away from AT, with the hotspot
                c.cmd("aset 1 %d %d %d %d" % (AT[0] - hx - 100, AT[1] - hy - 100, hx, hy))
                reply = c.cmd("pset 1 %d %d" % (AT[0] - hx, AT[1] - hy), check=False)
            else:
                reply = c.cmd("aset 1 %d %d %d %d" % (AT[0] - hx, AT[1] - hy, hx, hy),
                              check=False)
        else:
            cmd = "set2 1 %d %d" % (hx, hy) if name == "cursor2" else "set 1"
            reply = c.cmd(cmd, check=False)
            if reply.startswith("ok"):
                reply = c.cmd("move %d %d" % (AT[0] - hx, AT[1] - hy), check=False)
        if not reply.startswith("ok"):
            return {"count": 0, "at": [], "refused": reply}
        # The host draws what it has received: poll a little for a pointer
        # (for setplane: one no longer where the commit before put it).
        away = [(AT[0] - 100, AT[1] - 100)] if name == "setplane" else None
        deadline = time.monotonic() + 8
        while True:
            last = _count(s, "%s-%s" % (s.drivers, name))
            if (last["count"] >= 1 and last["at"] != away) or time.monotonic() > deadline:
                return last
            time.sleep(0.5)
    finally:
        c.stop()
        stop_clients(s)


CASES = [("cursor2", {}), ("cursor1", {}), ("atomic", {"atomic": True}),
         ("atomic-cap", {"atomic": True, "cap": True}),
         ("setplane", {"atomic": True, "cap": True}), ("software", {})]


def _run(kernel, drivers):
    seen = {}
    with Session(kernel=kernel, drivers=drivers) as s:
        s.host("mouse-mode", "absolute")
        s.host("mouse-move", *AT)
        for name, kw in CASES:
            seen[name] = _case(s, name, **kw)
            log("    %s/%s/%s: %s" % (kernel, drivers, name, seen[name]))
    _seen[(kernel, drivers)] = seen
    return seen


def test_cursor_paths_synth2d(kernel):
    seen = _run(kernel, "synth2d")
    hx, hy = IMAGES[1]["hot"]
    expect(seen["cursor2"]["count"] == 1 and seen["cursor2"]["at"] == [AT],
           "CURSOR2: want one pointer, hotspot at %s: %s" % (AT, seen["cursor2"]))
    # No hotspot: the host puts the image's top-left pixel at its mouse.
    want = (AT[0] + hx, AT[1] + hy)
    expect(seen["cursor1"]["count"] == 1 and seen["cursor1"]["at"] == [want],
           "CURSOR (hotspot 0,0): want one pointer, hotspot pixel at %s: %s" %
           (want, seen["cursor1"]))
    expect(seen["atomic"] is None, "an atomic client without the cap saw a cursor plane")
    if kernel == "6.1":
        expect(seen["atomic-cap"] is None, "6.1 has no cursor plane")
        expect(seen["setplane"] is None, "6.1 has no cursor plane")
    else:
        expect(seen["atomic-cap"]["count"] == 1 and seen["atomic-cap"]["at"] == [AT],
               "atomic with the cap: want one pointer at %s: %s" % (AT, seen["atomic-cap"]))
        # SETPLANE moves the image; the hotspot is the plane's, from the
        # client's commit before: the hotspot pixel lands at the host mouse.
        expect(seen["setplane"]["count"] == 1 and seen["setplane"]["at"] == [AT],
               "SETPLANE after a commit with the hotspot: want one pointer at %s: %s" %
               (AT, seen["setplane"]))
    expect(seen["software"]["count"] == 1 and seen["software"]["at"] == [AT],
           "a client's own pointer: want one at %s: %s" % (AT, seen["software"]))


@matrix
def test_cursor_paths_hyperv_drm(kernel):
    _run(kernel, "upstream")


@matrix
def test_cursor_paths_not_worse_than_hyperv_drm(kernel):
    ours, theirs = _seen.get((kernel, "synth2d")), _seen.get((kernel, "upstream"))
    expect(ours and theirs, "both runs are needed for the comparison")
    for name, _ in CASES:
        up = theirs[name] or {"count": 0}
        mine = ours[name] or {"count": 0}
        expect(mine["count"] <= 1, "%s: synth2d shows %d pointers" % (name, mine["count"]))
        if up["count"] == 1:
            expect(mine["count"] == 1, "%s: hyperv_drm shows one pointer, synth2d %d" %
                   (name, mine["count"]))
