/* SPDX-License-Identifier: MIT */
/*
 * Typing through the session's own layout, where the compositor offers no
 * keyboard with a keymap of the typist's: mutter's RemoteDesktop API looks
 * a keysym up in its current layout and presses Shift or AltGr for the
 * level it is on; KWin's fake input takes key codes, which the typist
 * picks the same way.
 */
#ifndef SYNTH2D_TYPIST_LAYOUT_H
#define SYNTH2D_TYPIST_LAYOUT_H

#include <stdbool.h>
#include <xkbcommon/xkbcommon.h>

/* How a keysym is typed: a key, on a level reached with one modifier key. */
struct typist_layout_key {
	xkb_keycode_t key;	/* XKB keycode (evdev code + 8) */
	xkb_keycode_t modifier; /* 0, or the Shift or AltGr key held with it */
	int level;		/* 0, 1 (Shift) or 2 (AltGr) */
};

/*
 * How layout @layout of @keymap types @sym, searched as mutter searches
 * (keycode order, first match): false when it would not come out as @sym,
 * because the layout lacks it, or it is on a level that neither Shift
 * (level 1) nor AltGr, i.e. ISO_Level3_Shift (level 2), alone reaches, or
 * that modifier's key is missing.
 */
bool typist_layout_find(struct xkb_keymap *keymap, xkb_layout_index_t layout, xkb_keysym_t sym,
			struct typist_layout_key *out);

#endif /* SYNTH2D_TYPIST_LAYOUT_H */
