# SPDX-License-Identifier: MIT
# Sourced by guest/init and, with systemd as PID 1, by guest/systemd/rig-guest:
# the steps both inits share. The caller defines `problems` (an array).

say() { echo "rig-init: [$(cut -d" " -f1 /proc/uptime)] $*" >/dev/console; }
problem() {
	say "$*"
	problems+=("$*")
}

# Coldplug only what the tests look at; devices the drivers create later
# arrive as live events. A full coldplug of QEMU's PC costs seconds of TCG.
coldplug() {
	local subsystem coldplug=()
	for subsystem in input hid drm graphics vmbus serio misc; do
		coldplug+=(--subsystem-match="$subsystem")
	done
	udevadm trigger --type=subsystems --action=add
	udevadm trigger --type=devices --action=add "${coldplug[@]}"
	udevadm settle --timeout=60 || say "udevadm settle timed out"
}

# The outcome for the runner: spool/failed (one line per problem) or
# spool/ready (the kernel release), each published by rename.
report_outcome() {
	if [ ${#problems[@]} -gt 0 ]; then
		printf '%s\n' "${problems[@]}" >/spool/failed.tmp
		mv /spool/failed.tmp /spool/failed
	else
		uname -r >/spool/ready.tmp
		mv /spool/ready.tmp /spool/ready
		say "ready (drivers: $RIG_DRIVERS)"
	fi
}
