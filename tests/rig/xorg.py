# SPDX-License-Identifier: MIT
"""Xorg in the guest on synth2d_drv (xf86-video/), and the X clients the
xorg suite and the damage bench drive: start/stop the server, run X
clients on :0, parse xrandr."""

import re

from rigtest import GUEST_BUILD, RigError

XCLIENT = GUEST_BUILD + "/tests/x11/synth2d-xclient"
DRV_DIR = GUEST_BUILD + "/xf86-video"
XLOG = "/tmp/Xorg.0.log"

# A Device section naming the driver and the device explicitly.
DEVICE_CONFIG = """Section "Device"
	Identifier "synth2d"
	Driver "synth2d"
	Option "kmsdev" "/dev/dri/card0"
%sEndSection
"""


def device_config(*options):
    """DEVICE_CONFIG with extra Option lines, e.g. ('DamagePolicy', 'bounding')."""
    return DEVICE_CONFIG % "".join('\tOption "%s" "%s"\n' % o for o in options)


def xorg_running(s):
    return s.exec("pidof", "Xorg", check=False).returncode == 0


def stop_x(s):
    s.sh("p=$(pidof Xorg) || exit 0; kill $p; "
         "for i in $(seq 100); do pidof Xorg >/dev/null || exit 0; sleep 0.1; done; kill -9 $p",
         check=False)


def start_x(s, config):
    """Start Xorg :0 with CONFIG as its config file ('' = none: autoconfig)
    and the OutputClass snippet in its config dir; wait for clients."""
    stop_x(s)
    s.sh("mkdir -p /tmp/xorg.conf.d && cp %s/10-synth2d.conf /tmp/xorg.conf.d/ && "
         "cat >/tmp/xorg.conf <<'EOF'\n%sEOF" % (DRV_DIR, config))
    s.background("xorg", "Xorg :0 -config /tmp/xorg.conf -configdir /tmp/xorg.conf.d "
                 "-modulepath %s,/usr/lib/xorg/modules -logfile %s "
                 "-nolisten tcp -noreset vt3" % (DRV_DIR, XLOG))

    def up():
        if s.sh("DISPLAY=:0 timeout 10 xdpyinfo >/dev/null 2>&1", check=False).returncode == 0:
            return True
        if not xorg_running(s):
            return RigError("Xorg exited:\n" + xlog_tail(s))
        return False
    s.wait_for("X server on :0", up, timeout=120, interval=1)
    if not xorg_running(s):
        raise RigError("Xorg exited:\n" + xlog_tail(s))


def xlog(s):
    return s.exec("cat", XLOG, check=False).stdout


def xlog_tail(s, n=40):
    return "\n".join(xlog(s).splitlines()[-n:])


def x(s, cmd, check=True, timeout=120):
    """Run CMD (shell words) as an X client on :0; return stdout."""
    return s.sh("export DISPLAY=:0; " + cmd, check=check, timeout=timeout).stdout


def xclient(s, *args):
    return x(s, " ".join([XCLIENT] + [str(a) for a in args]))


def xrandr(s):
    """{'current': 'WxH', 'modes': ['WxH'...], 'active': 'WxH' or None}."""
    out = x(s, "xrandr")
    cur = re.search(r"current (\d+) x (\d+)", out)
    modes, active = [], None
    for line in out.splitlines():
        m = re.match(r"\s+(\d+x\d+)\s+(.*)", line)
        if m:
            modes.append(m.group(1))
            if "*" in m.group(2):
                active = m.group(1)
    return {"current": "%sx%s" % cur.groups() if cur else None, "modes": modes,
            "active": active}


def xdpyinfo_size(s):
    m = re.search(r"dimensions:\s+(\d+x\d+) pixels", x(s, "xdpyinfo"))
    return m.group(1) if m else None


def mouse_location(s):
    """X's pointer position from xdotool: (x, y)."""
    out = x(s, "xdotool getmouselocation")
    m = re.search(r"x:(\d+) y:(\d+)", out)
    if not m:
        raise RigError("xdotool: " + out)
    return int(m.group(1)), int(m.group(2))
