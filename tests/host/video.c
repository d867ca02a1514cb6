// SPDX-License-Identifier: MIT
/*
 * The synthetic video VSP: host behaviour of docs/protocol.md §2 and §6.2-6.7,
 * OpenVMM (vm/devices/uidevices/src/video) as the reference, plus the
 * FEATURE_CHANGE a real Hyper-V host sends after connect.
 */
#include <endian.h>
#include <string.h>

#include "edid.h"
#include "host.h"
#include "vnc_console.h"

static struct host_channel *video_channel(struct host *h)
{
	return &h->channels[SYNTH2D_SIM_CHANNEL_VIDEO];
}

void video_reset_channel(struct host *h)
{
	/* docs/protocol.md §6.9: a reopen restarts the protocol; VRAM contents and the view stay */
	h->video.version = 0;
	h->video.shape_assembly.in_progress = false;
	h->video.shape_assembly.next_part = 0;
}

const uint8_t *video_vram(const struct host *h)
{
	return h->video.vram_mapped ? h->shm + h->video.vram_file_offset : NULL;
}

/* Header size field: payload only, as the OpenVMM host sends it (docs/protocol.md §2.2). */
static int video_send(struct host *h, uint32_t type, const void *payload, uint32_t len)
{
	uint8_t buf[sizeof(struct synth2d_synthvid_header) +
		    sizeof(struct synth2d_synthvid_resolution_response)];
	struct synth2d_synthvid_header hdr = {.type = htole32(type), .size = htole32(len)};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	if (h->video.fault != VIDEO_FAULT_NONE && h->video.fault_type == type) {
		bool drop = h->video.fault == VIDEO_FAULT_DROP;

		h->video.fault = VIDEO_FAULT_NONE;
		h->video.faults_applied++;
		if (drop)
			return 0; /* a host that never answers */
		/* first payload byte: an ack's user_ctx, a response's version or EDID */
		if (len)
			buf[sizeof(hdr)] ^= 0x80;
	}
	return channel_send_message(h, video_channel(h), buf, (uint32_t)sizeof(hdr) + len);
}

int video_set_fault(struct host *h, const char *action, const char *type_name)
{
	if (!strcmp(action, "clear")) {
		h->video.fault = VIDEO_FAULT_NONE;
		h->video.feature_change_at_open = false;
		return 0;
	}
	if (!strcmp(action, "feature-change-at-open") && !type_name) {
		h->video.feature_change_at_open = true;
		return 0;
	}
	for (uint32_t t = 0; t < SYNTH2D_SYNTHVID_TYPE_COUNT; t++) {
		const char *name = message_type_name(SYNTH2D_SIM_CHANNEL_VIDEO, t);

		if (!type_name || !name || strcmp(name, type_name))
			continue;
		if (!strcmp(action, "drop-next"))
			h->video.fault = VIDEO_FAULT_DROP;
		else if (!strcmp(action, "corrupt-next"))
			h->video.fault = VIDEO_FAULT_CORRUPT;
		else
			return -1;
		h->video.fault_type = t;
		return 0;
	}
	return -1;
}

static int send_feature_change(struct host *h)
{
	const struct video_features *f = &h->config.features;
	struct synth2d_synthvid_feature_change msg = {
	    .is_dirt_needed = f->dirt,
	    .is_ptr_pos_needed = f->ptr_pos,
	    .is_ptr_shape_needed = f->ptr_shape,
	    .is_situ_needed = f->situ,
	};
	int ret;

	ret = video_send(h, SYNTH2D_SYNTHVID_FEATURE_CHANGE, &msg, sizeof(msg));
	if (!ret) {
		h->video.feature_changes_sent++;
		if (h->video.scans_vram != !f->dirt)
			vnc_console_view_taken(h); /* the view's source changed */
		h->video.scans_vram = !f->dirt;
	}
	return ret;
}

int video_send_feature_change(struct host *h)
{
	if (video_channel(h)->state != CHANNEL_ACTIVE)
		return -1;
	return send_feature_change(h);
}

void video_channel_opened(struct host *h)
{
	/*
	 * `fault video feature-change-at-open`: the flags arrive while the
	 * guest is still inside vmbus_open() or its connect sequence, and
	 * no other FEATURE_CHANGE follows (docs/protocol.md §3).
	 */
	if (h->video.feature_change_at_open && !send_feature_change(h))
		h->video.feature_changes_at_open++;
}

static void handle_version_request(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_version_request *req = (const void *)p;
	uint32_t version = le32toh(req->version);
	uint32_t major = SYNTH2D_SYNTHVID_VERSION_MAJOR(version);
	uint32_t minor = SYNTH2D_SYNTHVID_VERSION_MINOR(version);
	uint32_t max_minor = SYNTH2D_SYNTHVID_VERSION_MINOR(h->config.synthvid_max_version);
	/* Linux asks 3.2 or 3.5 (docs/protocol.md §2.3); the host may cap at 3.2 */
	bool accept = major == 3 && (minor == 2 || minor == 5) && minor <= max_minor;
	struct synth2d_synthvid_version_response resp = {
	    .version = htole32(version), /* echoes the requested version (OpenVMM) */
	    .is_accepted = accept ? SYNTH2D_SYNTHVID_ACCEPTED : 0,
	    .max_video_outputs = 1,
	};

	video_send(h, SYNTH2D_SYNTHVID_VERSION_RESPONSE, &resp, sizeof(resp));
	if (!accept) {
		if (h->config.verbose)
			fprintf(stderr, "synth2d-host: video version %u.%u rejected\n", major,
				minor);
		return; /* back to waiting for a version */
	}
	h->video.version = version;
	video_channel(h)->state = CHANNEL_ACTIVE;
	/* after the response, so a waiting guest cannot take it for the response */
	if (!h->video.feature_change_at_open)
		video_send_feature_change(h);
}

static void handle_vram_location(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_vram_location *req = (const void *)p;
	struct synth2d_synthvid_vram_location_ack ack = {.user_ctx = req->user_ctx};
	uint64_t gpa = le64toh(req->vram_gpa);
	uint64_t bar = shm_load64(&h->control->bar_gpa);
	uint64_t window_end = h->shm_size;

	h->video.vram_mapped = false;
	if (req->is_vram_gpa_specified) {
		uint64_t offset = gpa - bar;

		if (gpa < bar || offset < SYNTH2D_SIM_MMIO_OFFSET || offset > window_end ||
		    h->vram_size > window_end - offset) {
			violation_record(
			    h, SYNTH2D_SIM_CHANNEL_VIDEO, "VRAM_LOCATION", false,
			    "VRAM at gpa 0x%llx (+%llu MiB) is outside the MMIO window",
			    (unsigned long long)gpa, (unsigned long long)(h->vram_size >> 20));
		} else {
			h->video.vram_mapped = true;
			h->video.vram_gpa = gpa;
			h->video.vram_file_offset = offset;
		}
	}
	vram_tracker_take_surface(h);
	/* OpenVMM has no failure path: the ack always follows (docs/protocol.md §2.4) */
	video_send(h, SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK, &ack, sizeof(ack));
}

static void handle_situation_update(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_situation_update *req = (const void *)p;
	const struct synth2d_synthvid_video_output *out = &req->video_output[0];
	struct synth2d_synthvid_situation_update_ack ack = {.user_ctx = req->user_ctx};
	struct video_situation s = {
	    .active = out->active,
	    .depth = out->depth_bits,
	    .width = le32toh(out->width_pixels),
	    .height = le32toh(out->height_pixels),
	    .pitch = le32toh(out->pitch_bytes),
	    .offset = le32toh(out->vram_offset),
	};
	const char *why = NULL;

	if (req->video_output_count != 1)
		violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "SITUATION_UPDATE", false,
				 "video_output_count %u (the host has 1 output)",
				 req->video_output_count);
	if (s.depth != 32)
		why = "depth_bits is not 32";
	else if (s.width < 1 || s.height < 1 || s.width > 16384 || s.height > 16384)
		why = "width/height outside 1..16384";
	else if (s.pitch < s.width * 4)
		why = "pitch smaller than width * 4";
	else if ((uint64_t)s.offset + (uint64_t)s.pitch * (s.height - 1) + s.width * 4ull >
		 h->vram_size)
		why = "surface extends past the end of VRAM";
	if (why)
		violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "SITUATION_UPDATE", false,
				 "%ux%u pitch %u offset %u depth %u: %s", s.width, s.height,
				 s.pitch, s.offset, s.depth, why);
	if (req->video_output_count >= 1) {
		s.valid = why == NULL;
		h->video.situation = s;
		vram_tracker_take_surface(h);
	}
	video_send(h, SYNTH2D_SYNTHVID_SITUATION_UPDATE_ACK, &ack, sizeof(ack));
}

static void handle_pointer_position(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_pointer_position *req = (const void *)p;

	h->video.position_messages++;
	h->video.have_position = true;
	h->video.position_visible = req->is_visible;
	h->video.position_x = (int32_t)le32toh(req->image_x);
	h->video.position_y = (int32_t)le32toh(req->image_y);
}

static void handle_pointer_shape(struct host *h, const uint8_t *p, uint32_t len)
{
	struct pointer_shape_assembly *a = &h->video.shape_assembly;
	const char *reason = NULL;

	h->video.shape_parts++;
	if (a->in_progress && p[0] == 0)
		violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "POINTER_SHAPE", false,
				 "part 0 while part %u of the previous shape was expected",
				 a->next_part);
	switch (pointer_shape_add_part(a, p, len, &h->video.shape, &reason)) {
	case POINTER_SHAPE_COMPLETE:
		h->video.shape_uploads++;
		h->video.shape_generation++;
		break;
	case POINTER_SHAPE_INVALID:
		violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "POINTER_SHAPE", false,
				 "part 0x%02x: %s", p[0], reason);
		break;
	case POINTER_SHAPE_PARTIAL:
		break;
	}
}

static void handle_dirt(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_dirt *msg = (const void *)p;
	const struct video_situation *s = &h->video.situation;
	struct dirt_stats *d = &h->video.dirt;

	if (msg->video_output != 0)
		violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "DIRT", false,
				 "video_output %u (the host has 1 output)", msg->video_output);
	d->messages++;
	d->rects += msg->dirt_count;
	d->last_count = msg->dirt_count;
	for (unsigned int i = 0; i < msg->dirt_count; i++) {
		struct synth2d_synthvid_rect r = msg->rect[i];
		int32_t x1 = (int32_t)le32toh(r.x1), y1 = (int32_t)le32toh(r.y1);
		int32_t x2 = (int32_t)le32toh(r.x2), y2 = (int32_t)le32toh(r.y2);

		d->last_rects[i] = r;
		if (x1 >= x2 || y1 >= y2) {
			violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "DIRT", false,
					 "rect %u (%d,%d)-(%d,%d) is empty or inverted", i, x1, y1,
					 x2, y2);
			continue;
		}
		if (s->valid &&
		    (x1 < 0 || y1 < 0 || (uint32_t)x2 > s->width || (uint32_t)y2 > s->height))
			violation_record(h, SYNTH2D_SIM_CHANNEL_VIDEO, "DIRT", false,
					 "rect %u (%d,%d)-(%d,%d) outside the %ux%u surface", i, x1,
					 y1, x2, y2, s->width, s->height);
		d->area += (uint64_t)((int64_t)x2 - x1) * (uint64_t)((int64_t)y2 - y1);
		vram_tracker_dirt_rect(h, x1, y1, x2, y2);
		if (!d->have_bounding) {
			d->bx1 = x1, d->by1 = y1, d->bx2 = x2, d->by2 = y2;
			d->have_bounding = true;
		} else {
			d->bx1 = x1 < d->bx1 ? x1 : d->bx1;
			d->by1 = y1 < d->by1 ? y1 : d->by1;
			d->bx2 = x2 > d->bx2 ? x2 : d->bx2;
			d->by2 = y2 > d->by2 ? y2 : d->by2;
		}
	}
}

static void handle_resolution_request(struct host *h, const uint8_t *p)
{
	const struct synth2d_synthvid_resolution_request *req = (const void *)p;
	const struct resolution_list *list = &h->config.resolutions;
	struct synth2d_synthvid_resolution_response resp;
	uint16_t def_w = 1024, def_h = 768;
	unsigned int count = 0;

	h->video.resolution_requests++;
	memset(&resp, 0, sizeof(resp));
	/* OpenVMM answers a maximum below 64 with an empty list (docs/protocol.md §6.6) */
	if (req->maximum_resolution_count >= SYNTH2D_RESOLUTION_MAX_COUNT) {
		for (unsigned int i = 0; i < list->count; i++) {
			uint16_t w = list->entry[i].width, hh = list->entry[i].height;

			if ((uint64_t)w * hh * 4 > h->vram_size)
				continue; /* does not fit VRAM */
			if (i == list->default_index || count == 0) {
				resp.default_resolution_index = (uint8_t)count;
				def_w = w;
				def_h = hh;
			}
			resp.supported_resolution[count].width = htole16(w);
			resp.supported_resolution[count].height = htole16(hh);
			count++;
		}
	}
	resp.resolution_count = (uint8_t)count;
	edid_build(resp.edid_block, def_w, def_h);
	video_send(h, SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE, &resp,
		   SYNTH2D_RESOLUTION_RESPONSE_SIZE(count));
}

/* Payload bytes each guest message needs (docs/protocol.md §2); 0: no payload. */
static uint32_t minimum_payload(uint32_t type)
{
	switch (type) {
	case SYNTH2D_SYNTHVID_VERSION_REQUEST:
		return sizeof(struct synth2d_synthvid_version_request);
	case SYNTH2D_SYNTHVID_VRAM_LOCATION:
		return sizeof(struct synth2d_synthvid_vram_location);
	case SYNTH2D_SYNTHVID_SITUATION_UPDATE:
		return sizeof(struct synth2d_synthvid_situation_update);
	case SYNTH2D_SYNTHVID_POINTER_POSITION:
		return sizeof(struct synth2d_synthvid_pointer_position);
	case SYNTH2D_SYNTHVID_POINTER_SHAPE:
		return sizeof(struct synth2d_synthvid_pointer_shape);
	case SYNTH2D_SYNTHVID_DIRT:
		return sizeof(struct synth2d_synthvid_dirt);
	case SYNTH2D_SYNTHVID_RESOLUTION_REQUEST:
		return sizeof(struct synth2d_synthvid_resolution_request);
	default:
		return 0;
	}
}

static bool is_guest_message(uint32_t type)
{
	switch (type) {
	case SYNTH2D_SYNTHVID_VERSION_REQUEST:
	case SYNTH2D_SYNTHVID_VRAM_LOCATION:
	case SYNTH2D_SYNTHVID_SITUATION_UPDATE:
	case SYNTH2D_SYNTHVID_POINTER_POSITION:
	case SYNTH2D_SYNTHVID_POINTER_SHAPE:
	case SYNTH2D_SYNTHVID_DIRT:
	case SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST:
	case SYNTH2D_SYNTHVID_RESOLUTION_REQUEST:
	case SYNTH2D_SYNTHVID_CAPABILITY_REQUEST:
		return true;
	default:
		return false;
	}
}

void video_handle_message(struct host *h, const uint8_t *msg, uint32_t len)
{
	struct host_channel *ch = video_channel(h);
	const uint8_t *p = msg + sizeof(struct synth2d_synthvid_header);
	uint32_t plen, type;
	const char *name;
	char unknown[MESSAGE_UNKNOWN_NAME_SIZE];

	if (!message_read_type(h, ch, msg, len, sizeof(struct synth2d_synthvid_header), &type,
			       &name, unknown))
		return;
	plen = len - (uint32_t)sizeof(struct synth2d_synthvid_header);
	if (!is_guest_message(type)) {
		channel_fail(h, ch, name, "message type %u is not one a guest sends", type);
		return;
	}
	if (ch->state == CHANNEL_WAIT_VERSION && type != SYNTH2D_SYNTHVID_VERSION_REQUEST) {
		channel_fail(h, ch, name, "out of order: VERSION_REQUEST must come first");
		return;
	}
	if (ch->state == CHANNEL_ACTIVE && type == SYNTH2D_SYNTHVID_VERSION_REQUEST) {
		channel_fail(h, ch, name, "second VERSION_REQUEST after acceptance");
		return;
	}
	if (plen < minimum_payload(type)) {
		channel_fail(h, ch, name, "payload of %u bytes is shorter than %u", plen,
			     minimum_payload(type));
		return;
	}

	switch (type) {
	case SYNTH2D_SYNTHVID_VERSION_REQUEST:
		handle_version_request(h, p);
		break;
	case SYNTH2D_SYNTHVID_VRAM_LOCATION:
		handle_vram_location(h, p);
		break;
	case SYNTH2D_SYNTHVID_SITUATION_UPDATE:
		handle_situation_update(h, p);
		break;
	case SYNTH2D_SYNTHVID_POINTER_POSITION:
		handle_pointer_position(h, p);
		break;
	case SYNTH2D_SYNTHVID_POINTER_SHAPE:
		handle_pointer_shape(h, p, plen);
		break;
	case SYNTH2D_SYNTHVID_DIRT: {
		uint32_t count = p[1];

		if (plen < sizeof(struct synth2d_synthvid_dirt) +
			       count * sizeof(struct synth2d_synthvid_rect)) {
			channel_fail(h, ch, name, "dirt_count %u but only %u bytes of rects", count,
				     plen - (uint32_t)sizeof(struct synth2d_synthvid_dirt));
			return;
		}
		handle_dirt(h, p);
		break;
	}
	case SYNTH2D_SYNTHVID_BIOS_INFO_REQUEST: {
		struct synth2d_synthvid_bios_info_response resp = {
		    .stop_device_supported = htole32(1), /* OpenVMM */
		};

		video_send(h, SYNTH2D_SYNTHVID_BIOS_INFO_RESPONSE, &resp, sizeof(resp));
		break;
	}
	case SYNTH2D_SYNTHVID_RESOLUTION_REQUEST:
		handle_resolution_request(h, p);
		break;
	case SYNTH2D_SYNTHVID_CAPABILITY_REQUEST: {
		struct synth2d_synthvid_capability_response resp = {0};

		video_send(h, SYNTH2D_SYNTHVID_CAPABILITY_RESPONSE, &resp, sizeof(resp));
		break;
	}
	}
}
