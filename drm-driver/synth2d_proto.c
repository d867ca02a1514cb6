// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthvid protocol: it builds every message the guest sends (pointer
 * shape and position included), runs the connect sequence and keeps what
 * the host said in FEATURE_CHANGE. It calls only the channel
 * (synth2d_channel.c); what the device does about a host event is in
 * synth2d_host_events.c.
 *
 * Wire facts: docs/protocol.md §2 (messages), §7.1-7.3 (sequences).
 */
#include <linux/hyperv.h>

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "synth2d_drv.h"
#include "synth2d_msg.h"

struct synth2d_msg_version_request {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_version_request body;
} __packed;

struct synth2d_msg_resolution_request {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_resolution_request body;
} __packed;

struct synth2d_msg_vram_location {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_vram_location body;
} __packed;

struct synth2d_msg_situation_update {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_situation_update body;
} __packed;

struct synth2d_msg_pointer_position {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_pointer_position body;
} __packed;

struct synth2d_msg_pointer_shape {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_pointer_shape body;
	u8 data[SYNTH2D_CURSOR_MAX_PAYLOAD];
} __packed;

struct synth2d_msg_pointer_shape_1x1 {
	struct synth2d_msg_headers hdr;
	struct synth2d_synthvid_pointer_shape body;
	u8 pixel[SYNTH2D_CPP];
} __packed;

#define SYNTH2D_DIRT_MSG_SIZE(count) \
	(sizeof(struct synth2d_msg_headers) + \
	 sizeof(struct synth2d_synthvid_dirt) + \
	 (count) * sizeof(struct synth2d_synthvid_rect))

static_assert(SYNTH2D_DIRT_MSG_SIZE(SYNTH2D_DIRT_MAX_RECTS) <=
	      SYNTH2D_SYNTHVID_MAX_MSG_SIZE);

/**
 * synth2d_proto_note_features() - record a FEATURE_CHANGE
 * @sd: the device
 * @f: the flags it carries
 *
 * Called from the channel's (atomic) receive callback. The flags take
 * effect for every later message at once; which of them went from false
 * to true is kept until synth2d_proto_take_feature_change().
 */
void synth2d_proto_note_features(struct synth2d_device *sd,
				 const struct synth2d_features *f)
{
	struct synth2d_proto *proto = &sd->proto;
	struct synth2d_features *cur = &proto->features;
	unsigned long flags;

	spin_lock_irqsave(&proto->features_lock, flags);
	proto->rises.dirt_needed |= f->dirt_needed && !cur->dirt_needed;
	proto->rises.ptr_pos_needed |= f->ptr_pos_needed && !cur->ptr_pos_needed;
	proto->rises.ptr_shape_needed |=
		f->ptr_shape_needed && !cur->ptr_shape_needed;
	proto->rises.situ_needed |= f->situ_needed && !cur->situ_needed;
	*cur = *f;
	proto->feature_change = true;
	spin_unlock_irqrestore(&proto->features_lock, flags);
}

/**
 * synth2d_proto_take_feature_change() - the FEATURE_CHANGE not acted on yet
 * @sd: the device
 * @rises: returns the flags that rose since the last call
 * @situ_needed: returns whether the host now asks for the situation
 *
 * Return: false when none came since the last call.
 */
bool synth2d_proto_take_feature_change(struct synth2d_device *sd,
				       struct synth2d_features *rises,
				       bool *situ_needed)
{
	struct synth2d_proto *proto = &sd->proto;
	unsigned long flags;
	bool pending;

	spin_lock_irqsave(&proto->features_lock, flags);
	pending = proto->feature_change;
	*rises = proto->rises;
	*situ_needed = proto->features.situ_needed;
	memset(&proto->rises, 0, sizeof(proto->rises));
	proto->feature_change = false;
	spin_unlock_irqrestore(&proto->features_lock, flags);
	return pending;
}

/**
 * synth2d_proto_forget_features() - a new channel: the host starts over
 * @sd: the device
 *
 * Before the channel opens again: the host's state machine starts from
 * the beginning (docs/protocol.md §6.9), with every flag false.
 */
void synth2d_proto_forget_features(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	unsigned long flags;

	spin_lock_irqsave(&proto->features_lock, flags);
	memset(&proto->features, 0, sizeof(proto->features));
	memset(&proto->rises, 0, sizeof(proto->rises));
	proto->feature_change = false;
	spin_unlock_irqrestore(&proto->features_lock, flags);
}

static int synth2d_proto_send_situation(struct synth2d_device *sd,
					const struct synth2d_scanout *s)
{
	struct synth2d_msg_situation_update msg = {};
	struct synth2d_synthvid_video_output *out = &msg.body.video_output[0];

	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_SITUATION_UPDATE, sizeof(msg));
	msg.body.user_ctx = 0;
	msg.body.video_output_count = 1;
	out->active = 1;
	out->vram_offset = 0;	/* must be 0 since Threshold (docs/protocol.md §2.5) */
	out->depth_bits = SYNTH2D_CPP * 8;
	out->width_pixels = cpu_to_le32(s->width);
	out->height_pixels = cpu_to_le32(s->height);
	out->pitch_bytes = cpu_to_le32(s->pitch);
	return synth2d_channel_send(&sd->chan, &msg, sizeof(msg));
}

static int synth2d_proto_send_dirt_locked(struct synth2d_device *sd,
					  const struct drm_rect *rects,
					  unsigned int count)
{
	struct synth2d_msg_headers *hdr = sd->proto.dirt_msg;
	struct synth2d_synthvid_dirt *dirt = (void *)(hdr + 1);
	size_t len = SYNTH2D_DIRT_MSG_SIZE(count);
	unsigned int i;

	synth2d_msg_init(hdr, SYNTH2D_SYNTHVID_DIRT, len);
	dirt->video_output = 0;
	dirt->dirt_count = count;
	for (i = 0; i < count; i++) {
		/* Right and bottom are exclusive, as in drm_rect (docs/protocol.md §2.7). */
		dirt->rect[i].x1 = cpu_to_le32(rects[i].x1);
		dirt->rect[i].y1 = cpu_to_le32(rects[i].y1);
		dirt->rect[i].x2 = cpu_to_le32(rects[i].x2);
		dirt->rect[i].y2 = cpu_to_le32(rects[i].y2);
	}
	return synth2d_channel_send(&sd->chan, hdr, len);
}

/**
 * synth2d_proto_send_dirt() - tell the host which screen areas changed
 * @sd: the device
 * @rects: changed rectangles in screen coordinates
 * @count: number of @rects; more than a message holds are split
 *
 * Sends nothing while the host has not asked for DIRT (FEATURE_CHANGE
 * is_dirt_needed; false until the host says so, as in Linux, docs/protocol.md §2.6).
 *
 * Return: 0 or a negative error code from sending.
 */
int synth2d_proto_send_dirt(struct synth2d_device *sd,
			    const struct drm_rect *rects, unsigned int count)
{
	struct synth2d_proto *proto = &sd->proto;
	unsigned int n;
	int ret = 0;

	if (!count || !synth2d_proto_features(sd).dirt_needed)
		return 0;

	mutex_lock(&proto->dirt_lock);
	while (count && !ret) {
		n = min_t(unsigned int, count, SYNTH2D_DIRT_MAX_RECTS);
		ret = synth2d_proto_send_dirt_locked(sd, rects, n);
		rects += n;
		count -= n;
	}
	mutex_unlock(&proto->dirt_lock);
	return ret;
}

/**
 * synth2d_proto_features() - what the host last said it needs
 * @sd: the device
 *
 * Return: a snapshot of the FEATURE_CHANGE flags, taken under the lock
 * the receive callback updates them with.
 */
struct synth2d_features synth2d_proto_features(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	struct synth2d_features features;
	unsigned long flags;

	spin_lock_irqsave(&proto->features_lock, flags);
	features = proto->features;
	spin_unlock_irqrestore(&proto->features_lock, flags);
	return features;
}

/**
 * synth2d_proto_send_pointer_shape() - give the host the pointer's image
 * @sd: the device
 * @pixels: @width x @height ARGB8888 pixels, straight alpha
 * @width: image width, 1..96
 * @height: image height, 1..96
 * @hot_x: hotspot inside the image, x
 * @hot_y: hotspot inside the image, y
 *
 * One message when the pixels fit 8 KiB, else parts 0, 1, ... of 8 KiB
 * and a final part 0xFF, each with the full header (docs/protocol.md
 * §2.9, §7.4). Callers serialise (cursor.lock): one message buffer.
 *
 * Return: 0 or a negative error code from sending.
 */
int synth2d_proto_send_pointer_shape(struct synth2d_device *sd,
				     const u32 *pixels, u32 width, u32 height,
				     u32 hot_x, u32 hot_y)
{
	struct synth2d_msg_pointer_shape *msg = sd->proto.shape_msg;
	size_t total = (size_t)width * height * SYNTH2D_CPP;
	const u8 *src = (const u8 *)pixels;
	size_t off = 0, n;
	unsigned int part = 0;
	int ret;

	do {
		n = min_t(size_t, total - off, SYNTH2D_CURSOR_MAX_PAYLOAD);
		synth2d_msg_init(msg, SYNTH2D_SYNTHVID_POINTER_SHAPE,
				 offsetof(struct synth2d_msg_pointer_shape, data) + n);
		msg->body.part_idx = off + n == total ? SYNTH2D_CURSOR_COMPLETE :
							part;
		msg->body.is_argb = 1;
		msg->body.width = cpu_to_le32(width);
		msg->body.height = cpu_to_le32(height);
		msg->body.hot_x = cpu_to_le32(hot_x);
		msg->body.hot_y = cpu_to_le32(hot_y);
		memcpy(msg->data, src + off, n);
		ret = synth2d_channel_send(&sd->chan, msg,
					   offsetof(struct synth2d_msg_pointer_shape,
						    data) + n);
		if (ret)
			return ret;
		atomic64_inc(&sd->counters.shape_parts);
		off += n;
		part++;
	} while (off < total);
	atomic64_inc(&sd->counters.shape_uploads);
	return 0;
}

/**
 * synth2d_proto_send_pointer_position() - tell the host where the image is
 * @sd: the device
 * @x: screen position of the image's top-left pixel, x
 * @y: screen position of the image's top-left pixel, y
 *
 * Return: 0 or a negative error code from sending.
 */
int synth2d_proto_send_pointer_position(struct synth2d_device *sd, int x,
					int y)
{
	struct synth2d_msg_pointer_position msg = {};

	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_POINTER_POSITION, sizeof(msg));
	msg.body.is_visible = 1;
	msg.body.video_output = 0;
	msg.body.image_x = cpu_to_le32(x);
	msg.body.image_y = cpu_to_le32(y);
	atomic64_inc(&sd->counters.positions);
	return synth2d_channel_send(&sd->chan, &msg, sizeof(msg));
}

/**
 * synth2d_proto_hide_host_pointer() - make the host's pointer invisible
 * @sd: the device
 *
 * The host always draws a pointer; without a cursor plane the guest draws
 * its own, so the host's is replaced by a 1x1 shape with alpha 1/255 at
 * 0,0 and visible=1 -- the pair Linux sends, as is_visible=0 does not work
 * on real hosts (docs/protocol.md §3).
 *
 * Return: 0 or a negative error code from sending.
 */
int synth2d_proto_hide_host_pointer(struct synth2d_device *sd)
{
	struct synth2d_msg_pointer_shape_1x1 shape = {};
	int ret;

	ret = synth2d_proto_send_pointer_position(sd, 0, 0);
	if (ret)
		return ret;

	synth2d_msg_init(&shape, SYNTH2D_SYNTHVID_POINTER_SHAPE, sizeof(shape));
	shape.body.part_idx = SYNTH2D_CURSOR_COMPLETE;
	shape.body.is_argb = 1;
	shape.body.width = cpu_to_le32(1);
	shape.body.height = cpu_to_le32(1);
	/* Bytes B, G, R, A of the pixel Linux sends. */
	shape.pixel[0] = 0;
	shape.pixel[1] = 1;
	shape.pixel[2] = 1;
	shape.pixel[3] = 1;
	return synth2d_channel_send(&sd->chan, &shape, sizeof(shape));
}

/**
 * synth2d_proto_set_scanout() - record and announce what the host shows
 * @sd: the device
 * @scanout: the new display state
 *
 * An active scanout is sent as SITUATION_UPDATE (its ack is not waited
 * for, as in Linux). An inactive one is only recorded: Linux never sends
 * active=0 and its effect on real hosts is unknown (docs/protocol.md §2.5).
 *
 * Return: 0 or a negative error code from sending.
 */
int synth2d_proto_set_scanout(struct synth2d_device *sd,
			      const struct synth2d_scanout *scanout)
{
	struct synth2d_proto *proto = &sd->proto;
	int ret = 0;

	mutex_lock(&proto->scanout_lock);
	proto->scanout = *scanout;
	if (scanout->active)
		ret = synth2d_proto_send_situation(sd, scanout);
	mutex_unlock(&proto->scanout_lock);
	return ret;
}

/**
 * synth2d_proto_refresh() - bring the host up to date after flags rose
 * @sd: the device
 * @rises: the flags that went from false to true
 *
 * When a flag rises the guest must send at least one message of that
 * kind (docs/protocol.md §2.6): the situation, and DIRT for the whole
 * screen, while a scanout is active.
 */
void synth2d_proto_refresh(struct synth2d_device *sd,
			   const struct synth2d_features *rises)
{
	struct synth2d_proto *proto = &sd->proto;
	struct drm_rect full;

	mutex_lock(&proto->scanout_lock);
	if (proto->scanout.active) {
		if (rises->situ_needed)
			synth2d_proto_send_situation(sd, &proto->scanout);
		if (rises->dirt_needed) {
			drm_rect_init(&full, 0, 0, proto->scanout.width,
				      proto->scanout.height);
			synth2d_proto_send_dirt(sd, &full, 1);
		}
	}
	mutex_unlock(&proto->scanout_lock);
}

static int synth2d_proto_negotiate_version(struct synth2d_device *sd,
					   u32 version)
{
	struct synth2d_msg_version_request msg = {};
	struct synth2d_host_msg reply;
	int ret;

	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_VERSION_REQUEST, sizeof(msg));
	msg.body.version = cpu_to_le32(version);
	/* Hosts echo the requested version (docs/protocol.md §2.3). */
	ret = synth2d_channel_request(&sd->chan, &msg, sizeof(msg),
				      SYNTH2D_SYNTHVID_VERSION_RESPONSE,
				      version, &reply);
	if (ret)
		return ret;
	if (!reply.version.accepted)
		return -EPROTONOSUPPORT;
	sd->proto.version = version;
	return 0;
}

/*
 * Version choice (docs/protocol.md §2.3): hosts that speak VMBus 2.4/3.0
 * (Windows 8 / 8.1 era) never offer synthvid 3.5, so they are asked for
 * 3.2 only, as Linux does. All others are asked for 3.5 first and, on
 * rejection or timeout, for 3.2 -- Linux skips that fallback on VMBus
 * versions it does not list, but a host rejects by returning to its
 * version wait, so the retry costs nothing and keeps newer hosts that
 * dropped 3.5 working. A late 3.5 reply cannot be taken for the 3.2 one:
 * replies are matched on the echoed version.
 */
static int synth2d_proto_negotiate(struct synth2d_device *sd)
{
	int ret;

	if (vmbus_proto_version != VERSION_WIN8 &&
	    vmbus_proto_version != VERSION_WIN8_1) {
		ret = synth2d_proto_negotiate_version(sd,
						      SYNTH2D_SYNTHVID_VERSION_WIN10);
		if (!ret)
			return 0;
		if (ret != -EPROTONOSUPPORT && ret != -ETIMEDOUT)
			return ret;
		drm_info(&sd->drm, "synthvid 3.5 not accepted (%d), trying 3.2\n",
			 ret);
	}
	return synth2d_proto_negotiate_version(sd,
					       SYNTH2D_SYNTHVID_VERSION_WIN8);
}

static bool synth2d_version_ge(u32 a, u32 b)
{
	u32 amaj = SYNTH2D_SYNTHVID_VERSION_MAJOR(a);
	u32 bmaj = SYNTH2D_SYNTHVID_VERSION_MAJOR(b);

	return amaj > bmaj ||
	       (amaj == bmaj && SYNTH2D_SYNTHVID_VERSION_MINOR(a) >=
				SYNTH2D_SYNTHVID_VERSION_MINOR(b));
}

/**
 * synth2d_proto_get_host_modes() - ask the host for its resolution list
 * @sd: the device
 * @modes: returns the validated list; empty from a host older than
 *	synthvid 3.5, which has none (docs/protocol.md §2.10)
 *
 * Return: 0 or a negative error code.
 */
int synth2d_proto_get_host_modes(struct synth2d_device *sd,
				 struct synth2d_host_modes *modes)
{
	struct synth2d_msg_resolution_request msg = {};
	struct synth2d_host_msg reply;
	int ret;

	memset(modes, 0, sizeof(*modes));
	if (!synth2d_version_ge(sd->proto.version,
				SYNTH2D_SYNTHVID_VERSION_WIN10))
		return 0;
	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_RESOLUTION_REQUEST,
			 sizeof(msg));
	/* Hosts answer count 0 to a maximum below 64 (docs/protocol.md §6.6). */
	msg.body.maximum_resolution_count = SYNTH2D_RESOLUTION_MAX_COUNT;
	ret = synth2d_channel_request(&sd->chan, &msg, sizeof(msg),
				      SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE, 0,
				      &reply);
	if (ret)
		return ret;
	*modes = reply.modes;
	return 0;
}

/* Screen limits from the host's list, or the 3.2 defaults (docs/protocol.md §2.10). */
void synth2d_proto_set_screen_limits(struct synth2d_device *sd)
{
	const struct synth2d_host_modes *modes = &sd->host_modes;
	unsigned int i;

	if (!modes->count) {
		sd->max_width = SYNTH2D_WIN8_MAX_WIDTH;
		sd->max_height = SYNTH2D_WIN8_MAX_HEIGHT;
		sd->preferred_width = SYNTH2D_WIN8_MAX_WIDTH;
		sd->preferred_height = SYNTH2D_WIN8_MAX_HEIGHT;
		return;
	}
	sd->max_width = 0;
	sd->max_height = 0;
	for (i = 0; i < modes->count; i++) {
		sd->max_width = max_t(u32, sd->max_width, modes->mode[i].width);
		sd->max_height = max_t(u32, sd->max_height,
				       modes->mode[i].height);
	}
	sd->preferred_width = modes->mode[modes->default_index].width;
	sd->preferred_height = modes->mode[modes->default_index].height;
}

/**
 * synth2d_proto_connect() - negotiate the protocol version
 * @sd: the device, with its channel open
 *
 * Return: 0, or a negative error code when no version was accepted.
 */
int synth2d_proto_connect(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	int ret;

	ret = synth2d_proto_negotiate(sd);
	if (ret) {
		drm_err(&sd->drm, "no synthvid version accepted: %d\n", ret);
		return ret;
	}
	drm_info(&sd->drm, "synthvid version %u.%u\n",
		 SYNTH2D_SYNTHVID_VERSION_MAJOR(proto->version),
		 SYNTH2D_SYNTHVID_VERSION_MINOR(proto->version));
	return 0;
}

/**
 * synth2d_proto_set_vram_location() - tell the host where VRAM is
 * @sd: the device
 * @gpa: guest physical address of the VRAM range
 *
 * The user context is a fresh request number, so the ack that belongs to
 * this request is told apart from any earlier one (docs/protocol.md §2.4).
 *
 * Return: 0 once the host acked, else a negative error code.
 */
int synth2d_proto_set_vram_location(struct synth2d_device *sd,
				    phys_addr_t gpa)
{
	struct synth2d_msg_vram_location msg = {};
	struct synth2d_host_msg reply;
	u64 ctx = atomic64_inc_return(&sd->proto.vram_ctx);

	synth2d_msg_init(&msg, SYNTH2D_SYNTHVID_VRAM_LOCATION, sizeof(msg));
	msg.body.user_ctx = cpu_to_le64(ctx);
	msg.body.is_vram_gpa_specified = 1;
	msg.body.vram_gpa = cpu_to_le64(gpa);
	return synth2d_channel_request(&sd->chan, &msg, sizeof(msg),
				       SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, ctx,
				       &reply);
}

/**
 * synth2d_proto_init() - set up the protocol state of a new device
 * @sd: the device
 *
 * Return: 0 or a negative error code.
 */
int synth2d_proto_init(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	int ret;

	atomic64_set(&proto->vram_ctx, 0);
	spin_lock_init(&proto->features_lock);
	ret = drmm_mutex_init(&sd->drm, &proto->scanout_lock);
	if (ret)
		return ret;
	ret = drmm_mutex_init(&sd->drm, &proto->dirt_lock);
	if (ret)
		return ret;

	proto->dirt_msg = drmm_kzalloc(&sd->drm,
				       SYNTH2D_DIRT_MSG_SIZE(SYNTH2D_DIRT_MAX_RECTS),
				       GFP_KERNEL);
	proto->shape_msg = drmm_kzalloc(&sd->drm,
					sizeof(struct synth2d_msg_pointer_shape),
					GFP_KERNEL);
	return proto->dirt_msg && proto->shape_msg ? 0 : -ENOMEM;
}
