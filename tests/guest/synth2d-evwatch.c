// SPDX-License-Identifier: MIT
/*
 * synth2d-evwatch: print the evdev events of the input devices whose name
 * contains a given text, one line per event ("NAME TYPE CODE VALUE"), for a
 * while or until a number of events. Runs in the guest; tests compare what
 * the kernel delivered with what the host sent.
 *
 *   synth2d-evwatch --name TEXT [--timeout S] [--count N] [--list]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEVICES 16

struct watched {
	int fd;
	char name[256];
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_device_name(const char *event, char *name, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/input/%s/device/name", event);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(name, (int)size, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	name[strcspn(name, "\n")] = '\0';
	return 0;
}

static int open_matching(const char *text, struct watched *out, int max, int list_only)
{
	DIR *dir = opendir("/sys/class/input");
	struct dirent *de;
	int n = 0;

	if (!dir) {
		perror("synth2d-evwatch: /sys/class/input");
		return -1;
	}
	while ((de = readdir(dir)) && n < max) {
		char name[256], node[300];

		if (strncmp(de->d_name, "event", 5) != 0 ||
		    read_device_name(de->d_name, name, sizeof(name)))
			continue;
		if (list_only) {
			printf("/dev/input/%s\t%s\n", de->d_name, name);
			continue;
		}
		if (!strstr(name, text))
			continue;
		snprintf(node, sizeof(node), "/dev/input/%s", de->d_name);
		out[n].fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (out[n].fd < 0) {
			fprintf(stderr, "synth2d-evwatch: %s: %s\n", node, strerror(errno));
			continue;
		}
		snprintf(out[n].name, sizeof(out[n].name), "%s", name);
		n++;
	}
	closedir(dir);
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: synth2d-evwatch --name TEXT [--timeout S] [--count N] | --list\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {{"name", required_argument, NULL, 'n'},
						{"timeout", required_argument, NULL, 't'},
						{"count", required_argument, NULL, 'c'},
						{"list", no_argument, NULL, 'l'},
						{NULL, 0, NULL, 0}};
	struct watched dev[MAX_DEVICES];
	struct pollfd pfd[MAX_DEVICES];
	const char *text = NULL;
	double timeout = 5.0, deadline;
	long count = 0, seen = 0;
	int opt, list = 0, n, i;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			text = optarg;
			break;
		case 't':
			timeout = strtod(optarg, NULL);
			break;
		case 'c':
			count = strtol(optarg, NULL, 10);
			break;
		case 'l':
			list = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (list)
		return open_matching("", dev, MAX_DEVICES, 1) < 0 ? 1 : 0;
	if (!text || timeout <= 0 || count < 0) {
		usage();
		return 2;
	}
	n = open_matching(text, dev, MAX_DEVICES, 0);
	if (n <= 0) {
		fprintf(stderr, "synth2d-evwatch: no input device named like '%s'\n", text);
		return 1;
	}
	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){.fd = dev[i].fd, .events = POLLIN};
	/* Tell the caller the devices are open: events from now on are seen. */
	printf("watching %d\n", n);
	fflush(stdout);

	deadline = now_seconds() + timeout;
	while (!count || seen < count) {
		double left = deadline - now_seconds();

		if (left <= 0 || poll(pfd, (nfds_t)n, (int)(left * 1000) + 1) <= 0)
			break;
		for (i = 0; i < n; i++) {
			struct input_event ev;

			while (read(dev[i].fd, &ev, sizeof(ev)) == (ssize_t)sizeof(ev)) {
				if (ev.type == EV_SYN)
					continue;
				printf("%s\t%u %u %d\n", dev[i].name, ev.type, ev.code, ev.value);
				seen++;
			}
		}
		fflush(stdout);
	}
	printf("events %ld\n", seen);
	return 0;
}
