// SPDX-License-Identifier: MIT
/*
 * The VNC console under load: several clients at once (other processes),
 * one of them killed in the middle of an update; the host keeps serving
 * the guest and the others, and takes new clients after.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../vnc_console.h"
#include "guest_sim.h"
#include "rfb_client.h"

#define W	  640
#define H	  480
#define FRAMES	  8
#define SURVIVORS 3

static const int32_t local_cursor[] = {RFB_ENC_RAW, RFB_ENC_RICH_CURSOR, RFB_ENC_POINTER_POS,
				       RFB_ENC_NEW_FB_SIZE};
static const int32_t plain[] = {RFB_ENC_RAW, RFB_ENC_NEW_FB_SIZE};

static uint32_t frame_colour;

static uint32_t solid(uint32_t x, uint32_t y)
{
	(void)x;
	(void)y;
	return frame_colour;
}

static uint32_t colour_of(int frame)
{
	return 0x00102030u * (uint32_t)(frame + 1) & 0x00ffffff;
}

static void pump(void *ctx)
{
	struct guest_sim *g = ctx;

	host_poll_once(g->h);
	vnc_console_poll(g->h, 0);
}

/* A client process: follow the updates until the last frame's colour shows. */
static void survivor(uint16_t port, bool local)
{
	struct rfb_client c;
	uint32_t last = colour_of(FRAMES - 1);

	if (rfb_connect(&c, port, local ? local_cursor : plain, local ? 4 : 2, NULL, NULL))
		_exit(2);
	for (int i = 0; i < 200; i++) {
		if (rfb_request(&c, i > 0) || rfb_wait_update(&c, 10000))
			_exit(3);
		if (rfb_pixel(&c, W - 1, H - 1) == last && rfb_pixel(&c, W / 2, H / 2) == last)
			_exit(0);
	}
	_exit(4);
}

/* A client process that dies with most of a full-screen update still unread. */
static void doomed(uint16_t port)
{
	struct rfb_client c;
	uint8_t buf[4096];

	if (rfb_connect(&c, port, plain, 2, NULL, NULL) || rfb_request(&c, false))
		_exit(2);
	if (recv(c.fd, buf, sizeof(buf), MSG_WAITALL) != (ssize_t)sizeof(buf))
		_exit(3);
	raise(SIGKILL);
	_exit(4);
}

static void serve_for(struct guest_sim *g, int ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		host_poll_once(g->h);
		vnc_console_poll(g->h, 1000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

int main(void)
{
	struct host_config cfg;
	struct guest_sim g;
	pid_t pids[SURVIVORS + 1];
	struct rfb_client late;
	int status;

	signal(SIGPIPE, SIG_IGN);
	guest_config(&cfg);
	cfg.vnc_address = 0x7f000001;
	cfg.vnc_port = rfb_free_port();
	guest_start(&g, &cfg);
	frame_colour = 0x00808080;
	guest_fill(&g, W, H, solid);
	guest_connect_video(&g, W, H);

	for (int i = 0; i <= SURVIVORS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			if (i == SURVIVORS)
				doomed(cfg.vnc_port);
			survivor(cfg.vnc_port, i % 2 == 0);
		}
		CHECK(pids[i] > 0);
	}
	for (int i = 0; i < 500 && vnc_console_clients(g.h) < SURVIVORS + 1; i++)
		serve_for(&g, 10);
	CHECK_EQ(vnc_console_clients(g.h), SURVIVORS + 1);

	/* full-screen frames while the doomed client dies mid-update */
	for (int f = 0; f < FRAMES; f++) {
		frame_colour = colour_of(f);
		guest_fill(&g, W, H, solid);
		guest_send_dirt(&g, 0, 0, W, H);
		serve_for(&g, 50);
	}
	CHECK(waitpid(pids[SURVIVORS], &status, 0) == pids[SURVIVORS]);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	for (int i = 0; i < SURVIVORS; i++) {
		pid_t r = 0;

		for (int t = 0; t < 1000 && r == 0; t++) {
			serve_for(&g, 10);
			r = waitpid(pids[i], &status, WNOHANG);
		}
		if (r == 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], &status, 0);
		}
		CHECK(r == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (int i = 0; i < 100 && vnc_console_clients(g.h) > 0; i++)
		serve_for(&g, 10);
	CHECK_EQ(vnc_console_clients(g.h), 0);

	/* still serving: a new client gets the current picture, the guest is fine */
	CHECK_EQ(rfb_connect(&late, cfg.vnc_port, local_cursor, 4, pump, &g), 0);
	CHECK_EQ(rfb_request(&late, false), 0);
	CHECK_EQ(rfb_wait_update(&late, 5000), 0);
	CHECK_EQ(rfb_pixel(&late, W - 1, H - 1), colour_of(FRAMES - 1));
	rfb_close(&late);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
	return test_report("test-host-vnc-load");
}
