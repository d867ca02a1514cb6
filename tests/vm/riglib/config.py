# SPDX-License-Identifier: MIT
"""Where the rig finds its inputs (kernels, rootfs, build) and keeps sessions."""

import os
import subprocess
from pathlib import Path

VM_DIR = Path(__file__).resolve().parent.parent
TOP = VM_DIR.parent.parent
# Debian 12's two kernels, and trixie's own 6.12 for the install suite on a
# Debian 13 guest (scripts/install-deps trixie).
KERNEL_SERIES = ("6.1", "6.12", "trixie")
DRIVER_SETS = ("synth2d", "upstream", "autoload", "sim", "none")
ROOTFS_IMAGES = ("base", "desktop", "trixie-desktop", "gnome", "trixie-gnome", "plasma",
                 "trixie-plasma", "install", "trixie-install")
# PID 1 of the guest: the rig's own init script (the default, the fastest
# boot) or systemd, for logind sessions on seat0 (docs/rig.md).
INIT_SYSTEMS = ("rig", "systemd")


class RigError(Exception):
    """A failure reported to the user as one clear line; exit status code."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


def run_root():
    return Path(os.environ.get("SYNTH2D_RUN", "/tmp/synth2d-rig"))


def build_dir():
    return Path(os.environ.get("SYNTH2D_BUILD", TOP / "build")).resolve()


def host_binary():
    """synth2d-host of the build dir (SYNTH2D_HOST overrides it)."""
    path = Path(os.environ.get("SYNTH2D_HOST",
                               build_dir() / "tests/host/synth2d-host"))
    if not os.access(path, os.X_OK):
        raise RigError(f"synth2d-host not found at {path}: build it first "
                       "(meson compile -C build)")
    return path


def _lib_sh(function, *args):
    """Call one of scripts/lib.sh's path helpers: one definition of the cache."""
    script = f'. "{TOP}/scripts/lib.sh"; {function} "$@"'
    proc = subprocess.run(["bash", "-c", script, "lib.sh", *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        msg = proc.stderr.strip().splitlines()
        raise RigError(msg[-1] if msg else f"{function} {' '.join(args)} failed")
    return proc.stdout.strip()


class Kernel:
    """One cached Debian kernel: release, image and module tree."""

    def __init__(self, series):
        if series not in KERNEL_SERIES:
            raise RigError(f"unknown kernel '{series}' "
                           f"(known: {', '.join(KERNEL_SERIES)})")
        self.series = series
        self.release = _lib_sh("kernel_release", series)
        self.image = Path(_lib_sh("kernel_image", series))
        self.modules = Path(_lib_sh("kernel_modules", series))
        for path in (self.image, self.modules):
            if not path.exists():
                raise RigError(f"kernel {series}: {path} is missing: "
                               "run scripts/install-deps")


def _cached_artifact(script, *args):
    """Path printed by a tests/vm/build-* script; built when missing."""
    proc = subprocess.run([str(VM_DIR / script), *args], stdout=subprocess.PIPE,
                          text=True)
    if proc.returncode != 0:
        raise RigError(f"{script} {' '.join(args)} failed")
    return Path(proc.stdout.strip().splitlines()[-1])


def rootfs(image="base"):
    if image not in ROOTFS_IMAGES:
        raise RigError(f"unknown rootfs image '{image}' (known: {', '.join(ROOTFS_IMAGES)})")
    path = _cached_artifact("build-rootfs", "--image", image, "--path")
    if not path.is_dir():
        raise RigError(f"guest rootfs image {image} ({path}) is not built: "
                       "run scripts/install-deps")
    return path


def initramfs(kernel):
    return _cached_artifact("build-initramfs", kernel.series)
