# SPDX-License-Identifier: MIT
# Sourced by guest/init: load one of the rig's driver sets. Failures are
# reported with `problem` (defined by the caller), with the tool's message.

# Debian's Hyper-V drivers, loaded by file so that modprobe never resolves
# their hv_vmbus dependency (the VMBus sim provides those symbols).
UPSTREAM_MODULES=(hyperv_drm hid_hyperv hyperv_keyboard)

# run_or_report WHAT COMMAND...: run it; on failure report WHAT and its output.
run_or_report() {
	local what=$1 out
	shift
	out=$("$@" 2>&1) && return 0
	problem "$what failed: ${out//$'\n'/ }"
	return 1
}

# insmod_with_deps FILE [PARAM]...: modprobe the kernel modules FILE depends on (from
# its modinfo; hv_vmbus is skipped: vmbus_sim.ko provides its symbols), then
# insmod FILE itself.
insmod_with_deps() {
	local ko=$1 name deps dep
	shift
	name=$(basename "$ko")
	deps=$(modinfo -F depends "$ko" 2>/dev/null)
	for dep in ${deps//,/ }; do
		case ${dep//-/_} in
		hv_vmbus | vmbus_sim | synth2d*) continue ;;
		esac
		run_or_report "modprobe $dep (for $name)" modprobe "$dep" || return
	done
	run_or_report "insmod $name" insmod "$ko" "$@"
}

load_sim() {
	local ko=/synth2d/modules/$RIG_SERIES/vmbus_sim.ko
	[ -f "$ko" ] || {
		problem "missing $ko (build with scripts/build-modules)"
		return 1
	}
	# rig start --firmware-fb WxH: the Gen2 firmware framebuffer, registered
	# by the sim at load, before any Hyper-V driver (docs/rig.md)
	insmod_with_deps "$ko" ${RIG_FIRMWARE_FB:+"firmware_fb=$RIG_FIRMWARE_FB"}
}

load_synth2d() {
	local dir=/synth2d/modules/$RIG_SERIES ko
	load_sim || return
	[ -f "$dir/synth2d.ko" ] || {
		problem "missing $dir/synth2d.ko"
		return
	}
	insmod_with_deps "$dir/synth2d.ko" || return
	for ko in "$dir"/synth2d?*.ko; do
		[ -e "$ko" ] || continue
		insmod_with_deps "$ko"
	done
}

# load_upstream_module NAME: the Debian module NAME (found in modules.dep).
load_upstream_module() {
	local name=$1 moddir=/lib/modules/$RIG_RELEASE line
	line=$(grep -E "/${name//_/[-_]}\.ko(\.[a-z]+)?:" "$moddir/modules.dep") || {
		problem "$name is not in $moddir/modules.dep"
		return
	}
	insmod_with_deps "$moddir/${line%%:*}"
}

load_upstream() {
	local m
	load_sim || return
	for m in "${UPSTREAM_MODULES[@]}"; do
		load_upstream_module "$m"
	done
}

load_drivers() {
	case $1 in
	synth2d) load_synth2d ;;
	upstream) load_upstream ;;
	autoload) load_sim ;; # udev loads the rest (guest/init)
	sim) load_sim ;;      # the test loads the drivers itself
	none) ;;
	*) problem "unknown driver set '$1'" ;;
	esac
}
