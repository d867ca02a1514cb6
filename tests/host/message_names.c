// SPDX-License-Identifier: MIT
/* Names of message types per channel, as docs/protocol.md §2.1, §4.1 and §5.1 call them. */
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

#include <endian.h>
#include <stdio.h>
#include <string.h>

#include "host.h"

static const char *const video_names[SYNTH2D_SYNTHVID_TYPE_COUNT] = {
    "ERROR",
    "VERSION_REQUEST",
    "VERSION_RESPONSE",
    "VRAM_LOCATION",
    "VRAM_LOCATION_ACK",
    "SITUATION_UPDATE",
    "SITUATION_UPDATE_ACK",
    "POINTER_POSITION",
    "POINTER_SHAPE",
    "FEATURE_CHANGE",
    "DIRT",
    "BIOS_INFO_REQUEST",
    "BIOS_INFO_RESPONSE",
    "RESOLUTION_REQUEST",
    "RESOLUTION_RESPONSE",
    "CAPABILITY_REQUEST",
    "CAPABILITY_RESPONSE",
};

static const char *const mouse_names[SYNTH2D_SYNTHHID_TYPE_COUNT] = {
    "PROTOCOL_REQUEST",	       "PROTOCOL_RESPONSE", "INITIAL_DEVICE_INFO",
    "INITIAL_DEVICE_INFO_ACK", "INPUT_REPORT",
};

static const char *const keyboard_names[] = {
    [SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST] = "PROTOCOL_REQUEST",
    [SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE] = "PROTOCOL_RESPONSE",
    [SYNTH2D_SYNTHKBD_EVENT] = "EVENT",
    [SYNTH2D_SYNTHKBD_LED_INDICATORS] = "SET_LED_INDICATORS",
};

const char *message_type_name(unsigned int channel, uint32_t type)
{
	switch (channel) {
	case SYNTH2D_SIM_CHANNEL_VIDEO:
		return type < SYNTH2D_SYNTHVID_TYPE_COUNT ? video_names[type] : NULL;
	case SYNTH2D_SIM_CHANNEL_MOUSE:
		return type < SYNTH2D_SYNTHHID_TYPE_COUNT ? mouse_names[type] : NULL;
	case SYNTH2D_SIM_CHANNEL_KEYBOARD:
		return type < sizeof(keyboard_names) / sizeof(keyboard_names[0])
			   ? keyboard_names[type]
			   : NULL;
	}
	return NULL;
}

bool message_read_type(struct host *h, struct host_channel *ch, const uint8_t *msg, uint32_t len,
		       size_t header_size, uint32_t *type, const char **name,
		       char unknown[MESSAGE_UNKNOWN_NAME_SIZE])
{
	__le32 word;

	if (len < header_size) {
		channel_fail(h, ch, "UNKNOWN", "message of %u bytes is shorter than the header",
			     len);
		return false;
	}
	memcpy(&word, msg, sizeof(word));
	*type = le32toh(word);
	*name = message_type_name(ch->index, *type);
	if (!*name) {
		snprintf(unknown, MESSAGE_UNKNOWN_NAME_SIZE, "TYPE_%u", *type);
		*name = unknown;
	}
	return true;
}
