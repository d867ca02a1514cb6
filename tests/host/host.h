/* SPDX-License-Identifier: MIT */
/*
 * synth2d-host: the host end of the synthetic video, mouse and keyboard
 * channels. One struct host holds everything; host_poll_once() does one
 * round of work (control page, rings, control socket), so the unit tests
 * can drive it step by step without a guest.
 */
#ifndef SYNTH2D_HOST_H
#define SYNTH2D_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <synth2d/synthvid.h>
#include <synth2d/vmbus_ring.h>
#include <synth2d/vmbus_sim.h>

#include "options.h"
#include "pointer_shape.h"
#include "strbuf.h"
#include "vram_tracker.h"

#define HOST_CHANNEL_COUNT 3

/* Slots of the per-channel message counters: the type numbers, then these. */
#define MESSAGE_SLOT_TYPES    24
#define MESSAGE_SLOT_UNKNOWN  24 /* a type number >= MESSAGE_SLOT_TYPES or unparsable */
#define MESSAGE_SLOT_INJECTED 25 /* raw packets sent with `inject` */
#define MESSAGE_SLOT_COUNT    26

struct message_counter {
	uint64_t count;
	uint64_t bytes;
};

/* Where a channel's protocol is; the names are in channel_state_name(). */
enum channel_state {
	CHANNEL_CLOSED,	      /* guest has not opened it */
	CHANNEL_BAD_RINGS,    /* guest published ring offsets outside the file */
	CHANNEL_WAIT_VERSION, /* first message must be the version request */
	CHANNEL_WAIT_ACK,     /* mouse: device info sent, waiting for its ack */
	CHANNEL_ACTIVE,	      /* handshake done */
	CHANNEL_FAILED,	      /* fatal protocol error: not served until reopened */
};

struct queued_packet {
	struct queued_packet *next;
	uint16_t type; /* SYNTH2D_VM_PKT_DATA_INBAND or SYNTH2D_VM_PKT_COMP */
	uint64_t trans_id;
	uint32_t len;
	uint8_t data[];
};

struct host_channel {
	unsigned int index;
	const char *name;
	bool pipe; /* messages carry the 8-byte pipe header */
	enum channel_state state;
	uint32_t open_generation;     /* generation the rings below belong to */
	struct synth2d_ring outbound; /* guest -> host, the host reads it */
	struct synth2d_ring inbound;  /* host -> guest, the host writes it */
	/* packets waiting for room in the inbound ring, in order */
	struct queued_packet *queue_head, *queue_tail;
	unsigned int queue_len;
	uint64_t queue_dropped;
	uint64_t completions; /* sent for guest packets that asked for one */
	struct message_counter messages[MESSAGE_SLOT_COUNT];
};

struct violation {
	unsigned int channel;
	char type[32];
	char reason[160];
	bool fatal;
};

struct video_situation {
	bool valid; /* a SITUATION_UPDATE was applied and fits VRAM */
	uint8_t active;
	uint8_t depth;
	uint32_t width, height, pitch, offset;
};

struct dirt_stats {
	uint64_t messages, rects, area;
	bool have_bounding;
	int32_t bx1, by1, bx2, by2;
	unsigned int last_count;
	struct synth2d_synthvid_rect last_rects[SYNTH2D_DIRT_MAX_RECTS];
};

struct video_state {
	uint32_t version; /* accepted synthvid version, 0 before */
	bool vram_mapped;
	uint64_t vram_gpa;
	uint64_t vram_file_offset;
	struct video_situation situation;
	struct dirt_stats dirt;
	struct vram_tracker vram; /* the host surface */
	/*
	 * The last FEATURE_CHANGE said dirt=0: this host scans VRAM itself, so
	 * its view is VRAM; the DIRT-built surface is shown again once it asks
	 * for DIRT.
	 */
	bool scans_vram;
	struct pointer_shape_assembly shape_assembly;
	struct pointer_shape shape; /* last complete shape; valid == false: default arrow */
	uint64_t shape_uploads, shape_parts, position_messages;
	uint64_t shape_generation; /* every complete shape; not a statistic, never reset */
	bool have_position;
	uint8_t position_visible;
	int32_t position_x, position_y;
	uint64_t feature_changes_sent, resolution_requests;
	/* `fault`: the next reply of fault_type is withheld or corrupted */
	enum { VIDEO_FAULT_NONE, VIDEO_FAULT_DROP, VIDEO_FAULT_CORRUPT } fault;
	uint32_t fault_type;
	uint64_t faults_applied;
	/* `fault video feature-change-at-open`: FEATURE_CHANGE at open, none after VERSION */
	bool feature_change_at_open;
	uint64_t feature_changes_at_open;
};

struct mouse_state {
	uint32_t version;
	uint8_t buttons;
	int32_t x, y; /* host pointer, screen pixels */
	bool relative_mode;
	uint64_t reports_sent;
};

/*
 * `key CODE hold MS`: the make, repeated makes at the typematic rate while
 * the key is held (what Hyper-V sends for a held key), then the break.
 * Repeats are due at start + delay + k * period, for every such time before
 * start + MS; a late poll sends the ones due at once, so the count depends
 * only on MS and the rate.
 */
struct keyboard_hold {
	bool active;
	uint16_t code;
	uint32_t flags;		  /* IS_E0 / IS_E1 */
	uint64_t next_ns, end_ns; /* CLOCK_MONOTONIC */
};

struct keyboard_state {
	uint32_t version;
	uint64_t leds_messages;
	uint16_t last_led_flags;
	uint64_t keystrokes_sent;
	struct keyboard_hold hold;
	uint64_t holds;		    /* holds finished with their break */
	uint64_t typematic_repeats; /* repeated makes sent by holds */
};

/* The guest's VMBus as a whole (vmbus_unload.c). */
struct bus_state {
	uint64_t unloads;	 /* VMBus unloads (hibernations) handled */
	uint64_t offer_requests; /* offer requests answered (resumes) */
};

struct control_client;
struct vnc_console;

struct host {
	struct host_config config;
	int shm_fd;
	uint8_t *shm;
	uint64_t shm_size;
	struct synth2d_sim_control *control;
	uint64_t vram_size;
	struct host_channel channels[HOST_CHANNEL_COUNT];
	struct video_state video;
	struct mouse_state mouse;
	struct keyboard_state keyboard;
	struct bus_state bus;
	struct violation *violations;
	size_t violation_count, violation_cap;
	FILE *capture;
	uint8_t *rx_buf; /* one packet read from an outbound ring */
	int listen_fd;
	struct control_client *clients;
	struct vnc_console *vnc; /* NULL: no VNC console (vnc_console.h) */
	bool quit;
};

/* host.c */
int host_init(struct host *h, const struct host_config *config);
void host_destroy(struct host *h);
/* One round: control page, every open ring, queued replies. Returns packets handled. */
int host_poll_once(struct host *h);
void host_reset_stats(struct host *h);

/* shm.c */
int shm_create(struct host *h);
void shm_destroy(struct host *h);
/* Access to fields the other side also touches; void * as the fields are packed. */
uint32_t shm_load32(const volatile void *p);
uint64_t shm_load64(const volatile void *p);
void shm_store32(volatile void *p, uint32_t v);
/* Offer/rescind a channel in the control page. */
void shm_set_offer(struct host *h, unsigned int channel, bool offered);

/* vmbus_unload.c: the guest's VMBus unload and offer request; returns events handled. */
int vmbus_poll_unload(struct host *h);

/* channel.c */
void channel_init(struct host *h, unsigned int index);
void channel_poll_control(struct host *h, struct host_channel *ch);
int channel_poll_rings(struct host *h, struct host_channel *ch);
/* Send one message (pipe header added on pipe channels). 0, or -errno. */
int channel_send_message(struct host *h, struct host_channel *ch, const void *msg, uint32_t len);
/* Send @len bytes as one in-band packet payload, as given. */
int channel_send_raw(struct host *h, struct host_channel *ch, const void *payload, uint32_t len);
void channel_flush_queue(struct host *h, struct host_channel *ch);
void channel_drop_queue(struct host_channel *ch);
const char *channel_state_name(enum channel_state state);
int channel_index_by_name(const char *name);
bool channel_is_serving(const struct host_channel *ch);

/* message_names.c: type name for the counters, NULL if the type is unknown. */
const char *message_type_name(unsigned int channel, uint32_t type);
/*
 * Read the type word every message on every channel starts with, and its
 * name for the counters and violations ("TYPE_N", kept in @unknown, for an
 * unknown type). False, with the channel failed, if the message is shorter
 * than its channel's header of @header_size bytes.
 */
#define MESSAGE_UNKNOWN_NAME_SIZE 16
bool message_read_type(struct host *h, struct host_channel *ch, const uint8_t *msg, uint32_t len,
		       size_t header_size, uint32_t *type, const char **name,
		       char unknown[MESSAGE_UNKNOWN_NAME_SIZE]);

/* violations.c */
void violation_record(struct host *h, unsigned int channel, const char *type, bool fatal,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A fatal violation: record it and stop serving the channel until it is reopened. */
void channel_fail(struct host *h, struct host_channel *ch, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void violations_clear(struct host *h);
void violations_to_json(const struct host *h, struct strbuf *out);

/* video.c */
void video_reset_channel(struct host *h);
/*
 * `fault video drop-next|corrupt-next TYPE_NAME`, `fault video
 * feature-change-at-open` and `fault video clear`; 0 or -1
 */
int video_set_fault(struct host *h, const char *action, const char *type_name);
/* channel.c: the guest opened the video channel (rings attached) */
void video_channel_opened(struct host *h);
void video_handle_message(struct host *h, const uint8_t *msg, uint32_t len);
int video_send_feature_change(struct host *h);
/* Host-side VRAM for the current mapping, NULL when none. */
const uint8_t *video_vram(const struct host *h);

/* mouse.c */
void mouse_reset_channel(struct host *h);
void mouse_handle_message(struct host *h, const uint8_t *msg, uint32_t len);
int mouse_send_report(struct host *h, int16_t wheel);
/* Screen size the host mouse maps to (the current mode, 1024x768 before one). */
void screen_size(const struct host *h, uint32_t *width, uint32_t *height);

/* keyboard.c */
void keyboard_reset_channel(struct host *h);
void keyboard_handle_message(struct host *h, const uint8_t *msg, uint32_t len);
int keyboard_send_keystroke(struct host *h, uint16_t code, uint32_t info);
/* Start a hold: the make now (0), -1 channel not active, -2 a hold is running. */
int keyboard_hold_start(struct host *h, uint16_t code, uint32_t flags, uint32_t ms);
/* Repeats and the break that are due; returns keystrokes sent. */
int keyboard_poll_typematic(struct host *h);

/* capture.c */
int capture_start(struct host *h, const char *path);
void capture_stop(struct host *h);
void capture_packet(struct host *h, bool to_guest, unsigned int channel, const void *payload,
		    uint32_t len);

/* stats_json.c */
void stats_to_json(const struct host *h, struct strbuf *out);

#endif /* SYNTH2D_HOST_H */
