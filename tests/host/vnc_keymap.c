// SPDX-License-Identifier: MIT
#include "vnc_keymap.h"

#include <stddef.h>

#include <synth2d/synthkbd.h>

struct key {
	uint32_t keysym;
	uint16_t code;
	uint8_t e0;
};

/* X11 keysymdef.h values; the shifted character of a key maps to that key too. */
static const struct key keys[] = {
    {0xff1b, 0x01, 0}, /* Escape */
    {'1', 0x02, 0},    {'!', 0x02, 0},	  {'2', 0x03, 0},    {'@', 0x03, 0},
    {'3', 0x04, 0},    {'#', 0x04, 0},	  {'4', 0x05, 0},    {'$', 0x05, 0},
    {'5', 0x06, 0},    {'%', 0x06, 0},	  {'6', 0x07, 0},    {'^', 0x07, 0},
    {'7', 0x08, 0},    {'&', 0x08, 0},	  {'8', 0x09, 0},    {'*', 0x09, 0},
    {'9', 0x0a, 0},    {'(', 0x0a, 0},	  {'0', 0x0b, 0},    {')', 0x0b, 0},
    {'-', 0x0c, 0},    {'_', 0x0c, 0},	  {'=', 0x0d, 0},    {'+', 0x0d, 0},
    {0xff08, 0x0e, 0}, /* BackSpace */
    {0xff09, 0x0f, 0}, /* Tab */
    {0xfe20, 0x0f, 0}, /* ISO_Left_Tab (Shift+Tab) */
    {'[', 0x1a, 0},    {'{', 0x1a, 0},	  {']', 0x1b, 0},    {'}', 0x1b, 0},
    {0xff0d, 0x1c, 0}, /* Return */
    {0xffe3, 0x1d, 0}, /* Control_L */
    {';', 0x27, 0},    {':', 0x27, 0},	  {'\'', 0x28, 0},   {'"', 0x28, 0},
    {'`', 0x29, 0},    {'~', 0x29, 0},	  {0xffe1, 0x2a, 0}, /* Shift_L */
    {'\\', 0x2b, 0},   {'|', 0x2b, 0},	  {',', 0x33, 0},    {'<', 0x33, 0},
    {'.', 0x34, 0},    {'>', 0x34, 0},	  {'/', 0x35, 0},    {'?', 0x35, 0},
    {0xffe2, 0x36, 0},			  /* Shift_R */
    {0xffaa, 0x37, 0},			  /* KP_Multiply */
    {0xffe9, 0x38, 0},			  /* Alt_L */
    {0xffe7, 0x38, 0},			  /* Meta_L */
    {' ', 0x39, 0},    {0xffe5, 0x3a, 0}, /* Caps_Lock */
    {0xff7f, 0x45, 0},			  /* Num_Lock */
    {0xff14, 0x46, 0},			  /* Scroll_Lock */
    {0xffb7, 0x47, 0}, {0xff95, 0x47, 0}, /* KP_7, KP_Home */
    {0xffb8, 0x48, 0}, {0xff97, 0x48, 0}, /* KP_8, KP_Up */
    {0xffb9, 0x49, 0}, {0xff9a, 0x49, 0}, /* KP_9, KP_Prior */
    {0xffad, 0x4a, 0},			  /* KP_Subtract */
    {0xffb4, 0x4b, 0}, {0xff96, 0x4b, 0}, /* KP_4, KP_Left */
    {0xffb5, 0x4c, 0}, {0xff9d, 0x4c, 0}, /* KP_5, KP_Begin */
    {0xffb6, 0x4d, 0}, {0xff98, 0x4d, 0}, /* KP_6, KP_Right */
    {0xffab, 0x4e, 0},			  /* KP_Add */
    {0xffb1, 0x4f, 0}, {0xff9c, 0x4f, 0}, /* KP_1, KP_End */
    {0xffb2, 0x50, 0}, {0xff99, 0x50, 0}, /* KP_2, KP_Down */
    {0xffb3, 0x51, 0}, {0xff9b, 0x51, 0}, /* KP_3, KP_Next */
    {0xffb0, 0x52, 0}, {0xff9e, 0x52, 0}, /* KP_0, KP_Insert */
    {0xffae, 0x53, 0}, {0xff9f, 0x53, 0}, /* KP_Decimal, KP_Delete */
    {0xffc8, 0x57, 0},			  /* F11 */
    {0xffc9, 0x58, 0},			  /* F12 */
    {0xff8d, 0x1c, 1},			  /* KP_Enter */
    {0xffe4, 0x1d, 1},			  /* Control_R */
    {0xffaf, 0x35, 1},			  /* KP_Divide */
    {0xff61, 0x37, 1},			  /* Print */
    {0xffea, 0x38, 1},			  /* Alt_R */
    {0xfe03, 0x38, 1},			  /* ISO_Level3_Shift (AltGr) */
    {0xff50, 0x47, 1},			  /* Home */
    {0xff52, 0x48, 1},			  /* Up */
    {0xff55, 0x49, 1},			  /* Prior */
    {0xff51, 0x4b, 1},			  /* Left */
    {0xff53, 0x4d, 1},			  /* Right */
    {0xff57, 0x4f, 1},			  /* End */
    {0xff54, 0x50, 1},			  /* Down */
    {0xff56, 0x51, 1},			  /* Next */
    {0xff63, 0x52, 1},			  /* Insert */
    {0xffff, 0x53, 1},			  /* Delete */
    {0xffeb, 0x5b, 1},			  /* Super_L */
    {0xffec, 0x5c, 1},			  /* Super_R */
    {0xff67, 0x5d, 1},			  /* Menu */
};

/* Letter rows of the US layout, a..z */
static const uint8_t letters[26] = {
    0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
    0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
};

int vnc_keysym_scancode(uint32_t keysym, uint16_t *code, uint32_t *flags)
{
	if (keysym >= 'a' && keysym <= 'z')
		keysym -= 'a' - 'A';
	if (keysym >= 'A' && keysym <= 'Z') {
		*code = letters[keysym - 'A'];
		*flags = 0;
		return 0;
	}
	if (keysym >= 0xffbe && keysym <= 0xffc7) { /* F1..F10 */
		*code = (uint16_t)(0x3b + keysym - 0xffbe);
		*flags = 0;
		return 0;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].keysym == keysym) {
			*code = keys[i].code;
			*flags = keys[i].e0 ? SYNTH2D_SYNTHKBD_IS_E0 : 0;
			return 0;
		}
	}
	return -1;
}

uint32_t vnc_keysym_unicode(uint32_t keysym)
{
	if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff))
		return keysym; /* Latin-1 keysyms are their code points */
	if (keysym >= 0x01000100 && keysym <= 0x0110ffff)
		return keysym - 0x01000000; /* the Unicode keysym range */
	return 0;
}

int vnc_utf16(uint32_t cp, uint16_t units[2])
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x10000) {
		units[0] = (uint16_t)cp;
		return 1;
	}
	cp -= 0x10000;
	units[0] = (uint16_t)(0xd800 | cp >> 10);
	units[1] = (uint16_t)(0xdc00 | (cp & 0x3ff));
	return 2;
}
