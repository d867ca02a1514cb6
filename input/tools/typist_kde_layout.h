/* SPDX-License-Identifier: MIT */
/*
 * KDE's current keyboard layout: the group in which KWin reads the keys
 * of its fake input. KWin tells it on the session bus (org.kde.keyboard,
 * /Layouts, org.kde.KeyboardLayouts.getLayout); a Wayland client without
 * focus is not told a layout switch otherwise.
 */
#ifndef SYNTH2D_TYPIST_KDE_LAYOUT_H
#define SYNTH2D_TYPIST_KDE_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

struct typist_kde_layout;

/* Connect to the session bus; NULL (said on stderr) when there is none. */
struct typist_kde_layout *typist_kde_layout_open(void);
/* The current layout's index into the session's keymap; false when KWin
 * does not answer (said on stderr once). */
bool typist_kde_layout_current(struct typist_kde_layout *k, uint32_t *index);
void typist_kde_layout_close(struct typist_kde_layout *k);

#endif /* SYNTH2D_TYPIST_KDE_LAYOUT_H */
