# SPDX-License-Identifier: MIT
"""`rig stop`: power the guest off, stop synth2d-host, check the kernel log."""

import socket
import sys

from . import hostctl
from .config import RigError
from .logcheck import bad_lines, bad_reports
from .session import end_process, wait_for

POWEROFF_WAIT = 20.0  # s; an idle guest powers off in about 1 s under TCG


def _monitor(session, command):
    """One human-monitor command (the fallback when the agent is gone)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            sock.connect(str(session.qemu_mon))
            sock.sendall(command.encode() + b"\n")
            sock.recv(4096)
    except OSError:
        pass


def _stop_guest(session):
    if not session.qemu_alive():
        return
    (session.spool / "poweroff").touch()
    if wait_for(lambda: not session.qemu_alive(), POWEROFF_WAIT, interval=0.1):
        return
    print(f"rig: {session.id}: guest did not power off, quitting QEMU",
          file=sys.stderr)
    _monitor(session, "quit")
    if not wait_for(lambda: not session.qemu_alive(), 5.0):
        end_process(session.meta.get("qemu_pid"), "qemu-system-x86_64", 3.0)


def _stop_host(session):
    if not session.host_alive():
        return
    try:
        hostctl.request(session.host_sock, "quit", timeout=5.0)
    except RigError:
        pass
    if not wait_for(lambda: not session.host_alive(), 5.0):
        end_process(session.meta.get("host_pid"),
                    session.meta.get("host_binary", "").rsplit("/", 1)[-1], 3.0)


def stop(session, check_log=True, quiet=False):
    """Stop everything of the session; return the kernel log's bad lines."""
    _stop_guest(session)
    _stop_host(session)
    for name in ("shm",):  # large; the logs stay for inspection
        try:
            (session.dir / name).unlink()
        except FileNotFoundError:
            pass
    if session.meta.get("state") != "failed":
        session.meta["state"] = "stopped"
    session.save()
    if not check_log:
        return []
    try:
        text = session.console_log.read_text(errors="replace")
    except FileNotFoundError:
        raise RigError(f"session {session.id}: no kernel log ({session.console_log})") from None
    bad = bad_lines(text)
    if bad and not quiet:
        print(f"rig: {session.id}: the kernel log ({session.console_log}) "
              f"has {len(bad)} bad line(s), in these reports:", file=sys.stderr)
        for report in bad_reports(text):
            for line in report:
                print(f"  {line}", file=sys.stderr)
    return bad
