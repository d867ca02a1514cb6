// SPDX-License-Identifier: MIT
/*
 * The synthetic keyboard VSP (protocol.md §5.3): raw packets, version 1.0
 * only, then keystrokes from the host; once active only
 * SET_LED_INDICATORS is allowed from the guest.
 */
#include <endian.h>
#include <string.h>

#include <synth2d/synthkbd.h>

#include "host.h"

static struct host_channel *keyboard_channel(struct host *h)
{
	return &h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD];
}

void keyboard_reset_channel(struct host *h)
{
	h->keyboard.version = 0;
}

void keyboard_handle_message(struct host *h, const uint8_t *msg, uint32_t len)
{
	struct host_channel *ch = keyboard_channel(h);
	const char *name;
	char unknown[MESSAGE_UNKNOWN_NAME_SIZE];
	uint32_t type;

	if (!message_read_type(h, ch, msg, len, sizeof(struct synth2d_synthkbd_header), &type,
			       &name, unknown))
		return;

	if (ch->state == CHANNEL_WAIT_VERSION) {
		struct synth2d_synthkbd_protocol_request req;
		struct synth2d_synthkbd_protocol_response resp;
		bool accept;

		if (type != SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST) {
			channel_fail(h, ch, name, "out of order: PROTOCOL_REQUEST must come first");
			return;
		}
		if (len < sizeof(req)) {
			channel_fail(h, ch, name, "message of %u bytes is too short", len);
			return;
		}
		memcpy(&req, msg, sizeof(req));
		accept = le32toh(req.version) == SYNTH2D_SYNTHKBD_VERSION;
		resp.header.type = htole32(SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE);
		resp.status = htole32(accept ? SYNTH2D_SYNTHKBD_PROTOCOL_ACCEPTED : 0);
		channel_send_message(h, ch, &resp, sizeof(resp));
		if (accept) {
			h->keyboard.version = le32toh(req.version);
			ch->state = CHANNEL_ACTIVE;
		}
		return;
	}

	if (type != SYNTH2D_SYNTHKBD_LED_INDICATORS) {
		channel_fail(h, ch, name, "only SET_LED_INDICATORS is allowed once active");
		return;
	}
	if (len < sizeof(struct synth2d_synthkbd_led_indicators)) {
		channel_fail(h, ch, name, "message of %u bytes is too short", len);
		return;
	}
	struct synth2d_synthkbd_led_indicators led;

	memcpy(&led, msg, sizeof(led));
	h->keyboard.leds_messages++;
	h->keyboard.last_led_flags = le16toh(led.led_flags);
}

int keyboard_send_keystroke(struct host *h, uint16_t code, uint32_t info)
{
	struct synth2d_synthkbd_keystroke k = {
	    .header.type = htole32(SYNTH2D_SYNTHKBD_EVENT),
	    .make_code = htole16(code),
	    .info = htole32(info),
	};
	int ret;

	if (keyboard_channel(h)->state != CHANNEL_ACTIVE)
		return -1;
	ret = channel_send_message(h, keyboard_channel(h), &k, sizeof(k));
	if (!ret)
		h->keyboard.keystrokes_sent++;
	return ret;
}
