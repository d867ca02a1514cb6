/* SPDX-License-Identifier: MIT */
/*
 * Typing keysyms into a GNOME session through mutter's RemoteDesktop D-Bus
 * API (org.gnome.Mutter.RemoteDesktop on the session bus), the way in that
 * gnome-remote-desktop uses. Mutter types a keysym only if the session's
 * current layout has it (typist_layout.h says which ones).
 */
#ifndef SYNTH2D_TYPIST_MUTTER_H
#define SYNTH2D_TYPIST_MUTTER_H

#include <stdbool.h>
#include <stdint.h>

struct typist_mutter;

/*
 * Connect to the session bus and start a remote desktop session. NULL when
 * mutter is not on the bus (not a GNOME session: quiet unless @verbose) or
 * refused the session (said on stderr).
 */
struct typist_mutter *typist_mutter_open(bool verbose);
/* The bus connection's file descriptor and the events to poll it for. */
int typist_mutter_fd(struct typist_mutter *m);
short typist_mutter_events(struct typist_mutter *m);
/* Handle what the bus sent; false once the bus or the session is gone. */
bool typist_mutter_dispatch(struct typist_mutter *m);
/* Press and release the key of @keysym; false if mutter refused it. */
bool typist_mutter_keysym(struct typist_mutter *m, uint32_t keysym);
void typist_mutter_close(struct typist_mutter *m);

#endif /* SYNTH2D_TYPIST_MUTTER_H */
