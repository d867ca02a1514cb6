/* SPDX-License-Identifier: MIT */
/*
 * X keysyms from VNC clients (RFC 6143 §7.5.4) to what the synthetic
 * keyboard sends: set-1 scancodes of a US keyboard, or a Unicode character
 * for what has no key there (docs/protocol.md §5.3, IS_UNICODE).
 */
#ifndef SYNTH2D_HOST_VNC_KEYMAP_H
#define SYNTH2D_HOST_VNC_KEYMAP_H

#include <stdint.h>

/* Set-1 make code and IS_E0 flag of @keysym's key; 0 if found, -1 if no key has it. */
int vnc_keysym_scancode(uint32_t keysym, uint16_t *code, uint32_t *flags);
/* The character @keysym types (Latin-1 or 0x01000000 + code point), 0 if none. */
uint32_t vnc_keysym_unicode(uint32_t keysym);
/* UTF-16 units of @cp into @units; returns 1 or 2, 0 for an invalid code point. */
int vnc_utf16(uint32_t cp, uint16_t units[2]);

#endif
