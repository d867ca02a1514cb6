// SPDX-License-Identifier: MIT
/*
 * The synthetic keyboard VSP (docs/protocol.md §5.3): raw packets, version 1.0
 * only, then keystrokes from the host; once active only
 * SET_LED_INDICATORS is allowed from the guest. A held key (`key CODE hold
 * MS`) is sent as Hyper-V does: the make, repeated makes at the typematic
 * rate, the break.
 */
#include <endian.h>
#include <string.h>
#include <time.h>

#include <synth2d/synthkbd.h>

#include "host.h"

static struct host_channel *keyboard_channel(struct host *h)
{
	return &h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD];
}

void keyboard_reset_channel(struct host *h)
{
	h->keyboard.version = 0;
	h->keyboard.hold.active = false; /* a reopened channel starts with no key down */
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

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int keyboard_hold_start(struct host *h, uint16_t code, uint32_t flags, uint32_t ms)
{
	struct keyboard_hold *k = &h->keyboard.hold;
	uint64_t now = monotonic_ns();

	if (keyboard_channel(h)->state != CHANNEL_ACTIVE)
		return -1;
	if (k->active)
		return -2;
	if (keyboard_send_keystroke(h, code, flags))
		return -1;
	k->active = true;
	k->code = code;
	k->flags = flags;
	k->next_ns = now + (uint64_t)h->config.typematic_delay_ms * 1000000u;
	k->end_ns = now + (uint64_t)ms * 1000000u;
	return 0;
}

int keyboard_poll_typematic(struct host *h)
{
	struct keyboard_hold *k = &h->keyboard.hold;
	uint64_t now;
	int sent = 0;

	if (!k->active)
		return 0;
	if (keyboard_channel(h)->state != CHANNEL_ACTIVE) {
		k->active = false; /* the guest closed the channel: the hold is over */
		return 0;
	}
	now = monotonic_ns();
	while (k->next_ns < k->end_ns && k->next_ns <= now) {
		if (keyboard_send_keystroke(h, k->code, k->flags)) {
			k->active = false;
			return sent;
		}
		h->keyboard.typematic_repeats++;
		k->next_ns += (uint64_t)h->config.typematic_period_ms * 1000000u;
		sent++;
	}
	if (now >= k->end_ns) {
		k->active = false;
		if (!keyboard_send_keystroke(h, k->code, k->flags | SYNTH2D_SYNTHKBD_IS_BREAK)) {
			h->keyboard.holds++;
			sent++;
		}
	}
	return sent;
}
