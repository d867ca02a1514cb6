/* SPDX-License-Identifier: MIT */
/*
 * Typing one Unicode character into an X server with XTest: find the key
 * and modifiers of the active XKB layout that produce it, or bind it to a
 * spare keycode for the moment.
 */
#ifndef SYNTH2D_TYPIST_KEYS_H
#define SYNTH2D_TYPIST_KEYS_H

#include <X11/Xlib.h>
#include <stdbool.h>
#include <stdint.h>

struct typist;

/* NULL when XKB or XTest is missing (message on stderr). */
struct typist *typist_open(Display *dpy, bool verbose);
/* Type @cp (a Unicode scalar value); false if it cannot be typed. */
bool typist_type(struct typist *t, uint32_t cp);
/* The layout changed (XKB map or group notify): look it up again. */
void typist_layout_changed(struct typist *t);
/* Give the spare keycodes their empty mapping back. */
void typist_restore_spares(struct typist *t);
void typist_close(struct typist *t);
/* The XKB event base, to recognise layout changes in the event loop. */
int typist_xkb_event_base(struct typist *t);

#endif /* SYNTH2D_TYPIST_KEYS_H */
