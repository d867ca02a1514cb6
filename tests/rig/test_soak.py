# SPDX-License-Identifier: MIT
"""make soak: the lifetime cycles a hundred times each (SOAK_CYCLES):
hibernation through the VMBus unload, rescind and re-offer, unbind and
bind, every cycle checked as in the lifetime suite (a fresh connect, the
picture pixel-exact in the host's view). Prints what it saw: the time a
cycle takes, the guest's free memory and slab before and after, and what
the VMBus sim counted; `rig stop` checks the kernel log for oops/WARN.
Never part of make check or the matrix (NAMED_ONLY)."""

import os

from cycles import hibernate_cycles, rebind_cycles
from devicectl import kill_patterns, video_device
from rigtest import expect

SESSION = {"drivers": "synth2d"}
NAMED_ONLY = True
CYCLES = int(os.environ.get("SOAK_CYCLES", "100"))
MODE = "1280x1024"


def _meminfo(s):
    """MemAvailable and Slab of the guest, in kB."""
    out = s.exec("cat", "/proc/meminfo").stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) for k in ("MemAvailable", "Slab")}


def _sim_counter(s, name):
    return int(s.exec("cat", "/sys/module/vmbus_sim/parameters/" + name).stdout)


def _soak(s, what, run):
    before = _meminfo(s)
    took = run()
    after = _meminfo(s)
    expect(len(took) == CYCLES, "%s: %d of %d cycles" % (what, len(took), CYCLES))
    took.sort()
    print("soak %s: %d cycles, seconds a cycle: median %.2f, min %.2f, max %.2f; "
          "MemAvailable %+d kB, Slab %+d kB; sim: mmio_freed_while_open %d, "
          "channels_open_at_unload %d" %
          (what, CYCLES, took[len(took) // 2], took[0], took[-1],
           after["MemAvailable"] - before["MemAvailable"], after["Slab"] - before["Slab"],
           _sim_counter(s, "mmio_freed_while_open"),
           _sim_counter(s, "channels_open_at_unload")))


def test_hibernate(s):
    try:
        _soak(s, "hibernate", lambda: hibernate_cycles(s, CYCLES, MODE))
    finally:
        kill_patterns(s)  # its client holds the device
    expect(_sim_counter(s, "channels_open_at_unload") == 0,
           "a driver left its channel open at a VMBus unload")


def test_rescind_and_reoffer(s):
    _soak(s, "rescind/re-offer",
          lambda: rebind_cycles(s, lambda: s.host("rescind", "video"),
                                lambda: s.host("offer", "video"), "rescind", CYCLES, MODE))


def test_unbind_and_bind(s):
    dev = video_device(s)
    drv = "/sys/bus/vmbus/drivers/synth2d"
    _soak(s, "unbind/bind",
          lambda: rebind_cycles(s, lambda: s.sh("echo %s > %s/unbind" % (dev, drv)),
                                lambda: s.sh("echo %s > %s/bind" % (dev, drv)),
                                "unbind", CYCLES, MODE))
