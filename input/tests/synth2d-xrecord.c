// SPDX-License-Identifier: MIT
/*
 * synth2d-xrecord: a minimal X client for the input tests. It maps a
 * window, takes the input focus and writes the text of every KeyPress
 * (Xutf8LookupString through an input context, as toolkits do) to stdout,
 * so a test can compare what a typed-into application received.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>

int main(int argc, char **argv)
{
	Display *dpy;
	Window win;
	XIM im;
	XIC ic;
	XEvent ev;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: synth2d-xrecord (DISPLAY from the environment)\n");
		return 2;
	}
	if (!setlocale(LC_ALL, "") || !XSupportsLocale()) {
		fprintf(stderr,
			"synth2d-xrecord: locale not supported by Xlib (use a UTF-8 one)\n");
		return 1;
	}
	XSetLocaleModifiers("");
	dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "synth2d-xrecord: cannot open display\n");
		return 1;
	}
	win = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 200, 100, 0, 0, 0);
	XSelectInput(dpy, win, KeyPressMask | StructureNotifyMask | FocusChangeMask);
	im = XOpenIM(dpy, NULL, NULL, NULL);
	ic = im ? XCreateIC(im, XNInputStyle, XIMPreeditNothing | XIMStatusNothing, XNClientWindow,
			    win, XNFocusWindow, win, NULL)
		: NULL;
	if (!ic) {
		fprintf(stderr, "synth2d-xrecord: no input context\n");
		return 1;
	}
	/*
	 * Load Xlib's keyboard map now, as toolkits do at start-up: a map
	 * first fetched in the middle of typing can miss a mapping change
	 * notified just before.
	 */
	XKeysymToKeycode(dpy, XK_space);
	XMapWindow(dpy, win);
	for (;;) {
		char buf[64];
		KeySym sym;
		Status status;
		int n;

		XNextEvent(dpy, &ev);
		if (XFilterEvent(&ev, None))
			continue;
		switch (ev.type) {
		case MapNotify:
			XSetInputFocus(dpy, win, RevertToParent, CurrentTime);
			break;
		case FocusIn:
			XSetICFocus(ic);
			fprintf(stderr, "synth2d-xrecord: ready\n");
			break;
		case MappingNotify:
			XRefreshKeyboardMapping(&ev.xmapping);
			break;
		case KeyPress:
			n = Xutf8LookupString(ic, &ev.xkey, buf, sizeof(buf) - 1, &sym, &status);
			if ((status == XLookupChars || status == XLookupBoth) && n > 0) {
				fwrite(buf, 1, n, stdout);
				fflush(stdout);
			}
			break;
		default:
			break;
		}
	}
}
