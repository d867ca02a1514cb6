# SPDX-License-Identifier: MIT
"""A real VNC client on the host side: TigerVNC's viewer under Xvfb, as a
person would run it against synth2d-host's --vnc console (docs/console.md),
driven with xdotool and read with synth2d-x-screenshot (the X screen with
the pointer image on top). The viewer options are those of the host-side
test tests/host/tests/test_vnc_viewer.c."""

import os
import shutil
import socket
import subprocess
import tempfile
import time

from rigtest import BUILD

SCREENSHOT = os.path.join(BUILD, "tests", "host", "tests", "synth2d-x-screenshot")
TOOLS = ("Xvfb", "xtigervncviewer", "xdotool")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's
    pick), for one session's console."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_tools():
    return [t for t in TOOLS if not shutil.which(t)] + \
        ([] if os.access(SCREENSHOT, os.X_OK) else [SCREENSHOT])


class Viewer:
    """Xvfb (SCREEN, black root) and xtigervncviewer on 127.0.0.1::PORT, in
    a window, or FULLSCREEN (it then holds the mouse grab)."""

    def __init__(self, port, screen="1600x1200", fullscreen=False):
        self.screen = tuple(int(n) for n in screen.split("x"))
        self.fullscreen = fullscreen
        self.home = tempfile.mkdtemp(prefix="synth2d-vncviewer-")
        self.procs = []
        rfd, wfd = os.pipe()
        # Xvfb writes its display number to the fd once it accepts clients.
        # -noreset: by default the server resets when its last client leaves
        # (here: the xdotool query before the viewer starts), and while
        # another Xvfb probes display numbers (the other kernel's rig) a
        # client connecting across that reset is refused now and then
        # ("Can't open display"; 3 in 360 starts under load, 0 with it).
        self.procs.append(subprocess.Popen(
            ["Xvfb", "-displayfd", str(wfd), "-screen", "0", screen + "x24", "-br",
             "-noreset", "-nolisten", "tcp"], pass_fds=(wfd,), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.close(wfd)
        with os.fdopen(rfd) as f:
            number = f.readline().strip()
        if not number:
            self.close()
            raise RuntimeError("Xvfb did not start")
        # the viewer keeps its settings under $HOME: a fresh one
        self.env = dict(os.environ, DISPLAY=":" + number, HOME=self.home)
        self.log = open(os.path.join(self.home, "viewer.log"), "w")
        # the window under the pointer before the viewer's is the root
        self.root = self.pointer()["WINDOW"]
        self.procs.append(subprocess.Popen(
            ["xtigervncviewer", "-SecurityTypes", "None", "-Shared", "-NoJPEG",
             "-RemoteResize=0", "-MenuKey", "", "-AcceptClipboard=0", "-SendClipboard=0",
             "-SendPrimary=0"] + (["-FullScreen"] if fullscreen else []) +
            ["127.0.0.1::%d" % port],
            env=self.env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log))

    def xdotool(self, *args):
        res = subprocess.run(["xdotool"] + [str(a) for a in args], env=self.env,
                             capture_output=True, text=True, timeout=60)
        if res.returncode != 0:
            raise AssertionError("xdotool %s: %s" % (" ".join(map(str, args)), res.stderr))
        return res.stdout

    def pointer(self):
        """The X pointer: {"X", "Y", "WINDOW"} (the window under it)."""
        out = self.xdotool("getmouselocation", "--shell")
        return {k: int(v) for k, v in (ln.split("=", 1) for ln in out.split())
                if k in ("X", "Y", "WINDOW")}

    def window(self):
        """The viewer's window (named after the desktop): {"id", "x", "y",
        "w", "h"}, or None while there is none. Full screen it has no name
        and covers the screen: the window under the pointer, once that is
        not the root."""
        if self.fullscreen:
            under = self.pointer()["WINDOW"]
            if under == self.root:
                return None
            return {"id": str(under), "x": 0, "y": 0, "w": self.screen[0], "h": self.screen[1]}
        try:
            ids = self.xdotool("search", "--onlyvisible", "--name", "synth2d-host").split()
            if not ids:
                return None
            geo = self.xdotool("getwindowgeometry", "--shell", ids[0])
        except AssertionError:
            return None
        kv = dict(ln.split("=", 1) for ln in geo.split())
        return {"id": ids[0], "x": int(kv["X"]), "y": int(kv["Y"]),
                "w": int(kv["WIDTH"]), "h": int(kv["HEIGHT"])}

    def wait_window(self, w, h, timeout=30):
        """The viewer window once it is W x H; fail with its last size."""
        deadline = time.monotonic() + timeout
        win = None
        while time.monotonic() < deadline:
            win = self.window()
            if win and (win["w"], win["h"]) == (w, h):
                return win
            time.sleep(0.3)
        xvfb = self.procs[0].poll()
        raise AssertionError("viewer window %s, want %dx%d (Xvfb %s; viewer log: %s)" %
                             (win, w, h, "running" if xvfb is None else "exited %d" % xvfb,
                              self.viewer_log()))

    def viewer_log(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()[-1500:]

    def screenshot(self):
        """The X screen as a person sees it: (width, height, RGB bytes)."""
        res = subprocess.run([SCREENSHOT], env=self.env, capture_output=True, timeout=60)
        if res.returncode != 0:
            raise AssertionError("synth2d-x-screenshot: %s" % res.stderr.decode())
        return parse_ppm(res.stdout)

    def close(self):
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


def parse_ppm(data):
    """A binary PPM (P6, maxval 255) as (width, height, RGB bytes)."""
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a P6 PPM with maxval 255")
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    if len(pixels) != w * h * 3:
        raise ValueError("PPM truncated")
    return w, h, pixels
