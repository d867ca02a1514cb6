# SPDX-License-Identifier: MIT
"""crc: the CRTC's CRC source "auto" (docs/regression-testing.md), read
through the DRM CRC API in the guest (synth2d-kmscrc).

It sums the composed guest image, what the host shows: the same picture
gives the same CRC whether the pointer is the cursor plane (the legacy
cursor on 6.1) or drawn into the primary plane, and the CRC is that of the
host's screenshot; different pictures give different CRCs; entries come
one per vblank, numbered with the vblank count; an unknown source name is
refused. Also prints what a CRC costs, and runs the screen regression
example of tests/examples/ on this guest."""

import os
import subprocess

from kmsclient import IMAGES, KMSVBLANK, KmsClient, stop_clients
from rigtest import BUILD, GUEST_BUILD, TOP, expect, log, stop_pattern

SESSION = {"drivers": "synth2d"}

KMSCRC = GUEST_BUILD + "/tests/kms/synth2d-kmscrc"
SHOTCOMPARE = os.path.join(BUILD, "tests", "examples", "synth2d-shotcompare")
EXAMPLE = os.path.join(TOP, "tests", "examples", "screen-regression")
STATE = "/sys/kernel/debug/dri/0/synth2d_state"
CONTROL = "/sys/kernel/debug/dri/0/crtc-0/crc/control"

_client = {}


def _kms(s, mode="1024x768"):
    c = _client.get("c")
    if not c:
        c = _client["c"] = KmsClient(s, mode)
    return c


def _capture(s, count):
    """COUNT entries: ([(frame, crc)], vblank count before, after, seconds)."""
    out = s.exec(KMSCRC, "--count", str(count), timeout=60).stdout.split("\n")
    seqs = [int(line.split("=")[1]) for line in out if line.startswith("vblank ")]
    entries = []
    for line in out:
        if line.startswith("crc "):
            kv = dict(w.split("=") for w in line.split()[1:])
            entries.append((int(kv["frame"]), kv["value"]))
    seconds = float([line for line in out if line.startswith("seconds=")][0][8:])
    expect(len(entries) == count and len(seqs) == 2,
           "synth2d-kmscrc gave %d entries, want %d:\n%s" % (len(entries), count, out))
    return entries, seqs[0], seqs[1], seconds


def _crc(s, what):
    """The CRC of the picture shown now: every frame of a capture has it."""
    entries, _, _, _ = _capture(s, 4)
    values = {v for _, v in entries}
    expect(len(values) == 1, "%s: a still picture gave different CRCs %s" % (what, entries))
    return values.pop()


def _screenshot_crc(s, name):
    """The CRC of the host's console view (with its pointer)."""
    png = s.path(name + ".png")
    s.host("screenshot", png)
    out = subprocess.run([SHOTCOMPARE, "crc", png], capture_output=True, text=True,
                         check=True).stdout
    return out.strip().split("=")[1]


def _state(s):
    out = s.exec("cat", STATE).stdout
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def test_sources_and_invalid_name(s):
    _kms(s)
    out = s.exec("cat", CONTROL).stdout.split()
    expect(out == ["auto*"], "control lists %s, want the one source auto, selected" % out)
    res = s.exec(KMSCRC, "--source", "bogus", check=False)
    expect(res.returncode == 1 and "refused: Invalid argument" in res.stdout,
           "source bogus: want EINVAL, got %d %r %r" % (res.returncode, res.stdout, res.stderr))
    res = s.exec(KMSCRC, "--source", "auto", check=False)
    expect(res.returncode == 0 and "source auto ok" in res.stdout,
           "source auto refused: %r %r" % (res.stdout, res.stderr))
    # Still selected and still capturing (the WARN check is the session's stop).
    expect(s.exec("cat", CONTROL).stdout.split() == ["auto*"], "control changed")
    _crc(s, "after the refused name")


def test_one_entry_per_vblank(s):
    _kms(s)
    entries, before, after, seconds = _capture(s, 40)
    frames = [f for f, _ in entries]
    log("40 entries in %.2f s (%.1f per second), frames %d..%d, vblank count %d then %d" %
        (seconds, 39 / seconds if seconds else 0, frames[0], frames[-1], before, after))
    expect(all(b == a + 1 for a, b in zip(frames, frames[1:])),
           "frame numbers not consecutive: %s" % frames)
    expect(before < frames[0] and frames[-1] <= after,
           "frames %d..%d outside the vblank counts around the capture (%d, %d)" %
           (frames[0], frames[-1], before, after))
    expect(after - frames[-1] <= 10, "the last entry is for frame %d, the count is %d already" %
           (frames[-1], after))
    expect(len({v for _, v in entries}) == 1, "a still picture gave different CRCs")


def test_same_picture_from_cursor_plane_or_primary(s):
    c = _kms(s)
    s.host("mouse-mode", "relative")  # the host draws the pointer where the guest puts it
    hx, hy = IMAGES[1]["hot"]
    x, y = 300, 200  # the image's top-left pixel on screen
    c.cmd("set2 1 %d %d" % (hx, hy))
    c.cmd("move %d %d" % (x, y))
    plane = _crc(s, "cursor plane")
    shot = _screenshot_crc(s, "cursor-plane")
    expect(plane == shot, "CRC %s, the host's screenshot %s" % (plane, shot))
    # The client draws the same image into its framebuffer: image 1's
    # visible block sits at 10,12 of the image.
    c.cmd("hide")
    box = IMAGES[1]["box"]
    c.cmd("swmove %d %d" % (x + box[0], y + box[1]))
    primary = _crc(s, "drawn into the primary")
    log("cursor plane %s, drawn into the primary %s, host screenshot %s" %
        (plane, primary, shot))
    expect(plane == primary, "the same picture gave %s with the cursor plane and %s drawn "
           "into the primary" % (plane, primary))


def test_different_pictures_differ(s):
    c = _kms(s)
    box = IMAGES[1]["box"]
    seen = {}
    c.cmd("swmove %d %d" % (310, 212))
    seen["block at 310,212"] = _crc(s, "block")
    c.cmd("swmove %d %d" % (311, 212))
    seen["block one pixel right"] = _crc(s, "moved block")
    c.cmd("fill 204061 0,0,1,1")
    seen["one pixel one level bluer"] = _crc(s, "one pixel")
    c.cmd("fill 204060 0,0,1,1")
    hx, hy = IMAGES[2]["hot"]
    c.cmd("set2 2 %d %d" % (hx, hy))
    c.cmd("move %d %d" % (600 - box[0], 400 - box[1]))
    seen["plus cursor image 2"] = _crc(s, "cursor 2")
    c.cmd("move %d %d" % (601 - box[0], 400 - box[1]))
    seen["cursor one pixel right"] = _crc(s, "cursor moved")
    log("CRCs: %s" % seen)
    expect(len(set(seen.values())) == len(seen), "different pictures, equal CRCs: %s" % seen)
    # Back to an earlier picture: back to its CRC.
    c.cmd("hide")
    back = _crc(s, "cursor hidden")
    expect(back == seen["block one pixel right"],
           "the block alone again gave %s, before %s" % (back, seen["block one pixel right"]))


def test_cost_per_crc(s):
    """Figures (docs/benchmarks.md): microseconds per CRC at two modes."""
    c = _kms(s)
    for mode in ("1024x768", "1920x1080"):
        c.cmd("mode " + mode)
        a = _state(s)
        entries, _, _, _ = _capture(s, 30)
        b = _state(s)
        n = int(b["crc_computed"]) - int(a["crc_computed"])
        ns = int(b["crc_ns"]) - int(a["crc_ns"])
        expect(n >= 1, "no CRC computed at %s" % mode)
        log("figure: %s: %.0f us per CRC (%d CRCs, %d entries)" %
            (mode, ns / n / 1000.0, n, len(entries)))
    c.cmd("mode 1024x768")


def test_no_crc_without_capture(s):
    stop_clients(s)
    _client.pop("c", None)
    a = _state(s)["crc_computed"]
    out = s.exec(KMSVBLANK, "1024x768", "1", "vblank", timeout=60).stdout
    b = _state(s)["crc_computed"]
    log("1 s of vblank events without a capture: %s; CRCs computed %s -> %s" %
        (out.strip(), a, b))
    expect(a == b, "CRCs computed without a capture open: %s -> %s" % (a, b))


def test_example_screen_regression(s):
    """tests/examples/screen-regression on this guest: record a reference,
    pass on the same picture and within the tolerance, fail on a change."""
    stop_clients(s)
    stop_pattern(s)
    ref = s.path("reference")
    env = dict(os.environ, SYNTH2D_BUILD=BUILD)

    def run(*args):
        res = subprocess.run([EXAMPLE] + list(args) + [ref, "--session", s.id],
                             capture_output=True, text=True, env=env, timeout=300)
        log("screen-regression %s: exit %d\n%s" % (" ".join(args), res.returncode,
                                                    (res.stdout + res.stderr).strip()))
        return res

    expect(run("record").returncode == 0, "record failed")
    res = run("check")
    expect(res.returncode == 0 and "identical" in res.stdout, "the same picture: %s" % res.stdout)
    res = run("check", "--dirty", "500,300,4,4")
    expect(res.returncode == 0 and "within tolerance" in res.stdout,
           "16 changed pixels are within the tolerance: %s" % res.stdout)
    res = run("check", "--dirty", "100,100,200,100")
    expect(res.returncode == 1 and "REGRESSION" in res.stdout,
           "20000 changed pixels must fail: %s" % res.stdout)
