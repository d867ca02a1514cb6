/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Synthetic video (synthvid) messages. Every message travels as
 * pipe header + synth2d_synthvid_header + payload in one in-band packet.
 * Source: Linux drivers/gpu/drm/hyperv/hyperv_drm_proto.c, OpenVMM
 * vm/devices/uidevices/src/video/protocol.rs; docs/protocol.md §2.
 */
#ifndef SYNTH2D_SYNTHVID_H
#define SYNTH2D_SYNTHVID_H

#include "types.h"

/* Version word: minor << 16 | major (docs/protocol.md §2.3). */
#define SYNTH2D_SYNTHVID_VERSION(major, minor)	(((minor) << 16) | (major))
#define SYNTH2D_SYNTHVID_VERSION_WIN7	SYNTH2D_SYNTHVID_VERSION(3, 0)
#define SYNTH2D_SYNTHVID_VERSION_WIN8	SYNTH2D_SYNTHVID_VERSION(3, 2)
#define SYNTH2D_SYNTHVID_VERSION_WIN10	SYNTH2D_SYNTHVID_VERSION(3, 5)
#define SYNTH2D_SYNTHVID_VERSION_MAJOR(v)	((v) & 0xffff)
#define SYNTH2D_SYNTHVID_VERSION_MINOR(v)	(((v) >> 16) & 0xffff)

/* The value a host puts in is_accepted (TRUE_WITH_VERSION_EXCHANGE). */
#define SYNTH2D_SYNTHVID_ACCEPTED	2

enum synth2d_synthvid_type {
	SYNTH2D_SYNTHVID_ERROR = 0,
	SYNTH2D_SYNTHVID_VERSION_REQUEST = 1,
	SYNTH2D_SYNTHVID_VERSION_RESPONSE = 2,
	SYNTH2D_SYNTHVID_VRAM_LOCATION = 3,
	SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK = 4,
	SYNTH2D_SYNTHVID_SITUATION_UPDATE = 5,
	SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK = 6,
	SYNTH2D_SYNTHVID_POINTER_POSITION = 7,
	SYNTH2D_SYNTHVID_POINTER_SHAPE = 8,
	SYNTH2D_SYNTHVID_FEATURE_CHANGE = 9,
	SYNTH2D_SYNTHVID_DIRT = 10,
	SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST = 11,
	SYNTH2D_SYNTHVID_BIOS_INFO_RESPONSE = 12,
	SYNTH2D_SYNTHVID_RESOLUTION_REQUEST = 13,
	SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE = 14,
	SYNTH2D_SYNTHVID_CAPABILITY_REQUEST = 15,
	SYNTH2D_SYNTHVID_CAPABILITY_RESPONSE = 16,
	SYNTH2D_SYNTHVID_TYPE_COUNT
};

/*
 * size: Linux guests put header + payload, the OpenVMM host puts the
 * payload only; nobody reads it on receive (docs/protocol.md §2.2).
 */
struct synth2d_synthvid_header {
	__le32 type;
	__le32 size;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_header, 8);

/* Bytes in front of every synthvid payload: pipe + synthvid headers. */
#define SYNTH2D_SYNTHVID_HEADERS_SIZE	16

struct synth2d_synthvid_version_request {
	__le32 version;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_version_request, 4);

struct synth2d_synthvid_version_response {
	__le32 version;
	__u8 is_accepted;
	__u8 max_video_outputs;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_version_response, 6);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_version_response, is_accepted, 4);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_version_response, max_video_outputs, 5);

struct synth2d_synthvid_vram_location {
	__le64 user_ctx;
	__u8 is_vram_gpa_specified;
	__le64 vram_gpa;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_vram_location, 17);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_vram_location, is_vram_gpa_specified, 8);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_vram_location, vram_gpa, 9);

struct synth2d_synthvid_vram_location_ack {
	__le64 user_ctx;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_vram_location_ack, 8);

struct synth2d_synthvid_video_output {
	__u8 active;
	__le32 vram_offset;	/* must be 0 since Threshold */
	__u8 depth_bits;
	__le32 width_pixels;
	__le32 height_pixels;
	__le32 pitch_bytes;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_video_output, 18);

struct synth2d_synthvid_situation_update {
	__le64 user_ctx;
	__u8 video_output_count;
	struct synth2d_synthvid_video_output video_output[1];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_situation_update, 27);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output_count, 8);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].active, 9);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].vram_offset, 10);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].depth_bits, 14);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].width_pixels, 15);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].height_pixels, 19);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_situation_update, video_output[0].pitch_bytes, 23);

struct synth2d_synthvid_situation_update_ack {
	__le64 user_ctx;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_situation_update_ack, 8);

/* Pointer position: the upper-left pixel of the pointer image. */
struct synth2d_synthvid_pointer_position {
	__u8 is_visible;
	__u8 video_output;
	__le32 image_x;		/* signed */
	__le32 image_y;		/* signed */
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_pointer_position, 10);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_position, image_x, 2);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_position, image_y, 6);

#define SYNTH2D_CURSOR_MAX_WIDTH	96
#define SYNTH2D_CURSOR_MAX_HEIGHT	96
#define SYNTH2D_CURSOR_MAX_SIZE \
	(SYNTH2D_CURSOR_MAX_WIDTH * SYNTH2D_CURSOR_MAX_HEIGHT * 4)
/* Pixel bytes per POINTER_SHAPE message (CURSOR_MAX_PAYLOAD_SIZE). */
#define SYNTH2D_CURSOR_MAX_PAYLOAD	8192
/* part_idx of the last (or only) part of a shape. */
#define SYNTH2D_CURSOR_COMPLETE		0xff

/* Fixed part of POINTER_SHAPE; pixel data follows (ARGB: w * h * 4). */
struct synth2d_synthvid_pointer_shape {
	__u8 part_idx;
	__u8 is_argb;
	__le32 width;
	__le32 height;
	__le32 hot_x;
	__le32 hot_y;
	__u8 data[];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_pointer_shape, 18);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, is_argb, 1);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, width, 2);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, height, 6);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, hot_x, 10);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, hot_y, 14);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_pointer_shape, data, 18);

struct synth2d_synthvid_feature_change {
	__u8 is_dirt_needed;
	__u8 is_ptr_pos_needed;
	__u8 is_ptr_shape_needed;
	__u8 is_situ_needed;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_feature_change, 4);

/* Rectangle; right and bottom exclusive. */
struct synth2d_synthvid_rect {
	__le32 x1;
	__le32 y1;
	__le32 x2;
	__le32 y2;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_rect, 16);

#define SYNTH2D_DIRT_MAX_RECTS	255

struct synth2d_synthvid_dirt {
	__u8 video_output;
	__u8 dirt_count;
	struct synth2d_synthvid_rect rect[];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_dirt, 2);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_dirt, rect, 2);

struct synth2d_synthvid_bios_info_response {
	__le32 stop_device_supported;
	__u8 reserved[12];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_bios_info_response, 16);

#define SYNTH2D_RESOLUTION_MAX_COUNT	64
#define SYNTH2D_EDID_BLOCK_SIZE		128

struct synth2d_synthvid_resolution_request {
	__u8 maximum_resolution_count;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_resolution_request, 1);

struct synth2d_synthvid_resolution {
	__le16 width;
	__le16 height;
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_resolution, 4);

/* Variable length: only resolution_count entries are sent. */
struct synth2d_synthvid_resolution_response {
	__u8 edid_block[SYNTH2D_EDID_BLOCK_SIZE];
	__u8 resolution_count;
	__u8 default_resolution_index;
	__u8 is_standard;
	struct synth2d_synthvid_resolution
		supported_resolution[SYNTH2D_RESOLUTION_MAX_COUNT];
} __packed;
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_resolution_response, resolution_count, 128);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_resolution_response, default_resolution_index, 129);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_resolution_response, is_standard, 130);
SYNTH2D_ASSERT_OFFSET(struct synth2d_synthvid_resolution_response, supported_resolution, 131);
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_resolution_response, 131 + 4 * 64);
/* Payload bytes of a response carrying @count entries. */
#define SYNTH2D_RESOLUTION_RESPONSE_SIZE(count)	(131 + 4 * (count))

struct synth2d_synthvid_capability_response {
	__le32 flags;		/* bit 0: lock on disconnect */
	__le32 reserved[15];
} __packed;
SYNTH2D_ASSERT_SIZE(struct synth2d_synthvid_capability_response, 64);

/* Largest message either side sends, headers included (docs/protocol.md §0). */
#define SYNTH2D_SYNTHVID_MAX_MSG_SIZE	16384

#endif /* SYNTH2D_SYNTHVID_H */
