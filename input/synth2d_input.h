/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth2d_input.ko: the synthetic mouse and keyboard VMBus drivers and the
 * Unicode keystroke device they share a module with.
 */
#ifndef SYNTH2D_INPUT_H
#define SYNTH2D_INPUT_H

#include <linux/hyperv.h>
#include <linux/types.h>

#include <synth2d/hv_driver_compat.h>

/*
 * Ring sizes of hid-hyperv and hyperv-keyboard: VMBUS_RING_SIZE(36 KiB),
 * 40 KiB on 4 KiB pages (protocol.md §1.2).
 */
#define SYNTH2D_INPUT_RING_SIZE		(40 * 1024)

extern struct hv_driver synth2d_mouse_driver;
extern struct hv_driver synth2d_keyboard_driver;

int synth2d_mouse_hid_register(void);
void synth2d_mouse_hid_unregister(void);

int synth2d_unicode_init(void);
void synth2d_unicode_exit(void);
void synth2d_unicode_push(const u32 *codepoints, unsigned int count);

#endif /* SYNTH2D_INPUT_H */
