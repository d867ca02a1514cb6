# SPDX-License-Identifier: MIT
"""The VNC console with a real client and a real guest (docs/console.md):
TigerVNC's viewer under Xvfb on the host side, connected to the session's
--vnc port, against the synth2d driver. The viewer's screen must show the
guest's picture and exactly one pointer, the shape and hotspot a guest
client set, at the host mouse as moved from the viewer (the guest's mouse
follows, absolute); after a host mouse move a full-screen viewer (mouse
grab) shows its pointer there, a windowed one where the person left it;
text typed into the viewer arrives as key events
in the guest; a guest mode change resizes the viewer."""

import atexit
import time

from kmsclient import IMAGES, KmsClient, host_pointer
from rigtest import ABS_X, ABS_Y, EV_ABS, EV_KEY, EventWatch, expect, hid_coordinate
from vncviewer import Viewer, free_port, missing_tools


def SESSION():
    """A fresh loopback port per session: both kernels' suites run at once."""
    return {"drivers": "synth2d", "host_opts": ["--vnc 127.0.0.1:%d" % free_port()]}


# the synthetic mouse and keyboard ("Microsoft Vmbus HID-compliant Mouse",
# "Microsoft Vmbus Synthetic Keyboard"), watched by one synth2d-evwatch
INPUT_NAME = "Microsoft Vmbus"
BACKGROUND = (0x20, 0x40, 0x60)  # synth2d-kmscursor's
# The picture: rects in a colour none of the pointer's (magenta body, yellow
# hotspot), R unlike B (a channel swap shows); one fill command (each guest
# command costs about a second under TCG).
RECT_COLOUR = (0xff, 0x80, 0x00)
RECTS = [(100, 80, 300, 200), (500, 400, 260, 120), (0, 700, 1024, 20)]
IMAGE = 1
TYPED = "hello vnc 42"
# evdev key codes of a US keyboard (set-1 scancodes of the main block are the same)
KEYS = {c: i for i, c in enumerate("\0\0" "1234567890-=\0\0" "qwertyuiop[]\0\0" "asdfghjkl;'`\0\\"
                                   "zxcvbnm,./") if c != "\0"}
KEYS[" "] = 57

_state = {}


def _session(s):
    """The state of S's tests (a new session, on the next kernel, starts afresh)."""
    if _state.get("session") != s.id:
        if _state.get("viewer"):
            _state["viewer"].close()
        _state.clear()
        _state["session"] = s.id


def _client(s):
    """synth2d-kmscursor at 1024x768: the picture and cursor image IMAGE."""
    _session(s)
    c = _state.get("client")
    if not c:
        c = _state["client"] = KmsClient(s, "1024x768")
        s.host("mouse-mode", "absolute")
        c.cmd("set2 %d %d %d" % ((IMAGE,) + IMAGES[IMAGE]["hot"]))
        _paint(c)
    return c


def _paint(c):
    c.cmd("fill %02x%02x%02x " % RECT_COLOUR + " ".join("%d,%d,%d,%d" % r for r in RECTS))


def _events(s):
    """The guest's input events since the suite's first test."""
    ev = _state.get("events")
    if not ev:
        ev = _state["events"] = EventWatch(s, INPUT_NAME, "vnc-input", timeout=300)
    return ev


def _viewer(s):
    _session(s)
    v = _state.get("viewer")
    if not v:
        missing = missing_tools()
        expect(not missing, "the real-client check needs %s (scripts/install-deps)" % missing)
        v = _state["viewer"] = Viewer(vnc_port(s))
        atexit.register(v.close)
    return v


def vnc_port(s):
    """The session's --vnc port (SESSION's "--vnc 127.0.0.1:PORT")."""
    for opt in s.host_opts:
        if opt.startswith("--vnc "):
            return int(opt.split(":")[-1])
    raise AssertionError("no --vnc in the session's host options %s" % (s.host_opts,))


def _focus(v, win):
    """Click into the viewer, as a person would: that gives it the focus
    (no window manager does here)."""
    v.xdotool("windowfocus", "--sync", win["id"])
    v.xdotool("mousemove", win["x"] + 10, win["y"] + 10)
    v.xdotool("click", "1")


def expected_rows(w, h, at):
    """The guest's picture at W x H with pointer image IMAGE's hotspot at AT,
    as RGB rows."""
    rows = [bytearray(bytes(BACKGROUND) * w) for _ in range(h)]

    def fill(colour, x, y, rw, rh):
        x2, y2 = min(x + rw, w), min(y + rh, h)
        x, y = max(x, 0), max(y, 0)
        for row in rows[y:y2]:
            row[x * 3:x2 * 3] = bytes(colour) * (x2 - x)

    for rect in RECTS:
        fill(RECT_COLOUR, *rect)
    bx, by, bw, bh = IMAGES[IMAGE]["box"]
    hx, hy = IMAGES[IMAGE]["hot"]
    fill((0xff, 0x00, 0xff), at[0] - hx + bx, at[1] - hy + by, bw, bh)
    fill((0xff, 0xff, 0x00), at[0], at[1], 1, 1)
    return rows


def screen_differences(shot, win, rows, detail=False):
    """Rows of the X screen that differ from the picture ROWS shown in the
    viewer window, and from black (Xvfb's root) around it; with DETAIL, the
    differing pixels instead: (count, first few)."""
    sw, sh, rgb = shot
    diffs = []
    count = 0
    for y in range(sh):
        line = rgb[y * sw * 3:(y + 1) * sw * 3]
        want = bytearray(sw * 3)
        wy = y - win["y"]
        if 0 <= wy < len(rows):
            x0 = win["x"]
            want[x0 * 3:(x0 + win["w"]) * 3] = rows[wy][:(sw - x0) * 3]
        if line == want:
            continue
        if not detail:
            count += 1
            continue
        for x in range(sw):
            got, exp = line[x * 3:x * 3 + 3], bytes(want[x * 3:x * 3 + 3])
            if got != exp:
                count += 1
                if len(diffs) < 8:
                    diffs.append("%d,%d: #%s, want #%s" % (x - win["x"], wy, got.hex(), exp.hex()))
    return count, diffs


def expect_screen(s, v, name, size, at, host_at=None, timeout=20):
    """The viewer window is SIZE and shows the guest's picture with exactly
    one pointer (image IMAGE), its hotspot at AT; nothing else on the
    screen. The host mouse is at HOST_AT (default AT), absolute. Polled:
    the viewer draws what it has received."""
    w, h = size
    win = v.wait_window(w, h)
    host_at = host_at or at
    p = host_pointer(s)
    expect((p["x"], p["y"], p["mode"]) == (host_at[0], host_at[1], "absolute"),
           "%s: the host mouse is %s, want %s (absolute)" % (name, p, host_at))
    rows = expected_rows(w, h, at)
    deadline = time.monotonic() + timeout
    while True:
        shot = v.screenshot()
        if screen_differences(shot, win, rows)[0] == 0:
            return
        if time.monotonic() > deadline:
            count, diffs = screen_differences(shot, win, rows, detail=True)
            raise AssertionError("%s: %d pixels of the viewer's screen differ from the guest's "
                                 "picture with one pointer at %s: %s" % (name, count, at, diffs))
        time.sleep(0.5)


def _viewer_move(s, v, win, x, y):
    """Move the X pointer to X,Y in the viewer window; wait until the host
    mouse is there (the viewer sends it as the client's position)."""
    v.xdotool("mousemove", win["x"] + x, win["y"] + y)
    s.wait_for("host mouse at %d,%d" % (x, y),
               lambda: (lambda p: (p["x"], p["y"]) == (x, y))(host_pointer(s)), timeout=20,
               interval=0.2)


def test_viewer_moves_guest_mouse(s):
    _client(s)
    v = _viewer(s)
    win = v.wait_window(1024, 768)
    ev = _events(s)
    _focus(v, win)
    for x, y in ((300, 200), (777, 555)):
        _viewer_move(s, v, win, x, y)
        # absolute: the viewer's position is the guest's, in HID units
        ev.wait_events([(EV_ABS, ABS_X, hid_coordinate(x, 1024)),
                        (EV_ABS, ABS_Y, hid_coordinate(y, 768))])
        expect_screen(s, v, "viewer-move-%d-%d" % (x, y), (1024, 768), (x, y))


def test_host_mouse_move(s):
    _client(s)
    v = _viewer(s)
    win = v.wait_window(1024, 768)
    _viewer_move(s, v, win, 250, 300)
    s.host("mouse-move", 600, 450)
    # In a window TigerVNC does not move the person's pointer for the
    # server (it does only while it holds the mouse grab; docs/console.md):
    # one pointer, the guest's shape, where the person left it.
    expect_screen(s, v, "host-move-windowed", (1024, 768), (250, 300), host_at=(600, 450))
    # The person's next move puts the host mouse back under the viewer's pointer.
    _viewer_move(s, v, win, 640, 100)
    expect_screen(s, v, "viewer-after-host-move", (1024, 768), (640, 100))

    # Full screen, with the grab: the console's cursor-position update moves
    # the viewer's pointer to the host mouse.
    full = Viewer(vnc_port(s), screen="1024x768", fullscreen=True)
    try:
        fwin = full.wait_window(1024, 768)
        _focus(full, fwin)
        _viewer_move(s, full, fwin, 200, 150)
        s.host("mouse-move", 600, 450)
        expect_screen(s, full, "host-move-fullscreen", (1024, 768), (600, 450))
        at = full.pointer()
        expect((at["X"], at["Y"]) == (600, 450),
               "full-screen viewer's X pointer at %d,%d, want 600,450" % (at["X"], at["Y"]))
    finally:
        full.close()


def test_typing_reaches_guest(s):
    _client(s)
    v = _viewer(s)
    win = v.wait_window(1024, 768)
    ev = _events(s)
    _focus(v, win)
    seen = len(ev.events())  # the click's button events and all before
    v.xdotool("type", "--delay", "30", TYPED)
    want = []
    for ch in TYPED:
        want += [(EV_KEY, KEYS[ch], 1), (EV_KEY, KEYS[ch], 0)]
    ev.wait_events(want)
    chars = {k: c for c, k in KEYS.items()}
    typed = "".join(chars.get(code, "?") for t, code, value in ev.events()[seen:]
                    if t == EV_KEY and value == 1)
    expect(typed == TYPED, "the guest's keyboard typed %r, want %r" % (typed, TYPED))


def test_mode_change_resizes_viewer(s):
    c = _client(s)
    v = _viewer(s)
    try:
        for mode, at in (("1280x720", (1100, 650)), ("1024x768", (512, 384))):
            c.cmd("mode " + mode)
            _paint(c)
            w, h = map(int, mode.split("x"))
            win = v.wait_window(w, h)
            _viewer_move(s, v, win, *at)
            expect_screen(s, v, "mode-" + mode, (w, h), at)
    finally:
        # the last test: the guest clients go with the session
        v.close()
        _state.clear()
