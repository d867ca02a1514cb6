// SPDX-License-Identifier: MIT
/*
 * KDE's current keyboard layout, asked of KWin (its KeyboardLayout D-Bus
 * interface, present in KWin 5.27 and 6) before each character: the
 * answer is the group of the keymap that KWin gives its clients, so a
 * layout switch between two characters is followed.
 */
#include "typist_kde_layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

struct typist_kde_layout {
	sd_bus *bus;
	bool told; /* a failed question was said once */
};

struct typist_kde_layout *typist_kde_layout_open(void)
{
	struct typist_kde_layout *k = calloc(1, sizeof(*k));
	int ret;

	if (!k)
		return NULL;
	ret = sd_bus_open_user(&k->bus);
	if (ret < 0) {
		fprintf(stderr,
			"synth2d-typist: no session bus (%s): KDE's layout switches are not "
			"followed\n",
			strerror(-ret));
		free(k);
		return NULL;
	}
	return k;
}

bool typist_kde_layout_current(struct typist_kde_layout *k, uint32_t *index)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	int ret;

	ret = sd_bus_call_method(k->bus, "org.kde.keyboard", "/Layouts", "org.kde.KeyboardLayouts",
				 "getLayout", &error, &reply, "");
	if (ret >= 0)
		ret = sd_bus_message_read(reply, "u", index);
	if (ret < 0 && !k->told) {
		fprintf(stderr,
			"synth2d-typist: KWin does not say its keyboard layout (%s): the first "
			"layout counts\n",
			error.message ? error.message : strerror(-ret));
		k->told = true;
	}
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
	return ret >= 0;
}

void typist_kde_layout_close(struct typist_kde_layout *k)
{
	if (!k)
		return;
	sd_bus_flush_close_unref(k->bus);
	free(k);
}
