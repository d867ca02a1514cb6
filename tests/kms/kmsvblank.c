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

static void event_done(int fd, unsigned int seq, unsigned int sec, unsigned int usec, void *data)
{
	(void)fd;
	(void)seq;
	(void)sec;
	(void)usec;
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
	drmEventContext ev = {.version = 2, .page_flip_handler = event_done,
			      .vblank_handler = event_done};
	const char *device = "/dev/dri/card0";
	double seconds = 3, t0, t1 = 0, refresh;
	drmModeConnector *conn = NULL;
	drmModeModeInfo *mode = NULL;
	uint32_t crtc = 0, fb[2], w, h;
	drmModeRes *res;
	int fd, pending = 0, cur = 0, flip = 0;
	unsigned int next = 0;
	drmVBlank now_seq = {.request = {.type = DRM_VBLANK_RELATIVE, .sequence = 0}};

	if (argc < 2 || sscanf(argv[1], "%ux%u", &w, &h) != 2) {
		fprintf(stderr, "usage: synth2d-kmsvblank WxH [SECONDS] [vblank|flip] [DEVICE]\n");
		return 1;
	}
	if (argc > 2)
		seconds = atof(argv[2]);
	if (argc > 3)
		flip = !strcmp(argv[3], "flip");
	if (argc > 4)
		device = argv[4];
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
	printf("refresh=%.3f events=%d seconds=%.3f rate=%.3f\n", refresh, events, t1 - t0,
	       events / (t1 - t0));
	return 0;
}
