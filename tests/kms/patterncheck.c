// SPDX-License-Identifier: MIT
/*
 * synth2d-patterncheck: compare a PNG (synth2d-host's `framebuffer` or
 * `screenshot`) pixel for pixel with the pattern synth2d-kmspattern drew.
 * Exit status: 0 exact match, 1 pixels differ, 2 usage or file error.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kms_pattern.h"
#include "pattern_compare.h"
#include "xrgb_png.h"

#define REPORT_DIFFS 10

static void usage(FILE *out)
{
	fprintf(out,
		"usage: synth2d-patterncheck --size WxH --png FILE [--pattern NAME]\n"
		"                            [--dirty x,y,w,h]... [--dirty-pattern NAME]\n"
		"                            [--write-expected FILE] [--format NAME]\n"
		"                            [--window x,y,w,h|off]\n"
		"  Compares FILE with the pattern drawn at WxH; --dirty rects show\n"
		"  --dirty-pattern (default inverse) as synth2d-kmspattern draws them.\n"
		"  --window: the primary plane shows the buffer's top-left w x h at x,y\n"
		"  (off: no plane), black elsewhere, as after synth2d-kmspattern --plane\n"
		"  --format: the pattern as drawn in that format shows (%s)\n"
		"  patterns: %s\n"
		"  exit status: 0 identical, 1 pixels differ, 2 usage or file error\n",
		kms_format_names(), kms_pattern_kind_names());
}

static int fail(const char *msg, const char *arg)
{
	fprintf(stderr, "synth2d-patterncheck: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"pattern", required_argument, NULL, 'p'},
	    {"size", required_argument, NULL, 's'},
	    {"png", required_argument, NULL, 'f'},
	    {"dirty", required_argument, NULL, 'd'},
	    {"dirty-pattern", required_argument, NULL, 'D'},
	    {"write-expected", required_argument, NULL, 'w'},
	    {"format", required_argument, NULL, 'F'},
	    {"window", required_argument, NULL, 'W'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct kms_pattern pattern = {.base = KMS_PATTERN_BARS, .dirty = KMS_PATTERN_INVERSE};
	const char *png = NULL, *expected_path = NULL;
	struct pattern_diff diffs[REPORT_DIFFS];
	struct xrgb_image img;
	uint32_t w = 0, h = 0;
	char err[512];
	uint64_t n;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!kms_pattern_parse_kind(optarg, &pattern.base))
				return fail("unknown pattern", optarg);
			break;
		case 'D':
			if (!kms_pattern_parse_kind(optarg, &pattern.dirty))
				return fail("unknown pattern", optarg);
			break;
		case 's':
			if (!kms_parse_size(optarg, &w, &h))
				return fail("--size wants WxH", optarg);
			break;
		case 'f':
			png = optarg;
			break;
		case 'w':
			expected_path = optarg;
			break;
		case 'F':
			if (!kms_format_parse(optarg, &pattern.format))
				return fail("unknown format", optarg);
			break;
		case 'W':
			if (!kms_parse_window(optarg, &pattern.window))
				return fail("--window wants x,y,w,h or off", optarg);
			pattern.windowed = true;
			break;
		case 'd':
			if (pattern.rect_count == KMS_PATTERN_MAX_RECTS)
				return fail("too many --dirty rects", NULL);
			if (!kms_parse_rect(optarg, &pattern.rects[pattern.rect_count++]))
				return fail("--dirty wants x,y,w,h", optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !w || (!png && !expected_path)) {
		usage(stderr);
		return 2;
	}

	if (expected_path) {
		if (pattern_render(&pattern, w, h, &img))
			return fail("out of memory", NULL);
		if (xrgb_png_write(expected_path, &img, err, sizeof(err))) {
			xrgb_image_free(&img);
			return fail(err, NULL);
		}
		xrgb_image_free(&img);
		if (!png)
			return 0;
	}

	if (xrgb_png_read(png, &img, err, sizeof(err)))
		return fail(err, NULL);
	if (img.width != w || img.height != h) {
		fprintf(stderr, "synth2d-patterncheck: %s is %ux%u, expected %ux%u\n", png,
			img.width, img.height, w, h);
		xrgb_image_free(&img);
		return 1;
	}

	n = pattern_compare(&pattern, &img, diffs, REPORT_DIFFS);
	printf("differing pixels: %" PRIu64 "\n", n);
	for (uint64_t i = 0; i < n && i < REPORT_DIFFS; i++)
		printf("  %u,%u: got #%06x expected #%06x\n", diffs[i].x, diffs[i].y, diffs[i].got,
		       diffs[i].expected);
	xrgb_image_free(&img);
	return n ? 1 : 0;
}
