// SPDX-License-Identifier: MIT
/*
 * Control requests: one line in, one reply line out ("ok ..." or
 * "err REASON"). README.md documents every request.
 */
#include "control_commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <synth2d/synthkbd.h>

#include "console_view.h"
#include "host.h"

#define MAX_ARGS 8

static int parse_int(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	if (!text || !*text)
		return -1;
	errno = 0;
	v = strtol(text, &end, 0);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void reply_ok(struct strbuf *r)
{
	strbuf_append(r, "ok", 2);
}

static void reply_err(struct strbuf *r, const char *why)
{
	strbuf_printf(r, "err %s", why);
}

static int split(char *s, char **argv)
{
	int n = 0;
	char *save = NULL;

	for (char *t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_ARGS)
			return -1;
		argv[n++] = t;
	}
	return n;
}

static void cmd_render(struct host *h, const char *path, enum console_source source,
		       bool with_pointer, struct strbuf *r)
{
	uint32_t *pixels, w, hh;
	int ret;

	if (!*path) {
		reply_err(r, "missing PATH");
		return;
	}
	ret = console_render(h, source, with_pointer, &pixels, &w, &hh);
	if (!ret) {
		ret = png_write_xrgb(path, pixels, w, hh);
		free(pixels);
	}
	if (ret)
		strbuf_printf(r, "err cannot write %s: %s", path, strerror(-ret));
	else
		strbuf_printf(r, "ok %ux%u", w, hh);
}

static void cmd_pointer(struct host *h, struct strbuf *r)
{
	struct pointer_view v;

	console_pointer_view(h, &v);
	strbuf_printf(r, "ok x=%d y=%d w=%u h=%u hot_x=%u hot_y=%u visible=%d mode=%s", v.x, v.y,
		      v.shape->width, v.shape->height, v.shape->hot_x, v.shape->hot_y, v.visible,
		      v.relative ? "relative" : "absolute");
}

static void reply_sent(struct strbuf *r, int ret)
{
	strbuf_printf(r, "ok sent=%d", ret == 0);
}

static void cmd_mouse_move(struct host *h, int argc, char **argv, struct strbuf *r)
{
	uint32_t w, hh;
	long x, y;

	screen_size(h, &w, &hh);
	if (argc != 3) {
		reply_err(r, "usage: mouse-move X Y");
		return;
	}
	if (parse_int(argv[1], 0, (long)w - 1, &x) || parse_int(argv[2], 0, (long)hh - 1, &y)) {
		strbuf_printf(r, "err position outside the %ux%u screen", w, hh);
		return;
	}
	h->mouse.x = (int32_t)x;
	h->mouse.y = (int32_t)y;
	reply_sent(r, mouse_send_report(h, 0));
}

static void cmd_mouse_button(struct host *h, int argc, char **argv, struct strbuf *r)
{
	long n;
	uint8_t bit;

	if (argc != 3 || parse_int(argv[1], 1, 5, &n) ||
	    (strcmp(argv[2], "down") && strcmp(argv[2], "up"))) {
		reply_err(r, "usage: mouse-button 1..5 down|up");
		return;
	}
	bit = (uint8_t)(1u << (n - 1));
	if (!strcmp(argv[2], "down"))
		h->mouse.buttons |= bit;
	else
		h->mouse.buttons &= (uint8_t)~bit;
	reply_sent(r, mouse_send_report(h, 0));
}

static void cmd_mouse_wheel(struct host *h, int argc, char **argv, struct strbuf *r)
{
	long d;

	if (argc != 2 || parse_int(argv[1], -32767, 32767, &d)) {
		reply_err(r, "usage: mouse-wheel -32767..32767");
		return;
	}
	reply_sent(r, mouse_send_report(h, (int16_t)d));
}

#define KEY_USAGE "usage: key CODE(0..0x7f) down|up|hold MS(1..60000) [e0] [e1]"

static void cmd_key(struct host *h, int argc, char **argv, struct strbuf *r)
{
	uint32_t info = 0;
	long code, hold_ms = 0;
	int first_flag = 3;

	if (argc < 3 || parse_int(argv[1], 0, 0x7f, &code) ||
	    (strcmp(argv[2], "down") && strcmp(argv[2], "up") && strcmp(argv[2], "hold"))) {
		reply_err(r, KEY_USAGE);
		return;
	}
	if (!strcmp(argv[2], "up"))
		info |= SYNTH2D_SYNTHKBD_IS_BREAK;
	if (!strcmp(argv[2], "hold")) {
		if (argc < 4 || parse_int(argv[3], 1, 60000, &hold_ms)) {
			reply_err(r, KEY_USAGE);
			return;
		}
		first_flag = 4;
	}
	for (int i = first_flag; i < argc; i++) {
		if (!strcmp(argv[i], "e0")) {
			info |= SYNTH2D_SYNTHKBD_IS_E0;
		} else if (!strcmp(argv[i], "e1")) {
			info |= SYNTH2D_SYNTHKBD_IS_E1;
		} else {
			reply_err(r, KEY_USAGE);
			return;
		}
	}
	if (h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD].state != CHANNEL_ACTIVE)
		reply_err(r, "keyboard channel not active");
	else if (hold_ms && h->keyboard.hold.active)
		reply_err(r, "a key is already held");
	else if (hold_ms && keyboard_hold_start(h, (uint16_t)code, info, (uint32_t)hold_ms))
		reply_err(r, "keystroke could not be sent (see violations)");
	else if (hold_ms)
		reply_ok(r);
	else if (keyboard_send_keystroke(h, (uint16_t)code, info))
		reply_err(r, "keystroke could not be sent (see violations)");
	else
		reply_ok(r);
}

/*
 * UTF-8 to UTF-16 units; -1 on malformed input. A request is one line, so
 * a backslash and 'n' stand for a newline (pasted text with line breaks)
 * and two backslashes for one; any other backslash is itself.
 */
static int utf8_to_utf16(const char *s, uint16_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		uint32_t cp;
		int extra;

		if (*p == '\\' && (p[1] == 'n' || p[1] == '\\')) {
			cp = p[1] == 'n' ? '\n' : '\\';
			extra = 0;
			p++;
		} else if (*p < 0x80) {
			cp = *p;
			extra = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			extra = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			extra = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07;
			extra = 3;
		} else {
			return -1;
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (*p & 0x3f);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			return -1;
		if (n + 2 > max)
			return -1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			out[n++] = (uint16_t)(0xd800 | (cp >> 10));
			out[n++] = (uint16_t)(0xdc00 | (cp & 0x3ff));
		} else {
			out[n++] = (uint16_t)cp;
		}
	}
	return n;
}

static void cmd_type(struct host *h, const char *text, struct strbuf *r)
{
	uint16_t units[4096];
	int n;

	if (!*text) {
		reply_err(r, "usage: type TEXT");
		return;
	}
	n = utf8_to_utf16(text, units, (int)(sizeof(units) / sizeof(units[0])));
	if (n < 0) {
		reply_err(r, "TEXT is not valid UTF-8 (or too long)");
		return;
	}
	if (h->channels[SYNTH2D_SIM_CHANNEL_KEYBOARD].state != CHANNEL_ACTIVE) {
		reply_err(r, "keyboard channel not active");
		return;
	}
	for (int i = 0; i < n; i++) {
		keyboard_send_keystroke(h, units[i], SYNTH2D_SYNTHKBD_IS_UNICODE);
		keyboard_send_keystroke(h, units[i],
					SYNTH2D_SYNTHKBD_IS_UNICODE | SYNTH2D_SYNTHKBD_IS_BREAK);
	}
	strbuf_printf(r, "ok units=%d", n);
}

static void cmd_resolutions(struct host *h, int argc, char **argv, struct strbuf *r)
{
	struct resolution_list list;
	const char *err;
	long def = 0;

	if (argc < 2 || argc > 3) {
		reply_err(r, "usage: resolutions WxH,WxH,... [default=N]");
		return;
	}
	if (parse_resolution_list(argv[1], &list, &err)) {
		reply_err(r, err);
		return;
	}
	if (argc == 3 && (strncmp(argv[2], "default=", 8) ||
			  parse_int(argv[2] + 8, 0, (long)list.count - 1, &def))) {
		reply_err(r, "default=N must index the list");
		return;
	}
	list.default_index = (unsigned int)def;
	h->config.resolutions = list;
	strbuf_printf(r, "ok count=%u default=%ld", list.count, def);
}

static void cmd_features(struct host *h, const char *args, struct strbuf *r)
{
	const char *err;

	if (parse_features(args, &h->config.features, &err)) {
		reply_err(r, err);
		return;
	}
	reply_sent(r, video_send_feature_change(h));
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void cmd_inject(struct host *h, int argc, char **argv, struct strbuf *r)
{
	static uint8_t bytes[SYNTH2D_MAX_PIPE_PAYLOAD];
	size_t len;
	int ch, ret;

	if (argc != 3) {
		reply_err(r, "usage: inject CHANNEL HEX");
		return;
	}
	ch = channel_index_by_name(argv[1]);
	if (ch < 0) {
		reply_err(r, "unknown channel (video, mouse, keyboard)");
		return;
	}
	len = strlen(argv[2]);
	if (len == 0 || len % 2 || len / 2 > sizeof(bytes)) {
		reply_err(r, "HEX must be 1..16384 bytes as an even number of hex digits");
		return;
	}
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hex_value(argv[2][2 * i]), lo = hex_value(argv[2][2 * i + 1]);

		if (hi < 0 || lo < 0) {
			reply_err(r, "HEX has a non-hex digit");
			return;
		}
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	ret = channel_send_raw(h, &h->channels[ch], bytes, (uint32_t)(len / 2));
	if (ret)
		strbuf_printf(r, "err %s channel cannot take it: %s", argv[1], strerror(-ret));
	else
		reply_ok(r);
}

static void cmd_offer(struct host *h, int argc, char **argv, bool offer, struct strbuf *r)
{
	int ch;

	if (argc != 2 || (ch = channel_index_by_name(argv[1])) < 0) {
		reply_err(r, "usage: rescind|offer video|mouse|keyboard");
		return;
	}
	shm_set_offer(h, (unsigned int)ch, offer);
	reply_ok(r);
}

/* N FEATURE_CHANGEs at once, dirt flag alternating, the configured flags last */
static void cmd_feature_storm(struct host *h, const char *count, struct strbuf *r)
{
	struct video_features saved = h->config.features;
	long n;
	int sent = 0;

	if (parse_int(count, 1, 100000, &n)) {
		reply_err(r, "usage: fault video feature-storm N (1..100000)");
		return;
	}
	for (long i = 0; i < n; i++) {
		h->config.features.dirt = i == n - 1 ? saved.dirt : (i % 2 != 0);
		if (video_send_feature_change(h) == 0)
			sent++;
	}
	h->config.features = saved;
	strbuf_printf(r, "ok sent=%d", sent);
}

static void cmd_fault(struct host *h, int argc, char **argv, struct strbuf *r)
{
	bool clear = argc == 3 && !strcmp(argv[2], "clear");

	if (argc == 4 && !strcmp(argv[1], "video") && !strcmp(argv[2], "feature-storm")) {
		cmd_feature_storm(h, argv[3], r);
		return;
	}

	bool at_open = argc == 3 && !strcmp(argv[2], "feature-change-at-open");

	if ((argc != 4 && !clear && !at_open) || strcmp(argv[1], "video") ||
	    video_set_fault(h, argv[2], argc == 4 ? argv[3] : NULL)) {
		reply_err(r, "usage: fault video drop-next|corrupt-next TYPE_NAME, "
			     "fault video feature-change-at-open, fault video clear, "
			     "fault video feature-storm N");
		return;
	}
	reply_ok(r);
}

static void cmd_capture(struct host *h, const char *path, struct strbuf *r)
{
	int ret;

	if (!*path) {
		reply_err(r, "usage: capture PATH|stop");
		return;
	}
	if (!strcmp(path, "stop")) {
		capture_stop(h);
		reply_ok(r);
		return;
	}
	ret = capture_start(h, path);
	if (ret)
		strbuf_printf(r, "err cannot open %s: %s", path, strerror(-ret));
	else
		reply_ok(r);
}

void control_execute(struct host *h, const char *request, struct strbuf *r)
{
	char line[CONTROL_MAX_LINE + 1];
	char words[CONTROL_MAX_LINE + 1];
	char trimmed[CONTROL_MAX_LINE + 1];
	char *argv[MAX_ARGS];
	const char *rest, *text;
	size_t len = strlen(request);
	int argc;

	strbuf_reset(r);
	if (len > CONTROL_MAX_LINE) {
		reply_err(r, "request too long");
		return;
	}
	/*
	 * Keep the raw text after the first word: TEXT of `type` is everything
	 * after one separating space (spaces included); paths are trimmed.
	 */
	if (len && request[len - 1] == '\r')
		len--;
	memcpy(line, request, len);
	line[len] = '\0';
	text = line + strspn(line, " \t");
	text += strcspn(text, " \t");
	if (*text)
		text++;
	memcpy(trimmed, line, len + 1);
	for (size_t n = len; n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t'); n--)
		trimmed[n - 1] = '\0';
	rest = trimmed + (text - line);
	if (rest > trimmed + strlen(trimmed))
		rest = trimmed + strlen(trimmed);
	rest += strspn(rest, " \t");
	memcpy(words, line, len + 1);
	argc = split(words, argv);
	if (argc == 0) {
		reply_err(r, "empty request");
		return;
	}
	const char *cmd = argv[0];

	if (!strcmp(cmd, "ping") && argc == 1) {
		reply_ok(r);
	} else if (!strcmp(cmd, "screenshot")) {
		cmd_render(h, rest, CONSOLE_HOST_VIEW, true, r);
	} else if (!strcmp(cmd, "view")) {
		cmd_render(h, rest, CONSOLE_HOST_VIEW, false, r);
	} else if (!strcmp(cmd, "framebuffer")) {
		cmd_render(h, rest, CONSOLE_VRAM, false, r);
	} else if (!strcmp(cmd, "pointer") && argc == 1) {
		cmd_pointer(h, r);
	} else if (!strcmp(cmd, "type")) {
		cmd_type(h, text, r);
	} else if (!strcmp(cmd, "features")) {
		cmd_features(h, rest, r);
	} else if (!strcmp(cmd, "capture")) {
		cmd_capture(h, rest, r);
	} else if (argc < 0) {
		reply_err(r, "too many arguments");
	} else if (!strcmp(cmd, "mouse-move")) {
		cmd_mouse_move(h, argc, argv, r);
	} else if (!strcmp(cmd, "mouse-button")) {
		cmd_mouse_button(h, argc, argv, r);
	} else if (!strcmp(cmd, "mouse-wheel")) {
		cmd_mouse_wheel(h, argc, argv, r);
	} else if (!strcmp(cmd, "key")) {
		cmd_key(h, argc, argv, r);
	} else if (!strcmp(cmd, "reconnect") && argc == 1) {
		if (video_send_feature_change(h))
			reply_err(r, "video channel not connected");
		else
			reply_ok(r);
	} else if (!strcmp(cmd, "resolutions")) {
		cmd_resolutions(h, argc, argv, r);
	} else if (!strcmp(cmd, "mouse-mode") && argc == 2 &&
		   (!strcmp(argv[1], "absolute") || !strcmp(argv[1], "relative"))) {
		h->mouse.relative_mode = !strcmp(argv[1], "relative");
		reply_ok(r);
	} else if (!strcmp(cmd, "stats") && argc == 1) {
		strbuf_append(r, "ok ", 3);
		stats_to_json(h, r);
	} else if (!strcmp(cmd, "reset-stats") && argc == 1) {
		host_reset_stats(h);
		reply_ok(r);
	} else if (!strcmp(cmd, "violations") && argc == 1) {
		strbuf_append(r, "ok ", 3);
		violations_to_json(h, r);
	} else if (!strcmp(cmd, "fault")) {
		cmd_fault(h, argc, argv, r);
	} else if (!strcmp(cmd, "inject")) {
		cmd_inject(h, argc, argv, r);
	} else if (!strcmp(cmd, "rescind") || !strcmp(cmd, "offer")) {
		cmd_offer(h, argc, argv, !strcmp(cmd, "offer"), r);
	} else if (!strcmp(cmd, "quit") && argc == 1) {
		h->quit = true;
		reply_ok(r);
	} else if (!strcmp(cmd, "pointer") || !strcmp(cmd, "reconnect") ||
		   !strcmp(cmd, "mouse-mode") || !strcmp(cmd, "stats") ||
		   !strcmp(cmd, "reset-stats") || !strcmp(cmd, "violations") ||
		   !strcmp(cmd, "quit") || !strcmp(cmd, "ping")) {
		strbuf_printf(r, "err bad arguments for %s", cmd);
	} else {
		strbuf_printf(r, "err unknown request '%.64s'", cmd);
	}
}
