// SPDX-License-Identifier: MIT
/*
 * Unit test of the pattern checker: a rendered pattern matches itself
 * through a PNG round trip, one corrupted pixel is caught at the right
 * place, and synth2d-patterncheck (argv[1]) exits 0/1/2 as documented.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kms_pattern.h"
#include "pattern_compare.h"
#include "test_check.h"
#include "xrgb_png.h"

#define W 64
#define H 48

TEST_COUNTERS_DEFINE;

/* Run the checker with args; its exit status, or -1. */
static int run(const char *exe, const char *png, const char *size, const char *extra)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		const char *argv[] = {exe,     "--pattern", "bars", "--size", size,
				      "--png", png,	    extra,  NULL};

		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void write_rgba(const char *path, const struct xrgb_image *img)
{
	uint8_t rgba[W * H * 4];
	png_image png;

	for (size_t i = 0; i < W * H; i++) {
		rgba[4 * i] = img->pixels[i] >> 16;
		rgba[4 * i + 1] = img->pixels[i] >> 8;
		rgba[4 * i + 2] = img->pixels[i];
		rgba[4 * i + 3] = 0xff;
	}
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	png.width = W;
	png.height = H;
	png.format = PNG_FORMAT_RGBA;
	CHECK(png_image_write_to_file(&png, path, 0, rgba, 0, NULL));
}

int main(int argc, char **argv)
{
	struct kms_pattern bars = {.base = KMS_PATTERN_BARS, .dirty = KMS_PATTERN_INVERSE};
	struct kms_pattern dirty = bars;
	char dir[] = "/tmp/patterncheck-XXXXXX", good[64], bad[64], rgba[64], err[256];
	struct xrgb_image img, back;
	struct pattern_diff diff;

	if (argc != 2 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: test-patterncheck PATH-TO-synth2d-patterncheck\n");
		return 2;
	}
	snprintf(good, sizeof(good), "%s/good.png", dir);
	snprintf(bad, sizeof(bad), "%s/bad.png", dir);
	snprintf(rgba, sizeof(rgba), "%s/rgba.png", dir);

	/* A pattern matches itself, directly and through a PNG file. */
	CHECK(pattern_render(&bars, W, H, &img) == 0);
	CHECK(pattern_compare(&bars, &img, &diff, 1) == 0);
	CHECK(xrgb_png_write(good, &img, err, sizeof(err)) == 0);
	CHECK(xrgb_png_read(good, &back, err, sizeof(err)) == 0);
	CHECK(back.width == W && back.height == H);
	CHECK(pattern_compare(&bars, &back, &diff, 1) == 0);
	xrgb_image_free(&back);
	write_rgba(rgba, &img);

	/* One corrupted pixel is found, at its place, with both values. */
	img.pixels[20 * W + 10] ^= 0x000001;
	CHECK(pattern_compare(&bars, &img, &diff, 1) == 1);
	CHECK(diff.x == 10 && diff.y == 20);
	CHECK(diff.expected == kms_pattern_pixel(&bars, 10, 20, W, H));
	CHECK(diff.got == (diff.expected ^ 1));
	CHECK(xrgb_png_write(bad, &img, err, sizeof(err)) == 0);
	xrgb_image_free(&img);

	/* Dirty rects show the dirty pattern inside, the base outside. */
	dirty.rect_count = 1;
	dirty.rects[0] = (struct kms_rect){8, 4, 16, 8};
	CHECK(kms_pattern_pixel(&dirty, 8, 4, W, H) ==
	      (~kms_pattern_pixel(&bars, 8, 4, W, H) & 0xffffff));
	CHECK(kms_pattern_pixel(&dirty, 24, 4, W, H) == kms_pattern_pixel(&bars, 24, 4, W, H));
	CHECK(kms_pattern_pixel(&dirty, 23, 11, W, H) != kms_pattern_pixel(&bars, 23, 11, W, H));

	/* A windowed plane: the buffer's top-left at the window, black around it. */
	{
		struct kms_pattern win = bars;
		struct kms_rect off = {0, 0, 0, 0};

		CHECK(kms_parse_window("5,3,20,10", &win.window));
		win.windowed = true;
		CHECK(kms_pattern_screen_pixel(&win, 5, 3, W, H) ==
		      kms_pattern_pixel(&bars, 0, 0, W, H));
		CHECK(kms_pattern_screen_pixel(&win, 24, 12, W, H) ==
		      kms_pattern_pixel(&bars, 19, 9, W, H));
		CHECK(kms_pattern_screen_pixel(&win, 25, 12, W, H) == 0);
		CHECK(kms_pattern_screen_pixel(&win, 4, 3, W, H) == 0);
		CHECK(kms_parse_window("off", &win.window));
		CHECK(memcmp(&win.window, &off, sizeof(off)) == 0);
		CHECK(kms_pattern_screen_pixel(&win, 0, 0, W, H) == 0);
		CHECK(!kms_parse_window("5,3,0,10", &win.window));
	}

	/* The "coords" pattern gives every pixel its own value. */
	{
		struct kms_pattern coords = {.base = KMS_PATTERN_COORDS};

		CHECK(kms_pattern_pixel(&coords, 300, 2, 1024, 768) !=
		      kms_pattern_pixel(&coords, 44, 2, 1024, 768));
	}

	/* Formats: encoded in the guest's layout, shown as the host widens them. */
	{
		enum kms_format f;

		CHECK(kms_format_encode(KMS_FORMAT_XBGR8888, 0x123456) == 0x563412);
		CHECK(kms_format_shown(KMS_FORMAT_XBGR8888, 0x123456) == 0x123456);
		CHECK(kms_format_encode(KMS_FORMAT_ARGB8888, 0x123456) == 0xff123456);
		CHECK(kms_format_encode(KMS_FORMAT_RGB565, 0xffffff) == 0xffff);
		CHECK(kms_format_encode(KMS_FORMAT_RGB565, 0xff0000) == 0xf800);
		CHECK(kms_format_shown(KMS_FORMAT_RGB565, 0xffffff) == 0xffffff);
		/* r5 0x10 -> 0x84, g6 0x21 -> 0x86, b5 0x01 -> 0x08 */
		CHECK(kms_format_shown(KMS_FORMAT_RGB565, 0x808408) == 0x848608);
		CHECK(kms_format_parse("rgb565", &f) && f == KMS_FORMAT_RGB565);
		CHECK(kms_format_fourcc(f) == 0x36314752 && kms_format_bpp(f) == 16);
		CHECK(!kms_format_parse("rgb888", &f));
	}

	/* Parsers refuse malformed input. */
	{
		struct kms_rect r;
		uint32_t w, h;

		CHECK(kms_parse_size("1024x768", &w, &h) && w == 1024 && h == 768);
		CHECK(!kms_parse_size("1024x", &w, &h) && !kms_parse_size("0x5", &w, &h));
		CHECK(!kms_parse_size("-5x5", &w, &h) && !kms_parse_size("5x5x", &w, &h));
		CHECK(kms_parse_rect("1,2,3,4", &r) && r.x == 1 && r.h == 4);
		CHECK(!kms_parse_rect("1,2,3", &r) && !kms_parse_rect("1,2,0,4", &r));
	}

	/* The command line tool: 0 identical, 1 differs, 2 errors. */
	CHECK(run(argv[1], good, "64x48", NULL) == 0);
	CHECK(run(argv[1], rgba, "64x48", NULL) == 0);
	CHECK(run(argv[1], bad, "64x48", NULL) == 1);
	CHECK(run(argv[1], good, "64x47", NULL) == 1);
	CHECK(run(argv[1], "/nonexistent.png", "64x48", NULL) == 2);
	CHECK(run(argv[1], good, "64x48", "--bogus") == 2);

	unlink(good);
	unlink(bad);
	unlink(rgba);
	rmdir(dir);
	return test_report("patterncheck");
}
