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

from kmsclient import FIFO, IMAGES, KMSVBLANK, LOG, KmsClient, stop_clients
from rigtest import BUILD, GUEST_BUILD, TOP, expect, log, stop_pattern

SESSION = {"drivers": "synth2d"}

KMSCRC = GUEST_BUILD + "/tests/kms/synth2d-kmscrc"
SHOTCOMPARE = os.path.join(BUILD, "tests", "examples", "synth2d-shotcompare")
EXAMPLE = os.path.join(TOP, "tests", "examples", "screen-regression")
STATE = "/sys/kernel/debug/dri/0/synth2d_state"
CONTROL = "/sys/kernel/debug/dri/0/crtc-0/crc/control"

_client = {}

# One kmscursor command through its fifo, waiting for its reply line
# (kmsclient.KmsClient.cmd, inlined so one guest exec runs several).
_CMD = ('n=$(wc -l <%s); echo "%%s" >%s; i=0; while [ $(wc -l <%s) -le $n ]; do '
        'i=$((i+1)); [ $i -gt 200 ] && break; sleep 0.05; done; '
        'tail -n 1 %s | grep -q "^ok " || { tail -n 1 %s; exit 3; }; ' % ((LOG, FIFO) + (LOG,) * 3))


def _kms(s, mode="1024x768"):
    """The client holding MODE (started once), debugfs mounted."""
    c = _client.get("c")
    if not c:
        s.sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug")
        c = _client["c"] = KmsClient(s, mode)
    return c


def _run(s, cmds, then=""):
    """Run kmscursor commands CMDS, then the shell command THEN, in one
    guest exec (each exec is a round trip of a few tenths of a second)."""
    return s.sh("".join(_CMD % c for c in cmds) + then, timeout=90).stdout


def _entries(out, count):
    """From synth2d-kmscrc's output: ([(frame, crc)], vblank count before,
    after, seconds)."""
    lines = out.split("\n")
    seqs = [int(line.split("=")[1]) for line in lines if line.startswith("vblank ")]
    entries = []
    for line in lines:
        if line.startswith("crc "):
            kv = dict(w.split("=") for w in line.split()[1:])
            entries.append((int(kv["frame"]), kv["value"]))
    seconds = [float(line[8:]) for line in lines if line.startswith("seconds=")]
    expect(len(entries) == count and len(seqs) == 2 and seconds,
           "synth2d-kmscrc gave %d entries, want %d:\n%s" % (len(entries), count, out))
    return entries, seqs[0], seqs[1], seconds[0]


def _picture(s, what, cmds):
    """Show a picture (kmscursor CMDS); its CRC: every frame has it."""
    entries = _entries(_run(s, cmds, "%s --count 4" % KMSCRC), 4)[0]
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


def _state(text):
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_sources_and_invalid_name(s):
    _kms(s)
    out = _run(s, [], "cat %s; echo ===; %s --source bogus; echo rc=$?; echo ===; "
               "%s --source auto; echo rc=$?; echo ===; cat %s; echo ===; %s --count 2" %
               (CONTROL, KMSCRC, KMSCRC, CONTROL, KMSCRC)).split("===\n")
    expect(out[0].split() == ["auto*"], "control lists %s, want the one source auto, selected"
           % out[0])
    expect("source bogus refused: Invalid argument\nrc=1" in out[1],
           "source bogus: want EINVAL, got %r" % out[1])
    expect("source auto ok\nrc=0" in out[2], "source auto: %r" % out[2])
    # Still selected and still capturing (the WARN check is the session's stop).
    expect(out[3].split() == ["auto*"], "control changed: %r" % out[3])
    _entries(out[4], 2)


def test_one_entry_per_vblank(s):
    _kms(s)
    entries, before, after, seconds = _entries(_run(s, [], KMSCRC + " --count 40"), 40)
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


# Image 1's top-left pixel on screen, and where its visible block lands.
_AT = (300, 200)
_BLOCK = (_AT[0] + IMAGES[1]["box"][0], _AT[1] + IMAGES[1]["box"][1])


def test_same_picture_from_cursor_plane_or_primary(s):
    _kms(s)
    s.host("mouse-mode", "relative")  # the host draws the pointer where the guest puts it
    hx, hy = IMAGES[1]["hot"]
    plane = _picture(s, "cursor plane", ["set2 1 %d %d" % (hx, hy), "move %d %d" % _AT])
    shot = _screenshot_crc(s, "cursor-plane")
    # The client draws the same image into its framebuffer.
    primary = _picture(s, "drawn into the primary", ["hide", "swmove %d %d" % _BLOCK])
    log("cursor plane %s, drawn into the primary %s, host screenshot %s" %
        (plane, primary, shot))
    expect(plane == shot, "CRC %s, the host's screenshot %s" % (plane, shot))
    expect(plane == primary, "the same picture gave %s with the cursor plane and %s drawn "
           "into the primary" % (plane, primary))
    _client["block"] = primary


def test_translucent_pointer_as_the_host_blends_it(s):
    """Alpha 16..247 over the background: the guest's CRC blends the
    pointer exactly as the host's screenshot does."""
    _kms(s)
    s.host("mouse-mode", "relative")
    hx, hy = IMAGES[4]["hot"]
    guest = _picture(s, "translucent cursor", ["set2 4 %d %d" % (hx, hy), "move 500 300"])
    shot = _screenshot_crc(s, "translucent")
    log("translucent pointer: guest CRC %s, host screenshot %s" % (guest, shot))
    expect(guest == shot, "translucent pointer: guest CRC %s, the host's screenshot %s" %
           (guest, shot))
    _run(s, ["hide"])


def test_different_pictures_differ(s):
    _kms(s)
    hx, hy = IMAGES[2]["hot"]
    seen = {"block": _client.get("block") or _picture(s, "block", ["swmove %d %d" % _BLOCK])}
    seen["block one pixel right"] = _picture(s, "block moved",
                                             ["swmove %d %d" % (_BLOCK[0] + 1, _BLOCK[1])])
    seen["one pixel one level bluer"] = _picture(s, "one pixel", ["fill 204061 0,0,1,1"])
    seen["plus cursor image 2"] = _picture(s, "cursor 2", ["fill 204060 0,0,1,1",
                                                           "set2 2 %d %d" % (hx, hy),
                                                           "move 600 400"])
    seen["cursor one pixel right"] = _picture(s, "cursor moved", ["move 601 400"])
    log("CRCs: %s" % seen)
    expect(len(set(seen.values())) == len(seen), "different pictures, equal CRCs: %s" % seen)
    # Back to an earlier picture: back to its CRC.
    back = _picture(s, "cursor hidden", ["hide"])
    expect(back == seen["block one pixel right"],
           "the block alone again gave %s, before %s" % (back, seen["block one pixel right"]))


def test_cost_per_crc(s):
    """Figures (docs/benchmarks.md): time per CRC at two modes, and against
    copying one full frame to VRAM (debugfs blit_ns) in the same guest."""
    _kms(s)
    for mode in ("1920x1080", "1024x768"):
        w, h = map(int, mode.split("x"))
        out = _run(s, ["mode " + mode], "cat %s; echo ===; %s %s --count 30; echo ===; cat %s" %
                   (STATE, _CMD % ("fill 102030 0,0,%d,%d" % (w, h)), KMSCRC, STATE))
        out = out.split("===\n")
        a, b = _state(out[0]), _state(out[2])
        entries = _entries(out[1], 30)[0]
        d = {k: int(b[k]) - int(a[k]) for k in ("crc_computed", "crc_ns", "blit_ns",
                                                "vram_bytes")}
        expect(d["crc_computed"] >= 1, "no CRC computed at %s" % mode)
        expect(d["vram_bytes"] == w * h * 4, "one full-frame fill copied %d bytes, want %d" %
               (d["vram_bytes"], w * h * 4))
        crc_us = d["crc_ns"] / d["crc_computed"] / 1000.0
        log("figure: %s: %.0f us per CRC (%d CRCs for %d entries); a full-frame copy "
            "%.0f us; CRC / copy %.2f" % (mode, crc_us, d["crc_computed"], len(entries),
                                          d["blit_ns"] / 1000.0,
                                          crc_us * 1000.0 / d["blit_ns"]))


def test_no_crc_without_capture(s):
    stop_clients(s)
    _client.pop("c", None)
    out = s.sh("cat %s; echo ===; %s 1024x768 1 vblank; echo ===; cat %s" %
               (STATE, KMSVBLANK, STATE), timeout=60).stdout.split("===\n")
    a, b = _state(out[0])["crc_computed"], _state(out[2])["crc_computed"]
    log("1 s of vblank events without a capture (%s): CRCs computed %s -> %s" %
        (out[1].strip(), a, b))
    expect(a == b, "CRCs computed without a capture open: %s -> %s" % (a, b))


def test_example_screen_regression(s):
    """tests/examples/screen-regression on this guest: record a reference;
    16 changed pixels pass (within the tolerance), 20000 fail."""
    stop_clients(s)
    stop_pattern(s)
    ref = s.path("reference")
    env = dict(os.environ, SYNTH2D_BUILD=BUILD)

    def run(*args):
        res = subprocess.run([EXAMPLE, args[0], ref, "--session", s.id] + list(args[1:]),
                             capture_output=True, text=True, env=env, timeout=300)
        log("screen-regression %s: exit %d\n%s" % (" ".join(args), res.returncode,
                                                    (res.stdout + res.stderr).strip()))
        return res

    expect(run("record").returncode == 0, "record failed")
    res = run("check", "--dirty", "500,300,4,4")
    expect(res.returncode == 0 and "within tolerance" in res.stdout,
           "16 changed pixels are within the tolerance: %s" % res.stdout)
    res = run("check", "--dirty", "100,100,200,100")
    expect(res.returncode == 1 and "REGRESSION" in res.stdout,
           "20000 changed pixels must fail: %s" % res.stdout)
