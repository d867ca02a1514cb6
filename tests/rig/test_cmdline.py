# SPDX-License-Identifier: MIT
"""The kernel's own video= option overrides the host's default mode: the
console comes up at the requested size in the host's view."""

from rigtest import Session, expect

SESSION = None


def test_video_option_overrides_host_default(kernel):
    with Session(kernel=kernel, drivers="synth2d",
                 append=["video=Virtual-1:1280x720"]) as s:
        def console_at_1280x720():
            sit = s.stats()["video"]["situation"]
            return sit["valid"] and (sit["w"], sit["h"]) == (1280, 720) and sit
        sit = s.wait_for("fbcon at 1280x720", console_at_1280x720, timeout=30)
        expect(sit["pitch"] == 1280 * 4, "situation %s" % sit)
        mode = s.exec("cat", "/sys/class/graphics/fb0/virtual_size").stdout.strip()
        expect(mode == "1280,720", "fb0 is %s" % mode)
        expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
