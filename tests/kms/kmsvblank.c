// SPDX-License-Identifier: MIT
/*
 * synth2d-kmsvblank: vblank or page-flip event rate (runs in the guest).
 * Sets the mode WxH, then for SECONDS either requests one vblank event
 * after another (default) or, with "flip", flips between two buffers,
 * each flip waiting for the previous one's event; prints the mode's
 * refresh rate and the measured event rate on CLOCK_MONOTONIC:
 *   refresh=59.920 events=180 seconds=3.004 rate=59.920
 * A flip copies a whole frame, so under emulation its rate also shows
 * whether the copy fits in a frame. vblank events are requested a few
 * frames ahead, so the client's own wake-up latency under emulation does
 * not make it miss frames.
 *
 * With "stamps", it also prints every vblank event's sequence number and
 * kernel timestamp, then leaves the CRTC without vblank users for IDLE
 * seconds (default 7: longer than the DRM core's 5 s vblank off delay)
 * and prints what a vblank query returns then:
 *   event seq=1234 t=56.789012
 *   idle seq=1666 t=63.989012
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

static int die(const char *what, int err)
{
	fprintf(stderr, "synth2d-kmsvblank: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int events;
static int stamps;

static void event_done(int fd, unsigned int seq, unsigned int sec, unsigned int usec, void *data)
{
	(void)fd;
	if (stamps)
		printf("event seq=%u t=%u.%06u\n", seq, sec, usec);
	(*(int *)data)--;
	events++;
}

static int add_fb(int fd, uint32_t w, uint32_t h, uint32_t *fb)
{
	struct drm_mode_create_dumb create = {.width = w, .height = h, .bpp = 32};

	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return -errno;
	return drmModeAddFB(fd, w, h, 24, 32, create.pitch, create.handle, fb) ? -errno : 0;
}

int main(int argc, char **argv)
{
	drmEventContext ev = {
	    .version = 2, .page_flip_handler = event_done, .vblank_handler = event_done};
	const char *device = "/dev/dri/card0";
	double seconds = 3, idle = 7, t0, t1 = 0, refresh;
	drmModeConnector *conn = NULL;
	drmModeModeInfo *mode = NULL;
	uint32_t crtc = 0, fb[2], w, h;
	drmModeRes *res;
	int fd, pending = 0, cur = 0, flip = 0;
	unsigned int next = 0;
	drmVBlank now_seq = {.request = {.type = DRM_VBLANK_RELATIVE, .sequence = 0}};

	if (argc < 2 || sscanf(argv[1], "%ux%u", &w, &h) != 2) {
		fprintf(stderr, "usage: synth2d-kmsvblank WxH [SECONDS] [vblank|flip|stamps] "
				"[DEVICE] [IDLE]\n");
		return 1;
	}
	if (argc > 2)
		seconds = atof(argv[2]);
	if (argc > 3) {
		flip = !strcmp(argv[3], "flip");
		stamps = !strcmp(argv[3], "stamps");
	}
	if (argc > 4)
		device = argv[4];
	if (argc > 5)
		idle = atof(argv[5]);
	fd = open(device, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return die(device, errno);
	res = drmModeGetResources(fd);
	if (!res || !res->count_crtcs)
		return die("no KMS resources", errno);
	crtc = res->crtcs[0];
	for (int i = 0; i < res->count_connectors && !mode; i++) {
		conn = drmModeGetConnector(fd, res->connectors[i]);
		for (int m = 0; conn && m < conn->count_modes && !mode; m++)
			if (conn->modes[m].hdisplay == w && conn->modes[m].vdisplay == h)
				mode = &conn->modes[m];
	}
	if (!mode)
		return die("mode not found", 0);
	if (add_fb(fd, w, h, &fb[0]) || add_fb(fd, w, h, &fb[1]))
		return die("buffers", errno);
	if (drmModeSetCrtc(fd, crtc, fb[0], 0, 0, &conn->connector_id, 1, mode))
		return die("SetCrtc", errno);
	refresh = mode->clock * 1000.0 / ((double)mode->htotal * mode->vtotal);

	if (!flip) {
		if (drmWaitVBlank(fd, &now_seq))
			return die("vblank counter", errno);
		next = now_seq.reply.sequence + 1;
	}
	t0 = now();
	events = 0;
	while ((t1 = now()) - t0 < seconds) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (!pending && flip) {
			cur ^= 1;
			if (drmModePageFlip(fd, crtc, fb[cur], DRM_MODE_PAGE_FLIP_EVENT, &pending))
				return die("page flip", errno);
			pending = 1;
		}
		while (!flip && pending < 4) {
			drmVBlank vbl = {.request = {.type = DRM_VBLANK_ABSOLUTE | DRM_VBLANK_EVENT,
						     .sequence = next++,
						     .signal = (unsigned long)&pending}};

			if (drmWaitVBlank(fd, &vbl))
				return die("vblank request", errno);
			pending++;
		}
		if (poll(&p, 1, 1000) == 1)
			drmHandleEvent(fd, &ev);
		else
			return die("no event within 1 s", 0);
	}
	/* Let the requested events arrive: no vblank user is left after them. */
	while (stamps && pending > 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (poll(&p, 1, 1000) != 1)
			return die("no event within 1 s", 0);
		drmHandleEvent(fd, &ev);
	}
	if (stamps) {
		drmVBlank q = {.request = {.type = DRM_VBLANK_RELATIVE, .sequence = 0}};
		struct timespec rest = {.tv_sec = (time_t)idle,
					.tv_nsec = (long)((idle - (time_t)idle) * 1e9)};

		nanosleep(&rest, NULL);
		if (drmWaitVBlank(fd, &q))
			return die("vblank query", errno);
		printf("idle seq=%u t=%ld.%06ld\n", q.reply.sequence, q.reply.tval_sec,
		       q.reply.tval_usec);
	}
	printf("refresh=%.3f events=%d seconds=%.3f rate=%.3f", refresh, events, t1 - t0,
	       events / (t1 - t0));
	/* The frame and line durations as the DRM core computes them, in ns. */
	if (stamps)
		printf(" period_ns=%llu line_ns=%llu",
		       (unsigned long long)mode->htotal * mode->vtotal * 1000000 / mode->clock,
		       (unsigned long long)mode->htotal * 1000000 / mode->clock);
	printf("\n");
	return 0;
}
