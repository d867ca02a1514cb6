// SPDX-License-Identifier: MIT
/*
 * synth2d-shotcompare: the two checks of the screen regression example
 * (tests/examples/README.md), on PNGs from synth2d-host.
 *
 *   synth2d-shotcompare crc PNG
 *       prints "crc=XXXXXXXX": the CRC-32 synth2d's CRC source "auto"
 *       gives for this picture (zlib's crc32 over the pixels row by row,
 *       each a little-endian 0x00RRGGBB word).
 *   synth2d-shotcompare diff REFERENCE CURRENT [--level L] [--pixels P]
 *                            [--diff-png OUT]
 *       a pixel differs when one of its channels differs by more than L
 *       (default 8 of 255); prints "size=WxH differing=N max_delta=D
 *       limit=M" and passes when N <= M = P per mille of the pixels
 *       (default 1, i.e. 0.1 %) and the sizes agree. --diff-png writes
 *       the differing pixels white on black.
 *
 * Exit status: 0 the same (within the tolerance), 1 different, 2 usage
 * or file error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xrgb_png.h"

static int usage(void)
{
	fprintf(stderr, "usage: synth2d-shotcompare crc PNG\n"
			"       synth2d-shotcompare diff REFERENCE CURRENT [--level L] "
			"[--pixels PER_MILLE] [--diff-png OUT]\n");
	return 2;
}

static int load(const char *path, struct xrgb_image *img)
{
	char err[256];

	if (xrgb_png_read(path, img, err, sizeof(err))) {
		fprintf(stderr, "synth2d-shotcompare: %s: %s\n", path, err);
		return -1;
	}
	return 0;
}

static int crc(const char *path)
{
	struct xrgb_image img;
	uLong sum = crc32(0, Z_NULL, 0);
	uint8_t word[4];

	if (load(path, &img))
		return 2;
	for (size_t i = 0; i < (size_t)img.width * img.height; i++) {
		uint32_t px = img.pixels[i] & 0x00ffffffu;

		word[0] = (uint8_t)px;
		word[1] = (uint8_t)(px >> 8);
		word[2] = (uint8_t)(px >> 16);
		word[3] = 0;
		sum = crc32(sum, word, 4);
	}
	printf("crc=%08lx\n", sum);
	xrgb_image_free(&img);
	return 0;
}

static unsigned int channel_delta(uint32_t a, uint32_t b)
{
	unsigned int max = 0;

	for (int shift = 0; shift < 24; shift += 8) {
		int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);

		if ((unsigned int)abs(d) > max)
			max = (unsigned int)abs(d);
	}
	return max;
}

static int diff(int argc, char **argv)
{
	struct xrgb_image ref, cur, out = {0};
	unsigned int level = 8, per_mille = 1, max_delta = 0, d;
	const char *diff_png = NULL;
	size_t n, differing = 0, limit;
	char err[256];
	int ret;

	for (int i = 4; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--level"))
			level = (unsigned int)strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--pixels"))
			per_mille = (unsigned int)strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--diff-png"))
			diff_png = argv[i + 1];
		else
			return usage();
	}
	if (load(argv[2], &ref))
		return 2;
	if (load(argv[3], &cur)) {
		xrgb_image_free(&ref);
		return 2;
	}
	if (ref.width != cur.width || ref.height != cur.height) {
		printf("size=%ux%u reference=%ux%u differing=all\n", cur.width, cur.height,
		       ref.width, ref.height);
		xrgb_image_free(&ref);
		xrgb_image_free(&cur);
		return 1;
	}
	n = (size_t)ref.width * ref.height;
	if (diff_png) {
		out = (struct xrgb_image){ref.width, ref.height, calloc(n, 4)};
		if (!out.pixels)
			diff_png = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		d = channel_delta(ref.pixels[i], cur.pixels[i]);
		if (d > max_delta)
			max_delta = d;
		if (d > level) {
			differing++;
			if (out.pixels)
				out.pixels[i] = 0x00ffffff;
		}
	}
	limit = n * per_mille / 1000;
	printf("size=%ux%u differing=%zu max_delta=%u limit=%zu\n", ref.width, ref.height,
	       differing, max_delta, limit);
	ret = differing <= limit ? 0 : 1;
	if (diff_png && xrgb_png_write(diff_png, &out, err, sizeof(err))) {
		fprintf(stderr, "synth2d-shotcompare: %s: %s\n", diff_png, err);
		ret = 2;
	}
	free(out.pixels);
	xrgb_image_free(&ref);
	xrgb_image_free(&cur);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "crc"))
		return crc(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "diff"))
		return diff(argc, argv);
	return usage();
}
