// SPDX-License-Identifier: MIT
/*
 * Protocol violations: every one is recorded (channel, message, why);
 * fatal ones also stop the channel until the guest reopens it, as OpenVMM
 * does (docs/protocol.md §6.3).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* Older entries are kept; past this many only the count grows. */
#define VIOLATION_LIMIT 10000

static void vrecord(struct host *h, unsigned int channel, const char *type, bool fatal,
		    const char *fmt, va_list ap)
{
	struct violation v = {.channel = channel, .fatal = fatal};

	snprintf(v.type, sizeof(v.type), "%s", type);
	vsnprintf(v.reason, sizeof(v.reason), fmt, ap);
	fprintf(stderr, "synth2d-host: %s %s violation (%s): %s\n", h->channels[channel].name,
		fatal ? "fatal" : "protocol", v.type, v.reason);
	if (h->violation_count == h->violation_cap) {
		size_t cap = h->violation_cap ? h->violation_cap * 2 : 16;
		struct violation *nv;

		if (cap > VIOLATION_LIMIT)
			cap = VIOLATION_LIMIT;
		if (h->violation_count >= cap)
			return;
		nv = realloc(h->violations, cap * sizeof(*nv));
		if (!nv)
			return;
		h->violations = nv;
		h->violation_cap = cap;
	}
	h->violations[h->violation_count++] = v;
}

void violation_record(struct host *h, unsigned int channel, const char *type, bool fatal,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(h, channel, type, fatal, fmt, ap);
	va_end(ap);
}

void channel_fail(struct host *h, struct host_channel *ch, const char *type, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(h, ch->index, type, true, fmt, ap);
	va_end(ap);
	ch->state = CHANNEL_FAILED;
	channel_drop_queue(ch);
}

void violations_clear(struct host *h)
{
	h->violation_count = 0;
}

void violations_to_json(const struct host *h, struct strbuf *out)
{
	strbuf_append(out, "[", 1);
	for (size_t i = 0; i < h->violation_count; i++) {
		const struct violation *v = &h->violations[i];

		if (i)
			strbuf_append(out, ",", 1);
		strbuf_printf(out, "{\"channel\":\"%s\",\"type\":", h->channels[v->channel].name);
		strbuf_append_json_string(out, v->type);
		strbuf_append(out, ",\"reason\":", 10);
		strbuf_append_json_string(out, v->reason);
		strbuf_printf(out, ",\"fatal\":%s}", v->fatal ? "true" : "false");
	}
	strbuf_append(out, "]", 1);
}
