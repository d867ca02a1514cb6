# SPDX-License-Identifier: MIT
"""The Gen2 firmware-framebuffer handover (docs/rig.md "Firmware
framebuffer"): the guest boots with efifb on the VRAM window the host
offers and fbcon on it, as a Generation 2 Hyper-V VM does; then a Hyper-V
video driver loads. Afterwards there must be exactly one fbdev, the
driver's, with the console on it and visible in the host's view, and the
driver's VRAM at the firmware window (where the host scans out at boot).
The synth2d case also unloads and reloads the sim while efifb is bound,
and at the end unloads synth2d and the sim: nothing may be left behind
and the kernel log must stay clean (the aperture helpers unregister the
sim's platform device; the sim must not do it again).
synth2d is asserted; the Debian kernel's hyperv_drm runs the same case,
and where it differs the outcome is asserted as an expected failure, named
(docs/robustness.md). The hyperv_drm case is a baseline of the kernel's
driver, so it runs in the matrix only; synth2d's is in make check (about
40 s a kernel: one boot)."""

from rigtest import (Session, expect, expect_view_is_vram, host_view, log, matrix,
                     non_black_pixels)

SESSION = None  # each test boots its own guest: the handover happens once per boot

MODE = "1024x768"
FIRMWARE_FB_NAME = "EFI VGA"  # efifb's fix.id


def _fbdevs(s):
    """{fbN: name} of /sys/class/graphics."""
    out = s.sh('for f in /sys/class/graphics/fb[0-9]*; do '
               '[ -e "$f/name" ] && echo "${f##*/} $(cat "$f/name")"; done; true').stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if line)


def _fbcon_bound(s):
    """fbcon is the bound console driver (vtcon "frame buffer device", bind 1)."""
    out = s.sh('for v in /sys/class/vtconsole/vtcon*; do '
               'echo "$(cat "$v/bind") $(cat "$v/name")"; done').stdout
    return any(line.startswith("1 ") and "frame buffer" in line for line in out.splitlines())


def _iomem_at(s, gpa):
    """Names of the /proc/iomem regions that start at GPA."""
    out = s.exec("cat", "/proc/iomem").stdout
    names = []
    for line in out.splitlines():
        span, _, name = line.strip().partition(" : ")
        if int(span.split("-")[0], 16) == gpa:
            names.append(name)
    return names


def _console_visible(s, name):
    """Text written to tty1 appears in the host's view. The text cursor is
    hidden: its blink would change VRAM between two reads."""
    s.sh("printf '\\033[?25l\\033[2J\\033[H' >/dev/tty1")
    png, size = host_view(s, name + "-clear")
    cleared = non_black_pixels(png, size)
    s.sh("printf 'FIRMWARE FRAMEBUFFER HANDOVER %s\\n' >/dev/tty1" % name)
    png, size = host_view(s, name)
    shown = non_black_pixels(png, size)
    expect(shown > cleared + 200, "%s: no console text in the host's view %s (%d non-black "
           "pixels, %d cleared)" % (name, png, shown, cleared))
    return size


def _load(s, loader):
    """Load a driver with the rig's own helpers (guest/drivers.sh)."""
    s.exec("bash", "-c", '. /spool/config; problem() { echo "$*" >&2; exit 1; }; '
           '. /rig/guest/drivers.sh; ' + loader, timeout=300)


def _before_driver(s):
    """efifb on the firmware window, fbcon on it, the host showing it."""
    fw = s.stats()["video"]["firmware_fb_gpa"]
    expect(fw, "the host knows no firmware framebuffer")
    expect(_fbdevs(s) == {"fb0": FIRMWARE_FB_NAME}, "before the driver: fbdevs %s, want fb0 "
           "%s" % (_fbdevs(s), FIRMWARE_FB_NAME))
    expect(_fbcon_bound(s), "before the driver: fbcon is not the console")
    expect("efifb" in _iomem_at(s, fw), "efifb's region is not at %#x: %s"
           % (fw, _iomem_at(s, fw)))
    expect(not s.stats()["video"]["situation"]["valid"], "a situation before any driver")
    size = _console_visible(s, "firmware")
    expect(size == MODE, "the host shows the firmware framebuffer at %s, want %s" % (size, MODE))
    return fw


def _after_driver(s, drm_fb_name, device):
    """What the handover leaves: a list of (what, ok, detail)."""
    fw = s.stats()["video"]["firmware_fb_gpa"]
    fbs = s.wait_for("the driver's fbdev", lambda: drm_fb_name in _fbdevs(s).values()
                     and _fbdevs(s), timeout=60)
    video = s.stats()["video"]
    found = [
        ("one fbdev, the driver's", fbs == {"fb0": drm_fb_name}, "fbdevs %s" % fbs),
        ("the efi-framebuffer device is gone",
         s.exec("test", "-e", "/sys/bus/platform/devices/efi-framebuffer.0",
                check=False).returncode != 0, ""),
        ("VRAM at the firmware window (host)", video["vram_gpa"] == fw,
         "VRAM_LOCATION %#x, firmware window %#x" % (video["vram_gpa"], fw)),
        ("VRAM at the firmware window (guest /proc/iomem)", device in _iomem_at(s, fw),
         "regions at %#x: %s" % (fw, _iomem_at(s, fw))),
        ("fbcon is the console", _fbcon_bound(s), ""),
    ]
    for what, check, name in (("the console is visible in the host's view", _console_visible,
                               "driver"),
                              ("the host's view equals VRAM (DIRT)", expect_view_is_vram,
                               "driver-console")):
        try:
            check(s, name)
            found.append((what, True, ""))
        except AssertionError as e:
            found.append((what, False, str(e)))
    return found


def _unload(s, modules):
    """Unload the driver, then the sim: the sim must not unregister the
    platform device the aperture helpers unregistered (rig stop checks the
    kernel log), nor leave a region or an fbdev behind."""
    fw = s.stats()["video"]["firmware_fb_gpa"]
    for m in modules:
        s.exec("rmmod", m)
    expect(not _iomem_at(s, fw), "regions left at %#x after unloading: %s"
           % (fw, _iomem_at(s, fw)))
    expect(_fbdevs(s) == {}, "fbdevs left after unloading: %s" % _fbdevs(s))


def _sim_reload(s):
    """The sim unloaded while efifb is bound takes the device and its
    region with it; loaded again, it sets the firmware framebuffer up anew."""
    _unload(s, ("vmbus_sim",))
    _load(s, "load_sim")
    expect(_fbdevs(s) == {"fb0": FIRMWARE_FB_NAME}, "after reloading the sim: fbdevs %s"
           % _fbdevs(s))


def _handover(kernel, loader, drm_fb_name, device, unload=(), reload_sim=False):
    with Session(kernel=kernel, drivers="sim", firmware_fb=MODE) as s:
        _before_driver(s)
        if reload_sim:
            _sim_reload(s)
        _load(s, loader)
        found = _after_driver(s, drm_fb_name, device)
        expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
        if unload:
            _unload(s, unload)
        return found


VIDEO_DEVICE = "5620e0c7-8062-4dce-aeb7-520c7ef76171"  # the host's synthvid instance


def test_synth2d_takes_over(kernel):
    found = _handover(kernel, "insmod_with_deps /synth2d/modules/$RIG_SERIES/synth2d.ko",
                      "synth2ddrmfb", VIDEO_DEVICE, unload=("synth2d", "vmbus_sim"),
                      reload_sim=True)
    bad = ["%s (%s)" % (what, detail) for what, ok, detail in found if not ok]
    expect(not bad, "synth2d did not take over the firmware framebuffer: " + "; ".join(bad))


# What hyperv_drm does here, per kernel (docs/robustness.md): None if it
# takes over like synth2d, else the names of the checks it fails.
# Both take over like synth2d (Debian 6.1.0-56 and 6.12.117).
HYPERV_DRM_XFAIL = {"6.1": None, "6.12": None}


@matrix
def test_hyperv_drm_takes_over(kernel):
    found = _handover(kernel, "load_upstream_module hyperv_drm", "hyperv_drmdrmfb",
                      VIDEO_DEVICE)
    failed = sorted(what for what, ok, _ in found if not ok)
    for what, ok, detail in found:
        log("    hyperv_drm on %s: %s: %s%s" % (kernel, what, "yes" if ok else "NO",
                                                " (%s)" % detail if detail else ""))
    want = HYPERV_DRM_XFAIL[kernel]
    if want:
        log("    xfail: hyperv_drm on %s fails %s" % (kernel, ", ".join(want)))
    expect(failed == sorted(want or []), "hyperv_drm on %s fails %s, recorded %s"
           % (kernel, failed, want))
