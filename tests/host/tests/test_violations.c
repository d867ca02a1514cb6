// SPDX-License-Identifier: MIT
/*
 * Every fatal protocol error of docs/protocol.md §6.3 and the ring-layout
 * checks: recorded as {channel, type, reason}, the channel stops being
 * served, and a reopen brings it back.
 */
#include <endian.h>
#include <string.h>

#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

#include "guest_sim.h"

#define VIDEO	 SYNTH2D_SIM_CHANNEL_VIDEO
#define MOUSE	 SYNTH2D_SIM_CHANNEL_MOUSE
#define KEYBOARD SYNTH2D_SIM_CHANNEL_KEYBOARD

#define expect_fatal(g, ch, type, reason) expect_fatal_at(__LINE__, g, ch, type, reason)

static void expect_fatal_at(int line, struct guest_sim *g, unsigned int ch, const char *type,
			    const char *reason)
{
	const struct violation *v = &g->h->violations[0];

	CHECK_EQ(g->h->violation_count, 1);
	if (g->h->violation_count < 1)
		return;
	CHECK(v->fatal);
	CHECK_EQ(v->channel, ch);
	CHECK(strcmp(v->type, type) == 0);
	CHECK(strstr(v->reason, reason));
	if (strcmp(v->type, type) || !strstr(v->reason, reason))
		fprintf(stderr, "  line %d: got type %s reason %s\n", line, v->type, v->reason);
	CHECK_EQ(g->h->channels[ch].state, CHANNEL_FAILED);
}

/* A failed video channel answers nothing until reopened; then it works again. */
static void expect_video_stopped_then_reopen(struct guest_sim *g)
{
	struct synth2d_synthvid_version_request v = {.version =
							 htole32(SYNTH2D_SYNTHVID_VERSION_WIN10)};
	uint8_t buf[64];
	uint32_t type;

	guest_send_video(g, SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST, NULL, 0);
	CHECK_EQ(guest_drain(g, VIDEO), 0);
	CHECK(strstr(guest_control(g, "stats"), "\"video\":{\"state\":\"failed\""));
	guest_open(g, VIDEO);
	guest_send_video(g, SYNTH2D_SYNTHVID_VERSION_REQUEST, &v, sizeof(v));
	CHECK_EQ(guest_recv_video(g, &type, buf, sizeof(buf)), 6);
	CHECK_EQ(type, SYNTH2D_SYNTHVID_VERSION_RESPONSE);
	CHECK_EQ(g->h->channels[VIDEO].state, CHANNEL_ACTIVE);
}

static void start_video(struct guest_sim *g)
{
	guest_start(g, NULL);
	guest_connect_video(g, 1024, 768);
}

static void test_video_unknown_type(void)
{
	struct guest_sim g;

	start_video(&g);
	guest_send_video(&g, 99, "abcd", 4);
	expect_fatal(&g, VIDEO, "TYPE_99", "not one a guest sends");
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);

	/* a host-to-guest type from the guest is just as unknown to the host */
	start_video(&g);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VERSION_RESPONSE, "abcdef", 6);
	expect_fatal(&g, VIDEO, "VERSION_RESPONSE", "not one a guest sends");
	guest_stop(&g);
}

static void test_video_too_short(void)
{
	struct guest_sim g;

	start_video(&g);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VRAM_LOCATION, "12345", 5);
	expect_fatal(&g, VIDEO, "VRAM_LOCATION", "shorter than 17");
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);

	start_video(&g);
	guest_send_video(&g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, "123456789", 9);
	expect_fatal(&g, VIDEO, "SITUATION_UPDATE", "shorter than 27");
	guest_stop(&g);

	/* fewer bytes than the synthvid header */
	start_video(&g);
	guest_send_pipe(&g, VIDEO, "\x0a\0\0", 3);
	expect_fatal(&g, VIDEO, "UNKNOWN", "shorter than the header");
	guest_stop(&g);
}

static void test_video_dirt_short(void)
{
	uint8_t dirt[2 + 16 * 2] = {0, 3}; /* claims 3 rects, carries 2 */
	struct guest_sim g;

	start_video(&g);
	guest_send_video(&g, SYNTH2D_SYNTHVID_DIRT, dirt, sizeof(dirt));
	expect_fatal(&g, VIDEO, "DIRT", "dirt_count 3");
	CHECK_EQ(g.h->video.dirt.messages, 0);
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);
}

static void test_video_order(void)
{
	struct synth2d_synthvid_version_request v = {.version =
							 htole32(SYNTH2D_SYNTHVID_VERSION_WIN10)};
	struct guest_sim g;

	start_video(&g);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VERSION_REQUEST, &v, sizeof(v));
	expect_fatal(&g, VIDEO, "VERSION_REQUEST", "second VERSION_REQUEST");
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);

	/* anything before the version request */
	guest_start(&g, NULL);
	guest_open(&g, VIDEO);
	guest_send_video(&g, SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST, NULL, 0);
	expect_fatal(&g, VIDEO, "BIOS_INFO_REQUEST", "out of order");
	guest_stop(&g);
}

static void test_pipe_errors(void)
{
	struct synth2d_pipe_header p = {.type = htole32(SYNTH2D_PIPE_MSG_PARTIAL),
					.size = htole32(8)};
	uint8_t buf[20000] = {0};
	struct guest_sim g;

	start_video(&g);
	memcpy(buf, &p, sizeof(p));
	guest_send_raw(&g, VIDEO, buf, 16);
	expect_fatal(&g, VIDEO, "PIPE", "not DATA");
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);

	start_video(&g);
	guest_send_raw(&g, VIDEO, buf, 0); /* the ring pads anything else to 8 bytes */
	expect_fatal(&g, VIDEO, "PIPE", "shorter than the pipe header");
	guest_stop(&g);

	/* a 16385-byte message */
	start_video(&g);
	p.type = htole32(SYNTH2D_PIPE_MSG_DATA);
	p.size = htole32(16385);
	memcpy(buf, &p, sizeof(p));
	guest_send_raw(&g, VIDEO, buf, 8 + 16385);
	expect_fatal(&g, VIDEO, "PIPE", "exceeds 16384");
	guest_stop(&g);

	/* pipe size larger than the packet */
	start_video(&g);
	p.size = htole32(100);
	memcpy(buf, &p, sizeof(p));
	guest_send_raw(&g, VIDEO, buf, 24);
	expect_fatal(&g, VIDEO, "PIPE", "exceeds the packet");
	guest_stop(&g);

	/* a mouse packet > 16384 as well */
	guest_start(&g, NULL);
	guest_connect_mouse(&g);
	p.size = htole32(16400);
	memcpy(buf, &p, sizeof(p));
	guest_send_raw(&g, MOUSE, buf, 8 + 16400);
	expect_fatal(&g, MOUSE, "PIPE", "exceeds 16384");
	guest_stop(&g);

	/* keyboard: no pipe header, but the same size limit */
	guest_start(&g, NULL);
	guest_connect_keyboard(&g);
	guest_send_raw(&g, KEYBOARD, buf, 16392);
	expect_fatal(&g, KEYBOARD, "VMBUS", "exceeds 16384");
	guest_stop(&g);
}

static void test_vmbus_packet_type(void)
{
	struct guest_sim g;
	uint8_t payload[16] = {1, 0, 0, 0, 8, 0, 0, 0};

	start_video(&g);
	synth2d_ring_write_packet(&g.out[VIDEO], SYNTH2D_VM_PKT_COMP, 0, 0, payload, 16);
	guest_poll(&g);
	expect_fatal(&g, VIDEO, "VMBUS", "not in-band");
	guest_stop(&g);

	/* a descriptor that is not a packet */
	start_video(&g);
	uint32_t at = le32toh(g.out[VIDEO].header->write_index);
	synth2d_ring_write_packet(&g.out[VIDEO], SYNTH2D_VM_PKT_DATA_INBAND, 0, 0, payload, 16);
	g.out[VIDEO].data[at + 4] = 0xff; /* len8 far beyond what was written */
	guest_poll(&g);
	expect_fatal(&g, VIDEO, "VMBUS", "no valid packet");
	expect_video_stopped_then_reopen(&g);
	guest_stop(&g);
}

static void test_mouse_errors(void)
{
	uint32_t version = htole32(SYNTH2D_SYNTHHID_VERSION);
	uint8_t ack = 0;
	struct guest_sim g;

	/* any packet in Active */
	guest_start(&g, NULL);
	guest_connect_mouse(&g);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK, &ack, 1);
	expect_fatal(&g, MOUSE, "INITIAL_DEVICE_INFO_ACK", "while the mouse is active");
	CHECK(strcmp(guest_control(&g, "mouse-move 1 1"), "ok sent=0") == 0);
	guest_connect_mouse(&g); /* reopen + handshake again */
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_ACTIVE);
	CHECK(strcmp(guest_control(&g, "mouse-move 1 1"), "ok sent=1") == 0);
	guest_stop(&g);

	/* first message not a protocol request */
	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_INPUT_REPORT, "1234567", 7);
	expect_fatal(&g, MOUSE, "INPUT_REPORT", "PROTOCOL_REQUEST must come first");
	guest_stop(&g);

	/* something other than the ack after the device info */
	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, &version, 4);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, &version, 4);
	expect_fatal(&g, MOUSE, "PROTOCOL_REQUEST", "expected INITIAL_DEVICE_INFO_ACK");
	guest_stop(&g);

	/* too short: a request without its version */
	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, NULL, 0);
	expect_fatal(&g, MOUSE, "PROTOCOL_REQUEST", "too short");
	guest_stop(&g);

	/* unknown type */
	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	guest_send_mouse(&g, 77, NULL, 0);
	expect_fatal(&g, MOUSE, "TYPE_77", "out of order");
	guest_stop(&g);
}

static void test_keyboard_errors(void)
{
	struct synth2d_synthkbd_keystroke k = {.header.type = htole32(SYNTH2D_SYNTHKBD_EVENT)};
	uint32_t led_short = htole32(SYNTH2D_SYNTHKBD_LED_INDICATORS);
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_keyboard(&g);
	guest_send_raw(&g, KEYBOARD, &k, sizeof(k));
	expect_fatal(&g, KEYBOARD, "EVENT", "only SET_LED_INDICATORS");
	CHECK(strncmp(guest_control(&g, "key 1 down"), "err ", 4) == 0);
	guest_connect_keyboard(&g);
	CHECK(strcmp(guest_control(&g, "key 1 down"), "ok") == 0);
	guest_stop(&g);

	/* first message not a protocol request */
	guest_start(&g, NULL);
	guest_open(&g, KEYBOARD);
	guest_send_raw(&g, KEYBOARD, &led_short, 4);
	expect_fatal(&g, KEYBOARD, "SET_LED_INDICATORS", "PROTOCOL_REQUEST must come first");
	guest_stop(&g);

	/* an LED message that is too short once active: 4 bytes (the ring pads to 8, so the
	 * host sees zeros; a zero-type header of 8 is fine) -> use a 2-byte packet instead */
	guest_start(&g, NULL);
	guest_connect_keyboard(&g);
	guest_send_raw(&g, KEYBOARD, "\x04\x00", 2);
	CHECK_EQ(g.h->violation_count, 0); /* padded to 8 bytes: type 4, flags 0 */
	CHECK_EQ(g.h->keyboard.leds_messages, 1);
	guest_stop(&g);
}

static void test_corrupt_inbound_ring(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_keyboard(&g);
	/* the guest scribbled on the index the host owns: unaligned, 3 bytes "unread" */
	g.in[KEYBOARD].header->write_index =
	    htole32(le32toh(g.in[KEYBOARD].header->read_index) + 3);
	CHECK(strncmp(guest_control(&g, "key 1 down"), "err ", 4) == 0);
	expect_fatal(&g, KEYBOARD, "VMBUS", "write_index is corrupt");
	guest_connect_keyboard(&g);
	CHECK(strcmp(guest_control(&g, "key 1 down"), "ok") == 0);
	guest_stop(&g);
}

static void test_bad_ring_layout(void)
{
	struct synth2d_sim_channel *sc;
	struct guest_sim g;

	guest_start(&g, NULL);
	sc = &g.h->control->channel[VIDEO];
	sc->outbound_offset = htole32(GUEST_SHM_SIZE - 4096);
	sc->outbound_size = htole32(65536);
	sc->inbound_offset = htole32(SYNTH2D_SIM_RING_POOL_OFFSET);
	sc->inbound_size = htole32(65536);
	sc->open_generation = htole32(1);
	sc->open_state = htole32(SYNTH2D_SIM_OPEN);
	guest_poll(&g);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_BAD_RINGS);
	CHECK_EQ(g.h->violation_count, 1);
	CHECK(strstr(g.h->violations[0].reason, "past the end"));
	/* the open is answered, as refused: the guest's vmbus_open() fails */
	CHECK_EQ(le32toh(sc->open_ack), 1);
	CHECK(le32toh(sc->open_result) != 0);
	/* overlapping rings, ring over the control block */
	sc->outbound_offset = htole32(SYNTH2D_SIM_RING_POOL_OFFSET + 4096);
	sc->open_generation = htole32(2);
	guest_poll(&g);
	CHECK(strstr(g.h->violations[1].reason, "overlap"));
	sc->outbound_offset = htole32(0);
	sc->open_generation = htole32(3);
	guest_poll(&g);
	CHECK(strstr(g.h->violations[2].reason, "control block"));
	CHECK_EQ(g.h->violation_count, 3);
	/* a proper open afterwards works */
	guest_connect_video(&g, 1024, 768);
	CHECK_EQ(g.h->channels[VIDEO].state, CHANNEL_ACTIVE);
	guest_stop(&g);
}

/* Random packets on every channel, with plausible headers half the time: no crash, no hang. */
static void test_random_guest_packets(void)
{
	struct guest_sim g;
	uint32_t seed = 12345;
	uint8_t buf[600];

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	guest_connect_mouse(&g);
	guest_connect_keyboard(&g);
	for (int i = 0; i < 3000; i++) {
		unsigned int ch = i % 3;
		uint32_t len;

		seed = seed * 1103515245 + 12345;
		len = (seed >> 8) % sizeof(buf);
		for (uint32_t k = 0; k < len; k++) {
			seed = seed * 1103515245 + 12345;
			buf[k] = (uint8_t)(seed >> 16);
		}
		if (len >= 16 && (seed & 0x10000)) {
			uint32_t pipe[4] = {htole32(1), htole32(len - 8),
					    htole32((seed >> 20) % 18), htole32(len - 16)};

			memcpy(buf, ch == KEYBOARD ? pipe + 2 : pipe, ch == KEYBOARD ? 8 : 16);
		}
		if (g.h->channels[ch].state == CHANNEL_FAILED) {
			if (ch == SYNTH2D_SIM_CHANNEL_VIDEO)
				guest_connect_video(&g, 1024, 768);
			else if (ch == MOUSE)
				guest_connect_mouse(&g);
			else
				guest_connect_keyboard(&g);
		}
		guest_send_raw(&g, ch, buf, len);
		guest_drain(&g, ch);
	}
	CHECK(g.h->violation_count > 100);
	CHECK(strcmp(guest_control(&g, "ping"), "ok") == 0);
	guest_stop(&g);
}

static void test_violations_json(void)
{
	struct guest_sim g;

	start_video(&g);
	guest_send_video(&g, 99, NULL, 0);
	CHECK(strcmp(guest_control(&g, "violations"),
		     "ok [{\"channel\":\"video\",\"type\":\"TYPE_99\",\"reason\":\"message type 99 "
		     "is not one a guest sends\",\"fatal\":true}]") == 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"violations\":1}"));
	guest_stop(&g);
}

int main(void)
{
	test_video_unknown_type();
	test_video_too_short();
	test_video_dirt_short();
	test_video_order();
	test_pipe_errors();
	test_vmbus_packet_type();
	test_mouse_errors();
	test_keyboard_errors();
	test_corrupt_inbound_ring();
	test_bad_ring_layout();
	test_violations_json();
	test_random_guest_packets();
	return test_report("host-violations");
}
