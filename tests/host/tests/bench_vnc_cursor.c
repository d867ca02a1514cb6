// SPDX-License-Identifier: MIT
/*
 * synth2d-vnc-cursor-bench: bytes a VNC client receives per pointer move,
 * with the pointer drawn on the client's side (RichCursor + PointerPos)
 * against drawn into the picture by the host. Prints figures, asserts
 * nothing (docs/benchmarks.md has a run).
 *
 * A 1024x768 guest with a 32x32 pointer; two kinds of move, MOVES each:
 *  - moved on the host side (the guest or another client): the control
 *    socket's `mouse-move`;
 *  - moved by the client itself (its PointerEvents).
 * Clients are processes of their own, with raw pixels (no compression), so
 * the figures are the protocol's and not an encoder's.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../vnc_console.h"
#include "guest_sim.h"
#include "rfb_client.h"

#define W     1024
#define H     768
#define MOVES 100

/* what a viewer asks for: the pointer drawn in, or a shape and one kind of position */
enum viewer { DRAWN, POINTER_POS, VMWARE_POS };
static const int32_t encodings[][3] = {
    [DRAWN] = {RFB_ENC_RAW},
    [POINTER_POS] = {RFB_ENC_RAW, RFB_ENC_RICH_CURSOR, RFB_ENC_POINTER_POS},
    [VMWARE_POS] = {RFB_ENC_RAW, RFB_ENC_RICH_CURSOR, RFB_ENC_VMWARE_POS},
};

static struct guest_sim g;

static uint32_t grey(uint32_t x, uint32_t y)
{
	return ((x ^ y) & 0xff) * 0x010101u;
}

static void serve(void)
{
	host_poll_once(g.h);
	vnc_console_poll(g.h, 1000);
}

static int move_x(int k)
{
	return 100 + 7 * k;
}

static int move_y(int k)
{
	return 80 + 5 * k;
}

/*
 * A client process. Tells the parent through @to_parent: 'r' when it has
 * the first picture, '.' after each update, then its byte count of the
 * move phase (uint64_t). @self_moves: it moves the pointer itself.
 */
static void client(uint16_t port, enum viewer viewer, bool self_moves, int to_parent)
{
	bool local = viewer != DRAWN;
	struct rfb_client c;
	uint64_t start;

	if (rfb_connect(&c, port, encodings[viewer], local ? 3 : 1, NULL, NULL) ||
	    rfb_request(&c, false) || rfb_wait_update(&c, 10000))
		_exit(2);
	if (write(to_parent, "r", 1) != 1)
		_exit(2);
	start = c.bytes_received;
	for (int k = 0; k < MOVES; k++) {
		if (self_moves && rfb_pointer(&c, 0, (uint16_t)move_x(k), (uint16_t)move_y(k)))
			_exit(3);
		if (self_moves && local)
			continue; /* nothing comes back: checked by the update below */
		if (rfb_request(&c, true) || rfb_wait_update(&c, 10000) ||
		    write(to_parent, ".", 1) != 1)
			_exit(3);
	}
	if (self_moves && local) {
		/* the parent marks one pixel: the only update, if the moves sent none */
		if (write(to_parent, "m", 1) != 1 || rfb_request(&c, true) ||
		    rfb_wait_update(&c, 10000))
			_exit(3);
		start += 4 + 12 + 4; /* that update: header, one rect, one pixel */
	}
	start = c.bytes_received - start;
	if (write(to_parent, &start, sizeof(start)) != sizeof(start))
		_exit(4);
	_exit(0);
}

/* Read one byte from @fd while serving the host. */
static char wait_byte(int fd)
{
	char b = 0;

	for (int i = 0; i < 20000; i++) {
		if (read(fd, &b, 1) == 1)
			return b;
		serve();
	}
	return 0;
}

static double run(enum viewer viewer, bool self_moves)
{
	bool local = viewer != DRAWN;
	int fds[2];
	pid_t pid;
	uint64_t bytes = 0;
	char cmd[64];

	if (pipe2(fds, O_NONBLOCK))
		exit(2);
	/* start each run with the pointer away from the moves */
	guest_control(&g, "mouse-move 0 0");
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		client(g.h->config.vnc_port, viewer, self_moves, fds[1]);
	}
	close(fds[1]);
	if (wait_byte(fds[0]) != 'r')
		goto fail;
	for (int k = 0; k < MOVES; k++) {
		if (!self_moves) {
			snprintf(cmd, sizeof(cmd), "mouse-move %d %d", move_x(k), move_y(k));
			guest_control(&g, cmd);
		}
		if (!(self_moves && local) && wait_byte(fds[0]) != '.')
			goto fail;
	}
	if (self_moves && local) {
		if (wait_byte(fds[0]) != 'm')
			goto fail;
		for (int i = 0; i < 50; i++)
			serve(); /* the moves are in before the pixel */
		guest_send_dirt(&g, 1000, 700, 1001, 701);
	}
	for (int i = 0; i < (int)sizeof(bytes); i++)
		((char *)&bytes)[i] = wait_byte(fds[0]);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	return (double)bytes / MOVES;
fail:
	fprintf(stderr, "synth2d-vnc-cursor-bench: client failed\n");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	exit(1);
}

int main(void)
{
	struct host_config cfg;
	double host[3], self[3];

	signal(SIGPIPE, SIG_IGN);
	guest_config(&cfg);
	cfg.vnc_address = 0x7f000001;
	cfg.vnc_port = rfb_free_port();
	guest_start(&g, &cfg);
	guest_fill(&g, W, H, grey);
	guest_connect_video(&g, W, H);
	guest_connect_mouse(&g);
	guest_send_shape(&g, 32, 32, 0, 0, 0xff202020);

	for (int v = DRAWN; v <= VMWARE_POS; v++) {
		host[v] = run((enum viewer)v, false);
		self[v] = run((enum viewer)v, true);
	}
	printf("VNC console, %dx%d, 32x32 pointer, %d moves of (+7,+5), raw encoding\n", W, H,
	       MOVES);
	printf("%-28s %14s %14s %14s\n", "bytes per move", "PointerPos", "VMware pos", "drawn in");
	printf("%-28s %14.1f %14.1f %14.1f\n", "moved by the host or guest", host[POINTER_POS],
	       host[VMWARE_POS], host[DRAWN]);
	printf("%-28s %14.1f %14.1f %14.1f\n", "moved by this client", self[POINTER_POS],
	       self[VMWARE_POS], self[DRAWN]);
	printf("cursor shape, once per change: %u bytes (RichCursor: 32*32*4 + mask)\n",
	       12 + 32 * 32 * 4 + 4 * 32);
	guest_stop(&g);
	return 0;
}
