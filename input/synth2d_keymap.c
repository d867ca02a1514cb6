// SPDX-License-Identifier: GPL-2.0-only
/*
 * Set-1 keystrokes of the synthetic keyboard into scancodes, key codes and
 * code points.
 *
 * The host sends PC/AT set-1 make codes with the break state and the
 * E0/E1 prefixes as flags (docs/protocol.md §5.1). The default key codes are
 * those atkbd gives a translated set-2 keyboard (upstream's
 * hyperv_keyboard feeds atkbd), so keys, hwdb keymaps and setkeycodes
 * behave the same with either driver.
 */
#include "synth2d_keymap.h"

#include <synth2d/synthkbd.h>

/*
 * Index: make code, | 0x80 for E0 (and for the code after E1 + 1D, which
 * is Pause: 0xc5). 0: no key. Equal to atkbd's translated set-2 table.
 */
const u16 synth2d_set1_keymap[SYNTH2D_KEYMAP_SIZE] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
	32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
	48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
	64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
	80, 81, 82, 83, 99, 0, 86, 87, 88, 117, 0, 0, 95, 183, 184, 185,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 193, 0,
	93, 0, 0, 89, 0, 0, 85, 91, 90, 92, 0, 94, 0, 124, 121, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	165, 0, 0, 0, 0, 0, 0, 0, 0, 163, 0, 0, 96, 97, 0, 0,
	113, 140, 164, 0, 166, 0, 0, 0, 0, 0, 0, 0, 0, 0, 114, 0,
	115, 0, 172, 0, 0, 98, 0, 99, 100, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 119, 119, 102, 103, 104, 0, 105, 112, 106, 118, 107,
	108, 109, 110, 111, 0, 0, 0, 0, 0, 0, 0, 125, 126, 127, 116, 142,
	0, 0, 0, 143, 0, 217, 156, 173, 128, 159, 158, 157, 155, 226, 0, 112,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

#define SYNTH2D_REPLACEMENT_CHAR	0xfffd

static void synth2d_key_decode_unicode(struct synth2d_key_decoder *dec,
				       u16 unit, struct synth2d_key_event *ev)
{
	ev->kind = SYNTH2D_KEY_UNICODE;
	if (dec->high_surrogate && (unit < 0xdc00 || unit > 0xdfff)) {
		/* a high surrogate without its low half */
		ev->codepoints[ev->ncodepoints++] = SYNTH2D_REPLACEMENT_CHAR;
		dec->high_surrogate = 0;
	}
	if (unit >= 0xd800 && unit <= 0xdbff) {
		dec->high_surrogate = unit;
	} else if (unit >= 0xdc00 && unit <= 0xdfff) {
		if (dec->high_surrogate)
			ev->codepoints[ev->ncodepoints++] = 0x10000 +
				((u32)(dec->high_surrogate - 0xd800) << 10) +
				(unit - 0xdc00);
		else
			ev->codepoints[ev->ncodepoints++] = SYNTH2D_REPLACEMENT_CHAR;
		dec->high_surrogate = 0;
	} else {
		ev->codepoints[ev->ncodepoints++] = unit;
	}
	if (!ev->ncodepoints)
		ev->kind = SYNTH2D_KEY_NONE;
}

/**
 * synth2d_key_decode() - decode one keystroke
 * @dec: decoder state of the keyboard (prefix and surrogate carry-over)
 * @make_code: the keystroke's make code (or UTF-16 unit with IS_UNICODE)
 * @info: its IS_* flags
 * @ev: the result
 *
 * E1 works as atkbd handles the byte stream E1 1D 45 (Pause): the code
 * carrying E1 is swallowed and the next one counts as E0-prefixed.
 * Unicode keystrokes count on their make only (the host sends a make and
 * a break per UTF-16 unit, docs/protocol.md §5.1).
 */
void synth2d_key_decode(struct synth2d_key_decoder *dec, u16 make_code,
			u32 info, struct synth2d_key_event *ev)
{
	bool e0;

	memset(ev, 0, sizeof(*ev));
	if (info & SYNTH2D_SYNTHKBD_IS_UNICODE) {
		if (!(info & SYNTH2D_SYNTHKBD_IS_BREAK))
			synth2d_key_decode_unicode(dec, make_code, ev);
		return;
	}
	if (make_code > 0x7f) {
		ev->kind = SYNTH2D_KEY_INVALID;
		dec->e0_pending = false;
		return;
	}
	if (info & SYNTH2D_SYNTHKBD_IS_E1) {
		dec->e0_pending = true;
		return;
	}
	e0 = (info & SYNTH2D_SYNTHKBD_IS_E0) || dec->e0_pending;
	dec->e0_pending = false;
	ev->kind = SYNTH2D_KEY_SCANCODE;
	ev->scancode = make_code | (e0 ? 0x80 : 0);
	ev->pressed = !(info & SYNTH2D_SYNTHKBD_IS_BREAK);
}
