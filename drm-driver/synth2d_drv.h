/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth2d: DRM/KMS driver for the Hyper-V synthetic video device.
 * The device structure and the interfaces between the driver's files.
 */
#ifndef SYNTH2D_DRV_H
#define SYNTH2D_DRV_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <drm/drm_connector.h>
#include <drm/drm_crtc.h>
#include <drm/drm_device.h>
#include <drm/drm_encoder.h>
#include <drm/drm_plane.h>
#include <drm/drm_rect.h>

#include "synth2d_proto_parse.h"

struct hv_device;
struct resource;

/* Screen limits of a 3.2 host, also used when a 3.5 host sends no list. */
#define SYNTH2D_WIN8_MAX_WIDTH		1600
#define SYNTH2D_WIN8_MAX_HEIGHT		1200

/* Only 32 bpp XRGB8888 is used (protocol.md §0). */
#define SYNTH2D_CPP			4

/**
 * struct synth2d_scanout - what the host is told it shows
 * @active: a situation update was sent for this state
 * @width: screen width in pixels
 * @height: screen height in pixels
 * @pitch: bytes per VRAM line (width * 4: VRAM holds the visible screen)
 */
struct synth2d_scanout {
	bool active;
	u32 width;
	u32 height;
	u32 pitch;
};

/**
 * struct synth2d_proto - the synthvid channel of one device
 * @hdev: the VMBus device
 * @version: negotiated synthvid version
 * @seq: source of request ids and VRAM user contexts
 * @request_lock: one request with a reply outstanding at a time
 * @reply_done: completed when the awaited reply arrived
 * @lock: protects the fields from @wait_type to @closing
 * @wait_type: reply type being waited for, 0 when nobody waits
 * @wait_match: requested version or user context the reply must carry
 * @stale_version: version of a request that timed out (its late reply
 *	must not answer the next request)
 * @replied: the awaited reply arrived: @reply or @reply_error holds it
 * @reply_error: the awaited reply failed validation with this error
 * @reply: the awaited reply
 * @features: FEATURE_CHANGE flags as the host last sent them
 * @rises: flags that went from false to true, not yet acted on
 * @reconnect_pending: a FEATURE_CHANGE not yet acted on
 * @closing: the channel is closing; no new work is queued
 * @feature_work: reacts to FEATURE_CHANGE in process context
 * @dirt_lock: protects @dirt_msg
 * @dirt_msg: buffer for one DIRT message of up to 255 rectangles
 * @scanout_lock: serialises situation updates with @scanout
 * @scanout: what the host was last told it shows
 * @rx_msg: parse buffer of the receive callback (never concurrent)
 * @bad_msgs: malformed host messages dropped
 * @stray_replies: replies dropped because nobody waited for them
 *
 * Requests that expect a reply are matched on message type plus a
 * per-request value; a reply nobody waits for is dropped.
 */
struct synth2d_proto {
	struct hv_device *hdev;
	u32 version;
	atomic64_t seq;

	struct mutex request_lock;	/* one request at a time */
	struct completion reply_done;
	spinlock_t lock;		/* wait state, features, closing */
	u32 wait_type;
	u64 wait_match;
	u32 stale_version;
	bool replied;
	int reply_error;
	struct synth2d_host_msg reply;
	struct synth2d_features features;
	struct synth2d_features rises;
	bool reconnect_pending;
	bool closing;

	struct work_struct feature_work;

	struct mutex dirt_lock;		/* protects dirt_msg */
	void *dirt_msg;

	struct mutex scanout_lock;	/* situation updates, scanout */
	struct synth2d_scanout scanout;

	struct synth2d_host_msg rx_msg;

	atomic_t bad_msgs;
	atomic_t stray_replies;
};

/**
 * struct synth2d_device - one synthetic video device
 * @drm: the DRM device
 * @hdev: the VMBus device
 * @proto: the synthvid channel
 * @host_modes: the host's resolution list (synthvid >= 3.5), or count 0
 * @max_width: widest mode the host accepts
 * @max_height: tallest mode the host accepts
 * @preferred_width: width of the host's default mode
 * @preferred_height: height of the host's default mode
 * @vram_res: MMIO range allocated from VMBus for VRAM
 * @vram_base: guest physical address of VRAM
 * @vram_size: VRAM bytes (the offer's mmio_megabytes)
 * @vram: VRAM, mapped cacheable
 * @primary: the primary plane
 * @crtc: the CRTC
 * @encoder: the virtual encoder
 * @connector: the virtual connector
 * @dirt: rectangles collected by a plane update (synth2d_blit.c)
 */
struct synth2d_device {
	struct drm_device drm;
	struct hv_device *hdev;
	struct synth2d_proto proto;

	struct synth2d_host_modes host_modes;
	u32 max_width;
	u32 max_height;
	u32 preferred_width;
	u32 preferred_height;

	struct resource *vram_res;
	phys_addr_t vram_base;
	resource_size_t vram_size;
	void __iomem *vram;

	struct drm_plane primary;
	struct drm_crtc crtc;
	struct drm_encoder encoder;
	struct drm_connector connector;

	struct synth2d_dirt_batch *dirt;
};

static inline struct synth2d_device *to_synth2d(struct drm_device *drm)
{
	return container_of(drm, struct synth2d_device, drm);
}

static inline struct synth2d_device *proto_to_synth2d(struct synth2d_proto *p)
{
	return container_of(p, struct synth2d_device, proto);
}

/* synth2d_channel.c: the VMBus channel */
int synth2d_channel_open(struct synth2d_device *sd);
void synth2d_channel_close(struct synth2d_device *sd);

/* synth2d_proto.c: the synthvid protocol */
int synth2d_proto_init(struct synth2d_device *sd);
int synth2d_proto_connect(struct synth2d_device *sd);
int synth2d_proto_set_vram_location(struct synth2d_device *sd,
				    phys_addr_t gpa);
int synth2d_proto_set_scanout(struct synth2d_device *sd,
			      const struct synth2d_scanout *scanout);
int synth2d_proto_hide_host_pointer(struct synth2d_device *sd);
int synth2d_proto_send_dirt(struct synth2d_device *sd,
			    const struct drm_rect *rects, unsigned int count);
bool synth2d_proto_dirt_needed(struct synth2d_device *sd);

/* synth2d_modeset.c: KMS objects */
int synth2d_modeset_init(struct synth2d_device *sd);

/* synth2d_blit.c: shadow buffer to VRAM, damage to DIRT */
int synth2d_blit_init(struct synth2d_device *sd);
void synth2d_blit_damage(struct synth2d_device *sd,
			 struct drm_plane_state *old_state,
			 struct drm_plane_state *new_state);

#endif /* SYNTH2D_DRV_H */
