/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validation of every host-to-guest mouse and keyboard message: pure
 * functions (bytes in, result out) shared by the driver, the unit tests and
 * the fuzz targets.
 */
#ifndef SYNTH2D_INPUT_PARSE_H
#define SYNTH2D_INPUT_PARSE_H

#include "synth2d_parse_shim.h"

/*
 * Largest report descriptor accepted: HID_MAX_DESCRIPTOR_SIZE of the
 * kernel's <linux/hid.h> (the host's is 65-67 bytes, docs/protocol.md §4.2).
 */
#define SYNTH2D_MOUSE_MAX_REPORT_DESC	4096
/*
 * Largest input report accepted. The host's report is 7 bytes (docs/protocol.md §4.2); the
 * bound keeps a report inside the driver's report buffer.
 */
#define SYNTH2D_MOUSE_MAX_REPORT	64
/* Largest keyboard message, HK_MAXIMUM_MESSAGE_SIZE (docs/protocol.md §5.1). */
#define SYNTH2D_KBD_MAX_MESSAGE		256

struct synth2d_mouse_msg {
	u32 type;			/* enum synth2d_synthhid_type */
	union {
		struct {
			u32 version;
			bool approved;
		} response;
		struct {
			u16 vendor;
			u16 product;
			u16 version;
			const u8 *report_desc;	/* points into the message */
			u32 report_desc_len;
		} info;
		struct {
			const u8 *data;		/* points into the message */
			u32 len;
		} report;
	};
};

int synth2d_mouse_parse(const void *data, u32 len, struct synth2d_mouse_msg *msg);

/* Whether @desc has the real host's byte-14 slip (Logical for Usage Maximum). */
bool synth2d_mouse_desc_needs_fix(const u8 *desc, u32 len);

struct synth2d_kbd_msg {
	u32 type;			/* enum synth2d_synthkbd_type */
	union {
		u32 status;		/* PROTOCOL_RESPONSE */
		struct {
			u16 make_code;
			u32 info;
		} key;			/* EVENT */
	};
};

int synth2d_kbd_parse(const void *data, u32 len, struct synth2d_kbd_msg *msg);

#endif /* SYNTH2D_INPUT_PARSE_H */
