// SPDX-License-Identifier: MIT
#include "vnc_console.h"

#include <fcntl.h>
#include <rfb/rfb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <synth2d/synthkbd.h>

#include "console_view.h"
#include "host.h"
#include "vnc_cursor_position.h"
#include "vnc_keymap.h"

struct vnc_console {
	rfbScreenInfoPtr screen;
	uint32_t *fb; /* the host view in the server's pixel format (R in the low byte) */
	uint32_t width, height;
	bool full_refresh; /* the surface was taken again: copy it all */
	char *password_list[2];
	int unix_fd; /* --vnc-socket listener, -1: none */
	/* the pointer the clients have: which shape (or the arrow), shown or not */
	bool shape_sent, shape_visible;
	uint64_t shape_generation;
	const struct pointer_shape *shape;
	uint64_t last_scan_ns; /* while the host scans VRAM: the last compare */
};

static struct host *screen_host(rfbScreenInfoPtr s)
{
	return s->screenData;
}

static uint32_t to_server(uint32_t xrgb)
{
	return (xrgb >> 16 & 0xff) | (xrgb & 0xff00) | (xrgb & 0xff) << 16;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * LibVNCServer logs every connection to stdout, and a client's socket
 * errors; keep both for --verbose. What stops the console is said by this
 * file.
 */
static bool log_verbose;

static void vnc_log(const char *format, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, format);
	fputs("synth2d-host: vnc: ", stderr);
	vfprintf(stderr, format, ap);
	va_end(ap);
}

/* --- input: client events become synthetic keyboard and mouse input --- */

static void on_key(rfbBool down, rfbKeySym keysym, rfbClientPtr cl)
{
	struct host *h = screen_host(cl->screen);
	uint16_t code, units[2];
	uint32_t flags;
	int n;

	if (!vnc_keysym_scancode(keysym, &code, &flags)) {
		keyboard_send_keystroke(h, code, flags | (down ? 0 : SYNTH2D_SYNTHKBD_IS_BREAK));
		return;
	}
	/* no key on the US layout types it: send the character, once, on press */
	n = down ? vnc_utf16(vnc_keysym_unicode(keysym), units) : 0;
	for (int i = 0; i < n; i++) {
		keyboard_send_keystroke(h, units[i], SYNTH2D_SYNTHKBD_IS_UNICODE);
		keyboard_send_keystroke(h, units[i],
					SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	}
}

static void on_pointer(int mask, int x, int y, rfbClientPtr cl)
{
	struct host *h = screen_host(cl->screen);
	/* RFB buttons 1 left, 2 middle, 3 right, 4/5 wheel; HID 1 left, 2 right, 3 middle */
	uint8_t buttons = (uint8_t)((mask & 1) | (mask & 2) << 1 | (mask & 4) >> 1);
	int16_t wheel = (mask & 8) ? 1 : (mask & 16) ? -1 : 0;
	uint32_t w, hh;

	screen_size(h, &w, &hh);
	x = x < 0 ? 0 : x >= (int)w ? (int)w - 1 : x;
	y = y < 0 ? 0 : y >= (int)hh ? (int)hh - 1 : y;
	/* absolute mode: the client's position is the host mouse */
	if (x != h->mouse.x || y != h->mouse.y || buttons != h->mouse.buttons || wheel) {
		h->mouse.x = x;
		h->mouse.y = y;
		h->mouse.buttons = buttons;
		mouse_send_report(h, wheel);
	}
	/* moves the clients' cursor and sends PointerPos to the others */
	rfbDefaultPtrAddEvent(mask, x, y, cl);
	vnc_cursor_position_moved(cl->screen, cl);
}

static enum rfbNewClientAction on_client(rfbClientPtr cl)
{
	cl->clientGoneHook = vnc_cursor_position_client_gone;
	return RFB_CLIENT_ACCEPT;
}

/* --- the picture --- */

static void copy_rect(struct host *h, uint32_t x1, uint32_t y1, uint32_t x2, uint32_t y2)
{
	struct vnc_console *v = h->vnc;
	const struct vram_tracker *t = &h->video.vram;
	bool from_surface = t->surface && t->width == v->width && t->height == v->height;
	const struct video_situation *s = &h->video.situation;
	const uint8_t *vram = video_vram(h);

	for (uint32_t y = y1; y < y2; y++) {
		uint32_t *dst = v->fb + (size_t)y * v->width;

		for (uint32_t x = x1; x < x2; x++) {
			uint32_t px = 0;

			if (h->video.scans_vram && vram && s->valid) {
				memcpy(&px, vram + s->offset + (uint64_t)y * s->pitch + x * 4u, 4);
				px = le32toh(px) & 0x00ffffff;
			} else if (from_surface) {
				px = t->surface[(size_t)y * t->width + x];
			}
			dst[x] = to_server(px);
		}
	}
}

void vnc_console_view_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2)
{
	struct vnc_console *v = h->vnc;

	if (!v || v->full_refresh || h->video.vram.width != v->width ||
	    h->video.vram.height != v->height)
		return; /* a full refresh is due anyway */
	x1 = x1 < 0 ? 0 : x1;
	y1 = y1 < 0 ? 0 : y1;
	x2 = (int64_t)x2 > (int64_t)v->width ? (int32_t)v->width : x2;
	y2 = (int64_t)y2 > (int64_t)v->height ? (int32_t)v->height : y2;
	if (x1 >= x2 || y1 >= y2)
		return;
	copy_rect(h, (uint32_t)x1, (uint32_t)y1, (uint32_t)x2, (uint32_t)y2);
	rfbMarkRectAsModified(v->screen, x1, y1, x2, y2);
}

void vnc_console_view_taken(struct host *h)
{
	if (h->vnc)
		h->vnc->full_refresh = true;
}

/* A new size goes to clients as NewFBSize / ExtendedDesktopSize (rfbNewFramebuffer). */
static void resize(struct host *h, uint32_t w, uint32_t hh)
{
	struct vnc_console *v = h->vnc;
	uint32_t *fb = calloc((size_t)w * hh, 4), *old = v->fb;

	if (!fb)
		return; /* keep the old size; tried again next round */
	v->fb = fb;
	v->width = w;
	v->height = hh;
	rfbNewFramebuffer(v->screen, (char *)fb, (int)w, (int)hh, 8, 3, 4);
	free(old);
}

/* While the host scans VRAM (dirt=0) its view changes with no DIRT: compare, as it would. */
static void scan_vram(struct host *h)
{
	struct vnc_console *v = h->vnc;
	const struct video_situation *s = &h->video.situation;
	const uint8_t *vram = video_vram(h);
	uint64_t now = monotonic_ns();
	uint32_t x1 = UINT32_MAX, y1 = UINT32_MAX, x2 = 0, y2 = 0;

	if (!vram || !s->valid || now - v->last_scan_ns < 40000000u)
		return;
	v->last_scan_ns = now;
	for (uint32_t y = 0; y < v->height; y++) {
		for (uint32_t x = 0; x < v->width; x++) {
			uint32_t px;

			memcpy(&px, vram + s->offset + (uint64_t)y * s->pitch + x * 4u, 4);
			if (v->fb[(size_t)y * v->width + x] == to_server(le32toh(px) & 0x00ffffff))
				continue;
			x1 = x < x1 ? x : x1;
			y1 = y < y1 ? y : y1;
			x2 = x + 1 > x2 ? x + 1 : x2;
			y2 = y + 1;
		}
	}
	if (x2) {
		copy_rect(h, x1, y1, x2, y2);
		rfbMarkRectAsModified(v->screen, (int)x1, (int)y1, (int)x2, (int)y2);
	}
}

/* --- the pointer --- */

/* RichCursor pixels, a mask (opaque where alpha >= 128) and alpha for drawing it in. */
static rfbCursorPtr make_cursor(const struct pointer_shape *s, bool visible)
{
	uint32_t w = visible ? s->width : 1, hh = visible ? s->height : 1;
	uint32_t stride = (w + 7) / 8;
	rfbCursorPtr c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->cleanup = c->cleanupSource = c->cleanupMask = c->cleanupRichSource = TRUE;
	c->width = (unsigned short)w;
	c->height = (unsigned short)hh;
	c->xhot = (unsigned short)(visible ? s->hot_x : 0);
	c->yhot = (unsigned short)(visible ? s->hot_y : 0);
	c->foreRed = c->foreGreen = c->foreBlue = 0xffff;
	c->richSource = calloc((size_t)w * hh, 4);
	c->alphaSource = calloc((size_t)w * hh, 1);
	c->source = calloc((size_t)stride * hh, 1);
	c->mask = calloc((size_t)stride * hh, 1);
	if (!c->richSource || !c->alphaSource || !c->source || !c->mask) {
		rfbFreeCursor(c);
		return NULL;
	}
	for (uint32_t y = 0; visible && y < hh; y++) {
		for (uint32_t x = 0; x < w; x++) {
			size_t i = (size_t)y * w + x;
			uint32_t rgb, a;

			if (s->argb) {
				const uint8_t *p = s->data + i * 4; /* B, G, R, A */

				rgb = (uint32_t)p[2] << 16 | p[1] << 8 | p[0];
				a = p[3];
			} else {
				/* AND then XOR plane, MSB first; inverting pixels become black */
				uint32_t byte = y * stride + x / 8, bit = 0x80u >> (x % 8);
				bool and_bit = s->data[byte] & bit;
				bool xor_bit = s->data[stride * hh + byte] & bit;

				rgb = !and_bit && xor_bit ? 0xffffff : 0;
				a = and_bit && !xor_bit ? 0 : 255;
			}
			memcpy(c->richSource + i * 4, &(uint32_t){htole32(to_server(rgb))}, 4);
			c->alphaSource[i] = (uint8_t)a;
			if (a >= 128)
				c->mask[y * stride + x / 8] |= (uint8_t)(0x80u >> (x % 8));
			if ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff) >= 3 * 128)
				c->source[y * stride + x / 8] |= (uint8_t)(0x80u >> (x % 8));
		}
	}
	return c;
}

static void sync_pointer(struct host *h)
{
	struct vnc_console *v = h->vnc;
	rfbScreenInfoPtr screen = v->screen;
	struct pointer_view pv;

	console_pointer_view(h, &pv);
	/* a new shape, the arrow instead of one (or back), shown or hidden */
	if (!v->shape_sent || pv.visible != v->shape_visible || pv.shape != v->shape ||
	    h->video.shape_generation != v->shape_generation) {
		rfbCursorPtr c = make_cursor(pv.shape, pv.visible);

		if (c) {
			rfbSetCursor(screen, c);
			v->shape = pv.shape;
			v->shape_generation = h->video.shape_generation;
			v->shape_visible = pv.visible;
			v->shape_sent = true;
		}
	}
	if (pv.x != screen->cursorX || pv.y != screen->cursorY) {
		rfbClientIteratorPtr it = rfbGetClientIterator(screen);
		rfbClientPtr cl;

		/* moved by the guest (or the control socket): every client is told */
		screen->cursorX = pv.x;
		screen->cursorY = pv.y;
		while ((cl = rfbClientIteratorNext(it)))
			if (cl->enableCursorPosUpdates)
				cl->cursorWasMoved = TRUE;
		rfbReleaseClientIterator(it);
		vnc_cursor_position_moved(screen, NULL);
	}
	vnc_cursor_position_flush(screen);
}

void vnc_console_poll(struct host *h, long usec)
{
	struct vnc_console *v = h->vnc;
	uint32_t w, hh;

	if (!v)
		return;
	screen_size(h, &w, &hh);
	if (w != v->width || hh != v->height) {
		resize(h, w, hh);
		v->full_refresh = true;
	}
	if (v->full_refresh && w == v->width && hh == v->height) {
		copy_rect(h, 0, 0, v->width, v->height);
		rfbMarkRectAsModified(v->screen, 0, 0, (int)v->width, (int)v->height);
		v->full_refresh = false;
	}
	if (h->video.scans_vram)
		scan_vram(h);
	sync_pointer(h);
	if (v->unix_fd >= 0) {
		int fd = accept4(v->unix_fd, NULL, NULL, SOCK_CLOEXEC);

		/* LibVNCServer takes any stream socket as a client */
		if (fd >= 0)
			rfbNewClient(v->screen, fd);
	}
	rfbProcessEvents(v->screen, usec);
}

/* A Unix socket only its owner may connect to; -1 after saying why. */
static int listen_unix(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "synth2d-host: --vnc-socket path too long\n");
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || chmod(path, 0600) ||
	    listen(fd, 8)) {
		fprintf(stderr, "synth2d-host: cannot listen on --vnc-socket %s\n", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* The first line of @path, for VNC authentication (which uses 8 characters). */
static char *read_password(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f) {
		fprintf(stderr, "synth2d-host: cannot read --vnc-password-file %s\n", path);
		return NULL;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len == 0) {
		fprintf(stderr, "synth2d-host: --vnc-password-file %s has an empty first line\n",
			path);
		return NULL;
	}
	if (len > 8)
		fprintf(stderr, "synth2d-host: vnc: only the first 8 characters of the password "
				"count (VNC authentication)\n");
	return strdup(line);
}

int vnc_console_start(struct host *h)
{
	const struct host_config *c = &h->config;
	struct vnc_console *v;
	rfbScreenInfoPtr screen;
	uint32_t w, hh;
	char *argv[] = {"synth2d-host", NULL};
	int argc = 1;

	if (!c->vnc_port && !c->vnc_socket_path)
		return 0;
	log_verbose = c->verbose;
	rfbLog = vnc_log;
	rfbErr = vnc_log;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	screen_size(h, &w, &hh);
	v->fb = calloc((size_t)w * hh, 4);
	screen = v->fb ? rfbGetScreen(&argc, argv, (int)w, (int)hh, 8, 3, 4) : NULL;
	if (!screen) {
		free(v->fb);
		free(v);
		return -1;
	}
	v->screen = screen;
	v->unix_fd = -1;
	v->width = w;
	v->height = hh;
	v->full_refresh = true;
	screen->frameBuffer = (char *)v->fb;
	screen->desktopName = "synth2d-host";
	screen->screenData = h;
	screen->port = c->vnc_port; /* 0: no TCP listener */
	screen->listenInterface = htonl(c->vnc_address);
	screen->ipv6port = 0; /* IPv4 only: the address given is the only one listened on */
	screen->httpPort = 0;
	screen->alwaysShared = TRUE; /* several people may watch one guest */
	screen->deferUpdateTime = 0;
	screen->deferPtrUpdateTime = 0;
	screen->maxClientWait = VNC_CLIENT_WAIT_MS;
	screen->kbdAddEvent = on_key;
	screen->ptrAddEvent = on_pointer;
	screen->newClientHook = on_client;
	if (c->vnc_password_file) {
		v->password_list[0] = read_password(c->vnc_password_file);
		if (!v->password_list[0]) {
			h->vnc = v;
			vnc_console_stop(h);
			return -1;
		}
		screen->authPasswdData = v->password_list;
		screen->passwordCheck = rfbCheckPasswordByList;
	}
	h->vnc = v;
	vnc_cursor_position_register();
	rfbInitServer(screen);
	if (c->vnc_port && screen->listenSock == RFB_INVALID_SOCKET) {
		fprintf(stderr, "synth2d-host: vnc: cannot listen on port %u\n", c->vnc_port);
		vnc_console_stop(h);
		return -1;
	}
	if (c->vnc_socket_path) {
		v->unix_fd = listen_unix(c->vnc_socket_path);
		if (v->unix_fd < 0) {
			vnc_console_stop(h);
			return -1;
		}
	}
	if (c->verbose && c->vnc_port)
		fprintf(stderr, "synth2d-host: VNC console on %u.%u.%u.%u:%u\n",
			c->vnc_address >> 24, c->vnc_address >> 16 & 0xff,
			c->vnc_address >> 8 & 0xff, c->vnc_address & 0xff, c->vnc_port);
	return 0;
}

void vnc_console_stop(struct host *h)
{
	struct vnc_console *v = h->vnc;

	if (!v)
		return;
	if (v->unix_fd >= 0) {
		close(v->unix_fd);
		unlink(h->config.vnc_socket_path);
	}
	rfbShutdownServer(v->screen, TRUE);
	rfbScreenCleanup(v->screen);
	vnc_cursor_position_unregister();
	free(v->fb);
	free(v->password_list[0]);
	free(v);
	h->vnc = NULL;
}

unsigned int vnc_console_clients(const struct host *h)
{
	rfbClientIteratorPtr it;
	unsigned int n = 0;

	if (!h->vnc)
		return 0;
	it = rfbGetClientIterator(h->vnc->screen);
	while (rfbClientIteratorNext(it))
		n++;
	rfbReleaseClientIterator(it);
	return n;
}

bool vnc_console_available(void)
{
	return true;
}
