# SPDX-License-Identifier: MIT
"""Host fault cases run against synth2d.ko (test_faults.py) and the kernel's
own hyperv_drm (test_faults_upstream.py). Each case does the fault, then
returns what the guest showed (kernel log lines, timings, modes); the
suites assert what each driver is expected to do. Every case ends with the
display checked: a client's pattern pixel-exact in the host's view."""

import struct
import time

from devicectl import (dmesg_mark, dmesg_since, drm_card, hibernate_cycle, kill_patterns,
                       picture_is, resolution_response, show_pattern_on, synthvid,
                       video_device, video_messages, wait_card, wait_connected)
from rigtest import log

MODE = "1280x1024"

# synthvid types (docs/protocol.md §2.1)
VERSION_RESPONSE, VRAM_LOCATION_ACK, SITUATION_UPDATE_ACK = 2, 4, 6
FEATURE_CHANGE, BIOS_INFO_RESPONSE, RESOLUTION_RESPONSE, CAPABILITY_RESPONSE = 9, 12, 14, 16
HOST_TO_GUEST = {VERSION_RESPONSE: 6, VRAM_LOCATION_ACK: 8, SITUATION_UPDATE_ACK: 8,
                 FEATURE_CHANGE: 4, RESOLUTION_RESPONSE: 131, BIOS_INFO_RESPONSE: 16,
                 CAPABILITY_RESPONSE: 64}
UNKNOWN_TYPES = (0, 1, 3, 5, 7, 8, 10, 11, 13, 15, 17, 0x7fffffff, 0xffffffff)


class Driver:
    def __init__(self, name):
        self.name = name  # the vmbus driver and the DRM driver name

    def rebind(self, s, background=False):
        dev = video_device(s)
        drv = "/sys/bus/vmbus/drivers/" + self.name
        script = "echo %s > %s/unbind; echo %s > %s/bind" % (dev, drv, dev, drv)
        if background:
            s.background("rebind", "sh -c '%s'" % script)
        else:
            s.sh(script, timeout=60)

    def modes(self, s):
        return s.exec("modetest", "-M", self.name, "-c").stdout


def recover(s, drv, name, mode=MODE):
    """The display works: a new client's picture shows pixel-exact."""
    kill_patterns(s)
    card = wait_card(s, drv.name, True)
    show_pattern_on(s, card, mode)
    picture_is(s, name, mode)
    kill_patterns(s)


def _report(name, lines):
    log("    [%s] kernel log:" % name)
    for line in lines[-12:]:
        log("      " + line)


def malformed_messages(s, drv, largest=16384):
    """Truncated, oversized, inconsistent and unknown messages of every
    host-to-guest type; returns (packets injected, kernel log lines).
    LARGEST: bytes of the biggest packet (the sim, unlike Hyper-V's VMBus
    core, stops a channel that gets a packet above its max_pkt_size)."""
    # one of each kind first: the kernel log is rate-limited (10 per 5 s)
    packets = [("pipe type 0", synthvid(FEATURE_CHANGE, b"\x01\x00\x00\x00", pipe_type=0)),
               ("unknown type 0", synthvid(0, b"\x00" * 16))]
    for t, size in HOST_TO_GUEST.items():
        packets.append(("type %d empty" % t, synthvid(t, b"")))
        packets.append(("type %d truncated" % t, synthvid(t, b"\x01" * (size - 1))))
        # pipe size claims more than the packet holds
        packets.append(("type %d pipe size too large" % t,
                        synthvid(t, b"\x01" * size, pipe_size=8 + size + 64)))
        packets.append(("type %d pipe size 4" % t, synthvid(t, b"\x01" * size, pipe_size=4)))
    for t in UNKNOWN_TYPES[1:]:
        packets.append(("unknown type %d" % t, synthvid(t, b"\x00" * 16)))
    packets.append(("pipe type 2", synthvid(FEATURE_CHANGE, b"\x01\x00\x00\x00", pipe_type=2)))
    for n in (1, 7, 8, 15):
        packets.append(("%d-byte packet" % n, (b"\x01" + b"\x00" * (n - 1)).hex()))
    # oversized: 16 KiB of an unknown type, and a valid FEATURE_CHANGE with
    # trailing bytes (a V2 message with its EDID), which is accepted
    packets.append(("%d-byte unknown" % largest, synthvid(0x55, b"\xaa" * (largest - 16))))
    packets.append(("FEATURE_CHANGE V2 (132 bytes)",
                    synthvid(FEATURE_CHANGE, b"\x01\x01\x01\x00" + b"\x00" * 128)))
    mark = dmesg_mark(s, "malformed")
    for label, hexdata in packets:
        s.host("inject", "video", hexdata)
    s.exec("true")  # the guest still answers
    time.sleep(1)
    lines = dmesg_since(s, mark)
    _report("malformed", lines)
    recover(s, drv, "after-malformed")
    return packets, lines


def unsolicited_replies_then_resume(s, drv):
    """Valid replies nobody asked for, then a hibernation cycle: a driver
    that takes them for the resume's replies misnegotiates or stalls.
    Returns (resume exit status, seconds, kernel log lines)."""
    mark = dmesg_mark(s, "unsolicited")
    s.host("inject", "video", synthvid(VERSION_RESPONSE, struct.pack("<IBB", 0x00050003, 0, 1)))
    s.host("inject", "video", synthvid(VRAM_LOCATION_ACK, struct.pack("<Q", 0xdead)))
    s.host("inject", "video", synthvid(RESOLUTION_RESPONSE,
                                       resolution_response(1, 0, [(800, 600)])))
    time.sleep(0.5)
    t0 = time.monotonic()
    res = hibernate_cycle(s, check=False, timeout=90)
    took = time.monotonic() - t0
    lines = dmesg_since(s, mark)
    _report("unsolicited", lines)
    return res.returncode, took, lines


BAD_RESOLUTION_RESPONSES = {
    "count 0": resolution_response(0, 0, []),
    "count 65": resolution_response(65, 0, [(1024, 768)] * 65),
    "default index >= count": resolution_response(2, 2, [(1024, 768), (1280, 1024)]),
    "fewer entries than count": resolution_response(10, 0, [(1024, 768), (1280, 1024)]),
    "zero width": resolution_response(2, 0, [(0, 768), (1280, 1024)]),
}


def bad_resolution_response_while_waiting(s, drv, label):
    """The host withholds its resolution response at probe and a bad one
    arrives instead. Returns (seconds from the bad one to the DRM device,
    modetest output, kernel log lines). The fallback modes stay until the
    next probe."""
    s.host("fault", "video", "drop-next", "RESOLUTION_RESPONSE")
    before = s.stats()["video"]["resolution_requests"]
    mark = dmesg_mark(s, "badres")
    drv.rebind(s, background=True)
    s.wait_for("resolution request", lambda: s.stats()["video"]["resolution_requests"] > before)
    t0 = time.monotonic()
    s.host("inject", "video", synthvid(RESOLUTION_RESPONSE, BAD_RESOLUTION_RESPONSES[label]))
    wait_card(s, drv.name, True, timeout=60)
    took = time.monotonic() - t0
    modes = drv.modes(s)
    lines = dmesg_since(s, mark)
    _report("bad resolution response: " + label, lines)
    recover(s, drv, "after-badres", mode="1024x768")
    return took, modes, lines


def vram_ack_fault(s, drv, action):
    """drop-next (no reply) or corrupt-next (wrong user context) on the
    VRAM_LOCATION_ACK of a fresh probe. Returns (seconds the rebind took,
    kernel log lines); the display is checked afterwards."""
    s.host("fault", "video", action, "VRAM_LOCATION_ACK")
    applied = s.stats()["video"]["faults_applied"]
    mark = dmesg_mark(s, action)
    t0 = time.monotonic()
    drv.rebind(s)
    wait_card(s, drv.name, True)
    took = time.monotonic() - t0
    lines = dmesg_since(s, mark)
    _report("VRAM ack " + action, lines)
    assert s.stats()["video"]["faults_applied"] == applied + 1, "the host applied no fault"
    recover(s, drv, "after-" + action)
    return took, lines


def feature_change_storm(s, drv, count=500):
    """COUNT FEATURE_CHANGEs at once while a client shows a pattern.
    Returns (FEATURE_CHANGEs sent, guest POINTER_SHAPEs in reaction,
    seconds until the guest answered a command)."""
    card = drm_card(s, drv.name)
    show_pattern_on(s, card, MODE)
    shapes = video_messages(s, "POINTER_SHAPE")
    reply = s.host("fault", "video", "feature-storm", count)
    sent = int(reply.split("sent=")[1])
    t0 = time.monotonic()
    s.exec("true", timeout=60)
    took = time.monotonic() - t0
    # let the reactions drain, then the picture must be intact
    s.wait_for("storm handled", lambda: _settled(s, "POINTER_SHAPE"), timeout=60)
    reacted = video_messages(s, "POINTER_SHAPE") - shapes
    picture_is(s, "after-storm", MODE)
    kill_patterns(s)
    return sent, reacted, took


def _settled(s, name):
    a = video_messages(s, name)
    time.sleep(1.0)
    return video_messages(s, name) == a


def rescind_during_modeset(s, drv):
    """Clients switch modes in a loop; the host rescinds the device in the
    middle, then offers it again. Returns kernel log lines."""
    card = drm_card(s, drv.name)
    loop = ("sh -c 'while :; do for m in 1024x768 1920x1080 1280x1024 800x600; do "
            "/synth2d/tests/kms/synth2d-kmspattern --device %s --mode $m --hold 0; "
            "done; done'" % card)
    mark = dmesg_mark(s, "rescind-modeset")
    # Count the switches the host saw: each mode is held for a moment only,
    # so sampling the current width can miss all of them.
    situations = video_messages(s, "SITUATION_UPDATE")
    s.background("modeloop", loop)
    s.wait_for("mode switches",
               lambda: video_messages(s, "SITUATION_UPDATE") >= situations + 3, timeout=60)
    versions = video_messages(s, "VERSION_REQUEST")
    s.host("rescind", "video")
    wait_card(s, drv.name, False)
    s.sh("pkill -f 'while :; do for m'; true", check=False)
    kill_patterns(s)
    s.host("offer", "video")
    wait_card(s, drv.name, True)
    wait_connected(s, versions, "reconnect after rescind")
    lines = dmesg_since(s, mark)
    _report("rescind during modeset", lines)
    recover(s, drv, "after-rescind-modeset")
    return lines
