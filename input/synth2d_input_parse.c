// SPDX-License-Identifier: GPL-2.0-only
/*
 * Validation of host-to-guest mouse (synthhid) and keyboard messages.
 * The host is not trusted: every length, count and offset is checked
 * before anything is read, and a message is described by what it holds
 * (pointers into the caller's buffer), never by copying host-chosen sizes.
 *
 * Wire facts: docs/protocol.md §1.4 (pipe header), §4 (mouse), §5 (keyboard).
 * Error codes: -EBADMSG truncated or inconsistent sizes, -EMSGSIZE larger
 * than the protocol allows, -EPROTO not a DATA pipe message,
 * -EOPNOTSUPP a type the host does not send.
 */
#include "synth2d_input_parse.h"

#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

/* Largest pipe payload, MAXIMUM_PIPE_PACKET_SIZE (docs/protocol.md §1.4). */
#define SYNTH2D_PIPE_MAX_PAYLOAD	16384

static int synth2d_mouse_parse_info(const u8 *p, u32 size,
				    struct synth2d_mouse_msg *msg)
{
	const struct synth2d_synthhid_device_info *info = (const void *)p;
	const struct synth2d_hid_descriptor *hid;
	u32 desc_off, desc_len;

	if (size < sizeof(*info) + sizeof(*hid))
		return -EBADMSG;
	hid = (const void *)(p + sizeof(*info));
	/*
	 * The report descriptor follows the HID descriptor's bLength bytes,
	 * as in hid-hyperv (docs/protocol.md §4.3); a HID descriptor shorter
	 * than its own fields or not of type 0x21/0x22 is not one.
	 */
	if (hid->bLength < sizeof(*hid) || hid->bDescriptorType != 0x21 ||
	    hid->bNumDescriptors < 1 || hid->bReportDescriptorType != 0x22)
		return -EBADMSG;
	desc_off = sizeof(*info) + hid->bLength;
	desc_len = le16_to_cpu(hid->wDescriptorLength);
	if (desc_len == 0)
		return -EBADMSG;
	if (desc_len > SYNTH2D_MOUSE_MAX_REPORT_DESC)
		return -EMSGSIZE;
	if (desc_off > size || desc_len > size - desc_off)
		return -EBADMSG;

	msg->info.vendor = le16_to_cpu(info->vendor);
	msg->info.product = le16_to_cpu(info->product);
	msg->info.version = le16_to_cpu(info->version);
	msg->info.report_desc = p + desc_off;
	msg->info.report_desc_len = desc_len;
	return 0;
}

/**
 * synth2d_mouse_parse() - validate one synthhid message from the host
 * @data: the VMBus packet payload (pipe header first)
 * @len: bytes at @data (ring padding included)
 * @msg: the result; @msg->type is set whenever the header could be read
 *
 * Return: 0 or a negative error code (see the top of this file).
 */
int synth2d_mouse_parse(const void *data, u32 len, struct synth2d_mouse_msg *msg)
{
	const struct synth2d_pipe_header *pipe = data;
	const struct synth2d_synthhid_header *hdr;
	const struct synth2d_synthhid_protocol_response *resp;
	const u8 *payload;
	u32 pipe_size, size;

	memset(msg, 0, sizeof(*msg));
	if (len < sizeof(*pipe))
		return -EBADMSG;
	if (le32_to_cpu(pipe->type) != SYNTH2D_PIPE_MSG_DATA)
		return -EPROTO;
	pipe_size = le32_to_cpu(pipe->size);
	if (pipe_size > SYNTH2D_PIPE_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (pipe_size > len - sizeof(*pipe) || pipe_size < sizeof(*hdr))
		return -EBADMSG;

	hdr = (const void *)((const u8 *)data + sizeof(*pipe));
	msg->type = le32_to_cpu(hdr->type);
	size = le32_to_cpu(hdr->size);
	if (size > pipe_size - sizeof(*hdr))
		return -EBADMSG;
	payload = (const u8 *)hdr + sizeof(*hdr);

	switch (msg->type) {
	case SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE:
		if (size < sizeof(*resp))
			return -EBADMSG;
		resp = (const void *)payload;
		msg->response.version = le32_to_cpu(resp->version_requested);
		msg->response.approved = resp->approved != 0;
		return 0;
	case SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO:
		return synth2d_mouse_parse_info(payload, size, msg);
	case SYNTH2D_SYNTHHID_INPUT_REPORT:
		if (size == 0)
			return -EBADMSG;
		if (size > SYNTH2D_MOUSE_MAX_REPORT)
			return -EMSGSIZE;
		msg->report.data = payload;
		msg->report.len = size;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * synth2d_mouse_desc_needs_fix() - detect the real host's descriptor slip
 * @desc: report descriptor
 * @len: its length
 *
 * Real Hyper-V's descriptor has Logical Maximum (0x25) at byte 14 where the
 * Usage Maximum (0x29) of the button usage range belongs; hid-hyperv patches
 * it ("workaround SA-167", docs/protocol.md §4.2). The condition is hid-hyperv's:
 * byte 14 is 0x25, nothing else is looked at (the rest of the real
 * descriptor is not documented, so any further check could miss the slip
 * on a host where upstream repairs it). Unlike hid-hyperv, a descriptor
 * too short to have a byte 14 is not read past its end.
 *
 * Return: true when byte 14 should become 0x29.
 */
bool synth2d_mouse_desc_needs_fix(const u8 *desc, u32 len)
{
	return len > 14 && desc[14] == 0x25;
}

/**
 * synth2d_kbd_parse() - validate one keyboard message from the host
 * @data: the VMBus packet payload (no pipe header on this channel)
 * @len: bytes at @data (ring padding included)
 * @msg: the result; @msg->type is set whenever the type could be read
 *
 * Return: 0 or a negative error code (see the top of this file).
 */
int synth2d_kbd_parse(const void *data, u32 len, struct synth2d_kbd_msg *msg)
{
	const struct synth2d_synthkbd_header *hdr = data;
	const struct synth2d_synthkbd_protocol_response *resp = data;
	const struct synth2d_synthkbd_keystroke *key = data;

	memset(msg, 0, sizeof(*msg));
	if (len < sizeof(*hdr))
		return -EBADMSG;
	msg->type = le32_to_cpu(hdr->type);
	if (len > SYNTH2D_KBD_MAX_MESSAGE)
		return -EMSGSIZE;

	switch (msg->type) {
	case SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE:
		if (len < sizeof(*resp))
			return -EBADMSG;
		msg->status = le32_to_cpu(resp->status);
		return 0;
	case SYNTH2D_SYNTHKBD_EVENT:
		if (len < sizeof(*key))
			return -EBADMSG;
		msg->key.make_code = le16_to_cpu(key->make_code);
		msg->key.info = le32_to_cpu(key->info);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}
