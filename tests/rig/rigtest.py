# SPDX-License-Identifier: MIT
"""Helpers for rig tests: a guest session on the emulated host, driven
through tests/vm/rig, and assertions on what synth2d-host saw."""

import json
import os
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RIG = os.path.join(TOP, "tests", "vm", "rig")
BUILD = os.environ.get("SYNTH2D_BUILD", os.path.join(TOP, "build"))
GUEST_BUILD = "/synth2d"  # where the rig shares BUILD in the guest

sys.path.insert(0, os.path.join(TOP, "tests", "vm"))
from riglib.config import run_root  # noqa: E402  (the rig's own run directory)


class RigError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Session:
    """One booted guest. Use as a context manager: the guest is stopped
    (and its kernel log checked for oops/WARN) on exit."""

    def __init__(self, kernel="6.1", drivers="synth2d", host_opts=(), shares=(), append=(),
                 image="base", memory=None, init=None, disk=None, firmware_fb=None):
        self.kernel = kernel
        self.drivers = drivers
        self.host_opts = tuple(host_opts)
        self.image = image
        args = [RIG, "start", "--kernel", kernel, "--drivers", drivers, "--image", image]
        if memory:
            args += ["--memory", str(memory)]
        if init:
            args += ["--init", init]
        if disk:
            args += ["--disk", disk]
        if firmware_fb:
            args += ["--firmware-fb", firmware_fb]
        for opt in host_opts:
            args += ["--host-opt", opt]
        for share in shares:
            args += ["--share", share]
        for param in append:
            args += ["--append", param]
        t0 = time.monotonic()
        res = subprocess.run(args, capture_output=True, text=True, timeout=600)
        if res.returncode != 0:
            raise RigError("rig start failed:\n" + res.stderr[-4000:])
        self.id = res.stdout.strip().splitlines()[-1]
        self.boot_seconds = time.monotonic() - t0
        self.tmp = tempfile.mkdtemp(prefix="synth2d-test-")
        self.stopped = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        res = subprocess.run([RIG, "stop", self.id], capture_output=True, text=True, timeout=300)
        if res.returncode != 0:
            # The whole of a kernel report: registers, code and trace.
            raise RigError("rig stop reported a problem:\n" + res.stdout[-3000:] +
                           res.stderr[-12000:])

    def exec(self, *cmd, check=True, timeout=120):
        res = subprocess.run([RIG, "exec", self.id, "--timeout", str(timeout), "--"] + list(cmd),
                             capture_output=True, text=True, timeout=timeout + 30)
        if check and res.returncode != 0:
            raise RigError("guest command %r failed (%d):\n%s%s" %
                           (cmd, res.returncode, res.stdout[-2000:], res.stderr[-2000:]))
        return res

    def sh(self, script, **kw):
        return self.exec("sh", "-c", script, **kw)

    def host(self, *request, check=True):
        res = subprocess.run([RIG, "host", self.id] + [str(r) for r in request],
                             capture_output=True, text=True, timeout=60)
        out = res.stdout.strip()
        if check and (res.returncode != 0 or not out.startswith("ok")):
            raise RigError("host request %r failed: %s %s" % (request, out, res.stderr.strip()))
        return out

    def stats(self):
        out = self.host("stats")
        return json.loads(out[2:].strip())

    def wait_for(self, what, predicate, timeout=60, interval=0.5):
        """Poll predicate() until it returns a true value; fail with what."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = predicate()
            except (RigError, KeyError, ValueError) as e:
                last = e
            if last and not isinstance(last, Exception):
                return last
            time.sleep(interval)
        raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))

    def path(self, name):
        return os.path.join(self.tmp, name)

    def console_log(self):
        """The guest's console output, kept by the rig for the session."""
        return os.path.join(run_root(), self.id, "console.log")

    def background(self, name, cmd):
        """Start a guest command in the background, output to /tmp/NAME.log."""
        self.sh("nohup %s >/tmp/%s.log 2>&1 </dev/null &" % (cmd, name))

    def guest_log(self, name):
        return self.exec("cat", "/tmp/%s.log" % name, check=False).stdout


def matrix(fn):
    """Mark a test for the full matrix only (tests/rig/run --matrix, which
    `make check-matrix` and, for the desktop suites, `make check-desktops`
    run); `make check` does not run it."""
    fn.matrix = True
    return fn


def kernels(*series):
    """Run a test on these kernel series only (a guest image that exists
    for one kernel, as trixie's for 6.12); on the others it is not run."""
    def mark(fn):
        fn.kernels = series
        return fn
    return mark


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.names = []

    def run(self, name, fn, *args):
        log("--- %s" % name)
        t0 = time.monotonic()
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 - report every failure, go on
            self.failed += 1
            self.names.append(name)
            log("FAIL %s: %s: %s" % (name, type(e).__name__, e))
            return False
        self.passed += 1
        log("ok   %s (%.1f s)" % (name, time.monotonic() - t0))
        return True


KMSPATTERN = GUEST_BUILD + "/tests/kms/synth2d-kmspattern"
PATTERNCHECK = os.path.join(BUILD, "tests", "kms", "synth2d-patterncheck")
EVWATCH = GUEST_BUILD + "/tests/guest/synth2d-evwatch"


def pattern_command(mode, pattern="bars", dirty=(), dirty_pattern=None, fmt=None,
                    device="/dev/dri/card0"):
    """The synth2d-kmspattern command line showing PATTERN at MODE."""
    cmd = "%s --device %s --mode %s --pattern %s" % (KMSPATTERN, device, mode, pattern)
    for r in dirty:
        cmd += " --dirty %d,%d,%d,%d" % r
    if dirty_pattern:
        cmd += " --dirty-pattern " + dirty_pattern
    if fmt:
        cmd += " --format " + fmt
    return cmd


def show_pattern(s, mode, pattern="bars", dirty=(), dirty_pattern=None, fmt=None,
                 device="/dev/dri/card0"):
    """Have the guest hold MODE with PATTERN (and DIRTY rects repainted),
    drawn in pixel format FMT (default XRGB8888) on DEVICE; return once the
    tool says the picture is flushed."""
    stop_pattern(s)
    s.background("kmspattern", pattern_command(mode, pattern, dirty, dirty_pattern, fmt, device))
    s.wait_for("kmspattern ready at %s" % mode,
               lambda: "ready" in s.guest_log("kmspattern")
               or ("error" in s.guest_log("kmspattern").lower()
                   and RigError(s.guest_log("kmspattern"))), timeout=60)
    out = s.guest_log("kmspattern")
    if "ready" not in out:
        raise RigError("synth2d-kmspattern: " + out)


def stop_pattern(s):
    s.sh("pkill -x synth2d-kmspatte; pkill -f synth2d-kmspattern; "
         "for i in $(seq 50); do pgrep -f synth2d-kmspattern >/dev/null || exit 0; sleep 0.1; done",
         check=False)


def non_black_pixels(png, size):
    """How many pixels of a SIZE PNG the host wrote are not black (console
    text shown, for one)."""
    res = subprocess.run([PATTERNCHECK, "--size", size, "--png", png, "--pattern", "black"],
                         capture_output=True, text=True)
    for line in res.stdout.splitlines():
        if line.startswith("differing pixels:"):
            return int(line.split(":")[1])
    raise AssertionError("patterncheck: " + res.stdout + res.stderr)


def check_pattern(s, png, size, pattern="bars", dirty=(), dirty_pattern=None, fmt=None,
                  window=None):
    """Compare a PNG the host wrote with the expected pattern (as drawn in
    pixel format FMT; shown in WINDOW "x,y,w,h" or "off" of a black screen,
    as after synth2d-kmspattern --plane); raise with the checker's findings
    when any pixel differs."""
    args = [PATTERNCHECK, "--size", size, "--png", png, "--pattern", pattern]
    if window:
        args += ["--window", window]
    for r in dirty:
        args += ["--dirty", "%d,%d,%d,%d" % r]
    if dirty_pattern:
        args += ["--dirty-pattern", dirty_pattern]
    if fmt:
        args += ["--format", fmt]
    res = subprocess.run(args, capture_output=True, text=True)
    if res.returncode != 0:
        raise AssertionError("%s differs from pattern %s at %s:\n%s%s" %
                             (png, pattern, size, res.stdout[-1500:], res.stderr[-500:]))


def host_view(s, name):
    """What the host shows, without the pointer: its surface as taken at the
    last situation and updated by DIRT since (not VRAM itself, which would
    pass even without DIRT). Returns the PNG path and its size WxH."""
    path = s.path(name + ".png")
    reply = s.host("view", path)
    return path, reply.split()[1] if len(reply.split()) > 1 else None


def expect_view_is_vram(s, name):
    """No stale pixel: the host's view equals VRAM (`framebuffer`). Both
    PNGs come from the same writer, so equal pixels give equal files."""
    view, _ = host_view(s, name + "-view")
    vram = s.path(name + "-vram.png")
    s.host("framebuffer", vram)
    with open(view, "rb") as a, open(vram, "rb") as b:
        expect(a.read() == b.read(), "%s: the host view %s differs from VRAM %s "
               "(pixels changed without DIRT)" % (name, view, vram))


def expect_pattern_shown(s, mode, pattern="bars"):
    """Have the guest hold MODE with PATTERN; the host's view must be MODE
    and equal the pattern pixel for pixel."""
    show_pattern(s, mode, pattern)
    png, size = host_view(s, "%s-%s" % (pattern, mode))
    expect(size == mode, "host surface is %s, want %s" % (size, mode))
    check_pattern(s, png, mode, pattern)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


class EventWatch:
    """synth2d-evwatch running in the guest on the devices named like NAME;
    events() returns (type, code, value) tuples seen so far."""

    def __init__(self, s, name, tag, timeout=60):
        self.s = s
        self.tag = tag
        s.background(tag, "%s --name '%s' --timeout %d" % (EVWATCH, name, timeout))
        s.wait_for("evwatch on %s" % name, lambda: "watching" in s.guest_log(tag)
                   or ("no input device" in s.guest_log(tag) and RigError(s.guest_log(tag))))
        if "watching" not in s.guest_log(tag):
            raise RigError(s.guest_log(tag))

    def events(self):
        out = []
        for line in self.s.guest_log(self.tag).splitlines():
            parts = line.split("\t")
            if len(parts) == 2:
                t, c, v = parts[1].split()
                out.append((int(t), int(c), int(v)))
        return out

    def wait_events(self, want, timeout=30):
        """Wait until every (type, code, value) of WANT has been seen, in order."""
        def seen():
            ev = self.events()
            i = 0
            for e in ev:
                if i < len(want) and e == want[i]:
                    i += 1
            return i == len(want)
        try:
            self.s.wait_for("events %s" % (want,), seen, timeout=timeout)
        except AssertionError:
            raise AssertionError("wanted %s in order, guest saw %s" % (want, self.events()))

    def stop(self):
        self.s.exec("pkill", "-f", "synth2d-evwatch", check=False)


# evdev constants (linux/input-event-codes.h)
EV_KEY, EV_REL, EV_ABS = 1, 2, 3
ABS_X, ABS_Y, REL_WHEEL = 0, 1, 8
BTN_LEFT, BTN_RIGHT, BTN_MIDDLE, BTN_SIDE, BTN_EXTRA = 272, 273, 274, 275, 276


def capture_packets(path):
    """The packets of a host capture (tests/host/README.md, "Capture
    format"): (seconds, direction, channel, payload bytes) in order."""
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            t, direction, channel, _, payload = line.split()
            yield float(t), direction, channel, bytes.fromhex(payload)


def synthvid_type(payload):
    """The synthvid message type of a video channel payload (after the
    pipe header, docs/protocol.md §1)."""
    return int.from_bytes(payload[8:12], "little")


def hid_coordinate(pixel, size):
    """The host's pixel -> HID 0..32767 scaling (synth2d-host, as OpenVMM:
    truncating, docs/input.md)."""
    return pixel * 32767 // (size - 1)
