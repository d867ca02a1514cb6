/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The framing of every synthvid message: built by synth2d_proto.c, sent by
 * synth2d_channel.c.
 */
#ifndef SYNTH2D_MSG_H
#define SYNTH2D_MSG_H

#include <linux/types.h>
#include <asm/byteorder.h>

#include <synth2d/pipe.h>
#include <synth2d/synthvid.h>

/* Headers in front of every synthvid payload. */
struct synth2d_msg_headers {
	struct synth2d_pipe_header pipe;
	struct synth2d_synthvid_header vid;
} __packed;

/*
 * Both size fields count the bytes after the pipe header, as Linux
 * guests fill them (docs/protocol.md §2.2).
 */
static inline void synth2d_msg_init(void *msg, u32 type, size_t total)
{
	struct synth2d_msg_headers *hdr = msg;
	u32 size = total - sizeof(hdr->pipe);

	hdr->pipe.type = cpu_to_le32(SYNTH2D_PIPE_MSG_DATA);
	hdr->pipe.size = cpu_to_le32(size);
	hdr->vid.type = cpu_to_le32(type);
	hdr->vid.size = cpu_to_le32(size);
}

#endif /* SYNTH2D_MSG_H */
