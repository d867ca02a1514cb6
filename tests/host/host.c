// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "control_commands.h"
#include "host.h"
#include "vnc_console.h"

int host_init(struct host *h, const struct host_config *config)
{
	int ret;

	memset(h, 0, sizeof(*h));
	h->config = *config;
	h->shm_fd = -1;
	h->listen_fd = -1;
	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++)
		channel_init(h, i);
	h->rx_buf = malloc(0xffff * 8);
	if (!h->rx_buf)
		return -ENOMEM;
	ret = shm_create(h);
	if (ret) {
		fprintf(stderr, "synth2d-host: cannot create %s: %s\n", config->shm_path,
			strerror(-ret));
		goto fail;
	}
	if (config->capture_path) {
		ret = capture_start(h, config->capture_path);
		if (ret) {
			fprintf(stderr, "synth2d-host: cannot open capture %s: %s\n",
				config->capture_path, strerror(-ret));
			goto fail;
		}
	}
	if (config->control_path) {
		ret = control_server_open(h, config->control_path);
		if (ret) {
			fprintf(stderr, "synth2d-host: cannot listen on %s: %s\n",
				config->control_path, strerror(-ret));
			goto fail;
		}
	}
	ret = vnc_console_start(h);
	if (ret)
		goto fail;
	return 0;
fail:
	host_destroy(h);
	return ret;
}

void host_destroy(struct host *h)
{
	vnc_console_stop(h);
	control_server_close(h);
	capture_stop(h);
	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++)
		channel_drop_queue(&h->channels[i]);
	vram_tracker_free(&h->video.vram);
	shm_destroy(h);
	free(h->violations);
	h->violations = NULL;
	free(h->rx_buf);
	h->rx_buf = NULL;
}

int host_poll_once(struct host *h)
{
	int handled = 0;

	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++)
		channel_poll_control(h, &h->channels[i]);
	/* after the channels: the guest closes them before it unloads */
	handled += vmbus_poll_unload(h);
	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++)
		handled += channel_poll_rings(h, &h->channels[i]);
	handled += keyboard_poll_typematic(h);
	return handled;
}

void host_reset_stats(struct host *h)
{
	for (unsigned int i = 0; i < HOST_CHANNEL_COUNT; i++) {
		memset(h->channels[i].messages, 0, sizeof(h->channels[i].messages));
		h->channels[i].queue_dropped = 0;
	}
	memset(&h->video.dirt, 0, sizeof(h->video.dirt));
	/* the host surface is the picture, not a statistic: it stays */
	h->video.vram.dirt_changed_pixels = 0;
	h->video.shape_uploads = 0;
	h->video.shape_parts = 0;
	h->video.position_messages = 0;
	h->video.feature_changes_sent = 0;
	h->video.feature_changes_at_open = 0;
	h->video.resolution_requests = 0;
	h->mouse.reports_sent = 0;
	h->keyboard.leds_messages = 0;
	h->keyboard.keystrokes_sent = 0;
	h->keyboard.holds = 0;
	h->keyboard.typematic_repeats = 0;
	violations_clear(h);
}
