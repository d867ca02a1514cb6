/* SPDX-License-Identifier: MIT */
/* Command-line configuration and the parsers shared with the control socket. */
#ifndef SYNTH2D_HOST_OPTIONS_H
#define SYNTH2D_HOST_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <synth2d/synthvid.h>

struct resolution_list {
	unsigned int count;
	unsigned int default_index;
	struct {
		uint16_t width, height;
	} entry[SYNTH2D_RESOLUTION_MAX_COUNT];
};

struct video_features {
	bool dirt, ptr_pos, ptr_shape, situ;
};

struct host_config {
	const char *shm_path;
	uint64_t shm_size;
	const char *control_path;      /* NULL: no control socket */
	const char *capture_path;      /* NULL: no capture at start */
	uint32_t vmbus_version;	       /* major << 16 | minor */
	uint32_t synthvid_max_version; /* SYNTH2D_SYNTHVID_VERSION(3, 2 or 5) */
	unsigned int mmio_megabytes;
	/* Gen2 firmware framebuffer at the start of the MMIO window; 0x0: none */
	uint16_t firmware_fb_width, firmware_fb_height;
	/* host typematic for `key CODE hold MS`: first repeat after delay, then every period */
	unsigned int typematic_delay_ms, typematic_period_ms;
	struct resolution_list resolutions;
	struct video_features features;
	/* VNC console (vnc_console.h): off unless vnc_port != 0 */
	uint32_t vnc_address; /* IPv4, host byte order; loopback unless an address is given */
	uint16_t vnc_port;
	const char *vnc_socket_path;   /* NULL: none; else a Unix socket, mode 0600 */
	const char *vnc_password_file; /* NULL: no password (loopback only is the protection) */
	bool strict;
	bool verbose;
};

void config_defaults(struct host_config *c);
/* Parse argv into @c; on error prints one line to stderr and returns -1. 1: --help shown. */
int config_parse_args(struct host_config *c, int argc, char **argv);

/* "1024x768,1920x1080" into @list (default_index left 0). 0 or -1 with @err set. */
int parse_resolution_list(const char *text, struct resolution_list *list, const char **err);
/* "dirt=1,ptr_pos=0" or space separated; only the named flags change. */
int parse_features(const char *text, struct video_features *f, const char **err);
/*
 * "[ADDR:]PORT" for --vnc: ADDR an IPv4 address or "localhost" (default
 * 127.0.0.1), PORT 1..65535. 0 or -1 with @err set.
 */
int parse_listen_address(const char *text, uint32_t *address, uint16_t *port, const char **err);
/* Strict unsigned parse: decimal or 0x hex, whole string, <= max. */
int parse_uint(const char *text, uint64_t max, uint64_t *out);

#endif
