/* SPDX-License-Identifier: MIT */
/*
 * POINTER_SHAPE reassembly. A shape comes as parts 0, 1, 2, ... and a final
 * part 0xFF, or as one lone 0xFF part; every part repeats the header fields
 * and appends pixel bytes (docs/protocol.md §2.9, split numbering is an inference).
 */
#ifndef SYNTH2D_HOST_POINTER_SHAPE_H
#define SYNTH2D_HOST_POINTER_SHAPE_H

#include <stdbool.h>
#include <stdint.h>

#include <synth2d/synthvid.h>

struct pointer_shape {
	bool valid;
	bool argb;
	uint32_t width, height, hot_x, hot_y;
	uint32_t size; /* bytes in data */
	uint8_t data[SYNTH2D_CURSOR_MAX_SIZE];
};

struct pointer_shape_assembly {
	bool in_progress;
	unsigned int next_part;
	struct pointer_shape shape;
};

enum pointer_shape_result {
	POINTER_SHAPE_PARTIAL,	/* part stored, more to come */
	POINTER_SHAPE_COMPLETE, /* @out holds a complete, valid shape */
	POINTER_SHAPE_INVALID,	/* @reason says why; the assembly was dropped */
};

/* Bytes of pixel data a shape of this size and format must have. */
uint32_t pointer_shape_data_size(bool argb, uint32_t width, uint32_t height);

/**
 * pointer_shape_add_part() - feed one POINTER_SHAPE payload
 * @a: assembly state
 * @payload: the message after the synthvid header
 * @len: its length (>= 18)
 * @out: receives the shape when complete
 * @reason: set when the result is POINTER_SHAPE_INVALID
 */
enum pointer_shape_result pointer_shape_add_part(struct pointer_shape_assembly *a,
						 const uint8_t *payload, uint32_t len,
						 struct pointer_shape *out, const char **reason);

/* ARGB: all alpha values <= this count as invisible (Linux hides with alpha 1). */
#define POINTER_SHAPE_INVISIBLE_ALPHA 8
bool pointer_shape_is_invisible(const struct pointer_shape *s);

/* The host's own arrow, used before any shape arrives. */
void pointer_shape_default_arrow(struct pointer_shape *s);

#endif
