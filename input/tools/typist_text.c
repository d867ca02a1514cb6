// SPDX-License-Identifier: MIT
#include "typist_text.h"

int utf8_feed(struct utf8_decoder *d, unsigned char b, uint32_t *out)
{
	if (d->need && (b & 0xc0) == 0x80) {
		d->cp = d->cp << 6 | (b & 0x3f);
		if (--d->need)
			return 0;
		*out = d->cp;
		return 1;
	}
	d->need = 0; /* a broken sequence is dropped */
	if (b < 0x80) {
		*out = b;
		return 1;
	}
	if ((b & 0xe0) == 0xc0) {
		d->cp = b & 0x1f;
		d->need = 1;
	} else if ((b & 0xf0) == 0xe0) {
		d->cp = b & 0x0f;
		d->need = 2;
	} else if ((b & 0xf8) == 0xf0) {
		d->cp = b & 0x07;
		d->need = 3;
	}
	return 0;
}

xkb_keysym_t typist_keysym(uint32_t cp)
{
	/* Line breaks are the Return key, not the Linefeed keysym. */
	if (cp == '\n' || cp == '\r')
		return XKB_KEY_Return;
	return xkb_utf32_to_keysym(cp);
}
