/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The 8-byte pipe header in front of every video and mouse message
 * ("device with pipe packets"); the keyboard channel has none.
 * Source: Linux hyperv_drm_proto.c (pipe_msg_hdr), hid-hyperv.c
 * (pipe_prt_msg), OpenVMM vmbus_ring PipeHeader; docs/protocol.md §1.4.
 */
#ifndef SYNTH2D_PIPE_H
#define SYNTH2D_PIPE_H

#include "types.h"

#define SYNTH2D_PIPE_MSG_INVALID	0
#define SYNTH2D_PIPE_MSG_DATA		1
#define SYNTH2D_PIPE_MSG_PARTIAL	2

struct synth2d_pipe_header {
	__le32 type;		/* SYNTH2D_PIPE_MSG_DATA */
	__le32 size;		/* bytes following this header */
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_pipe_header, 8);
SYNTH2D_ASSERT_OFFSET(struct synth2d_pipe_header, size, 4);

#endif /* SYNTH2D_PIPE_H */
