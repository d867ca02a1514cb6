# SPDX-License-Identifier: MIT
"""Host faults against synth2d.ko: every malformed message dropped with a
clear, counted message; bad resolution lists rejected at once; a wrong or
missing ack bounded by the 10 s wait and never confused with another reply;
a FEATURE_CHANGE storm coalesced; rescind in the middle of mode switches.
After each, the display works (pixel-exact pattern); `rig stop` checks the
kernel log for oops/WARN. The same cases run against hyperv_drm in
test_faults_upstream.py; docs/robustness.md compares them."""

import faultcases as fc
from devicectl import debugfs_state, drm_card
from rigtest import expect, log

SESSION = {"drivers": "synth2d"}
DRV = fc.Driver("synth2d")


def _count(lines, text):
    return sum(1 for line in lines if text in line)


def test_malformed_messages_dropped_with_reason(s):
    card = drm_card(s, "synth2d")
    before = int(debugfs_state(s, card)["dropped_host_messages"])
    packets, lines = fc.malformed_messages(s, DRV)
    dropped = int(debugfs_state(s, card)["dropped_host_messages"]) - before
    # every packet but the FEATURE_CHANGE V2 (valid: trailing bytes are
    # ignored) is dropped and counted; the log is rate-limited
    expect(dropped == len(packets) - 1,
           "%d of %d malformed packets counted as dropped" % (dropped, len(packets) - 1))
    expect(_count(lines, "dropped host message (type ") >= 5, "no drop messages in the log")
    for reason in ("truncated or inconsistent length", "not a host-to-guest message type",
                   "not a pipe DATA message"):
        expect(any(reason in line for line in lines), "no '%s' in the log" % reason)


def test_unsolicited_replies_not_taken_by_resume(s):
    rc, took, lines = fc.unsolicited_replies_then_resume(s, DRV)
    log("    synth2d: resume after unsolicited replies: exit %d after %.1f s" % (rc, took))
    expect(rc == 0, "resume failed after unsolicited replies")
    expect(took < 8, "resume took %.1f s: a reply was waited out" % took)
    for t in (2, 4, 14):
        expect(_count(lines, "dropped synthvid reply %d nobody waits for" % t) >= 1,
               "unsolicited reply %d not reported" % t)
    fc.recover(s, DRV, "after-unsolicited")


def _bad_resolutions(s, label):
    took, modes, lines = fc.bad_resolution_response_while_waiting(s, DRV, label)
    log("    synth2d: %s: device after %.1f s" % (label, took))
    expect(took < 8, "%s: the probe waited %.1f s instead of failing at once" % (label, took))
    expect(_count(lines, "no resolution list from the host") == 1,
           "%s: no fallback message" % label)
    expect("1600x1200" in modes and "1920x1080" not in modes,
           "%s: not the 3.2 default modes:\n%s" % (label, modes))


def test_resolution_response_count_zero(s):
    _bad_resolutions(s, "count 0")


def test_resolution_response_count_65(s):
    _bad_resolutions(s, "count 65")


def test_resolution_response_index_out_of_range(s):
    _bad_resolutions(s, "default index >= count")


def test_resolution_response_short(s):
    _bad_resolutions(s, "fewer entries than count")


def test_resolution_response_zero_width(s):
    _bad_resolutions(s, "zero width")


def test_wrong_ack_context(s):
    took, lines = fc.vram_ack_fault(s, DRV, "corrupt-next")
    log("    synth2d: VRAM ack corrupt-next: rebind %.1f s" % took)
    expect(_count(lines, "dropped synthvid reply 4 nobody waits for") == 1,
           "wrong-context ack not reported as stray")
    expect(_count(lines, "host did not ack the VRAM location: -110") == 1,
           "no timeout message")
    expect(9 < took < 30, "rebind took %.1f s, the wait is 10 s" % took)


def test_no_reply(s):
    took, lines = fc.vram_ack_fault(s, DRV, "drop-next")
    log("    synth2d: VRAM ack drop-next: rebind %.1f s" % took)
    expect(_count(lines, "host did not ack the VRAM location: -110") == 1,
           "no timeout message")
    expect(9 < took < 30, "rebind took %.1f s, the wait is 10 s" % took)


def test_feature_change_storm(s):
    sent, reacted, took = fc.feature_change_storm(s, DRV)
    log("    synth2d: storm of %d: %d pointer re-hides, guest answered after %.1f s" %
        (sent, reacted, took))
    expect(sent >= 100, "host sent only %d FEATURE_CHANGEs" % sent)
    expect(took < 20, "guest needed %.1f s to answer during the storm" % took)
    # The reaction (a pointer re-hide) runs in one work item that takes
    # every FEATURE_CHANGE received before it runs: the host, which writes
    # the burst faster than a guest drains it, must see the storm coalesced,
    # not one reaction per message (hyperv_drm: one per two, the matrix's
    # faults_upstream). At least one, as the final flags need the guest.
    expect(1 <= reacted <= sent // 10, "%d pointer re-hides for %d messages" % (reacted, sent))


def test_rescind_during_modeset(s):
    fc.rescind_during_modeset(s, DRV)
    expect(s.stats()["violations"] == 0, "violations: %s" % s.host("violations"))
