// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the input driver's host-message validation: the
 * first byte picks the parser (mouse, keyboard, keystroke decoding), the
 * rest is the message. Every accepted message must describe bytes inside
 * the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "synth2d_input_parse.h"
#include "synth2d_keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct synth2d_key_decoder dec;
	struct synth2d_key_event ev;
	struct synth2d_mouse_msg m;
	struct synth2d_kbd_msg k;
	const uint8_t *msg;
	u32 len;

	if (size < 1 || size > 20000)
		return 0;
	msg = data + 1;
	len = size - 1;
	switch (data[0] % 3) {
	case 0:
		if (synth2d_mouse_parse(msg, len, &m) == 0) {
			if (m.type == 2 &&
			    (m.info.report_desc < msg ||
			     m.info.report_desc + m.info.report_desc_len > msg + len))
				abort();
			if (m.type == 4 &&
			    (m.report.data < msg || m.report.data + m.report.len > msg + len ||
			     m.report.len > SYNTH2D_MOUSE_MAX_REPORT))
				abort();
			if (m.type == 2)
				synth2d_mouse_desc_needs_fix(m.info.report_desc,
							     m.info.report_desc_len);
		}
		break;
	case 1:
		if (synth2d_kbd_parse(msg, len, &k) == 0 && len > SYNTH2D_KBD_MAX_MESSAGE)
			abort();
		break;
	default:
		for (; len >= 6; len -= 6, msg += 6) {
			synth2d_key_decode(
			    &dec, msg[0] | msg[1] << 8,
			    msg[2] | msg[3] << 8 | (u32)msg[4] << 16 | (u32)msg[5] << 24, &ev);
			if (ev.kind == SYNTH2D_KEY_SCANCODE && ev.scancode >= SYNTH2D_KEYMAP_SIZE)
				abort();
			if (ev.ncodepoints > 2)
				abort();
			for (unsigned int i = 0; i < ev.ncodepoints; i++)
				if (ev.codepoints[i] > 0x10ffff ||
				    (ev.codepoints[i] >= 0xd800 && ev.codepoints[i] <= 0xdfff))
					abort();
		}
		break;
	}
	return 0;
}
