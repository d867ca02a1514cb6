/* SPDX-License-Identifier: MIT */
/*
 * Typing Unicode characters into a Wayland session through the
 * compositor's virtual keyboard protocol (zwp_virtual_keyboard_v1), or in
 * GNOME through mutter's RemoteDesktop D-Bus API.
 */
#ifndef SYNTH2D_TYPIST_WAYLAND_H
#define SYNTH2D_TYPIST_WAYLAND_H

#include <stdbool.h>
#include <stdint.h>

struct typist_wl;

/*
 * Connect to the Wayland display @name (NULL: $WAYLAND_DISPLAY) and make
 * a virtual keyboard on its first seat, or, where the compositor offers
 * none and is mutter, a remote desktop session of mutter's. NULL, with the
 * reason on stderr, when there is no display or no way to type.
 */
struct typist_wl *typist_wl_open(const char *name, bool verbose);
/* The connection's file descriptor, to poll for the compositor's events. */
int typist_wl_fd(struct typist_wl *t);
/* Read (if @readable) and handle the compositor's events; false once the
 * connection is lost. */
bool typist_wl_dispatch(struct typist_wl *t, bool readable);
/* Type @cp (a Unicode scalar value); false if it cannot be typed. */
bool typist_wl_type(struct typist_wl *t, uint32_t cp);
void typist_wl_close(struct typist_wl *t);

#endif /* SYNTH2D_TYPIST_WAYLAND_H */
