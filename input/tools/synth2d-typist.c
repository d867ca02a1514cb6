// SPDX-License-Identifier: MIT
/*
 * synth2d-typist: the session agent that types the Hyper-V keyboard's
 * Unicode keystrokes (the console's "type clipboard text") into an X
 * session. The kernel driver queues them on /dev/synth2d-unicode as UTF-8
 * (docs/input.md); this program reads them and types each character with
 * the active XKB layout through XTest. Wayland sessions are not served.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <X11/XKBlib.h>
#include <X11/Xlib.h>

#include "typist_keys.h"

/* Spare keycodes get their empty mapping back after this much quiet. */
#define IDLE_RESTORE_MS 1000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct utf8_decoder {
	uint32_t cp;
	int need; /* continuation bytes still expected */
};

/* Feed one byte; return 1 and set *out when a character is complete. */
static int utf8_feed(struct utf8_decoder *d, unsigned char b, uint32_t *out)
{
	if (d->need && (b & 0xc0) == 0x80) {
		d->cp = d->cp << 6 | (b & 0x3f);
		if (--d->need)
			return 0;
		*out = d->cp;
		return 1;
	}
	d->need = 0; /* a broken sequence is dropped */
	if (b < 0x80) {
		*out = b;
		return 1;
	}
	if ((b & 0xe0) == 0xc0) {
		d->cp = b & 0x1f;
		d->need = 1;
	} else if ((b & 0xf0) == 0xe0) {
		d->cp = b & 0x0f;
		d->need = 2;
	} else if ((b & 0xf8) == 0xf0) {
		d->cp = b & 0x07;
		d->need = 3;
	}
	return 0;
}

static void handle_x_events(Display *dpy, struct typist *t)
{
	while (XPending(dpy)) {
		XEvent ev;

		XNextEvent(dpy, &ev);
		if (ev.type == typist_xkb_event_base(t)) {
			XkbEvent *xkb = (XkbEvent *)&ev;

			if (xkb->any.xkb_type == XkbMapNotify ||
			    xkb->any.xkb_type == XkbNewKeyboardNotify)
				typist_layout_changed(t);
		} else if (ev.type == MappingNotify) {
			XRefreshKeyboardMapping(&ev.xmapping);
			typist_layout_changed(t);
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: synth2d-typist [--device PATH] [--display NAME] [--verbose]\n"
		   "Types the Unicode keystrokes of the Hyper-V synthetic keyboard\n"
		   "(default device /dev/synth2d-unicode) into the X display.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"device", required_argument, NULL, 'd'},
	    {"display", required_argument, NULL, 'D'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *device = "/dev/synth2d-unicode", *display = NULL;
	struct utf8_decoder dec = {0, 0};
	struct sigaction sa;
	struct typist *t;
	bool verbose = false, dirty = false;
	Display *dpy;
	int c, fd;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 'D':
			display = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	fd = open(device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "synth2d-typist: cannot open %s: %s\n", device, strerror(errno));
		return 1;
	}
	dpy = XOpenDisplay(display);
	if (!dpy) {
		fprintf(stderr, "synth2d-typist: cannot open display %s\n",
			display ? display : "$DISPLAY");
		return 1;
	}
	t = typist_open(dpy, verbose);
	if (!t)
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	fprintf(stderr, "synth2d-typist: ready\n");
	while (!stop) {
		struct pollfd pfd[2] = {
		    {.fd = fd, .events = POLLIN},
		    {.fd = ConnectionNumber(dpy), .events = POLLIN},
		};
		unsigned char buf[4096];
		ssize_t n, i;
		int ret;

		handle_x_events(dpy, t);
		ret = poll(pfd, 2, dirty ? IDLE_RESTORE_MS : -1);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			perror("synth2d-typist: poll");
			break;
		}
		if (ret == 0) {
			typist_restore_spares(t);
			dirty = false;
			continue;
		}
		if (pfd[1].revents & (POLLERR | POLLHUP)) {
			fprintf(stderr, "synth2d-typist: lost the X connection\n");
			break;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("synth2d-typist: read");
			break;
		}
		for (i = 0; i < n; i++) {
			uint32_t cp;

			if (!utf8_feed(&dec, buf[i], &cp))
				continue;
			handle_x_events(dpy, t);
			if (!typist_type(t, cp))
				fprintf(stderr, "synth2d-typist: cannot type U+%04X\n", cp);
			dirty = true;
		}
	}
	typist_close(t);
	XCloseDisplay(dpy);
	close(fd);
	return 0;
}
