# SPDX-License-Identifier: MIT
"""The synth2d QEMU test rig: sessions of a guest plus synth2d-host."""
