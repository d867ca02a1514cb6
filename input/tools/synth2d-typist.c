// SPDX-License-Identifier: MIT
/*
 * synth2d-typist: the session agent that types the Hyper-V keyboard's
 * Unicode keystrokes (the console's "type clipboard text") into an X
 * session. The kernel driver queues them on /dev/synth2d-unicode as UTF-8
 * (docs/input.md); this program reads them and types each character: into
 * an X display with the active XKB layout through XTest, or into a Wayland
 * session through the compositor's virtual keyboard or, in GNOME, mutter's
 * RemoteDesktop D-Bus API (typist_wayland.c, typist_mutter.c).
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
#include "typist_text.h"
#include "typist_wayland.h"

/* Spare keycodes get their empty mapping back after this much quiet. */
#define IDLE_RESTORE_MS 1000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
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

/* The session the text goes to: an X display or a Wayland compositor. */
struct session {
	Display *dpy;
	struct typist *x;
	struct typist_wl *wl;
};

static int session_fd(struct session *s)
{
	return s->wl ? typist_wl_fd(s->wl) : ConnectionNumber(s->dpy);
}

/* The session's own events; false once it is gone. */
static bool session_events(struct session *s, bool readable)
{
	if (s->wl)
		return typist_wl_dispatch(s->wl, readable);
	handle_x_events(s->dpy, s->x);
	return true;
}

static bool session_type(struct session *s, uint32_t cp)
{
	return s->wl ? typist_wl_type(s->wl, cp) : typist_type(s->x, cp);
}

/* Quiet for IDLE_RESTORE_MS after typing. */
static void session_idle(struct session *s)
{
	if (s->x)
		typist_restore_spares(s->x);
}

static bool session_open(struct session *s, bool wayland, const char *name, bool verbose)
{
	if (wayland) {
		s->wl = typist_wl_open(name, verbose);
		return s->wl;
	}
	s->dpy = XOpenDisplay(name);
	if (!s->dpy) {
		fprintf(stderr, "synth2d-typist: cannot open display %s\n",
			name ? name : "$DISPLAY");
		return false;
	}
	s->x = typist_open(s->dpy, verbose);
	return s->x;
}

static void session_close(struct session *s)
{
	typist_wl_close(s->wl);
	typist_close(s->x);
	if (s->dpy)
		XCloseDisplay(s->dpy);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: synth2d-typist [--device PATH] [--display NAME | --wayland [NAME]]\n"
		   "                      [--verbose]\n"
		   "Types the Unicode keystrokes of the Hyper-V synthetic keyboard\n"
		   "(default device /dev/synth2d-unicode) into the X display, or into the\n"
		   "Wayland session (the default when WAYLAND_DISPLAY is set).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"device", required_argument, NULL, 'd'},  {"display", required_argument, NULL, 'D'},
	    {"wayland", optional_argument, NULL, 'w'}, {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0},
	};
	const char *device = "/dev/synth2d-unicode", *display = NULL, *wl_display = NULL;
	struct utf8_decoder dec = {0, 0};
	struct session sess = {0};
	struct sigaction sa;
	bool verbose = false, dirty = false, wayland = false;
	int c, fd;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 'D':
			display = optarg;
			break;
		case 'w':
			wl_display = optarg;
			wayland = true;
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
	if (optind != argc || (display && wayland)) {
		usage(stderr);
		return 2;
	}
	/* A Wayland session may have an Xwayland DISPLAY too: XTest there
	 * reaches only X clients, so Wayland wins unless --display is given. */
	if (!display && !wayland)
		wayland = getenv("WAYLAND_DISPLAY") != NULL;

	fd = open(device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "synth2d-typist: cannot open %s: %s\n", device, strerror(errno));
		return 1;
	}
	if (!session_open(&sess, wayland, wayland ? wl_display : display, verbose)) {
		session_close(&sess);
		close(fd);
		return 1;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	fprintf(stderr, "synth2d-typist: ready (%s)\n", wayland ? "Wayland" : "X11");
	while (!stop) {
		struct pollfd pfd[2] = {
		    {.fd = fd, .events = POLLIN},
		    {.fd = session_fd(&sess), .events = POLLIN},
		};
		unsigned char buf[4096];
		ssize_t n, i;
		int ret;

		if (!session_events(&sess, false))
			break;
		ret = poll(pfd, 2, dirty ? IDLE_RESTORE_MS : -1);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			perror("synth2d-typist: poll");
			break;
		}
		if (ret == 0) {
			session_idle(&sess);
			dirty = false;
			continue;
		}
		if ((pfd[1].revents & (POLLERR | POLLHUP)) ||
		    ((pfd[1].revents & POLLIN) && !session_events(&sess, true))) {
			fprintf(stderr, "synth2d-typist: lost the connection to the %s\n",
				wayland ? "Wayland compositor" : "X display");
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
			if (!session_events(&sess, false))
				break;
			if (!session_type(&sess, cp))
				fprintf(stderr, "synth2d-typist: cannot type U+%04X\n", cp);
			dirty = true;
		}
	}
	session_close(&sess);
	close(fd);
	return 0;
}
