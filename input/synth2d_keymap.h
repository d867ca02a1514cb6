/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding of synthetic keystrokes: AT set-1 make codes with E0/E1 and
 * break flags into scancodes and key codes, and UTF-16 (IS_UNICODE)
 * keystrokes into code points. Pure functions, shared with the unit tests.
 */
#ifndef SYNTH2D_KEYMAP_H
#define SYNTH2D_KEYMAP_H

#include "synth2d_parse_shim.h"

/* Scancodes are atkbd's translated ones: make code, | 0x80 after E0. */
#define SYNTH2D_KEYMAP_SIZE	256

extern const u16 synth2d_set1_keymap[SYNTH2D_KEYMAP_SIZE];

enum synth2d_key_kind {
	SYNTH2D_KEY_NONE,	/* nothing to report (prefix, Unicode break) */
	SYNTH2D_KEY_SCANCODE,
	SYNTH2D_KEY_UNICODE,
	SYNTH2D_KEY_INVALID,	/* a make code outside set 1 */
};

struct synth2d_key_decoder {
	bool e0_pending;	/* after E1 + its first code (Pause) */
	u16 high_surrogate;	/* first half of a UTF-16 pair, or 0 */
};

struct synth2d_key_event {
	enum synth2d_key_kind kind;
	u16 scancode;
	bool pressed;
	/* Unicode: one or two code points (a broken pair yields U+FFFD first) */
	u32 codepoints[2];
	unsigned int ncodepoints;
};

void synth2d_key_decode(struct synth2d_key_decoder *dec, u16 make_code,
			u32 info, struct synth2d_key_event *ev);

#endif /* SYNTH2D_KEYMAP_H */
