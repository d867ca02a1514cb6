// SPDX-License-Identifier: MIT
/*
 * Unit test of what synth2d-typist lets mutter type
 * (../tools/typist_layout.c), on the layouts xkeyboard-config ships: each
 * keysym must be refused exactly where mutter would type something else
 * or nothing.
 */
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <xkbcommon/xkbcommon.h>

#include "test_check.h"
#include "typist_layout.h"

TEST_COUNTERS_DEFINE;

/* The level typist_layout_find gives, -1 for "not typable". */
static int level_of(struct xkb_keymap *km, xkb_keysym_t sym)
{
	struct typist_layout_key k;

	return typist_layout_find(km, 0, sym, &k) ? k.level : -1;
}

static struct xkb_keymap *layout(struct xkb_context *ctx, const char *name)
{
	struct xkb_rule_names names = {.rules = "evdev", .model = "pc105", .layout = name};
	struct xkb_keymap *km = xkb_keymap_new_from_names(ctx, &names, 0);

	if (!km)
		fprintf(stderr, "cannot compile the %s layout (xkb-data missing?)\n", name);
	return km;
}

/* The key pressed for @sym, as an evdev code (what KWin's fake input
 * takes), and the symbol of the modifier key held with it. */
static void check_keys(struct xkb_keymap *km, xkb_keysym_t sym, int key, xkb_keysym_t modifier)
{
	struct typist_layout_key k = {0, 0, -1};
	const xkb_keysym_t *syms = NULL;

	CHECK(typist_layout_find(km, 0, sym, &k));
	CHECK_EQ((int)k.key - 8, key);
	if (!modifier) {
		CHECK_EQ(k.modifier, 0);
		return;
	}
	CHECK(k.modifier && xkb_keymap_key_get_syms_by_level(km, k.modifier, 0, 0, &syms) == 1);
	CHECK_EQ(syms ? syms[0] : 0, modifier);
}

static void check_us(struct xkb_keymap *us)
{
	CHECK_EQ(level_of(us, XKB_KEY_a), 0);
	CHECK_EQ(level_of(us, XKB_KEY_G), 1);
	CHECK_EQ(level_of(us, XKB_KEY_comma), 0);
	CHECK_EQ(level_of(us, XKB_KEY_exclam), 1);
	CHECK_EQ(level_of(us, XKB_KEY_space), 0);
	CHECK_EQ(level_of(us, XKB_KEY_Return), 0);
	/* not in the layout: mutter drops them */
	CHECK_EQ(level_of(us, XKB_KEY_udiaeresis), -1);
	CHECK_EQ(level_of(us, XKB_KEY_onehalf), -1);
	CHECK_EQ(level_of(us, XKB_KEY_Cyrillic_ZHE), -1);
	CHECK_EQ(level_of(us, 0x1002713 /* U+2713 CHECK MARK */), -1);
	check_keys(us, XKB_KEY_a, KEY_A, XKB_KEY_NoSymbol);
	check_keys(us, XKB_KEY_G, KEY_G, XKB_KEY_Shift_L);
}

static void check_de(struct xkb_keymap *de)
{
	CHECK_EQ(level_of(de, XKB_KEY_udiaeresis), 0);
	CHECK_EQ(level_of(de, XKB_KEY_ssharp), 0);
	CHECK_EQ(level_of(de, XKB_KEY_Udiaeresis), 1);
	/* AltGr: ISO_Level3_Shift is on the de layout's right Alt */
	CHECK_EQ(level_of(de, XKB_KEY_at), 2);
	CHECK_EQ(level_of(de, XKB_KEY_EuroSign), 2);
	/* Shift+AltGr (level 3): mutter would press the key alone */
	CHECK_EQ(level_of(de, XKB_KEY_Greek_OMEGA), -1);
	/* German keys: z and y swapped; @ is AltGr+Q, ½ AltGr+5 */
	check_keys(de, XKB_KEY_z, KEY_Y, XKB_KEY_NoSymbol);
	check_keys(de, XKB_KEY_at, KEY_Q, XKB_KEY_ISO_Level3_Shift);
	check_keys(de, XKB_KEY_onehalf, KEY_5, XKB_KEY_ISO_Level3_Shift);
}

int main(void)
{
	struct xkb_context *ctx = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	struct xkb_keymap *us, *de;

	if (!ctx)
		return 1;
	us = layout(ctx, "us");
	de = layout(ctx, "de");
	CHECK(us && de);
	if (us)
		check_us(us);
	if (de)
		check_de(de);
	xkb_keymap_unref(us);
	xkb_keymap_unref(de);
	xkb_context_unref(ctx);
	return test_report("typist-layout");
}
