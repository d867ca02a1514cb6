# SPDX-License-Identifier: MIT
"""The cursor contract (docs/display.md, "The pointer"): after each step
exactly one pointer in the console view, its hotspot where the guest's
pointer is (the host mouse position in absolute mode, the guest's position
in relative mode), the host's shape and hotspot as sent; moves of a host
cursor cost no VRAM."""

from kmsclient import (IMAGES, KmsClient, expect_host_shape, expect_no_pointer,
                       expect_one_pointer, host_pointer, stop_clients)
from rigtest import capture_packets, expect, expect_view_is_vram, host_view, synthvid_type

SESSION = {"drivers": "synth2d"}

_client = {}


def _legacy(s):
    c = _client.get("legacy")
    if not c:
        c = _client["legacy"] = KmsClient(s, "1024x768")
    return c


def _video(s):
    return s.stats()["video"]


def test_cursor_size_cap(s):
    c = _legacy(s)
    # 64x64 as on every virtual GPU: Xorg garbles other sizes (docs/display.md).
    expect(c.caps["cursor"] == "64x64",
           "DRM_CAP_CURSOR_WIDTH/HEIGHT say %s, want 64x64" % c.caps["cursor"])
    # A cursor plane only where planes carry a hotspot (6.8+); before,
    # the CRTC's legacy cursor hooks (docs/display.md).
    want = "no" if s.kernel == "6.1" else "yes"
    expect(c.caps["cursor_plane"] == want,
           "cursor plane listed: %s, want %s on %s" % (c.caps["cursor_plane"], want, s.kernel))


def test_legacy_cursor2_hotspot_absolute(s):
    c = _legacy(s)
    s.host("mouse-mode", "absolute")
    hx, hy = IMAGES[1]["hot"]
    c.cmd("set2 1 %d %d" % (hx, hy))
    # A desktop follows the host mouse: image top-left = pointer - hotspot.
    s.host("mouse-move", 500, 400)
    c.cmd("move %d %d" % (500 - hx, 400 - hy))
    expect_host_shape(s, 1, (hx, hy))
    expect_one_pointer(s, "legacy-abs", 1, (500, 400))


def test_legacy_cursor2_relative(s):
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    hx, hy = IMAGES[1]["hot"]
    c.cmd("move %d %d" % (300 - hx, 250 - hy))
    expect_one_pointer(s, "legacy-rel", 1, (300, 250))
    p = host_pointer(s)
    expect((p["x"], p["y"]) == (300, 250), "host pointer at %s, want 300,250" % p)


def test_move_costs_no_vram(s):
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    hx, hy = IMAGES[1]["hot"]
    s.host("reset-stats")
    for i, (x, y) in enumerate([(100, 100), (700, 500), (640, 90)]):
        c.cmd("move %d %d" % (x - hx, y - hy))
    expect_one_pointer(s, "moved", 1, (640, 90))
    v = _video(s)
    expect(v["dirt"]["messages"] == 0, "cursor moves sent DIRT: %s" % v["dirt"])
    expect(v["vram"]["dirt_changed_pixels"] == 0 and v["vram"]["undeclared_pixels"] == 0,
           "cursor moves changed VRAM: %s" % v["vram"])
    expect(v["pointer"]["position_messages"] == 3,
           "3 moves, %d POINTER_POSITION messages" % v["pointer"]["position_messages"])
    expect(v["pointer"]["shape_uploads"] == 0, "moves re-sent the shape: %s" % v["pointer"])


def test_shape_change(s):
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    hx, hy = IMAGES[2]["hot"]
    s.host("reset-stats")
    c.cmd("set2 2 %d %d" % (hx, hy))
    c.cmd("move %d %d" % (400 - hx, 300 - hy))
    expect_host_shape(s, 2, (hx, hy))
    expect_one_pointer(s, "shape2", 2, (400, 300))
    v = _video(s)
    expect(v["pointer"]["shape_uploads"] == 1 and v["pointer"]["shape_parts"] == 1,
           "a 12x20 shape fits one message: %s" % v["pointer"])
    expect(v["dirt"]["messages"] == 0, "a shape change sent DIRT: %s" % v["dirt"])


def _view(s, name):
    """The host's view (DIRT only) as PNG bytes, after checking it equals
    VRAM: every pixel the composer wrote was declared."""
    expect_view_is_vram(s, name)
    png, _ = host_view(s, name + "-ref")
    with open(png, "rb") as f:
        return f.read()


MULTIPART = "/sys/module/synth2d/parameters/multipart_cursor"
GREY, LIGHT = "404040", "808080"
UNDER = (440, 240, 100, 90)  # x, y, w, h: where the composed pointer goes


def test_large_shape_composed(s):
    """A shape that does not fit one POINTER_SHAPE message (64x64 = 16 KiB)
    is drawn into VRAM by synth2d, the host pointer hidden (docs/display.md):
    it moves, a plane update under it keeps it on top, and hiding it puts
    back exactly what the screen shows without it."""
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    c.cmd("hide")
    c.cmd("fill %s %d,%d,%d,%d" % ((GREY,) + UNDER))
    expect_no_pointer(s, "composed-before")
    reference = _view(s, "composed-reference")
    c.cmd("fill %s %d,%d,%d,%d" % ((LIGHT,) + UNDER))
    s.host("reset-stats")
    hx, hy = IMAGES[3]["hot"]
    c.cmd("set2 3 %d %d" % (hx, hy))
    c.cmd("move %d %d" % (300 - hx, 200 - hy))
    expect_one_pointer(s, "composed", 3, (300, 200))
    p = host_pointer(s)
    expect(not p["visible"], "host pointer visible besides the composed one: %s" % p)
    v = _video(s)
    expect(v["pointer"]["shape_parts"] == v["pointer"]["shape_uploads"],
           "a shape was sent in parts: %s" % v["pointer"])
    _view(s, "composed-shown")
    # over the light rect, then the rect under it is drawn grey again
    c.cmd("move %d %d" % (480 - hx, 280 - hy))
    expect_one_pointer(s, "composed-moved", 3, (480, 280))
    _view(s, "composed-moved")
    c.cmd("fill %s %d,%d,%d,%d" % ((GREY,) + UNDER))
    expect_one_pointer(s, "composed-under-update", 3, (480, 280))
    _view(s, "composed-under-update")
    c.cmd("hide")
    expect_no_pointer(s, "composed-hidden")
    expect(_view(s, "composed-hidden") == reference,
           "after hiding the composed pointer the host shows other pixels than the same "
           "screen without it (see composed-hidden-ref.png, composed-reference-ref.png)")
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def test_large_shape_in_parts_with_parameter(s):
    """multipart_cursor=1: the same shape goes to the host in two parts of
    8 KiB (docs/protocol.md §2.9)."""
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    s.sh("echo 1 > " + MULTIPART)
    try:
        s.host("reset-stats")
        hx, hy = IMAGES[3]["hot"]
        c.cmd("set2 3 %d %d" % (hx, hy))
        c.cmd("move %d %d" % (500 - hx, 300 - hy))
        expect_host_shape(s, 3, (hx, hy))
        expect_one_pointer(s, "shape3", 3, (500, 300))
        v = _video(s)
        expect(v["pointer"]["shape_uploads"] == 1 and v["pointer"]["shape_parts"] == 2,
               "a 16 KiB shape: want 1 upload in 2 parts, got %s" % v["pointer"])
        expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
    finally:
        s.sh("echo 0 > " + MULTIPART)


def _shapes_sent(cap):
    """The POINTER_SHAPE messages in a host capture: (width, height, pixels
    as ARGB ints)."""
    shapes = []
    for _, direction, channel, b in capture_packets(cap):
        if direction != "g2h" or channel != "video" or synthvid_type(b) != 8:
            continue
        w, h = int.from_bytes(b[18:22], "little"), int.from_bytes(b[22:26], "little")
        data = b[34:34 + 4 * w * h]
        shapes.append((w, h, [int.from_bytes(data[i:i + 4], "little")
                              for i in range(0, len(data), 4)]))
    return shapes


def test_translucent_shape_sent_in_straight_alpha(s):
    """DRM cursor images are premultiplied; the host is taken to blend
    straight alpha (docs/display.md): every translucent pixel of image 4
    reaches the host divided by its alpha, rounded."""
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    hx, hy = IMAGES[4]["hot"]
    cap = s.path("translucent.capture")
    s.host("capture", cap)
    try:
        c.cmd("set2 4 %d %d" % (hx, hy))
        c.cmd("move %d %d" % (400 - hx, 300 - hy))
        expect_host_shape(s, 4, (hx, hy))
    finally:
        s.host("capture", "stop")
    shapes = [sh for sh in _shapes_sent(cap) if sh[:2] == (40, 40)]
    expect(len(shapes) == 1, "want one 40x40 POINTER_SHAPE in the capture, got %d" % len(shapes))
    bad = []
    for y in range(40):
        for x in range(40):
            # kmscursor.c image 4: straight colour (x*6, y*6, 0x80) premultiplied by a
            a = 16 + (x * 7 + y * 13) % 232
            want = a << 24
            for shift, straight in ((16, x * 6), (8, y * 6), (0, 0x80)):
                premult = (straight * a + 127) // 255
                want |= min((premult * 255 + a // 2) // a, 255) << shift
            got = shapes[0][2][y * 40 + x]
            if got != want:
                bad.append("%d,%d: got %08x want %08x" % (x, y, got, want))
    expect(not bad, "%d pixels not in straight alpha: %s" % (len(bad), bad[:5]))
    c.cmd("hide")


def test_hide_and_show(s):
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    c.cmd("hide")
    expect_no_pointer(s, "hidden")
    hx, hy = IMAGES[1]["hot"]
    c.cmd("set2 1 %d %d" % (hx, hy))
    c.cmd("move %d %d" % (200 - hx, 600 - hy))
    expect_one_pointer(s, "shown", 1, (200, 600))


def test_reconnect_resends_shape_and_position(s):
    _legacy(s)
    s.host("mouse-mode", "relative")
    s.host("reset-stats")
    s.host("reconnect")
    s.wait_for("shape re-sent after reconnect",
               lambda: (lambda v: v if v["pointer"]["shape_uploads"] >= 1 and
                        v["pointer"]["position_messages"] >= 1 else None)(_video(s)))
    expect_host_shape(s, 1, IMAGES[1]["hot"])
    expect_one_pointer(s, "reconnect", 1, (200, 600))
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def test_mode_change_keeps_the_cursor(s):
    c = _legacy(s)
    s.host("mouse-mode", "relative")
    c.cmd("mode 1280x720")
    expect_host_shape(s, 1, IMAGES[1]["hot"])
    expect_one_pointer(s, "mode-change", 1, (200, 600))
    c.cmd("mode 1024x768")
    expect_one_pointer(s, "mode-back", 1, (200, 600))


def test_legacy_client_exit_hides_pointer(s):
    c = _legacy(s)
    c.stop()
    _client.pop("legacy", None)
    # The console takes over without a cursor plane: host pointer hidden.
    expect_no_pointer(s, "console")


def test_atomic_without_hotspot_cap(s):
    s.host("mouse-mode", "relative")
    c = KmsClient(s, "1024x768", atomic=True)
    try:
        # 6.8+: the core hides the cursor plane from this client; 6.1:
        # there is none. Either way the client draws its own pointer and
        # the host's stays hidden.
        expect(c.caps["cursor_plane"] == "no",
               "cursor plane visible to an atomic client without the cap: %s" % c.caps)
        expect_no_pointer(s, "atomic-nocap")
        expect(not host_pointer(s)["visible"], "host pointer visible: %s" % host_pointer(s))
    finally:
        c.stop()


def test_atomic_with_hotspot_cap(s):
    s.host("mouse-mode", "relative")
    c = KmsClient(s, "1024x768", atomic=True, hotspot_cap=True)
    try:
        hx, hy = IMAGES[1]["hot"]
        if s.kernel == "6.1":
            expect(c.caps["hotspot_cap"] != "0", "6.1 accepted the hotspot cap: %s" % c.caps)
            return
        expect(c.caps["hotspot_cap"] == "0" and c.caps["hotspot_props"] == "1",
               "hotspot cap/properties missing: %s" % c.caps)
        c.cmd("aset 1 %d %d %d %d" % (250 - hx, 150 - hy, hx, hy))
        expect_host_shape(s, 1, (hx, hy))
        expect_one_pointer(s, "atomic-hotspot", 1, (250, 150))
        s.host("reset-stats")
        c.cmd("amove %d %d" % (600 - hx, 500 - hy))
        expect_one_pointer(s, "atomic-hotspot-moved", 1, (600, 500))
        v = _video(s)
        expect(v["dirt"]["messages"] == 0, "host-cursor move sent DIRT: %s" % v["dirt"])
    finally:
        c.stop()
        stop_clients(s)
