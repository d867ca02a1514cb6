// SPDX-License-Identifier: MIT
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

#include "console_view.h"

int png_write_xrgb(const char *path, const uint32_t *pixels, uint32_t width, uint32_t height)
{
	png_structp png = NULL;
	png_infop info = NULL;
	uint8_t *volatile row = NULL;
	FILE *volatile f;
	volatile int ret = -EIO;

	f = fopen(path, "wb");
	if (!f)
		return -errno;
	row = malloc((size_t)width * 3);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (png)
		info = png_create_info_struct(png);
	if (!row || !png || !info)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* fast: screenshots are taken often by tests */
	png_set_compression_level(png, 1);
	png_write_info(png, info);
	for (uint32_t y = 0; y < height; y++) {
		const uint32_t *src = pixels + (size_t)y * width;

		for (uint32_t x = 0; x < width; x++) {
			row[x * 3 + 0] = (uint8_t)(src[x] >> 16);
			row[x * 3 + 1] = (uint8_t)(src[x] >> 8);
			row[x * 3 + 2] = (uint8_t)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	ret = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}
