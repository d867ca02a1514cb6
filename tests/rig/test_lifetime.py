# SPDX-License-Identifier: MIT
"""Lifetime of synth2d.ko: hibernation (freeze/thaw through the VMBus
sim's hook, then one real hibernation), rescind and re-offer, unbind and
bind, unload with an open client. After each step the host has seen a
fresh connect with the same VRAM address, and the picture is back
pixel-exact. `rig stop` then checks the kernel log for oops/WARN.

The real hibernation kills the rig's virtio-9p root (no freeze/restore in
virtio-9p), so it is the last test of the session: the guest powers itself
off after it."""


from cycles import expect_channel_closed_before_mmio_freed, hibernate_cycles, rebind_cycles
from devicectl import (MOUSE, device_of_class, dmesg_mark, drm_card, expect_log,
                       hibernate_cycle, kill_patterns, picture_is, show_pattern_on,
                       video_device, video_messages, wait_card, wait_connected)
from kmsclient import IMAGES, KmsClient, expect_one_pointer
from rigtest import (RigError, check_pattern, expect, expect_view_is_vram, host_view, log,
                     show_pattern, stop_pattern)

SESSION = {"drivers": "synth2d"}

CYCLES = 10
# Each rescind or unbind cycle costs ~10 s under TCG; make soak runs 100 of
# them (docs/robustness.md), make check the first few.
REBIND_CYCLES = 3
DRIVER = "/sys/bus/vmbus/drivers/synth2d"
MODE = "1280x1024"


def _sysfs_write(s, path, value, check=True):
    return s.sh("echo %s > %s" % (value, path), check=check)


def test_hibernate_cycles_restore_picture_and_pointer(s):
    hibernate_cycles(s, CYCLES, MODE)


def test_failed_resume_recovers_on_next_cycle(s):
    # A host that never acks the VRAM location fails the resume (as Linux);
    # the next cycle must bring the display back.
    mark = dmesg_mark(s, "failed-resume")
    s.host("fault", "video", "drop-next", "VRAM_LOCATION_ACK")
    res = hibernate_cycle(s, check=False)
    expect(res.returncode != 0, "resume without a VRAM ack reported success")
    expect_log(s, mark, "resume: host did not ack the VRAM location: -110",
               "failed resume")
    hibernate_cycle(s)
    picture_is(s, "after-failed-resume", MODE)
    kill_patterns(s)


def test_resume_without_resolution_list_keeps_mode(s):
    # The host does not answer the resolution request on resume: the list
    # from before stays, and the 1920x1080 screen comes back (it used to
    # fall back to the 3.2 limit of 1600x1200 and refuse it: a dark screen).
    mark = dmesg_mark(s, "no-resolution-list")
    show_pattern_on(s, drm_card(s, "synth2d"), "1920x1080")
    s.host("fault", "video", "drop-next", "RESOLUTION_RESPONSE")
    hibernate_cycle(s)
    expect_log(s, mark, "resume: resolution list not re-read (-110), keeping the previous one",
               "resume without a resolution list")
    picture_is(s, "resume-without-list", "1920x1080")
    # The host now lists less than the screen it had (limits 1280 wide,
    # 768 high): the restored mode is still not refused.
    mark = dmesg_mark(s, "smaller-list")
    video = s.stats()["video"]
    s.host("resolutions", "1280x720,1024x768")
    try:
        hibernate_cycle(s)
        expect_log(s, mark, "resume: keeping 1920x1080 beyond the host's 1280x768",
                   "resume with a smaller list")
        picture_is(s, "resume-smaller-list", "1920x1080")
    finally:
        # the guest takes the host's list back at the next resume
        s.host("resolutions", video["resolutions"], "default=%d" % video["default_resolution"])
        hibernate_cycle(s)
    picture_is(s, "resume-full-list", "1920x1080")
    kill_patterns(s)


def test_rescind_and_reoffer_cycles(s):
    rebind_cycles(s, lambda: s.host("rescind", "video"),
                  lambda: s.host("offer", "video"), "rescind", REBIND_CYCLES, MODE)


def test_unbind_and_bind_cycles(s):
    dev = video_device(s)
    rebind_cycles(s, lambda: _sysfs_write(s, DRIVER + "/unbind", dev),
                  lambda: _sysfs_write(s, DRIVER + "/bind", dev), "unbind", REBIND_CYCLES,
                  MODE)


def test_feature_change_at_open_is_kept(s):
    """A FEATURE_CHANGE that comes before the device is connected (here
    right at the channel's open, before the version exchange, and the only
    one this host sends) is acted on once it is: DIRT flows, so a repaint
    shows in the host's view. Probe (unbind + bind) and resume (hibernate)."""
    dev = video_device(s)

    def rebind():
        _sysfs_write(s, DRIVER + "/unbind", dev)
        wait_card(s, "synth2d", False)
        _sysfs_write(s, DRIVER + "/bind", dev)

    rects = [(8, 8, 40, 24), (600, 400, 64, 32)]
    s.host("fault", "video", "feature-change-at-open")
    try:
        for what, reconnect in (("probe", rebind), ("resume", lambda: hibernate_cycle(s))):
            stop_pattern(s)
            before = s.stats()["video"]["feature_changes_at_open"]
            versions = video_messages(s, "VERSION_REQUEST")
            reconnect()
            card = wait_card(s, "synth2d", True)
            wait_connected(s, versions, what + ": reconnect")
            expect(s.stats()["video"]["feature_changes_at_open"] == before + 1,
                   "%s: the host sent no FEATURE_CHANGE at open" % what)
            show_pattern(s, "1024x768", "coords", dirty=rects, dirty_pattern="inverse",
                         device=card)
            png, _ = host_view(s, "at-open-" + what)
            check_pattern(s, png, "1024x768", "coords", dirty=rects, dirty_pattern="inverse")
            expect_view_is_vram(s, "at-open-" + what)
            stop_pattern(s)
    finally:
        s.host("fault", "video", "clear")
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))


def test_unload_with_open_client(s):
    card = drm_card(s, "synth2d")
    show_pattern_on(s, card, MODE)
    # the open file holds the module: unloading is refused, the picture stays
    res = s.exec("rmmod", "synth2d", check=False)
    expect(res.returncode != 0 and "in use" in res.stderr,
           "rmmod with an open client: rc %d %s" % (res.returncode, res.stderr))
    picture_is(s, "unload-refused", MODE)
    # unbinding unplugs the device under the client; then the module goes
    dev = video_device(s)
    s.sh("echo %s > /sys/bus/vmbus/drivers/synth2d/unbind" % dev)
    wait_card(s, "synth2d", False)
    kill_patterns(s)
    s.exec("rmmod", "synth2d")
    expect(s.sh("grep -c '^synth2d ' /proc/modules", check=False).stdout.strip() == "0",
           "synth2d still loaded")
    versions = video_messages(s, "VERSION_REQUEST")
    s.exec("insmod", "/synth2d/modules/%s/synth2d.ko" % s.kernel)
    card = wait_card(s, "synth2d", True)
    wait_connected(s, versions, "connect after insmod")
    show_pattern_on(s, card, MODE)
    picture_is(s, "after-reload", MODE)
    expect_channel_closed_before_mmio_freed(s, "unload")


def test_unbind_under_a_composed_pointer(s):
    """The device unbound while a client moves a pointer synth2d draws into
    VRAM (a 64x64 shape, docs/display.md): the moves after the unplug fail,
    the channel is closed before the VRAM is freed, and no blend touches
    VRAM after that (`rig stop` checks the kernel log for the oops it
    would be); bound again, the device connects and shows a client's
    picture. A regression guard: the race has no deterministic window."""
    hx, hy = IMAGES[3]["hot"]
    kill_patterns(s)  # the DRM master of the test before
    c = KmsClient(s, "1024x768")
    try:
        c.cmd("set2 3 %d %d" % (hx, hy))
        c.cmd("move %d %d" % (300 - hx, 200 - hy))
        expect_one_pointer(s, "composed-before-unbind", 3, (300, 200))
        dev = video_device(s)
        s.background("unbind", "sh -c 'sleep 3; echo %s > %s/unbind'" % (dev, DRIVER))
        refused = 0
        for i in range(40):
            if not c.cmd("move %d %d" % (100 + 15 * i - hx, 200 - hy),
                         check=False).startswith("ok"):
                refused += 1
        wait_card(s, "synth2d", False)
    finally:
        c.stop()
    log("    %d of 40 pointer moves refused after the unplug" % refused)
    expect(refused > 0, "no cursor move failed after the unplug: the unbind came too late")
    expect_channel_closed_before_mmio_freed(s, "unbind under a composed pointer")
    versions = video_messages(s, "VERSION_REQUEST")
    _sysfs_write(s, DRIVER + "/bind", dev)
    card = wait_card(s, "synth2d", True)
    wait_connected(s, versions, "connect after the unbind")
    show_pattern_on(s, card, MODE)  # stays for the real hibernation's check
    picture_is(s, "after-composed-unbind", MODE)


def test_real_hibernation_last(s):
    # The kernel's own hibernation path (noirq freeze/thaw of the VMBus bus)
    # with pm_test stopping before the image is written. Drivers without
    # hibernation support would abort it: only the video device stays bound.
    s.sh("for d in /sys/bus/vmbus/devices/*; do "
         "[ -e $d/driver ] && [ \"$(basename $(readlink $d/driver))\" != synth2d ] && "
         "echo ${d##*/} > $d/driver/unbind; done; true")
    mouse = device_of_class(s, MOUSE)
    st = s.stats()
    gpa, unloads = st["video"]["vram_gpa"], st["bus"]["unloads"]
    versions = video_messages(s, "VERSION_REQUEST")
    # After thaw the rig's 9p root is gone (the module docstring): udev
    # keeps its events queued instead of running workers against it, and
    # guest/hibernate runs from tmpfs and powers the guest off once the
    # host has rescinded the (unbound) mouse, i.e. once the checks are done.
    s.sh("udevadm control --stop-exec-queue")
    s.background("hibernate", "/rig/guest/hibernate /sys/bus/vmbus/devices/%s" % mouse)
    wait_connected(s, versions, "reconnect after hibernation", timeout=120)
    st = s.stats()
    expect(st["video"]["vram_gpa"] == gpa, "VRAM moved: %s" % st["video"])
    expect(st["bus"]["unloads"] == unloads + 1,
           "the PM core's hibernation did not unload the VMBus: %s" % st["bus"])
    s.wait_for("picture back after hibernation",
               lambda: _picture_ok(s, "real-hibernation"), timeout=30)
    console = s.console_log()

    def console_has(text):
        return text in open(console, errors="replace").read()

    s.wait_for("hibernation exit in the console log",
               lambda: console_has("hibernation exit"), timeout=30)
    s.wait_for("the hibernation's return in the console log",
               lambda: console_has("rig-hibernate: returned "), timeout=30)
    expect(console_has("rig-hibernate: returned 0"),
           "writing disk to /sys/power/state failed (console.log)")
    s.host("rescind", "mouse")
    # The guest's own power-off: the console's last word, then QEMU exits.
    s.wait_for("the guest powering itself off after the hibernation",
               lambda: console_has("reboot: Power down"), timeout=60)


def _picture_ok(s, name):
    try:
        picture_is(s, name, MODE)
        return True
    except (AssertionError, RigError):
        return False
