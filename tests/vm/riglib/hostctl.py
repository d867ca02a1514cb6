# SPDX-License-Identifier: MIT
"""The synth2d-host control socket: one request line, one reply line."""

import socket
import time

from .config import RigError


def request(sock_path, line, timeout=60.0):
    """Send one request line, return the reply line (without newline)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(sock_path))
            sock.sendall(line.encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
        except socket.timeout:
            raise RigError(f"synth2d-host did not answer '{line}' "
                           f"within {timeout:.0f} s") from None
        except OSError as err:
            raise RigError(f"synth2d-host control socket {sock_path}: "
                           f"{err.strerror or err}") from None
    if not reply:
        raise RigError(f"synth2d-host closed the connection on '{line}'")
    return reply.decode(errors="replace").rstrip("\n")


def wait_ready(sock_path, alive, timeout=15.0):
    """Wait until `ping` answers `ok`; alive() says if the host still runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RigError("synth2d-host exited during start-up")
        if sock_path.exists():
            try:
                if request(sock_path, "ping", timeout=2.0).startswith("ok"):
                    return
            except RigError:
                pass
        time.sleep(0.05)
    raise RigError(f"synth2d-host did not answer ping within {timeout:.0f} s")
