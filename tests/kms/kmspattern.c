// SPDX-License-Identifier: MIT
/*
 * synth2d-kmspattern: show a test pattern on a KMS device (runs in the
 * guest). Sets the mode WxH on the first connected connector with a dumb
 * buffer holding the pattern, flushes it with DIRTYFB, prints "ready" and
 * holds the mode until --hold seconds pass or SIGTERM/SIGINT arrives (the
 * console returns when the program exits).
 *
 * With --dirty rects, the rects are repainted with --dirty-pattern after the
 * mode set and flushed with DIRTYFB of exactly those rects; "modeset" is
 * printed before that step and, with --wait-signal, SIGUSR1 starts it (so a
 * test can reset the host's counters in between).
 *
 * With --format, the buffer holds that pixel format (added with ADDFB2);
 * the primary plane's formats are printed ("formats: XR24 ...") and the
 * format must be among them.
 *
 * With --plane steps, atomic commits then move the primary plane without a
 * mode set, one per step: "x,y,w,h" shows the buffer's top-left w x h at
 * x,y of the screen, "off" turns the plane off while the CRTC stays on.
 * "plane N" is printed after step N; with --wait-signal, SIGUSR1 starts
 * each step after the first.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "kms_pattern.h"

#define MAX_PLANE_STEPS 8

struct options {
	const char *device;
	uint32_t width, height;
	struct kms_pattern pattern;
	unsigned int plane_steps;
	struct kms_rect plane[MAX_PLANE_STEPS]; /* w == 0: off */
	long hold;				/* seconds; < 0: until a signal */
	bool wait_signal;
};

struct display {
	int fd;
	uint32_t connector_id, crtc_id;
	drmModeModeInfo mode;
	uint32_t handle, fb_id, pitch;
	uint64_t size;
	uint8_t *map;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: synth2d-kmspattern --mode WxH [--device PATH] [--pattern NAME] [--hold S]\n"
		"                          [--dirty x,y,w,h]... [--dirty-pattern NAME] "
		"[--wait-signal]\n"
		"                          [--format NAME] [--plane x,y,w,h|off]...\n"
		"  patterns: %s (default bars; --dirty-pattern default inverse)\n"
		"  formats: %s (default xrgb8888)\n",
		kms_pattern_kind_names(), kms_format_names());
}

static int die(const char *what, int err)
{
	fprintf(stderr, "synth2d-kmspattern: error: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return 1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
	    {"device", required_argument, NULL, 'c'},
	    {"mode", required_argument, NULL, 'm'},
	    {"pattern", required_argument, NULL, 'p'},
	    {"hold", required_argument, NULL, 'H'},
	    {"dirty", required_argument, NULL, 'd'},
	    {"dirty-pattern", required_argument, NULL, 'D'},
	    {"wait-signal", no_argument, NULL, 'W'},
	    {"format", required_argument, NULL, 'f'},
	    {"plane", required_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct kms_pattern *p = &o->pattern;
	char *end;
	int c;

	*o = (struct options){.device = "/dev/dri/card0", .hold = -1};
	p->base = KMS_PATTERN_BARS;
	p->dirty = KMS_PATTERN_INVERSE;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->device = optarg;
			break;
		case 'm':
			if (!kms_parse_size(optarg, &o->width, &o->height))
				return die("--mode wants WxH", 0);
			break;
		case 'p':
			if (!kms_pattern_parse_kind(optarg, &p->base))
				return die("unknown --pattern", 0);
			break;
		case 'D':
			if (!kms_pattern_parse_kind(optarg, &p->dirty))
				return die("unknown --dirty-pattern", 0);
			break;
		case 'H':
			errno = 0;
			o->hold = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || o->hold < 0)
				return die("--hold wants seconds (>= 0)", 0);
			break;
		case 'd':
			if (p->rect_count == KMS_PATTERN_MAX_RECTS)
				return die("too many --dirty rects", 0);
			if (!kms_parse_rect(optarg, &p->rects[p->rect_count++]))
				return die("--dirty wants x,y,w,h", 0);
			break;
		case 'W':
			o->wait_signal = true;
			break;
		case 'P':
			if (o->plane_steps == MAX_PLANE_STEPS)
				return die("too many --plane steps", 0);
			if (!kms_parse_window(optarg, &o->plane[o->plane_steps++]))
				return die("--plane wants x,y,w,h or off", 0);
			break;
		case 'f':
			if (!kms_format_parse(optarg, &p->format))
				return die("unknown --format", 0);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc || !o->width) {
		usage(stderr);
		return 1;
	}
	for (unsigned int i = 0; i < p->rect_count; i++) {
		const struct kms_rect *r = &p->rects[i];

		if (r->x >= o->width || r->y >= o->height || r->w > o->width - r->x ||
		    r->h > o->height - r->y)
			return die("a --dirty rect is outside the mode", 0);
	}
	for (unsigned int i = 0; i < o->plane_steps; i++) {
		const struct kms_rect *r = &o->plane[i];

		if (r->w && (r->x >= o->width || r->y >= o->height || r->w > o->width - r->x ||
			     r->h > o->height - r->y))
			return die("a --plane window is outside the mode", 0);
	}
	return 0;
}

static void list_modes(const drmModeConnector *conn)
{
	fprintf(stderr, "synth2d-kmspattern: available modes:");
	for (int i = 0; i < conn->count_modes; i++)
		fprintf(stderr, " %ux%u", conn->modes[i].hdisplay, conn->modes[i].vdisplay);
	fprintf(stderr, "\n");
}

static uint32_t pick_crtc(int fd, const drmModeRes *res, const drmModeConnector *conn)
{
	for (int i = 0; i < conn->count_encoders; i++) {
		drmModeEncoder *enc = drmModeGetEncoder(fd, conn->encoders[i]);

		if (!enc)
			continue;
		for (int j = 0; j < res->count_crtcs; j++) {
			if (enc->possible_crtcs & (1u << j)) {
				drmModeFreeEncoder(enc);
				return res->crtcs[j];
			}
		}
		drmModeFreeEncoder(enc);
	}
	return 0;
}

/* First connected connector offering WxH (a preferred WxH mode first). */
static int find_output(struct display *d, uint32_t w, uint32_t h)
{
	drmModeRes *res = drmModeGetResources(d->fd);
	drmModeConnector *conn = NULL;
	int found = -1;

	if (!res)
		return die("not a KMS device", errno);
	for (int i = 0; i < res->count_connectors && found < 0; i++) {
		conn = drmModeGetConnector(d->fd, res->connectors[i]);
		if (!conn)
			continue;
		if (conn->connection != DRM_MODE_CONNECTED) {
			drmModeFreeConnector(conn);
			conn = NULL;
			continue;
		}
		for (int m = 0; m < conn->count_modes; m++) {
			const drmModeModeInfo *mi = &conn->modes[m];

			if (mi->hdisplay != w || mi->vdisplay != h)
				continue;
			if (found < 0 || (mi->type & DRM_MODE_TYPE_PREFERRED))
				found = m;
		}
		if (found < 0) {
			fprintf(stderr,
				"synth2d-kmspattern: error: connector %u has no mode %ux%u\n",
				conn->connector_id, w, h);
			list_modes(conn);
			break;
		}
	}
	if (found < 0) {
		if (conn)
			drmModeFreeConnector(conn);
		else
			fprintf(stderr, "synth2d-kmspattern: error: no connected connector\n");
		drmModeFreeResources(res);
		return 1;
	}
	d->connector_id = conn->connector_id;
	d->mode = conn->modes[found];
	d->crtc_id = pick_crtc(d->fd, res, conn);
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	return d->crtc_id ? 0 : die("no CRTC for the connector", 0);
}

/* The primary plane of the CRTC at index crtc_index; 0 if none. */
static uint32_t find_primary(int fd, int crtc_index)
{
	drmModePlaneRes *res = drmModeGetPlaneResources(fd);
	uint32_t found = 0;

	for (uint32_t i = 0; res && i < res->count_planes && !found; i++) {
		drmModePlane *plane = drmModeGetPlane(fd, res->planes[i]);
		drmModeObjectProperties *props;

		if (!plane)
			continue;
		props = drmModeObjectGetProperties(fd, plane->plane_id, DRM_MODE_OBJECT_PLANE);
		for (uint32_t j = 0; props && j < props->count_props && !found; j++) {
			drmModePropertyRes *prop = drmModeGetProperty(fd, props->props[j]);

			if (prop && strcmp(prop->name, "type") == 0 &&
			    props->prop_values[j] == DRM_PLANE_TYPE_PRIMARY &&
			    (plane->possible_crtcs & (1u << crtc_index)))
				found = plane->plane_id;
			drmModeFreeProperty(prop);
		}
		drmModeFreeObjectProperties(props);
		drmModeFreePlane(plane);
	}
	drmModeFreePlaneResources(res);
	return found;
}

/* The primary plane of the display's CRTC; 0 if none. */
static uint32_t primary_of(struct display *d)
{
	drmModeRes *res = drmModeGetResources(d->fd);
	uint32_t id = 0;

	for (int i = 0; res && i < res->count_crtcs && !id; i++)
		if (res->crtcs[i] == d->crtc_id)
			id = find_primary(d->fd, i);
	drmModeFreeResources(res);
	return id;
}

/* Print the primary plane's formats; fail unless fourcc is one of them. */
static int check_format(struct display *d, uint32_t fourcc)
{
	drmModePlane *plane = NULL;
	uint32_t id;
	bool offered = false;

	if (drmSetClientCap(d->fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1))
		return die("enabling universal planes", errno);
	id = primary_of(d);
	if (id)
		plane = drmModeGetPlane(d->fd, id);
	if (!plane)
		return die("no primary plane for the CRTC", 0);
	printf("formats:");
	for (uint32_t i = 0; i < plane->count_formats; i++) {
		uint32_t f = plane->formats[i];

		printf(" %c%c%c%c", f & 0xff, (f >> 8) & 0xff, (f >> 16) & 0xff, f >> 24);
		offered |= f == fourcc;
	}
	printf("\n");
	fflush(stdout);
	drmModeFreePlane(plane);
	return offered ? 0 : die("the primary plane does not offer the format", 0);
}

static int create_buffer(struct display *d, uint32_t w, uint32_t h, enum kms_format format)
{
	struct drm_mode_create_dumb create = {
	    .width = w, .height = h, .bpp = kms_format_bpp(format)};
	struct drm_mode_map_dumb map = {0};
	uint32_t handles[4] = {0}, pitches[4] = {0}, offsets[4] = {0};
	void *p;

	if (drmIoctl(d->fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return die("creating a dumb buffer", errno);
	d->handle = create.handle;
	d->pitch = create.pitch;
	d->size = create.size;
	handles[0] = d->handle;
	pitches[0] = d->pitch;
	if (drmModeAddFB2(d->fd, w, h, kms_format_fourcc(format), handles, pitches, offsets,
			  &d->fb_id, 0))
		return die("adding the framebuffer", errno);
	map.handle = d->handle;
	if (drmIoctl(d->fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		return die("mapping the dumb buffer", errno);
	p = mmap(NULL, d->size, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd, (off_t)map.offset);
	if (p == MAP_FAILED)
		return die("mmap of the dumb buffer", errno);
	d->map = p;
	return 0;
}

/* Draw pattern p into the buffer within the given rect. */
static void draw(struct display *d, const struct kms_pattern *p, const struct kms_rect *r,
		 uint32_t w, uint32_t h)
{
	bool wide = kms_format_bpp(p->format) == 32;

	for (uint32_t y = r->y; y < r->y + r->h; y++) {
		uint8_t *row = d->map + (size_t)y * d->pitch;

		for (uint32_t x = r->x; x < r->x + r->w; x++) {
			uint32_t pix =
			    kms_format_encode(p->format, kms_pattern_pixel(p, x, y, w, h));

			if (wide)
				((uint32_t *)row)[x] = pix;
			else
				((uint16_t *)row)[x] = (uint16_t)pix;
		}
	}
}

static int flush(struct display *d, const struct kms_rect *rects, unsigned int n)
{
	drmModeClip clips[KMS_PATTERN_MAX_RECTS];
	int ret;

	for (unsigned int i = 0; i < n; i++)
		clips[i] = (drmModeClip){.x1 = rects[i].x,
					 .y1 = rects[i].y,
					 .x2 = rects[i].x + rects[i].w,
					 .y2 = rects[i].y + rects[i].h};
	ret = drmModeDirtyFB(d->fd, d->fb_id, clips, n);
	/* Drivers without dirty tracking scan out the buffer directly. */
	if (ret && ret != -ENOSYS)
		return die("DIRTYFB", -ret);
	return 0;
}

static int add_prop(drmModeAtomicReq *req, int fd, uint32_t plane, const char *name, uint64_t value)
{
	drmModeObjectProperties *props =
	    drmModeObjectGetProperties(fd, plane, DRM_MODE_OBJECT_PLANE);
	int ret = -ENOENT;

	for (uint32_t i = 0; props && i < props->count_props && ret == -ENOENT; i++) {
		drmModePropertyRes *prop = drmModeGetProperty(fd, props->props[i]);

		if (prop && strcmp(prop->name, name) == 0)
			ret = drmModeAtomicAddProperty(req, plane, prop->prop_id, value) < 0
				  ? -EINVAL
				  : 0;
		drmModeFreeProperty(prop);
	}
	drmModeFreeObjectProperties(props);
	return ret;
}

/* One atomic commit, no mode set: the primary shows window r (w == 0: off). */
static int plane_step(struct display *d, uint32_t plane, const struct kms_rect *r)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int ret = req ? 0 : -ENOMEM;

	if (!ret && !r->w) {
		ret = add_prop(req, d->fd, plane, "FB_ID", 0);
		ret = ret ? ret : add_prop(req, d->fd, plane, "CRTC_ID", 0);
	} else if (!ret) {
		const char *names[] = {"FB_ID", "CRTC_ID", "SRC_X",  "SRC_Y",  "SRC_W",
				       "SRC_H", "CRTC_X",  "CRTC_Y", "CRTC_W", "CRTC_H"};
		uint64_t values[] = {
		    d->fb_id, d->crtc_id, 0,	0,   (uint64_t)r->w << 16, (uint64_t)r->h << 16,
		    r->x,     r->y,	  r->w, r->h};

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !ret; i++)
			ret = add_prop(req, d->fd, plane, names[i], values[i]);
	}
	if (!ret && drmModeAtomicCommit(d->fd, req, 0, NULL))
		ret = -errno;
	drmModeAtomicFree(req);
	return ret ? die("plane step commit", -ret) : 0;
}

/* Wait for one of the blocked signals in set, at most timeout seconds (< 0: forever). */
static int wait_signal(const sigset_t *set, long timeout)
{
	struct timespec ts = {.tv_sec = timeout};
	int sig;

	do {
		sig = timeout < 0 ? sigwaitinfo(set, NULL) : sigtimedwait(set, NULL, &ts);
	} while (sig < 0 && errno == EINTR);
	return sig;
}

int main(int argc, char **argv)
{
	struct display d = {.fd = -1};
	struct options o;
	struct kms_rect all;
	sigset_t stop, usr1;
	int ret;

	if (parse_options(argc, argv, &o))
		return 1;

	/* Signals are taken with sigwait, never by a handler. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	usr1 = stop;
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	d.fd = open(o.device, O_RDWR | O_CLOEXEC);
	if (d.fd < 0)
		return die(o.device, errno);
	if (find_output(&d, o.width, o.height) ||
	    check_format(&d, kms_format_fourcc(o.pattern.format)) ||
	    create_buffer(&d, o.width, o.height, o.pattern.format))
		return 1;

	/* The base pattern everywhere, then the mode, then one full flush. */
	all = (struct kms_rect){0, 0, o.width, o.height};
	{
		struct kms_pattern base = o.pattern;

		base.rect_count = 0;
		draw(&d, &base, &all, o.width, o.height);
	}
	if (drmModeSetCrtc(d.fd, d.crtc_id, d.fb_id, 0, 0, &d.connector_id, 1, &d.mode))
		return die("setting the mode", errno);
	if (flush(&d, &all, 1))
		return 1;

	if (o.pattern.rect_count) {
		printf("modeset\n");
		fflush(stdout);
		if (o.wait_signal) {
			ret = wait_signal(&usr1, -1);
			if (ret != SIGUSR1)
				return 0;
		}
		for (unsigned int i = 0; i < o.pattern.rect_count; i++)
			draw(&d, &o.pattern, &o.pattern.rects[i], o.width, o.height);
		if (flush(&d, o.pattern.rects, o.pattern.rect_count))
			return 1;
	}

	if (o.plane_steps) {
		uint32_t plane;

		if (drmSetClientCap(d.fd, DRM_CLIENT_CAP_ATOMIC, 1))
			return die("enabling atomic modesetting", errno);
		plane = primary_of(&d);
		if (!plane)
			return die("no primary plane for the CRTC", 0);
		for (unsigned int i = 0; i < o.plane_steps; i++) {
			if (i && o.wait_signal && wait_signal(&usr1, -1) != SIGUSR1)
				return 0;
			if (plane_step(&d, plane, &o.plane[i]))
				return 1;
			printf("plane %u\n", i + 1);
			fflush(stdout);
		}
	}

	printf("ready\n");
	fflush(stdout);
	if (o.hold != 0)
		wait_signal(&stop, o.hold);
	close(d.fd);
	return 0;
}
