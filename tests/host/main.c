// SPDX-License-Identifier: MIT
/* synth2d-host: a Hyper-V host emulator for the synth2d test rig. */
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "control_commands.h"
#include "host.h"
#include "vnc_console.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int main(int argc, char **argv)
{
	static struct host host;
	struct host_config config;
	struct sigaction sa = {.sa_handler = on_signal};
	int ret;

	config_defaults(&config);
	ret = config_parse_args(&config, argc, argv);
	if (ret)
		return ret > 0 ? 0 : 2;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (host_init(&host, &config))
		return 1;
	if (config.verbose)
		fprintf(stderr, "synth2d-host: serving %s\n", config.shm_path);
	while (!host.quit && !stop_requested) {
		/* no interrupts in the rig: poll the rings about every millisecond */
		int handled = host_poll_once(&host);

		if (host.listen_fd >= 0) {
			control_server_poll(&host, handled ? 0 : 1);
			vnc_console_poll(&host, 0);
		} else if (host.vnc) {
			vnc_console_poll(&host, handled ? 0 : 1000);
		} else if (!handled) {
			struct timespec ts = {0, 1000000};

			nanosleep(&ts, NULL);
		}
	}
	host_destroy(&host);
	return 0;
}
