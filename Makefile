# SPDX-License-Identifier: MIT
#
# synth2d top-level targets. The quick start is `make demo` and `make check`;
# both install what is missing first (scripts/install-deps).

BUILD   ?= build
KERNELS ?= 6.1 6.12
export SYNTH2D_KERNELS := $(KERNELS)

.PHONY: all deps userspace modules unit check demo bench clean

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

clean:
	rm -rf $(BUILD)
