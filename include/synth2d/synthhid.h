/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Synthetic mouse (synthhid) messages: pipe header + synthhid header +
 * payload. Source: Linux drivers/hid/hid-hyperv.c, OpenVMM
 * vm/devices/uidevices/src/mouse/protocol.rs; docs/protocol.md §4.
 */
#ifndef SYNTH2D_SYNTHHID_H
#define SYNTH2D_SYNTHHID_H

#include "types.h"

/* Version word: major << 16 | minor; only 2.0 exists. */
#define SYNTH2D_SYNTHHID_VERSION	0x00020000

enum synth2d_synthhid_type {
	SYNTH2D_SYNTHHID_PROTOCOL_REQUEST = 0,
	SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE = 1,
	SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO = 2,
	SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK = 3,
	SYNTH2D_SYNTHHID_INPUT_REPORT = 4,
	SYNTH2D_SYNTHHID_TYPE_COUNT
};

/* size: bytes of payload after this header. */
struct synth2d_synthhid_header {
	__le32 type;
	__le32 size;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_header, 8);

struct synth2d_synthhid_protocol_request {
	__le32 version;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_protocol_request, 4);

struct synth2d_synthhid_protocol_response {
	__le32 version_requested;
	__u8 approved;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_protocol_response, 5);

struct synth2d_synthhid_device_info {
	__le32 size;		/* 32 */
	__le16 vendor;
	__le16 product;
	__le16 version;
	__le16 reserved[11];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_device_info, 32);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_device_info, vendor, 4);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_device_info, product, 6);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_device_info, version, 8);

/* USB HID class descriptor (HID 1.11 §6.2.1) with one report descriptor. */
struct synth2d_hid_descriptor {
	__u8 bLength;			/* 9 */
	__u8 bDescriptorType;		/* 0x21 */
	__le16 bcdHID;
	__u8 bCountryCode;
	__u8 bNumDescriptors;		/* 1 */
	__u8 bReportDescriptorType;	/* 0x22 */
	__le16 wDescriptorLength;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_hid_descriptor, 9);
SYNTH2D_ASSERT_OFFSET(struct synth2d_hid_descriptor, wDescriptorLength, 7);

/* INITIAL_DEVICE_INFO: device info, HID descriptor, report descriptor. */
struct synth2d_synthhid_initial_device_info {
	struct synth2d_synthhid_device_info info;
	struct synth2d_hid_descriptor hid;
	__u8 report_descriptor[];
} __packed;
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_initial_device_info, hid, 32);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_initial_device_info, report_descriptor, 41);

struct synth2d_synthhid_device_info_ack {
	__u8 reserved;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_device_info_ack, 1);

/* The 7-byte input report of the host's report descriptor (docs/protocol.md §4.2). */
struct synth2d_synthhid_mouse_report {
	__u8 buttons;		/* bit 0 left, 1 right, 2 middle, 3-4 side */
	__le16 x;		/* 0..32767 */
	__le16 y;		/* 0..32767 */
	__le16 wheel;		/* signed */
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthhid_mouse_report, 7);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_mouse_report, x, 1);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_mouse_report, y, 3);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthhid_mouse_report, wheel, 5);

#define SYNTH2D_MOUSE_ABS_MAX		32767
#define SYNTH2D_MOUSE_VENDOR		0x045e
#define SYNTH2D_MOUSE_PRODUCT		0x0621
#define SYNTH2D_MOUSE_HID_VERSION	0x0001

/* hid-hyperv ignores a PROTOCOL_RESPONSE longer than this after the pipe header. */
#define SYNTH2D_SYNTHHID_MAX_RESPONSE	13

#endif /* SYNTH2D_SYNTHHID_H */
