// SPDX-License-Identifier: MIT
/*
 * Typing through the session's own layout (mutter, KWin). For NotifyKeyboardKeysym,
 * mutter 43 to 50 (src/backends/native/meta-virtual-input-device-native.c,
 * pick_keycode_for_keyval_in_current_group and apply_level_modifiers)
 * takes the first key of its current layout that has the keysym on some
 * level, presses Shift for level 1 or ISO_Level3_Shift for level 2 (each
 * looked up the same way), and leaves other levels alone, so a keysym on
 * level 3 comes out as the key's level-0 symbol. This file replays that
 * choice on an xkb_state and keeps only the keysyms that a client then
 * reads back unchanged. For KWin's fake input, which takes key codes, the
 * same keys are pressed by the typist itself.
 */
#include "typist_layout.h"

/* The first key and level of @layout that carry @sym, in mutter's order:
 * keycodes from the minimum up to, not including, the maximum. */
static bool find_sym(struct xkb_keymap *km, xkb_layout_index_t layout, xkb_keysym_t sym,
		     xkb_keycode_t *key, xkb_level_index_t *level)
{
	xkb_keycode_t kc, max = xkb_keymap_max_keycode(km);

	for (kc = xkb_keymap_min_keycode(km); kc < max; kc++) {
		xkb_level_index_t l, n = xkb_keymap_num_levels_for_key(km, kc, layout);

		for (l = 0; l < n; l++) {
			const xkb_keysym_t *syms;
			int i, count = xkb_keymap_key_get_syms_by_level(km, kc, layout, l, &syms);

			for (i = 0; i < count; i++) {
				if (syms[i] == sym) {
					*key = kc;
					*level = l;
					return true;
				}
			}
		}
	}
	return false;
}

static bool state_has_sym(struct xkb_state *st, xkb_keycode_t key, xkb_keysym_t sym)
{
	const xkb_keysym_t *syms;
	int i, n = xkb_state_key_get_syms(st, key, &syms);

	for (i = 0; i < n; i++)
		if (syms[i] == sym)
			return true;
	return false;
}

bool typist_layout_find(struct xkb_keymap *keymap, xkb_layout_index_t layout, xkb_keysym_t sym,
			struct typist_layout_key *out)
{
	static const xkb_keysym_t level_mod[] = {XKB_KEY_NoSymbol, XKB_KEY_Shift_L,
						 XKB_KEY_ISO_Level3_Shift};
	xkb_keycode_t key, mod_key = 0;
	xkb_level_index_t level, mod_level;
	struct xkb_state *st;
	bool ok;

	if (!find_sym(keymap, layout, sym, &key, &level) || level > 2)
		return false;
	if (level > 0 && !find_sym(keymap, layout, level_mod[level], &mod_key, &mod_level))
		return false;
	st = xkb_state_new(keymap);
	if (!st)
		return false;
	xkb_state_update_mask(st, 0, 0, 0, 0, 0, layout);
	if (mod_key)
		xkb_state_update_key(st, mod_key, XKB_KEY_DOWN);
	ok = state_has_sym(st, key, sym);
	xkb_state_unref(st);
	if (ok) {
		out->key = key;
		out->modifier = mod_key;
		out->level = (int)level;
	}
	return ok;
}
