/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Synthetic keyboard messages: raw in-band packets, no pipe header.
 * Source: Linux drivers/input/serio/hyperv-keyboard.c, OpenVMM
 * vm/devices/uidevices/src/keyboard/protocol.rs, mu_msvm
 * SynthKeyProtocol.h; docs/protocol.md §5.
 */
#ifndef SYNTH2D_SYNTHKBD_H
#define SYNTH2D_SYNTHKBD_H

#include "types.h"

#define SYNTH2D_SYNTHKBD_VERSION	0x00010000

enum synth2d_synthkbd_type {
	SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST = 1,
	SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE = 2,
	SYNTH2D_SYNTHKBD_EVENT = 3,
	SYNTH2D_SYNTHKBD_LED_INDICATORS = 4,
};

struct synth2d_synthkbd_header {
	__le32 type;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthkbd_header, 4);

struct synth2d_synthkbd_protocol_request {
	struct synth2d_synthkbd_header header;
	__le32 version;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthkbd_protocol_request, 8);

#define SYNTH2D_SYNTHKBD_PROTOCOL_ACCEPTED	0x1

struct synth2d_synthkbd_protocol_response {
	struct synth2d_synthkbd_header header;
	__le32 status;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthkbd_protocol_response, 8);

/* info bits of a keystroke */
#define SYNTH2D_SYNTHKBD_IS_UNICODE	0x1
#define SYNTH2D_SYNTHKBD_IS_BREAK	0x2
#define SYNTH2D_SYNTHKBD_IS_E0		0x4
#define SYNTH2D_SYNTHKBD_IS_E1		0x8

struct synth2d_synthkbd_keystroke {
	struct synth2d_synthkbd_header header;
	__le16 make_code;	/* set-1 make code, or UTF-16 unit if IS_UNICODE */
	__le16 reserved;
	__le32 info;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthkbd_keystroke, 12);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthkbd_keystroke, make_code, 4);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthkbd_keystroke, info, 8);

/* led_flags (KEYBOARD_*_LOCK_ON of the host's ntddkbd.h) */
#define SYNTH2D_SYNTHKBD_LED_SCROLL	0x1
#define SYNTH2D_SYNTHKBD_LED_NUM	0x2
#define SYNTH2D_SYNTHKBD_LED_CAPS	0x4

struct synth2d_synthkbd_led_indicators {
	struct synth2d_synthkbd_header header;
	__le16 led_flags;
	__le16 reserved;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthkbd_led_indicators, 8);

#define SYNTH2D_SYNTHKBD_MAX_MSG_SIZE	256

#endif /* SYNTH2D_SYNTHKBD_H */
