// SPDX-License-Identifier: MIT
/*
 * synth2d-kmscrc: read a CRTC's CRCs through the DRM CRC API (debugfs
 * dri/N/crtc-C/crc/control and data), in the guest.
 *
 *   synth2d-kmscrc [--device /dev/dri/card0] [--crtc C] [--source NAME]
 *                  [--count N]
 *
 * --source writes NAME to the control file first: prints "source NAME ok",
 * or "source NAME refused: REASON" and exits 1. With --count (default 0
 * with --source, else 10) it then opens the data file, reads N entries
 * and prints, each on its own line:
 *
 *   vblank seq=S          the CRTC's vblank count before the capture
 *   crc frame=F value=V   one entry (F: its frame number, V: hex CRC)
 *   vblank seq=S          the count after the last entry
 *   seconds=T             time from the first entry to the last
 *
 * Exit status 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>

static int die(const char *what, int err)
{
	fprintf(stderr, "synth2d-kmscrc: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return 1;
}

/* The vblank count of CRTC 0 now (the low 32 bits, as CRC frame numbers). */
static int vblank_seq(int fd, unsigned int *seq)
{
	drmVBlank vbl = {.request = {.type = DRM_VBLANK_RELATIVE, .sequence = 0}};

	if (drmWaitVBlank(fd, &vbl))
		return -errno;
	*seq = vbl.reply.sequence;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int set_source(const char *dir, const char *name)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/control", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return die(path, errno);
	if (write(fd, name, strlen(name)) < 0)
		err = errno;
	close(fd);
	if (err) {
		printf("source %s refused: %s\n", name, strerror(err));
		return 1;
	}
	printf("source %s ok\n", name);
	return 0;
}

static int capture(const char *dir, int drm_fd, int count)
{
	char path[256], line[256];
	unsigned int seq, frame, value;
	double first = 0, last = 0;
	ssize_t n;
	int fd, ret;

	ret = vblank_seq(drm_fd, &seq);
	if (ret)
		return die("vblank query", -ret);
	printf("vblank seq=%u\n", seq);
	snprintf(path, sizeof(path), "%s/data", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return die(path, errno);
	for (int i = 0; i < count; i++) {
		/* One entry per read: "0xFFFFFFFF 0xCCCCCCCC\n". */
		n = read(fd, line, sizeof(line) - 1);
		if (n <= 0) {
			close(fd);
			return die("reading CRC data", n < 0 ? errno : EIO);
		}
		line[n] = 0;
		if (sscanf(line, "%x %x", &frame, &value) != 2) {
			close(fd);
			fprintf(stderr, "synth2d-kmscrc: bad entry %s", line);
			return 1;
		}
		last = now();
		if (!i)
			first = last;
		printf("crc frame=%u value=%08x\n", frame, value);
	}
	ret = vblank_seq(drm_fd, &seq);
	close(fd);
	if (ret)
		return die("vblank query", -ret);
	printf("vblank seq=%u\nseconds=%.6f\n", seq, last - first);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"device", required_argument, NULL, 'd'},
	    {"crtc", required_argument, NULL, 'c'},
	    {"source", required_argument, NULL, 's'},
	    {"count", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	const char *device = "/dev/dri/card0", *source = NULL;
	int crtc = 0, count = -1, o, fd, ret;
	char dir[128];
	struct stat st;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd':
			device = optarg;
			break;
		case 'c':
			crtc = atoi(optarg);
			break;
		case 's':
			source = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: synth2d-kmscrc [--device P] [--crtc C] "
					"[--source NAME] [--count N]\n");
			return 1;
		}
	}
	if (count < 0)
		count = source ? 0 : 10;
	fd = open(device, O_RDWR | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		return die(device, errno);
	/* debugfs names a DRM device by its minor. */
	snprintf(dir, sizeof(dir), "/sys/kernel/debug/dri/%u/crtc-%d/crc", minor(st.st_rdev), crtc);
	ret = source ? set_source(dir, source) : 0;
	if (!ret && count > 0)
		ret = capture(dir, fd, count);
	fflush(stdout);
	close(fd);
	return ret;
}
