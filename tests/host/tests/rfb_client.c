// SPDX-License-Identifier: MIT
#include "rfb_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Have @n unparsed bytes at c->buf, reading (and pumping) until @deadline. */
static int need(struct rfb_client *c, size_t n, uint64_t deadline)
{
	while (c->len < n) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		ssize_t r;

		if (c->pump)
			c->pump(c->pump_ctx);
		if (now_ms() > deadline)
			return -1;
		if (poll(&p, 1, c->pump ? 0 : 10) <= 0)
			continue;
		if (c->cap < n || c->cap - c->len < 65536) {
			size_t cap = (n > c->len + 65536 ? n : c->len + 65536) * 2;
			uint8_t *b = realloc(c->buf, cap);

			if (!b)
				return -1;
			c->buf = b;
			c->cap = cap;
		}
		r = recv(c->fd, c->buf + c->len, c->cap - c->len, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
			return -1;
		if (r > 0) {
			c->len += (size_t)r;
			c->bytes_received += (uint64_t)r;
		}
	}
	return 0;
}

static void consume(struct rfb_client *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int send_all(struct rfb_client *c, const void *data, size_t n)
{
	return send(c->fd, data, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static uint32_t to_rgb(const struct rfb_client *c, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4); /* little-endian as we asked */
	return (v >> c->rshift & 0xff) << 16 | (v >> c->gshift & 0xff) << 8 |
	       (v >> c->bshift & 0xff);
}

static int resize(struct rfb_client *c, uint32_t w, uint32_t h)
{
	uint32_t *fb = calloc((size_t)w * h + 1, 4);

	if (!fb)
		return -1;
	free(c->fb);
	c->fb = fb;
	c->width = w;
	c->height = h;
	return 0;
}

/* RFB 3.8 up to SetEncodings on the connected c->fd. */
static int handshake(struct rfb_client *c, const int32_t *encodings, int n, const char *where)
{
	uint64_t deadline = now_ms() + 5000;
	uint8_t msg[4 + 4 * 16];
	const char *step = "version";
	uint32_t name_len;

	if (need(c, 12, deadline) || memcmp(c->buf, "RFB 003.", 8))
		goto fail;
	consume(c, 12);
	if (send_all(c, "RFB 003.008\n", 12))
		goto fail;
	step = "security types";
	if (need(c, 1, deadline) || c->buf[0] == 0 || need(c, 1u + c->buf[0], deadline) ||
	    !memchr(c->buf + 1, 1, c->buf[0]))
		goto fail; /* no "None": a password is set */
	consume(c, 1u + c->buf[0]);
	if (send_all(c, "\1", 1) || need(c, 4, deadline) || be32(c->buf) != 0)
		goto fail;
	consume(c, 4);
	step = "init";
	if (send_all(c, "\1", 1) || need(c, 24, deadline)) /* shared */
		goto fail;
	if (c->buf[4] != 32 || c->buf[6] != 0 ||
	    !c->buf[7]) /* 32 bpp, little-endian, true colour */
		goto fail;
	c->rshift = c->buf[14];
	c->gshift = c->buf[15];
	c->bshift = c->buf[16];
	name_len = be32(c->buf + 20);
	if (resize(c, be16(c->buf), be16(c->buf + 2)) || need(c, 24 + name_len, deadline))
		goto fail;
	consume(c, 24 + name_len);
	step = "encodings";
	msg[0] = 2;
	msg[1] = 0;
	msg[2] = 0;
	msg[3] = (uint8_t)n;
	for (int i = 0; i < n && i < 16; i++) {
		uint32_t e = htonl((uint32_t)encodings[i]);

		memcpy(msg + 4 + 4 * i, &e, 4);
	}
	if (send_all(c, msg, 4u + 4u * (unsigned int)n))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "rfb_client: %s failed on %s\n", step, where);
	rfb_close(c);
	return -1;
}

int rfb_connect(struct rfb_client *c, uint16_t port, const int32_t *encodings, int n,
		rfb_pump_fn pump, void *ctx)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	char where[32];
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->pump = pump;
	c->pump_ctx = ctx;
	snprintf(where, sizeof(where), "port %u", port);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (void *)&a, sizeof(a))) {
		fprintf(stderr, "rfb_client: cannot connect to %s\n", where);
		rfb_close(c);
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return handshake(c, encodings, n, where);
}

int rfb_connect_unix(struct rfb_client *c, const char *path, const int32_t *encodings, int n,
		     rfb_pump_fn pump, void *ctx)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};

	memset(c, 0, sizeof(*c));
	c->pump = pump;
	c->pump_ctx = ctx;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (void *)&a, sizeof(a))) {
		fprintf(stderr, "rfb_client: cannot connect to %s\n", path);
		rfb_close(c);
		return -1;
	}
	return handshake(c, encodings, n, path);
}

void rfb_close(struct rfb_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	free(c->fb);
	free(c->cursor_pixels);
	free(c->cursor_mask);
	c->buf = NULL;
	c->fb = NULL;
	c->cursor_pixels = NULL;
	c->cursor_mask = NULL;
}

int rfb_request(struct rfb_client *c, bool incremental)
{
	uint8_t m[10] = {3, incremental, 0, 0, 0, 0};

	m[6] = (uint8_t)(c->width >> 8);
	m[7] = (uint8_t)c->width;
	m[8] = (uint8_t)(c->height >> 8);
	m[9] = (uint8_t)c->height;
	return send_all(c, m, sizeof(m));
}

int rfb_key(struct rfb_client *c, bool down, uint32_t keysym)
{
	uint8_t m[8] = {4, down, 0, 0};
	uint32_t k = htonl(keysym);

	memcpy(m + 4, &k, 4);
	return send_all(c, m, sizeof(m));
}

int rfb_pointer(struct rfb_client *c, uint8_t mask, uint16_t x, uint16_t y)
{
	uint8_t m[6] = {5, mask, (uint8_t)(x >> 8), (uint8_t)x, (uint8_t)(y >> 8), (uint8_t)y};

	return send_all(c, m, sizeof(m));
}

uint32_t rfb_pixel(const struct rfb_client *c, uint32_t x, uint32_t y)
{
	return x < c->width && y < c->height ? c->fb[(size_t)y * c->width + x] : 0xffffffffu;
}

static int read_rich_cursor(struct rfb_client *c, uint16_t x, uint16_t y, uint16_t w, uint16_t h,
			    uint64_t deadline)
{
	size_t pixels = (size_t)w * h * 4, stride = (size_t)(w + 7) / 8;

	if (need(c, pixels + stride * h, deadline))
		return -1;
	free(c->cursor_pixels);
	free(c->cursor_mask);
	c->cursor_pixels = malloc(((size_t)w * h + 1) * 4);
	c->cursor_mask = malloc((size_t)w * h + 1);
	if (!c->cursor_pixels || !c->cursor_mask)
		return -1;
	for (size_t i = 0; i < (size_t)w * h; i++) {
		const uint8_t *m = c->buf + pixels + (i / w) * stride;

		c->cursor_pixels[i] = to_rgb(c, c->buf + i * 4);
		c->cursor_mask[i] = m[(i % w) / 8] >> (7 - (i % w) % 8) & 1;
	}
	c->cursor_w = w;
	c->cursor_h = h;
	c->hot_x = x;
	c->hot_y = y;
	c->got_cursor = true;
	consume(c, pixels + stride * h);
	return 0;
}

static int read_rect(struct rfb_client *c, uint64_t deadline)
{
	uint16_t x, y, w, h;
	int32_t enc;

	if (need(c, 12, deadline))
		return -1;
	x = be16(c->buf), y = be16(c->buf + 2), w = be16(c->buf + 4), h = be16(c->buf + 6);
	enc = (int32_t)be32(c->buf + 8);
	consume(c, 12);
	switch (enc) {
	case RFB_ENC_RAW:
		if ((uint32_t)x + w > c->width || (uint32_t)y + h > c->height ||
		    need(c, (size_t)w * h * 4, deadline))
			return -1;
		for (uint32_t j = 0; j < h; j++)
			for (uint32_t i = 0; i < w; i++)
				c->fb[(size_t)(y + j) * c->width + x + i] =
				    to_rgb(c, c->buf + ((size_t)j * w + i) * 4);
		consume(c, (size_t)w * h * 4);
		if (c->rect_count < RFB_MAX_RECTS)
			c->rects[c->rect_count++] = (struct rfb_rect){x, y, w, h};
		return 0;
	case RFB_ENC_RICH_CURSOR:
		return read_rich_cursor(c, x, y, w, h, deadline);
	case RFB_ENC_POINTER_POS:
	case RFB_ENC_VMWARE_POS:
		c->pos_x = x;
		c->pos_y = y;
		c->pos_encoding = enc;
		c->got_pos = true;
		return 0;
	case RFB_ENC_NEW_FB_SIZE:
		c->got_resize = true;
		return resize(c, w, h);
	case RFB_ENC_EXT_DESKTOP:
		if (need(c, 4, deadline) || need(c, 4 + 16u * c->buf[0], deadline))
			return -1;
		consume(c, 4 + 16u * c->buf[0]);
		c->got_resize = true;
		/* x is the reason: 0 a server-side change, which carries the new size */
		return resize(c, w, h);
	default:
		fprintf(stderr, "rfb_client: unexpected encoding %d\n", enc);
		return -1;
	}
}

int rfb_wait_update(struct rfb_client *c, int timeout_ms)
{
	uint64_t deadline = now_ms() + (uint64_t)timeout_ms;

	for (;;) {
		uint16_t count;

		if (need(c, 1, deadline))
			return -1;
		switch (c->buf[0]) {
		case 0: /* FramebufferUpdate */
			if (need(c, 4, deadline))
				return -1;
			count = be16(c->buf + 2);
			consume(c, 4);
			c->rect_count = 0;
			c->got_cursor = c->got_pos = c->got_resize = false;
			for (unsigned int i = 0; i < count; i++)
				if (read_rect(c, deadline))
					return -1;
			c->updates++;
			return 0;
		case 2: /* Bell */
			consume(c, 1);
			break;
		case 3: /* ServerCutText */
			if (need(c, 8, deadline) || need(c, 8 + be32(c->buf + 4), deadline))
				return -1;
			consume(c, 8 + be32(c->buf + 4));
			break;
		default:
			fprintf(stderr, "rfb_client: unexpected message %u\n", c->buf[0]);
			return -1;
		}
	}
}

uint16_t rfb_free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	if (fd >= 0 && !bind(fd, (void *)&a, sizeof(a)) && !getsockname(fd, (void *)&a, &len))
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}
