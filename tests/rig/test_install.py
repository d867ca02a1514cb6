# SPDX-License-Identifier: MIT
"""Install synth2d as a user does (docs/install.md), in a guest whose
drivers udev loads by MODALIAS (rig --drivers autoload): no driver loaded
by the rig. The guest's writes live on a state disk (rig --disk), so a new
session with the same disk is the next boot of the same installed system.

On each kernel (Debian 12's two on the install image; with make
check-install also trixie's own on the trixie-install image), in file
order (each step needs the one before):
  1. before synth2d, the kernel's own drivers bind the three devices;
     apt installs the kernel's header packages (once: the suite keeps that
     state disk as the seed of its next runs, _seed_path);
  2. apt installs the previous synth2d version from a shared directory;
     DKMS builds both modules and signs them with its MOK
     (/var/lib/dkms/mok.pub);
  3. next boot: synth2d binds video, mouse and keyboard; Xorg picks the
     synth2d driver with no configuration; the packages' initramfs hook
     puts synth2d_input where hyperv_keyboard is;
  4. apt upgrades to this tree's version; DKMS rebuilds;
  5. next boot: synth2d binds again, the modules are the new build;
  6. (6.1) a kernel update: apt installs the 6.12 image and header
     packages; the headers' hook runs DKMS, which builds and signs synth2d
     for 6.12; the next boot, on 6.12, binds synth2d;
  7. a boot where the kernel refuses synth2d's modules falls back to the
     kernel's drivers;
  8. apt remove; next boot: the kernel's drivers are back.

make check runs every step but the kernel update (6), which is marked for
the matrix (make check-install runs it, with the rest): DKMS builds under
TCG take minutes; the suite prints its time per step (docs/testing.md).
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import time

import rigtest
from devicectl import IN_TREE_DRIVERS, SYNTH2D_DRIVERS, expect_bound
from rigtest import RigError, expect, log

SESSION = None  # each step boots its own session on the state disk

SHARE = "/debs"
PACKAGES = ["synth2d", "synth2d-dkms", "xserver-xorg-video-synth2d", "synth2d-tools"]
PREVIOUS = "~rigprev"  # the previous version: this tree's, sorting before it
UPDATE = {"6.1": "6.12"}  # the kernel a series' VM is updated to (step 6)
# The guest image of each kernel: Debian 12's for its two kernels, Debian
# 13's for trixie's own kernel (make check-install).
IMAGE = {"6.1": "install", "6.12": "install", "trixie": "trixie-install"}

_state = {}  # per kernel: the work dir with the disk and the shared debs


def _version():
    with open(os.path.join(rigtest.TOP, "VERSION")) as f:
        return f.read().strip()


def _lib(function, series):
    out = subprocess.run(["bash", "-c", '. "$1/scripts/lib.sh"; %s "$2"' % function, "lib",
                         rigtest.TOP, series], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _build_debs(out, version):
    res = subprocess.run([os.path.join(rigtest.TOP, "scripts", "build-deb"), out,
                          "--version", version], capture_output=True, text=True)
    if res.returncode != 0:
        raise RigError("build-deb %s failed:\n%s" % (version, res.stderr[-3000:]))


def _kernel_image_package(out, series, modules=False):
    """SERIES' image package, as dpkg on a real VM knows it: the header
    packages depend on it. For the running kernel its files are the rig's
    (the kernel and the shared module tree), so this stub holds only its
    config. With MODULES it is the kernel an update installs: the module
    tree, the config and the image, and a postinst that does what Debian's
    does for a new kernel: depmod, then the kernel hooks in
    /etc/kernel/postinst.d (DKMS's among them)."""
    release = _lib("kernel_release", series)
    name = "linux-image-" + release
    headers = os.path.join(_lib("kernel_debs", series), "linux-headers-%s_" % release)
    deb = [f for f in os.listdir(os.path.dirname(headers))
           if f.startswith(os.path.basename(headers))]
    if not deb:
        raise RigError("no %s*.deb: run scripts/install-deps" % headers)
    version = subprocess.run(["dpkg-deb", "-f", os.path.join(os.path.dirname(headers), deb[0]),
                              "Version"], capture_output=True, text=True, check=True).stdout.strip()
    root = tempfile.mkdtemp(prefix="image-stub-")
    os.chmod(root, 0o755)  # the package's "./" is /
    os.makedirs(os.path.join(root, "DEBIAN"))
    # The kernel's config, as the image package installs it: mkinitramfs
    # reads it (which compressions the kernel can unpack).
    os.makedirs(os.path.join(root, "boot"))
    kdir = _lib("kernel_dir", series)
    shutil.copy(os.path.join(kdir, "boot", "config-" + release), os.path.join(root, "boot"))
    if modules:
        shutil.copy(os.path.join(kdir, "boot", "vmlinuz-" + release), os.path.join(root, "boot"))
        shutil.copytree(_lib("kernel_modules", series),
                        os.path.join(root, "lib", "modules", release), symlinks=True)
        postinst = os.path.join(root, "DEBIAN", "postinst")
        with open(postinst, "w") as f:
            f.write("#!/bin/sh\nset -e\n[ \"$1\" = configure ] || exit 0\n"
                    "depmod -a %s\n"
                    "run-parts --report --exit-on-error --arg=%s --arg=/boot/vmlinuz-%s "
                    "/etc/kernel/postinst.d\n" % (release, release, release))
        os.chmod(postinst, 0o755)
    with open(os.path.join(root, "DEBIAN", "control"), "w") as f:
        f.write("Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: synth2d rig "
                "<rig@example.org>\nDescription: rig %s of the kernel's image\n"
                % (name, version, "copy" if modules else "stub"))
    # the modules are compressed already: none of dpkg's own
    subprocess.run(["dpkg-deb", "-b", "--root-owner-group", "-Znone", root,
                    os.path.join(out, "%s_%s.deb" % (name, "rig" if modules else "stub"))],
                   check=True, capture_output=True)
    shutil.rmtree(root)


def _prepare(series):
    """Packages and disk for SERIES: built on first use, for the suite."""
    if series in _state:
        return _state[series]
    t0 = time.monotonic()
    work = os.path.join(rigtest.BUILD, "install-test", series)
    # The state disk stays: a later step run alone (--test) goes on from
    # the installed state the steps before it left (the first step starts
    # a new one).
    share = os.path.join(work, "share")
    for sub in ("share", "deb-prev", "deb-cur"):
        shutil.rmtree(os.path.join(work, sub), ignore_errors=True)
    for sub in ("kernel", "prev", "cur", "update"):
        os.makedirs(os.path.join(share, sub))
    _build_debs(os.path.join(work, "deb-prev"), _version() + PREVIOUS)
    _build_debs(os.path.join(work, "deb-cur"), _version())
    for sub, src in (("prev", "deb-prev"), ("cur", "deb-cur")):
        for f in os.listdir(os.path.join(work, src)):
            if f.endswith(".deb"):
                shutil.copy(os.path.join(work, src, f), os.path.join(share, sub))
    debs = _lib("kernel_debs", series)
    for f in os.listdir(debs):
        shutil.copy(os.path.join(debs, f), os.path.join(share, "kernel"))
    _kernel_image_package(os.path.join(share, "kernel"), series)
    if series in UPDATE:
        debs = _lib("kernel_debs", UPDATE[series])
        for f in os.listdir(debs):
            shutil.copy(os.path.join(debs, f), os.path.join(share, "update"))
        _kernel_image_package(os.path.join(share, "update"), UPDATE[series], modules=True)
    _state[series] = {"work": work, "share": share, "disk": os.path.join(work, "state.img")}
    log("    packages built in %.0f s" % (time.monotonic() - t0))
    return _state[series]


def _boot(series, append=(), kernel=None):
    """A boot of SERIES' installed system, on KERNEL (default: SERIES)."""
    st = _prepare(series)
    s = rigtest.Session(kernel=kernel or series, drivers="autoload", image=IMAGE[series],
                        shares=["%s:%s" % (st["share"], SHARE)], disk=st["disk"],
                        append=append)
    log("    boot: %.0f s" % s.boot_seconds)
    return s


def _apt(s, what, timeout=1500, env=""):
    t0 = time.monotonic()
    res = s.sh("%s DEBIAN_FRONTEND=noninteractive apt-get -y %s 2>&1" % (env, what),
               check=False, timeout=timeout)
    log("    apt-get %s: %.0f s" % (what.split()[0], time.monotonic() - t0))
    if res.returncode != 0:
        raise RigError("apt-get %s failed:\n%s" % (what, res.stdout[-4000:]))
    return res.stdout


def _dkms_status(s):
    return s.exec("dkms", "status", "synth2d").stdout.strip()


def _log_dkms_make_time(s, version):
    """How long DKMS's make took (the part of the apt-get time that is the
    compiler): its make.log starts with the date it started and was last
    written when make ended."""
    res = s.sh('f=$(ls -t /var/lib/dkms/synth2d/%s/*/*/log/make.log '
               '/var/lib/dkms/synth2d/%s/build/make.log 2>/dev/null | head -n 1) && '
               'echo $(( $(stat -c %%Y "$f") - $(date -d "$(sed -n 2p "$f")" +%%s) ))'
               % (version, version), check=False)
    took = res.stdout.strip()
    log("    DKMS make: %s s" % (took if took.isdigit() else "unknown"))


def _expect_signed(s, release=None):
    """Both installed modules (for RELEASE, default the running kernel)
    carry a signature by the DKMS MOK: modinfo's sig_key is the serial
    number of /var/lib/dkms/mok.pub."""
    serial = s.sh("openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -serial"
                  ).stdout.strip().split("=", 1)[1].upper().lstrip("0")
    kernel = ["-k", release] if release else []
    for mod in ("synth2d", "synth2d_input"):
        sig = s.exec("modinfo", *kernel, "-F", "sig_key", mod).stdout.strip()
        signer = s.exec("modinfo", *kernel, "-F", "signer", mod).stdout.strip()
        key = sig.replace(":", "").upper().lstrip("0")
        expect(key == serial, "%s sig_key %r is not the MOK's serial %s" % (mod, sig, serial))
        expect(signer, "%s: no signer" % mod)
    log("    signed by the MOK (serial %s, signer %s)" % (serial, signer))


def _stop(s):
    s.exec("sync")
    s.stop()


def _seed_path(series):
    """Where the cached state disk of SERIES is kept: the install image
    with the kernel's header packages installed, as `apt install
    linux-headers-$(uname -r)` leaves a VM. dpkg unpacks them for minutes
    under TCG and they are Debian's, not synth2d's: the suite installs
    them once for an image and header packages, then starts from the copy.
    Keyed on the image, the header packages and the kernel's config (the
    image stub)."""
    h = hashlib.sha256(b"install-seed 1\n")
    h.update(subprocess.run([os.path.join(rigtest.TOP, "tests", "vm", "build-rootfs"),
                             "--image", IMAGE[series], "--path"], capture_output=True,
                            check=True).stdout)
    debs = _lib("kernel_debs", series)
    for f in sorted(os.listdir(debs)):
        h.update(("%s %d\n" % (f, os.path.getsize(os.path.join(debs, f)))).encode())
    release = _lib("kernel_release", series)
    with open(os.path.join(_lib("kernel_dir", series), "boot", "config-" + release), "rb") as f:
        h.update(f.read())
    cache = subprocess.run(["bash", "-c", '. "$1/scripts/lib.sh"; echo "$SYNTH2D_CACHE"',
                            "lib", rigtest.TOP], capture_output=True, text=True,
                           check=True).stdout.strip()
    return os.path.join(cache, "install-seed", "%s-%s.img" % (series, h.hexdigest()[:16]))


def test_in_tree_drivers_before_install(series):
    """A new VM: the kernel's drivers bind. It gets the kernel's header
    packages (from the seed, or installed here and kept as the seed)."""
    st = _prepare(series)
    seed = _seed_path(series)
    if os.path.exists(st["disk"]):
        os.remove(st["disk"])
    if os.path.exists(seed):
        subprocess.run(["cp", "--sparse=always", seed, st["disk"]], check=True)
        log("    state disk: the kernel's headers installed (%s)" % seed)
    with _boot(series) as s:
        expect_bound(s, IN_TREE_DRIVERS, "Debian drivers bound")
        if not os.path.exists(seed):
            _apt(s, "install %s/kernel/*.deb" % SHARE)
        _stop(s)
    if not os.path.exists(seed):
        os.makedirs(os.path.dirname(seed), exist_ok=True)
        tmp = "%s.tmp.%d" % (seed, os.getpid())
        subprocess.run(["cp", "--sparse=always", st["disk"], tmp], check=True)
        os.rename(tmp, seed)
        log("    kept as the seed of the next runs: %s" % seed)


def test_apt_install_builds_and_signs(series):
    with _boot(series) as s:
        headers = s.sh("dpkg-query -W -f '${Status}' linux-headers-$(uname -r)",
                       check=False).stdout
        expect("install ok installed" in headers, "the kernel's headers are not installed: %r"
               % headers)
        out = _apt(s, "install %s/prev/*.deb" % SHARE)
        status = _dkms_status(s)
        log("    dkms status: %s" % status)
        _log_dkms_make_time(s, _version() + PREVIOUS)
        expect(_version() + PREVIOUS in status and "installed" in status,
               "dkms status after install: %r\n%s" % (status, out[-2000:]))
        _expect_signed(s)
        _stop(s)


def test_next_boot_binds_synth2d(series):
    with _boot(series) as s:
        expect_bound(s, SYNTH2D_DRIVERS, "synth2d bound")
        path = s.exec("modinfo", "-F", "filename", "synth2d").stdout.strip()
        expect("/updates/dkms/" in path, "synth2d loaded from %s" % path)
        _expect_xorg_picks_synth2d(s)
        _expect_initramfs_has_synth2d(s)
        _stop(s)


def _expect_xorg_picks_synth2d(s):
    """Xorg with no configuration file loads synth2d_drv for the screen."""
    s.background("xorg", "Xorg :0 -logfile /tmp/Xorg.0.log -nolisten tcp -noreset vt3")
    try:
        s.wait_for("Xorg on :0", lambda: s.sh("DISPLAY=:0 timeout 10 xdpyinfo >/dev/null 2>&1",
                                                check=False).returncode == 0,
                   timeout=120, interval=1)
        xlog = s.exec("cat", "/tmp/Xorg.0.log").stdout
        expect("Loading /usr/lib/xorg/modules/drivers/synth2d_drv.so" in xlog,
               "Xorg did not load synth2d_drv.so:\n" + xlog[-3000:])
        expect("SYNTH2D(0)" in xlog.upper(), "no synth2d screen in the Xorg log")
    finally:
        s.sh("kill $(pidof Xorg) 2>/dev/null; sleep 1", check=False)


def _expect_initramfs_has_synth2d(s):
    """Where hyperv-keyboard is in the initramfs (MODULES=most puts it there
    on every Debian system), the packages' hook adds synth2d_input and the
    modprobe configuration comes along. MODULES=list with hyperv_keyboard
    puts it there too, without copying most of the module tree under TCG."""
    t0 = time.monotonic()
    res = s.sh("rm -rf /tmp/itconf && cp -a /etc/initramfs-tools /tmp/itconf && "
               "sed -i 's/^MODULES=.*/MODULES=list/; s/^COMPRESS=.*/COMPRESS=gzip/' "
               "/tmp/itconf/initramfs.conf && "
               "echo hyperv_keyboard >>/tmp/itconf/modules && "
               "mkinitramfs -d /tmp/itconf -o /tmp/initrd.img $(uname -r) 2>&1",
               timeout=900, check=False)
    if res.returncode != 0:
        raise RigError("mkinitramfs failed (%d):\n%s" % (res.returncode, res.stdout[-3000:]))
    listing = s.sh("lsinitramfs /tmp/initrd.img", timeout=300).stdout
    log("    mkinitramfs + lsinitramfs: %.0f s" % (time.monotonic() - t0))
    for f in ("synth2d_input.ko", "hyperv-keyboard.ko", "lib/modprobe.d/synth2d.conf"):
        expect(any(line.endswith(f) or (f + ".") in line for line in listing.splitlines()),
               "the initramfs has no %s" % f)


def test_upgrade_rebuilds(series):
    with _boot(series) as s:
        _apt(s, "install %s/cur/*.deb" % SHARE)
        status = _dkms_status(s)
        log("    dkms status: %s" % status)
        _log_dkms_make_time(s, _version())
        expect(PREVIOUS not in status and "synth2d/%s" % _version() in status
               and "installed" in status, "dkms status after upgrade: %r" % status)
        _expect_signed(s)
        _stop(s)


def test_boot_after_upgrade_binds_synth2d(series):
    with _boot(series) as s:
        expect_bound(s, SYNTH2D_DRIVERS, "synth2d bound")
        _expect_dkms_build_loaded(s, _lib("kernel_release", series))
        _stop(s)


def _expect_dkms_build_loaded(s, release):
    """The loaded synth2d modules are DKMS's build of this tree's version
    for RELEASE (their GNU build IDs)."""
    for mod in ("synth2d", "synth2d_input"):
        built = s.sh("ls /var/lib/dkms/synth2d/%s/%s/*/module/%s.ko*"
                     % (_version(), release, mod)).stdout.strip()
        want = _file_build_id(s, built)
        loaded = _loaded_build_id(s, mod)
        expect(loaded == want, "loaded %s (build ID %s) is not DKMS's build of %s for %s (%s)"
               % (mod, loaded, _version(), release, want))
        log("    %s: build ID %s, DKMS's build of %s for %s" % (mod, loaded, _version(), release))


@rigtest.matrix
@rigtest.kernels(*UPDATE)
def test_kernel_update_builds_for_the_new_kernel(series):
    """A kernel update, as apt brings one: the new kernel's image and
    header packages. The kernel hooks (/etc/kernel/postinst.d or
    header_postinst.d, whichever runs once the headers are there) run
    `dkms autoinstall` for the new kernel, which builds and signs synth2d
    for it. INITRD=No skips initramfs-tools' hook:
    the rig boots its own initramfs, and the hook's work for synth2d is
    checked in step 3 (MODULES=most would copy most of the tree under TCG)."""
    release = _lib("kernel_release", UPDATE[series])
    with _boot(series) as s:
        out = _apt(s, "install %s/update/*.deb" % SHARE, env="INITRD=No")
        status = _dkms_status(s)
        log("    dkms status: %s" % status.replace("\n", "; "))
        expect("synth2d/%s, %s, x86_64: installed" % (_version(), release) in status,
               "no synth2d build for %s after the kernel update: %r\n%s"
               % (release, status, out[-3000:]))
        _expect_signed(s, release)
        _stop(s)


@rigtest.matrix
@rigtest.kernels(*UPDATE)
def test_updated_kernel_boots_with_synth2d(series):
    """The next boot is on the new kernel, its module tree from the disk
    (rig.kmod=disk: what its image package installed): udev binds synth2d,
    and the modules are DKMS's build for that kernel."""
    release = _lib("kernel_release", UPDATE[series])
    with _boot(series, kernel=UPDATE[series], append=["rig.kmod=disk"]) as s:
        running = s.exec("uname", "-r").stdout.strip()
        expect(running == release, "booted %s, want %s" % (running, release))
        expect_bound(s, SYNTH2D_DRIVERS, "synth2d bound on the updated kernel")
        _expect_dkms_build_loaded(s, release)
        _stop(s)


def _loaded_build_id(s, mod):
    """The GNU build ID of the loaded module MOD: its ELF note in sysfs
    (a 12-byte header and the name "GNU\\0", then the ID). Debian's kernels
    keep no srcversion for modules without MODULE_VERSION."""
    out = s.exec("od", "-An", "-v", "-tx1", "-j16",
                 "/sys/module/%s/notes/.note.gnu.build-id" % mod).stdout
    return "".join(out.split())


def _file_build_id(s, path):
    """The GNU build ID of the module file PATH (.ko or .ko.xz)."""
    out = s.sh('f="%s"; case $f in *.xz) xz -dc "$f" >/tmp/build-id.ko; f=/tmp/build-id.ko ;; '
               'esac; readelf -n "$f"' % path).stdout
    ids = [line.split(":", 1)[1].strip() for line in out.splitlines() if "Build ID:" in line]
    expect(len(ids) == 1, "%s: no single build ID in:\n%s" % (path, out))
    return ids[0]


def test_fallback_when_synth2d_cannot_load(series):
    """With synth2d's modules refused by the kernel (module_blacklist=, the
    escape hatch of docs/install.md; the same as a kernel DKMS did not build
    for), the modprobe configuration loads the kernel's own drivers."""
    with _boot(series, append=["module_blacklist=synth2d,synth2d_input"]) as s:
        expect_bound(s, IN_TREE_DRIVERS, "Debian drivers bound")
        _stop(s)


def test_remove_brings_back_in_tree_drivers(series):
    with _boot(series) as s:
        _apt(s, "remove " + " ".join(PACKAGES))
        left = s.sh("ls /lib/modprobe.d/synth2d.conf /lib/modules/*/updates/dkms/synth2d* "
                    "2>/dev/null; true").stdout.strip()
        expect(not left, "left after remove: %s" % left)
        _stop(s)
    with _boot(series) as s:
        expect_bound(s, IN_TREE_DRIVERS, "Debian drivers bound")
        _stop(s)

