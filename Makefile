# SPDX-License-Identifier: MIT
#
# synth2d top-level targets. The quick start is `make demo` and `make check`;
# both install what is missing first (scripts/install-deps).

BUILD   ?= build
KERNELS ?= 6.1 6.12
export SYNTH2D_KERNELS := $(KERNELS)

.PHONY: all deps userspace modules lint unit check check-desktops check-matrix demo bench bench-xorg fuzz soak deb check-install clean

all: userspace modules

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD)

userspace: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

modules: deps
	@for k in $(KERNELS); do scripts/build-modules $$k $(BUILD)/modules/$$k || exit 1; done

# checkpatch --strict and sparse on the kernel code (make check runs it too).
lint: deps
	scripts/lint-kernel $(BUILD)

unit: userspace
	meson test -C $(BUILD) --suite unit --print-errorlogs

check: userspace modules
	scripts/run-checks $(BUILD)

# The full desktop matrix (docs/desktops.md): every desktop on synth2d and
# on hyperv_drm, both kernels. make check runs the part marked for it.
DESKTOP_SUITES = desktop_xorg desktop_sway desktop_weston desktop_gnome desktop_plasma \
	cursor_paths
check-desktops: userspace modules
	scripts/run-rig-kernels $(BUILD) --matrix $(addprefix --suite ,$(DESKTOP_SUITES))

# Everything, matrix rows included: make check's suites plus the desktop
# matrix and the upstream-driver baselines (docs/testing.md; over two hours).
check-matrix: userspace modules
	scripts/run-rig-kernels $(BUILD) --matrix

demo: userspace modules
	scripts/demo $(BUILD)

# Figures, not pass/fail: synth2d vs the kernel's hyperv_drm on the same host.
bench: userspace modules
	@for k in $(KERNELS); do SYNTH2D_BUILD=$(abspath $(BUILD)) tests/bench/display-bench --kernel $$k || exit 1; done

# Figures too: one X desktop workload on the synth2d Xorg driver, modesetting
# on synth2d.ko and modesetting on hyperv_drm (desktop image, ~10 min a kernel).
bench-xorg: userspace modules
	@for k in $(KERNELS); do SYNTH2D_BUILD=$(abspath $(BUILD)) tests/bench/xorg-workload --kernel $$k || exit 1; done

# The long fuzzing run (make check runs a short one); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 600
fuzz: userspace
	tests/fuzz/run-long $(FUZZ_SECONDS) $(BUILD)

# Robustness over hours, not in make check (docs/robustness.md): a hundred
# hibernations, rescind/re-offer and unbind/bind cycles on each kernel
# (SOAK_CYCLES), then SOAK_FUZZ_SECONDS of fuzzing per parser.
SOAK_CYCLES ?= 100
SOAK_FUZZ_SECONDS ?= 3600
soak: userspace modules
	@rc=0; for k in $(KERNELS); do \
		SOAK_CYCLES=$(SOAK_CYCLES) SYNTH2D_BUILD=$(abspath $(BUILD)) \
			tests/rig/run --kernel $$k --suite soak || rc=1; \
	done; tests/fuzz/run-long $(SOAK_FUZZ_SECONDS) $(BUILD) || rc=1; exit $$rc

# Debian packages (docs/install.md): synth2d, synth2d-dkms,
# xserver-xorg-video-synth2d, synth2d-tools into $(BUILD)/deb; lintian-checked.
deb: deps
	scripts/build-deb $(BUILD)/deb

# The install suite (tests/rig/test_install.py: apt, DKMS, reboots, upgrade,
# remove; make check runs it on 6.1 and 6.12) with its matrix step, the
# kernel update on 6.1, and once more on a Debian 13 guest with trixie's own
# kernel (fetched and built for here, not by make check).
check-install: userspace modules
	scripts/install-deps trixie
	scripts/build-modules trixie $(BUILD)/modules/trixie
	@rc=0; for k in $(KERNELS) trixie; do \
		SYNTH2D_BUILD=$(abspath $(BUILD)) tests/rig/run --matrix --kernel $$k --suite install || rc=1; \
	done; exit $$rc

clean:
	rm -rf $(BUILD)
