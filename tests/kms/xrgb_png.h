/* SPDX-License-Identifier: MIT */
/* PNG files as XRGB8888 pixel arrays (0x00RRGGBB), for the pattern checker. */
#ifndef XRGB_PNG_H
#define XRGB_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Larger images are refused (a screen is at most 16384 pixels wide). */
#define XRGB_PNG_MAX_SIDE 16384

struct xrgb_image {
	uint32_t width, height;
	uint32_t *pixels; /* width * height, rows top to bottom */
};

/*
 * Read any PNG libpng understands (8-bit RGB or RGBA from synth2d-host);
 * alpha is dropped. Returns 0, or -1 with a reason in err.
 */
int xrgb_png_read(const char *path, struct xrgb_image *img, char *err, size_t err_len);
/* Write 8-bit RGB. Returns 0, or -1 with a reason in err. */
int xrgb_png_write(const char *path, const struct xrgb_image *img, char *err, size_t err_len);
void xrgb_image_free(struct xrgb_image *img);

#endif /* XRGB_PNG_H */
