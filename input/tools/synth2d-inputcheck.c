// SPDX-License-Identifier: MIT
/*
 * synth2d-inputcheck: how libinput sees the Hyper-V synthetic mouse and
 * keyboard. `list` prints each device with its libinput capabilities and
 * udev classification; `events` prints pointer and keyboard events, with
 * absolute positions transformed to a screen size the way a compositor
 * does (libinput_event_pointer_get_absolute_x_transformed()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libinput.h>
#include <libudev.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SYNTHETIC_PREFIX "Microsoft Vmbus"

struct options {
	bool all; /* every device, not only the synthetic ones */
	unsigned int width, height;
	double timeout; /* seconds; 0 = forever */
	long count;	/* events to print before exiting; 0 = no limit */
	const char *seat;
};

static int open_restricted(const char *path, int flags, void *data)
{
	int fd = open(path, flags);

	(void)data;
	return fd < 0 ? -errno : fd;
}

static void close_restricted(int fd, void *data)
{
	(void)data;
	close(fd);
}

static const struct libinput_interface interface = {
    .open_restricted = open_restricted,
    .close_restricted = close_restricted,
};

static bool wanted(const struct options *opt, struct libinput_device *dev)
{
	return opt->all || strncmp(libinput_device_get_name(dev), SYNTHETIC_PREFIX,
				   strlen(SYNTHETIC_PREFIX)) == 0;
}

static const char *udev_prop(struct libinput_device *dev, const char *name, char *buf, size_t size)
{
	struct udev_device *ud = libinput_device_get_udev_device(dev);
	const char *v = ud ? udev_device_get_property_value(ud, name) : NULL;

	snprintf(buf, size, "%s", v ? v : "-");
	if (ud)
		udev_device_unref(ud);
	return buf;
}

static void print_device(struct libinput_device *dev)
{
	static const struct {
		enum libinput_device_capability cap;
		const char *name;
	} caps[] = {
	    {LIBINPUT_DEVICE_CAP_KEYBOARD, "keyboard"}, {LIBINPUT_DEVICE_CAP_POINTER, "pointer"},
	    {LIBINPUT_DEVICE_CAP_TOUCH, "touch"},	{LIBINPUT_DEVICE_CAP_TABLET_TOOL, "tablet"},
	    {LIBINPUT_DEVICE_CAP_GESTURE, "gesture"},	{LIBINPUT_DEVICE_CAP_SWITCH, "switch"},
	};
	const char *props[] = {"ID_INPUT_MOUSE", "ID_INPUT_TABLET", "ID_INPUT_KEYBOARD",
			       "ID_INPUT_TOUCHPAD", "LIBINPUT_DEVICE_GROUP"};
	char buf[256];
	size_t i;

	printf("device \"%s\" node=/dev/input/%s id=%04x:%04x caps=", libinput_device_get_name(dev),
	       libinput_device_get_sysname(dev), libinput_device_get_id_vendor(dev),
	       libinput_device_get_id_product(dev));
	for (i = 0, buf[0] = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (libinput_device_has_capability(dev, caps[i].cap))
			printf("%s%s", buf[0]++ ? "," : "", caps[i].name);
	printf("%s accel=%s", buf[0] ? "" : "none",
	       libinput_device_config_accel_is_available(dev) ? "yes" : "no");
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		printf(" %s=%s", props[i], udev_prop(dev, props[i], buf, sizeof(buf)));
	printf("\n");
}

static void print_pointer(const struct options *opt, struct libinput_event *ev)
{
	struct libinput_event_pointer *p = libinput_event_get_pointer_event(ev);
	double x, y;

	switch (libinput_event_get_type(ev)) {
	case LIBINPUT_EVENT_POINTER_MOTION_ABSOLUTE:
		x = libinput_event_pointer_get_absolute_x_transformed(p, opt->width);
		y = libinput_event_pointer_get_absolute_y_transformed(p, opt->height);
		/* The pixel is the one the position lies in (truncation). */
		printf("motion-absolute x=%.4f y=%.4f pixel=%d,%d\n", x, y, (int)floor(x),
		       (int)floor(y));
		break;
	case LIBINPUT_EVENT_POINTER_MOTION:
		printf("motion-relative dx=%.4f dy=%.4f\n", libinput_event_pointer_get_dx(p),
		       libinput_event_pointer_get_dy(p));
		break;
	case LIBINPUT_EVENT_POINTER_BUTTON:
		printf("button %u %s\n", libinput_event_pointer_get_button(p),
		       libinput_event_pointer_get_button_state(p) == LIBINPUT_BUTTON_STATE_PRESSED
			   ? "pressed"
			   : "released");
		break;
	case LIBINPUT_EVENT_POINTER_SCROLL_WHEEL:
		printf("scroll-wheel vertical=%.4f v120=%.0f horizontal=%.4f\n",
		       libinput_event_pointer_has_axis(p, LIBINPUT_POINTER_AXIS_SCROLL_VERTICAL)
			   ? libinput_event_pointer_get_scroll_value(
				 p, LIBINPUT_POINTER_AXIS_SCROLL_VERTICAL)
			   : 0.0,
		       libinput_event_pointer_has_axis(p, LIBINPUT_POINTER_AXIS_SCROLL_VERTICAL)
			   ? libinput_event_pointer_get_scroll_value_v120(
				 p, LIBINPUT_POINTER_AXIS_SCROLL_VERTICAL)
			   : 0.0,
		       libinput_event_pointer_has_axis(p, LIBINPUT_POINTER_AXIS_SCROLL_HORIZONTAL)
			   ? libinput_event_pointer_get_scroll_value(
				 p, LIBINPUT_POINTER_AXIS_SCROLL_HORIZONTAL)
			   : 0.0);
		break;
	default:
		break;
	}
}

/* Print one event; return whether it counted as printed. */
static bool print_event(const struct options *opt, struct libinput_event *ev, bool listing)
{
	struct libinput_device *dev = libinput_event_get_device(ev);
	struct libinput_event_keyboard *k;

	if (!wanted(opt, dev))
		return false;
	switch (libinput_event_get_type(ev)) {
	case LIBINPUT_EVENT_DEVICE_ADDED:
		print_device(dev);
		return !listing;
	case LIBINPUT_EVENT_KEYBOARD_KEY:
		k = libinput_event_get_keyboard_event(ev);
		printf("key %u %s\n", libinput_event_keyboard_get_key(k),
		       libinput_event_keyboard_get_key_state(k) == LIBINPUT_KEY_STATE_PRESSED
			   ? "pressed"
			   : "released");
		return true;
	case LIBINPUT_EVENT_POINTER_MOTION_ABSOLUTE:
	case LIBINPUT_EVENT_POINTER_MOTION:
	case LIBINPUT_EVENT_POINTER_BUTTON:
	case LIBINPUT_EVENT_POINTER_SCROLL_WHEEL:
		print_pointer(opt, ev);
		return true;
	default:
		/* POINTER_AXIS repeats SCROLL_WHEEL for old clients: not printed. */
		return false;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const struct options *opt, bool listing)
{
	struct udev *udev = udev_new();
	struct libinput *li;
	struct libinput_event *ev;
	double deadline = opt->timeout > 0 ? now() + opt->timeout : 0;
	long printed = 0;
	int found = 0;

	if (!udev) {
		fprintf(stderr, "synth2d-inputcheck: cannot create a udev context\n");
		return 1;
	}
	li = libinput_udev_create_context(&interface, NULL, udev);
	if (!li || libinput_udev_assign_seat(li, opt->seat) != 0) {
		fprintf(stderr, "synth2d-inputcheck: cannot use seat %s (root? udev running?)\n",
			opt->seat);
		return 1;
	}
	libinput_dispatch(li);
	while ((ev = libinput_get_event(li))) {
		if (libinput_event_get_type(ev) == LIBINPUT_EVENT_DEVICE_ADDED &&
		    wanted(opt, libinput_event_get_device(ev)))
			found++;
		printed += print_event(opt, ev, listing);
		libinput_event_destroy(ev);
	}
	fflush(stdout);
	if (listing || !found) {
		if (!found)
			fprintf(stderr, "synth2d-inputcheck: no %sinput device found\n",
				opt->all ? "" : "synthetic ");
		libinput_unref(li);
		udev_unref(udev);
		return found ? 0 : 1;
	}
	printf("watching\n");
	fflush(stdout);

	while (!opt->count || printed < opt->count) {
		struct pollfd pfd = {.fd = libinput_get_fd(li), .events = POLLIN};
		int wait_ms = -1;

		if (deadline) {
			double left = deadline - now();

			if (left <= 0)
				break;
			wait_ms = (int)(left * 1000) + 1;
		}
		if (poll(&pfd, 1, wait_ms) < 0 && errno != EINTR)
			break;
		libinput_dispatch(li);
		while ((ev = libinput_get_event(li))) {
			printed += print_event(opt, ev, false);
			libinput_event_destroy(ev);
		}
		fflush(stdout);
	}
	libinput_unref(li);
	udev_unref(udev);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: synth2d-inputcheck list [--all] [--seat SEAT]\n"
		   "       synth2d-inputcheck events [--size WxH] [--timeout SECONDS]\n"
		   "                                 [--count N] [--all] [--seat SEAT]\n"
		   "list: the Hyper-V synthetic input devices as libinput classifies them\n"
		   "events: their events; absolute positions transformed to WxH (default\n"
		   "1024x768), as a compositor of that screen size gets them\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {"size", required_argument, NULL, 's'},
	    {"timeout", required_argument, NULL, 't'},
	    {"count", required_argument, NULL, 'c'},
	    {"seat", required_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct options opt = {.width = 1024, .height = 768, .seat = "seat0"};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.all = true;
			break;
		case 's':
			if (sscanf(optarg, "%ux%u", &opt.width, &opt.height) != 2 || !opt.width ||
			    !opt.height || opt.width > 65535 || opt.height > 65535) {
				fprintf(stderr, "synth2d-inputcheck: bad --size '%s' (want WxH)\n",
					optarg);
				return 2;
			}
			break;
		case 't':
			opt.timeout = strtod(optarg, &end);
			if (*end || opt.timeout < 0) {
				fprintf(stderr, "synth2d-inputcheck: bad --timeout '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c':
			opt.count = strtol(optarg, &end, 10);
			if (*end || opt.count < 0) {
				fprintf(stderr, "synth2d-inputcheck: bad --count '%s'\n", optarg);
				return 2;
			}
			break;
		case 'S':
			opt.seat = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[optind], "list"))
		return run(&opt, true);
	if (!strcmp(argv[optind], "events"))
		return run(&opt, false);
	usage(stderr);
	return 2;
}
