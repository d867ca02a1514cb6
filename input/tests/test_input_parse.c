// SPDX-License-Identifier: MIT
/*
 * Unit tests of the input driver's pure functions: mouse and keyboard
 * message validation and keystroke decoding (../synth2d_input_parse.c,
 * ../synth2d_keymap.c), with messages built byte by byte as the host sends
 * them (docs/protocol.md §4, §5).
 */
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth2d_input_parse.h"
#include "synth2d_keymap.h"
#include "test_check.h"

#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

TEST_COUNTERS_DEFINE;

static void put32(unsigned char *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void put16(unsigned char *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

/* pipe header + synthhid header {type, size}; returns the payload offset. */
static size_t mouse_msg(unsigned char *buf, u32 type, u32 size)
{
	put32(buf, SYNTH2D_PIPE_MSG_DATA);
	put32(buf + 4, 8 + size);
	put32(buf + 8, type);
	put32(buf + 12, size);
	return 16;
}

/* The 65-byte descriptor synth2d-host sends starts like the real one. */
static const unsigned char desc_start[16] = {0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01,
					     0xa1, 0x00, 0x05, 0x09, 0x19, 0x01, 0x29, 0x05};

static size_t device_info(unsigned char *buf, u16 desc_len, u8 blength)
{
	size_t off = mouse_msg(buf, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO, 32 + blength + desc_len);
	unsigned char *p = buf + off;

	memset(p, 0, 32 + blength + desc_len);
	put32(p, 32);
	put16(p + 4, 0x045e);
	put16(p + 6, 0x0621);
	put16(p + 8, 1);
	p[32] = blength;
	p[33] = 0x21;
	put16(p + 34, 0x0101);
	p[37] = 1;
	p[38] = 0x22;
	put16(p + 39, desc_len);
	memcpy(p + 32 + blength, desc_start, desc_len < 16 ? desc_len : 16);
	return off + 32 + blength + desc_len;
}

static void test_mouse(void)
{
	unsigned char buf[512];
	struct synth2d_mouse_msg m;
	size_t len;

	/* PROTOCOL_RESPONSE */
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE, 5);
	put32(buf + len, SYNTH2D_SYNTHHID_VERSION);
	buf[len + 4] = 1;
	CHECK(synth2d_mouse_parse(buf, len + 5, &m) == 0);
	CHECK(m.type == SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE && m.response.approved &&
	      m.response.version == SYNTH2D_SYNTHHID_VERSION);
	/* ring padding after the message is fine */
	CHECK(synth2d_mouse_parse(buf, len + 8, &m) == 0);
	/* truncated: 4 of its 5 bytes */
	CHECK(synth2d_mouse_parse(buf, len + 4, &m) == -EBADMSG);
	put32(buf + 12, 4);
	put32(buf + 4, 12);
	CHECK(synth2d_mouse_parse(buf, len + 5, &m) == -EBADMSG);

	/* pipe header only, wrong pipe type, pipe size beyond the packet */
	CHECK(synth2d_mouse_parse(buf, 7, &m) == -EBADMSG);
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE, 5);
	put32(buf, SYNTH2D_PIPE_MSG_PARTIAL);
	CHECK(synth2d_mouse_parse(buf, len + 5, &m) == -EPROTO);
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE, 5);
	put32(buf + 4, 200);
	CHECK(synth2d_mouse_parse(buf, len + 5, &m) == -EBADMSG);
	put32(buf + 4, 16385);
	CHECK(synth2d_mouse_parse(buf, sizeof(buf), &m) == -EMSGSIZE);
	/* synthhid size beyond the pipe size */
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE, 5);
	put32(buf + 12, 6);
	CHECK(synth2d_mouse_parse(buf, len + 8, &m) == -EBADMSG);

	/* unknown and guest-only types */
	len = mouse_msg(buf, 9, 0);
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EOPNOTSUPP && m.type == 9);
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, 4);
	CHECK(synth2d_mouse_parse(buf, len + 4, &m) == -EOPNOTSUPP);

	/* INITIAL_DEVICE_INFO */
	len = device_info(buf, 65, 9);
	CHECK(synth2d_mouse_parse(buf, len, &m) == 0);
	CHECK(m.info.vendor == 0x045e && m.info.product == 0x0621 && m.info.version == 1);
	CHECK(m.info.report_desc_len == 65 && m.info.report_desc == buf + 16 + 41);
	CHECK(!synth2d_mouse_desc_needs_fix(m.info.report_desc, 65));
	/* a longer HID descriptor moves the report descriptor (hid-hyperv) */
	len = device_info(buf, 65, 12);
	CHECK(synth2d_mouse_parse(buf, len, &m) == 0 && m.info.report_desc == buf + 16 + 44);
	/* descriptor longer than the message, short bLength, zero length */
	len = device_info(buf, 65, 9);
	CHECK(synth2d_mouse_parse(buf, len - 1, &m) == -EBADMSG);
	put16(buf + 16 + 39, 66);
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EBADMSG);
	len = device_info(buf, 65, 8);
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EBADMSG);
	len = device_info(buf, 0, 9);
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EBADMSG);
	len = device_info(buf, 65, 9);
	buf[16 + 33] = 0x22;
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EBADMSG);
	/*
	 * The real host's slip at byte 14: hid-hyperv's condition, byte 14 is
	 * 0x25, whatever precedes it; the byte must exist (length 15 or more).
	 */
	{
		unsigned char d[65];

		memcpy(d, desc_start, 16);
		CHECK(!synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		d[14] = 0x25;
		CHECK(synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		d[12] = 0x09;
		CHECK(synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		d[12] = 0x00;
		d[13] = 0x25;
		CHECK(synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		CHECK(synth2d_mouse_desc_needs_fix(d, 15));
		CHECK(!synth2d_mouse_desc_needs_fix(d, 14));
		CHECK(!synth2d_mouse_desc_needs_fix(d, 0));
		d[14] = 0x29;
		CHECK(!synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		d[14] = 0x26;
		CHECK(!synth2d_mouse_desc_needs_fix(d, sizeof(d)));
		memcpy(d, desc_start, 16);
		d[15] = 0x25;
		CHECK(!synth2d_mouse_desc_needs_fix(d, sizeof(d)));
	}

	/* INPUT_REPORT */
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_INPUT_REPORT, 7);
	CHECK(synth2d_mouse_parse(buf, len + 7, &m) == 0 && m.report.len == 7 &&
	      m.report.data == buf + 16);
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_INPUT_REPORT, 0);
	CHECK(synth2d_mouse_parse(buf, len, &m) == -EBADMSG);
	len = mouse_msg(buf, SYNTH2D_SYNTHHID_INPUT_REPORT, SYNTH2D_MOUSE_MAX_REPORT + 1);
	CHECK(synth2d_mouse_parse(buf, sizeof(buf), &m) == -EMSGSIZE);
}

static void test_keyboard_parse(void)
{
	unsigned char buf[300] = {0};
	struct synth2d_kbd_msg k;

	put32(buf, SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE);
	put32(buf + 4, 1);
	CHECK(synth2d_kbd_parse(buf, 8, &k) == 0 && k.status == 1);
	CHECK(synth2d_kbd_parse(buf, 7, &k) == -EBADMSG);
	CHECK(synth2d_kbd_parse(buf, 3, &k) == -EBADMSG);

	put32(buf, SYNTH2D_SYNTHKBD_EVENT);
	put16(buf + 4, 0x1e);
	put32(buf + 8, SYNTH2D_SYNTHKBD_IS_BREAK);
	CHECK(synth2d_kbd_parse(buf, 16, &k) == 0 && k.key.make_code == 0x1e &&
	      k.key.info == SYNTH2D_SYNTHKBD_IS_BREAK);
	CHECK(synth2d_kbd_parse(buf, 11, &k) == -EBADMSG);
	CHECK(synth2d_kbd_parse(buf, 256, &k) == 0);
	CHECK(synth2d_kbd_parse(buf, 257, &k) == -EMSGSIZE);

	put32(buf, SYNTH2D_SYNTHKBD_LED_INDICATORS);
	CHECK(synth2d_kbd_parse(buf, 8, &k) == -EOPNOTSUPP);
	put32(buf, 77);
	CHECK(synth2d_kbd_parse(buf, 12, &k) == -EOPNOTSUPP && k.type == 77);
}

static void decode(struct synth2d_key_decoder *d, u16 code, u32 info, struct synth2d_key_event *ev)
{
	synth2d_key_decode(d, code, info, ev);
}

static void test_keys(void)
{
	struct synth2d_key_decoder d = {0};
	struct synth2d_key_event ev;

	decode(&d, 0x1e, 0, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_SCANCODE && ev.scancode == 0x1e && ev.pressed);
	CHECK(synth2d_set1_keymap[ev.scancode] == KEY_A);
	decode(&d, 0x1e, SYNTH2D_SYNTHKBD_IS_BREAK, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_SCANCODE && !ev.pressed);
	/* E0 keys */
	decode(&d, 0x48, SYNTH2D_SYNTHKBD_IS_E0, &ev);
	CHECK(ev.scancode == 0xc8 && synth2d_set1_keymap[0xc8] == KEY_UP);
	CHECK(synth2d_set1_keymap[0x9d] == KEY_RIGHTCTRL &&
	      synth2d_set1_keymap[0xb8] == KEY_RIGHTALT);
	CHECK(synth2d_set1_keymap[0x9c] == KEY_KPENTER &&
	      synth2d_set1_keymap[0xdb] == KEY_LEFTMETA);
	CHECK(synth2d_set1_keymap[0x1c] == KEY_ENTER && synth2d_set1_keymap[0x58] == KEY_F12);
	/* Pause: E1 1D then 45 → scancode 0xc5 */
	decode(&d, 0x1d, SYNTH2D_SYNTHKBD_IS_E1, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_NONE);
	decode(&d, 0x45, 0, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_SCANCODE && ev.scancode == 0xc5 && ev.pressed);
	CHECK(synth2d_set1_keymap[0xc5] == KEY_PAUSE);
	decode(&d, 0x45, 0, &ev);
	CHECK(ev.scancode == 0x45 && synth2d_set1_keymap[0x45] == KEY_NUMLOCK);
	/* out of set 1 */
	decode(&d, 0x80, 0, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_INVALID);

	/* Unicode: makes count, breaks do not, surrogate pairs combine */
	decode(&d, 0xfc, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_UNICODE && ev.ncodepoints == 1 && ev.codepoints[0] == 0xfc);
	decode(&d, 0xfc, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_NONE);
	decode(&d, 0xd83d, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	CHECK(ev.kind == SYNTH2D_KEY_NONE);
	decode(&d, 0xde00, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	CHECK(ev.ncodepoints == 1 && ev.codepoints[0] == 0x1f600);
	/* broken pairs become U+FFFD, the next character survives */
	decode(&d, 0xd83d, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	decode(&d, 0x41, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	CHECK(ev.ncodepoints == 2 && ev.codepoints[0] == 0xfffd && ev.codepoints[1] == 0x41);
	decode(&d, 0xdc00, SYNTH2D_SYNTHKBD_IS_UNICODE, &ev);
	CHECK(ev.ncodepoints == 1 && ev.codepoints[0] == 0xfffd);
}

int main(void)
{
	test_mouse();
	test_keyboard_parse();
	test_keys();
	return test_report("input-parse");
}
