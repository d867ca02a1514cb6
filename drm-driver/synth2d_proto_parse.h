/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validation of host-to-guest synthvid messages: pure functions, bytes in,
 * result out. The host is not trusted, so nothing from a host message is
 * used before it went through here. Builds in the kernel and in userspace.
 */
#ifndef SYNTH2D_PROTO_PARSE_H
#define SYNTH2D_PROTO_PARSE_H

#include "synth2d_parse_shim.h"

#include <synth2d/pipe.h>
#include <synth2d/synthvid.h>

/* The four "needed" flags of FEATURE_CHANGE (docs/protocol.md §2.6). */
struct synth2d_features {
	bool dirt_needed;
	bool ptr_pos_needed;
	bool ptr_shape_needed;
	bool situ_needed;
};

struct synth2d_host_mode {
	u16 width;
	u16 height;
};

/* A validated resolution list: 1 <= count <= 64, default_index < count. */
struct synth2d_host_modes {
	u8 count;
	u8 default_index;
	struct synth2d_host_mode mode[SYNTH2D_RESOLUTION_MAX_COUNT];
};

/* One validated host message; @type selects the member of the union. */
struct synth2d_host_msg {
	u32 type;		/* enum synth2d_synthvid_type */
	union {
		struct {
			u32 version;
			bool accepted;
			u8 max_video_outputs;
		} version;
		/* VRAM_LOCATION_ACK and SITUATION_UPDATE_ACK */
		struct {
			u64 user_ctx;
		} ack;
		struct synth2d_features features;
		struct synth2d_host_modes modes;
	};
};

int synth2d_parse_host_msg(const void *data, size_t len,
			   struct synth2d_host_msg *msg);
const char *synth2d_parse_strerror(int error);

#endif /* SYNTH2D_PROTO_PARSE_H */
