// SPDX-License-Identifier: MIT
/*
 * The EDID block of RESOLUTION_RESPONSE. Linux ignores it
 * (docs/protocol.md §2.10); a valid block still helps anything that does
 * parse it. Layout per
 * VESA E-EDID 1.3: header, vendor "MSH" (what OpenVMM's block decodes to),
 * one detailed timing (the default mode, simple 60 Hz blanking), a monitor
 * name and range limits, checksum.
 */
#include "edid.h"

#include <string.h>

static void put_descriptor_text(uint8_t *d, uint8_t tag, const char *text)
{
	size_t n = strlen(text);

	memset(d, 0, 18);
	d[3] = tag;
	memset(d + 5, ' ', 13);
	memcpy(d + 5, text, n);
	if (n < 13)
		d[5 + n] = '\n';
}

static void put_detailed_timing(uint8_t *d, uint16_t w, uint16_t h)
{
	/* blanking loosely after CVT reduced blanking: 160 pixels, 30 lines */
	const uint32_t hblank = 160, vblank = 30, hfront = 48, hsync = 32, vfront = 3, vsync = 5;
	uint32_t clock10khz = (uint32_t)((uint64_t)(w + hblank) * (h + vblank) * 60 / 10000);

	if (clock10khz > 0xffff)
		clock10khz = 0xffff;
	d[0] = clock10khz & 0xff;
	d[1] = clock10khz >> 8;
	d[2] = w & 0xff;
	d[3] = hblank & 0xff;
	d[4] = (uint8_t)(((w >> 8) & 0xf) << 4 | ((hblank >> 8) & 0xf));
	d[5] = h & 0xff;
	d[6] = vblank & 0xff;
	d[7] = (uint8_t)(((h >> 8) & 0xf) << 4 | ((vblank >> 8) & 0xf));
	d[8] = hfront;
	d[9] = hsync;
	d[10] = (uint8_t)((vfront & 0xf) << 4 | (vsync & 0xf));
	d[11] = 0;
	d[12] = 0; /* image size unknown */
	d[13] = 0;
	d[14] = 0;
	d[15] = 0;
	d[16] = 0;
	d[17] = 0x1e; /* digital separate sync, +hsync +vsync */
}

void edid_build(uint8_t out[128], uint16_t width, uint16_t height)
{
	static const uint8_t header[8] = {0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
	unsigned int sum = 0;

	memset(out, 0, 128);
	memcpy(out, header, 8);
	/* "MSH": 5-bit letters, A = 1 */
	out[8] = (uint8_t)((('M' - '@') << 2) | (('S' - '@') >> 3));
	out[9] = (uint8_t)(((('S' - '@') & 7) << 5) | ('H' - '@'));
	out[10] = 0x01; /* product code */
	out[16] = 1;	/* week */
	out[17] = 30;	/* 1990 + 30 */
	out[18] = 1;	/* EDID 1.3 */
	out[19] = 3;
	out[20] = 0x80; /* digital input */
	out[21] = 0;	/* size unknown */
	out[22] = 0;
	out[23] = 120;	/* gamma 2.2 */
	out[24] = 0x0a; /* RGB colour, preferred timing in the first descriptor */
	/* chromaticity: sRGB primaries */
	static const uint8_t chroma[10] = {0xee, 0x91, 0xa3, 0x54, 0x4c,
					   0x99, 0x26, 0x0f, 0x50, 0x54};
	memcpy(out + 25, chroma, 10);
	/* no established timings; standard timings unused (0x01 0x01) */
	for (int i = 38; i < 54; i++)
		out[i] = 0x01;
	put_detailed_timing(out + 54, width, height);
	put_descriptor_text(out + 72, 0xfc, "synth2d");
	/* range limits: 50-70 Hz vertical, 30-160 kHz horizontal, 600 MHz max clock */
	uint8_t *r = out + 90;
	memset(r, 0, 18);
	r[3] = 0xfd;
	r[5] = 50;
	r[6] = 70;
	r[7] = 30;
	r[8] = 160;
	r[9] = 60;
	r[10] = 0x00;
	r[11] = 0x0a;
	memset(r + 12, ' ', 6);
	put_descriptor_text(out + 108, 0xfe, "Hyper-V");
	out[126] = 0; /* no extensions */
	for (int i = 0; i < 127; i++)
		sum += out[i];
	out[127] = (uint8_t)(256 - sum % 256) % 256;
}
