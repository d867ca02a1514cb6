# SPDX-License-Identifier: MIT
"""The lifetime cycles: hibernation, and detach + attach of the video
device, each checked for a fresh connect and the picture pixel-exact in
the host's view. The lifetime suite runs them CYCLES times, make soak
(test_soak.py) a hundred times."""

import time

from devicectl import (drm_card, hibernate_cycle, kill_patterns, picture_is, show_pattern_on,
                       video_messages, wait_card, wait_connected)
from rigtest import expect


def hibernate_cycles(s, cycles, mode):
    """CYCLES hibernations of the VMBus (devicectl.hibernate_cycle) with a
    client showing the pattern at MODE: each unloads the bus and is
    followed by a new connect, the same VRAM, the situation, the picture
    pixel-exact and the host pointer unchanged. Returns the seconds each
    cycle took."""
    w, h = map(int, mode.split("x"))
    took = []
    card = drm_card(s, "synth2d")
    show_pattern_on(s, card, mode)
    st = s.stats()
    gpa = st["video"]["vram_gpa"]
    pointer = s.host("pointer")
    for i in range(cycles):
        versions = video_messages(s, "VERSION_REQUEST")
        vram = video_messages(s, "VRAM_LOCATION")
        bus = s.stats()["bus"]
        t0 = time.monotonic()
        hibernate_cycle(s)
        took.append(time.monotonic() - t0)
        st = s.stats()
        # the VMBus way: unload, offers again, the same device kept
        expect(st["bus"]["unloads"] == bus["unloads"] + 1 and
               st["bus"]["offer_requests"] == bus["offer_requests"] + 1,
               "cycle %d: no VMBus unload and offer request: %s" % (i, st["bus"]))
        video = st["channels"]["video"]
        expect(video["guest_offer_generation"] == video["offer_generation"],
               "cycle %d: the guest did not take the new offer: %s" % (i, video))
        expect(video_messages(s, "VERSION_REQUEST") == versions + 1,
               "cycle %d: no new version negotiation" % i)
        expect(video_messages(s, "VRAM_LOCATION") == vram + 1,
               "cycle %d: VRAM location not sent again" % i)
        expect(st["video"]["vram_gpa"] == gpa and st["video"]["vram_mapped"],
               "cycle %d: VRAM moved or unmapped: %s" % (i, st["video"]))
        sit = st["video"]["situation"]
        expect(sit["active"] and (sit["w"], sit["h"], sit["pitch"]) == (w, h, w * 4),
               "cycle %d: situation %s" % (i, sit))
        picture_is(s, "hibernate-%d" % i, mode)
        expect(s.host("pointer") == pointer,
               "cycle %d: pointer %s, was %s" % (i, s.host("pointer"), pointer))
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
    return took


def rebind_cycles(s, detach, attach, what, cycles, mode):
    """CYCLES times detach + attach the video device; the first time with a
    client holding the DRM device. Each time the console comes back and a
    new client's picture shows pixel-exact, at 1024x768 and MODE in turn.
    Returns the seconds each cycle took."""
    took = []
    for i in range(cycles):
        card = drm_card(s, "synth2d")
        expect(card, "%s %d: no synth2d DRM device" % (what, i))
        if i == 0:
            show_pattern_on(s, card, mode, name="holder")
        versions = video_messages(s, "VERSION_REQUEST")
        t0 = time.monotonic()
        detach()
        wait_card(s, "synth2d", False)
        attach()
        card = wait_card(s, "synth2d", True)
        wait_connected(s, versions, "%s %d: reconnect" % (what, i))
        if i == 0:
            # the client of the unplugged device closes it only now
            kill_patterns(s)
        shown = ("1024x768", mode)[i % 2]
        show_pattern_on(s, card, shown)
        picture_is(s, "%s-%d" % (what, i), shown)
        took.append(time.monotonic() - t0)
        kill_patterns(s)
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
    expect_channel_closed_before_mmio_freed(s, what)
    return took


def expect_channel_closed_before_mmio_freed(s, what):
    """The VMBus sim counts MMIO (VRAM) freed while its channel was open:
    the host would still scan out of it, and the next device may get it."""
    freed = s.exec("cat", "/sys/module/vmbus_sim/parameters/mmio_freed_while_open").stdout
    expect(freed.strip() == "0",
           "%s: VRAM freed %s time(s) while the channel was open" % (what, freed.strip()))
