// SPDX-License-Identifier: MIT
/* The `stats` reply: one JSON object; README.md lists its fields. */
#include <endian.h>

#include "console_view.h"
#include "host.h"

static const char *offer_state_name(uint32_t s)
{
	switch (s) {
	case SYNTH2D_SIM_OFFER_NONE:
		return "none";
	case SYNTH2D_SIM_OFFER_OFFERED:
		return "offered";
	case SYNTH2D_SIM_OFFER_RESCINDED:
		return "rescinded";
	}
	return "invalid";
}

static void channel_json(const struct host *h, unsigned int i, struct strbuf *o)
{
	const struct host_channel *ch = &h->channels[i];
	const struct synth2d_sim_channel *sc = &h->control->channel[i];
	bool first = true;

	strbuf_printf(o,
		      "\"%s\":{\"state\":\"%s\",\"offer_state\":\"%s\",\"offer_generation\":%u,"
		      "\"guest_offer_generation\":%u,\"open_state\":\"%s\",\"open_generation\":%u,"
		      "\"queued\":%u,\"dropped\":%llu,\"completions\":%llu,\"messages\":{",
		      ch->name, channel_state_name(ch->state),
		      offer_state_name(shm_load32(&sc->offer_state)),
		      shm_load32(&sc->offer_generation), shm_load32(&sc->guest_offer_generation),
		      shm_load32(&sc->open_state) == SYNTH2D_SIM_OPEN ? "open" : "closed",
		      shm_load32(&sc->open_generation), ch->queue_len,
		      (unsigned long long)ch->queue_dropped, (unsigned long long)ch->completions);
	for (unsigned int slot = 0; slot < MESSAGE_SLOT_COUNT; slot++) {
		const struct message_counter *m = &ch->messages[slot];
		const char *name;

		if (!m->count)
			continue;
		if (slot == MESSAGE_SLOT_UNKNOWN)
			name = "UNKNOWN";
		else if (slot == MESSAGE_SLOT_INJECTED)
			name = "INJECTED";
		else
			name = message_type_name(i, slot);
		if (name)
			strbuf_printf(o, "%s\"%s\":", first ? "" : ",", name);
		else
			strbuf_printf(o, "%s\"TYPE_%u\":", first ? "" : ",", slot);
		strbuf_printf(o, "{\"count\":%llu,\"bytes\":%llu}", (unsigned long long)m->count,
			      (unsigned long long)m->bytes);
		first = false;
	}
	strbuf_append(o, "}}", 2);
}

static void version_json(struct strbuf *o, const char *key, uint32_t v, bool synthvid)
{
	if (!v)
		strbuf_printf(o, "\"%s\":null", key);
	else if (synthvid)
		strbuf_printf(o, "\"%s\":\"%u.%u\"", key, SYNTH2D_SYNTHVID_VERSION_MAJOR(v),
			      SYNTH2D_SYNTHVID_VERSION_MINOR(v));
	else
		strbuf_printf(o, "\"%s\":\"%u.%u\"", key, v >> 16, v & 0xffff);
}

/* The list RESOLUTION_RESPONSE is built from, as the `resolutions` request takes it. */
static void resolutions_json(const struct resolution_list *l, struct strbuf *o)
{
	strbuf_append(o, "\"resolutions\":\"", 15);
	for (unsigned int i = 0; i < l->count; i++)
		strbuf_printf(o, "%s%ux%u", i ? "," : "", l->entry[i].width, l->entry[i].height);
	strbuf_printf(o, "\",\"default_resolution\":%u", l->default_index);
}

static void video_json(const struct host *h, struct strbuf *o)
{
	const struct video_state *v = &h->video;
	const struct video_situation *s = &v->situation;
	const struct dirt_stats *d = &v->dirt;
	const struct video_features *f = &h->config.features;
	struct pointer_view pv;
	struct vram_undeclared u;

	strbuf_append(o, "\"video\":{", 9);
	version_json(o, "version", v->version, true);
	strbuf_printf(o, ",\"vram_mapped\":%s,\"vram_gpa\":%llu,\"vram_size\":%llu",
		      v->vram_mapped ? "true" : "false", (unsigned long long)v->vram_gpa,
		      (unsigned long long)h->vram_size);
	/* where the firmware framebuffer is in the guest (the MMIO window's start); 0: none */
	strbuf_printf(
	    o, ",\"firmware_fb_gpa\":%llu",
	    h->config.firmware_fb_width && shm_load64(&h->control->bar_gpa)
		? (unsigned long long)(shm_load64(&h->control->bar_gpa) + SYNTH2D_SIM_MMIO_OFFSET)
		: 0ULL);
	strbuf_printf(o,
		      ",\"situation\":{\"valid\":%s,\"w\":%u,\"h\":%u,\"pitch\":%u,\"offset\":%u,"
		      "\"active\":%u,\"depth\":%u}",
		      s->valid ? "true" : "false", s->width, s->height, s->pitch, s->offset,
		      s->active, s->depth);
	strbuf_printf(o, ",\"dirt\":{\"messages\":%llu,\"rects\":%llu,\"area\":%llu,\"bounding\":",
		      (unsigned long long)d->messages, (unsigned long long)d->rects,
		      (unsigned long long)d->area);
	if (d->have_bounding)
		strbuf_printf(o, "[%d,%d,%d,%d]}", d->bx1, d->by1, d->bx2, d->by2);
	else
		strbuf_append(o, "null}", 5);
	vram_tracker_undeclared(h, &u);
	strbuf_printf(o,
		      ",\"vram\":{\"tracked\":%s,\"dirt_changed_pixels\":%llu,"
		      "\"undeclared_pixels\":%llu,\"undeclared_bounding\":",
		      v->vram.surface ? "true" : "false",
		      (unsigned long long)v->vram.dirt_changed_pixels,
		      (unsigned long long)u.pixels);
	if (u.have_bounding)
		strbuf_printf(o, "[%u,%u,%u,%u]}", u.x1, u.y1, u.x2, u.y2);
	else
		strbuf_append(o, "null}", 5);
	strbuf_append(o, ",\"last_dirt_rects\":[", 20);
	for (unsigned int i = 0; i < d->last_count; i++)
		strbuf_printf(
		    o, "%s[%d,%d,%d,%d]", i ? "," : "", (int32_t)le32toh(d->last_rects[i].x1),
		    (int32_t)le32toh(d->last_rects[i].y1), (int32_t)le32toh(d->last_rects[i].x2),
		    (int32_t)le32toh(d->last_rects[i].y2));
	console_pointer_view(h, &pv);
	strbuf_printf(o,
		      "],\"pointer\":{\"shape_uploads\":%llu,\"shape_parts\":%llu,"
		      "\"position_messages\":%llu,\"shape\":",
		      (unsigned long long)v->shape_uploads, (unsigned long long)v->shape_parts,
		      (unsigned long long)v->position_messages);
	if (v->shape.valid)
		strbuf_printf(o, "{\"w\":%u,\"h\":%u,\"hot_x\":%u,\"hot_y\":%u,\"argb\":%s}",
			      v->shape.width, v->shape.height, v->shape.hot_x, v->shape.hot_y,
			      v->shape.argb ? "true" : "false");
	else
		strbuf_append(o, "null", 4);
	strbuf_append(o, ",\"position\":", 12);
	if (v->have_position)
		strbuf_printf(o, "{\"x\":%d,\"y\":%d,\"visible\":%u}", v->position_x, v->position_y,
			      v->position_visible);
	else
		strbuf_append(o, "null", 4);
	strbuf_printf(o, ",\"x\":%d,\"y\":%d,\"visible\":%s}", pv.x, pv.y,
		      pv.visible ? "true" : "false");
	strbuf_printf(
	    o,
	    ",\"features\":{\"dirt\":%d,\"ptr_pos\":%d,\"ptr_shape\":%d,\"situ\":%d},"
	    "\"feature_changes_sent\":%llu,\"resolution_requests\":%llu,"
	    "\"faults_applied\":%llu,\"feature_changes_at_open\":%llu,",
	    f->dirt, f->ptr_pos, f->ptr_shape, f->situ, (unsigned long long)v->feature_changes_sent,
	    (unsigned long long)v->resolution_requests, (unsigned long long)v->faults_applied,
	    (unsigned long long)v->feature_changes_at_open);
	resolutions_json(&h->config.resolutions, o);
	strbuf_append(o, "}", 1);
}

void stats_to_json(const struct host *h, struct strbuf *o)
{
	strbuf_append(o, "{\"channels\":{", 13);
	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++) {
		if (i)
			strbuf_append(o, ",", 1);
		channel_json(h, i, o);
	}
	strbuf_append(o, "},", 2);
	video_json(h, o);
	strbuf_append(o, ",\"mouse\":{", 10);
	version_json(o, "version", h->mouse.version, false);
	strbuf_printf(o, ",\"mode\":\"%s\",\"x\":%d,\"y\":%d,\"buttons\":%u,\"reports_sent\":%llu}",
		      h->mouse.relative_mode ? "relative" : "absolute", h->mouse.x, h->mouse.y,
		      h->mouse.buttons, (unsigned long long)h->mouse.reports_sent);
	strbuf_append(o, ",\"keyboard\":{", 13);
	version_json(o, "version", h->keyboard.version, false);
	strbuf_printf(o, ",\"leds_messages\":%llu,\"last_led_flags\":%u,\"keystrokes_sent\":%llu",
		      (unsigned long long)h->keyboard.leds_messages, h->keyboard.last_led_flags,
		      (unsigned long long)h->keyboard.keystrokes_sent);
	strbuf_printf(o,
		      ",\"typematic\":{\"delay_ms\":%u,\"period_ms\":%u,\"holding\":%s,"
		      "\"holds\":%llu,\"repeats\":%llu}}",
		      h->config.typematic_delay_ms, h->config.typematic_period_ms,
		      h->keyboard.hold.active ? "true" : "false",
		      (unsigned long long)h->keyboard.holds,
		      (unsigned long long)h->keyboard.typematic_repeats);
	strbuf_printf(o, ",\"bus\":{\"unloads\":%llu,\"offer_requests\":%llu}",
		      (unsigned long long)h->bus.unloads,
		      (unsigned long long)h->bus.offer_requests);
	strbuf_printf(o, ",\"violations\":%zu}", h->violation_count);
}
