// SPDX-License-Identifier: MIT
/* Control requests: malformed ones get `err`, rescind/offer, inject, capture, reset-stats. */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "../control_commands.h"
#include "guest_sim.h"

static void expect_err(struct guest_sim *g, const char *request)
{
	const char *r = guest_control(g, request);

	CHECK(strncmp(r, "err ", 4) == 0 && !strchr(r, '\n'));
	if (strncmp(r, "err ", 4))
		fprintf(stderr, "  '%s' -> '%s'\n", request, r);
}

static void test_malformed_requests(void)
{
	static char long_request[CONTROL_MAX_LINE + 2];
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	guest_connect_mouse(&g);
	guest_connect_keyboard(&g);
	static const char *const bad[] = {
	    "",
	    "   ",
	    "bogus",
	    "PING",
	    "ping extra",
	    "pointer now",
	    "mouse-move",
	    "mouse-move 1",
	    "mouse-move 1 2 3",
	    "mouse-move -1 0",
	    "mouse-move 1024 0",
	    "mouse-move 0 768",
	    "mouse-move x y",
	    "mouse-move 1.5 2",
	    "mouse-button 0 down",
	    "mouse-button 6 down",
	    "mouse-button 1 sideways",
	    "mouse-button 1",
	    "mouse-wheel",
	    "mouse-wheel 40000",
	    "mouse-wheel up",
	    "key",
	    "key 0x80 down",
	    "key -1 down",
	    "key 0x1e",
	    "key 0x1e press",
	    "key 0x1e down e2",
	    "key zz down",
	    "type",
	    "type \xff\xfe",
	    "type \xc3",
	    "type \xed\xa0\x80", /* a UTF-16 surrogate encoded in UTF-8 */
	    "features",
	    "features dirt",
	    "features dirt=2",
	    "features cursor=1",
	    "resolutions",
	    "resolutions 1024",
	    "resolutions 1024x",
	    "resolutions x768",
	    "resolutions 1024x768,",
	    "resolutions 0x768",
	    "resolutions 70000x768",
	    "resolutions 1024x768 default=1",
	    "resolutions 1024x768 default=x",
	    "resolutions 1024x768 dflt=0",
	    "mouse-mode",
	    "mouse-mode sideways",
	    "stats now",
	    "violations all",
	    "inject",
	    "inject video",
	    "inject display 00",
	    "inject video 0",
	    "inject video 0g",
	    "rescind",
	    "rescind display",
	    "offer video mouse",
	    "capture",
	    "capture /nonexistent/dir/cap.txt",
	    "screenshot",
	    "framebuffer /nonexistent/dir/x.png",
	    "view",
	    "quit now",
	    "a b c d e f g h i j k",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(&g, bad[i]);
	memset(long_request, 'a', sizeof(long_request) - 1);
	expect_err(&g, long_request);
	/* 65 resolutions */
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "resolutions ", 12);
	for (int i = 0; i < 65; i++)
		strbuf_printf(&sb, "%s%dx600", i ? "," : "", 800 + i);
	expect_err(&g, sb.data);
	strbuf_free(&sb);
	/* nothing changed, nothing crashed, nothing recorded */
	CHECK(strcmp(guest_control(&g, "ping"), "ok") == 0);
	CHECK_EQ(g.h->violation_count, 0);
	CHECK(!g.h->quit);
	CHECK_EQ(g.h->config.resolutions.count, 15);
	CHECK(strcmp(guest_control(&g, "quit"), "ok") == 0);
	CHECK(g.h->quit);
	guest_stop(&g);
}

static void test_rescind_and_offer(void)
{
	struct synth2d_sim_channel *sc;
	struct guest_sim g;

	guest_start(&g, NULL);
	sc = &g.h->control->channel[SYNTH2D_SIM_CHANNEL_MOUSE];
	CHECK(strcmp(guest_control(&g, "rescind mouse"), "ok") == 0);
	CHECK_EQ(le32toh(sc->offer_state), SYNTH2D_SIM_OFFER_RESCINDED);
	CHECK_EQ(le32toh(sc->offer_generation), 1);
	CHECK(
	    strstr(guest_control(&g, "stats"),
		   "\"mouse\":{\"state\":\"closed\",\"offer_state\":\"rescinded\","
		   "\"offer_generation\":1,\"guest_offer_generation\":0,\"open_state\":\"closed\","
		   "\"open_generation\":0"));
	CHECK(strcmp(guest_control(&g, "offer mouse"), "ok") == 0);
	CHECK_EQ(le32toh(sc->offer_state), SYNTH2D_SIM_OFFER_OFFERED);
	CHECK_EQ(le32toh(sc->offer_generation), 2);
	guest_connect_mouse(&g);
	CHECK(strstr(guest_control(&g, "stats"),
		     "\"mouse\":{\"state\":\"active\",\"offer_state\":\"offered\","
		     "\"offer_generation\":2,\"guest_offer_generation\":2,\"open_state\":\"open\","
		     "\"open_generation\":1"));
	guest_stop(&g);
}

static void test_inject(void)
{
	struct guest_sim g;
	uint8_t buf[64];

	guest_start(&g, NULL);
	CHECK(strncmp(guest_control(&g, "inject keyboard 01"), "err keyboard channel", 20) == 0);
	guest_connect_keyboard(&g);
	CHECK(strcmp(guest_control(&g, "inject keyboard 0300000041AbCdEf"), "ok") == 0);
	CHECK_EQ(guest_recv(&g, SYNTH2D_SIM_CHANNEL_KEYBOARD, buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "\x03\x00\x00\x00\x41\xab\xcd\xef", 8) == 0);
	/* no pipe header is added on pipe channels either */
	guest_connect_video(&g, 1024, 768);
	CHECK(strcmp(guest_control(&g, "inject video 0a0b0c"), "ok") == 0);
	/* the ring pads to 8 bytes; the bytes given come first */
	CHECK_EQ(guest_recv(&g, SYNTH2D_SIM_CHANNEL_VIDEO, buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "\x0a\x0b\x0c", 3) == 0);
	CHECK(strstr(guest_control(&g, "stats"), "\"INJECTED\":{\"count\":1,\"bytes\":3}"));
	guest_stop(&g);
}

static void test_capture(void)
{
	struct synth2d_synthvid_version_request v = {.version =
							 htole32(SYNTH2D_SYNTHVID_VERSION_WIN10)};
	char req[160], path[128], line[512];
	struct guest_sim g;
	FILE *f;
	int lines = 0, g2h = 0, h2g = 0;

	guest_start(&g, NULL);
	snprintf(path, sizeof(path), "%s/capture.txt", g.dir);
	snprintf(req, sizeof(req), "capture %s", path);
	CHECK(strcmp(guest_control(&g, req), "ok") == 0);
	guest_open(&g, SYNTH2D_SIM_CHANNEL_VIDEO);
	guest_send_video(&g, SYNTH2D_SYNTHVID_VERSION_REQUEST, &v, sizeof(v));
	guest_drain(&g, SYNTH2D_SIM_CHANNEL_VIDEO);
	CHECK(strcmp(guest_control(&g, "capture stop"), "ok") == 0);
	guest_control(&g, "reconnect"); /* not captured */
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f)) {
		char dir[8], ch[16], hex[400];
		double t;
		unsigned int len;

		if (line[0] == '#')
			continue;
		lines++;
		CHECK_EQ(sscanf(line, "%lf %7s %15s %u %399s", &t, dir, ch, &len, hex), 5);
		CHECK(t > 1e9);
		CHECK(strcmp(ch, "video") == 0);
		CHECK_EQ(strlen(hex), 2 * len);
		if (!strcmp(dir, "g2h")) {
			g2h++;
			/* pipe {1, 12} + {VERSION_REQUEST, 12} + version 3.5, padded to 24 */
			CHECK(strcmp(hex, "010000000c000000010000000c0000000300050000000000") == 0);
		} else if (!strcmp(dir, "h2g")) {
			h2g++;
		}
	}
	if (f)
		fclose(f);
	CHECK_EQ(lines, 3);
	CHECK_EQ(g2h, 1);
	CHECK_EQ(h2g, 2); /* VERSION_RESPONSE, FEATURE_CHANGE */
	guest_stop(&g);
}

static void test_reset_stats(void)
{
	struct guest_sim g;

	guest_start(&g, NULL);
	guest_connect_video(&g, 1024, 768);
	CHECK(strstr(guest_control(&g, "stats"), "\"VERSION_REQUEST\":{\"count\":1,\"bytes\":20}"));
	CHECK(strcmp(guest_control(&g, "reset-stats"), "ok") == 0);
	CHECK(strstr(
	    guest_control(&g, "stats"),
	    "\"video\":{\"state\":\"active\",\"offer_state\":\"offered\",\"offer_generation\":1,"
	    "\"guest_offer_generation\":1,\"open_state\":\"open\",\"open_generation\":1,"
	    "\"queued\":0,\"dropped\":0,\"completions\":0,\"messages\":{}}"));
	/* state is kept: version and situation survive */
	CHECK(strstr(guest_control(&g, "stats"), "\"version\":\"3.5\""));
	CHECK_EQ(g.h->video.situation.width, 1024);
	guest_stop(&g);
}

static void test_full_inbound_ring_queues(void)
{
	struct guest_sim g;
	int sent = 0, received;

	guest_start(&g, NULL);
	guest_connect_keyboard(&g);
	/* 64 KiB ring, 40-byte packets: far more than fit */
	for (int i = 0; i < 3000; i++)
		sent += strcmp(guest_control(&g, "key 0x1e down"), "ok") == 0;
	CHECK_EQ(sent, 3000);
	CHECK(g.h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD].queue_len > 0);
	received = guest_drain(&g, SYNTH2D_SIM_CHANNEL_KEYBOARD);
	CHECK_EQ(received, 3000);
	CHECK_EQ(g.h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD].queue_len, 0);
	guest_stop(&g);
}

int main(void)
{
	test_malformed_requests();
	test_rescind_and_offer();
	test_inject();
	test_capture();
	test_reset_stats();
	test_full_inbound_ring_queues();
	return test_report("host-control");
}
