/* SPDX-License-Identifier: MIT */
#ifndef SYNTH2D_HOST_EDID_H
#define SYNTH2D_HOST_EDID_H

#include <stdint.h>

/* A valid EDID 1.3 base block whose preferred timing is @width x @height at 60 Hz. */
void edid_build(uint8_t out[128], uint16_t width, uint16_t height);

#endif
