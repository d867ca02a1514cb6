/* SPDX-License-Identifier: MIT */
/*
 * Which keysyms a compositor that types by keysym through the session's
 * own layout can type: mutter's RemoteDesktop API looks the keysym up in
 * its current layout and presses Shift or AltGr for the level it is on.
 */
#ifndef SYNTH2D_TYPIST_LAYOUT_H
#define SYNTH2D_TYPIST_LAYOUT_H

#include <xkbcommon/xkbcommon.h>

/*
 * The level (0, 1 or 2) on which layout @layout of @keymap carries @sym,
 * searched as mutter searches (keycode order, first match), or -1 when
 * mutter would not type it as @sym: the layout lacks it, or it is on a
 * level that no modifier mutter presses reaches (level 1 is Shift, level
 * 2 AltGr, i.e. ISO_Level3_Shift), or that modifier's key is missing.
 */
int typist_layout_level(struct xkb_keymap *keymap, xkb_layout_index_t layout, xkb_keysym_t sym);

#endif /* SYNTH2D_TYPIST_LAYOUT_H */
