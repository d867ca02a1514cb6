// SPDX-License-Identifier: MIT
/*
 * synth2d-wlclient: a Wayland client for the desktop suites, the Wayland
 * counterpart of synth2d-xclient. It maps one fullscreen window and, while
 * the pointer is over it, sets the pointer to a named shape of the cursor
 * theme (XCURSOR_THEME, XCURSOR_SIZE) or hides it (a NULL cursor surface,
 * as a video player does). Wherever the host mouse is, the compositor then
 * shows the client's pointer: the pointer scenario's shape and hide steps.
 *
 * Usage: synth2d-wlclient SHAPE|hide [SECONDS]
 * Prints "ready WxH" once its window is mapped, "pointer SHAPE" each time it
 * sets the pointer, and "at X Y" for each pointer enter and motion: the
 * position the compositor gives the window, which (fullscreen, at the
 * output's origin) is the desktop's own idea of the pointer position.
 * With the keyboard focus it prints "typed XXXX" (hex) for each key press:
 * the Unicode character the key means in the keymap the compositor gave,
 * what a text field would insert (the typing step).
 * Exits after SECONDS (default 120).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include <wayland-cursor.h>
#include <xkbcommon/xkbcommon.h>

#include "wl_keymap.h"
#include "xdg-shell-client-protocol.h"

#define BACKGROUND 0xff304050u /* none of the test theme's pointer colours */

struct client {
	struct wl_display *display;
	struct wl_compositor *compositor;
	struct wl_shm *shm;
	struct wl_seat *seat;
	struct xdg_wm_base *wm_base;
	struct wl_pointer *pointer;
	struct wl_keyboard *keyboard;
	struct xkb_context *xkb;
	struct xkb_keymap *keymap;
	struct xkb_state *xkb_state;
	struct wl_surface *surface;
	struct wl_surface *cursor_surface;
	struct wl_cursor_image *cursor_image; /* NULL: hide the pointer */
	struct wl_buffer *buffer;
	const char *shape;
	int width, height;
	bool configured, mapped;
};

static void die(const char *what)
{
	fprintf(stderr, "synth2d-wlclient: %s\n", what);
	exit(1);
}

static struct wl_buffer *solid_buffer(struct wl_shm *shm, int width, int height)
{
	size_t size = (size_t)width * height * 4;
	struct wl_shm_pool *pool;
	struct wl_buffer *buffer;
	uint32_t *pixels;
	int fd;

	fd = memfd_create("synth2d-wlclient", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0)
		die("cannot make the window's buffer");
	pixels = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pixels == MAP_FAILED)
		die("cannot map the window's buffer");
	for (size_t i = 0; i < size / 4; i++)
		pixels[i] = BACKGROUND;
	munmap(pixels, size);
	pool = wl_shm_create_pool(shm, fd, (int32_t)size);
	buffer =
	    wl_shm_pool_create_buffer(pool, 0, width, height, width * 4, WL_SHM_FORMAT_XRGB8888);
	wl_shm_pool_destroy(pool);
	close(fd);
	return buffer;
}

static void set_pointer(struct client *c, uint32_t serial)
{
	struct wl_cursor_image *img = c->cursor_image;

	if (!img) {
		wl_pointer_set_cursor(c->pointer, serial, NULL, 0, 0);
	} else {
		/* the role first, then the content: a commit after set_cursor is
		 * what every compositor applies to the pointer */
		wl_pointer_set_cursor(c->pointer, serial, c->cursor_surface,
				      (int32_t)img->hotspot_x, (int32_t)img->hotspot_y);
		wl_surface_attach(c->cursor_surface, wl_cursor_image_get_buffer(img), 0, 0);
		wl_surface_damage(c->cursor_surface, 0, 0, (int32_t)img->width,
				  (int32_t)img->height);
		wl_surface_commit(c->cursor_surface);
	}
	printf("pointer %s\n", c->shape);
	fflush(stdout);
}

static void print_position(wl_fixed_t x, wl_fixed_t y)
{
	/* wl_fixed_t is 24.8: eight decimals print every value exactly */
	printf("at %.8f %.8f\n", wl_fixed_to_double(x), wl_fixed_to_double(y));
	fflush(stdout);
}

static void pointer_enter(void *data, struct wl_pointer *pointer, uint32_t serial,
			  struct wl_surface *surface, wl_fixed_t x, wl_fixed_t y)
{
	(void)pointer, (void)surface;
	set_pointer(data, serial);
	print_position(x, y);
}

static void pointer_leave(void *data, struct wl_pointer *pointer, uint32_t serial,
			  struct wl_surface *surface)
{
	(void)data, (void)pointer, (void)serial, (void)surface;
}

static void pointer_motion(void *data, struct wl_pointer *pointer, uint32_t time, wl_fixed_t x,
			   wl_fixed_t y)
{
	(void)data, (void)pointer, (void)time;
	print_position(x, y);
}

static void pointer_button(void *data, struct wl_pointer *pointer, uint32_t serial, uint32_t time,
			   uint32_t button, uint32_t state)
{
	(void)data, (void)pointer, (void)serial, (void)time, (void)button, (void)state;
}

static void pointer_axis(void *data, struct wl_pointer *pointer, uint32_t time, uint32_t axis,
			 wl_fixed_t value)
{
	(void)data, (void)pointer, (void)time, (void)axis, (void)value;
}

static const struct wl_pointer_listener pointer_listener = {
    .enter = pointer_enter,
    .leave = pointer_leave,
    .motion = pointer_motion,
    .button = pointer_button,
    .axis = pointer_axis,
};

/* The compositor's keymap (sent again whenever the typing keyboard changes
 * it, as a virtual keyboard with a keymap of its own does). */
static void keyboard_keymap(void *data, struct wl_keyboard *keyboard, uint32_t format, int32_t fd,
			    uint32_t size)
{
	struct client *c = data;
	struct xkb_keymap *keymap = wl_keymap_compile(c->xkb, format, fd, size);

	(void)keyboard;
	if (!keymap) {
		fprintf(stderr, "synth2d-wlclient: cannot use the compositor's keymap\n");
		return;
	}
	xkb_state_unref(c->xkb_state);
	xkb_keymap_unref(c->keymap);
	c->keymap = keymap;
	c->xkb_state = xkb_state_new(keymap);
}

static void keyboard_enter(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			   struct wl_surface *surface, struct wl_array *keys)
{
	(void)data, (void)keyboard, (void)serial, (void)surface, (void)keys;
}

static void keyboard_leave(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			   struct wl_surface *surface)
{
	(void)data, (void)keyboard, (void)serial, (void)surface;
}

static void keyboard_key(void *data, struct wl_keyboard *keyboard, uint32_t serial, uint32_t time,
			 uint32_t key, uint32_t state)
{
	struct client *c = data;
	uint32_t cp;

	(void)keyboard, (void)serial, (void)time;
	if (state != WL_KEYBOARD_KEY_STATE_PRESSED || !c->xkb_state)
		return;
	/* evdev code + 8: the XKB keycode; a modifier (the Shift that mutter
	 * presses for an upper-case letter) means no character */
	cp = xkb_state_key_get_utf32(c->xkb_state, key + 8);
	if (!cp)
		return;
	printf("typed %04X\n", cp);
	fflush(stdout);
}

static void keyboard_modifiers(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			       uint32_t depressed, uint32_t latched, uint32_t locked,
			       uint32_t group)
{
	struct client *c = data;

	(void)keyboard, (void)serial;
	if (c->xkb_state)
		xkb_state_update_mask(c->xkb_state, depressed, latched, locked, 0, 0, group);
}

static const struct wl_keyboard_listener keyboard_listener = {
    .keymap = keyboard_keymap,
    .enter = keyboard_enter,
    .leave = keyboard_leave,
    .key = keyboard_key,
    .modifiers = keyboard_modifiers,
};

static void seat_capabilities(void *data, struct wl_seat *seat, uint32_t caps)
{
	struct client *c = data;

	if ((caps & WL_SEAT_CAPABILITY_POINTER) && !c->pointer) {
		c->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(c->pointer, &pointer_listener, c);
	}
	if ((caps & WL_SEAT_CAPABILITY_KEYBOARD) && !c->keyboard) {
		c->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(c->keyboard, &keyboard_listener, c);
	}
}

static void seat_name(void *data, struct wl_seat *seat, const char *name)
{
	(void)data, (void)seat, (void)name;
}

static const struct wl_seat_listener seat_listener = {
    .capabilities = seat_capabilities,
    .name = seat_name,
};

static void wm_base_ping(void *data, struct xdg_wm_base *wm_base, uint32_t serial)
{
	(void)data;
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
    .ping = wm_base_ping,
};

static void global(void *data, struct wl_registry *registry, uint32_t name, const char *interface,
		   uint32_t version)
{
	struct client *c = data;

	(void)version;
	if (!strcmp(interface, wl_compositor_interface.name)) {
		c->compositor = wl_registry_bind(registry, name, &wl_compositor_interface, 4);
	} else if (!strcmp(interface, wl_shm_interface.name)) {
		c->shm = wl_registry_bind(registry, name, &wl_shm_interface, 1);
	} else if (!strcmp(interface, wl_seat_interface.name) && !c->seat) {
		/* version 1: no frame or axis-source events to listen for */
		c->seat = wl_registry_bind(registry, name, &wl_seat_interface, 1);
		wl_seat_add_listener(c->seat, &seat_listener, c);
	} else if (!strcmp(interface, xdg_wm_base_interface.name)) {
		c->wm_base = wl_registry_bind(registry, name, &xdg_wm_base_interface, 1);
		xdg_wm_base_add_listener(c->wm_base, &wm_base_listener, c);
	}
}

static void global_remove(void *data, struct wl_registry *registry, uint32_t name)
{
	(void)data, (void)registry, (void)name;
}

static const struct wl_registry_listener registry_listener = {
    .global = global,
    .global_remove = global_remove,
};

/* A new size (or the first configure): a buffer of that size, then map. */
static void xdg_surface_configure(void *data, struct xdg_surface *xdg_surface, uint32_t serial)
{
	struct client *c = data;

	xdg_surface_ack_configure(xdg_surface, serial);
	if (c->buffer && c->configured)
		return;
	if (c->buffer)
		wl_buffer_destroy(c->buffer);
	c->buffer = solid_buffer(c->shm, c->width, c->height);
	c->configured = true;
	wl_surface_attach(c->surface, c->buffer, 0, 0);
	wl_surface_damage(c->surface, 0, 0, c->width, c->height);
	wl_surface_commit(c->surface);
	if (!c->mapped) {
		c->mapped = true;
		printf("ready %dx%d\n", c->width, c->height);
		fflush(stdout);
	}
}

static const struct xdg_surface_listener xdg_surface_listener = {
    .configure = xdg_surface_configure,
};

static void toplevel_configure(void *data, struct xdg_toplevel *toplevel, int32_t width,
			       int32_t height, struct wl_array *states)
{
	struct client *c = data;

	(void)toplevel, (void)states;
	if (width > 0 && height > 0 && (width != c->width || height != c->height)) {
		c->width = width;
		c->height = height;
		c->configured = false; /* the next surface configure makes a new buffer */
	}
}

static void toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	(void)data, (void)toplevel;
	exit(0);
}

static const struct xdg_toplevel_listener toplevel_listener = {
    .configure = toplevel_configure,
    .close = toplevel_close,
};

static int cursor_size(void)
{
	const char *s = getenv("XCURSOR_SIZE");
	int size = s ? atoi(s) : 0;

	return size > 0 ? size : 24;
}

int main(int argc, char **argv)
{
	struct client c = {.width = 1024, .height = 768};
	struct wl_cursor_theme *theme;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct timespec start, now;
	int seconds;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: synth2d-wlclient SHAPE|hide [SECONDS]\n");
		return 2;
	}
	c.shape = argv[1];
	seconds = argc == 3 ? atoi(argv[2]) : 120;
	if (seconds <= 0) {
		fprintf(stderr, "synth2d-wlclient: SECONDS must be a positive number\n");
		return 2;
	}
	c.xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	if (!c.xkb)
		die("cannot make an XKB context");
	c.display = wl_display_connect(NULL);
	if (!c.display)
		die("cannot connect to the Wayland display (WAYLAND_DISPLAY, XDG_RUNTIME_DIR)");
	wl_registry_add_listener(wl_display_get_registry(c.display), &registry_listener, &c);
	wl_display_roundtrip(c.display);
	if (!c.compositor || !c.shm || !c.seat || !c.wm_base)
		die("the compositor lacks wl_compositor, wl_shm, wl_seat or xdg_wm_base");

	if (strcmp(c.shape, "hide")) {
		struct wl_cursor *cursor;

		theme = wl_cursor_theme_load(getenv("XCURSOR_THEME"), cursor_size(), c.shm);
		cursor = theme ? wl_cursor_theme_get_cursor(theme, c.shape) : NULL;
		if (!cursor) {
			fprintf(stderr, "synth2d-wlclient: no cursor '%s' in theme '%s'\n", c.shape,
				getenv("XCURSOR_THEME") ? getenv("XCURSOR_THEME") : "(default)");
			return 1;
		}
		c.cursor_image = cursor->images[0];
		c.cursor_surface = wl_compositor_create_surface(c.compositor);
	}

	c.surface = wl_compositor_create_surface(c.compositor);
	xdg_surface = xdg_wm_base_get_xdg_surface(c.wm_base, c.surface);
	xdg_surface_add_listener(xdg_surface, &xdg_surface_listener, &c);
	toplevel = xdg_surface_get_toplevel(xdg_surface);
	xdg_toplevel_add_listener(toplevel, &toplevel_listener, &c);
	xdg_toplevel_set_title(toplevel, "synth2d-wlclient");
	xdg_toplevel_set_fullscreen(toplevel, NULL);
	wl_surface_commit(c.surface);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = {.fd = wl_display_get_fd(c.display), .events = POLLIN};

		while (wl_display_prepare_read(c.display) != 0)
			wl_display_dispatch_pending(c.display);
		wl_display_flush(c.display);
		if (poll(&pfd, 1, 500) > 0) {
			if (wl_display_read_events(c.display) < 0)
				die("the compositor closed the connection");
		} else {
			wl_display_cancel_read(c.display);
		}
		if (wl_display_dispatch_pending(c.display) < 0)
			die("the compositor closed the connection");
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= seconds)
			return 0;
	}
}
