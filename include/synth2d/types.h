/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Types shared by the kernel modules and userspace.
 *
 * Wire structures use the explicit little-endian types of <linux/types.h>,
 * which exist both in the kernel and (through the UAPI headers) in
 * userspace, so one definition serves the drivers, synth2d-host and tools.
 */
#ifndef SYNTH2D_TYPES_H
#define SYNTH2D_TYPES_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <stddef.h>
#include <linux/types.h>
#ifndef __packed
#define __packed __attribute__((__packed__))
#endif
#endif

/* A size or offset the protocol fixes; checked at compile time. */
#define SYNTH2D_ASSERT_SIZE(type, size) \
	static_assert(sizeof(type) == (size), #type " size")
#define SYNTH2D_ASSERT_OFFSET(type, member, off) \
	static_assert(offsetof(type, member) == (off), #type "." #member " offset")

/* A GUID in the byte order of the kernel's guid_t (GUID_INIT). */
struct synth2d_guid {
	__u8 b[16];
};

/*
 * Spell a GUID "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" as guid_t bytes:
 * the first three groups little-endian, the rest in order.
 */
#define SYNTH2D_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)	\
	{ { (a) & 0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff,	\
	    ((a) >> 24) & 0xff, (b) & 0xff, ((b) >> 8) & 0xff,	\
	    (c) & 0xff, ((c) >> 8) & 0xff,			\
	    (d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) } }

#endif /* SYNTH2D_TYPES_H */
