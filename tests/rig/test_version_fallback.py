# SPDX-License-Identifier: MIT
"""A host that only speaks synthvid 3.2 (VMBus 5.0, where Linux falls back
from 3.5): both driver sets end up on 3.2 and still show a correct picture."""

import json

from rigtest import Session, expect, expect_pattern_shown, stop_pattern

SESSION = None
HOST_OPTS = ["--vmbus-version 5.0", "--synthvid-max-version 3.2"]


def _fallback(kernel, drivers):
    with Session(kernel=kernel, drivers=drivers, host_opts=HOST_OPTS) as s:
        st = s.stats()
        msgs = st["channels"]["video"]["messages"]
        expect(st["video"]["version"] == "3.2", "negotiated %s, want 3.2" % st["video"]["version"])
        expect(msgs["VERSION_REQUEST"]["count"] == 2,
               "want 3.5 rejected then 3.2: %s" % msgs["VERSION_REQUEST"])
        expect(st["video"]["resolution_requests"] == 0, "3.2 has no resolution list")
        expect_pattern_shown(s, "1024x768", "bars")
        stop_pattern(s)
        violations = json.loads(s.host("violations")[2:])
        if drivers == "synth2d":
            expect(not violations, "violations: %s" % violations)
        else:
            # hyperv_drm sizes its fbdev buffer at the 3.2 maximum (1600x1200)
            # and sends DIRT for all of it: non-fatal, recorded in docs/rig.md.
            expect(not [v for v in violations if v["fatal"]], "fatal violations: %s" % violations)


def test_synth2d_falls_back_to_3_2(kernel):
    _fallback(kernel, "synth2d")


def test_upstream_falls_back_to_3_2(kernel):
    _fallback(kernel, "upstream")
