// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/dri/N/synth2d_state, one "key: value" per
 * line -- the negotiated protocol, the host's feature flags, the cursor
 * mode and shape, and counters (docs/display.md).
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "synth2d_drv.h"

/* Names of the synthvid message types (docs/protocol.md §2.1). */
static const char *const synth2d_synthvid_names[SYNTH2D_SYNTHVID_TYPE_COUNT] = {
	"ERROR", "VERSION_REQUEST", "VERSION_RESPONSE", "VRAM_LOCATION",
	"VRAM_LOCATION_ACK", "SITUATION_UPDATE", "SITUATION_UPDATE_ACK",
	"POINTER_POSITION", "POINTER_SHAPE", "FEATURE_CHANGE", "DIRT",
	"BIOS_INFO_REQUEST", "BIOS_INFO_RESPONSE", "RESOLUTION_REQUEST",
	"RESOLUTION_RESPONSE", "CAPABILITY_REQUEST", "CAPABILITY_RESPONSE",
};

/* One line "LABEL: TYPE=N ..." of the types counted at least once. */
static void synth2d_debugfs_show_by_type(struct seq_file *m, const char *label,
					 atomic64_t *by_type)
{
	unsigned int type;
	s64 n;

	seq_printf(m, "%s:", label);
	for (type = 0; type < SYNTH2D_SYNTHVID_TYPE_COUNT; type++) {
		n = atomic64_read(&by_type[type]);
		if (n)
			seq_printf(m, " %s=%lld", synth2d_synthvid_names[type], n);
	}
	seq_putc(m, '\n');
}

static int synth2d_debugfs_state_show(struct seq_file *m, void *unused)
{
	struct synth2d_device *sd = m->private;
	struct synth2d_channel *chan = &sd->chan;
	struct synth2d_counters *c = &sd->counters;
	struct synth2d_cursor *cur = &sd->cursor;
	struct synth2d_features f = synth2d_proto_features(sd);

	seq_printf(m, "version: %u.%u\n",
		   SYNTH2D_SYNTHVID_VERSION_MAJOR(sd->proto.version),
		   SYNTH2D_SYNTHVID_VERSION_MINOR(sd->proto.version));
	seq_printf(m, "features: dirt=%d ptr_pos=%d ptr_shape=%d situ=%d\n",
		   f.dirt_needed, f.ptr_pos_needed, f.ptr_shape_needed,
		   f.situ_needed);
	seq_printf(m, "host_modes: %u\n", sd->host_modes.count);
	seq_printf(m, "preferred: %ux%u\n", sd->preferred_width,
		   sd->preferred_height);

	mutex_lock(&cur->lock);
	seq_printf(m, "cursor_mode: %s\n", synth2d_cursor_mode_name(cur->mode));
	seq_printf(m, "cursor_shape: %ux%u hot=%u,%u\n", cur->width,
		   cur->height, cur->hot_x, cur->hot_y);
	seq_printf(m, "cursor_position: %d,%d\n", cur->x, cur->y);
	mutex_unlock(&cur->lock);

	seq_printf(m, "commits: %lld\n", atomic64_read(&c->commits));
	seq_printf(m, "dirt_messages: %lld\n", atomic64_read(&c->dirt_msgs));
	seq_printf(m, "dirt_rects: %lld\n", atomic64_read(&c->dirt_rects));
	seq_printf(m, "vram_bytes: %lld\n", atomic64_read(&c->vram_bytes));
	seq_printf(m, "blit_ns: %lld\n", atomic64_read(&c->blit_ns));
	seq_printf(m, "cursor_uploads: %lld\n",
		   atomic64_read(&c->shape_uploads));
	seq_printf(m, "cursor_shape_messages: %lld\n",
		   atomic64_read(&c->shape_parts));
	seq_printf(m, "cursor_position_messages: %lld\n",
		   atomic64_read(&c->positions));
	seq_printf(m, "crc_computed: %lld\n", atomic64_read(&sd->crc.computed));
	seq_printf(m, "crc_ns: %lld\n", atomic64_read(&sd->crc.ns));
	seq_printf(m, "hotplug_events: %lld\n", atomic64_read(&c->hotplugs));
	seq_printf(m, "dropped_host_messages: %d\n",
		   atomic_read(&chan->bad_msgs));
	seq_printf(m, "stray_replies: %d\n", atomic_read(&chan->stray_replies));
	synth2d_debugfs_show_by_type(m, "messages_sent", c->sent);
	synth2d_debugfs_show_by_type(m, "messages_received", c->received);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(synth2d_debugfs_state);

/**
 * synth2d_debugfs_init() - create the debugfs files of a DRM minor
 * @minor: the minor
 */
void synth2d_debugfs_init(struct drm_minor *minor)
{
	debugfs_create_file("synth2d_state", 0444, minor->debugfs_root,
			    to_synth2d(minor->dev), &synth2d_debugfs_state_fops);
}
