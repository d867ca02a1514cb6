// SPDX-License-Identifier: MIT
/*
 * The VNC console with a real client: TigerVNC's viewer under Xvfb, driven
 * with xdotool. What the screen shows (synth2d-x-screenshot: the viewer
 * window plus the X pointer) must be the host view with one pointer, the
 * guest's shape, at the host mouse; typed text reaches the guest's
 * keyboard; a guest resize resizes the viewer; full screen, a move made
 * elsewhere moves the viewer's pointer.
 *
 * Usage: test-host-vnc_viewer SCREENSHOT_TOOL. Exits 77 (skip) when Xvfb,
 * xtigervncviewer or xdotool are missing (scripts/install-deps has them).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <synth2d/synthkbd.h>

#include "../console_view.h"
#include "../vnc_console.h"
#include "guest_sim.h"
#include "rfb_client.h"

extern char **environ;

#define SHAPE_ARGB 0xffff8000 /* orange: R 255 is not in the picture, R and B differ */
#define SHAPE_W	   16
#define SHAPE_H	   16
#define HOT_X	   5
#define HOT_Y	   7
#define TYPED	   "Hello, VNC 42!"

static struct guest_sim g;
static const char *screenshot_tool;

static uint32_t pattern(uint32_t x, uint32_t y)
{
	return ((x / 8) * 40 % 200) << 16 | ((y / 8) * 30 % 200) << 8 | ((x + y) / 16 % 200);
}

static void serve(int ms)
{
	for (int i = 0; i < ms; i++) {
		host_poll_once(g.h);
		vnc_console_poll(g.h, 1000);
	}
}

static pid_t spawn(char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;

	posix_spawn_file_actions_init(&fa);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ))
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* Run @argv to its end while serving the host; its stdout into @out (malloc'd). */
static int run(char *const argv[], char **out, size_t *out_len)
{
	int fds[2], status = -1;
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	pid_t pid;

	if (!buf || pipe2(fds, O_CLOEXEC))
		return -1;
	pid = spawn(argv, fds[1]);
	close(fds[1]);
	for (int t = 0; pid > 0 && t < 20000; t++) {
		struct pollfd p = {.fd = fds[0], .events = POLLIN};
		ssize_t r = 0;

		host_poll_once(g.h);
		vnc_console_poll(g.h, 0);
		if (poll(&p, 1, 1) > 0) {
			if (cap - len < 65536) {
				char *b = realloc(buf, cap * 2);

				if (!b)
					break;
				buf = b;
				cap *= 2;
			}
			r = read(fds[0], buf + len, cap - len);
			if (r > 0)
				len += (size_t)r;
		}
		if (r <= 0 && waitpid(pid, &status, WNOHANG) == pid) {
			pid = 0;
			break;
		}
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	close(fds[0]);
	buf[len] = '\0';
	if (out) {
		*out = buf;
		*out_len = len;
	} else {
		free(buf);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct window {
	char id[32];
	int x, y, w, h;
};

/* The viewer's window: visible, named after the desktop. */
static int find_window(struct window *win)
{
	char *out = NULL, *p;
	size_t len;
	int ok;

	if (run((char *[]){"xdotool", "search", "--onlyvisible", "--name", "synth2d-host", NULL},
		&out, &len) ||
	    !len) {
		free(out);
		return -1;
	}
	snprintf(win->id, sizeof(win->id), "%.*s", (int)strcspn(out, "\n"), out);
	free(out);
	if (run((char *[]){"xdotool", "getwindowgeometry", "--shell", win->id, NULL}, &out, &len))
		return -1;
	ok = (p = strstr(out, "X=")) && sscanf(p, "X=%d", &win->x) == 1 &&
	     (p = strstr(out, "Y=")) && sscanf(p, "Y=%d", &win->y) == 1 &&
	     (p = strstr(out, "WIDTH=")) && sscanf(p, "WIDTH=%d", &win->w) == 1 &&
	     (p = strstr(out, "HEIGHT=")) && sscanf(p, "HEIGHT=%d", &win->h) == 1;
	free(out);
	return ok ? 0 : -1;
}

/* Wait (serving) until the viewer window has the size @w x @h. */
static int wait_window(struct window *win, int w, int h)
{
	for (int i = 0; i < 100; i++) {
		if (!find_window(win) && win->w == w && win->h == h)
			return 0;
		serve(50);
	}
	return -1;
}

/* Move the X pointer to (@x, @y) in the viewer window. */
static int pointer_to(const struct window *win, int x, int y)
{
	char xs[16], ys[16];

	snprintf(xs, sizeof(xs), "%d", win->x + x);
	snprintf(ys, sizeof(ys), "%d", win->y + y);
	return run((char *[]){"xdotool", "mousemove", xs, ys, NULL}, NULL, NULL);
}

struct shot {
	int w, h;
	uint8_t *rgb;
	char *raw;
};

static int screenshot(struct shot *s)
{
	size_t len;
	int off = 0;

	if (run((char *[]){(char *)screenshot_tool, NULL}, &s->raw, &len) ||
	    sscanf(s->raw, "P6 %d %d 255%n", &s->w, &s->h, &off) != 2 ||
	    len < (size_t)off + 1 + (size_t)s->w * s->h * 3)
		return -1;
	s->rgb = (uint8_t *)s->raw + off + 1;
	return 0;
}

static uint32_t shot_pixel(const struct shot *s, int x, int y)
{
	const uint8_t *p = s->rgb + ((size_t)y * s->w + x) * 3;

	return (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
}

/* What the viewer window in a screenshot shows against the host view. */
struct picture {
	bool size_ok;
	int pointer;	    /* pixels of the shape's colour */
	int x1, y1, x2, y2; /* their bounding box, inclusive */
	int other;	    /* other pixels that are not the host view's */
};

static void measure_picture(const struct shot *s, const struct window *win, struct picture *p)
{
	uint32_t *view, vw, vh, colour = SHAPE_ARGB & 0xffffff;

	*p = (struct picture){.x1 = 1 << 30, .y1 = 1 << 30, .x2 = -1, .y2 = -1};
	if (console_render(g.h, CONSOLE_HOST_VIEW, false, &view, &vw, &vh))
		return;
	p->size_ok = win->w == (int)vw && win->h == (int)vh;
	for (int y = 0; p->size_ok && y < win->h && y + win->y < s->h; y++) {
		for (int x = 0; x < win->w && x + win->x < s->w; x++) {
			uint32_t px = shot_pixel(s, win->x + x, win->y + y);

			if (px == colour) {
				p->pointer++;
				p->x1 = x < p->x1 ? x : p->x1;
				p->y1 = y < p->y1 ? y : p->y1;
				p->x2 = x > p->x2 ? x : p->x2;
				p->y2 = y > p->y2 ? y : p->y2;
			} else if (px != view[(size_t)y * vw + x]) {
				p->other++;
			}
		}
	}
	free(view);
}

/* One pointer, the guest's shape, its hotspot at the host mouse; the rest is the host view. */
static bool picture_ok(const struct picture *p)
{
	return p->size_ok && p->pointer == SHAPE_W * SHAPE_H && p->x1 == g.h->mouse.x - HOT_X &&
	       p->y1 == g.h->mouse.y - HOT_Y && p->x2 - p->x1 + 1 == SHAPE_W &&
	       p->y2 - p->y1 + 1 == SHAPE_H && p->other == 0;
}

/* Screenshots until the viewer shows it (a loaded machine draws late, up to 5 s), then the checks.
 */
static void check_screen(const struct window *win)
{
	struct picture p = {0};

	for (int i = 0; i < 25 && !picture_ok(&p); i++) {
		struct shot shot = {0};

		serve(200);
		if (!screenshot(&shot))
			measure_picture(&shot, win, &p);
		free(shot.raw);
	}
	CHECK(p.size_ok);
	CHECK_EQ(p.pointer, SHAPE_W * SHAPE_H);
	CHECK_EQ(p.x1, g.h->mouse.x - HOT_X);
	CHECK_EQ(p.y1, g.h->mouse.y - HOT_Y);
	CHECK_EQ(p.x2 - p.x1 + 1, SHAPE_W);
	CHECK_EQ(p.y2 - p.y1 + 1, SHAPE_H);
	CHECK_EQ(p.other, 0);
}

/* Where the X pointer is on the screen, and the window under it. */
static int x_pointer(int *x, int *y, long *window)
{
	char *out = NULL, *p;
	size_t len;
	int ok;

	if (run((char *[]){"xdotool", "getmouselocation", "--shell", NULL}, &out, &len))
		return -1;
	ok = (p = strstr(out, "X=")) && sscanf(p, "X=%d", x) == 1 && (p = strstr(out, "Y=")) &&
	     sscanf(p, "Y=%d", y) == 1 && (p = strstr(out, "WINDOW=")) &&
	     sscanf(p, "WINDOW=%ld", window) == 1;
	free(out);
	return ok ? 0 : -1;
}

/*
 * The full-screen viewer's window covers the screen and has no name: it is
 * the window under the pointer once that is not the root any more.
 */
static int wait_fullscreen(struct window *win, long root)
{
	int x, y;
	long under = root;

	for (int i = 0; i < 100 && under == root; i++) {
		serve(50);
		if (x_pointer(&x, &y, &under))
			return -1;
	}
	if (under == root)
		return -1;
	*win = (struct window){.w = 1280, .h = 1024};
	snprintf(win->id, sizeof(win->id), "%ld", under);
	return 0;
}

/* US set-1 scancodes to text, with Shift; what a guest's keyboard driver would type. */
struct typed {
	char text[128];
	size_t n;
	bool shift;
};

static void read_typed(struct typed *t)
{
	static const char plain[] =
	    "\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./";
	static const char shifted[] =
	    "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?";
	uint16_t code;
	uint32_t info;

	while (!guest_recv_keystroke(&g, &code, &info)) {
		bool up = info & SYNTH2D_SYNTHKBD_IS_BREAK;
		char ch = 0;

		if (code == 0x2a || code == 0x36)
			t->shift = !up;
		else if (!up && code == 0x39)
			ch = ' ';
		else if (!up && code < sizeof(plain) - 1)
			ch = t->shift ? shifted[code] : plain[code];
		if (ch && t->n + 1 < sizeof(t->text))
			t->text[t->n++] = ch;
	}
	t->text[t->n] = '\0';
}

static void resize_guest(uint32_t w, uint32_t h)
{
	guest_fill(&g, w, h, pattern);
	guest_send_situation(&g, w, h);
}

static bool have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null", tool);
	return system(cmd) == 0;
}

int main(int argc, char **argv)
{
	struct host_config cfg;
	struct window win;
	struct typed typed = {0};
	char port_arg[32], display[16], home[] = "/tmp/synth2d-vnc-viewer.XXXXXX";
	char cmd[128];
	int fds[2], display_no = -1;
	long root;
	pid_t xvfb, viewer;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SCREENSHOT_TOOL\n", argv[0]);
		return 2;
	}
	screenshot_tool = argv[1];
	if (!have("Xvfb") || !have("xtigervncviewer") || !have("xdotool")) {
		fprintf(stderr, "SKIP: Xvfb, xtigervncviewer and xdotool are needed "
				"(scripts/install-deps)\n");
		return 77;
	}
	signal(SIGPIPE, SIG_IGN);
	/* the viewer keeps its settings under $HOME: a fresh one */
	if (!mkdtemp(home))
		return 2;
	setenv("HOME", home, 1);

	/*
	 * X server: it writes its display number when it is ready. -noreset:
	 * a server reset after its last client left refuses a client that
	 * connects across it now and then while another Xvfb probes display
	 * numbers (tests/rig/vncviewer.py has the figures).
	 */
	if (pipe(fds))
		return 2;
	snprintf(cmd, sizeof(cmd), "%d", fds[1]);
	xvfb = spawn((char *[]){"Xvfb", "-displayfd", cmd, "-screen", "0", "1280x1024x24",
				"-noreset", "-nolisten", "tcp", NULL},
		     -1);
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (xvfb <= 0 || !f || fscanf(f, "%d", &display_no) != 1) {
		fprintf(stderr, "Xvfb did not start\n");
		return 1;
	}
	fclose(f);
	snprintf(display, sizeof(display), ":%d", display_no);
	setenv("DISPLAY", display, 1);

	guest_config(&cfg);
	cfg.vnc_address = 0x7f000001;
	cfg.vnc_port = rfb_free_port();
	cfg.verbose = getenv("SYNTH2D_VNC_VERBOSE") != NULL;
	guest_start(&g, &cfg);
	guest_fill(&g, 640, 480, pattern);
	guest_connect_video(&g, 640, 480);
	guest_connect_mouse(&g);
	guest_connect_keyboard(&g);
	guest_send_shape(&g, SHAPE_W, SHAPE_H, HOT_X, HOT_Y, SHAPE_ARGB);

	snprintf(port_arg, sizeof(port_arg), "127.0.0.1::%u", cfg.vnc_port);
	viewer = spawn((char *[]){"xtigervncviewer", "-SecurityTypes", "None", "-Shared", "-NoJPEG",
				  "-RemoteResize=0", "-MenuKey", "", "-AcceptClipboard=0",
				  "-SendClipboard=0", "-SendPrimary=0", port_arg, NULL},
		       -1);
	CHECK(viewer > 0);
	CHECK_EQ(wait_window(&win, 640, 480), 0);
	CHECK_EQ(vnc_console_clients(g.h), 1);

	/*
	 * The person clicks into the viewer (that gives it the focus; no window
	 * manager does here), then moves the pointer: the position in the viewer
	 * is the host mouse.
	 */
	CHECK_EQ(run((char *[]){"xdotool", "windowfocus", "--sync", win.id, NULL}, NULL, NULL), 0);
	CHECK_EQ(pointer_to(&win, 10, 10), 0);
	CHECK_EQ(run((char *[]){"xdotool", "click", "1", NULL}, NULL, NULL), 0);
	serve(200);
	CHECK_EQ(pointer_to(&win, 200, 150), 0);
	for (int i = 0; i < 500 && (g.h->mouse.x != 200 || g.h->mouse.y != 150); i++)
		serve(10);
	CHECK_EQ(g.h->mouse.x, 200);
	CHECK_EQ(g.h->mouse.y, 150);
	/* and the guest's mouse got it: the last report, in HID units */
	{
		uint8_t buttons = 0xff, b;
		uint16_t x = 0, y = 0, rx, ry;
		int16_t wheel;

		while (!guest_recv_mouse_report(&g, &b, &rx, &ry, &wheel))
			buttons = b, x = rx, y = ry;
		CHECK_EQ(buttons, 0);
		CHECK_EQ(x, 200 * 32767 / 639);
		CHECK_EQ(y, 150 * 32767 / 479);
	}
	check_screen(&win);

	/* typing into the viewer reaches the guest */
	guest_drain(&g, SYNTH2D_SIM_CHANNEL_KEYBOARD);
	CHECK_EQ(run((char *[]){"xdotool", "type", "--delay", "15", TYPED, NULL}, NULL, NULL), 0);
	for (int i = 0; i < 100 && typed.n < strlen(TYPED); i++) {
		serve(50);
		read_typed(&typed);
	}
	CHECK(strcmp(typed.text, TYPED) == 0);
	if (strcmp(typed.text, TYPED))
		fprintf(stderr, "typed: '%s'\n", typed.text);

	/* the guest changes mode: the viewer follows */
	resize_guest(800, 600);
	CHECK_EQ(wait_window(&win, 800, 600), 0);
	check_screen(&win);

	/*
	 * Full screen the viewer holds the mouse grab: a move made elsewhere
	 * (the control socket here) moves its pointer too, told by VMware's
	 * cursor-position update (docs/console.md). The guest takes the X
	 * screen's size so the picture starts at its corner.
	 */
	kill(viewer, SIGTERM);
	waitpid(viewer, NULL, 0);
	resize_guest(1280, 1024);
	CHECK_EQ(run((char *[]){"xdotool", "mousemove", "100", "100", NULL}, NULL, NULL), 0);
	{
		int x, y;

		CHECK_EQ(x_pointer(&x, &y, &root), 0); /* nothing else is on the screen */
	}
	viewer =
	    spawn((char *[]){"xtigervncviewer", "-SecurityTypes", "None", "-Shared", "-NoJPEG",
			     "-RemoteResize=0", "-MenuKey", "", "-AcceptClipboard=0",
			     "-SendClipboard=0", "-SendPrimary=0", "-FullScreen", port_arg, NULL},
		  -1);
	CHECK(viewer > 0);
	CHECK_EQ(wait_fullscreen(&win, root), 0);
	CHECK_EQ(run((char *[]){"xdotool", "windowfocus", "--sync", win.id, NULL}, NULL, NULL), 0);
	CHECK_EQ(pointer_to(&win, 100, 100), 0);
	CHECK_EQ(run((char *[]){"xdotool", "click", "1", NULL}, NULL, NULL), 0);
	for (int i = 0; i < 500 && (g.h->mouse.x != 100 || g.h->mouse.y != 100); i++)
		serve(10);
	CHECK_EQ(g.h->mouse.x, 100);
	CHECK(strcmp(guest_control(&g, "mouse-move 600 450"), "ok sent=1") == 0);
	{
		int x = -1, y = -1;
		long under;

		for (int i = 0; i < 50 && !(x == 600 && y == 450); i++) {
			serve(100);
			CHECK_EQ(x_pointer(&x, &y, &under), 0);
		}
		CHECK_EQ(x, 600);
		CHECK_EQ(y, 450);
	}
	CHECK_EQ(g.h->mouse.x, 600);
	CHECK_EQ(g.h->mouse.y, 450);
	check_screen(&win);

	kill(viewer, SIGTERM);
	waitpid(viewer, NULL, 0);
	kill(xvfb, SIGTERM);
	waitpid(xvfb, NULL, 0);
	CHECK_EQ(g.h->violation_count, 0);
	guest_stop(&g);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", home);
	if (system(cmd)) {
		/* a leftover directory in /tmp is harmless */
	}
	return test_report("test-host-vnc-viewer");
}
