# SPDX-License-Identifier: MIT
"""synth2d_input.ko end to end: what libinput in the guest reports for the
host's absolute mouse (positions on three screen sizes, buttons, wheel)
and keys (E0 and E1 included), the LED state the host receives, Unicode
text typed into an X client through synth2d-typist with the us and de
layouts, and both devices after hibernation and rescind/re-offer."""

import os
import random
import time

from devicectl import hibernate_cycle
from rigtest import (EV_KEY, GUEST_BUILD, TOP, EventWatch, RigError, expect, hid_coordinate,
                     show_pattern, stop_pattern)

# input/data (udev rules, hwdb, libinput quirks) is shared for their test;
# 64 MiB of VRAM for a 3840x2160 screen.
SESSION = {"drivers": "synth2d",
           "host_opts": ["--mmio-megabytes 64"],
           "shares": ["%s:/synth2d-data" % os.path.join(TOP, "input", "data")]}

INPUTCHECK = GUEST_BUILD + "/input/tools/synth2d-inputcheck"
TYPIST = GUEST_BUILD + "/input/tools/synth2d-typist"
XRECORD = GUEST_BUILD + "/input/tests/synth2d-xrecord"
MOUSE_NAME = "Microsoft Vmbus HID-compliant Mouse"
KEYBOARD_NAME = "Microsoft Vmbus Synthetic Keyboard"
MOUSE_DEV = "58f75a6d-d949-4320-99e1-a2a2576d581c"
KEYBOARD_DEV = "d34b2567-b9b6-42b9-8778-0a4ec0b955bf"
TEXT = "Grüße, ½ ✓ Ж"
KEY_A = 30

# (set-1 make code, prefix flags, evdev key code): atkbd's translated
# set-2 key codes, which upstream's hyperv_keyboard yields.
KEYS = [
    (0x01, [], 1),     # Esc
    (0x1e, [], 30),    # A
    (0x1c, [], 28),    # Enter
    (0x39, [], 57),    # Space
    (0x56, [], 86),    # 102nd (ISO <>)
    (0x58, [], 88),    # F12
    (0x1c, ["e0"], 96),   # KP Enter
    (0x1d, ["e0"], 97),   # Right Ctrl
    (0x35, ["e0"], 98),   # KP /
    (0x38, ["e0"], 100),  # Right Alt
    (0x48, ["e0"], 103),  # Up
    (0x53, ["e0"], 111),  # Delete
    (0x5b, ["e0"], 125),  # Left Meta
    (0x5d, ["e0"], 127),  # Compose
]


class InputCheck:
    """synth2d-inputcheck events running in the guest, output in /tmp/TAG.log."""

    def __init__(self, s, tag, size="1024x768", all_devices=False, timeout=120):
        self.s = s
        self.tag = tag
        s.background(tag, "%s events --size %s --timeout %d%s" %
                     (INPUTCHECK, size, timeout, " --all" if all_devices else ""))
        s.wait_for("inputcheck watching", lambda: "watching" in s.guest_log(tag)
                   or ("no " in s.guest_log(tag) and RigError(s.guest_log(tag))))
        if "watching" not in s.guest_log(tag):
            raise RigError("synth2d-inputcheck: " + s.guest_log(tag))

    def events(self, prefix=""):
        lines = self.s.guest_log(self.tag).splitlines()
        return [ln for ln in lines[lines.index("watching") + 1:] if ln.startswith(prefix)]

    def wait_count(self, prefix, n, timeout=30):
        try:
            self.s.wait_for("%d '%s' events" % (n, prefix),
                            lambda: len(self.events(prefix)) >= n, timeout=timeout)
        except AssertionError:
            raise AssertionError("wanted %d '%s' events, libinput printed:\n%s" %
                                 (n, prefix, "\n".join(self.events())))
        return self.events(prefix)

    def stop(self):
        self.s.exec("pkill", "-x", "synth2d-inputch", check=False)  # comm: 15 chars


def sysfs_int(s, path):
    return int(s.exec("cat", path).stdout.strip())


def press_keys(s, keys):
    """Send each key down and up; return the libinput lines expected."""
    want = []
    for code, flags, keycode in keys:
        s.host("key", hex(code), "down", *flags)
        s.host("key", hex(code), "up", *flags)
        want += ["key %d pressed" % keycode, "key %d released" % keycode]
    return want


def expect_mouse_and_keyboard_work(s, tag, all_devices=False):
    """A host move and a host key still arrive in libinput."""
    w, h = screen_size(s)
    ic = InputCheck(s, tag, size="%dx%d" % (w, h), all_devices=all_devices)
    try:
        x, y = random.Random(tag).randrange(1, w), h - 2
        s.host("mouse-move", x, y)
        moves = ic.wait_count("motion-absolute", 1)
        want = "pixel=%d,%d" % (libinput_pixel(x, w), libinput_pixel(y, h))
        expect(moves[-1].endswith(want),
               "mouse: libinput saw %s after a move to %d,%d, want %s" % (moves, x, y, want))
        want = press_keys(s, [(0x1e, [], 30)])
        keys = ic.wait_count("key ", 2)
        expect(keys[-2:] == want, "keyboard: libinput saw %s, want %s" % (keys, want))
    finally:
        ic.stop()


def screen_size(s):
    """The screen the host's mouse-move pixels refer to (the guest's mode)."""
    sit = s.stats()["video"]["situation"]
    return (sit["w"], sit["h"]) if sit.get("valid") else (1024, 768)


def libinput_pixel(pixel, size):
    """Where libinput puts the host's HID value on a SIZE screen: the
    transform is value * size / 32768 (absinfo range 0..32767), the pixel
    is the one that position lies in."""
    return hid_coordinate(pixel, size) * size // 32768


def test_devices_classified(s):
    st = s.stats()
    for ch in ("mouse", "keyboard"):
        expect(st["channels"][ch]["state"] == "active", "%s channel: %s" % (ch, st["channels"][ch]))
    expect(st["mouse"]["version"] == "2.0" and st["keyboard"]["version"] == "1.0",
           "versions: %s %s" % (st["mouse"], st["keyboard"]))
    # the drivers asked for completions on their requests and skipped what came back
    for ch in ("mouse", "keyboard"):
        expect(st["channels"][ch]["completions"] >= 1,
               "%s: no completion sent: %s" % (ch, st["channels"][ch]))
    out = s.exec(INPUTCHECK, "list").stdout
    lines = {ln.split('"')[1]: ln for ln in out.splitlines() if ln.startswith("device ")}
    mouse, kbd = lines.get(MOUSE_NAME, ""), lines.get(KEYBOARD_NAME, "")
    for want in ("id=045e:0621", "caps=pointer ", "accel=no", "ID_INPUT_MOUSE=1",
                 "ID_INPUT_TABLET=-"):
        expect(want in mouse, "mouse lacks %s:\n%s" % (want, out))
    for want in ("caps=keyboard ", "ID_INPUT_KEYBOARD=1"):
        expect(want in kbd, "keyboard lacks %s:\n%s" % (want, out))
    devices = s.exec("cat", "/proc/bus/input/devices").stdout
    expect("Bus=0006 Vendor=045e Product=0621 Version=0001" in devices,
           "mouse ids in /proc/bus/input/devices:\n" + devices)
    expect(st["violations"] == 0, "violations: %s" % s.host("violations"))


def _points(w, h, seed):
    rnd = random.Random(seed)
    pts = [(w // 2, h // 2), (0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)]
    # near the top-left edge the host's truncation lands one pixel short
    pts += [(1, 1), (5, 9)]
    pts += [(rnd.randrange(w), rnd.randrange(h)) for _ in range(6)]
    return pts


def test_mouse_positions_on_three_screen_sizes(s):
    exceptions = []
    try:
        for mode in ("1024x768", "1920x1080", "3840x2160"):
            w, h = map(int, mode.split("x"))
            show_pattern(s, mode, "bars")
            ic = InputCheck(s, "ic-" + mode, size=mode)
            pts = _points(w, h, mode)
            for x, y in pts:
                s.host("mouse-move", x, y)
            got = ic.wait_count("motion-absolute", len(pts))
            ic.stop()
            for (x, y), line in zip(pts, got):
                px, py = map(int, line.split("pixel=")[1].split(","))
                want = (libinput_pixel(x, w), libinput_pixel(y, h))
                # The arithmetic: exactly the pixel the host's value maps to ...
                expect((px, py) == want, "%s: host %d,%d -> libinput %s, want %s" %
                       (mode, x, y, line, want))
                # ... which is the host's pixel except where the host's
                # truncation lands below the pixel's range (docs/input.md).
                if (px, py) != (x, y):
                    exceptions.append((mode, x, y, px, py))
            for x, y in pts[:5]:
                expect((libinput_pixel(x, w), libinput_pixel(y, h)) == (x, y),
                       "%s: corner/centre %d,%d is not exact" % (mode, x, y))
    finally:
        stop_pattern(s)
    print("position exceptions (mode, host x, y, libinput x, y): %s" % exceptions)


def test_buttons_and_wheel(s):
    ic = InputCheck(s, "ic-buttons")
    try:
        want = []
        for n, code in zip(range(1, 6), (272, 273, 274, 275, 276)):
            s.host("mouse-button", n, "down")
            s.host("mouse-button", n, "up")
            want += ["button %d pressed" % code, "button %d released" % code]
        got = ic.wait_count("button", len(want))
        expect(got == want, "buttons: libinput saw %s, want %s" % (got, want))
        # One wheel notch up is REL_WHEEL +1; libinput scrolls up as negative.
        s.host("mouse-wheel", 1)
        s.host("mouse-wheel", -2)
        got = [ln.split()[2] for ln in ic.wait_count("scroll-wheel", 2)]
        expect(got == ["v120=-120", "v120=240"], "wheel: libinput saw %s" % got)
    finally:
        ic.stop()


def test_keys_with_e0_and_e1(s):
    ic = InputCheck(s, "ic-keys")
    try:
        want = press_keys(s, KEYS)
        # Pause: E1 1D 45 make, E1 9D C5 break.
        s.host("key", "0x1d", "down", "e1")
        s.host("key", "0x45", "down")
        s.host("key", "0x1d", "up", "e1")
        s.host("key", "0x45", "up")
        want += ["key 119 pressed", "key 119 released"]
        got = ic.wait_count("key ", len(want))
        expect(got == want, "keys: libinput saw\n%s\nwant\n%s" % (got, want))
    finally:
        ic.stop()


def _typematic(s):
    return s.stats()["keyboard"]["typematic"]


def test_held_key_repeats_as_the_host_sends(s):
    """Hyper-V repeats a held key itself (repeated makes at its typematic
    rate). The guest must pass exactly those on as value-2 events: no
    soft autorepeat of the input core on top (which would double the rate)."""
    ev = EventWatch(s, KEYBOARD_NAME, "ev-hold")
    try:
        before = _typematic(s)
        hold_ms = 1500
        s.host("key", "0x1e", "hold", hold_ms)
        s.wait_for("host hold over", lambda: not _typematic(s)["holding"], timeout=30)
        after = _typematic(s)
        expect(after["holds"] == before["holds"] + 1, "hold did not end: %s" % after)
        repeats = after["repeats"] - before["repeats"]
        delay, period = after["delay_ms"], after["period_ms"]
        want_repeats = -(-(hold_ms - delay) // period)  # host README: ceil((MS - DELAY) / PERIOD)
        expect(repeats == want_repeats, "host sent %d repeats, want %d" % (repeats, want_repeats))
        ev.wait_events([(EV_KEY, KEY_A, 1), (EV_KEY, KEY_A, 0)])
        time.sleep(1)  # a soft repeat would go on arriving until the break: none may
        values = [v for t, c, v in ev.events() if (t, c) == (EV_KEY, KEY_A)]
        counts = {v: values.count(v) for v in (0, 1, 2)}
        expect(counts == {1: 1, 2: repeats, 0: 1} and values[0] == 1 and values[-1] == 0,
               "guest evdev saw presses/repeats/releases %d/%d/%d for the host's 1 make, "
               "%d repeated makes, 1 break (values in order: %s)" %
               (counts[1], counts[2], counts[0], repeats, values))
    finally:
        ev.stop()
    # What the guest reports as its repeat rate: preset, so no soft repeat.
    rep = s.exec("python3", "-c", EVIOCGREP).stdout.split()
    expect(rep == ["500", "33"], "EVIOCGREP delay/period: %s" % rep)


EVIOCGREP = """
import fcntl, glob, os, struct
node = [d for d in glob.glob('/sys/class/input/event*')
        if open(d + '/device/name').read().strip() == %r][0]
fd = os.open('/dev/input/' + os.path.basename(node), os.O_RDONLY)
print(*struct.unpack('II', fcntl.ioctl(fd, 0x80084503, bytes(8))))  # EVIOCGREP
""" % KEYBOARD_NAME


LED_WRITE = """
import glob, os, struct, sys
node = [d for d in glob.glob('/sys/class/input/event*')
        if open(d + '/device/name').read().strip() == %r][0]
fd = os.open('/dev/input/' + os.path.basename(node), os.O_WRONLY)
for code, value in ((int(a), int(b)) for a, b in (p.split('=') for p in sys.argv[1:])):
    os.write(fd, struct.pack('llHHi', 0, 0, 0x11, code, value))
os.write(fd, struct.pack('llHHi', 0, 0, 0, 0, 0))
""" % KEYBOARD_NAME

LED_NUML, LED_CAPSL, LED_SCROLLL = 0, 1, 2


def _leds(s):
    k = s.stats()["keyboard"]
    return k["leds_messages"], k["last_led_flags"]


def test_led_changes_reach_the_host(s):
    # Guest-side changes (what X or a compositor does): evdev LED writes.
    for leds, flags in (({LED_CAPSL: 1}, 0x4), ({LED_NUML: 1}, 0x6),
                        ({LED_SCROLLL: 1}, 0x7), ({LED_CAPSL: 0, LED_NUML: 0}, 0x1),
                        ({LED_SCROLLL: 0}, 0x0)):
        count = _leds(s)[0]
        s.exec("python3", "-c", LED_WRITE, *["%d=%d" % kv for kv in leds.items()])
        s.wait_for("LED flags %#x" % flags,
                   lambda: _leds(s)[0] > count and _leds(s)[1] == flags)
    # The console's own lock handling: the host presses Caps Lock.
    for flags in (0x4, 0x0):
        s.host("key", "0x3a", "down")
        s.host("key", "0x3a", "up")
        s.wait_for("LED flags %#x after Caps Lock" % flags, lambda: _leds(s)[1] == flags)
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def _start_x(s, layout):
    s.sh("pkill -x synth2d-typist; pkill -x synth2d-xrecord; true", check=False)
    if "Xvfb" not in s.exec("sh", "-c", "pgrep -a Xvfb || true").stdout:
        s.background("xvfb", "Xvfb :1 -nolisten tcp")
        s.wait_for("Xvfb up", lambda: s.exec("sh", "-c", "DISPLAY=:1 xdpyinfo >/dev/null",
                                             check=False).returncode == 0)
    s.exec("env", "DISPLAY=:1", "setxkbmap", layout)
    s.background("xrecord-" + layout, "env DISPLAY=:1 LANG=C.UTF-8 " + XRECORD)
    s.background("typist-" + layout, "env DISPLAY=:1 " + TYPIST)
    s.wait_for("X client and typist ready",
               lambda: "ready" in s.guest_log("xrecord-" + layout) and
               "ready" in s.guest_log("typist-" + layout))


def test_unicode_text_typed_into_x(s):
    received = sysfs_int(s, "/sys/class/misc/synth2d-unicode/received")
    dropped = sysfs_int(s, "/sys/class/misc/synth2d-unicode/dropped")
    try:
        for layout in ("us", "de"):
            _start_x(s, layout)
            reply = s.host("type", TEXT)
            expect(reply == "ok units=%d" % len(TEXT), "host: %s" % reply)
            # The X client's text goes to stdout; stderr has "ready".
            log = "xrecord-" + layout
            try:
                s.wait_for("'%s' typed with layout %s" % (TEXT, layout),
                           lambda: TEXT in s.guest_log(log), timeout=30)
            except AssertionError:
                raise AssertionError("layout %s: X client got %r; typist: %r; queued %s" % (
                    layout, s.guest_log(log), s.guest_log("typist-" + layout),
                    s.exec("cat", "/sys/class/misc/synth2d-unicode/queued").stdout))
            got = s.guest_log(log).replace("synth2d-xrecord: ready\n", "")
            expect(got == TEXT, "layout %s: X client got %r, want %r" % (layout, got, TEXT))
    finally:
        s.sh("pkill -x synth2d-typist; pkill -x synth2d-xrecord; pkill -x Xvfb; true", check=False)
    expect(sysfs_int(s, "/sys/class/misc/synth2d-unicode/received") == received + 2 * len(TEXT),
           "kernel did not queue every character")
    expect(sysfs_int(s, "/sys/class/misc/synth2d-unicode/dropped") == dropped,
           "characters dropped")


UNICODE_SYSFS = "/sys/class/misc/synth2d-unicode/"
UNICODE_READER = "/tmp/synth2d-unicode-reader.py"
# A reader of /dev/synth2d-unicode: reads once at open (what was queued
# before), prints "open", then by MODE: "read" prints what arrives within
# SECS (up to WANT characters); "late" waits, without reading, until the
# kernel has received WANT more characters, then SECS more, then polls and
# reads once; "close" waits for WANT characters the same way and closes
# the device at once without reading. Ends with "done".
UNICODE_READER_PY = r"""
import os, select, sys, time
mode, secs, want = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
def received():
    return int(open('/sys/class/misc/synth2d-unicode/received').read())
base = received()
fd = os.open('/dev/synth2d-unicode', os.O_RDONLY | os.O_NONBLOCK)
def take():
    try:
        return os.read(fd, 4096).decode()
    except BlockingIOError:
        return ''
def wait_received():
    while received() < base + want:
        time.sleep(0.01)
print('first=%r' % take(), flush=True)
print('open', flush=True)
if mode == 'read':
    got, end = '', time.monotonic() + secs
    while time.monotonic() < end and len(got) < want:
        select.select([fd], [], [], 0.1)
        got += take()
    print('got=%r' % got, flush=True)
elif mode == 'late':
    wait_received()
    time.sleep(secs)
    print('pollin=%d' % bool(select.select([fd], [], [], 0)[0]), flush=True)
    print('got=%r' % take(), flush=True)
else:
    wait_received()
os.close(fd)
print('done', flush=True)
"""


def _unicode_counts(s):
    names = ("received", "dropped", "no_reader", "expired", "overflow", "queued")
    out = s.exec("sh", "-c", "cd %s && for n in %s; do cat $n 2>/dev/null || echo -1; done" %
                 (UNICODE_SYSFS, " ".join(names))).stdout.split()
    return dict(zip(names, map(int, out)))


def _unicode_reader(s, tag, mode, secs, want=0):
    s.background(tag, "python3 %s %s %s %d" % (UNICODE_READER, mode, secs, want))
    s.wait_for("reader %s open" % tag, lambda: "open" in s.guest_log(tag))


def _unicode_reader_done(s, tag):
    s.wait_for("reader %s done" % tag, lambda: "done" in s.guest_log(tag), timeout=60)
    return s.guest_log(tag)


def _expect_counts(before, after, what, **delta):
    for name in ("received", "dropped", "no_reader", "expired", "overflow"):
        want = before[name] + delta.get(name, 0)
        expect(after[name] == want, "%s: %s is %d, want %d (before %s, after %s)" %
               (what, name, after[name], want, before, after))
    expect(after["queued"] == 0, "%s: %d characters still queued" % (what, after["queued"]))


def test_unicode_text_needs_a_reader_and_expires(s):
    """docs/input.md: text is dropped unless a reader had the device open
    when it arrived (or when the last reader closes before reading it), and
    text a reader does not read within 2 s expires."""
    s.sh("pkill -x synth2d-typist; true", check=False)
    s.exec("python3", "-c", "open(%r, 'w').write(%r)" % (UNICODE_READER, UNICODE_READER_PY))
    # No reader: dropped on arrival; a reader opened later gets none of it.
    c0 = _unicode_counts(s)
    s.host("type", "secret")
    s.wait_for("6 characters received", lambda: _unicode_counts(s)["received"] >= c0["received"] + 6)
    c1 = _unicode_counts(s)
    _unicode_reader(s, "ureader-fresh", "read", 30, 5)
    s.host("type", "fresh")
    out = _unicode_reader_done(s, "ureader-fresh")
    expect("first=''" in out and "got='fresh'" in out,
           "reader opened after 'secret' was typed, then 'fresh':\n" + out)
    c2 = _unicode_counts(s)
    _expect_counts(c0, c1, "typed with no reader", received=6, dropped=6, no_reader=6)
    _expect_counts(c1, c2, "typed with a reader reading", received=5)
    # A reader is open but reads 3 s after the text arrived: it has expired.
    _unicode_reader(s, "ureader-late", "late", 3, 5)
    s.host("type", "stale")
    out = _unicode_reader_done(s, "ureader-late")
    expect("first=''" in out and "pollin=0" in out and "got=''" in out,
           "reader that read 'stale' 3 s after it arrived:\n" + out)
    c3 = _unicode_counts(s)
    _expect_counts(c2, c3, "read 3 s late", received=5, dropped=5, expired=5)
    # The last reader closes without reading: the text goes with it.
    _unicode_reader(s, "ureader-close", "close", 0, 4)
    s.host("type", "left")
    _unicode_reader_done(s, "ureader-close")
    c4 = _unicode_counts(s)
    _expect_counts(c3, c4, "reader closed unread", received=4, dropped=4, no_reader=4)
    _unicode_reader(s, "ureader-after", "read", 1, 1)
    out = _unicode_reader_done(s, "ureader-after")
    expect("first=''" in out and "got=''" in out, "reader opened after a closed one:\n" + out)


def _mouse_requests(s):
    return s.stats()["channels"]["mouse"]["messages"].get("PROTOCOL_REQUEST", {}).get("count", 0)


def _kbd_requests(s):
    return s.stats()["channels"]["keyboard"]["messages"].get("PROTOCOL_REQUEST", {}).get("count", 0)


def test_hibernate_cycles_keep_both_devices(s):
    for i in range(3):
        mouse, kbd, leds = _mouse_requests(s), _kbd_requests(s), _leds(s)[0]
        unloads = s.stats()["bus"]["unloads"]
        hibernate_cycle(s, device=(MOUSE_DEV, KEYBOARD_DEV)[i % 2])
        expect(s.stats()["bus"]["unloads"] == unloads + 1, "cycle %d: no VMBus unload" % i)
        expect(_mouse_requests(s) == mouse + 1 and _kbd_requests(s) == kbd + 1,
               "cycle %d: no new handshake" % i)
        s.wait_for("LED state sent again", lambda: _leds(s)[0] > leds)
        st = s.stats()
        expect(st["channels"]["mouse"]["state"] == "active" and
               st["channels"]["keyboard"]["state"] == "active", "cycle %d: %s" % (i, st["channels"]))
    expect_mouse_and_keyboard_work(s, "ic-hibernate")
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def _input_names(s):
    return s.exec("cat", "/proc/bus/input/devices").stdout


def test_rescind_and_reoffer_keep_both_devices(s):
    for i in range(2):
        s.host("rescind", "mouse")
        s.host("rescind", "keyboard")
        s.wait_for("devices gone", lambda: MOUSE_NAME not in _input_names(s)
                   and KEYBOARD_NAME not in _input_names(s))
        s.host("offer", "mouse")
        s.host("offer", "keyboard")
        s.wait_for("devices back", lambda: MOUSE_NAME in _input_names(s)
                   and KEYBOARD_NAME in _input_names(s))
        s.wait_for("udev done", lambda: s.exec("udevadm", "settle", check=False)
                   .returncode == 0)
        expect_mouse_and_keyboard_work(s, "ic-reoffer-%d" % i)
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def test_module_reload(s):
    s.exec("rmmod", "synth2d_input")
    expect(MOUSE_NAME not in _input_names(s), "mouse still there after rmmod")
    s.exec("insmod", "/synth2d/modules/%s/synth2d_input.ko" % s.kernel)
    s.wait_for("devices back", lambda: MOUSE_NAME in _input_names(s)
               and KEYBOARD_NAME in _input_names(s))
    s.exec("udevadm", "settle", check=False)
    expect_mouse_and_keyboard_work(s, "ic-reload")


def test_installed_data_classifies_the_devices(s):
    # What the install targets put in place (docs/input.md), in /etc here
    # because /usr is the read-only rootfs.
    s.sh("mkdir -p /etc/udev/rules.d /etc/udev/hwdb.d /etc/libinput && "
         "cp /synth2d-data/70-synth2d-input.rules /etc/udev/rules.d/ && "
         "cp /synth2d-data/60-synth2d-input.hwdb /etc/udev/hwdb.d/ && "
         "cp /synth2d-data/50-synth2d-hyperv.quirks /etc/libinput/local-overrides.quirks && "
         "systemd-hwdb update && udevadm control --reload && "
         "udevadm trigger --subsystem-match=input --subsystem-match=misc && udevadm settle")
    out = s.exec(INPUTCHECK, "list").stdout
    expect("ID_INPUT_MOUSE=1 ID_INPUT_TABLET=- ID_INPUT_KEYBOARD=-" in out and
           "ID_INPUT_KEYBOARD=1" in out, "classification with the data installed:\n" + out)
    node = [ln.split("node=")[1].split()[0] for ln in out.splitlines() if MOUSE_NAME in ln][0]
    quirks = s.exec("libinput", "quirks", "list", node).stdout
    expect("ModelBouncingKeys=1" in quirks, "libinput quirks for %s: %r" % (node, quirks))
    tags = s.exec("udevadm", "info", "/dev/synth2d-unicode").stdout
    expect("uaccess" in tags, "no uaccess tag on /dev/synth2d-unicode:\n" + tags)
    expect_mouse_and_keyboard_work(s, "ic-data")
