# SPDX-License-Identifier: MIT
"""A session: one guest and its synth2d-host, kept in one directory.

Layout of SYNTH2D_RUN/<id>/: session.json (settings and process ids), shm
(the ivshmem file), host.sock, host.log, qemu.log, qemu.mon (QEMU monitor),
console.log (the guest's serial console: the kernel log), spool/ (shared
with the guest agent over 9p).
"""

import json
import os
import re
import secrets
import signal
import time
from pathlib import Path

from .config import RigError, run_root

SESSION_ID = re.compile(r"^[A-Za-z0-9._-]+$")


def process_alive(pid, name):
    """True if pid runs and is still the program called name."""
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    # argv[1] too: a script's argv[0] is its interpreter.
    names = {os.path.basename(a).decode(errors="replace") for a in argv[:2]}
    return state != b"Z" and name in names


def end_process(pid, name, grace):
    """SIGTERM, wait up to grace seconds, then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        if not process_alive(pid, name):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        wait_for(lambda: not process_alive(pid, name), wait)


def wait_for(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class Session:
    def __init__(self, sid, path):
        self.id = sid
        self.dir = path
        self.meta = {}

    # Files of the session.
    shm = property(lambda self: self.dir / "shm")
    host_sock = property(lambda self: self.dir / "host.sock")
    host_log = property(lambda self: self.dir / "host.log")
    qemu_log = property(lambda self: self.dir / "qemu.log")
    qemu_mon = property(lambda self: self.dir / "qemu.mon")
    console_log = property(lambda self: self.dir / "console.log")
    spool = property(lambda self: self.dir / "spool")

    @classmethod
    def create(cls, series):
        root = run_root()
        root.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            sid = f"{series}-{secrets.token_hex(3)}"
            try:
                (root / sid).mkdir()
            except FileExistsError:
                continue
            session = cls(sid, root / sid)
            session.spool.mkdir()
            # AF_UNIX paths are limited to 108 bytes.
            if len(str(session.host_sock).encode()) > 100:
                raise RigError(f"session dir {session.dir} is too long for a "
                               "unix socket path: set SYNTH2D_RUN to a shorter dir")
            return session
        raise RigError(f"cannot create a session dir in {root}")

    @classmethod
    def load(cls, sid):
        if not SESSION_ID.match(sid):
            raise RigError(f"invalid session id '{sid}'")
        path = run_root() / sid
        session = cls(sid, path)
        try:
            session.meta = json.loads((path / "session.json").read_text())
        except (OSError, ValueError):
            raise RigError(f"unknown session '{sid}' (see: rig list)") from None
        return session

    @classmethod
    def all(cls):
        root = run_root()
        if not root.is_dir():
            return []
        sessions = []
        for path in sorted(root.iterdir(), key=lambda p: p.stat().st_mtime):
            try:
                sessions.append(cls.load(path.name))
            except RigError:
                pass
        return sessions

    def save(self):
        tmp = self.dir / "session.json.tmp"
        tmp.write_text(json.dumps(self.meta, indent=1) + "\n")
        tmp.rename(self.dir / "session.json")

    def qemu_alive(self):
        return process_alive(self.meta.get("qemu_pid"), "qemu-system-x86_64")

    def host_alive(self):
        return process_alive(self.meta.get("host_pid"),
                             Path(self.meta.get("host_binary", "")).name)

    def require_running(self):
        if self.meta.get("state") == "stopped":
            raise RigError(f"session {self.id} is stopped")
        if not self.qemu_alive():
            raise RigError(f"session {self.id}: the guest is not running "
                           f"(see {self.console_log})")
