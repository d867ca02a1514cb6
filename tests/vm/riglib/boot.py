# SPDX-License-Identifier: MIT
"""`rig start`: synth2d-host, then the guest, then wait for its agent."""

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from . import config, hostctl, qemu, shutdown
from .config import RigError
from .session import Session, wait_for


def progress(session, msg):
    print(f"rig: {session.id}: {msg}", file=sys.stderr, flush=True)


def parse_shares(specs):
    """HOSTDIR:GUESTDIR strings -> [(tag, host_dir, guest_dir)]."""
    shares = []
    for n, spec in enumerate(specs):
        host_dir, sep, guest_dir = spec.partition(":")
        if not sep or not host_dir or not guest_dir.startswith("/"):
            raise RigError(f"--share '{spec}': expected HOSTDIR:/GUESTDIR")
        if not os.path.isdir(host_dir):
            raise RigError(f"--share '{spec}': {host_dir} is not a directory")
        shares.append((f"share{n}", Path(host_dir).resolve(), guest_dir))
    return shares


def _spawn(argv, log_path):
    with open(log_path, "ab") as log:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _write_guest_config(session, kernel, drivers, shares, build_shared, init,
                        firmware_fb=None):
    """spool/config: bash assignments read by guest/init."""
    quoted = " ".join(shlex.quote(f"{tag}:{guest}") for tag, _, guest in shares)
    text = (f"RIG_SERIES={shlex.quote(kernel.series)}\n"
            f"RIG_FIRMWARE_FB={shlex.quote(firmware_fb or '')}\n"
            f"RIG_RELEASE={shlex.quote(kernel.release)}\n"
            f"RIG_DRIVERS={shlex.quote(drivers)}\n"
            f"RIG_BUILD_SHARED={1 if build_shared else 0}\n"
            f"RIG_INIT={shlex.quote(init)}\n"
            f"RIG_SHARES=({quoted})\n")
    (session.spool / "config").write_text(text)


def _check_drivers_built(drivers, kernel, build):
    if drivers == "none":
        return
    mod_dir = build / "modules" / kernel.series
    needed = ["vmbus_sim.ko"] + (["synth2d.ko"] if drivers == "synth2d" else [])
    for name in needed:
        if not (mod_dir / name).is_file():
            raise RigError(f"{mod_dir / name} is missing: build it with "
                           f"scripts/build-modules {kernel.series} {mod_dir}")


def _start_host(session, host_opts):
    binary = config.host_binary()
    argv = [str(binary), "--shm", str(session.shm), "--control",
            str(session.host_sock), *host_opts]
    proc = _spawn(argv, session.host_log)
    session.meta.update(host_pid=proc.pid, host_binary=str(binary))
    session.save()
    try:
        hostctl.wait_ready(session.host_sock, lambda: proc.poll() is None)
    except RigError as err:
        log = session.host_log.read_text(errors="replace").strip().splitlines()
        raise RigError(f"session {session.id}: {err}; host.log: "
                       + " | ".join(log[:3])) from None
    if not session.shm.is_file() or session.shm.stat().st_size == 0:
        raise RigError(f"synth2d-host did not create {session.shm}")


def _wait_guest(session, proc, timeout):
    """Wait for spool/ready; raise with the guest's reason otherwise."""
    ready, failed = session.spool / "ready", session.spool / "failed"
    done = wait_for(lambda: ready.exists() or failed.exists()
                    or proc.poll() is not None, timeout, interval=0.1)
    if failed.exists():
        reasons = failed.read_text().strip().splitlines()
        raise RigError(f"session {session.id}: guest set-up failed: "
                       + "; ".join(reasons) + f" (logs: {session.dir})")
    if ready.exists():
        return
    tail = "".join(session.console_log.read_text(errors="replace")
                   .splitlines(keepends=True)[-15:]) if session.console_log.exists() else ""
    if not done:
        raise RigError(f"session {session.id}: guest not ready within {timeout:.0f} s; "
                       f"console tail:\n{tail}")
    raise RigError(f"session {session.id}: QEMU exited during boot (status "
                   f"{proc.returncode}); see {session.qemu_log}; console tail:\n{tail}")


DISK_SIZE = "8G"  # sparse: a DKMS install writes a few hundred MB


def state_disk(path):
    """--disk FILE: an ext4 image holding the overlay's writes (the rootfs
    and the kernel's module tree), made on first use."""
    path = Path(path).resolve()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        subprocess.run(["truncate", "-s", DISK_SIZE, str(tmp)], check=True)
        subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "rigstate", str(tmp)], check=True,
                       stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as err:
        raise RigError(f"--disk {path}: cannot make an ext4 image: {err}") from None
    tmp.rename(path)
    return path


def _firmware_fb_mode(mode):
    """--firmware-fb WxH: checked here, given to the sim and to the host."""
    w, sep, h = (mode or "").partition("x")
    if not (sep and w.isdigit() and h.isdigit() and 64 <= int(w) <= 8192
            and 64 <= int(h) <= 8192):
        raise RigError(f"--firmware-fb '{mode}': expected WxH, 64..8192")
    return f"{int(w)}x{int(h)}"


def start(series, drivers, share_specs, host_opts, memory_mb, timeout, append=(),
          image="base", init="rig", disk=None, firmware_fb=None):
    """Start a session; returns it once the guest agent is ready."""
    if drivers not in config.DRIVER_SETS:
        raise RigError(f"unknown driver set '{drivers}' "
                       f"(known: {', '.join(config.DRIVER_SETS)})")
    if init not in config.INIT_SYSTEMS:
        raise RigError(f"unknown init '{init}' (known: {', '.join(config.INIT_SYSTEMS)})")
    if firmware_fb is not None:
        firmware_fb = _firmware_fb_mode(firmware_fb)
        host_opts = [*host_opts, "--firmware-fb", firmware_fb]
    if memory_mb < 256:
        raise RigError("--memory must be at least 256 (MB)")
    kernel = config.Kernel(series)
    shares = parse_shares(share_specs)
    build = config.build_dir()
    _check_drivers_built(drivers, kernel, build)
    config.host_binary()
    rootfs = config.rootfs(image)
    initramfs = config.initramfs(kernel)
    if disk is not None:
        disk = state_disk(disk)

    session = Session.create(series)
    session.meta.update(state="starting", kernel=series, release=kernel.release,
                        drivers=drivers, image=image, init=init, created=time.time(),
                        shares=[f"{h}:{g}" for _, h, g in shares],
                        disk=str(disk) if disk else None, firmware_fb=firmware_fb)
    session.save()
    t0 = time.monotonic()
    try:
        _start_host(session, host_opts)
        build_shared = build.is_dir()
        _write_guest_config(session, kernel, drivers, shares, build_shared, init,
                            firmware_fb)
        argv = qemu.command_line(session, kernel, initramfs, rootfs,
                                 [(t, h) for t, h, _ in shares], memory_mb,
                                 build if build_shared else None, config.VM_DIR,
                                 list(append), disk)
        (session.dir / "qemu.cmdline").write_text(shlex.join(argv) + "\n")
        progress(session, f"booting {kernel.release}, drivers {drivers}, image {image}"
                 + (f", init {init}" if init != "rig" else ""))
        proc = _spawn(argv, session.qemu_log)
        session.meta["qemu_pid"] = proc.pid
        session.save()
        _wait_guest(session, proc, timeout)
    except BaseException:
        session.meta["state"] = "failed"
        session.save()
        shutdown.stop(session, check_log=False, quiet=True)
        raise
    session.meta.update(state="running", boot_seconds=round(time.monotonic() - t0, 1))
    session.save()
    progress(session, f"ready in {session.meta['boot_seconds']} s")
    return session
