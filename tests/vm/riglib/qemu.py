# SPDX-License-Identifier: MIT
"""The QEMU command line of a session (facts: docs of tests/vm, rig.md)."""


def _opt(value):
    """Escape a value for a QEMU -opt list (a comma is written twice)."""
    return str(value).replace(",", ",,")


def _virtfs(path, tag, readonly):
    arg = f"local,path={_opt(path)},mount_tag={tag},security_model=none"
    return ["-virtfs", arg + (",readonly=on" if readonly else "")]


def command_line(session, kernel, initramfs, rootfs, shares, memory_mb,
                 build, vm_dir, append, disk=None):
    """shares: [(tag, host_dir)] mounted read-write by the guest init;
    append: extra kernel parameters; disk: the ext4 image that keeps the
    overlay's writes (the initramfs mounts it when rig.disk is given)."""
    if disk is not None:
        append = [*append, "rig.disk"]
    shm_size = session.shm.stat().st_size
    cmd = [
        "qemu-system-x86_64",
        # KVM is unusable on these machines (rig.md): TCG only.
        "-accel", "tcg", "-cpu", "max", "-m", str(memory_mb), "-smp", "1",
        "-nographic", "-no-reboot", "-nodefaults", "-display", "none",
        "-serial", f"file:{_opt(session.console_log)}",
        "-monitor", f"unix:{_opt(session.qemu_mon)},server=on,wait=off",
        "-kernel", str(kernel.image), "-initrd", str(initramfs),
        # mitigations=off: no PTI/retpoline cost under TCG; panic=-1 with
        # -no-reboot ends QEMU on a panic instead of hanging.
        "-append", " ".join(["console=ttyS0 panic=-1 mitigations=off",
                             # A Hyper-V guest has no PS/2 devices to confuse
                             # input tests (Gen2 has no i8042 at all).
                             "i8042.nokbd i8042.noaux", *append]),
        "-object", f"memory-backend-file,id=shm,share=on,"
                   f"mem-path={_opt(session.shm)},size={shm_size}",
        "-device", "ivshmem-plain,memdev=shm",
    ]
    cmd += _virtfs(rootfs, "rootfs", True)
    cmd += _virtfs(vm_dir, "rig", True)
    cmd += _virtfs(session.spool, "spool", False)
    cmd += _virtfs(kernel.modules, "kmod", True)
    if build is not None:
        cmd += _virtfs(build, "build", True)
    for tag, host_dir in shares:
        cmd += _virtfs(host_dir, tag, False)
    if disk is not None:
        cmd += ["-drive", f"file={_opt(disk)},if=virtio,format=raw,cache=unsafe"]
    return cmd
