# SPDX-License-Identifier: MIT
# Shared settings of the project's scripts; sourced, not run.

SYNTH2D_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYNTH2D_CACHE=${SYNTH2D_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synth2d}
# Kernel series the project builds and tests against (Debian 12's two).
SYNTH2D_KERNELS=${SYNTH2D_KERNELS:-"6.1 6.12"}
# One more kernel, `trixie`, for the install suite on a Debian 13 guest (make
# check-install): trixie's own 6.12, fetched by `scripts/install-deps trixie`.

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
	[ -f "$d/release" ] || die "kernel $1 is not in the cache ($d): run scripts/install-deps$(
		[ "$1" = trixie ] && echo " $1")"
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

# kernel_source_series SERIES: the series of Debian's linux-source package
# with this kernel's sources (the VMBus sim's internal headers).
kernel_source_series() {
	case $1 in
	trixie) echo 6.12 ;;
	*) echo "$1" ;;
	esac
}

# kernel_build_image SERIES: the guest image whose compiler builds modules
# for SERIES, or nothing where this machine's does. trixie's kernel is built
# by gcc-14, which Debian 12 lacks; its kbuild tools need trixie's libc.
kernel_build_image() {
	case $1 in
	trixie) echo trixie-install ;;
	esac
}

# apt_archive NAME: the URL apt uses on this machine for Debian's archive
# NAME (debian or debian-security), from deb822 or one-line sources.
apt_archive() {
	local m
	m=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list 2>/dev/null |
		grep -oE "https?://[^ ]*/$1/?( |\$)" | head -n1 | tr -d ' ')
	echo "${m:-http://deb.debian.org/$1}"
}

# apt_mirror, apt_security_mirror: the Debian mirror and security archive
# the guest images and the trixie kernel come from.
apt_mirror() {
	echo "${SYNTH2D_MIRROR:-$(apt_archive debian)}"
}
apt_security_mirror() {
	echo "${SYNTH2D_SECURITY_MIRROR:-$(apt_archive debian-security)}"
}
