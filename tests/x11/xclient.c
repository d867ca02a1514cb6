// SPDX-License-Identifier: MIT
/*
 * synth2d-xclient: the X client side of the xorg rig suite.
 *
 *   cursor W H HX HY       an ARGB cursor on the root window: opaque magenta
 *                          with one yellow pixel at the hotspot HX,HY (what
 *                          synth2d-pointerfind looks for)
 *   fill X Y W H RRGGBB    fill a rectangle of the root window
 *   rects RRGGBB X,Y,W,H...  several rectangles in one request (one batch)
 *   fills RRGGBB X,Y,W,H...  several rectangles, one request each (one batch)
 *   scatter N W H SEED     N WxH rectangles at pseudo-random places in one
 *                          batch, random colours (the damage-policy workload)
 *   text N SEED            N rows of 8x13 "glyph" cells with gaps, like a
 *                          terminal repainting lines (damage-policy workload)
 *   present N              PresentNotifyMSC now and N frames later; prints
 *                          both MSCs, the UST difference and the kernel's
 *                          vblank count on /dev/dri/card0 right after
 *   rrwatch SECONDS        print "screen WxH" for each RRScreenChangeNotify
 *   hide SECONDS           hide the pointer (XFixesHideCursor), print
 *                          "hidden", keep it hidden for SECONDS; X shows it
 *                          again when this client disconnects
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib-xcb.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/Xrandr.h>
#include <X11/extensions/Xrender.h>
#include <xcb/present.h>
#include <xcb/xcb.h>
#include <xf86drm.h>

static int usage(void)
{
	fprintf(stderr, "usage: synth2d-xclient cursor W H HX HY | fill X Y W H RRGGBB | "
			"scatter N W H SEED | text N SEED | present N | rrwatch SECONDS | "
			"hide SECONDS\n");
	return 2;
}

static Display *open_display(void)
{
	Display *dpy = XOpenDisplay(NULL);

	if (!dpy) {
		fprintf(stderr, "synth2d-xclient: cannot open display\n");
		exit(1);
	}
	return dpy;
}

static int cmd_cursor(int w, int h, int hx, int hy)
{
	Display *dpy = open_display();
	Window root = DefaultRootWindow(dpy);
	XRenderPictFormat *fmt = XRenderFindStandardFormat(dpy, PictStandardARGB32);
	XImage *img;
	Pixmap pix;
	Picture pic;
	GC gc;
	Cursor cur;
	uint32_t *data;

	if (!fmt || w < 1 || h < 1 || hx < 0 || hy < 0 || hx >= w || hy >= h)
		return usage();
	data = malloc((size_t)w * h * 4);
	for (int i = 0; i < w * h; i++)
		data[i] = 0xffff00ff;	/* opaque magenta */
	data[hy * w + hx] = 0xffffff00; /* the hotspot pixel: yellow */
	img = XCreateImage(dpy, NULL, 32, ZPixmap, 0, (char *)data, w, h, 32, w * 4);
	pix = XCreatePixmap(dpy, root, w, h, 32);
	gc = XCreateGC(dpy, pix, 0, NULL);
	XPutImage(dpy, pix, gc, img, 0, 0, 0, 0, w, h);
	pic = XRenderCreatePicture(dpy, pix, fmt, 0, NULL);
	cur = XRenderCreateCursor(dpy, pic, hx, hy);
	XDefineCursor(dpy, root, cur);
	XSync(dpy, False);
	printf("cursor %dx%d hot %d,%d\n", w, h, hx, hy);
	/* the root window keeps the cursor after this client is gone */
	XCloseDisplay(dpy);
	return 0;
}

static GC colour_gc(Display *dpy, unsigned long rgb)
{
	GC gc = XCreateGC(dpy, DefaultRootWindow(dpy), 0, NULL);

	XSetForeground(dpy, gc, rgb);
	return gc;
}

static int cmd_fill(int x, int y, int w, int h, unsigned long rgb)
{
	Display *dpy = open_display();
	GC gc = colour_gc(dpy, rgb);

	XFillRectangle(dpy, DefaultRootWindow(dpy), gc, x, y, w, h);
	XSync(dpy, False);
	printf("filled %d,%d %dx%d %06lx\n", x, y, w, h, rgb);
	XCloseDisplay(dpy);
	return 0;
}

/*
 * Xlib merges consecutive XFillRectangle calls with one GC into one
 * PolyFillRectangle request, which X's damage layer reports as the bounding
 * box of all its rects; another GC for each keeps them separate requests.
 */
static int cmd_rects(unsigned long rgb, int n, char **specs, bool separate)
{
	Display *dpy = open_display();
	GC gc = colour_gc(dpy, rgb);

	for (int i = 0; i < n; i++) {
		int x, y, w, h;

		if (sscanf(specs[i], "%d,%d,%d,%d", &x, &y, &w, &h) != 4)
			return usage();
		if (separate) /* a new GC: Xlib skips setting an unchanged colour */
			gc = colour_gc(dpy, rgb);
		XFillRectangle(dpy, DefaultRootWindow(dpy), gc, x, y, w, h);
	}
	XSync(dpy, False);
	printf("rects %d\n", n);
	XCloseDisplay(dpy);
	return 0;
}

static uint32_t next_rand(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static int cmd_scatter(int n, int w, int h, uint32_t seed)
{
	Display *dpy = open_display();
	Window root = DefaultRootWindow(dpy);
	int sw = DisplayWidth(dpy, DefaultScreen(dpy)), sh = DisplayHeight(dpy, DefaultScreen(dpy));
	GC gc = colour_gc(dpy, 0);

	for (int i = 0; i < n; i++) {
		XSetForeground(dpy, gc, next_rand(&seed) & 0x7f7f7f);
		XFillRectangle(dpy, root, gc, (int)(next_rand(&seed) % (uint32_t)(sw - w)),
			       (int)(next_rand(&seed) % (uint32_t)(sh - h)), w, h);
	}
	XSync(dpy, False);
	printf("scatter %d %dx%d\n", n, w, h);
	XCloseDisplay(dpy);
	return 0;
}

static int cmd_text(int rows, uint32_t seed)
{
	Display *dpy = open_display();
	Window root = DefaultRootWindow(dpy);
	int sw = DisplayWidth(dpy, DefaultScreen(dpy));
	GC gc = colour_gc(dpy, 0);

	for (int r = 0; r < rows; r++) {
		int y = 20 + r * 16;

		XSetForeground(dpy, gc, next_rand(&seed) & 0x7f7f7f);
		/* words of 2..9 cells, one cell of space between them */
		for (int x = 10; x < sw - 100;) {
			int len = 2 + (int)(next_rand(&seed) % 8);

			XFillRectangle(dpy, root, gc, x, y, len * 8 - 1, 13);
			x += (len + 1) * 8;
		}
	}
	XSync(dpy, False);
	printf("text %d rows\n", rows);
	XCloseDisplay(dpy);
	return 0;
}

static int present_wait(xcb_connection_t *c, xcb_special_event_t *special, xcb_window_t win,
			uint32_t serial, uint64_t target, uint64_t *msc, uint64_t *ust)
{
	xcb_present_notify_msc(c, win, serial, target, 0, 0);
	xcb_flush(c);
	for (;;) {
		xcb_generic_event_t *ev = xcb_wait_for_special_event(c, special);
		xcb_present_complete_notify_event_t *ce = (void *)ev;

		if (!ev)
			return -1;
		if (ce->event_type == XCB_PRESENT_EVENT_COMPLETE_NOTIFY && ce->serial == serial) {
			*msc = ce->msc;
			*ust = ce->ust;
			free(ev);
			return 0;
		}
		free(ev);
	}
}

static int cmd_present(int frames)
{
	xcb_connection_t *c = xcb_connect(NULL, NULL);
	xcb_screen_t *screen;
	xcb_special_event_t *special;
	xcb_present_query_version_reply_t *ver;
	uint64_t msc0, ust0, msc1, ust1;
	uint32_t eid;
	drmVBlank vbl = {.request = {.type = DRM_VBLANK_RELATIVE, .sequence = 0}};
	int fd;

	if (xcb_connection_has_error(c)) {
		fprintf(stderr, "synth2d-xclient: cannot connect\n");
		return 1;
	}
	ver = xcb_present_query_version_reply(c, xcb_present_query_version(c, 1, 2), NULL);
	if (!ver) {
		fprintf(stderr, "synth2d-xclient: no Present extension\n");
		return 1;
	}
	free(ver);
	screen = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	eid = xcb_generate_id(c);
	xcb_present_select_input(c, eid, screen->root, XCB_PRESENT_EVENT_MASK_COMPLETE_NOTIFY);
	special = xcb_register_for_special_xge(c, &xcb_present_id, eid, NULL);
	if (present_wait(c, special, screen->root, 1, 0, &msc0, &ust0) ||
	    present_wait(c, special, screen->root, 2, msc0 + (uint64_t)frames, &msc1, &ust1)) {
		fprintf(stderr, "synth2d-xclient: no CompleteNotify\n");
		return 1;
	}
	fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	if (fd < 0 || drmWaitVBlank(fd, &vbl)) {
		fprintf(stderr, "synth2d-xclient: no kernel vblank count\n");
		return 1;
	}
	printf("present msc0=%llu msc1=%llu ust_delta=%llu kernel=%u\n", (unsigned long long)msc0,
	       (unsigned long long)msc1, (unsigned long long)(ust1 - ust0), vbl.reply.sequence);
	close(fd);
	xcb_disconnect(c);
	return 0;
}

static int cmd_rrwatch(int seconds)
{
	Display *dpy = open_display();
	int ev_base, err_base;
	time_t end = time(NULL) + seconds;

	if (!XRRQueryExtension(dpy, &ev_base, &err_base)) {
		fprintf(stderr, "synth2d-xclient: no RandR\n");
		return 1;
	}
	XRRSelectInput(dpy, DefaultRootWindow(dpy), RRScreenChangeNotifyMask);
	XSync(dpy, False);
	printf("watching\n");
	fflush(stdout);
	while (time(NULL) < end) {
		while (XPending(dpy)) {
			XEvent ev;

			XNextEvent(dpy, &ev);
			if (ev.type == ev_base + RRScreenChangeNotify) {
				XRRScreenChangeNotifyEvent *sc = (void *)&ev;

				printf("screen %dx%d\n", sc->width, sc->height);
				fflush(stdout);
			}
		}
		usleep(50000);
	}
	XCloseDisplay(dpy);
	return 0;
}

/* What a video player or "hide while typing" does to the pointer. */
static int cmd_hide(int seconds)
{
	Display *dpy = open_display();
	int ev_base, err_base;

	if (!XFixesQueryExtension(dpy, &ev_base, &err_base)) {
		fprintf(stderr, "synth2d-xclient: no XFIXES\n");
		return 1;
	}
	XFixesHideCursor(dpy, DefaultRootWindow(dpy));
	XSync(dpy, False);
	printf("hidden\n");
	fflush(stdout);
	sleep(seconds);
	XCloseDisplay(dpy);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "cursor") && argc == 6)
		return cmd_cursor(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
	if (!strcmp(argv[1], "fill") && argc == 7)
		return cmd_fill(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
				strtoul(argv[6], NULL, 16));
	if (!strcmp(argv[1], "rects") && argc >= 4)
		return cmd_rects(strtoul(argv[2], NULL, 16), argc - 3, argv + 3, false);
	if (!strcmp(argv[1], "fills") && argc >= 4)
		return cmd_rects(strtoul(argv[2], NULL, 16), argc - 3, argv + 3, true);
	if (!strcmp(argv[1], "scatter") && argc == 6)
		return cmd_scatter(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]),
				   (uint32_t)strtoul(argv[5], NULL, 0));
	if (!strcmp(argv[1], "text") && argc == 4)
		return cmd_text(atoi(argv[2]), (uint32_t)strtoul(argv[3], NULL, 0));
	if (!strcmp(argv[1], "present") && argc == 3)
		return cmd_present(atoi(argv[2]));
	if (!strcmp(argv[1], "rrwatch") && argc == 3)
		return cmd_rrwatch(atoi(argv[2]));
	if (!strcmp(argv[1], "hide") && argc == 3)
		return cmd_hide(atoi(argv[2]));
	return usage();
}
