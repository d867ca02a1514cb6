/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interfaces between synth2d_proto.c (the guest's messages) and
 * synth2d_channel.c (transport, receive path, request/reply matching).
 */
#ifndef SYNTH2D_PROTO_H
#define SYNTH2D_PROTO_H

#include <linux/types.h>
#include <asm/byteorder.h>

#include <synth2d/pipe.h>
#include <synth2d/synthvid.h>

struct synth2d_device;
struct synth2d_features;
struct synth2d_host_msg;
struct synth2d_proto;

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

int synth2d_channel_init(struct synth2d_device *sd);
int synth2d_channel_send(struct synth2d_proto *proto, void *msg, size_t len);
int synth2d_channel_request(struct synth2d_proto *proto, void *msg, size_t len,
			    u32 reply_type, u64 match,
			    struct synth2d_host_msg *reply);

/* synth2d_proto.c: reaction to a valid FEATURE_CHANGE (atomic context) */
void synth2d_proto_feature_change(struct synth2d_proto *proto,
				  const struct synth2d_features *f);

#endif /* SYNTH2D_PROTO_H */
