// SPDX-License-Identifier: MIT
/*
 * The GNOME back end of synth2d-typist. Mutter offers clients no virtual
 * keyboard; it takes synthetic keys through its RemoteDesktop D-Bus API
 * (mutter's data/dbus-interfaces/org.gnome.Mutter.RemoteDesktop.xml): a
 * session from CreateSession, Start, then NotifyKeyboardKeysym per key.
 * Mutter looks the keysym up in its current layout, presses Shift or AltGr
 * for the level it is on, and drops (with a warning in its own log) a
 * keysym the layout lacks, so the caller asks typist_layout first.
 */
#include "typist_mutter.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define RD_NAME	      "org.gnome.Mutter.RemoteDesktop"
#define RD_PATH	      "/org/gnome/Mutter/RemoteDesktop"
#define RD_SESSION_IF RD_NAME ".Session"

struct typist_mutter {
	sd_bus *bus;
	char *session; /* the session's object path */
	bool closed;   /* mutter closed the session */
};

static int on_closed(sd_bus_message *msg, void *data, sd_bus_error *error)
{
	struct typist_mutter *m = data;

	(void)msg, (void)error;
	fprintf(stderr, "synth2d-typist: mutter closed the remote desktop session\n");
	m->closed = true;
	return 0;
}

/* A method of the session without arguments (Start, Stop). */
static int session_call(struct typist_mutter *m, const char *method, bool quiet)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int ret;

	ret = sd_bus_call_method(m->bus, RD_NAME, m->session, RD_SESSION_IF, method, &error, NULL,
				 "");
	if (ret < 0 && !quiet)
		fprintf(stderr, "synth2d-typist: mutter's remote desktop %s failed: %s\n", method,
			error.message ? error.message : strerror(-ret));
	sd_bus_error_free(&error);
	return ret;
}

static bool mutter_on_bus(sd_bus *bus)
{
	sd_bus_message *reply = NULL;
	int has = 0;

	if (sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
			       "org.freedesktop.DBus", "NameHasOwner", NULL, &reply, "s",
			       RD_NAME) < 0 ||
	    sd_bus_message_read(reply, "b", &has) < 0)
		has = 0;
	sd_bus_message_unref(reply);
	return has;
}

/* CreateSession; the session's path in m->session. */
static int create_session(struct typist_mutter *m)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *path;
	int ret;

	ret = sd_bus_call_method(m->bus, RD_NAME, RD_PATH, RD_NAME, "CreateSession", &error, &reply,
				 "");
	if (ret >= 0)
		ret = sd_bus_message_read(reply, "o", &path);
	if (ret >= 0) {
		m->session = strdup(path);
		ret = m->session ? 0 : -ENOMEM;
	}
	if (ret < 0)
		fprintf(stderr, "synth2d-typist: mutter refused a remote desktop session: %s\n",
			error.message ? error.message : strerror(-ret));
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
	return ret;
}

struct typist_mutter *typist_mutter_open(bool verbose)
{
	struct typist_mutter *m = calloc(1, sizeof(*m));
	int ret;

	if (!m)
		return NULL;
	ret = sd_bus_open_user(&m->bus);
	if (ret < 0) {
		if (verbose)
			fprintf(stderr, "synth2d-typist: no session bus: %s\n", strerror(-ret));
		goto fail;
	}
	if (!mutter_on_bus(m->bus)) {
		if (verbose)
			fprintf(stderr, "synth2d-typist: %s is not on the session bus\n", RD_NAME);
		goto fail;
	}
	if (create_session(m) < 0)
		goto fail;
	ret = sd_bus_match_signal(m->bus, NULL, RD_NAME, m->session, RD_SESSION_IF, "Closed",
				  on_closed, m);
	if (ret < 0 || session_call(m, "Start", false) < 0)
		goto fail;
	if (verbose)
		fprintf(stderr, "synth2d-typist: mutter remote desktop session %s\n", m->session);
	return m;
fail:
	typist_mutter_close(m);
	return NULL;
}

int typist_mutter_fd(struct typist_mutter *m)
{
	return sd_bus_get_fd(m->bus);
}

short typist_mutter_events(struct typist_mutter *m)
{
	int events = sd_bus_get_events(m->bus);

	return events > 0 ? (short)events : POLLIN;
}

bool typist_mutter_dispatch(struct typist_mutter *m)
{
	int ret;

	while ((ret = sd_bus_process(m->bus, NULL)) > 0)
		;
	if (ret < 0)
		fprintf(stderr, "synth2d-typist: the session bus is gone: %s\n", strerror(-ret));
	return ret >= 0 && !m->closed;
}

static bool notify_keysym(struct typist_mutter *m, uint32_t keysym, int pressed)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int ret;

	ret = sd_bus_call_method(m->bus, RD_NAME, m->session, RD_SESSION_IF, "NotifyKeyboardKeysym",
				 &error, NULL, "ub", keysym, pressed);
	if (ret < 0)
		fprintf(stderr, "synth2d-typist: mutter refused keysym %#x: %s\n", keysym,
			error.message ? error.message : strerror(-ret));
	sd_bus_error_free(&error);
	return ret >= 0;
}

bool typist_mutter_keysym(struct typist_mutter *m, uint32_t keysym)
{
	/* each call waits for mutter's reply: its keys are queued in order */
	return notify_keysym(m, keysym, 1) && notify_keysym(m, keysym, 0);
}

void typist_mutter_close(struct typist_mutter *m)
{
	if (!m)
		return;
	/* quiet: mutter also ends the session when this connection goes (it
	 * watches the caller's bus name), e.g. when a signal cut the call */
	if (m->session && !m->closed && m->bus)
		session_call(m, "Stop", true);
	free(m->session);
	sd_bus_flush_close_unref(m->bus);
	free(m);
}
