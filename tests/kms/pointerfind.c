// SPDX-License-Identifier: MIT
/*
 * synth2d-pointerfind: find synth2d-kmscursor's cursor images in a
 * console-view PNG (host side). Prints one line:
 *   yellow=N at=X,Y;... magenta=N green=N cyan=N
 * yellow marks a cursor's hotspot pixel, magenta, green and cyan the
 * bodies of images 1, 2 and 3 -- so "yellow=1" means exactly one pointer is visible.
 */
#include <stdio.h>
#include <string.h>

#include "xrgb_png.h"

#define MAX_LISTED 8

int main(int argc, char **argv)
{
	struct xrgb_image img;
	unsigned long yellow = 0, magenta = 0, green = 0, cyan = 0;
	char err[256], at[MAX_LISTED * 24] = "";

	if (argc != 2) {
		fprintf(stderr, "usage: synth2d-pointerfind PNG\n");
		return 2;
	}
	if (xrgb_png_read(argv[1], &img, err, sizeof(err))) {
		fprintf(stderr, "synth2d-pointerfind: %s\n", err);
		return 2;
	}
	for (uint32_t y = 0; y < img.height; y++) {
		for (uint32_t x = 0; x < img.width; x++) {
			uint32_t p = img.pixels[(size_t)y * img.width + x] & 0xffffff;

			if (p == 0xffff00) {
				if (yellow < MAX_LISTED) {
					size_t len = strlen(at);

					snprintf(at + len, sizeof(at) - len, "%s%u,%u",
						 len ? ";" : "", x, y);
				}
				yellow++;
			} else if (p == 0xff00ff) {
				magenta++;
			} else if (p == 0x00ff00) {
				green++;
			} else if (p == 0x00ffff) {
				cyan++;
			}
		}
	}
	printf("yellow=%lu at=%s magenta=%lu green=%lu cyan=%lu\n", yellow, at[0] ? at : "-",
	       magenta, green, cyan);
	xrgb_image_free(&img);
	return 0;
}
