// SPDX-License-Identifier: MIT
/*
 * The synthetic mouse VSP (docs/protocol.md §4.4, OpenVMM as reference):
 * version 2.0 only, then INITIAL_DEVICE_INFO, then the guest's ack, then
 * input reports from the host. Any guest packet once active is fatal.
 */
#include <endian.h>
#include <string.h>

#include <synth2d/synthhid.h>

#include "host.h"

#define SYNTHHID_HEADER_SIZE sizeof(struct synth2d_synthhid_header)

/*
 * Report descriptor of the 7-byte report of docs/protocol.md §4.2: five buttons and three
 * padding bits, absolute X/Y 0..32767, relative wheel -32767..32767.
 */
static const uint8_t report_descriptor[] = {
    0x05, 0x01,	      /* Usage Page (Generic Desktop) */
    0x09, 0x02,	      /* Usage (Mouse) */
    0xa1, 0x01,	      /* Collection (Application) */
    0x09, 0x01,	      /*   Usage (Pointer) */
    0xa1, 0x00,	      /*   Collection (Physical) */
    0x05, 0x09,	      /*     Usage Page (Button) */
    0x19, 0x01,	      /*     Usage Minimum (1) */
    0x29, 0x05,	      /*     Usage Maximum (5) */
    0x15, 0x00,	      /*     Logical Minimum (0) */
    0x25, 0x01,	      /*     Logical Maximum (1) */
    0x95, 0x05,	      /*     Report Count (5) */
    0x75, 0x01,	      /*     Report Size (1) */
    0x81, 0x02,	      /*     Input (Data,Var,Abs) */
    0x95, 0x01,	      /*     Report Count (1) */
    0x75, 0x03,	      /*     Report Size (3) */
    0x81, 0x03,	      /*     Input (Const,Var,Abs) */
    0x05, 0x01,	      /*     Usage Page (Generic Desktop) */
    0x09, 0x30,	      /*     Usage (X) */
    0x09, 0x31,	      /*     Usage (Y) */
    0x15, 0x00,	      /*     Logical Minimum (0) */
    0x26, 0xff, 0x7f, /*     Logical Maximum (32767) */
    0x75, 0x10,	      /*     Report Size (16) */
    0x95, 0x02,	      /*     Report Count (2) */
    0x81, 0x02,	      /*     Input (Data,Var,Abs) */
    0x09, 0x38,	      /*     Usage (Wheel) */
    0x16, 0x01, 0x80, /*     Logical Minimum (-32767) */
    0x26, 0xff, 0x7f, /*     Logical Maximum (32767) */
    0x75, 0x10,	      /*     Report Size (16) */
    0x95, 0x01,	      /*     Report Count (1) */
    0x81, 0x06,	      /*     Input (Data,Var,Rel) */
    0xc0,	      /*   End Collection */
    0xc0,	      /* End Collection */
};

static struct host_channel *mouse_channel(struct host *h)
{
	return &h->channels[SYNTH2D_SIM_CHANNEL_MOUSE];
}

void mouse_reset_channel(struct host *h)
{
	h->mouse.version = 0;
}

void screen_size(const struct host *h, uint32_t *width, uint32_t *height)
{
	if (h->video.situation.valid) {
		*width = h->video.situation.width;
		*height = h->video.situation.height;
	} else {
		*width = 1024;
		*height = 768;
	}
}

/* Header size field = payload bytes that follow it (hid-hyperv reads it). */
static int mouse_send(struct host *h, uint32_t type, const void *payload, uint32_t len)
{
	uint8_t buf[sizeof(struct synth2d_synthhid_header) + 256];
	struct synth2d_synthhid_header hdr = {.type = htole32(type), .size = htole32(len)};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	return channel_send_message(h, mouse_channel(h), buf, (uint32_t)sizeof(hdr) + len);
}

static void send_device_info(struct host *h)
{
	uint8_t
	    buf[sizeof(struct synth2d_synthhid_initial_device_info) + sizeof(report_descriptor)];
	struct synth2d_synthhid_initial_device_info info = {
	    .info =
		{
		    .size = htole32(sizeof(struct synth2d_synthhid_device_info)),
		    .vendor = htole16(SYNTH2D_MOUSE_VENDOR),
		    .product = htole16(SYNTH2D_MOUSE_PRODUCT),
		    .version = htole16(SYNTH2D_MOUSE_HID_VERSION),
		},
	    .hid =
		{
		    .bLength = sizeof(struct synth2d_hid_descriptor),
		    .bDescriptorType = 0x21,
		    .bcdHID = htole16(0x0101),
		    .bCountryCode = 0,
		    .bNumDescriptors = 1,
		    .bReportDescriptorType = 0x22,
		    .wDescriptorLength = htole16(sizeof(report_descriptor)),
		},
	};

	memcpy(buf, &info, sizeof(info));
	memcpy(buf + sizeof(info), report_descriptor, sizeof(report_descriptor));
	mouse_send(h, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO, buf, sizeof(buf));
}

void mouse_handle_message(struct host *h, const uint8_t *msg, uint32_t len)
{
	struct host_channel *ch = mouse_channel(h);
	const char *name;
	char unknown[MESSAGE_UNKNOWN_NAME_SIZE];
	uint32_t type;

	if (!message_read_type(h, ch, msg, len, SYNTHHID_HEADER_SIZE, &type, &name, unknown))
		return;

	switch (ch->state) {
	case CHANNEL_WAIT_VERSION: {
		struct synth2d_synthhid_protocol_request req;
		struct synth2d_synthhid_protocol_response resp;

		if (type != SYNTH2D_SYNTHHID_PROTOCOL_REQUEST) {
			channel_fail(h, ch, name, "out of order: PROTOCOL_REQUEST must come first");
			return;
		}
		if (len < SYNTHHID_HEADER_SIZE + sizeof(req)) {
			channel_fail(h, ch, name, "message of %u bytes is too short", len);
			return;
		}
		memcpy(&req, msg + SYNTHHID_HEADER_SIZE, sizeof(req));
		resp.version_requested = req.version;
		resp.approved = le32toh(req.version) == SYNTH2D_SYNTHHID_VERSION;
		/* 8 + 5 bytes, the most hid-hyperv takes on 6.1 (docs/protocol.md §6.7) */
		mouse_send(h, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE, &resp, sizeof(resp));
		if (!resp.approved)
			return;
		h->mouse.version = le32toh(req.version);
		send_device_info(h);
		ch->state = CHANNEL_WAIT_ACK;
		return;
	}
	case CHANNEL_WAIT_ACK:
		if (type != SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK) {
			channel_fail(h, ch, name, "expected INITIAL_DEVICE_INFO_ACK");
			return;
		}
		if (len < SYNTHHID_HEADER_SIZE + sizeof(struct synth2d_synthhid_device_info_ack)) {
			channel_fail(h, ch, name, "message of %u bytes is too short", len);
			return;
		}
		ch->state = CHANNEL_ACTIVE;
		return;
	default:
		/* OpenVMM: any packet in Active is "out of order" and fatal */
		channel_fail(h, ch, name, "guest packet while the mouse is active");
		return;
	}
}

/*
 * HID coordinate of a pixel: x * 32767 / (size - 1), truncated, as OpenVMM's
 * VNC server scales (workers/vnc_worker/vnc/src/lib.rs, integer division).
 */
static uint16_t hid_coordinate(int32_t pixel, uint32_t size)
{
	if (size <= 1 || pixel <= 0)
		return 0;
	if ((uint32_t)pixel >= size - 1)
		return SYNTH2D_MOUSE_ABS_MAX;
	return (uint16_t)((uint64_t)pixel * SYNTH2D_MOUSE_ABS_MAX / (size - 1));
}

int mouse_send_report(struct host *h, int16_t wheel)
{
	struct synth2d_synthhid_mouse_report report;
	uint32_t width, height;
	int ret;

	if (mouse_channel(h)->state != CHANNEL_ACTIVE)
		return -1;
	screen_size(h, &width, &height);
	report.buttons = h->mouse.buttons;
	report.x = htole16(hid_coordinate(h->mouse.x, width));
	report.y = htole16(hid_coordinate(h->mouse.y, height));
	report.wheel = htole16((uint16_t)wheel);
	ret = mouse_send(h, SYNTH2D_SYNTHHID_INPUT_REPORT, &report, sizeof(report));
	if (!ret)
		h->mouse.reports_sent++;
	return ret;
}
