/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few kernel facilities the parsers of host messages need, so that
 * they build unchanged in the kernel and in userspace (unit tests,
 * fuzzing): drm-driver/synth2d_proto_parse.c, input/synth2d_input_parse.c
 * and input/synth2d_keymap.c.
 */
#ifndef SYNTH2D_PARSE_SHIM_H
#define SYNTH2D_PARSE_SHIM_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>
#else
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define le16_to_cpu(x)	le16toh(x)
#define le32_to_cpu(x)	le32toh(x)
#define le64_to_cpu(x)	le64toh(x)
#endif

#endif /* SYNTH2D_PARSE_SHIM_H */
