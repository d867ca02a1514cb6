#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Unit test of synth2d-shotcompare (argv[1]): its CRC is the one
docs/regression-testing.md defines (CRC-32 of the pixels as little-endian
0x00RRGGBB words, row by row), and diff counts pixels beyond the level
and passes up to the per-mille limit, exiting 0/1/2 as documented."""

import os
import struct
import subprocess
import sys
import tempfile
import zlib

TOOL = sys.argv[1]
W, H = 40, 25  # 1000 pixels: the default limit (1 per mille) is 1 pixel
failures = []


def write_png(path, pixels, w=W, h=H):
    """8-bit RGB PNG of 0x00RRGGBB pixels (filter 0 on every row)."""
    raw = b"".join(b"\0" + b"".join(struct.pack(">I", p)[1:] for p in pixels[y * w:(y + 1) * w])
                   for y in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data)))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def run(*args):
    res = subprocess.run([TOOL] + list(args), capture_output=True, text=True)
    return res.returncode, res.stdout


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


base = [(x * 6 << 16) | (y * 10 << 8) | ((x * y) & 0xff) for y in range(H) for x in range(W)]
with tempfile.TemporaryDirectory() as tmp:
    ref = os.path.join(tmp, "ref.png")
    write_png(ref, base)

    rc, out = run("crc", ref)
    want = zlib.crc32(b"".join(struct.pack("<I", p) for p in base))
    check(rc == 0 and out.strip() == "crc=%08x" % want, "crc: %r, want %08x" % (out, want))

    rc, out = run("diff", ref, ref)
    check(rc == 0 and "differing=0 " in out, "the same picture: %d %r" % (rc, out))

    def changed(points, delta):
        cur = list(base)
        for i in points:
            cur[i] = cur[i] ^ delta
        path = os.path.join(tmp, "cur.png")
        write_png(path, cur)
        return path

    rc, out = run("diff", ref, changed([5], 0x000008))
    check(rc == 0 and "differing=0 " in out, "8 levels off is the same pixel: %d %r" % (rc, out))
    rc, out = run("diff", ref, changed([5], 0x100000))
    check(rc == 0 and "differing=1 " in out and "limit=1" in out,
          "one pixel 16 levels off, within 1 per mille: %d %r" % (rc, out))
    rc, out = run("diff", ref, changed([5, 700], 0x100000))
    check(rc == 1 and "differing=2 " in out, "two pixels beyond 1 per mille: %d %r" % (rc, out))
    rc, out = run("diff", ref, changed([5, 700], 0x100000), "--pixels", "2")
    check(rc == 0, "two pixels within 2 per mille: %d %r" % (rc, out))
    rc, out = run("diff", ref, changed([5, 700], 0x100000), "--level", "16")
    check(rc == 0 and "differing=0 " in out, "16 levels off with --level 16: %d %r" % (rc, out))

    small = os.path.join(tmp, "small.png")
    write_png(small, base[:W * (H - 1)], W, H - 1)
    rc, out = run("diff", ref, small)
    check(rc == 1 and "differing=all" in out, "another size: %d %r" % (rc, out))
    rc, out = run("diff", ref, os.path.join(tmp, "missing.png"))
    check(rc == 2, "a missing file: %d" % rc)

sys.exit(1 if failures else 0)
