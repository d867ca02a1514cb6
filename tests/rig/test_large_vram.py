# SPDX-License-Identifier: MIT
"""A host with more VRAM than the 8 MiB default (--mmio-megabytes 64)
offers the larger modes, and they show pixel-exact in the host's view."""

from rigtest import expect, expect_pattern_shown, stop_pattern

SESSION = {"drivers": "synth2d", "host_opts": ["--mmio-megabytes 64"]}


def test_larger_modes_offered(s):
    vram = s.stats()["video"]["vram_size"]
    expect(vram == 64 << 20, "VRAM size %d, want 64 MiB" % vram)
    out = s.exec("modetest", "-M", "synth2d", "-c").stdout
    for mode in ("2560x1440", "3840x2160"):
        expect(mode in out, "mode %s missing with 64 MiB of VRAM:\n%s" % (mode, out))


def test_2560x1440_pixel_exact(s):
    expect_pattern_shown(s, "2560x1440", "bars")
    sit = s.stats()["video"]["situation"]
    expect((sit["w"], sit["h"], sit["pitch"]) == (2560, 1440, 2560 * 4), "situation %s" % sit)
    stop_pattern(s)
