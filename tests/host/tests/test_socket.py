#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""synth2d-host as a process: command line errors, the control socket's
framing (several requests per connection, several clients, bad lines) and a
clean quit."""
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

HOST = sys.argv[1]
failures = 0
# the shared memory layout's one definition (tests/include/synth2d/vmbus_sim.h)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "include",
                       "synth2d", "vmbus_sim.h")) as _h:
    LAYOUT = int(re.search(r"#define SYNTH2D_SIM_LAYOUT_VERSION\s+(\d+)", _h.read()).group(1))


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("check failed:", what, file=sys.stderr)


def run_cli_error(args, text):
    p = subprocess.run([HOST] + args, capture_output=True, text=True, timeout=10)
    check(p.returncode == 2, f"{args}: exit {p.returncode}")
    lines = p.stderr.strip().splitlines()
    check(len(lines) == 1 and text in lines[0], f"{args}: stderr {p.stderr!r}")


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s, s.makefile("rb")


def request(s, f, line):
    s.sendall(line.encode() + b"\n")
    return f.readline().decode().rstrip("\n")


with tempfile.TemporaryDirectory() as d:
    shm = os.path.join(d, "shm")
    ctl = os.path.join(d, "ctl")
    run_cli_error([], "--shm PATH is required")
    run_cli_error(["--shm", shm, "--shm-size", "3M"], "power of two")
    run_cli_error(["--shm", shm, "--shm-size", "32M", "--mmio-megabytes", "17"], "does not fit")
    run_cli_error(["--shm", shm, "--resolutions", "1024x"], "WxH")
    run_cli_error(["--shm", shm, "--default-resolution", "15"], "outside the list")
    run_cli_error(["--shm", shm, "--synthvid-max-version", "3.0"], "3.2 or 3.5")
    run_cli_error(["--shm", shm, "--vmbus-version", "five"], "X.Y")
    run_cli_error(["--shm", shm, "--features", "dirt=yes"], "NAME=0|1")
    run_cli_error(["--shm", shm, "extra"], "unexpected argument")

    proc = subprocess.Popen([HOST, "--shm", shm, "--shm-size", "32M", "--mmio-megabytes", "8",
                             "--control", ctl, "--resolutions", "800x600,1024x768",
                             "--default-resolution", "1", "--features", "situ=1"])
    try:
        for _ in range(500):
            if os.path.exists(ctl):
                break
            time.sleep(0.01)
        check(os.path.getsize(shm) == 32 << 20, "shm size")
        with open(shm, "rb") as fh:
            magic, layout = struct.unpack("<II", fh.read(8))
        check(magic == 0x53443253 and layout == LAYOUT, "magic written")

        s, f = connect(ctl)
        # several requests in one write, one reply line each, in order
        s.sendall(b"ping\nstats\nbogus\r\nviolations\n")
        check(f.readline() == b"ok\n", "ping")
        line = f.readline().decode()
        check(line.startswith("ok {"), "stats prefix")
        stats = json.loads(line[3:])
        check(stats["video"]["features"] == {"dirt": 1, "ptr_pos": 1, "ptr_shape": 1, "situ": 1},
              "features from the command line")
        check(stats["channels"]["keyboard"]["offer_state"] == "offered", "offer state")
        check(stats["violations"] == 0, "no violations")
        check(f.readline().decode().startswith("err unknown request"), "unknown request")
        check(json.loads(f.readline().decode()[3:]) == [], "violations list")

        # a second client at the same time
        s2, f2 = connect(ctl)
        check(request(s2, f2, "pointer") ==
              "ok x=0 y=0 w=12 h=19 hot_x=0 hot_y=0 visible=1 mode=absolute", "pointer")
        check(request(s, f, "mouse-mode relative") == "ok", "mode")
        check(request(s2, f2, "pointer").endswith("mode=relative"), "mode shared")
        s2.close()

        # a client that goes away without a word, and one with a NUL byte
        s3, _ = connect(ctl)
        s3.close()
        s.sendall(b"pi\0ng\n")
        check(f.readline().decode().startswith("err "), "NUL byte")

        # a line longer than any request: one err, the rest of it is skipped
        s4, f4 = connect(ctl)
        s4.sendall(b"a" * 100000 + b"\nping\n")
        check(f4.readline().decode().startswith("err request too long"), "long line")
        check(f4.readline() == b"ok\n", "served after a long line")
        s4.close()

        shot = os.path.join(d, "shot.png")
        check(request(s, f, "screenshot " + shot) == "ok 1024x768", "screenshot")
        with open(shot, "rb") as fh:
            check(fh.read(8) == b"\x89PNG\r\n\x1a\n", "PNG signature")

        check(request(s, f, "quit") == "ok", "quit")
        check(proc.wait(timeout=10) == 0, "exit status 0")
        check(not os.path.exists(ctl), "socket removed")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

print(f"host-socket: {failures} failed")
sys.exit(1 if failures else 0)
