// SPDX-License-Identifier: MIT
/* PNG I/O through libpng's simplified API (see png_image.h). */
#include "xrgb_png.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xrgb_png_read(const char *path, struct xrgb_image *img, char *err, size_t err_len)
{
	png_image png;
	uint8_t *rgba;
	size_t n;

	memset(img, 0, sizeof(*img));
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&png, path)) {
		snprintf(err, err_len, "%s: %s", path, png.message);
		return -1;
	}
	if (png.width > XRGB_PNG_MAX_SIDE || png.height > XRGB_PNG_MAX_SIDE) {
		snprintf(err, err_len, "%s: %ux%u is larger than %ux%u", path, png.width,
			 png.height, XRGB_PNG_MAX_SIDE, XRGB_PNG_MAX_SIDE);
		png_image_free(&png);
		return -1;
	}
	/* 8-bit sRGB output keeps the file's values as they are (no gamma). */
	png.format = PNG_FORMAT_RGBA;
	n = (size_t)png.width * png.height;
	rgba = malloc(n * 4);
	img->pixels = malloc(n * sizeof(uint32_t));
	if (!rgba || !img->pixels) {
		snprintf(err, err_len, "%s: out of memory for %ux%u", path, png.width, png.height);
		png_image_free(&png);
		goto fail;
	}
	if (!png_image_finish_read(&png, NULL, rgba, 0, NULL)) {
		snprintf(err, err_len, "%s: %s", path, png.message);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		img->pixels[i] =
		    (uint32_t)rgba[4 * i] << 16 | (uint32_t)rgba[4 * i + 1] << 8 | rgba[4 * i + 2];
	img->width = png.width;
	img->height = png.height;
	free(rgba);
	return 0;
fail:
	free(rgba);
	free(img->pixels);
	img->pixels = NULL;
	return -1;
}

int xrgb_png_write(const char *path, const struct xrgb_image *img, char *err, size_t err_len)
{
	size_t n = (size_t)img->width * img->height;
	png_image png;
	uint8_t *rgb;
	int ret = 0;

	rgb = malloc(n * 3);
	if (!rgb) {
		snprintf(err, err_len, "%s: out of memory", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		rgb[3 * i] = (img->pixels[i] >> 16) & 0xff;
		rgb[3 * i + 1] = (img->pixels[i] >> 8) & 0xff;
		rgb[3 * i + 2] = img->pixels[i] & 0xff;
	}
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	png.width = img->width;
	png.height = img->height;
	png.format = PNG_FORMAT_RGB;
	if (!png_image_write_to_file(&png, path, 0, rgb, 0, NULL)) {
		snprintf(err, err_len, "%s: %s", path, png.message);
		ret = -1;
	}
	free(rgb);
	return ret;
}

void xrgb_image_free(struct xrgb_image *img)
{
	free(img->pixels);
	img->pixels = NULL;
}
