/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth2d_input.ko: the synthetic mouse and keyboard VMBus drivers and the
 * Unicode keystroke device they share a module with.
 */
#ifndef SYNTH2D_INPUT_H
#define SYNTH2D_INPUT_H

#include <linux/hyperv.h>
#include <linux/types.h>

#include "synth2d_hv_compat.h"

/*
 * Ring size of each input channel: hid-hyperv and hyperv-keyboard ask for
 * VMBUS_RING_SIZE(36 KiB), 36 KiB on 6.1 and 6.12 and 40 KiB before the
 * header adjustment; any size a host accepts will do (docs/protocol.md §1.2).
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
