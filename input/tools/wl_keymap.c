// SPDX-License-Identifier: MIT
#include "wl_keymap.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-client-protocol.h>

struct xkb_keymap *wl_keymap_compile(struct xkb_context *ctx, uint32_t format, int32_t fd,
				     uint32_t size)
{
	struct xkb_keymap *keymap = NULL;
	char *text;

	if (format == WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1 && size > 0) {
		/* MAP_PRIVATE: the compositor may share one read-only file */
		text = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (text != MAP_FAILED) {
			/* the size counts the terminating NUL */
			keymap = xkb_keymap_new_from_buffer(ctx, text, strnlen(text, size),
							    XKB_KEYMAP_FORMAT_TEXT_V1,
							    XKB_KEYMAP_COMPILE_NO_FLAGS);
			munmap(text, size);
		}
	}
	close(fd);
	return keymap;
}
