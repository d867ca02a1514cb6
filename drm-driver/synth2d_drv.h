/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth2d: DRM/KMS driver for the Hyper-V synthetic video device.
 * The device structure and the interfaces between the driver's files.
 */
#ifndef SYNTH2D_DRV_H
#define SYNTH2D_DRV_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <drm/drm_connector.h>
#include <drm/drm_crtc.h>
#include <drm/drm_device.h>
#include <drm/drm_rect.h>
#include <drm/drm_encoder.h>
#include <drm/drm_plane.h>
#include <drm/drm_rect.h>

#include "synth2d_proto_parse.h"

struct hv_device;
struct resource;

/* Screen limits of a 3.2 host, also used when a 3.5 host sends no list. */
#define SYNTH2D_WIN8_MAX_WIDTH		1600
#define SYNTH2D_WIN8_MAX_HEIGHT		1200

/* Only 32 bpp XRGB8888 is used (docs/protocol.md §0). */
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

struct synth2d_channel;

/* Called with each valid FEATURE_CHANGE, in the channel's atomic callback. */
typedef void (*synth2d_feature_hook)(struct synth2d_channel *chan,
				     const struct synth2d_features *f);

/**
 * struct synth2d_channel - the VMBus channel of one device (transport)
 * @hdev: the VMBus device
 * @seq: source of packet request ids
 * @request_lock: one request with a reply outstanding at a time
 * @reply_done: completed when the awaited reply arrived
 * @lock: protects the fields from @wait_type to @reply
 * @wait_type: reply type being waited for, 0 when nobody waits
 * @wait_match: requested version or user context the reply must carry
 * @stale_version: version of a version request that timed out (its late
 *	reply must not answer the next request)
 * @replied: the awaited reply arrived: @reply or @reply_error holds it
 * @reply_error: the awaited reply failed validation with this error
 * @reply: the awaited reply
 * @send_lock: held for reading around each send, for writing to close
 * @open: the channel is open (sends are refused while it is not)
 * @feature_change: the hook host events go up through (set once, before
 *	the channel first opens)
 * @rx_msg: parse buffer of the receive callback (never concurrent)
 * @bad_msgs: malformed host messages dropped
 * @stray_replies: replies dropped because nobody waited for them
 *
 * It moves bytes and completes waiters, nothing else. Requests that
 * expect a reply are matched on message type plus a per-request value; a
 * reply nobody waits for is dropped.
 */
struct synth2d_channel {
	struct hv_device *hdev;
	atomic64_t seq;

	struct mutex request_lock;	/* one request at a time */
	struct completion reply_done;
	spinlock_t lock;		/* wait state */
	u32 wait_type;
	u64 wait_match;
	u32 stale_version;
	bool replied;
	int reply_error;
	struct synth2d_host_msg reply;
	rwlock_t send_lock;		/* @open against sends */
	bool open;

	synth2d_feature_hook feature_change;
	struct synth2d_host_msg rx_msg;

	atomic_t bad_msgs;
	atomic_t stray_replies;
};

/**
 * struct synth2d_proto - what the synthvid protocol keeps of the host
 * @version: negotiated synthvid version
 * @vram_ctx: source of VRAM_LOCATION user contexts
 * @features_lock: protects @features, @rises and @feature_change
 * @features: FEATURE_CHANGE flags as the host last sent them
 * @rises: flags that went from false to true, not yet acted on
 * @feature_change: a FEATURE_CHANGE not yet acted on
 * @dirt_lock: protects @dirt_msg
 * @dirt_msg: buffer for one DIRT message of up to 255 rectangles
 * @shape_msg: buffer for one POINTER_SHAPE message (callers of
 *	synth2d_proto_send_pointer_shape() serialise on cursor.lock)
 * @scanout_lock: serialises situation updates with @scanout
 * @scanout: what the host was last told it shows
 */
struct synth2d_proto {
	u32 version;
	atomic64_t vram_ctx;

	spinlock_t features_lock;	/* see above */
	struct synth2d_features features;
	struct synth2d_features rises;
	bool feature_change;

	struct mutex dirt_lock;		/* protects dirt_msg */
	void *dirt_msg;
	void *shape_msg;

	struct mutex scanout_lock;	/* situation updates, scanout */
	struct synth2d_scanout scanout;
};

/**
 * struct synth2d_host_events - the device's reaction to host events
 * @lock: protects @running
 * @running: the device is connected: FEATURE_CHANGE is acted on now
 *	rather than kept for synth2d_host_events_start()
 * @work: reacts in process context
 */
struct synth2d_host_events {
	spinlock_t lock;		/* see above */
	bool running;
	struct work_struct work;
};

/* How the pointer reaches the screen (synth2d_cursor.c, docs/display.md). */
enum synth2d_cursor_mode {
	SYNTH2D_CURSOR_OFF,		/* no cursor: host pointer hidden */
	SYNTH2D_CURSOR_HOST,		/* host draws the shape */
	SYNTH2D_CURSOR_COMPOSED,	/* drawn into VRAM, host pointer hidden */
};

/**
 * struct synth2d_blit_pointer - a pointer drawn into VRAM (synth2d_blit_pointer.c)
 * @drawn: it is in VRAM now, and @under holds the pixels it covers
 * @screen_w: the screen's width in pixels, 0 with the CRTC off
 * @screen_h: the screen's height in pixels
 * @pos: the image's area on the screen, not clipped to it
 * @image: the image, straight alpha, drm_rect_width(@pos) pixels a line
 * @under: VRAM pixels under the part of @pos on the screen, same layout
 * @line: one line of blended pixels on its way to VRAM
 *
 * Protected by the device's compose_lock.
 */
struct synth2d_blit_pointer {
	bool drawn;
	u32 screen_w;
	u32 screen_h;
	struct drm_rect pos;
	u32 *image;
	u32 *under;
	__le32 *line;
};

/**
 * struct synth2d_cursor - what the host was told about the pointer
 * @lock: serialises cursor updates and FEATURE_CHANGE re-sends
 * @mode: current mode
 * @owner: client that set the legacy cursor (kernels without hotspot
 *	planes), hidden when it closes
 * @crtc_x: legacy cursor: screen position of the untrimmed image, x
 * @crtc_y: legacy cursor: screen position of the untrimmed image, y
 * @trim_x: left margin trimmed off the image
 * @trim_y: top margin trimmed off the image
 * @width: trimmed image width, 0 when fully transparent
 * @height: trimmed image height
 * @hot_x: hotspot in the trimmed image, x
 * @hot_y: hotspot in the trimmed image, y
 * @x: screen position of the trimmed image's top-left pixel, x
 * @y: screen position of the trimmed image's top-left pixel, y
 * @image: trimmed image, @width x @height ARGB8888
 */
struct synth2d_cursor {
	struct mutex lock;		/* see above */
	enum synth2d_cursor_mode mode;
	struct drm_file *owner;
	int crtc_x;
	int crtc_y;
	u32 trim_x;
	u32 trim_y;
	u32 width;
	u32 height;
	u32 hot_x;
	u32 hot_y;
	int x;
	int y;
	u32 *image;
};

/**
 * struct synth2d_vblank - vblank emulated at the mode's refresh rate
 * @timer: fires once per frame while vblank interrupts are enabled
 * @period: frame duration
 * @anchor: a vblank of the current mode; every vblank is @anchor plus a
 *	whole number of @period, whether the timer runs or not
 * @enabled: the timer should keep running
 *
 * @period and @anchor change only in synth2d_vblank_set_mode(), while
 * vblank is off for the CRTC.
 */
struct synth2d_vblank {
	struct hrtimer timer;
	ktime_t period;
	ktime_t anchor;
	bool enabled;
};

/**
 * struct synth2d_crc - the CRTC's CRC source (synth2d_crc.c)
 * @lock: protects @enabled, @pending, @frame, @next and @reported
 * @enabled: a capture is open: each vblank queues @work
 * @pending: a vblank happened since @work last ran
 * @frame: vblank count of that vblank
 * @next: first frame without an entry, once @reported
 * @reported: the capture has entries
 * @work: sums the composed image, adds the entries
 * @line: VRAM pixels being summed
 * @pointer: copy of the cursor image drawn into the sum
 * @computed: CRCs computed (debugfs)
 * @ns: time spent computing them (debugfs)
 */
struct synth2d_crc {
	spinlock_t lock;		/* see above */
	bool enabled;
	bool pending;
	u64 frame;
	u64 next;
	bool reported;
	struct work_struct work;
	__le32 *line;
	u32 *pointer;
	atomic64_t computed;
	atomic64_t ns;
};

/* Counters shown in debugfs (synth2d_debugfs.c). */
struct synth2d_counters {
	atomic64_t dirt_msgs;
	atomic64_t dirt_rects;
	atomic64_t vram_bytes;
	atomic64_t blit_ns;
	atomic64_t commits;
	atomic64_t shape_uploads;
	atomic64_t shape_parts;
	atomic64_t positions;
	atomic64_t hotplugs;
	/* synthvid messages by type: sent, and received intact */
	atomic64_t sent[SYNTH2D_SYNTHVID_TYPE_COUNT];
	atomic64_t received[SYNTH2D_SYNTHVID_TYPE_COUNT];
};

/* Count one synthvid message of @type in @by_type (types beyond are not). */
static inline void synth2d_count_message(atomic64_t *by_type, u32 type)
{
	if (type < SYNTH2D_SYNTHVID_TYPE_COUNT)
		atomic64_inc(&by_type[type]);
}

/**
 * struct synth2d_device - one synthetic video device
 * @drm: the DRM device
 * @hdev: the VMBus device
 * @chan: the VMBus channel
 * @proto: the synthvid protocol state
 * @events: the reaction to host events (synth2d_host_events.c)
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
 * @compose_lock: held while VRAM is written (synth2d_blit_lock())
 * @dirt: rectangles written since synth2d_blit_lock() (synth2d_blit.c)
 * @line: XRGB8888 pixels converted from another format (synth2d_blit.c)
 * @pointer: a pointer drawn into VRAM (synth2d_blit_pointer.c)
 * @cursor_plane: the cursor plane (kernels with hotspot planes)
 * @cursor: cursor state (synth2d_cursor.c)
 * @vblank: vblank emulation (synth2d_vblank.c)
 * @crc: the CRC source (synth2d_crc.c)
 * @counters: statistics for debugfs
 * @hotplug_mode_update: connector property telling clients to follow
 *	host-initiated mode changes
 * @modes_ready: the KMS objects exist; host mode changes can be followed
 */
struct synth2d_device {
	struct drm_device drm;
	struct hv_device *hdev;
	struct synth2d_channel chan;
	struct synth2d_proto proto;
	struct synth2d_host_events events;

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

	struct mutex compose_lock;	/* see above */
	struct synth2d_dirt_batch *dirt;
	__le32 *line;
	struct synth2d_blit_pointer pointer;

	struct drm_plane cursor_plane;
	struct synth2d_cursor cursor;
	struct synth2d_vblank vblank;
	struct synth2d_crc crc;
	struct synth2d_counters counters;
	struct drm_property *hotplug_mode_update;
	bool modes_ready;
};

static inline struct synth2d_device *to_synth2d(struct drm_device *drm)
{
	return container_of(drm, struct synth2d_device, drm);
}

static inline struct synth2d_device *channel_to_synth2d(struct synth2d_channel *p)
{
	return container_of(p, struct synth2d_device, chan);
}

/* synth2d_channel.c: the VMBus channel (transport) */
int synth2d_channel_init(struct synth2d_channel *chan,
			 synth2d_feature_hook feature_change);
int synth2d_channel_open(struct synth2d_channel *chan);
void synth2d_channel_close(struct synth2d_channel *chan);
bool synth2d_channel_is_open(struct synth2d_channel *chan);
int synth2d_channel_send(struct synth2d_channel *chan, void *msg, size_t len);
int synth2d_channel_request(struct synth2d_channel *chan, void *msg,
			    size_t len, u32 reply_type, u64 match,
			    struct synth2d_host_msg *reply);

/* synth2d_host_events.c: the device's reaction to host events */
int synth2d_host_events_init(struct synth2d_device *sd);
void synth2d_host_feature_change(struct synth2d_channel *chan,
				 const struct synth2d_features *f);
void synth2d_host_events_start(struct synth2d_device *sd);
void synth2d_host_events_close(struct synth2d_device *sd);

/* synth2d_pm.c: hibernation (freeze/thaw/poweroff/restore) */
int synth2d_pm_suspend(struct hv_device *hdev);
int synth2d_pm_resume(struct hv_device *hdev);
void synth2d_pm_forget(struct synth2d_device *sd);

/* synth2d_proto.c: the synthvid protocol */
int synth2d_proto_init(struct synth2d_device *sd);
int synth2d_proto_connect(struct synth2d_device *sd);
int synth2d_proto_set_vram_location(struct synth2d_device *sd,
				    phys_addr_t gpa);
int synth2d_proto_set_scanout(struct synth2d_device *sd,
			      const struct synth2d_scanout *scanout);
int synth2d_proto_hide_host_pointer(struct synth2d_device *sd);
int synth2d_proto_send_pointer_shape(struct synth2d_device *sd,
				     const u32 *pixels, u32 width, u32 height,
				     u32 hot_x, u32 hot_y);
int synth2d_proto_send_pointer_position(struct synth2d_device *sd, int x,
					int y);
int synth2d_proto_send_dirt(struct synth2d_device *sd,
			    const struct drm_rect *rects, unsigned int count);
struct synth2d_features synth2d_proto_features(struct synth2d_device *sd);
void synth2d_proto_note_features(struct synth2d_device *sd,
				 const struct synth2d_features *f);
bool synth2d_proto_take_feature_change(struct synth2d_device *sd,
				       struct synth2d_features *rises,
				       bool *situ_needed);
void synth2d_proto_forget_features(struct synth2d_device *sd);
void synth2d_proto_refresh(struct synth2d_device *sd,
			   const struct synth2d_features *rises);
int synth2d_proto_get_host_modes(struct synth2d_device *sd,
				 struct synth2d_host_modes *modes);
void synth2d_proto_set_screen_limits(struct synth2d_device *sd);

/* synth2d_modeset.c: KMS objects */
int synth2d_modeset_init(struct synth2d_device *sd);

/* synth2d_format.c: other framebuffer formats to XRGB8888 */
void synth2d_format_line(__le32 *dst, const void *src, unsigned int width,
			 u32 format);
bool synth2d_format_converts(u32 format);

/* synth2d_blit.c: shadow buffer to VRAM, damage to DIRT */
int synth2d_blit_init(struct synth2d_device *sd);
void synth2d_blit_lock(struct synth2d_device *sd);
void synth2d_blit_unlock(struct synth2d_device *sd);
void synth2d_blit_report(struct synth2d_device *sd, const struct drm_rect *rect);
void synth2d_blit_damage(struct synth2d_device *sd,
			 const struct drm_crtc_state *crtc_state,
			 struct drm_plane_state *old_state,
			 struct drm_plane_state *new_state);
void synth2d_blit_uncovered(struct synth2d_device *sd,
			    const struct drm_crtc_state *crtc_state,
			    const struct drm_plane_state *old_primary,
			    const struct drm_plane_state *new_primary);

/* synth2d_blit_pointer.c: a pointer drawn into VRAM */
int synth2d_blit_pointer_init(struct synth2d_device *sd);
void synth2d_blit_pointer_show(struct synth2d_device *sd, const u32 *image,
			       u32 width, u32 height, int x, int y);
void synth2d_blit_pointer_hide(struct synth2d_device *sd);
void synth2d_blit_pointer_redraw(struct synth2d_device *sd,
				 const struct drm_rect *rect);
void synth2d_blit_pointer_screen(struct synth2d_device *sd, u32 width,
				 u32 height);

/* synth2d_cursor.c: the cursor contract, host pointer messages */
int synth2d_cursor_init(struct synth2d_device *sd);
void synth2d_cursor_load_locked(struct synth2d_device *sd, const u8 *base,
				unsigned int pitch, u32 width, u32 height,
				u32 hot_x, u32 hot_y);
void synth2d_cursor_show_locked(struct synth2d_device *sd, bool new_shape,
				int crtc_x, int crtc_y);
void synth2d_cursor_hide_locked(struct synth2d_device *sd);
void synth2d_cursor_resend(struct synth2d_device *sd);
void synth2d_cursor_restore(struct synth2d_device *sd);
const char *synth2d_cursor_mode_name(enum synth2d_cursor_mode mode);

/*
 * synth2d_cursor_plane.c (kernels with hotspot planes) or
 * synth2d_cursor_legacy.c (before): how clients set the cursor.
 */
struct drm_plane *synth2d_cursor_plane_create(struct synth2d_device *sd);
void synth2d_cursor_flush(struct synth2d_device *sd,
			  struct drm_atomic_state *state);
void synth2d_cursor_file_closed(struct synth2d_device *sd,
				struct drm_file *file);
int synth2d_cursor_set2(struct drm_crtc *crtc, struct drm_file *file,
			u32 handle, u32 width, u32 height, s32 hot_x, s32 hot_y);
int synth2d_cursor_move(struct drm_crtc *crtc, int x, int y);

/* synth2d_vblank.c: vblank timer */
int synth2d_vblank_init(struct synth2d_device *sd);
void synth2d_vblank_set_mode(struct drm_crtc *crtc);
int synth2d_vblank_enable(struct drm_crtc *crtc);
bool synth2d_vblank_timestamp(struct drm_crtc *crtc, int *max_error,
			      ktime_t *vblank_time, bool in_vblank_irq);
void synth2d_vblank_disable(struct drm_crtc *crtc);
void synth2d_vblank_send_event(struct drm_crtc *crtc);

/* synth2d_crc.c: CRC source "auto" over the composed image */
int synth2d_crc_init(struct synth2d_device *sd);
void synth2d_crc_vblank(struct synth2d_device *sd);
const char *const *synth2d_crc_get_sources(struct drm_crtc *crtc,
					   size_t *count);
int synth2d_crc_verify_source(struct drm_crtc *crtc, const char *name,
			      size_t *values_cnt);
int synth2d_crc_set_source(struct drm_crtc *crtc, const char *name);

/* synth2d_modes.c: host resolution changes, mode override */
void synth2d_modes_connect(struct synth2d_device *sd);
void synth2d_modes_resume(struct synth2d_device *sd);
int synth2d_modes_init(struct synth2d_device *sd);
void synth2d_modes_apply_override(struct synth2d_device *sd);
void synth2d_modes_host_changed(struct synth2d_device *sd);

/* synth2d_debugfs.c */
void synth2d_debugfs_init(struct drm_minor *minor);

#endif /* SYNTH2D_DRV_H */
