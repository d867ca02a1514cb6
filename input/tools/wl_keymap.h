/* SPDX-License-Identifier: MIT */
/*
 * The keymap a Wayland compositor sends with wl_keyboard.keymap, compiled.
 */
#ifndef SYNTH2D_WL_KEYMAP_H
#define SYNTH2D_WL_KEYMAP_H

#include <stdint.h>
#include <xkbcommon/xkbcommon.h>

/*
 * Compile the keymap of a wl_keyboard.keymap event (@format, @fd, @size)
 * in @ctx; @fd is closed. NULL for a format other than XKB v1, or a keymap
 * that cannot be mapped or compiled.
 */
struct xkb_keymap *wl_keymap_compile(struct xkb_context *ctx, uint32_t format, int32_t fd,
				     uint32_t size);

#endif /* SYNTH2D_WL_KEYMAP_H */
