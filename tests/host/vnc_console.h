/* SPDX-License-Identifier: MIT */
/*
 * The VNC console (docs/console.md): the host view (console_view.h, the
 * DIRT-updated surface) served over RFB with LibVNCServer. Only the rects
 * DIRT declares are sent; the guest's pointer goes to clients as a cursor
 * shape (RichCursor) and position (PointerPos, or VMware's cursor position:
 * vnc_cursor_position.h), or drawn into the picture for clients without
 * them; client keys and pointer become synthetic keyboard and mouse input.
 *
 * Everything runs on the host's thread: vnc_console_poll() serves the
 * sockets from the host's loop, so the callbacks that turn client input
 * into host input need no locks. The cost is that a stalled client can
 * hold the loop for up to the write timeout (VNC_CLIENT_WAIT_MS).
 */
#ifndef SYNTH2D_HOST_VNC_CONSOLE_H
#define SYNTH2D_HOST_VNC_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

struct host;

#define VNC_CLIENT_WAIT_MS 2000

/* Listen as h->config says (vnc_port != 0); 0, or -1 after printing why. */
int vnc_console_start(struct host *h);
void vnc_console_stop(struct host *h);
/* Bring clients up to date with the host view, then serve their sockets, waiting up to @usec. */
void vnc_console_poll(struct host *h, long usec);
/* Called by the host view: the rect (right/bottom exclusive) changed, or the whole surface. */
void vnc_console_view_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2);
void vnc_console_view_taken(struct host *h);
/* Clients connected now. */
unsigned int vnc_console_clients(const struct host *h);
/* False when synth2d-host was built without LibVNCServer. */
bool vnc_console_available(void);

#endif
