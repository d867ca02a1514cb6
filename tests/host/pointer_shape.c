// SPDX-License-Identifier: MIT
#include "pointer_shape.h"

#include <endian.h>
#include <string.h>

uint32_t pointer_shape_data_size(bool argb, uint32_t width, uint32_t height)
{
	/* docs/protocol.md §2.9: colour w*h*4, monochrome ((w+7)/8)*h*2 (AND + XOR mask) */
	return argb ? width * height * 4 : (width + 7) / 8 * height * 2;
}

static enum pointer_shape_result drop(struct pointer_shape_assembly *a, const char **reason,
				      const char *why)
{
	a->in_progress = false;
	a->next_part = 0;
	*reason = why;
	return POINTER_SHAPE_INVALID;
}

enum pointer_shape_result pointer_shape_add_part(struct pointer_shape_assembly *a,
						 const uint8_t *payload, uint32_t len,
						 struct pointer_shape *out, const char **reason)
{
	const struct synth2d_synthvid_pointer_shape *msg = (const void *)payload;
	struct pointer_shape *s = &a->shape;
	uint8_t part = msg->part_idx;
	bool argb = msg->is_argb != 0;
	uint32_t w = le32toh(msg->width), h = le32toh(msg->height);
	uint32_t hx = le32toh(msg->hot_x), hy = le32toh(msg->hot_y);
	uint32_t data_len = len - (uint32_t)sizeof(*msg);
	bool first = part == 0 || (part == SYNTH2D_CURSOR_COMPLETE && !a->in_progress);

	if (first) {
		if (w < 1 || h < 1 || w > SYNTH2D_CURSOR_MAX_WIDTH || h > SYNTH2D_CURSOR_MAX_HEIGHT)
			return drop(a, reason, "width/height outside 1..96");
		if (hx >= w || hy >= h)
			return drop(a, reason, "hotspot outside the image");
		s->argb = argb;
		s->width = w;
		s->height = h;
		s->hot_x = hx;
		s->hot_y = hy;
		s->size = 0;
		a->in_progress = true;
		a->next_part = 0;
	} else {
		if (!a->in_progress)
			return drop(a, reason, "part without part 0");
		if (part != SYNTH2D_CURSOR_COMPLETE && part != a->next_part)
			return drop(a, reason, "parts out of order");
		if (s->argb != argb || s->width != w || s->height != h || s->hot_x != hx ||
		    s->hot_y != hy)
			return drop(a, reason, "header fields differ between parts");
	}

	uint32_t expected = pointer_shape_data_size(s->argb, s->width, s->height);
	if (data_len > expected - s->size)
		return drop(a, reason, "more pixel bytes than width*height needs");
	memcpy(s->data + s->size, msg->data, data_len);
	s->size += data_len;

	if (part != SYNTH2D_CURSOR_COMPLETE) {
		a->next_part = part + 1u;
		return POINTER_SHAPE_PARTIAL;
	}
	if (s->size != expected)
		return drop(a, reason, "pixel bytes do not match width*height");
	a->in_progress = false;
	a->next_part = 0;
	s->valid = true;
	memcpy(out, s, sizeof(*out));
	return POINTER_SHAPE_COMPLETE;
}

bool pointer_shape_is_invisible(const struct pointer_shape *s)
{
	if (!s->argb) {
		/* monochrome: invisible when every AND bit is 1 and every XOR bit 0 */
		uint32_t plane = s->size / 2;

		for (uint32_t i = 0; i < plane; i++)
			if (s->data[i] != 0xff || s->data[plane + i] != 0)
				return false;
		return true;
	}
	for (uint32_t i = 3; i < s->size; i += 4)
		if (s->data[i] > POINTER_SHAPE_INVISIBLE_ALPHA)
			return false;
	return true;
}

void pointer_shape_default_arrow(struct pointer_shape *s)
{
	/* X: black outline, '.': white, ' ': transparent */
	static const char *const arrow[19] = {
	    "X           ", "XX          ", "X.X         ", "X..X        ", "X...X       ",
	    "X....X      ", "X.....X     ", "X......X    ", "X.......X   ", "X........X  ",
	    "X.........X ", "X......XXXXX", "X...X..X    ", "X..XX..X    ", "X.X  X..X   ",
	    "XX   X..X   ", "X     X..X  ", "      X..X  ", "       XX   ",
	};

	memset(s, 0, sizeof(*s));
	s->argb = true;
	s->width = 12;
	s->height = 19;
	s->size = 12 * 19 * 4;
	for (uint32_t y = 0; y < 19; y++) {
		for (uint32_t x = 0; x < 12; x++) {
			uint8_t *p = s->data + (y * 12 + x) * 4; /* B, G, R, A */
			char c = arrow[y][x];

			if (c == ' ')
				continue;
			p[0] = p[1] = p[2] = c == '.' ? 0xff : 0x00;
			p[3] = 0xff;
		}
	}
	s->valid = false; /* not a guest shape */
}
