# SPDX-License-Identifier: MIT
"""`rig start --init systemd` (docs/rig.md): the guest boots with systemd
as PID 1 and keeps the rig's contract (the driver set loaded, spool/ready,
the command agent, the kernel log checked at stop), and a desktop session
can be started the way a display manager starts one: a logind session of
the desktop user on seat0 (guest/desktop/start-session), which takes the
synth2d DRM card and the synthetic input devices from logind, as mutter
and KWin do. Matrix only: the systemd boot costs about 25 s more than the
rig's own init."""

from rigtest import expect

SESSION = {"drivers": "synth2d", "image": "desktop", "init": "systemd", "memory": 1536}
MATRIX = True

TAKE = "/rig/guest/desktop/take-devices"


def _props(s, cmd):
    out = s.sh(cmd).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def test_systemd_is_pid1_with_logind(s):
    expect(s.exec("cat", "/proc/1/comm").stdout.strip() == "systemd", "PID 1 is not systemd")
    for unit in ("systemd-logind", "dbus", "systemd-udevd"):
        state = s.exec("systemctl", "is-active", unit, check=False).stdout.strip()
        expect(state == "active", "%s is %s" % (unit, state))
    mods = s.exec("cat", "/proc/modules").stdout
    for mod in ("vmbus_sim", "synth2d", "synth2d_input"):
        expect(("%s " % mod) in mods, "the driver set is not loaded: no %s" % mod)


def test_seat0_has_the_display_and_the_synthetic_input(s):
    status = s.exec("loginctl", "seat-status", "seat0", "--no-pager").stdout
    for dev in ("drm:card0", "Microsoft Vmbus HID-compliant Mouse",
                "Microsoft Vmbus Synthetic Keyboard"):
        expect(dev in status, "seat0 lacks %s:\n%s" % (dev, status))
    seat = _props(s, "loginctl show-seat seat0")
    expect(seat.get("CanGraphical") == "yes", "seat0 cannot run a graphical session: %s" % seat)


def test_desktop_session_on_seat0_takes_the_devices(s):
    # The session's command: the seat calls a compositor makes, then stay.
    script = ("devs=; for d in /dev/dri/card0 /dev/input/event*; do "
              "devs=\"$devs $((0x$(stat -c %t $d))):$((0x$(stat -c %T $d)))\"; done; "
              + TAKE + " $devs; exec sleep 600")
    sid = s.exec("/rig/guest/desktop/start-session", "probe", "wayland", "/bin/sh", "-c",
                 script).stdout.strip()
    expect(sid, "start-session printed no session id")
    sessions = s.exec("loginctl", "list-sessions", "--no-legend").stdout
    session = _props(s, "loginctl show-session %s" % sid)
    want = {"Name": "desktop", "Seat": "seat0", "VTNr": "1", "Type": "wayland",
            "Class": "user", "Active": "yes", "Remote": "no", "Service": "login"}
    for key, value in want.items():
        expect(session.get(key) == value, "session %s: %s=%s, want %s (sessions: %s)" %
               (sid, key, session.get(key), value, sessions))
    devices = 1 + len(s.sh("ls /dev/input/event*").stdout.split())
    s.wait_for("the session's TakeControl and %d TakeDevice calls" % devices,
               lambda: len(s.exec("cat", "/tmp/probe.log").stdout.splitlines()) == 1 + devices)
    calls = s.exec("cat", "/tmp/probe.log").stdout.splitlines()
    expect(all(line.endswith(": ok") for line in calls),
           "TakeControl and TakeDevice of the card, mouse and keyboard must succeed: %s" % calls)
