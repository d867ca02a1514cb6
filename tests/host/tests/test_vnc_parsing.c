// SPDX-License-Identifier: MIT
/* The VNC console's command line and its keysym mapping. */
#include <string.h>

#include <synth2d/synthkbd.h>

#include "../options.h"
#include "../vnc_keymap.h"
#include "guest_sim.h"

static int parse(struct host_config *c, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"synth2d-host", "--shm",    "/tmp/x", (char *)a1,
			(char *)a2,	(char *)a3, NULL};
	int argc = 3 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);

	config_defaults(c);
	return config_parse_args(c, argc, argv);
}

static void test_listen_address(void)
{
	uint32_t addr = 0;
	uint16_t port = 0;
	const char *err = NULL;

	/* a port alone listens on loopback only */
	CHECK_EQ(parse_listen_address("5900", &addr, &port, &err), 0);
	CHECK_EQ(addr, 0x7f000001);
	CHECK_EQ(port, 5900);
	CHECK_EQ(parse_listen_address("localhost:5901", &addr, &port, &err), 0);
	CHECK_EQ(addr, 0x7f000001);
	CHECK_EQ(port, 5901);
	CHECK_EQ(parse_listen_address("192.168.7.2:6000", &addr, &port, &err), 0);
	CHECK_EQ(addr, 0xc0a80702);
	CHECK_EQ(port, 6000);
	CHECK_EQ(parse_listen_address("0.0.0.0:5900", &addr, &port, &err), 0);
	CHECK_EQ(addr, 0);
	/* bad ones, with the reason */
	const char *bad_port[] = {"0", "65536", "-1", "59x", "", "127.0.0.1:", "127.0.0.1:0"};
	for (unsigned int i = 0; i < sizeof(bad_port) / sizeof(bad_port[0]); i++) {
		err = NULL;
		CHECK_EQ(parse_listen_address(bad_port[i], &addr, &port, &err), -1);
		CHECK(err && strstr(err, "PORT"));
	}
	const char *bad_addr[] = {":5900",	"example.org:5900", "1.2.3:5900",
				  "[::1]:5900", "1.2.3.4.5:5900",   "5900:",
				  "host:"};
	for (unsigned int i = 0; i < sizeof(bad_addr) / sizeof(bad_addr[0]); i++) {
		err = NULL;
		CHECK_EQ(parse_listen_address(bad_addr[i], &addr, &port, &err), -1);
		CHECK(err && strstr(err, "ADDR"));
	}
}

static void test_command_line(void)
{
	struct host_config c;

	CHECK_EQ(parse(&c, NULL, NULL, NULL), 0);
	CHECK_EQ(c.vnc_port, 0); /* no console unless asked */
	CHECK_EQ(parse(&c, "--vnc", "5905", NULL), 0);
	CHECK_EQ(c.vnc_port, 5905);
	CHECK_EQ(c.vnc_address, 0x7f000001);
	CHECK(c.vnc_password_file == NULL);
	CHECK_EQ(parse(&c, "--vnc=10.0.0.1:5905", "--vnc-password-file", "/p"), 0);
	CHECK_EQ(c.vnc_address, 0x0a000001);
	CHECK(c.vnc_password_file && !strcmp(c.vnc_password_file, "/p"));
	CHECK_EQ(parse(&c, "--vnc", "nope", NULL), -1);
	CHECK_EQ(parse(&c, "--vnc", NULL, NULL), -1);
	CHECK_EQ(parse(&c, "--vnc-password-file", "/p", NULL), -1); /* needs a console */
	CHECK_EQ(parse(&c, "--vnc-socket", "/s", NULL), 0);
	CHECK_EQ(c.vnc_port, 0); /* a socket alone: no TCP port */
	CHECK(c.vnc_socket_path && !strcmp(c.vnc_socket_path, "/s"));
	CHECK_EQ(parse(&c, "--vnc-socket=/s", "--vnc-password-file", "/p"), 0);
}

static void expect_scancode(uint32_t keysym, uint16_t code, uint32_t flags)
{
	uint16_t got = 0;
	uint32_t got_flags = 0xff;

	CHECK_EQ(vnc_keysym_scancode(keysym, &got, &got_flags), 0);
	CHECK_EQ(got, code);
	CHECK_EQ(got_flags, flags);
}

static void test_keymap(void)
{
	uint16_t code, units[2];
	uint32_t flags;

	expect_scancode('a', 0x1e, 0);
	expect_scancode('A', 0x1e, 0);
	expect_scancode('z', 0x2c, 0);
	expect_scancode('1', 0x02, 0);
	expect_scancode('!', 0x02, 0);
	expect_scancode('?', 0x35, 0);
	expect_scancode(' ', 0x39, 0);
	expect_scancode(0xff0d, 0x1c, 0);			/* Return */
	expect_scancode(0xff8d, 0x1c, SYNTH2D_SYNTHKBD_IS_E0);	/* KP_Enter */
	expect_scancode(0xffe4, 0x1d, SYNTH2D_SYNTHKBD_IS_E0);	/* Control_R */
	expect_scancode(0xff52, 0x48, SYNTH2D_SYNTHKBD_IS_E0);	/* Up */
	expect_scancode(0xffb8, 0x48, 0);			/* KP_8 */
	expect_scancode(0xffbe, 0x3b, 0);			/* F1 */
	expect_scancode(0xffc7, 0x44, 0);			/* F10 */
	expect_scancode(0xffc9, 0x58, 0);			/* F12 */
	CHECK_EQ(vnc_keysym_scancode(0xe9, &code, &flags), -1); /* é */
	CHECK_EQ(vnc_keysym_scancode(0x010020ac, &code, &flags), -1);
	CHECK_EQ(vnc_keysym_unicode(0xe9), 0xe9);
	CHECK_EQ(vnc_keysym_unicode(0x010020ac), 0x20ac); /* € */
	CHECK_EQ(vnc_keysym_unicode(0xff0d), 0);	  /* a function key types nothing */
	CHECK_EQ(vnc_utf16(0x20ac, units), 1);
	CHECK_EQ(units[0], 0x20ac);
	CHECK_EQ(vnc_utf16(0x1f600, units), 2);
	CHECK_EQ(units[0], 0xd83d);
	CHECK_EQ(units[1], 0xde00);
	CHECK_EQ(vnc_utf16(0xd800, units), 0);
	CHECK_EQ(vnc_utf16(0x110000, units), 0);
}

int main(void)
{
	test_listen_address();
	test_command_line();
	test_keymap();
	return test_report("test-host-vnc-parsing");
}
