/* SPDX-License-Identifier: MIT */
#ifndef SYNTH2D_HOST_CONTROL_COMMANDS_H
#define SYNTH2D_HOST_CONTROL_COMMANDS_H

#include "strbuf.h"

struct host;

/* Longest request line: `inject` with 16384 bytes of hex plus room. */
#define CONTROL_MAX_LINE 40000

/* Execute one request line (no newline); the reply replaces @reply's contents. */
void control_execute(struct host *h, const char *request, struct strbuf *reply);

/* control_server.c */
int control_server_open(struct host *h, const char *path);
void control_server_close(struct host *h);
/* Accept clients and execute every complete request; waits up to @timeout_ms. */
void control_server_poll(struct host *h, int timeout_ms);

#endif
