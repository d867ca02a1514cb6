// SPDX-License-Identifier: MIT
/*
 * Packet capture, one text line per VMBus packet:
 *   SECONDS.MICROSECONDS DIRECTION CHANNEL LENGTH HEX
 * DIRECTION is g2h (guest to host) or h2g; HEX is the packet payload after
 * the VMBus descriptor (pipe header included; guest packets with their
 * 8-byte padding). README.md documents it.
 */
#include <errno.h>
#include <time.h>

#include "host.h"

int capture_start(struct host *h, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	capture_stop(h);
	h->capture = f;
	fprintf(f, "# synth2d-host capture v1: time direction channel length hex\n");
	fflush(f);
	return 0;
}

void capture_stop(struct host *h)
{
	if (h->capture)
		fclose(h->capture);
	h->capture = NULL;
}

void capture_packet(struct host *h, bool to_guest, unsigned int channel, const void *payload,
		    uint32_t len)
{
	struct strbuf line;
	struct timespec ts;

	if (!h->capture)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	strbuf_init(&line);
	strbuf_printf(&line, "%lld.%06ld %s %s %u ", (long long)ts.tv_sec, ts.tv_nsec / 1000,
		      to_guest ? "h2g" : "g2h", h->channels[channel].name, len);
	strbuf_append_hex(&line, payload, len);
	strbuf_append(&line, "\n", 1);
	fwrite(line.data, 1, line.len, h->capture);
	fflush(h->capture);
	strbuf_free(&line);
}
