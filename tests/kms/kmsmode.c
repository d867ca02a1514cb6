// SPDX-License-Identifier: MIT
/*
 * synth2d-kmsmode: try a mode given as a modeline (runs in the guest).
 *
 *   synth2d-kmsmode CLOCK HDISP HSS HSE HTOTAL VDISP VSS VSE VTOTAL
 *
 * CLOCK is in kHz, as in a modeline, and is passed to the kernel as the
 * 32-bit value it is (a huge one wraps, as a client's would). Sets the mode
 * on the first connector with a dumb buffer of its size (drmModeSetCrtc)
 * and prints "set" (exit 0) or "rejected EINVAL|ERANGE|message" (exit 3); any other
 * failure exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

static int die(const char *what, int err)
{
	fprintf(stderr, "synth2d-kmsmode: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return 1;
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t v[9], fb, crtc;
	drmModeModeInfo mode = {0};
	struct drm_mode_create_dumb dumb = {0};
	drmModeConnector *conn;
	drmModeRes *res;
	int fd;

	if (argc != 10) {
		fprintf(stderr, "usage: synth2d-kmsmode CLOCK HDISP HSS HSE HTOTAL "
				"VDISP VSS VSE VTOTAL\n");
		return 1;
	}
	for (int i = 0; i < 9; i++)
		if (parse_u32(argv[i + 1], &v[i]) || (i > 0 && v[i] > UINT16_MAX))
			return die("bad number (timings are 16 bits)", 0);
	mode.clock = v[0];
	mode.hdisplay = (uint16_t)v[1];
	mode.hsync_start = (uint16_t)v[2];
	mode.hsync_end = (uint16_t)v[3];
	mode.htotal = (uint16_t)v[4];
	mode.vdisplay = (uint16_t)v[5];
	mode.vsync_start = (uint16_t)v[6];
	mode.vsync_end = (uint16_t)v[7];
	mode.vtotal = (uint16_t)v[8];
	snprintf(mode.name, sizeof(mode.name), "%ux%u", v[1], v[5]);

	fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return die("/dev/dri/card0", errno);
	res = drmModeGetResources(fd);
	if (!res || !res->count_crtcs || !res->count_connectors)
		return die("no KMS resources", errno);
	crtc = res->crtcs[0];
	conn = drmModeGetConnector(fd, res->connectors[0]);
	if (!conn)
		return die("connector", errno);
	dumb.width = mode.hdisplay ? mode.hdisplay : 1;
	dumb.height = mode.vdisplay ? mode.vdisplay : 1;
	dumb.bpp = 32;
	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &dumb))
		return die("dumb buffer", errno);
	if (drmModeAddFB(fd, dumb.width, dumb.height, 24, 32, dumb.pitch, dumb.handle, &fb))
		return die("framebuffer", errno);
	if (drmModeSetCrtc(fd, crtc, fb, 0, 0, &conn->connector_id, 1, &mode)) {
		int err = errno;

		printf("rejected %s\n", err == EINVAL	? "EINVAL"
					: err == ERANGE ? "ERANGE"
							: strerror(err));
		return 3;
	}
	printf("set\n");
	return 0;
}
