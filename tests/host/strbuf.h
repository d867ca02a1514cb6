/* SPDX-License-Identifier: MIT */
/* A growable string for replies, JSON and capture lines. */
#ifndef SYNTH2D_HOST_STRBUF_H
#define SYNTH2D_HOST_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_append(struct strbuf *sb, const char *s, size_t len);
void strbuf_append_hex(struct strbuf *sb, const void *data, size_t len);
/* Append @s as a JSON string literal (quotes and escapes included). */
void strbuf_append_json_string(struct strbuf *sb, const char *s);

#endif
