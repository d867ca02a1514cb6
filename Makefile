# SPDX-License-Identifier: MIT
#
# synth2d top-level targets. The quick start is `make demo` and `make check`;
# both install what is missing first (scripts/install-deps).

BUILD   ?= build
KERNELS ?= 6.1 6.12
export SYNTH2D_KERNELS := $(KERNELS)

.PHONY: all deps userspace modules unit check demo bench fuzz clean

all: userspace modules

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD)

userspace: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

modules: deps
	@for k in $(KERNELS); do scripts/build-modules $$k $(BUILD)/modules/$$k || exit 1; done

unit: userspace
	meson test -C $(BUILD) --suite unit --print-errorlogs

check: userspace modules
	scripts/run-checks $(BUILD)

demo: userspace modules
	scripts/demo $(BUILD)

# Figures, not pass/fail: synth2d vs the kernel's hyperv_drm on the same host.
bench: userspace modules
	@for k in $(KERNELS); do SYNTH2D_BUILD=$(abspath $(BUILD)) tests/bench/display-bench --kernel $$k || exit 1; done

# The long fuzzing run (make check runs a short one); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 600
fuzz: userspace
	tests/fuzz/run-long $(FUZZ_SECONDS) $(BUILD)

clean:
	rm -rf $(BUILD)
