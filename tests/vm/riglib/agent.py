# SPDX-License-Identifier: MIT
"""`rig exec`: run one command through the guest agent's spool.

Protocol (guest side: tests/vm/guest/agent): the runner publishes ID.cmd
by rename: NUL-separated, the time limit in seconds and then the argv. The
agent creates ID.out and ID.err when the command starts and writes ID.rc
(the exit status and a newline, in one write) when it ends. The runner
relays ID.out/ID.err as they grow and removes the job's files at the end;
if it is interrupted, it writes ID.cancel and the agent kills the job.
"""

import os
import shlex
import sys
import time

from .config import RigError

CLAIM_TIMEOUT = 30.0  # s for the agent to pick a job up
GRACE = 15.0  # s beyond the command's limit before the runner gives up
TIMED_OUT = (124, 137)  # timeout(1): limit reached / killed after it


class _Relay:
    """Copies what a guest file gains to a local stream."""

    def __init__(self, path, stream):
        self.path, self.stream, self.offset = path, stream, 0

    def pump(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return
        if data:
            self.offset += len(data)
            self.stream.write(data)
            self.stream.flush()


def _job_file(argv, limit):
    fields = [f"{limit:g}".encode()] + [os.fsencode(a) for a in argv]
    if any(b"\0" in f for f in fields):
        raise RigError("exec: an argument contains a NUL byte")
    return b"\0".join(fields) + b"\0"


def _exit_status(path):
    """The job's exit status, or None while ID.rc is missing or incomplete."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    return int(text) if text.endswith("\n") and text.strip().isdigit() else None


def run(session, argv, limit):
    """Run argv in the guest; relay its output; return its exit status."""
    if not argv:
        raise RigError("exec: no command given (rig exec SESSION -- CMD [ARG]...)")
    session.require_running()
    spool = session.spool
    job = f"{os.getpid()}-{time.monotonic_ns()}"
    files = {ext: spool / f"{job}.{ext}" for ext in ("cmd", "out", "err", "rc")}
    tmp = spool / f"{job}.cmd-tmp"
    tmp.write_bytes(_job_file(argv, limit))
    tmp.rename(files["cmd"])

    relays = [_Relay(files["out"], sys.stdout.buffer),
              _Relay(files["err"], sys.stderr.buffer)]
    started = time.monotonic()
    claimed = None
    try:
        while True:
            for relay in relays:
                relay.pump()
            rc = _exit_status(files["rc"])
            if rc is not None:
                break
            now = time.monotonic()
            if claimed is None and files["out"].exists():
                claimed = now
            if claimed is None and now - started > CLAIM_TIMEOUT:
                raise RigError(f"session {session.id}: the guest agent did not "
                               f"take the command within {CLAIM_TIMEOUT:.0f} s")
            if claimed is not None and limit and now - claimed > limit + GRACE:
                raise RigError(f"session {session.id}: no exit status "
                               f"{limit + GRACE:.0f} s after the command started")
            if not session.qemu_alive():
                raise RigError(f"session {session.id}: the guest stopped "
                               "while the command ran")
            time.sleep(0.02)
        for relay in relays:
            relay.pump()
    except BaseException:
        # Interrupted (or the guest is gone): ask the agent to kill the job.
        (spool / f"{job}.cancel").touch()
        raise
    finally:
        for path in list(files.values()) + [tmp]:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
    if limit and rc in TIMED_OUT and time.monotonic() - (claimed or started) >= limit:
        raise RigError(f"exec: '{shlex.join(argv)}' timed out after {limit:g} s",
                       code=124)
    return rc
