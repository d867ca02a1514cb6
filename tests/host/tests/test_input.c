// SPDX-License-Identifier: MIT
/* Mouse and keyboard VSPs: handshakes, device info, reports, keystrokes, LEDs. */
#include <endian.h>
#include <string.h>
#include <time.h>

#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

#include "guest_sim.h"

#define MOUSE	 SYNTH2D_SIM_CHANNEL_MOUSE
#define KEYBOARD SYNTH2D_SIM_CHANNEL_KEYBOARD

/* Next mouse message: type, payload after the synthhid header, and its length. */
static int recv_mouse(struct guest_sim *g, uint32_t *type, uint8_t *payload, uint32_t *pipe_size)
{
	uint8_t buf[1024];
	struct synth2d_pipe_header p;
	struct synth2d_synthhid_header hdr;
	int n = guest_recv(g, MOUSE, buf, sizeof(buf));

	if (n < 16)
		return -1;
	memcpy(&p, buf, 8);
	memcpy(&hdr, buf + 8, 8);
	*pipe_size = le32toh(p.size);
	*type = le32toh(hdr.type);
	CHECK_EQ(le32toh(hdr.size), *pipe_size - 8); /* header.size = real payload length */
	memcpy(payload, buf + 16, *pipe_size - 8);
	return (int)(*pipe_size - 8);
}

static void test_mouse_handshake(void)
{
	struct guest_sim g;
	uint8_t payload[512];
	uint32_t type, pipe_size, version;
	uint8_t ack = 0;

	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	version = htole32(0x00010000);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, &version, 4);
	CHECK_EQ(recv_mouse(&g, &type, payload, &pipe_size), 5);
	CHECK_EQ(type, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE);
	CHECK_EQ(payload[4], 0); /* 1.0 rejected */
	CHECK_EQ(guest_drain(&g, MOUSE), 0);
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_WAIT_VERSION);

	version = htole32(SYNTH2D_SYNTHHID_VERSION);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, &version, 4);
	CHECK_EQ(recv_mouse(&g, &type, payload, &pipe_size), 5);
	CHECK_EQ(type, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE);
	CHECK(pipe_size <= SYNTH2D_SYNTHHID_MAX_RESPONSE);
	CHECK_EQ(payload[0] | payload[1] << 8 | payload[2] << 16 | payload[3] << 24,
		 SYNTH2D_SYNTHHID_VERSION);
	CHECK_EQ(payload[4], 1);

	int n = recv_mouse(&g, &type, payload, &pipe_size);
	struct synth2d_synthhid_initial_device_info info;
	memcpy(&info, payload, sizeof(info));
	CHECK_EQ(type, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO);
	CHECK_EQ(le32toh(info.info.size), 32);
	CHECK_EQ(le16toh(info.info.vendor), 0x045e);
	CHECK_EQ(le16toh(info.info.product), 0x0621);
	CHECK_EQ(le16toh(info.info.version), 1);
	CHECK_EQ(info.hid.bLength, 9);
	CHECK_EQ(info.hid.bDescriptorType, 0x21);
	CHECK_EQ(info.hid.bReportDescriptorType, 0x22);
	CHECK_EQ(n, 41 + le16toh(info.hid.wDescriptorLength));
	/* Generic Desktop / Mouse, ends with two End Collections */
	CHECK(memcmp(payload + 41, (const uint8_t[]){0x05, 0x01, 0x09, 0x02, 0xa1, 0x01}, 6) == 0);
	CHECK_EQ(payload[n - 1], 0xc0);
	CHECK_EQ(payload[n - 2], 0xc0);
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_WAIT_ACK);

	/* input before the ack is not sent */
	CHECK(strcmp(guest_control(&g, "mouse-move 5 5"), "ok sent=0") == 0);
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK, &ack, 1);
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_ACTIVE);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

/* A packet that asks for a completion gets one with its trans_id, after the replies. */
static void test_completions(void)
{
	struct {
		struct synth2d_pipe_header pipe;
		struct synth2d_synthhid_header hid;
		uint32_t version;
	} __attribute__((packed)) req = {
	    .pipe = {.type = htole32(SYNTH2D_PIPE_MSG_DATA), .size = htole32(12)},
	    .hid = {.type = htole32(SYNTH2D_SYNTHHID_PROTOCOL_REQUEST), .size = htole32(4)},
	    .version = htole32(SYNTH2D_SYNTHHID_VERSION),
	};
	struct guest_sim g;
	uint8_t payload[512];
	uint32_t type, pipe_size;

	guest_start(&g, NULL);
	guest_open(&g, MOUSE);
	/* as hid-hyperv sends it: completion requested */
	guest_send_raw_completion(&g, MOUSE, &req, sizeof(req));
	CHECK_EQ(recv_mouse(&g, &type, payload, &pipe_size), 5);
	CHECK_EQ(type, SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE);
	CHECK_EQ(g.completions[MOUSE], 0); /* the replies come first */
	CHECK(recv_mouse(&g, &type, payload, &pipe_size) > 0);
	CHECK_EQ(type, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO);
	CHECK_EQ(guest_drain(&g, MOUSE), 0);
	CHECK_EQ(g.completions[MOUSE], 1);
	CHECK_EQ(g.completed_id[MOUSE], g.trans_id);
	/* none for a packet that does not ask */
	guest_send_mouse(&g, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK, &(uint8_t){0}, 1);
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_ACTIVE);
	CHECK_EQ(guest_drain(&g, MOUSE), 0);
	CHECK_EQ(g.completions[MOUSE], 1);
	CHECK(strstr(guest_control(&g, "stats"), "\"completions\":1,"));
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static void expect_report(struct guest_sim *g, uint8_t buttons, uint16_t x, uint16_t y,
			  int16_t wheel)
{
	struct synth2d_synthhid_mouse_report r;
	uint8_t payload[64];
	uint32_t type = 0, pipe_size = 0;

	CHECK_EQ(recv_mouse(g, &type, payload, &pipe_size), 7);
	CHECK_EQ(type, SYNTH2D_SYNTHHID_INPUT_REPORT);
	CHECK_EQ(pipe_size, 15);
	memcpy(&r, payload, sizeof(r));
	CHECK_EQ(r.buttons, buttons);
	CHECK_EQ(le16toh(r.x), x);
	CHECK_EQ(le16toh(r.y), y);
	CHECK_EQ((int16_t)le16toh(r.wheel), wheel);
}

static void test_mouse_reports(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_mouse(&g);
	CHECK_EQ(g.h->channels[MOUSE].state, CHANNEL_ACTIVE);
	/* before any situation the screen is 1024x768 */
	CHECK(strcmp(guest_control(&g, "mouse-move 1023 767"), "ok sent=1") == 0);
	expect_report(&g, 0, 32767, 32767, 0);
	CHECK(strcmp(guest_control(&g, "mouse-move 512 384"), "ok sent=1") == 0);
	/* x * 32767 / (width - 1), truncated as OpenVMM: 16399.99 and 16404.64 */
	expect_report(&g, 0, 16399, 16404, 0);
	CHECK(strcmp(guest_control(&g, "mouse-button 1 down"), "ok sent=1") == 0);
	expect_report(&g, 1, 16399, 16404, 0);
	CHECK(strcmp(guest_control(&g, "mouse-button 5 down"), "ok sent=1") == 0);
	expect_report(&g, 0x11, 16399, 16404, 0);
	CHECK(strcmp(guest_control(&g, "mouse-button 1 up"), "ok sent=1") == 0);
	expect_report(&g, 0x10, 16399, 16404, 0);
	CHECK(strcmp(guest_control(&g, "mouse-wheel -3"), "ok sent=1") == 0);
	expect_report(&g, 0x10, 16399, 16404, -3);
	CHECK(strcmp(guest_control(&g, "mouse-move 0 0"), "ok sent=1") == 0);
	expect_report(&g, 0x10, 0, 0, 0);
	CHECK_EQ(g.h->mouse.reports_sent, 7);
	/* bytes: pipe header + synthhid header + report = 23 each */
	CHECK(strstr(guest_control(&g, "stats"), "\"INPUT_REPORT\":{\"count\":7,\"bytes\":161}"));
	/* in the mode's coordinates once a situation exists */
	guest_connect_video(&g, 800, 600);
	CHECK(strncmp(guest_control(&g, "mouse-move 800 10"), "err ", 4) == 0);
	CHECK(strcmp(guest_control(&g, "mouse-move 799 599"), "ok sent=1") == 0);
	expect_report(&g, 0x10, 32767, 32767, 0);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

static int recv_keystroke(struct guest_sim *g, uint16_t *code, uint32_t *info)
{
	struct synth2d_synthkbd_keystroke k;
	uint8_t buf[64];
	int n = guest_recv(g, KEYBOARD, buf, sizeof(buf));

	if (n < 0)
		return -1;
	memcpy(&k, buf, sizeof(k));
	CHECK_EQ(n, 16); /* 12 bytes padded to 8 by the ring */
	CHECK_EQ(le32toh(k.header.type), SYNTH2D_SYNTHKBD_EVENT);
	*code = le16toh(k.make_code);
	*info = le32toh(k.info);
	return 0;
}

static void test_keyboard(void)
{
	struct synth2d_synthkbd_protocol_request req = {
	    .header.type = htole32(SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST),
	    .version = htole32(0x00020000),
	};
	struct synth2d_synthkbd_led_indicators led = {
	    .header.type = htole32(SYNTH2D_SYNTHKBD_LED_INDICATORS),
	    .led_flags = htole16(SYNTH2D_SYNTHKBD_LED_CAPS),
	};
	struct synth2d_synthkbd_protocol_response resp;
	struct guest_sim g;
	uint8_t buf[64];
	uint16_t code;
	uint32_t info;

	guest_start(&g, NULL);
	guest_open(&g, KEYBOARD);
	CHECK(strcmp(guest_control(&g, "key 0x1e down"), "err keyboard channel not active") == 0);
	guest_send_raw(&g, KEYBOARD, &req, sizeof(req));
	CHECK_EQ(guest_recv(&g, KEYBOARD, buf, sizeof(buf)), 8);
	memcpy(&resp, buf, sizeof(resp));
	CHECK_EQ(le32toh(resp.header.type), SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE);
	CHECK_EQ(le32toh(resp.status), 0);
	req.version = htole32(SYNTH2D_SYNTHKBD_VERSION);
	guest_send_raw(&g, KEYBOARD, &req, sizeof(req));
	CHECK_EQ(guest_recv(&g, KEYBOARD, buf, sizeof(buf)), 8);
	memcpy(&resp, buf, sizeof(resp));
	CHECK_EQ(le32toh(resp.status), 1);
	CHECK_EQ(g.h->channels[KEYBOARD].state, CHANNEL_ACTIVE);

	CHECK(strcmp(guest_control(&g, "key 0x1e down"), "ok") == 0);
	CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
	CHECK_EQ(code, 0x1e);
	CHECK_EQ(info, 0);
	CHECK(strcmp(guest_control(&g, "key 29 up e0"), "ok") == 0);
	CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
	CHECK_EQ(code, 29);
	CHECK_EQ(info, SYNTH2D_SYNTHKBD_IS_BREAK | SYNTH2D_SYNTHKBD_IS_E0);
	CHECK(strcmp(guest_control(&g, "key 0x45 down e1"), "ok") == 0);
	CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
	CHECK_EQ(info, SYNTH2D_SYNTHKBD_IS_E1);

	/* "a", U+00E9, U+1F600 (a surrogate pair): 4 UTF-16 units, make + break each */
	CHECK(strcmp(guest_control(&g, "type a\xc3\xa9\xf0\x9f\x98\x80"), "ok units=4") == 0);
	static const uint16_t units[4] = {'a', 0xe9, 0xd83d, 0xde00};
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
		CHECK_EQ(code, units[i]);
		CHECK_EQ(info, SYNTH2D_SYNTHKBD_IS_UNICODE);
		CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
		CHECK_EQ(code, units[i]);
		CHECK_EQ(info, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	}
	CHECK_EQ(guest_drain(&g, KEYBOARD), 0);
	/* spaces inside and around TEXT are typed too (one separator after "type") */
	CHECK(strcmp(guest_control(&g, "type a b"), "ok units=3") == 0);
	CHECK_EQ(guest_drain(&g, KEYBOARD), 6);
	CHECK(strcmp(guest_control(&g, "type  x \r"), "ok units=3") == 0);
	CHECK_EQ(guest_drain(&g, KEYBOARD), 6);

	guest_send_raw(&g, KEYBOARD, &led, sizeof(led));
	led.led_flags = htole16(SYNTH2D_SYNTHKBD_LED_NUM | SYNTH2D_SYNTHKBD_LED_SCROLL);
	guest_send_raw(&g, KEYBOARD, &led, sizeof(led));
	CHECK_EQ(g.h->keyboard.leds_messages, 2);
	CHECK_EQ(g.h->keyboard.last_led_flags, 3);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"keyboard\":{\"version\":\"1.0\",\"leds_messages\":2,\"last_led_flags\":3,"
		     "\"keystrokes_sent\":23,"));
	/* backslash-n is a newline, two backslashes one; other backslashes stay */
	CHECK(strcmp(guest_control(&g, "type x\\ny\\\\z\\q"), "ok units=7") == 0);
	static const uint16_t escaped[7] = {'x', '\n', 'y', '\\', 'z', '\\', 'q'};
	for (int i = 0; i < 7; i++) {
		CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
		CHECK_EQ(code, escaped[i]);
		CHECK_EQ(recv_keystroke(&g, &code, &info), 0);
		CHECK_EQ(info, SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	}
	CHECK_EQ(guest_drain(&g, KEYBOARD), 0); /* no completions, no replies */
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

/* `key CODE hold MS`: make, repeated makes at the host's typematic rate, break. */
static void test_keyboard_hold(void)
{
	struct host_config c;
	struct timespec tick = {0, 1000000};
	struct guest_sim g;
	uint16_t code;
	uint32_t info;
	int makes = 0, breaks = 0, polls = 0;

	guest_config(&c);
	c.typematic_delay_ms = 40;
	c.typematic_period_ms = 20;
	guest_start(&g, &c);
	guest_connect_keyboard(&g);
	CHECK(strcmp(guest_control(&g, "key 0x1e hold 0"), "ok") != 0);
	CHECK(strcmp(guest_control(&g, "key 0x1e hold"), "ok") != 0);
	CHECK(strcmp(guest_control(&g, "key 0x1e hold 60001"), "ok") != 0);
	/* repeats due at 40, 60, 80, 100 ms: four before the break at 110 ms */
	CHECK(strcmp(guest_control(&g, "key 0x48 hold 110 e0"), "ok") == 0);
	CHECK(strcmp(guest_control(&g, "key 0x1e hold 50"), "err a key is already held") == 0);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"typematic\":{\"delay_ms\":40,\"period_ms\":20,\"holding\":true,"
		     "\"holds\":0,\"repeats\":0}"));
	while (g.h->keyboard.hold.active && polls++ < 5000) {
		nanosleep(&tick, NULL);
		host_poll_once(g.h);
	}
	CHECK(!g.h->keyboard.hold.active);
	while (recv_keystroke(&g, &code, &info) == 0) {
		CHECK_EQ(code, 0x48);
		CHECK(info & SYNTH2D_SYNTHKBD_IS_E0);
		if (info & SYNTH2D_SYNTHKBD_IS_BREAK) {
			breaks++;
		} else {
			CHECK_EQ(breaks, 0); /* no make after the break */
			makes++;
		}
	}
	CHECK_EQ(makes, 5);
	CHECK_EQ(breaks, 1);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"typematic\":{\"delay_ms\":40,\"period_ms\":20,\"holding\":false,"
		     "\"holds\":1,\"repeats\":4}"));
	/* a hold shorter than the delay: make and break only */
	CHECK(strcmp(guest_control(&g, "key 0x1e hold 10"), "ok") == 0);
	for (polls = 0; g.h->keyboard.hold.active && polls < 5000; polls++) {
		nanosleep(&tick, NULL);
		host_poll_once(g.h);
	}
	CHECK_EQ(guest_drain(&g, KEYBOARD), 2);
	CHECK_EQ(g.h->keyboard.typematic_repeats, 4);
	/* the guest closing the channel ends a hold without a break */
	CHECK(strcmp(guest_control(&g, "key 0x1e hold 1000"), "ok") == 0);
	guest_close(&g, KEYBOARD);
	guest_poll(&g);
	CHECK(!g.h->keyboard.hold.active);
	CHECK_EQ(g.h->keyboard.holds, 2);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
}

int main(void)
{
	test_mouse_handshake();
	test_completions();
	test_mouse_reports();
	test_keyboard();
	test_keyboard_hold();
	return test_report("host-input");
}
