// SPDX-License-Identifier: MIT
/*
 * synth2d-kmscursor: a KMS client driven line by line, for cursor, damage
 * and mode tests (runs in the guest). It shows a solid background
 * (#204060) and then executes commands read from --fifo, answering each
 * with one line "ok CMD ..." or "err CMD: reason" on stdout.
 *
 * Cursor images (64x64 ARGB, transparent around a block):
 *   1: magenta block x 10..29, y 12..27, one yellow pixel at 15,20
 *   2: green block   x 4..15,  y 40..59, one yellow pixel at 8,50
 *   3: cyan, all 64x64 opaque, one yellow pixel at 32,32 (16 KiB: a
 *      shape the host gets in two parts)
 *   4: translucent 40x40 block at 8,8: alpha 16..247 and the colour
 *      varying over it, premultiplied as DRM cursor images are (for
 *      checks of how the pointer is blended)
 *
 * Commands:
 *   set2 IMG HX HY       legacy CURSOR2 (image with hotspot)
 *   set IMG              legacy CURSOR (no hotspot)
 *   move X Y             legacy cursor move (image top-left)
 *   hide                 legacy cursor off
 *   aset IMG X Y HX HY   atomic commit of the cursor plane (HOTSPOT_X/Y
 *                        when the plane has them)
 *   amove X Y            atomic move
 *   ahide                atomic cursor plane off
 *   pset IMG X Y         SETPLANE on the cursor plane (image top-left at
 *                        X,Y): no hotspot, the plane keeps its HOTSPOT_X/Y
 *   mode WxH             new background buffer and mode (legacy SetCrtc)
 *   fill RRGGBB x,y,w,h...   paint rects, flush them with one DIRTYFB
 *   afill RRGGBB x,y,w,h...  paint rects, one atomic commit with
 *                        FB_DAMAGE_CLIPS
 *   swmove X Y           software cursor: the client redraws image 1's block
 *                        at X,Y in its framebuffer (DIRTYFB of old + new)
 *   timefill N           N full-frame repaints, each flushed by DIRTYFB;
 *                        replies "ns=T" (time spent in DIRTYFB)
 *   timememcpy N         N memcpys of a frame's bytes; replies "ns=T"
 *   modes                list the connector's modes ("ok modes WxH* ..."
 *                        with * on the preferred one), re-probing
 *   quit
 */
#include <drm_fourcc.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* Debian 12's libdrm 2.4.114 lacks it; the value of the kernel's uapi drm.h. */
#ifndef DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT
#define DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT 6
#endif

#define CURSOR_SIDE 64
#define BACKGROUND  0xff204060u
#define MAX_RECTS   512

struct buffer {
	uint32_t handle, fb_id, pitch, width, height;
	uint64_t size;
	uint32_t *map;
};

struct client {
	int fd;
	bool atomic;
	uint32_t connector_id, crtc_id, primary_id, cursor_id;
	drmModeModeInfo mode;
	struct buffer bg, cursor[5];
	int cursor_x, cursor_y, hot_x, hot_y, cursor_img;
	int sw_x, sw_y;
	bool sw_drawn;
};

static int find_crtc(struct client *c, drmModeRes *res, drmModeConnector *conn)
{
	for (int i = 0; i < conn->count_encoders; i++) {
		drmModeEncoder *enc = drmModeGetEncoder(c->fd, conn->encoders[i]);

		if (!enc)
			continue;
		for (int j = 0; j < res->count_crtcs; j++) {
			if (enc->possible_crtcs & (1u << j)) {
				c->crtc_id = res->crtcs[j];
				drmModeFreeEncoder(enc);
				return 0;
			}
		}
		drmModeFreeEncoder(enc);
	}
	return -1;
}

/* The connector's mode WxH into c->mode; print the list into out if given. */
static int find_mode(struct client *c, uint32_t w, uint32_t h, char *out, size_t out_len)
{
	drmModeRes *res = drmModeGetResources(c->fd);
	drmModeConnector *conn = NULL;
	int found = -1;

	if (!res)
		return -1;
	for (int i = 0; i < res->count_connectors && !conn; i++) {
		conn = drmModeGetConnector(c->fd, res->connectors[i]);
		if (conn && conn->connection != DRM_MODE_CONNECTED) {
			drmModeFreeConnector(conn);
			conn = NULL;
		}
	}
	if (!conn) {
		drmModeFreeResources(res);
		return -1;
	}
	c->connector_id = conn->connector_id;
	if (!c->crtc_id)
		find_crtc(c, res, conn);
	for (int m = 0; m < conn->count_modes; m++) {
		const drmModeModeInfo *mi = &conn->modes[m];

		if (out) {
			size_t len = strlen(out);

			snprintf(out + len, out_len - len, " %ux%u%s", mi->hdisplay, mi->vdisplay,
				 (mi->type & DRM_MODE_TYPE_PREFERRED) ? "*" : "");
		}
		if (mi->hdisplay == w && mi->vdisplay == h &&
		    (found < 0 || (mi->type & DRM_MODE_TYPE_PREFERRED)))
			found = m;
	}
	if (found >= 0)
		c->mode = conn->modes[found];
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	return found >= 0 && c->crtc_id ? 0 : -1;
}

static int create_buffer(int fd, struct buffer *b, uint32_t w, uint32_t h, bool alpha)
{
	struct drm_mode_create_dumb create = {.width = w, .height = h, .bpp = 32};
	struct drm_mode_map_dumb map = {0};
	uint32_t handles[4] = {0}, pitches[4] = {0}, offsets[4] = {0};
	void *p;

	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return -errno;
	*b = (struct buffer){.handle = create.handle,
			     .pitch = create.pitch,
			     .size = create.size,
			     .width = w,
			     .height = h};
	handles[0] = b->handle;
	pitches[0] = b->pitch;
	if (drmModeAddFB2(fd, w, h, alpha ? DRM_FORMAT_ARGB8888 : DRM_FORMAT_XRGB8888, handles,
			  pitches, offsets, &b->fb_id, 0))
		return -errno;
	map.handle = b->handle;
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		return -errno;
	p = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map.offset);
	if (p == MAP_FAILED)
		return -errno;
	b->map = p;
	return 0;
}

static void destroy_buffer(int fd, struct buffer *b)
{
	struct drm_mode_destroy_dumb destroy = {.handle = b->handle};

	if (!b->map)
		return;
	munmap(b->map, b->size);
	drmModeRmFB(fd, b->fb_id);
	drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
	b->map = NULL;
}

static void fill(struct buffer *b, uint32_t colour, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	for (uint32_t j = y; j < y + h && j < b->height; j++)
		for (uint32_t i = x; i < x + w && i < b->width; i++)
			b->map[j * (b->pitch / 4) + i] = colour;
}

/* ARGB8888 with alpha a of the straight colour r, g, b, premultiplied (rounded). */
static uint32_t premultiplied(uint32_t a, uint32_t r, uint32_t g, uint32_t b)
{
	return a << 24 | (r * a + 127) / 255 << 16 | (g * a + 127) / 255 << 8 | (b * a + 127) / 255;
}

static void draw_cursor(struct buffer *b, int img)
{
	fill(b, 0, 0, 0, CURSOR_SIDE, CURSOR_SIDE);
	if (img == 1) {
		fill(b, 0xffff00ff, 10, 12, 20, 16);
		fill(b, 0xffffff00, 15, 20, 1, 1);
	} else if (img == 2) {
		fill(b, 0xff00ff00, 4, 40, 12, 20);
		fill(b, 0xffffff00, 8, 50, 1, 1);
	} else if (img == 4) {
		for (uint32_t y = 0; y < 40; y++)
			for (uint32_t x = 0; x < 40; x++)
				fill(b,
				     premultiplied(16 + (x * 7 + y * 13) % 232, x * 6, y * 6, 0x80),
				     8 + x, 8 + y, 1, 1);
	} else {
		fill(b, 0xff00ffff, 0, 0, CURSOR_SIDE, CURSOR_SIDE);
		fill(b, 0xffffff00, 32, 32, 1, 1);
	}
}

static uint32_t prop_id(int fd, uint32_t obj, uint32_t type, const char *name)
{
	drmModeObjectProperties *props = drmModeObjectGetProperties(fd, obj, type);
	uint32_t id = 0;

	for (uint32_t i = 0; props && i < props->count_props && !id; i++) {
		drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);

		if (p && !strcmp(p->name, name))
			id = p->prop_id;
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return id;
}

static uint64_t prop_value(int fd, uint32_t obj, uint32_t type, const char *name)
{
	drmModeObjectProperties *props = drmModeObjectGetProperties(fd, obj, type);
	uint64_t v = 0;

	for (uint32_t i = 0; props && i < props->count_props; i++) {
		drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);

		if (p && !strcmp(p->name, name))
			v = props->prop_values[i];
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return v;
}

/* Primary and cursor planes this client can see. */
static int find_planes(struct client *c, int *count)
{
	drmModePlaneRes *res = drmModeGetPlaneResources(c->fd);

	if (!res)
		return -errno;
	*count = (int)res->count_planes;
	for (uint32_t i = 0; i < res->count_planes; i++) {
		uint64_t type = prop_value(c->fd, res->planes[i], DRM_MODE_OBJECT_PLANE, "type");

		if (type == DRM_PLANE_TYPE_CURSOR)
			c->cursor_id = res->planes[i];
		else if (type == DRM_PLANE_TYPE_PRIMARY)
			c->primary_id = res->planes[i];
	}
	drmModeFreePlaneResources(res);
	return 0;
}

static int add(drmModeAtomicReq *req, int fd, uint32_t obj, const char *name, uint64_t v)
{
	uint32_t id = prop_id(fd, obj, DRM_MODE_OBJECT_PLANE, name);

	if (!id)
		return -ENOENT;
	return drmModeAtomicAddProperty(req, obj, id, v) < 0 ? -EINVAL : 0;
}

static int atomic_cursor(struct client *c, int img, int x, int y, int hx, int hy)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	uint32_t p = c->cursor_id;
	int ret = 0;

	if (!p)
		return -ENOENT;
	if (img) {
		ret |= add(req, c->fd, p, "FB_ID", c->cursor[img].fb_id);
		ret |= add(req, c->fd, p, "CRTC_ID", c->crtc_id);
		ret |= add(req, c->fd, p, "CRTC_X", (uint64_t)(int64_t)x);
		ret |= add(req, c->fd, p, "CRTC_Y", (uint64_t)(int64_t)y);
		ret |= add(req, c->fd, p, "CRTC_W", CURSOR_SIDE);
		ret |= add(req, c->fd, p, "CRTC_H", CURSOR_SIDE);
		ret |= add(req, c->fd, p, "SRC_X", 0);
		ret |= add(req, c->fd, p, "SRC_Y", 0);
		ret |= add(req, c->fd, p, "SRC_W", CURSOR_SIDE << 16);
		ret |= add(req, c->fd, p, "SRC_H", CURSOR_SIDE << 16);
		if (prop_id(c->fd, p, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X")) {
			ret |= add(req, c->fd, p, "HOTSPOT_X", (uint64_t)(int64_t)hx);
			ret |= add(req, c->fd, p, "HOTSPOT_Y", (uint64_t)(int64_t)hy);
		}
	} else {
		ret |= add(req, c->fd, p, "FB_ID", 0);
		ret |= add(req, c->fd, p, "CRTC_ID", 0);
	}
	if (!ret && drmModeAtomicCommit(c->fd, req, 0, NULL))
		ret = -errno;
	drmModeAtomicFree(req);
	return ret;
}

static int set_background_mode(struct client *c, uint32_t w, uint32_t h)
{
	struct buffer old = c->bg;
	drmModeClip clip = {0, 0, (unsigned short)w, (unsigned short)h};
	int ret;

	if (find_mode(c, w, h, NULL, 0))
		return -EINVAL;
	ret = create_buffer(c->fd, &c->bg, w, h, false);
	if (ret)
		return ret;
	fill(&c->bg, BACKGROUND, 0, 0, w, h);
	if (drmModeSetCrtc(c->fd, c->crtc_id, c->bg.fb_id, 0, 0, &c->connector_id, 1, &c->mode))
		return -errno;
	drmModeDirtyFB(c->fd, c->bg.fb_id, &clip, 1);
	destroy_buffer(c->fd, &old);
	return 0;
}

static int parse_rects(char *s, drmModeClip *clips, int max)
{
	int n = 0;
	unsigned int x, y, w, h;

	for (char *tok = strtok(s, " "); tok; tok = strtok(NULL, " ")) {
		if (n == max || sscanf(tok, "%u,%u,%u,%u", &x, &y, &w, &h) != 4 || !w || !h)
			return -1;
		clips[n++] = (drmModeClip){(unsigned short)x, (unsigned short)y,
					   (unsigned short)(x + w), (unsigned short)(y + h)};
	}
	return n;
}

static int fill_rects(struct client *c, char *args, bool atomic)
{
	static drmModeClip clips[MAX_RECTS];
	unsigned int colour;
	char *rest;
	int n, ret = 0;

	colour = (unsigned int)strtoul(args, &rest, 16);
	n = parse_rects(rest, clips, MAX_RECTS);
	if (n <= 0)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		fill(&c->bg, 0xff000000u | colour, clips[i].x1, clips[i].y1,
		     clips[i].x2 - clips[i].x1, clips[i].y2 - clips[i].y1);
	if (!atomic) {
		ret = drmModeDirtyFB(c->fd, c->bg.fb_id, clips, (uint32_t)n);
		return ret;
	}
	{
		drmModeAtomicReq *req = drmModeAtomicAlloc();
		uint32_t blob = 0;

		static struct drm_mode_rect rects[MAX_RECTS];

		for (int i = 0; i < n; i++)
			rects[i] = (struct drm_mode_rect){clips[i].x1, clips[i].y1, clips[i].x2,
							  clips[i].y2};
		if (drmModeCreatePropertyBlob(c->fd, rects, sizeof(rects[0]) * (size_t)n, &blob))
			ret = -errno;
		if (!ret)
			ret = add(req, c->fd, c->primary_id, "FB_DAMAGE_CLIPS", blob);
		if (!ret)
			ret = add(req, c->fd, c->primary_id, "FB_ID", c->bg.fb_id);
		if (!ret && drmModeAtomicCommit(c->fd, req, 0, NULL))
			ret = -errno;
		if (blob)
			drmModeDestroyPropertyBlob(c->fd, blob);
		drmModeAtomicFree(req);
	}
	return ret;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Image 1's block (20x16 at 10,12 of the image) drawn by the client. */
static int sw_move(struct client *c, int x, int y)
{
	drmModeClip clips[2];
	int n = 0;

	if (c->sw_drawn) {
		fill(&c->bg, BACKGROUND, (uint32_t)c->sw_x, (uint32_t)c->sw_y, 20, 16);
		clips[n++] =
		    (drmModeClip){(unsigned short)c->sw_x, (unsigned short)c->sw_y,
				  (unsigned short)(c->sw_x + 20), (unsigned short)(c->sw_y + 16)};
	}
	fill(&c->bg, 0xffff00ff, (uint32_t)x, (uint32_t)y, 20, 16);
	fill(&c->bg, 0xffffff00, (uint32_t)x + 5, (uint32_t)y + 8, 1, 1);
	clips[n++] = (drmModeClip){(unsigned short)x, (unsigned short)y, (unsigned short)(x + 20),
				   (unsigned short)(y + 16)};
	c->sw_x = x;
	c->sw_y = y;
	c->sw_drawn = true;
	return drmModeDirtyFB(c->fd, c->bg.fb_id, clips, (uint32_t)n);
}

static int time_fill(struct client *c, int n, char *reply, size_t len)
{
	drmModeClip clip = {0, 0, (unsigned short)c->bg.width, (unsigned short)c->bg.height};
	uint64_t ns = 0, t;
	int ret;

	for (int i = 0; i < n; i++) {
		fill(&c->bg, (i & 1) ? 0xff102030u : BACKGROUND, 0, 0, c->bg.width, c->bg.height);
		t = now_ns();
		ret = drmModeDirtyFB(c->fd, c->bg.fb_id, &clip, 1);
		ns += now_ns() - t;
		if (ret)
			return ret;
	}
	snprintf(reply, len, " ns=%llu bytes=%llu", (unsigned long long)ns,
		 (unsigned long long)n * c->bg.width * c->bg.height * 4);
	return 0;
}

static int time_memcpy(struct client *c, int n, char *reply, size_t len)
{
	size_t bytes = (size_t)c->bg.width * c->bg.height * 4;
	uint8_t *a = malloc(bytes), *b = malloc(bytes);
	uint64_t t;

	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	memset(a, 0x5a, bytes);
	memset(b, 0, bytes);
	t = now_ns();
	for (int i = 0; i < n; i++) {
		a[i] = (uint8_t)i;
		memcpy(b, a, bytes);
	}
	t = now_ns() - t;
	snprintf(reply, len, " ns=%llu bytes=%llu check=%u", (unsigned long long)t,
		 (unsigned long long)n * bytes, b[bytes / 2]);
	free(a);
	free(b);
	return 0;
}

static int run(struct client *c, char *line, char *reply, size_t reply_len)
{
	char cmd[16] = "";
	int a = 0, b = 0, d = 0, e = 0, f = 0, n, off = 0;
	unsigned int w, h;

	n = sscanf(line, "%15s %n", cmd, &off);
	if (n < 1)
		return -EINVAL;
	n = sscanf(line + off, "%d %d %d %d %d", &a, &b, &d, &e, &f);
	if (!strcmp(cmd, "set2") && n == 3 && (a >= 1 && a <= 4))
		return drmModeSetCursor2(c->fd, c->crtc_id, c->cursor[a].handle, CURSOR_SIDE,
					 CURSOR_SIDE, b, d);
	if (!strcmp(cmd, "set") && n == 1 && (a >= 1 && a <= 4))
		return drmModeSetCursor(c->fd, c->crtc_id, c->cursor[a].handle, CURSOR_SIDE,
					CURSOR_SIDE);
	if (!strcmp(cmd, "move") && n == 2)
		return drmModeMoveCursor(c->fd, c->crtc_id, a, b);
	if (!strcmp(cmd, "hide"))
		return drmModeSetCursor(c->fd, c->crtc_id, 0, 0, 0);
	if (!strcmp(cmd, "aset") && n == 5 && (a >= 1 && a <= 4)) {
		c->cursor_img = a;
		c->cursor_x = b;
		c->cursor_y = d;
		c->hot_x = e;
		c->hot_y = f;
		return atomic_cursor(c, a, b, d, e, f);
	}
	if (!strcmp(cmd, "amove") && n == 2 && c->cursor_img) {
		c->cursor_x = a;
		c->cursor_y = b;
		return atomic_cursor(c, c->cursor_img, a, b, c->hot_x, c->hot_y);
	}
	if (!strcmp(cmd, "pset") && n == 3 && (a >= 1 && a <= 4)) {
		if (!c->cursor_id)
			return -ENOENT;
		return drmModeSetPlane(c->fd, c->cursor_id, c->crtc_id, c->cursor[a].fb_id, 0, b, d,
				       CURSOR_SIDE, CURSOR_SIDE, 0, 0, CURSOR_SIDE << 16,
				       CURSOR_SIDE << 16);
	}
	if (!strcmp(cmd, "ahide")) {
		c->cursor_img = 0;
		return atomic_cursor(c, 0, 0, 0, 0, 0);
	}
	if (!strcmp(cmd, "mode") && sscanf(line + off, "%ux%u", &w, &h) == 2)
		return set_background_mode(c, w, h);
	if (!strcmp(cmd, "fill"))
		return fill_rects(c, line + off, false);
	if (!strcmp(cmd, "afill"))
		return fill_rects(c, line + off, true);
	if (!strcmp(cmd, "swmove") && n == 2 && a >= 0 && b >= 0 &&
	    (uint32_t)a + 20 <= c->bg.width && (uint32_t)b + 16 <= c->bg.height)
		return sw_move(c, a, b);
	if (!strcmp(cmd, "timefill") && n == 1 && a > 0)
		return time_fill(c, a, reply, reply_len);
	if (!strcmp(cmd, "timememcpy") && n == 1 && a > 0)
		return time_memcpy(c, a, reply, reply_len);
	if (!strcmp(cmd, "modes")) {
		reply[0] = 0;
		find_mode(c, 0, 0, reply, reply_len);
		return 0;
	}
	return -EINVAL;
}

static int die(const char *what, int err)
{
	fprintf(stderr, "synth2d-kmscursor: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"device", required_argument, NULL, 'c'}, {"mode", required_argument, NULL, 'm'},
	    {"fifo", required_argument, NULL, 'f'},   {"atomic", no_argument, NULL, 'a'},
	    {"hotspot-cap", no_argument, NULL, 'H'},  {NULL, 0, NULL, 0},
	};
	const char *device = "/dev/dri/card0", *fifo = NULL;
	struct client c = {0};
	unsigned int w = 0, h = 0;
	bool hotspot_cap = false;
	uint64_t cw = 0, ch = 0;
	int planes = 0, cap_ret = 0, o;
	char line[8192], work[8192], reply[4096];
	FILE *in;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			device = optarg;
			break;
		case 'm':
			if (sscanf(optarg, "%ux%u", &w, &h) != 2)
				return die("--mode wants WxH", 0);
			break;
		case 'f':
			fifo = optarg;
			break;
		case 'a':
			c.atomic = true;
			break;
		case 'H':
			hotspot_cap = true;
			break;
		default:
			fprintf(stderr, "usage: synth2d-kmscursor --mode WxH --fifo PATH "
					"[--device P] [--atomic [--hotspot-cap]]\n");
			return 1;
		}
	}
	if (!w || !fifo)
		return die("--mode and --fifo are required", 0);
	c.fd = open(device, O_RDWR | O_CLOEXEC);
	if (c.fd < 0)
		return die(device, errno);
	drmSetClientCap(c.fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	if (c.atomic && drmSetClientCap(c.fd, DRM_CLIENT_CAP_ATOMIC, 1))
		return die("atomic cap", errno);
	if (hotspot_cap)
		cap_ret =
		    drmSetClientCap(c.fd, DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT, 1) ? -errno : 0;
	if (find_planes(&c, &planes))
		return die("plane resources", errno);
	drmGetCap(c.fd, DRM_CAP_CURSOR_WIDTH, &cw);
	drmGetCap(c.fd, DRM_CAP_CURSOR_HEIGHT, &ch);
	/* A driver without an ARGB plane refuses ARGB buffers: no images. */
	for (int i = 1; i <= 4; i++) {
		if (create_buffer(c.fd, &c.cursor[i], CURSOR_SIDE, CURSOR_SIDE, true))
			break;
		draw_cursor(&c.cursor[i], i);
	}
	if (set_background_mode(&c, w, h))
		return die("setting the mode", errno);
	in = fopen(fifo, "r+");
	if (!in)
		return die(fifo, errno);
	printf("caps cursor=%llux%llu planes=%d cursor_plane=%s hotspot_cap=%d hotspot_props=%d\n",
	       (unsigned long long)cw, (unsigned long long)ch, planes, c.cursor_id ? "yes" : "no",
	       cap_ret,
	       c.cursor_id && prop_id(c.fd, c.cursor_id, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X") ? 1
											     : 0);
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), in)) {
		int ret;

		line[strcspn(line, "\r\n")] = 0;
		if (!strcmp(line, "quit"))
			break;
		reply[0] = 0;
		memcpy(work, line, sizeof(work));
		ret = run(&c, work, reply, sizeof(reply));
		if (ret)
			printf("err %s: %s\n", line, strerror(ret < 0 ? -ret : ret));
		else
			printf("ok %s%s\n", line, reply);
		fflush(stdout);
	}
	return 0;
}
