// SPDX-License-Identifier: MIT
/*
 * The control socket: unix stream, any number of clients over time, several
 * requests per connection, one reply line per request line.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_commands.h"
#include "host.h"

#define MAX_CLIENTS 16

static char socket_path[108];

struct control_client {
	int fd;
	bool discarding; /* inside a line that was too long: drop up to its newline */
	size_t len;
	char buf[CONTROL_MAX_LINE + 2];
};

/*
 * The socket is bound under PATH.new and renamed to PATH once it listens:
 * whoever waits for PATH to appear can connect at once.
 */
int control_server_open(struct host *h, const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) + strlen(".new") >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.new", path);
	strcpy(socket_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(addr.sun_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 8) ||
	    rename(addr.sun_path, path)) {
		int err = -errno;

		unlink(addr.sun_path);
		close(fd);
		return err;
	}
	h->listen_fd = fd;
	h->clients = calloc(MAX_CLIENTS, sizeof(*h->clients));
	if (!h->clients) {
		close(fd);
		h->listen_fd = -1;
		return -ENOMEM;
	}
	for (int i = 0; i < MAX_CLIENTS; i++)
		h->clients[i].fd = -1;
	return 0;
}

static void drop_client(struct control_client *c)
{
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

void control_server_close(struct host *h)
{
	if (h->clients)
		for (int i = 0; i < MAX_CLIENTS; i++)
			if (h->clients[i].fd >= 0)
				drop_client(&h->clients[i]);
	free(h->clients);
	h->clients = NULL;
	if (h->listen_fd >= 0) {
		close(h->listen_fd);
		unlink(socket_path);
	}
	h->listen_fd = -1;
}

static void accept_clients(struct host *h)
{
	for (;;) {
		int fd = accept4(h->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		int slot = -1;

		if (fd < 0)
			return;
		for (int i = 0; i < MAX_CLIENTS; i++)
			if (h->clients[i].fd < 0) {
				slot = i;
				break;
			}
		if (slot < 0) {
			static const char busy[] = "err too many clients\n";

			if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL) < 0) {
				/* nothing more to tell it */
			}
			close(fd);
			continue;
		}
		h->clients[slot].fd = fd;
		h->clients[slot].len = 0;
		h->clients[slot].discarding = false;
	}
}

/* Write the whole reply; a client that stops reading for 5 s is dropped. */
static int send_reply(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};

			if (poll(&p, 1, 5000) <= 0)
				return -1;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static void serve_client(struct host *h, struct control_client *c)
{
	struct strbuf reply;
	ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len, 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_client(c);
		return;
	}
	if (n < 0)
		return;
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
	if (c->discarding) {
		char *nl = memchr(c->buf, '\n', c->len);

		if (!nl) {
			c->len = 0;
			return;
		}
		c->discarding = false;
		c->len -= (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len);
		c->buf[c->len] = '\0';
	}
	strbuf_init(&reply);
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		size_t line_len;

		if (!nl) {
			if (c->len >= sizeof(c->buf) - 1) {
				static const char too_long[] = "err request too long\n";

				if (send_reply(c->fd, too_long, sizeof(too_long) - 1))
					drop_client(c);
				c->discarding = true;
				c->len = 0;
			}
			break;
		}
		*nl = '\0';
		line_len = (size_t)(nl - c->buf);
		if (memchr(c->buf, '\0', line_len))
			strbuf_printf(&reply, "err request contains a NUL byte");
		else
			control_execute(h, c->buf, &reply);
		strbuf_append(&reply, "\n", 1);
		if (send_reply(c->fd, reply.data, reply.len)) {
			drop_client(c);
			break;
		}
		memmove(c->buf, nl + 1, c->len - line_len - 1);
		c->len -= line_len + 1;
		c->buf[c->len] = '\0';
		if (h->quit)
			break;
	}
	strbuf_free(&reply);
}

void control_server_poll(struct host *h, int timeout_ms)
{
	struct pollfd fds[MAX_CLIENTS + 1];
	int n = 0, map[MAX_CLIENTS + 1];

	if (h->listen_fd < 0)
		return;
	fds[n].fd = h->listen_fd;
	fds[n].events = POLLIN;
	map[n++] = -1;
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (h->clients[i].fd < 0)
			continue;
		fds[n].fd = h->clients[i].fd;
		fds[n].events = POLLIN;
		map[n++] = i;
	}
	if (poll(fds, (nfds_t)n, timeout_ms) <= 0)
		return;
	for (int i = 0; i < n && !h->quit; i++) {
		if (!fds[i].revents)
			continue;
		if (map[i] < 0)
			accept_clients(h);
		else
			serve_client(h, &h->clients[map[i]]);
	}
}
