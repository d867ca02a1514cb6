// SPDX-License-Identifier: MIT
/*
 * synth2d-x-screenshot: what a person sees on an X screen, as a binary PPM
 * on stdout: the root window's pixels with the pointer (XFixes cursor image)
 * drawn on top. A screen capture alone (xwd, import) leaves the pointer out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xfixes.h>

int main(void)
{
	Display *d = XOpenDisplay(NULL);
	XWindowAttributes wa;
	XFixesCursorImage *cur;
	XImage *img;
	int event_base, error_base;

	if (!d) {
		fprintf(stderr, "synth2d-x-screenshot: cannot open display\n");
		return 1;
	}
	if (!XFixesQueryExtension(d, &event_base, &error_base)) {
		fprintf(stderr, "synth2d-x-screenshot: no XFixes\n");
		return 1;
	}
	XGetWindowAttributes(d, DefaultRootWindow(d), &wa);
	img = XGetImage(d, DefaultRootWindow(d), 0, 0, (unsigned int)wa.width,
			(unsigned int)wa.height, AllPlanes, ZPixmap);
	cur = XFixesGetCursorImage(d);
	if (!img || !cur) {
		fprintf(stderr, "synth2d-x-screenshot: cannot read the screen or the cursor\n");
		return 1;
	}
	printf("P6\n%d %d\n255\n", wa.width, wa.height);
	for (int y = 0; y < wa.height; y++) {
		for (int x = 0; x < wa.width; x++) {
			unsigned long px = XGetPixel(img, x, y);
			uint32_t r = px >> 16 & 0xff, g = px >> 8 & 0xff, b = px & 0xff;
			int cx = x - (cur->x - cur->xhot), cy = y - (cur->y - cur->yhot);

			if (cx >= 0 && cy >= 0 && cx < cur->width && cy < cur->height) {
				/* premultiplied ARGB, one per unsigned long */
				unsigned long c = cur->pixels[cy * cur->width + cx];
				uint32_t a = c >> 24 & 0xff;

				r = (c >> 16 & 0xff) + r * (255 - a) / 255;
				g = (c >> 8 & 0xff) + g * (255 - a) / 255;
				b = (c & 0xff) + b * (255 - a) / 255;
			}
			putchar((int)r);
			putchar((int)g);
			putchar((int)b);
		}
	}
	XFree(cur);
	XDestroyImage(img);
	XCloseDisplay(d);
	return 0;
}
