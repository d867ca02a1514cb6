/* SPDX-License-Identifier: MIT */
/*
 * Plays the guest side of the rig for the unit tests: a shared file in a
 * temporary directory, rings opened the way the VMBus sim module opens them,
 * packets written and read with vmbus_ring.h, and the host driven one
 * host_poll_once() at a time.
 */
#ifndef SYNTH2D_HOST_TEST_GUEST_SIM_H
#define SYNTH2D_HOST_TEST_GUEST_SIM_H

#include <stdio.h>

#include "../host.h"
#include "test_check.h"

#define GUEST_BAR_GPA	0xf0000000ull
#define GUEST_SHM_SIZE	(32u << 20)
#define GUEST_RING_SIZE (64u << 10) /* each way, header page included */

struct guest_sim {
	struct host *h;
	char dir[64];
	char shm_path[96];
	struct synth2d_ring out[HOST_CHANNEL_COUNT]; /* guest writes */
	struct synth2d_ring in[HOST_CHANNEL_COUNT];  /* guest reads */
	uint64_t trans_id;			     /* of the last packet sent */
	/* completion packets the host sent, skipped by guest_recv() as Linux does */
	unsigned int completions[HOST_CHANNEL_COUNT];
	uint64_t completed_id[HOST_CHANNEL_COUNT]; /* trans_id of the last one */
};

/* Default test config: 32 MiB file, 8 MiB VRAM. */
void guest_config(struct host_config *c);
/* Start a host with @c (NULL: guest_config()) and attach as the guest. */
void guest_start(struct guest_sim *g, const struct host_config *c);
void guest_stop(struct guest_sim *g);
/* Poll the host a few rounds. */
void guest_poll(struct guest_sim *g);

void guest_open(struct guest_sim *g, unsigned int ch);
void guest_close(struct guest_sim *g, unsigned int ch);

/* Raw in-band packet with completion requested, as the Linux drivers send. */
/* One in-band packet, flags 0 (as hyperv_drm sends); _completion asks for a completion. */
void guest_send_raw(struct guest_sim *g, unsigned int ch, const void *payload, uint32_t len);
void guest_send_raw_completion(struct guest_sim *g, unsigned int ch, const void *payload,
			       uint32_t len);
void guest_send_pipe(struct guest_sim *g, unsigned int ch, const void *msg, uint32_t len);
/* pipe + synthvid header (size = 8 + payload, the Linux convention) + payload */
void guest_send_video(struct guest_sim *g, uint32_t type, const void *payload, uint32_t len);
/* pipe + synthhid header + payload */
void guest_send_mouse(struct guest_sim *g, uint32_t type, const void *payload, uint32_t len);

/* Next host packet's payload (after the descriptor); -1 if none. */
int guest_recv(struct guest_sim *g, unsigned int ch, uint8_t *buf, uint32_t max);
/* Next video message: returns payload length after pipe + synthvid headers, -1 if none. */
int guest_recv_video(struct guest_sim *g, uint32_t *type, uint8_t *payload, uint32_t max);
/* Drop every pending host packet on @ch; returns how many. */
int guest_drain(struct guest_sim *g, unsigned int ch);

/* Version 3.5, VRAM at the window start, @w x @h situation; drains the replies. */
void guest_connect_video(struct guest_sim *g, uint32_t w, uint32_t h);
void guest_connect_mouse(struct guest_sim *g);
void guest_connect_keyboard(struct guest_sim *g);

/* Next keystroke the host sent: make code and info flags; -1 if none. */
int guest_recv_keystroke(struct guest_sim *g, uint16_t *code, uint32_t *info);
/* Next mouse input report (buttons, HID x/y 0..32767, wheel); -1 if none. */
int guest_recv_mouse_report(struct guest_sim *g, uint8_t *buttons, uint16_t *x, uint16_t *y,
			    int16_t *wheel);
/* Fill a @w x @h surface at VRAM offset 0 (pitch w * 4) with @pixel(x, y) values 0x00RRGGBB. */
void guest_fill(struct guest_sim *g, uint32_t w, uint32_t h,
		uint32_t (*pixel)(uint32_t x, uint32_t y));
/* One DIRT message with one rect (right/bottom exclusive). */
void guest_send_dirt(struct guest_sim *g, int32_t x1, int32_t y1, int32_t x2, int32_t y2);
/* SITUATION_UPDATE: one active w x h output, 32 bpp, at VRAM offset 0. */
void guest_send_situation(struct guest_sim *g, uint32_t w, uint32_t h);
/* A one-part ARGB pointer shape of one colour 0xAARRGGBB. */
void guest_send_shape(struct guest_sim *g, uint32_t w, uint32_t h, uint32_t hx, uint32_t hy,
		      uint32_t argb);

/* Guest-side pointer to VRAM (the start of the MMIO window). */
uint8_t *guest_vram(struct guest_sim *g);

/* Run a control request; the reply is returned in a static buffer. */
const char *guest_control(struct guest_sim *g, const char *request);

#endif
