# SPDX-License-Identifier: MIT
# Shared settings of the project's scripts; sourced, not run.

SYNTH2D_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYNTH2D_CACHE=${SYNTH2D_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synth2d}
# Kernel series the project builds and tests against (Debian 12's two).
SYNTH2D_KERNELS=${SYNTH2D_KERNELS:-"6.1 6.12"}

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# kernel_dir SERIES: where the unpacked image and headers of SERIES live.
kernel_dir() {
	echo "$SYNTH2D_CACHE/kernels/$1"
}

# kernel_debs SERIES: the kernel's header .debs (scripts/install-deps).
kernel_debs() {
	echo "$SYNTH2D_CACHE/kernels/$1.debs"
}

# kernel_release SERIES: e.g. 6.1.0-56-amd64, read from the unpacked image.
kernel_release() {
	local d
	d=$(kernel_dir "$1")
	[ -f "$d/release" ] || die "kernel $1 is not in the cache ($d): run scripts/install-deps"
	cat "$d/release"
}

# kernel_headers SERIES: the headers tree to build modules against (KDIR).
kernel_headers() {
	echo "$(kernel_dir "$1")/usr/src/linux-headers-$(kernel_release "$1")"
}

# kernel_image SERIES: the bzImage.
kernel_image() {
	echo "$(kernel_dir "$1")/boot/vmlinuz-$(kernel_release "$1")"
}

# kernel_modules SERIES: the kernel's own module tree (lib/modules/KVER).
kernel_modules() {
	echo "$(kernel_dir "$1")/lib/modules/$(kernel_release "$1")"
}
