// SPDX-License-Identifier: MIT
#include "guest_sim.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>
#include <synth2d/synthkbd.h>

#include "../control_commands.h"

TEST_COUNTERS_DEFINE;

void guest_config(struct host_config *c)
{
	config_defaults(c);
	c->shm_size = GUEST_SHM_SIZE;
	c->mmio_megabytes = 8;
}

void guest_start(struct guest_sim *g, const struct host_config *c)
{
	struct host_config def;

	memset(g, 0, sizeof(*g));
	strcpy(g->dir, "/tmp/synth2d-host-test.XXXXXX");
	if (!mkdtemp(g->dir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(g->shm_path, sizeof(g->shm_path), "%s/shm", g->dir);
	if (!c) {
		guest_config(&def);
		c = &def;
	}
	def = *c;
	def.shm_path = g->shm_path;
	g->h = malloc(sizeof(*g->h));
	if (!g->h || host_init(g->h, &def)) {
		fprintf(stderr, "host_init failed\n");
		exit(2);
	}
	/* the sim module writes the BAR address when it attaches */
	g->h->control->bar_gpa = htole64(GUEST_BAR_GPA);
	g->h->control->guest_attached = htole32(1);
}

void guest_stop(struct guest_sim *g)
{
	char cmd[128];

	host_destroy(g->h);
	free(g->h);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", g->dir);
	if (system(cmd)) {
		/* leftovers in /tmp are harmless */
	}
}

void guest_poll(struct guest_sim *g)
{
	for (int i = 0; i < 4; i++)
		host_poll_once(g->h);
}

void guest_open(struct guest_sim *g, unsigned int ch)
{
	struct synth2d_sim_channel *sc = &g->h->control->channel[ch];
	uint64_t slot = SYNTH2D_SIM_RING_POOL_OFFSET + (uint64_t)ch * SYNTH2D_SIM_RING_SLOT_SIZE;

	synth2d_ring_attach(&g->out[ch], g->h->shm + slot, GUEST_RING_SIZE);
	synth2d_ring_attach(&g->in[ch], g->h->shm + slot + GUEST_RING_SIZE, GUEST_RING_SIZE);
	synth2d_ring_reset(&g->out[ch]);
	synth2d_ring_reset(&g->in[ch]);
	sc->outbound_offset = htole32((uint32_t)slot);
	sc->outbound_size = htole32(GUEST_RING_SIZE);
	sc->inbound_offset = htole32((uint32_t)slot + GUEST_RING_SIZE);
	sc->inbound_size = htole32(GUEST_RING_SIZE);
	sc->guest_offer_generation = sc->offer_generation;
	sc->open_generation = htole32(le32toh(sc->open_generation) + 1);
	sc->open_state = htole32(SYNTH2D_SIM_OPEN);
	guest_poll(g);
	/* the host answers every open (OPENCHANNEL_RESULT), here with success */
	CHECK_EQ(le32toh(sc->open_ack), le32toh(sc->open_generation));
	CHECK_EQ(le32toh(sc->open_result), 0);
}

void guest_close(struct guest_sim *g, unsigned int ch)
{
	g->h->control->channel[ch].open_state = htole32(SYNTH2D_SIM_CLOSED);
	guest_poll(g);
}

static void send_packet(struct guest_sim *g, unsigned int ch, uint16_t flags, const void *payload,
			uint32_t len)
{
	int ret = synth2d_ring_write_packet(&g->out[ch], SYNTH2D_VM_PKT_DATA_INBAND, flags,
					    ++g->trans_id, payload, len);
	if (ret) {
		fprintf(stderr, "guest_send_raw: %d\n", ret);
		test_failures++;
	}
	guest_poll(g);
}

void guest_send_raw(struct guest_sim *g, unsigned int ch, const void *payload, uint32_t len)
{
	send_packet(g, ch, 0, payload, len);
}

void guest_send_raw_completion(struct guest_sim *g, unsigned int ch, const void *payload,
			       uint32_t len)
{
	send_packet(g, ch, SYNTH2D_VMBUS_FLAG_COMPLETION_REQUESTED, payload, len);
}

void guest_send_pipe(struct guest_sim *g, unsigned int ch, const void *msg, uint32_t len)
{
	uint8_t buf[65536];
	struct synth2d_pipe_header p = {.type = htole32(SYNTH2D_PIPE_MSG_DATA),
					.size = htole32(len)};

	memcpy(buf, &p, sizeof(p));
	memcpy(buf + sizeof(p), msg, len);
	guest_send_raw(g, ch, buf, (uint32_t)sizeof(p) + len);
}

void guest_send_video(struct guest_sim *g, uint32_t type, const void *payload, uint32_t len)
{
	uint8_t buf[65536];
	struct synth2d_synthvid_header hdr = {.type = htole32(type), .size = htole32(8 + len)};

	memcpy(buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(buf + sizeof(hdr), payload, len);
	guest_send_pipe(g, SYNTH2D_SIM_CHANNEL_VIDEO, buf, (uint32_t)sizeof(hdr) + len);
}

void guest_send_mouse(struct guest_sim *g, uint32_t type, const void *payload, uint32_t len)
{
	uint8_t buf[1024];
	struct synth2d_synthhid_header hdr = {.type = htole32(type), .size = htole32(len)};

	memcpy(buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(buf + sizeof(hdr), payload, len);
	guest_send_pipe(g, SYNTH2D_SIM_CHANNEL_MOUSE, buf, (uint32_t)sizeof(hdr) + len);
}

int guest_recv(struct guest_sim *g, unsigned int ch, uint8_t *buf, uint32_t max)
{
	static uint8_t packet[0x80000];
	const struct synth2d_vmpacket_descriptor *d = (const void *)packet;
	uint32_t len = 0, off;

	host_poll_once(g->h);
	for (;;) {
		if (synth2d_ring_peek_packet(&g->in[ch], packet, sizeof(packet), &len))
			return -1;
		synth2d_ring_consume_packet(&g->in[ch], len);
		if (le16toh(d->type) != SYNTH2D_VM_PKT_COMP)
			break;
		CHECK_EQ(le16toh(d->flags), 0);
		g->completions[ch]++;
		g->completed_id[ch] = le64toh(d->trans_id);
	}
	CHECK_EQ(le16toh(d->type), SYNTH2D_VM_PKT_DATA_INBAND);
	CHECK_EQ(le16toh(d->flags), 0);
	CHECK_EQ(le64toh(d->trans_id), 0);
	off = le16toh(d->offset8) * 8u;
	if (len - off > max)
		return -1;
	memcpy(buf, packet + off, len - off);
	return (int)(len - off);
}

int guest_recv_video(struct guest_sim *g, uint32_t *type, uint8_t *payload, uint32_t max)
{
	uint8_t buf[65536];
	struct synth2d_pipe_header p;
	struct synth2d_synthvid_header hdr;
	int n = guest_recv(g, SYNTH2D_SIM_CHANNEL_VIDEO, buf, sizeof(buf));
	uint32_t plen;

	if (n < 16)
		return -1;
	memcpy(&p, buf, sizeof(p));
	memcpy(&hdr, buf + 8, sizeof(hdr));
	CHECK_EQ(le32toh(p.type), SYNTH2D_PIPE_MSG_DATA);
	plen = le32toh(p.size) - 8;
	CHECK(le32toh(p.size) + 8 <= (uint32_t)n);
	/* host convention: synthvid size = payload only (OpenVMM) */
	CHECK_EQ(le32toh(hdr.size), plen);
	*type = le32toh(hdr.type);
	if (plen > max)
		return -1;
	memcpy(payload, buf + 16, plen);
	return (int)plen;
}

int guest_drain(struct guest_sim *g, unsigned int ch)
{
	uint8_t buf[65536];
	int n = 0;

	while (guest_recv(g, ch, buf, sizeof(buf)) >= 0)
		n++;
	return n;
}

void guest_send_situation(struct guest_sim *g, uint32_t w, uint32_t h)
{
	struct synth2d_synthvid_situation_update s = {
	    .video_output_count = 1,
	    .video_output[0] = {.active = 1,
				.depth_bits = 32,
				.width_pixels = htole32(w),
				.height_pixels = htole32(h),
				.pitch_bytes = htole32(w * 4)},
	};

	guest_send_video(g, SYNTH2D_SYNTHVID_SITUATION_UPDATE, &s, sizeof(s));
	guest_drain(g, SYNTH2D_SIM_CHANNEL_VIDEO);
}

void guest_connect_video(struct guest_sim *g, uint32_t w, uint32_t h)
{
	struct synth2d_synthvid_version_request v = {.version =
							 htole32(SYNTH2D_SYNTHVID_VERSION_WIN10)};
	struct synth2d_synthvid_vram_location loc = {
	    .user_ctx = htole64(GUEST_BAR_GPA + SYNTH2D_SIM_MMIO_OFFSET),
	    .is_vram_gpa_specified = 1,
	    .vram_gpa = htole64(GUEST_BAR_GPA + SYNTH2D_SIM_MMIO_OFFSET),
	};

	guest_open(g, SYNTH2D_SIM_CHANNEL_VIDEO);
	guest_send_video(g, SYNTH2D_SYNTHVID_VERSION_REQUEST, &v, sizeof(v));
	guest_send_video(g, SYNTH2D_SYNTHVID_VRAM_LOCATION, &loc, sizeof(loc));
	guest_send_situation(g, w, h);
}

void guest_connect_mouse(struct guest_sim *g)
{
	uint32_t version = htole32(SYNTH2D_SYNTHHID_VERSION);
	uint8_t ack = 0;

	guest_open(g, SYNTH2D_SIM_CHANNEL_MOUSE);
	guest_send_mouse(g, SYNTH2D_SYNTHHID_PROTOCOL_REQUEST, &version, 4);
	guest_drain(g, SYNTH2D_SIM_CHANNEL_MOUSE);
	guest_send_mouse(g, SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK, &ack, 1);
}

void guest_connect_keyboard(struct guest_sim *g)
{
	struct synth2d_synthkbd_protocol_request req = {
	    .header.type = htole32(SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST),
	    .version = htole32(SYNTH2D_SYNTHKBD_VERSION),
	};

	guest_open(g, SYNTH2D_SIM_CHANNEL_KEYBOARD);
	guest_send_raw(g, SYNTH2D_SIM_CHANNEL_KEYBOARD, &req, sizeof(req));
	guest_drain(g, SYNTH2D_SIM_CHANNEL_KEYBOARD);
}

uint8_t *guest_vram(struct guest_sim *g)
{
	return g->h->shm + SYNTH2D_SIM_MMIO_OFFSET;
}

const char *guest_control(struct guest_sim *g, const char *request)
{
	static struct strbuf reply;

	control_execute(g->h, request, &reply);
	return reply.data;
}

int guest_recv_keystroke(struct guest_sim *g, uint16_t *code, uint32_t *info)
{
	struct synth2d_synthkbd_keystroke k;
	uint8_t buf[64];
	int n = guest_recv(g, SYNTH2D_SIM_CHANNEL_KEYBOARD, buf, sizeof(buf));

	if (n < (int)sizeof(k))
		return -1;
	memcpy(&k, buf, sizeof(k));
	if (le32toh(k.header.type) != SYNTH2D_SYNTHKBD_EVENT)
		return -1;
	*code = le16toh(k.make_code);
	*info = le32toh(k.info);
	return 0;
}

int guest_recv_mouse_report(struct guest_sim *g, uint8_t *buttons, uint16_t *x, uint16_t *y,
			    int16_t *wheel)
{
	struct synth2d_synthhid_mouse_report r;
	struct synth2d_synthhid_header hdr;
	uint8_t buf[256];
	int n = guest_recv(g, SYNTH2D_SIM_CHANNEL_MOUSE, buf, sizeof(buf));

	if (n < (int)(8 + sizeof(hdr) + sizeof(r)))
		return -1;
	memcpy(&hdr, buf + 8, sizeof(hdr));
	if (le32toh(hdr.type) != SYNTH2D_SYNTHHID_INPUT_REPORT)
		return -1;
	memcpy(&r, buf + 8 + sizeof(hdr), sizeof(r));
	*buttons = r.buttons;
	*x = le16toh(r.x);
	*y = le16toh(r.y);
	*wheel = (int16_t)le16toh(r.wheel);
	return 0;
}

void guest_fill(struct guest_sim *g, uint32_t w, uint32_t h,
		uint32_t (*pixel)(uint32_t x, uint32_t y))
{
	uint8_t *vram = guest_vram(g);

	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			uint32_t le = htole32(pixel(x, y));

			memcpy(vram + ((size_t)y * w + x) * 4, &le, 4);
		}
}

void guest_send_dirt(struct guest_sim *g, int32_t x1, int32_t y1, int32_t x2, int32_t y2)
{
	uint8_t buf[2 + 16] = {0, 1};
	int32_t r[4] = {x1, y1, x2, y2};

	for (int k = 0; k < 4; k++) {
		uint32_t v = htole32((uint32_t)r[k]);

		memcpy(buf + 2 + 4 * k, &v, 4);
	}
	guest_send_video(g, SYNTH2D_SYNTHVID_DIRT, buf, sizeof(buf));
}

void guest_send_shape(struct guest_sim *g, uint32_t w, uint32_t h, uint32_t hx, uint32_t hy,
		      uint32_t argb)
{
	static uint8_t buf[sizeof(struct synth2d_synthvid_pointer_shape) + 96 * 96 * 4];
	struct synth2d_synthvid_pointer_shape *s = (void *)buf;

	memset(s, 0, sizeof(*s));
	s->part_idx = 0xff;
	s->is_argb = 1;
	s->width = htole32(w);
	s->height = htole32(h);
	s->hot_x = htole32(hx);
	s->hot_y = htole32(hy);
	for (uint32_t i = 0; i < w * h; i++) {
		uint32_t le = htole32(argb);

		memcpy(buf + sizeof(*s) + i * 4, &le, 4);
	}
	guest_send_video(g, SYNTH2D_SYNTHVID_POINTER_SHAPE, buf, (uint32_t)sizeof(*s) + w * h * 4);
}
