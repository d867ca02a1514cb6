// SPDX-License-Identifier: MIT
/*
 * Key lookup and XTest typing for synth2d-typist.
 *
 * A character is typed with the key and level of the current XKB group
 * whose keysym means that character, pressing the real modifier keys the
 * level needs (Shift, AltGr, ...) and taking locked modifiers (Caps Lock)
 * into account. When no key produces it, a spare keycode (one with no
 * symbols) is bound to its keysym: spares are used round-robin and
 * given back only when idle, because clients translate a key event with
 * the mapping they know when they process it.
 */
#include "typist_keys.h"
#include "typist_text.h"

#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xkbcommon/xkbcommon.h>

#define MAX_SPARES 8

struct typist {
	Display *dpy;
	bool verbose;
	int xkb_event;
	XkbDescPtr xkb; /* client map of the current layout */
	XModifierKeymap *modmap;
	KeyCode spares[MAX_SPARES];
	int nspares;
	int next_spare;
	bool spare_dirty[MAX_SPARES];
};

struct key_choice {
	KeyCode keycode;
	unsigned int mods; /* real modifiers to hold */
};

static void typist_load_layout(struct typist *t)
{
	if (t->xkb)
		XkbFreeKeyboard(t->xkb, 0, True);
	if (t->modmap)
		XFreeModifiermap(t->modmap);
	t->xkb = XkbGetMap(t->dpy, XkbAllClientInfoMask, XkbUseCoreKbd);
	t->modmap = XGetModifierMapping(t->dpy);
}

/* The level XKB picks for key type @type with modifiers @mods. */
static int level_for_mods(XkbKeyTypePtr type, unsigned int mods)
{
	int i;

	for (i = 0; i < type->map_count; i++) {
		XkbKTMapEntryPtr e = &type->map[i];

		if (e->active && (mods & type->mods.mask) == e->mods.mask)
			return e->level;
	}
	return 0;
}

static bool keysym_means(KeySym sym, KeySym want, uint32_t cp)
{
	if (sym == NoSymbol)
		return false;
	return sym == want || (cp >= 0x20 && xkb_keysym_to_utf32(sym) == cp);
}

static unsigned int popcount(unsigned int v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/*
 * Find a key of group @group producing @want/@cp with the fewest pressed
 * modifiers, given the locked modifiers @locked.
 */
static bool find_key(struct typist *t, KeySym want, uint32_t cp, int group, unsigned int locked,
		     struct key_choice *out)
{
	XkbDescPtr xkb = t->xkb;
	unsigned int best = ~0u;
	int kc;

	for (kc = xkb->min_key_code; kc <= xkb->max_key_code; kc++) {
		int ngroups = XkbKeyNumGroups(xkb, kc);
		XkbKeyTypePtr type;
		int g, level, i;

		if (!ngroups)
			continue;
		g = group < ngroups ? group : group % ngroups;
		type = XkbKeyKeyType(xkb, kc, g);
		for (level = 0; level < type->num_levels; level++) {
			if (!keysym_means(XkbKeySymEntry(xkb, kc, level, g), want, cp))
				continue;
			/* candidate pressed modifiers: none, or a map entry's */
			for (i = -1; i < type->map_count; i++) {
				unsigned int mods = i < 0 ? 0 : type->map[i].mods.mask;

				if (i >= 0 && (!type->map[i].active || type->map[i].level != level))
					continue;
				if (mods & LockMask)
					continue; /* a lock cannot be held down */
				if (level_for_mods(type, mods | locked) != level)
					continue;
				if (popcount(mods) < best) {
					best = popcount(mods);
					out->keycode = kc;
					out->mods = mods;
				}
			}
		}
	}
	return best != ~0u;
}

/* A key that sets modifier bit @bit, from the core modifier map. */
static KeyCode modifier_key(struct typist *t, int bit)
{
	int i;

	for (i = 0; i < t->modmap->max_keypermod; i++) {
		KeyCode kc = t->modmap->modifiermap[bit * t->modmap->max_keypermod + i];

		if (kc)
			return kc;
	}
	return 0;
}

static bool press(struct typist *t, const struct key_choice *k)
{
	KeyCode held[8];
	int nheld = 0, bit;

	for (bit = 0; bit < 8; bit++) {
		if (!(k->mods & (1u << bit)))
			continue;
		held[nheld] = modifier_key(t, bit);
		if (!held[nheld]) {
			fprintf(stderr, "synth2d-typist: no key for modifier %d\n", bit);
			goto release;
		}
		XTestFakeKeyEvent(t->dpy, held[nheld++], True, CurrentTime);
	}
	XTestFakeKeyEvent(t->dpy, k->keycode, True, CurrentTime);
	XTestFakeKeyEvent(t->dpy, k->keycode, False, CurrentTime);
release:
	while (nheld--)
		XTestFakeKeyEvent(t->dpy, held[nheld], False, CurrentTime);
	XSync(t->dpy, False);
	return bit == 8;
}

static void find_spares(struct typist *t)
{
	XkbDescPtr xkb = t->xkb;
	int kc;

	/* From the top: low keycodes are the ones keyboards really have. */
	for (kc = xkb->max_key_code; kc >= xkb->min_key_code && t->nspares < MAX_SPARES; kc--)
		if (XkbKeyNumGroups(xkb, kc) == 0)
			t->spares[t->nspares++] = kc;
}

static bool type_with_spare(struct typist *t, KeySym sym)
{
	struct key_choice k = {0, 0};
	int i = t->next_spare;
	KeySym syms[2] = {sym, sym};

	if (!t->nspares) {
		fprintf(stderr, "synth2d-typist: no spare keycode for keysym %#lx\n", sym);
		return false;
	}
	t->next_spare = (t->next_spare + 1) % t->nspares;
	/* Two columns: the keysym on both levels, so Shift/Caps do not matter. */
	XChangeKeyboardMapping(t->dpy, t->spares[i], 2, syms, 1);
	XSync(t->dpy, False);
	t->spare_dirty[i] = true;
	k.keycode = t->spares[i];
	return press(t, &k);
}

struct typist *typist_open(Display *dpy, bool verbose)
{
	int opcode, event, error, major = XkbMajorVersion, minor = XkbMinorVersion;
	int xt_event, xt_error, xt_major, xt_minor;
	struct typist *t;

	if (!XkbQueryExtension(dpy, &opcode, &event, &error, &major, &minor)) {
		fprintf(stderr, "synth2d-typist: the X server has no XKB\n");
		return NULL;
	}
	if (!XTestQueryExtension(dpy, &xt_event, &xt_error, &xt_major, &xt_minor)) {
		fprintf(stderr, "synth2d-typist: the X server has no XTEST\n");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->dpy = dpy;
	t->verbose = verbose;
	t->xkb_event = event;
	XkbSelectEvents(dpy, XkbUseCoreKbd, XkbMapNotifyMask | XkbNewKeyboardNotifyMask,
			XkbMapNotifyMask | XkbNewKeyboardNotifyMask);
	typist_load_layout(t);
	if (!t->xkb || !t->modmap) {
		fprintf(stderr, "synth2d-typist: cannot read the keyboard map\n");
		typist_close(t);
		return NULL;
	}
	find_spares(t);
	return t;
}

int typist_xkb_event_base(struct typist *t)
{
	return t->xkb_event;
}

void typist_layout_changed(struct typist *t)
{
	typist_load_layout(t);
}

bool typist_type(struct typist *t, uint32_t cp)
{
	struct key_choice k;
	XkbStateRec state;
	KeySym want;

	want = typist_keysym(cp);
	if (want == NoSymbol)
		return false;
	if (XkbGetState(t->dpy, XkbUseCoreKbd, &state) != Success)
		return false;
	if (find_key(t, want, cp, state.group, state.locked_mods, &k)) {
		if (t->verbose)
			fprintf(stderr, "U+%04X: keycode %u mods %#x\n", cp, k.keycode, k.mods);
		return press(t, &k);
	}
	if (t->verbose)
		fprintf(stderr, "U+%04X: spare keycode, keysym %#lx\n", cp, want);
	return type_with_spare(t, want);
}

void typist_restore_spares(struct typist *t)
{
	KeySym none[2] = {NoSymbol, NoSymbol};
	bool changed = false;
	int i;

	for (i = 0; i < t->nspares; i++) {
		if (!t->spare_dirty[i])
			continue;
		XChangeKeyboardMapping(t->dpy, t->spares[i], 2, none, 1);
		t->spare_dirty[i] = false;
		changed = true;
	}
	if (changed)
		XSync(t->dpy, False);
}

void typist_close(struct typist *t)
{
	if (!t)
		return;
	typist_restore_spares(t);
	if (t->xkb)
		XkbFreeKeyboard(t->xkb, 0, True);
	if (t->modmap)
		XFreeModifiermap(t->modmap);
	free(t);
}
