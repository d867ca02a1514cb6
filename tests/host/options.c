// SPDX-License-Identifier: MIT
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <synth2d/vmbus_packet.h>
#include <synth2d/vmbus_sim.h>

/*
 * A realistic Hyper-V list (Set-VMVideo offers these sizes); entries larger
 * than VRAM are removed when the response is built.
 */
static const char default_resolutions[] =
    "1024x768,1152x864,1280x720,1280x800,1280x1024,1366x768,1440x900,1600x900,"
    "1600x1200,1680x1050,1920x1080,1920x1200,2560x1440,2560x1600,3840x2160";

void config_defaults(struct host_config *c)
{
	const char *err;

	memset(c, 0, sizeof(*c));
	c->shm_size = SYNTH2D_SIM_DEFAULT_SHM_SIZE;
	c->vmbus_version = SYNTH2D_VMBUS_VERSION_WIN10_V5_3;
	c->synthvid_max_version = SYNTH2D_SYNTHVID_VERSION_WIN10;
	c->mmio_megabytes = 8; /* what Windows 8 and later hosts give */
	/* Windows' defaults (keyboard delay 1, speed 31): 500 ms, about 30 per second */
	c->typematic_delay_ms = 500;
	c->typematic_period_ms = 33;
	parse_resolution_list(default_resolutions, &c->resolutions, &err);
	c->features = (struct video_features){.dirt = true, .ptr_pos = true, .ptr_shape = true};
}

int parse_uint(const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!text || !*text || *text == '-' || *text == '+' || *text == ' ')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_resolution_list(const char *text, struct resolution_list *list, const char **err)
{
	struct resolution_list out = {0};
	const char *p = text;

	while (*p) {
		char *end;
		unsigned long w, h;

		if (out.count == SYNTH2D_RESOLUTION_MAX_COUNT) {
			*err = "more than 64 resolutions";
			return -1;
		}
		if (*p < '0' || *p > '9')
			goto bad;
		w = strtoul(p, &end, 10);
		if (*end != 'x' || end[1] < '0' || end[1] > '9')
			goto bad;
		h = strtoul(end + 1, &end, 10);
		if (*end != ',' && *end != '\0')
			goto bad;
		if (w < 1 || h < 1 || w > 0xffff || h > 0xffff) {
			*err = "resolution out of range 1..65535";
			return -1;
		}
		out.entry[out.count].width = (uint16_t)w;
		out.entry[out.count].height = (uint16_t)h;
		out.count++;
		p = *end ? end + 1 : end;
		if (*end == ',' && !*p)
			goto bad;
	}
	if (out.count == 0) {
		*err = "empty resolution list";
		return -1;
	}
	*list = out;
	return 0;
bad:
	*err = "resolutions must look like WxH,WxH,...";
	return -1;
}

int parse_features(const char *text, struct video_features *f, const char **err)
{
	struct video_features out = *f;
	char buf[256];
	char *save = NULL;
	int n = 0;

	if (strlen(text) >= sizeof(buf)) {
		*err = "feature list too long";
		return -1;
	}
	strcpy(buf, text);
	for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *eq = strchr(tok, '=');
		bool *flag;

		if (!eq || (strcmp(eq + 1, "0") && strcmp(eq + 1, "1"))) {
			*err = "features take NAME=0|1";
			return -1;
		}
		*eq = '\0';
		if (!strcmp(tok, "dirt"))
			flag = &out.dirt;
		else if (!strcmp(tok, "ptr_pos"))
			flag = &out.ptr_pos;
		else if (!strcmp(tok, "ptr_shape"))
			flag = &out.ptr_shape;
		else if (!strcmp(tok, "situ"))
			flag = &out.situ;
		else {
			*err = "unknown feature (dirt, ptr_pos, ptr_shape, situ)";
			return -1;
		}
		*flag = eq[1] == '1';
		n++;
	}
	if (n == 0) {
		*err = "no features given";
		return -1;
	}
	*f = out;
	return 0;
}

int parse_listen_address(const char *text, uint32_t *address, uint16_t *port, const char **err)
{
	const char *colon = strrchr(text, ':');
	const char *port_text = colon ? colon + 1 : text;
	uint32_t addr = INADDR_LOOPBACK;
	uint64_t v;

	if (colon) {
		char host[INET_ADDRSTRLEN];
		size_t len = (size_t)(colon - text);
		struct in_addr in;

		if (len == 0 || len >= sizeof(host)) {
			*err = "ADDR must be an IPv4 address or localhost";
			return -1;
		}
		memcpy(host, text, len);
		host[len] = '\0';
		if (!strcmp(host, "localhost")) {
			addr = INADDR_LOOPBACK;
		} else if (inet_pton(AF_INET, host, &in) == 1) {
			addr = ntohl(in.s_addr);
		} else {
			*err = "ADDR must be an IPv4 address or localhost";
			return -1;
		}
	}
	if (parse_uint(port_text, 65535, &v) || v == 0) {
		*err = "PORT must be 1..65535";
		return -1;
	}
	*address = addr;
	*port = (uint16_t)v;
	return 0;
}

/* "5.3" -> major << 16 | minor */
static int parse_vmbus_version(const char *text, uint32_t *out)
{
	unsigned int major, minor;
	char tail;

	if (sscanf(text, "%u.%u%c", &major, &minor, &tail) != 2 || major > 0xffff || minor > 0xffff)
		return -1;
	*out = SYNTH2D_VMBUS_VERSION(major, minor);
	return 0;
}

/* Bytes, or with a K/M/G suffix. */
static int parse_size(const char *text, uint64_t *out)
{
	char buf[64];
	size_t len = strlen(text);
	uint64_t mult = 1, v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	strcpy(buf, text);
	switch (buf[len - 1]) {
	case 'K':
	case 'k':
		mult = 1ull << 10;
		break;
	case 'M':
	case 'm':
		mult = 1ull << 20;
		break;
	case 'G':
	case 'g':
		mult = 1ull << 30;
		break;
	default:
		break;
	}
	if (mult != 1)
		buf[len - 1] = '\0';
	if (parse_uint(buf, UINT64_MAX / mult, &v))
		return -1;
	*out = v * mult;
	return 0;
}

/* "DELAY,PERIOD", both 1..10000 ms. */
static int parse_typematic(const char *text, struct host_config *c)
{
	char buf[32];
	char *comma;
	uint64_t delay, period;

	if (strlen(text) >= sizeof(buf))
		return -1;
	strcpy(buf, text);
	comma = strchr(buf, ',');
	if (!comma)
		return -1;
	*comma = '\0';
	if (parse_uint(buf, 10000, &delay) || parse_uint(comma + 1, 10000, &period) || !delay ||
	    !period)
		return -1;
	c->typematic_delay_ms = (unsigned int)delay;
	c->typematic_period_ms = (unsigned int)period;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: synth2d-host --shm PATH [options]\n"
		"  --shm PATH                 shared memory file (created/truncated)\n"
		"  --shm-size SIZE            bytes or K/M/G, power of two (default 256M)\n"
		"  --control PATH             unix socket for control requests\n"
		"  --capture PATH             capture every packet from the start\n"
		"  --vmbus-version X.Y        VMBus version the guest sees (default 5.3)\n"
		"  --synthvid-max-version V   3.2 or 3.5 (default 3.5)\n"
		"  --mmio-megabytes N         VRAM size offered to the video device (default 8)\n"
		"  --firmware-fb WxH          show the firmware framebuffer until a situation\n"
		"  --resolutions WxH,...      list sent in RESOLUTION_RESPONSE\n"
		"  --default-resolution N     index into that list (default 0)\n"
		"  --features dirt=1,ptr_pos=1,ptr_shape=1,situ=0\n"
		"  --typematic DELAY,PERIOD   held-key repeat in ms (default 500,33)\n"
		"  --vnc [ADDR:]PORT          VNC console on ADDR (default 127.0.0.1):PORT\n"
		"  --vnc-socket PATH          VNC console on a Unix socket (owner only)\n"
		"  --vnc-password-file PATH   VNC clients must give the file's first line\n"
		"  --strict                   record every protocol violation (always on)\n"
		"  --verbose                  log protocol events to stderr\n");
}

int config_parse_args(struct host_config *c, int argc, char **argv)
{
	enum {
		O_SHM = 256,
		O_SHM_SIZE,
		O_CONTROL,
		O_CAPTURE,
		O_VMBUS,
		O_SYNTHVID,
		O_MMIO,
		O_FIRMWARE_FB,
		O_RES,
		O_DEFRES,
		O_FEATURES,
		O_TYPEMATIC,
		O_VNC,
		O_VNC_SOCKET,
		O_VNC_PASSWORD,
		O_STRICT,
		O_VERBOSE,
		O_HELP
	};
	static const struct option opts[] = {
	    {"shm", required_argument, NULL, O_SHM},
	    {"shm-size", required_argument, NULL, O_SHM_SIZE},
	    {"control", required_argument, NULL, O_CONTROL},
	    {"capture", required_argument, NULL, O_CAPTURE},
	    {"vmbus-version", required_argument, NULL, O_VMBUS},
	    {"synthvid-max-version", required_argument, NULL, O_SYNTHVID},
	    {"mmio-megabytes", required_argument, NULL, O_MMIO},
	    {"firmware-fb", required_argument, NULL, O_FIRMWARE_FB},
	    {"resolutions", required_argument, NULL, O_RES},
	    {"default-resolution", required_argument, NULL, O_DEFRES},
	    {"features", required_argument, NULL, O_FEATURES},
	    {"typematic", required_argument, NULL, O_TYPEMATIC},
	    {"vnc", required_argument, NULL, O_VNC},
	    {"vnc-socket", required_argument, NULL, O_VNC_SOCKET},
	    {"vnc-password-file", required_argument, NULL, O_VNC_PASSWORD},
	    {"strict", no_argument, NULL, O_STRICT},
	    {"verbose", no_argument, NULL, O_VERBOSE},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	uint64_t default_index = 0, v;
	const char *err = NULL;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case O_SHM:
			c->shm_path = optarg;
			break;
		case O_SHM_SIZE:
			if (parse_size(optarg, &c->shm_size)) {
				fprintf(stderr, "synth2d-host: bad --shm-size '%s'\n", optarg);
				return -1;
			}
			break;
		case O_CONTROL:
			c->control_path = optarg;
			break;
		case O_CAPTURE:
			c->capture_path = optarg;
			break;
		case O_VMBUS:
			if (parse_vmbus_version(optarg, &c->vmbus_version)) {
				fprintf(stderr,
					"synth2d-host: bad --vmbus-version '%s' (want X.Y)\n",
					optarg);
				return -1;
			}
			break;
		case O_SYNTHVID:
			if (!strcmp(optarg, "3.2")) {
				c->synthvid_max_version = SYNTH2D_SYNTHVID_VERSION_WIN8;
			} else if (!strcmp(optarg, "3.5")) {
				c->synthvid_max_version = SYNTH2D_SYNTHVID_VERSION_WIN10;
			} else {
				fprintf(
				    stderr,
				    "synth2d-host: --synthvid-max-version must be 3.2 or 3.5\n");
				return -1;
			}
			break;
		case O_MMIO:
			if (parse_uint(optarg, 4096, &v) || v == 0) {
				fprintf(stderr, "synth2d-host: bad --mmio-megabytes '%s'\n",
					optarg);
				return -1;
			}
			c->mmio_megabytes = (unsigned int)v;
			break;
		case O_FIRMWARE_FB: {
			struct resolution_list one;

			if (parse_resolution_list(optarg, &one, &err)) {
				fprintf(stderr, "synth2d-host: --firmware-fb: %s\n", err);
				return -1;
			}
			if (one.count != 1) {
				fprintf(stderr, "synth2d-host: --firmware-fb: want one WxH\n");
				return -1;
			}
			c->firmware_fb_width = one.entry[0].width;
			c->firmware_fb_height = one.entry[0].height;
			break;
		}
		case O_RES:
			if (parse_resolution_list(optarg, &c->resolutions, &err)) {
				fprintf(stderr, "synth2d-host: --resolutions: %s\n", err);
				return -1;
			}
			break;
		case O_DEFRES:
			if (parse_uint(optarg, SYNTH2D_RESOLUTION_MAX_COUNT - 1, &default_index)) {
				fprintf(stderr, "synth2d-host: bad --default-resolution '%s'\n",
					optarg);
				return -1;
			}
			break;
		case O_FEATURES:
			if (parse_features(optarg, &c->features, &err)) {
				fprintf(stderr, "synth2d-host: --features: %s\n", err);
				return -1;
			}
			break;
		case O_TYPEMATIC:
			if (parse_typematic(optarg, c)) {
				fprintf(stderr,
					"synth2d-host: bad --typematic '%s' (want "
					"DELAY,PERIOD in ms, 1..10000)\n",
					optarg);
				return -1;
			}
			break;
		case O_VNC:
			if (parse_listen_address(optarg, &c->vnc_address, &c->vnc_port, &err)) {
				fprintf(stderr, "synth2d-host: bad --vnc '%s': %s\n", optarg, err);
				return -1;
			}
			break;
		case O_VNC_SOCKET:
			c->vnc_socket_path = optarg;
			break;
		case O_VNC_PASSWORD:
			c->vnc_password_file = optarg;
			break;
		case O_STRICT:
			c->strict = true;
			break;
		case O_VERBOSE:
			c->verbose = true;
			break;
		case O_HELP:
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "synth2d-host: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!c->shm_path) {
		fprintf(stderr, "synth2d-host: --shm PATH is required\n");
		return -1;
	}
	if (default_index >= c->resolutions.count) {
		fprintf(stderr,
			"synth2d-host: --default-resolution %llu is outside the list of %u\n",
			(unsigned long long)default_index, c->resolutions.count);
		return -1;
	}
	c->resolutions.default_index = (unsigned int)default_index;
	if (c->vnc_password_file && !c->vnc_port && !c->vnc_socket_path) {
		fprintf(stderr, "synth2d-host: --vnc-password-file needs --vnc or --vnc-socket\n");
		return -1;
	}
	if (c->shm_size & (c->shm_size - 1) || c->shm_size <= SYNTH2D_SIM_MMIO_OFFSET) {
		fprintf(stderr, "synth2d-host: --shm-size must be a power of two above %u MiB\n",
			SYNTH2D_SIM_MMIO_OFFSET >> 20);
		return -1;
	}
	if ((uint64_t)c->firmware_fb_width * c->firmware_fb_height * 4 >
	    c->shm_size - SYNTH2D_SIM_MMIO_OFFSET) {
		fprintf(stderr, "synth2d-host: --firmware-fb %ux%u does not fit the MMIO window\n",
			c->firmware_fb_width, c->firmware_fb_height);
		return -1;
	}
	if ((uint64_t)c->mmio_megabytes << 20 > c->shm_size - SYNTH2D_SIM_MMIO_OFFSET) {
		fprintf(stderr,
			"synth2d-host: --mmio-megabytes %u does not fit the %llu MiB MMIO window\n",
			c->mmio_megabytes,
			(unsigned long long)((c->shm_size - SYNTH2D_SIM_MMIO_OFFSET) >> 20));
		return -1;
	}
	return 0;
}
