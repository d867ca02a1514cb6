# SPDX-License-Identifier: MIT
"""The Debian kernel's own hyperv_drm, hid_hyperv and hyperv_keyboard,
unmodified, against synth2d-host through the VMBus sim: they were written
for real Hyper-V, so what they do here checks the emulator and the sim."""

from rigtest import (ABS_X, ABS_Y, BTN_LEFT, BTN_RIGHT, EV_ABS, EV_KEY, EV_REL, REL_WHEEL,
                     EventWatch, expect, expect_pattern_shown, hid_coordinate, stop_pattern)

SESSION = {"drivers": "upstream"}

KEY_A, KEY_UP, KEY_RIGHTCTRL = 30, 103, 97


def test_connect_sequence(s):
    st = s.stats()
    for ch in ("video", "mouse", "keyboard"):
        expect(st["channels"][ch]["state"] == "active",
               "%s channel is %s" % (ch, st["channels"][ch]["state"]))
    expect(st["video"]["version"] == "3.5", "synthvid version %s" % st["video"]["version"])
    expect(st["video"]["vram_mapped"], "VRAM not mapped")
    expect(st["video"]["resolution_requests"] == 1, "no resolution request")
    # hid_hyperv and hyperv_keyboard ask for completions and skip them (docs/protocol.md §6.1)
    for ch in ("mouse", "keyboard"):
        expect(st["channels"][ch]["completions"] >= 1,
               "%s: no completion sent: %s" % (ch, st["channels"][ch]))
    expect(st["violations"] == 0, "violations: %s" % s.host("violations"))


def test_picture_pixel_exact(s):
    for mode in ("1024x768", "1920x1080"):
        expect_pattern_shown(s, mode, "bars")
    stop_pattern(s)


def test_host_mouse_reaches_evdev(s):
    watch = EventWatch(s, "Mouse", "mouse")
    w, h = 1024, 768
    # evdev drops repeated values, so no two consecutive points share x or y.
    points = [(123, 456), (0, 0), (w - 1, h - 1), (w // 2, h // 2)]
    want = []
    for x, y in points:
        s.host("mouse-move", x, y)
        want += [(EV_ABS, ABS_X, hid_coordinate(x, w)), (EV_ABS, ABS_Y, hid_coordinate(y, h))]
    watch.wait_events(want)
    s.host("mouse-button", 1, "down")
    s.host("mouse-button", 1, "up")
    s.host("mouse-button", 2, "down")
    s.host("mouse-button", 2, "up")
    s.host("mouse-wheel", -1)
    watch.wait_events([(EV_KEY, BTN_LEFT, 1), (EV_KEY, BTN_LEFT, 0), (EV_KEY, BTN_RIGHT, 1),
                       (EV_KEY, BTN_RIGHT, 0), (EV_REL, REL_WHEEL, -1)])
    watch.stop()


def test_host_keys_reach_evdev(s):
    watch = EventWatch(s, "AT Translated", "keyboard")
    s.host("key", "0x1e", "down")
    s.host("key", "0x1e", "up")
    s.host("key", "0x48", "down", "e0")
    s.host("key", "0x48", "up", "e0")
    s.host("key", "0x1d", "down", "e0")
    s.host("key", "0x1d", "up", "e0")
    watch.wait_events([(EV_KEY, KEY_A, 1), (EV_KEY, KEY_A, 0), (EV_KEY, KEY_UP, 1),
                       (EV_KEY, KEY_UP, 0), (EV_KEY, KEY_RIGHTCTRL, 1),
                       (EV_KEY, KEY_RIGHTCTRL, 0)])
    watch.stop()
