# SPDX-License-Identifier: MIT
"""synth2d-kmscursor in the guest, driven command by command, and the
console-view checks the cursor, damage and mode suites share."""

import os
import subprocess
import time

from rigtest import BUILD, GUEST_BUILD, RigError

KMSCURSOR = GUEST_BUILD + "/tests/kms/synth2d-kmscursor"
KMSVBLANK = GUEST_BUILD + "/tests/kms/synth2d-kmsvblank"
KMSMODE = GUEST_BUILD + "/tests/kms/synth2d-kmsmode"
POINTERFIND = os.path.join(BUILD, "tests", "kms", "synth2d-pointerfind")
FIFO = "/tmp/kmsclient.in"
LOG = "/tmp/kmsclient.log"

# synth2d-kmscursor's images: body colour pixels, hotspot pixel, trimmed box
IMAGES = {
    1: {"body": "magenta", "pixels": 20 * 16 - 1, "hot": (15, 20), "box": (10, 12, 20, 16)},
    2: {"body": "green", "pixels": 12 * 20 - 1, "hot": (8, 50), "box": (4, 40, 12, 20)},
    3: {"body": "cyan", "pixels": 64 * 64 - 1, "hot": (32, 32), "box": (0, 0, 64, 64)},
    # translucent: alpha 16..247 (for blending checks; no body colour)
    4: {"body": None, "pixels": 0, "hot": (20, 20), "box": (8, 8, 40, 40)},
}
BODIES = ("magenta", "green", "cyan")


class KmsClient:
    """One synth2d-kmscursor; stop() ends it (the console comes back)."""

    def __init__(self, s, mode="1024x768", atomic=False, hotspot_cap=False):
        self.s = s
        stop_clients(s)
        args = "--mode %s --fifo %s" % (mode, FIFO)
        if atomic:
            args += " --atomic"
        if hotspot_cap:
            args += " --hotspot-cap"
        s.sh("rm -f %s; mkfifo %s; nohup %s %s >%s 2>&1 </dev/null &" %
             (FIFO, FIFO, KMSCURSOR, args, LOG))
        s.wait_for("synth2d-kmscursor ready",
                   lambda: "ready" in self.log() or
                   (self.log().strip() and "caps" not in self.log() and RigError(self.log())))
        self.caps = dict(kv.split("=", 1) for kv in self.log().splitlines()[0].split()[1:])

    def log(self):
        return self.s.exec("cat", LOG, check=False).stdout

    def cmd(self, line, check=True):
        """Run one command; return the reply line."""
        script = ('n=$(wc -l <%s); echo "%s" >%s; i=0; while [ $(wc -l <%s) -le $n ]; do '
                  'i=$((i+1)); [ $i -gt 200 ] && break; sleep 0.05; done; tail -n 1 %s' %
                  (LOG, line, FIFO, LOG, LOG))
        reply = self.s.sh(script).stdout.strip()
        if check and not reply.startswith("ok " + line):
            raise RigError("synth2d-kmscursor %r: %s" % (line[:60], reply[:200]))
        return reply

    def stop(self):
        stop_clients(self.s)


def stop_clients(s):
    s.sh("[ -p %s ] && timeout 1 sh -c 'echo quit >%s'; pkill -x synth2d-kmscurs; "
         "for i in $(seq 50); do pgrep -x synth2d-kmscurs >/dev/null || exit 0; sleep 0.1; done"
         % (FIFO, FIFO), check=False)


def find_pointers(s, name, source="screenshot"):
    """Screenshot the console view (or SOURCE: "framebuffer" for VRAM);
    return pointerfind's counts:
    {"yellow": N, "at": [(x, y)...], "magenta": N, "green": N}."""
    png = s.path(name + ".png")
    s.host(source, png)
    out = subprocess.run([POINTERFIND, png], capture_output=True, text=True, check=True).stdout
    res = {}
    for kv in out.split():
        k, v = kv.split("=", 1)
        if k == "at":
            res[k] = [] if v == "-" else [tuple(map(int, p.split(","))) for p in v.split(";")]
        else:
            res[k] = int(v)
    return res


def expect_one_pointer(s, name, image, at, timeout=10):
    """Exactly one pointer, image IMAGE, hotspot pixel at AT (polled
    briefly: the host draws what it has received)."""
    want_body = IMAGES[image]["body"]
    last = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = find_pointers(s, name)
        if (last["yellow"] == 1 and last["at"] == [tuple(at)] and
                last[want_body] == IMAGES[image]["pixels"] and
                all(last[b] == 0 for b in BODIES if b != want_body)):
            return last
        time.sleep(0.3)
    raise AssertionError("%s: want exactly one pointer (image %d) with its hotspot at %s, "
                         "console view has %s" % (name, image, at, last))


def expect_no_pointer(s, name, timeout=10):
    last = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = find_pointers(s, name)
        if last["yellow"] == 0 and all(last[b] == 0 for b in BODIES):
            return
        time.sleep(0.3)
    raise AssertionError("%s: want no pointer in the console view, found %s" % (name, last))


def host_pointer(s):
    """The host's `pointer` reply as a dict of ints (mode kept as text)."""
    out = s.host("pointer").split()[1:]
    d = dict(kv.split("=", 1) for kv in out)
    return {k: (v if k == "mode" else int(v)) for k, v in d.items()}


def expect_host_shape(s, image, hot):
    """The host's shape is IMAGE trimmed, hotspot HOT (image coordinates)."""
    x, y, w, h = IMAGES[image]["box"]
    want = {"w": w, "h": h, "hot_x": hot[0] - x, "hot_y": hot[1] - y}
    deadline = time.monotonic() + 10
    while True:
        got = host_pointer(s)
        if all(got[k] == v for k, v in want.items()):
            return got
        if time.monotonic() > deadline:
            raise AssertionError("host pointer %s, want shape %s" % (got, want))
        time.sleep(0.3)
