# SPDX-License-Identifier: MIT
"""The fault cases of test_faults.py against the kernel's own hyperv_drm
(`--drivers upstream`), the baseline docs/robustness.md compares synth2d
with. Asserted: no oops/WARN/hang (`rig stop`), the display works after
each case where it can, and the behaviours docs/protocol.md §2.14 documents
for upstream. What the kernel log said is printed for the record.

A baseline of the kernel's driver, not a check of synth2d: it runs in the
full matrix (make check-matrix), not in make check."""

import faultcases as fc
from rigtest import expect, log

SESSION = {"drivers": "upstream"}
MATRIX = True
DRV = fc.Driver("hyperv_drm")
# hyperv_drm keeps the VMBus core's 4 KiB max_pkt_size; a bigger packet
# would stop the sim's channel (Hyper-V's core truncates it instead)
LARGEST = 4000


def _count(lines, text):
    return sum(1 for line in lines if text in line)


def test_malformed_messages_dropped_silently(s):
    packets, lines = fc.malformed_messages(s, DRV, largest=LARGEST)
    log("    upstream: %d malformed packets, %d hyperv_drm log lines" %
        (len(packets), _count(lines, "hyperv_drm")))


def test_unsolicited_replies_then_resume(s):
    rc, took, lines = fc.unsolicited_replies_then_resume(s, DRV)
    log("    upstream: resume after unsolicited replies: exit %d after %.1f s" % (rc, took))
    expect(took < 60, "resume hung for %.1f s" % took)
    s.exec("true")
    if rc != 0:
        # a failed resume leaves the device dead until it is bound again
        DRV.rebind(s)
    fc.recover(s, DRV, "after-unsolicited")


def _bad_resolutions(s, label):
    took, modes, lines = fc.bad_resolution_response_while_waiting(s, DRV, label)
    widest = "1920x1080" in modes
    log("    upstream: %s: device after %.1f s, 1920x1080 offered: %s" % (label, took, widest))
    return took, modes, lines


def test_resolution_response_count_zero(s):
    took, modes, _ = _bad_resolutions(s, "count 0")
    expect("1600x1200" in modes, "no fallback modes")


def test_resolution_response_count_65(s):
    took, modes, _ = _bad_resolutions(s, "count 65")
    expect("1600x1200" in modes, "no fallback modes")


def test_resolution_response_index_out_of_range(s):
    took, modes, _ = _bad_resolutions(s, "default index >= count")
    expect("1600x1200" in modes, "no fallback modes")


def test_resolution_response_short(s):
    # dropped by the receive-side size check (docs/protocol.md §2.14): the probe waits 10 s
    took, modes, _ = _bad_resolutions(s, "fewer entries than count")
    expect(took > 9, "short response taken after %.1f s" % took)


def test_resolution_response_zero_width(s):
    _bad_resolutions(s, "zero width")


def test_wrong_ack_context(s):
    took, lines = fc.vram_ack_fault(s, DRV, "corrupt-next")
    log("    upstream: wrong VRAM ack context: rebind %.1f s" % took)


def test_no_reply(s):
    took, lines = fc.vram_ack_fault(s, DRV, "drop-next")
    log("    upstream: no VRAM ack: rebind %.1f s" % took)
    expect(9 < took < 30, "rebind took %.1f s, the wait is 10 s" % took)


def test_feature_change_storm(s):
    sent, reacted, took = fc.feature_change_storm(s, DRV)
    log("    upstream: storm of %d: %d pointer re-hides, guest answered after %.1f s" %
        (sent, reacted, took))
    expect(took < 20, "guest needed %.1f s to answer during the storm" % took)


def test_rescind_during_modeset(s):
    fc.rescind_during_modeset(s, DRV)
