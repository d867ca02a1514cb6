// SPDX-License-Identifier: MIT
/*
 * The Wayland back end of synth2d-typist. A Wayland compositor takes no
 * key events from ordinary clients; the virtual keyboard protocol is the
 * way in where a compositor offers it (wlroots: sway). Such a keyboard
 * brings its own keymap, so no layout has to be searched: every character
 * typed so far gets a key of its own, with the character's keysym on its
 * only level, and the keymap is sent again when a new character is added.
 * The focused client gets that keymap with the next key (wl_keyboard.keymap)
 * and translates the key to exactly the character.
 *
 * KWin (Plasma) and mutter (GNOME) offer no virtual keyboard. KWin takes
 * key codes through its fake input protocol (org_kde_kwin_fake_input,
 * only for a client whose desktop file asks for it), mutter keysyms
 * through its RemoteDesktop D-Bus API (typist_mutter.c); either way the
 * keys mean what the session's own layout says. That layout is the keymap
 * the compositor gives this client's wl_keyboard: the typist picks the
 * keys from it and refuses a character it lacks (typist_layout.c) instead
 * of letting the compositor drop it unseen.
 */
#include "typist_wayland.h"
#include "typist_kde_layout.h"
#include "typist_layout.h"
#include "typist_mutter.h"
#include "typist_text.h"
#include "wl_keymap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>

#include "fake-input-client-protocol.h"
#include "virtual-keyboard-unstable-v1-client-protocol.h"

/*
 * Keys get XKB keycodes 9..255 (evdev code = keycode - 8): 255 is the
 * most an X client of the session (Xwayland) can hold. When every key is
 * taken, the table starts over.
 */
#define FIRST_KEYCODE 9
#define MAX_KEYS      (255 - FIRST_KEYCODE + 1)

struct typist_wl {
	struct wl_display *display;
	struct wl_seat *seat;
	struct zwp_virtual_keyboard_manager_v1 *manager;
	struct zwp_virtual_keyboard_v1 *keyboard;
	xkb_keysym_t keys[MAX_KEYS]; /* keys[i] is on keycode FIRST_KEYCODE + i */
	int nkeys;
	bool verbose;
	/* Plasma: KWin's fake input; GNOME: mutter's remote desktop session */
	struct org_kde_kwin_fake_input *fake_input;
	struct typist_kde_layout *kde_layout; /* KWin's current layout, if it says */
	struct typist_mutter *mutter;
	/* with either, the session's layout */
	struct wl_keyboard *wl_keyboard;
	struct xkb_context *xkb;
	struct xkb_keymap *layout;
	xkb_layout_index_t group; /* the current one, when the compositor tells us */
	bool told_layout_limit;
};

static void global(void *data, struct wl_registry *registry, uint32_t name, const char *interface,
		   uint32_t version)
{
	struct typist_wl *t = data;

	if (!strcmp(interface, wl_seat_interface.name) && !t->seat)
		t->seat = wl_registry_bind(registry, name, &wl_seat_interface, 1);
	else if (!strcmp(interface, zwp_virtual_keyboard_manager_v1_interface.name))
		t->manager =
		    wl_registry_bind(registry, name, &zwp_virtual_keyboard_manager_v1_interface, 1);
	/* keyboard_key is version 4's */
	else if (!strcmp(interface, org_kde_kwin_fake_input_interface.name) && version >= 4)
		t->fake_input =
		    wl_registry_bind(registry, name, &org_kde_kwin_fake_input_interface, 4);
}

static void global_remove(void *data, struct wl_registry *registry, uint32_t name)
{
	(void)data, (void)registry, (void)name;
}

static const struct wl_registry_listener registry_listener = {
    .global = global,
    .global_remove = global_remove,
};

static void keyboard_keymap(void *data, struct wl_keyboard *kbd, uint32_t format, int32_t fd,
			    uint32_t size)
{
	struct typist_wl *t = data;
	struct xkb_keymap *km = wl_keymap_compile(t->xkb, format, fd, size);

	(void)kbd;
	if (!km) {
		fprintf(stderr, "synth2d-typist: cannot read the session's keymap\n");
		return;
	}
	xkb_keymap_unref(t->layout);
	t->layout = km;
	t->group = 0;
}

static void keyboard_enter(void *data, struct wl_keyboard *kbd, uint32_t serial,
			   struct wl_surface *surface, struct wl_array *keys)
{
	(void)data, (void)kbd, (void)serial, (void)surface, (void)keys;
}

static void keyboard_leave(void *data, struct wl_keyboard *kbd, uint32_t serial,
			   struct wl_surface *surface)
{
	(void)data, (void)kbd, (void)serial, (void)surface;
}

static void keyboard_key(void *data, struct wl_keyboard *kbd, uint32_t serial, uint32_t time,
			 uint32_t key, uint32_t state)
{
	(void)data, (void)kbd, (void)serial, (void)time, (void)key, (void)state;
}

static void keyboard_modifiers(void *data, struct wl_keyboard *kbd, uint32_t serial,
			       uint32_t depressed, uint32_t latched, uint32_t locked,
			       uint32_t group)
{
	struct typist_wl *t = data;

	(void)kbd, (void)serial, (void)depressed, (void)latched, (void)locked;
	t->group = group;
}

static const struct wl_keyboard_listener keyboard_listener = {
    .keymap = keyboard_keymap,
    .enter = keyboard_enter,
    .leave = keyboard_leave,
    .key = keyboard_key,
    .modifiers = keyboard_modifiers,
};

/* The session's keymap (sent to every wl_keyboard, again when the layout
 * changes). Without a focused window this client learns no layout switch:
 * the first layout counts until the compositor says otherwise. */
static bool session_keymap(struct typist_wl *t)
{
	t->xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	if (!t->xkb)
		return false;
	t->wl_keyboard = wl_seat_get_keyboard(t->seat);
	wl_keyboard_add_listener(t->wl_keyboard, &keyboard_listener, t);
	if (wl_display_roundtrip(t->display) < 0 || !t->layout) {
		fprintf(stderr, "synth2d-typist: the compositor sent no keymap\n");
		return false;
	}
	return true;
}

/* Plasma: KWin's fake input. authenticate names the program and its
 * reason; KWin 5.27 and 6.3 grant it to every client they offer the
 * protocol to (those whose desktop file asks for it). */
static bool open_kwin(struct typist_wl *t)
{
	org_kde_kwin_fake_input_authenticate(t->fake_input, "synth2d-typist",
					     "type the Hyper-V console's clipboard text");
	t->kde_layout = typist_kde_layout_open();
	return session_keymap(t);
}

/* GNOME: a remote desktop session of mutter's. */
static bool open_mutter(struct typist_wl *t)
{
	t->mutter = typist_mutter_open(t->verbose);
	return t->mutter && session_keymap(t);
}

struct typist_wl *typist_wl_open(const char *name, bool verbose)
{
	struct typist_wl *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->verbose = verbose;
	t->display = wl_display_connect(name);
	if (!t->display) {
		fprintf(stderr, "synth2d-typist: cannot connect to the Wayland display %s: %s\n",
			name ? name : "$WAYLAND_DISPLAY", strerror(errno));
		free(t);
		return NULL;
	}
	wl_registry_add_listener(wl_display_get_registry(t->display), &registry_listener, t);
	if (wl_display_roundtrip(t->display) < 0 || !t->seat) {
		fprintf(stderr, "synth2d-typist: the Wayland compositor offers no seat\n");
		typist_wl_close(t);
		return NULL;
	}
	if (!t->manager) {
		if (t->fake_input ? open_kwin(t) : open_mutter(t)) {
			fprintf(stderr,
				"synth2d-typist: typing through %s, in the session's layout\n",
				t->fake_input ? "KWin's fake input" : "mutter's RemoteDesktop API");
			return t;
		}
		fprintf(stderr,
			"synth2d-typist: the Wayland compositor offers no virtual keyboard "
			"(zwp_virtual_keyboard_manager_v1)%s: it takes no typed text from "
			"clients (docs/input.md)\n",
			t->fake_input || t->mutter ? ""
						   : ", no fake input for this program, and is not "
						     "mutter with its RemoteDesktop API");
		typist_wl_close(t);
		return NULL;
	}
	t->keyboard = zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(t->manager, t->seat);
	/* a compositor that refuses the keyboard says so now, not mid-text */
	if (wl_display_roundtrip(t->display) < 0) {
		fprintf(stderr,
			"synth2d-typist: the Wayland compositor refused a virtual keyboard\n");
		typist_wl_close(t);
		return NULL;
	}
	return t;
}

int typist_wl_fd(struct typist_wl *t)
{
	return wl_display_get_fd(t->display);
}

bool typist_wl_dispatch(struct typist_wl *t, bool readable)
{
	if ((readable ? wl_display_dispatch(t->display) : wl_display_dispatch_pending(t->display)) <
	    0)
		return false;
	/* the bus is read here too: a closed session shows at the next event */
	if (t->mutter && !typist_mutter_dispatch(t->mutter))
		return false;
	return wl_display_flush(t->display) >= 0 || errno == EAGAIN;
}

/* The keymap text: one key per entry of t->keys, each with one level. */
static char *keymap_text(struct typist_wl *t, size_t *len)
{
	char *text = NULL, name[64];
	FILE *f = open_memstream(&text, len);
	int i;

	if (!f)
		return NULL;
	fprintf(f, "xkb_keymap {\nxkb_keycodes \"synth2d\" {\n\tminimum = 8;\n\tmaximum = %d;\n",
		FIRST_KEYCODE + MAX_KEYS - 1);
	for (i = 0; i < t->nkeys; i++)
		fprintf(f, "\t<K%d> = %d;\n", i, FIRST_KEYCODE + i);
	fputs("};\nxkb_types \"synth2d\" { include \"complete\" };\n"
	      "xkb_compatibility \"synth2d\" { include \"complete\" };\n"
	      "xkb_symbols \"synth2d\" {\n",
	      f);
	for (i = 0; i < t->nkeys; i++) {
		xkb_keysym_get_name(t->keys[i], name, sizeof(name));
		fprintf(f, "\tkey <K%d> { [ %s ] };\n", i, name);
	}
	fputs("};\n};\n", f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* Send the keymap of t->keys in a memory file, its terminating NUL
 * included in the size (as wl_keyboard.keymap counts it). */
static bool send_keymap(struct typist_wl *t)
{
	size_t len;
	char *text = keymap_text(t, &len);
	bool ok = false;
	int fd;

	if (!text)
		return false;
	fd = memfd_create("synth2d-typist-keymap", MFD_CLOEXEC);
	if (fd >= 0 && write(fd, text, len + 1) == (ssize_t)(len + 1)) {
		zwp_virtual_keyboard_v1_keymap(t->keyboard, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd,
					       (uint32_t)(len + 1));
		ok = true;
	}
	if (fd >= 0)
		close(fd); /* libwayland sent a duplicate */
	free(text);
	return ok;
}

/* The key of @sym, added (and the keymap sent again) if it is new. */
static int key_for(struct typist_wl *t, xkb_keysym_t sym)
{
	int i;

	for (i = 0; i < t->nkeys; i++)
		if (t->keys[i] == sym)
			return i;
	if (t->nkeys == MAX_KEYS)
		t->nkeys = 0;
	t->keys[t->nkeys++] = sym;
	return send_keymap(t) ? t->nkeys - 1 : -1;
}

static uint32_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void fake_key(struct typist_wl *t, xkb_keycode_t key, uint32_t state)
{
	org_kde_kwin_fake_input_keyboard_key(t->fake_input, key - 8, state); /* evdev code */
}

/* KWin or mutter: only what the session's layout has, as it will come out. */
static bool type_through_layout(struct typist_wl *t, uint32_t cp, xkb_keysym_t sym)
{
	struct typist_layout_key k;
	uint32_t group;

	/* KWin reads the keys in its current layout, which may have changed */
	if (t->kde_layout && typist_kde_layout_current(t->kde_layout, &group))
		t->group = group;
	if (!typist_layout_find(t->layout, t->group, sym, &k)) {
		if (!t->told_layout_limit)
			fprintf(stderr,
				"synth2d-typist: %s types only what the session's keyboard layout "
				"has; other characters are skipped\n",
				t->mutter ? "mutter" : "KWin");
		t->told_layout_limit = true;
		return false;
	}
	if (t->verbose)
		fprintf(stderr, "U+%04X: keysym %#x, layout %u, key %u, level %d\n", cp, sym,
			t->group, k.key - 8, k.level);
	if (t->mutter) /* mutter picks the same key and modifier itself */
		return typist_mutter_keysym(t->mutter, sym);
	if (k.modifier)
		fake_key(t, k.modifier, WL_KEYBOARD_KEY_STATE_PRESSED);
	fake_key(t, k.key, WL_KEYBOARD_KEY_STATE_PRESSED);
	fake_key(t, k.key, WL_KEYBOARD_KEY_STATE_RELEASED);
	if (k.modifier)
		fake_key(t, k.modifier, WL_KEYBOARD_KEY_STATE_RELEASED);
	return wl_display_roundtrip(t->display) >= 0;
}

bool typist_wl_type(struct typist_wl *t, uint32_t cp)
{
	xkb_keysym_t sym = typist_keysym(cp);
	uint32_t evdev;
	int key;

	if (sym == XKB_KEY_NoSymbol)
		return false;
	if (t->layout)
		return type_through_layout(t, cp, sym);
	key = key_for(t, sym);
	if (key < 0)
		return false;
	evdev = (uint32_t)(FIRST_KEYCODE + key - 8);
	if (t->verbose)
		fprintf(stderr, "U+%04X: virtual key %u, keysym %#x\n", cp, evdev, sym);
	zwp_virtual_keyboard_v1_key(t->keyboard, now_ms(), evdev, WL_KEYBOARD_KEY_STATE_PRESSED);
	zwp_virtual_keyboard_v1_key(t->keyboard, now_ms(), evdev, WL_KEYBOARD_KEY_STATE_RELEASED);
	/* one round trip per character: the socket never fills with a long
	 * text, and the compositor has the keys before the next is read */
	return wl_display_roundtrip(t->display) >= 0;
}

void typist_wl_close(struct typist_wl *t)
{
	if (!t)
		return;
	typist_mutter_close(t->mutter);
	typist_kde_layout_close(t->kde_layout);
	if (t->fake_input)
		org_kde_kwin_fake_input_destroy(t->fake_input);
	if (t->wl_keyboard)
		wl_keyboard_destroy(t->wl_keyboard);
	xkb_keymap_unref(t->layout);
	xkb_context_unref(t->xkb);
	if (t->keyboard)
		zwp_virtual_keyboard_v1_destroy(t->keyboard);
	if (t->manager)
		zwp_virtual_keyboard_manager_v1_destroy(t->manager);
	if (t->seat)
		wl_seat_destroy(t->seat);
	if (t->display) {
		wl_display_flush(t->display);
		wl_display_disconnect(t->display);
	}
	free(t);
}
