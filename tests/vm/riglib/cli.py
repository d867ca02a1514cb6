# SPDX-License-Identifier: MIT
"""Command line of tests/vm/rig (documented in docs/rig.md)."""

import argparse
import os
import shlex
import shutil
import signal
import sys
import time

from . import agent, boot, hostctl, shutdown
from .config import DRIVER_SETS, INIT_SYSTEMS, KERNEL_SERIES, ROOTFS_IMAGES, RigError
from .session import Session

USAGE = """\
rig start [--kernel 6.1|6.12|trixie] [--drivers synth2d|upstream|autoload|sim|none]
          [--image base|desktop|trixie-desktop|gnome|trixie-gnome|plasma|
                  trixie-plasma|install|trixie-install]
          [--init rig|systemd] [--disk FILE] [--firmware-fb WxH]
          [--share HOSTDIR:GUESTDIR]... [--host-opt OPT]... [--memory MB]
          [--append KERNEL-PARAM]... [--boot-timeout S]
rig exec SESSION [--timeout S] -- CMD [ARG]...
rig host SESSION REQUEST...
rig stop SESSION
rig list
rig log SESSION
rig clean"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise RigError(f"{message} (usage: rig -h)", code=2)


def _parser():
    p = _Parser(prog="rig", usage=USAGE, description="synth2d QEMU test rig")
    sub = p.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    s = sub.add_parser("start", help="boot a guest, print its session id")
    s.add_argument("--kernel", default="6.1", choices=KERNEL_SERIES)
    s.add_argument("--drivers", default="synth2d", choices=DRIVER_SETS)
    s.add_argument("--image", default="base", choices=ROOTFS_IMAGES,
                   help="guest rootfs: base, desktop (base plus desktops), both "
                        "bookworm, or trixie-desktop (desktop on trixie); gnome, "
                        "trixie-gnome: desktop plus GNOME Shell; plasma, "
                        "trixie-plasma: desktop plus Plasma (KWin)")
    s.add_argument("--init", default="rig", choices=INIT_SYSTEMS,
                   help="guest PID 1: rig (the rig's init script) or systemd "
                        "(with logind, for desktop sessions on seat0)")
    s.add_argument("--share", action="append", default=[], metavar="HOSTDIR:GUESTDIR")
    s.add_argument("--disk", metavar="FILE",
                   help="keep the guest's writes in this ext4 image (created if "
                        "missing): the next session with it boots the same state")
    s.add_argument("--host-opt", action="append", default=[], metavar="OPT",
                   help="arguments for synth2d-host, split like shell words "
                        "(repeatable)")
    s.add_argument("--memory", type=int, default=1024, metavar="MB")
    s.add_argument("--firmware-fb", metavar="WxH",
                   help="a Gen2 firmware framebuffer (efifb) on the VRAM window")
    s.add_argument("--append", action="append", default=[], metavar="PARAM",
                   help="an extra kernel parameter (repeat for each)")
    s.add_argument("--boot-timeout", type=float, default=120.0, metavar="S")
    e = sub.add_parser("exec", help="run a command in the guest")
    e.add_argument("session")
    e.add_argument("--timeout", type=float, default=120.0, metavar="S",
                   help="limit in seconds (0: none); default 120")
    e.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    h = sub.add_parser("host", help="one synth2d-host control request")
    h.add_argument("session")
    h.add_argument("request", nargs=argparse.REMAINDER)
    h.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    for verb in ("stop", "log"):
        sub.add_parser(verb).add_argument("session")
    sub.add_parser("list", help="sessions and their state")
    sub.add_parser("clean", help="remove the directories of ended sessions")
    return p


def _exec(args):
    command = args.command
    if args.timeout < 0:
        raise RigError("--timeout must be >= 0", code=2)
    return agent.run(Session.load(args.session), command, args.timeout)


def _host(args):
    if not args.request:
        raise RigError("host: no request given", code=2)
    session = Session.load(args.session)
    if not session.host_alive():
        raise RigError(f"session {session.id}: synth2d-host is not running")
    reply = hostctl.request(session.host_sock, " ".join(args.request), args.timeout)
    print(reply)
    return 0 if reply == "ok" or reply.startswith("ok ") else 1


def _stop(args):
    session = Session.load(args.session)
    if session.meta.get("state") == "stopped" and not session.qemu_alive():
        print(f"rig: {session.id}: already stopped", file=sys.stderr)
    return 1 if shutdown.stop(session) else 0


def _list(_args):
    for s in Session.all():
        state = s.meta.get("state", "?")
        if state == "running" and not s.qemu_alive():
            state = "dead"
        created = time.strftime("%H:%M:%S", time.localtime(s.meta.get("created", 0)))
        print(f"{s.id}\t{state}\t{s.meta.get('release', '?')}\t"
              f"{s.meta.get('drivers', '?')}\t{created}\t{s.dir}")
    return 0


def _log(args):
    session = Session.load(args.session)
    try:
        sys.stdout.buffer.write(session.console_log.read_bytes())
    except FileNotFoundError:
        raise RigError(f"session {session.id}: no kernel log yet") from None
    return 0


def _glue_option_values(argv):
    """`--host-opt --verbose` -> `--host-opt=--verbose`: such values start
    with a dash, which argparse would take for an option of rig."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] in ("--host-opt", "--append") and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def _clean(_args):
    """Remove the directories of sessions that no longer run."""
    for s in Session.all():
        if not s.qemu_alive() and not s.host_alive():
            shutil.rmtree(s.dir, ignore_errors=True)
            print(f"removed {s.dir}")
    return 0


def _terminate(_signum, _frame):
    raise KeyboardInterrupt  # a half-started session is torn down like on ^C


def main(argv):
    signal.signal(signal.SIGTERM, _terminate)
    try:
        command = []
        if argv[:1] == ["exec"] and "--" in argv:
            # Everything after the first -- is the guest's argv, verbatim.
            cut = argv.index("--")
            argv, command = argv[:cut], argv[cut + 1:]
        args = _parser().parse_args(_glue_option_values(argv))
        if args.verb == "exec":
            args.command += command
        if args.verb == "start":
            host_opts = [word for opt in args.host_opt for word in shlex.split(opt)]
            session = boot.start(args.kernel, args.drivers, args.share, host_opts,
                                 args.memory, args.boot_timeout, args.append, args.image,
                                 args.init, args.disk, args.firmware_fb)
            print(session.id, flush=True)
            return 0
        return {"exec": _exec, "host": _host, "stop": _stop, "list": _list,
                "log": _log, "clean": _clean}[args.verb](args)
    except RigError as err:
        print(f"rig: {err}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        print("rig: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # our reader went away (e.g. `rig exec ... | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
