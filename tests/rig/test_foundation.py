# SPDX-License-Identifier: MIT
"""The walking skeleton end to end with synth2d.ko: the connect sequence
as the host saw it, host modes set from a client and shown pixel-exact,
DIRT covering exactly the changed area, reconnect, modetest."""

from rigtest import (check_pattern, expect, expect_pattern_shown, host_view, non_black_pixels,
                     show_pattern, stop_pattern)

SESSION = {"drivers": "synth2d"}


def test_connect_sequence(s):
    st = s.stats()
    video = st["video"]
    msgs = st["channels"]["video"]["messages"]
    expect(st["channels"]["video"]["state"] == "active", "video channel not active: %s" % st)
    expect(video["version"] == "3.5", "negotiated version %s, not 3.5" % video["version"])
    expect(video["vram_mapped"], "host did not map VRAM (address outside the window?)")
    expect(video["vram_size"] >= 8 << 20, "VRAM size %d" % video["vram_size"])
    expect(video["resolution_requests"] == 1, "resolution requests: %d" % video["resolution_requests"])
    for name in ("VERSION_REQUEST", "VRAM_LOCATION", "SITUATION_UPDATE"):
        expect(msgs.get(name, {}).get("count", 0) >= 1, "host never saw %s: %s" % (name, msgs))
    expect(video["situation"]["valid"] and video["situation"]["active"],
           "no active situation: %s" % video["situation"])
    expect(st["violations"] == 0, "protocol violations: %s" % s.host("violations"))


def test_debugfs_counts_what_the_host_saw(s):
    state = s.sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; "
                 "cat /sys/kernel/debug/dri/0/synth2d_state").stdout
    lines = dict(l.split(": ", 1) for l in state.splitlines() if ": " in l)
    sent = dict(kv.split("=") for kv in lines["messages_sent"].split())
    received = dict(kv.split("=") for kv in lines["messages_received"].split())
    host = s.stats()["channels"]["video"]["messages"]
    for name in ("VERSION_REQUEST", "VRAM_LOCATION", "RESOLUTION_REQUEST"):
        expect(int(sent.get(name, 0)) == host[name]["count"],
               "%s: guest says %s sent, host saw %s" % (name, sent.get(name), host[name]))
    for name in ("VERSION_RESPONSE", "VRAM_LOCATION_ACK", "RESOLUTION_RESPONSE"):
        expect(int(received.get(name, 0)) == host[name]["count"],
               "%s: guest says %s received, host sent %s" % (name, received.get(name), host[name]))
    expect(lines["version"] == "3.5", "debugfs version %s" % lines["version"])


def test_modetest_lists_host_modes(s):
    out = s.exec("modetest", "-M", "synth2d", "-c").stdout
    expect("Virtual" in out and "connected" in out, "no connected virtual connector:\n" + out)
    for mode in ("1024x768", "1600x1200", "1920x1080"):
        expect(mode in out, "mode %s missing from modetest output:\n%s" % (mode, out))
    # The host offers no mode larger than its 8 MiB of VRAM.
    for mode in ("2560x1440", "3840x2160"):
        expect(mode not in out, "mode %s does not fit 8 MiB of VRAM:\n%s" % (mode, out))


def test_two_host_modes_pixel_exact(s):
    for mode in ("1920x1080", "1280x720"):
        expect_pattern_shown(s, mode, "bars")
        sit = s.stats()["video"]["situation"]
        w, h = map(int, mode.split("x"))
        expect((sit["w"], sit["h"], sit["pitch"]) == (w, h, w * 4), "situation %s" % sit)
    stop_pattern(s)


def test_dirt_covers_exactly_the_changed_area(s):
    mode = "1024x768"
    rects = [(8, 8, 40, 24), (1000, 740, 20, 20)]
    stop_pattern(s)
    s.host("reset-stats")
    show_pattern(s, mode, "coords", dirty=rects, dirty_pattern="inverse")
    st = s.stats()["video"]
    want = sorted([x, y, x + w, y + h] for x, y, w, h in rects)
    # The modeset itself sends a full-frame DIRT; the flush is the last message.
    expect(sorted(st["last_dirt_rects"]) == want,
           "last DIRT rects %s, want %s" % (st["last_dirt_rects"], want))
    expect(st["vram"]["undeclared_pixels"] == 0,
           "pixels changed without DIRT: %s" % st["vram"])
    png, _ = host_view(s, "view-dirty")
    check_pattern(s, png, mode, "coords", dirty=rects, dirty_pattern="inverse")
    stop_pattern(s)


def test_reconnect_keeps_the_picture(s):
    mode = "1280x1024"
    show_pattern(s, mode, "bars")
    before = s.stats()["video"]["feature_changes_sent"]
    s.host("reconnect")
    s.wait_for("FEATURE_CHANGE handled",
               lambda: s.stats()["video"]["feature_changes_sent"] > before)
    png, _ = host_view(s, "view-reconnect")
    check_pattern(s, png, mode, "bars")
    expect(s.stats()["violations"] == 0, "violations after reconnect")
    stop_pattern(s)


def test_console_text_visible(s):
    s.sh("printf '\\033[2J\\033[H' >/dev/tty1")
    png, size = host_view(s, "view-console-clear")
    cleared = non_black_pixels(png, size)
    s.sh("printf 'SYNTH2D CONSOLE TEST\\n' >/dev/tty1")
    png, size = host_view(s, "view-console")
    expect(non_black_pixels(png, size) > cleared + 200, "no console text visible in %s" % png)
