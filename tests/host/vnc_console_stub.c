// SPDX-License-Identifier: MIT
/* synth2d-host configured with -Dvnc-console=disabled: --vnc is refused at start. */
#include <stdio.h>

#include "host.h"
#include "vnc_console.h"

int vnc_console_start(struct host *h)
{
	if (!h->config.vnc_port && !h->config.vnc_socket_path)
		return 0;
	fprintf(stderr,
		"synth2d-host: --vnc: built without the VNC console (-Dvnc-console=disabled)\n");
	return -1;
}

void vnc_console_stop(struct host *h)
{
	(void)h;
}

void vnc_console_poll(struct host *h, long usec)
{
	(void)h;
	(void)usec;
}

void vnc_console_view_rect(struct host *h, int32_t x1, int32_t y1, int32_t x2, int32_t y2)
{
	(void)h;
	(void)x1;
	(void)y1;
	(void)x2;
	(void)y2;
}

void vnc_console_view_taken(struct host *h)
{
	(void)h;
}

unsigned int vnc_console_clients(const struct host *h)
{
	(void)h;
	return 0;
}

bool vnc_console_available(void)
{
	return false;
}
