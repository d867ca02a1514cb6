/* SPDX-License-Identifier: MIT */
/*
 * VMware's cursor-position pseudo-encoding for the VNC console
 * (docs/console.md): how TigerVNC's viewer, which does not ask for
 * PointerPos, learns that the host mouse moved without it (a control-socket
 * move, another viewer, the guest in relative mode). The update is a
 * rectangle of size 0 at the new position with encoding 0x574d5666; TigerVNC
 * reads it in common/rfb/CMsgReader.cxx and moves its local pointer there
 * while it holds the mouse grab.
 */
#ifndef SYNTH2D_HOST_VNC_CURSOR_POSITION_H
#define SYNTH2D_HOST_VNC_CURSOR_POSITION_H

#include <rfb/rfb.h>

#define VNC_ENCODING_VMWARE_CURSOR_POSITION 0x574d5666

/* LibVNCServer hands the encoding to us from every client's SetEncodings. */
void vnc_cursor_position_register(void);
void vnc_cursor_position_unregister(void);
/* From the screen's client-gone hook. */
void vnc_cursor_position_client_gone(rfbClientPtr cl);
/* The pointer moved to the screen's cursorX/Y; tell every asking client but @origin (may be NULL).
 */
void vnc_cursor_position_moved(rfbScreenInfoPtr screen, rfbClientPtr origin);
/* Send the moves to the clients waiting for an update (as any update, it answers their request). */
void vnc_cursor_position_flush(rfbScreenInfoPtr screen);

#endif
