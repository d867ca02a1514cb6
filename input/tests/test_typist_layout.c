// SPDX-License-Identifier: MIT
/*
 * Unit test of what synth2d-typist lets mutter type
 * (../tools/typist_layout.c), on the layouts xkeyboard-config ships: each
 * keysym must be refused exactly where mutter would type something else
 * or nothing.
 */
#include <stdio.h>
#include <xkbcommon/xkbcommon.h>

#include "test_check.h"
#include "typist_layout.h"

TEST_COUNTERS_DEFINE;

static struct xkb_keymap *layout(struct xkb_context *ctx, const char *name)
{
	struct xkb_rule_names names = {.rules = "evdev", .model = "pc105", .layout = name};
	struct xkb_keymap *km = xkb_keymap_new_from_names(ctx, &names, 0);

	if (!km)
		fprintf(stderr, "cannot compile the %s layout (xkb-data missing?)\n", name);
	return km;
}

static void check_us(struct xkb_keymap *us)
{
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_a), 0);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_G), 1);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_comma), 0);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_exclam), 1);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_space), 0);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_Return), 0);
	/* not in the layout: mutter drops them */
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_udiaeresis), -1);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_onehalf), -1);
	CHECK_EQ(typist_layout_level(us, 0, XKB_KEY_Cyrillic_ZHE), -1);
	CHECK_EQ(typist_layout_level(us, 0, 0x1002713 /* U+2713 CHECK MARK */), -1);
}

static void check_de(struct xkb_keymap *de)
{
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_udiaeresis), 0);
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_ssharp), 0);
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_Udiaeresis), 1);
	/* AltGr: ISO_Level3_Shift is on the de layout's right Alt */
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_at), 2);
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_EuroSign), 2);
	/* Shift+AltGr (level 3): mutter would press the key alone */
	CHECK_EQ(typist_layout_level(de, 0, XKB_KEY_Greek_OMEGA), -1);
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
