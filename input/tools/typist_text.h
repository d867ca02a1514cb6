/* SPDX-License-Identifier: MIT */
/*
 * What every typist back end shares: the UTF-8 stream of
 * /dev/synth2d-unicode cut into characters, and the keysym that types one.
 */
#ifndef SYNTH2D_TYPIST_TEXT_H
#define SYNTH2D_TYPIST_TEXT_H

#include <stdint.h>
#include <xkbcommon/xkbcommon.h>

struct utf8_decoder {
	uint32_t cp;
	int need; /* continuation bytes still expected */
};

/* Feed one byte; return 1 and set *out when a character is complete. */
int utf8_feed(struct utf8_decoder *d, unsigned char b, uint32_t *out);

/* The keysym that types @cp, XKB_KEY_NoSymbol if none. */
xkb_keysym_t typist_keysym(uint32_t cp);

#endif /* SYNTH2D_TYPIST_TEXT_H */
