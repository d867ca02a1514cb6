// SPDX-License-Identifier: MIT
#include "vnc_cursor_position.h"

#include <arpa/inet.h>
#include <rfb/rfbregion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Per client, in cl->clientData (the console keeps nothing else there): it
 * asked for the encoding, and a move is yet to be sent.
 */
#define ASKED	0x1u
#define PENDING 0x2u

static uintptr_t state(rfbClientPtr cl)
{
	return (uintptr_t)cl->clientData;
}

static void set_state(rfbClientPtr cl, uintptr_t s)
{
	cl->clientData = (void *)s;
}

static int encodings[] = {VNC_ENCODING_VMWARE_CURSOR_POSITION, 0};

static rfbBool enable(rfbClientPtr cl, void **data, int encoding)
{
	(void)data;
	/* 0: a new SetEncodings resets; the client asks again if it still wants it */
	if (encoding == 0)
		set_state(cl, 0);
	else if (encoding == VNC_ENCODING_VMWARE_CURSOR_POSITION)
		set_state(cl, state(cl) | ASKED);
	return encoding == VNC_ENCODING_VMWARE_CURSOR_POSITION;
}

/* No per-client allocation, no close callback: LibVNCServer calls close more than once. */
static rfbProtocolExtension extension = {
    .pseudoEncodings = encodings,
    .enablePseudoEncoding = enable,
};

void vnc_cursor_position_register(void)
{
	rfbRegisterProtocolExtension(&extension);
}

void vnc_cursor_position_unregister(void)
{
	rfbUnregisterProtocolExtension(&extension);
}

void vnc_cursor_position_client_gone(rfbClientPtr cl)
{
	/*
	 * LibVNCServer 0.9.14 frees a client's extension records nowhere
	 * (rfbDisableExtension unlinks without freeing): take ours out.
	 */
	for (rfbExtensionData **p = &cl->extensions; *p; p = &(*p)->next) {
		if ((*p)->extension == &extension) {
			rfbExtensionData *gone = *p;

			*p = gone->next;
			free(gone);
			break;
		}
	}
}

void vnc_cursor_position_moved(rfbScreenInfoPtr screen, rfbClientPtr origin)
{
	rfbClientIteratorPtr it = rfbGetClientIterator(screen);
	rfbClientPtr cl;

	while ((cl = rfbClientIteratorNext(it)))
		if ((state(cl) & ASKED) && cl != origin)
			set_state(cl, state(cl) | PENDING);
	rfbReleaseClientIterator(it);
}

/* One FramebufferUpdate (RFC 6143 §7.6.1) holding one rect: the position, size 0. */
static void send_position(rfbClientPtr cl, int x, int y)
{
	uint8_t msg[4 + 12] = {rfbFramebufferUpdate};
	uint16_t rect[4] = {htons((uint16_t)x), htons((uint16_t)y), 0, 0};
	uint32_t encoding = htonl(VNC_ENCODING_VMWARE_CURSOR_POSITION);

	memcpy(msg + 2, &(uint16_t){htons(1)}, 2);
	memcpy(msg + 4, rect, sizeof(rect));
	memcpy(msg + 12, &encoding, 4);
	if (rfbWriteExact(cl, (char *)msg, sizeof(msg)) < 0)
		rfbCloseClient(cl);
}

void vnc_cursor_position_flush(rfbScreenInfoPtr screen)
{
	rfbClientIteratorPtr it = rfbGetClientIterator(screen);
	rfbClientPtr cl;

	while ((cl = rfbClientIteratorNext(it))) {
		/* an update only in answer to a request, as RFB wants */
		if (!(state(cl) & PENDING) || cl->state != RFB_NORMAL ||
		    cl->sock == RFB_INVALID_SOCKET || sraRgnEmpty(cl->requestedRegion))
			continue;
		set_state(cl, state(cl) & ~PENDING);
		sraRgnMakeEmpty(cl->requestedRegion);
		send_position(cl, screen->cursorX, screen->cursorY);
	}
	rfbReleaseClientIterator(it);
}
