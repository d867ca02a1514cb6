// SPDX-License-Identifier: MIT
/*
 * synth2d_drv: the Xorg driver for the synth2d KMS device (Hyper-V
 * synthetic video). State shared by the driver's files.
 */
#ifndef SYNTH2D_DRIVER_H
#define SYNTH2D_DRIVER_H

#include <xorg-server.h>

#include <stdbool.h>
#include <stdint.h>

/* xf86.h first: the other server headers expect its types */
#include <xf86.h>

#include <damage.h>
#include <xf86Crtc.h>
#include <xf86str.h>

#define SYNTH2D_NAME	       "synth2d"
#define SYNTH2D_DRIVER_NAME    "synth2d"
#define SYNTH2D_VERSION	       1
#define SYNTH2D_KERNEL_NAME    "synth2d" /* drmVersion.name of synth2d.ko */
#define SYNTH2D_DEFAULT_KMSDEV "/dev/dri/card0"

/* How the damage of one flush becomes DIRTYFB clips (docs/xorg.md). */
enum synth2d_damage_policy {
	SYNTH2D_DAMAGE_BOXES,	 /* the region's boxes as they are */
	SYNTH2D_DAMAGE_BOUNDING, /* one clip: the region's bounding box */
	SYNTH2D_DAMAGE_AUTO,	 /* bounding box when it costs little extra, boxes otherwise */
};

/* A dumb buffer with a framebuffer object on it. */
struct synth2d_bo {
	uint32_t handle;
	uint32_t width, height, pitch;
	uint64_t size;
	void *map;
	uint32_t fb_id; /* 0: no framebuffer object (the cursor image) */
};

struct synth2d_vblank_wait;

typedef struct {
	int fd;
	bool fd_from_server; /* platform bus server-managed fd: never closed by us */
	int entity;
	char *kmsdev;
	OptionInfoPtr options;

	/* options */
	bool sw_cursor;
	bool follow_host_mode;
	enum synth2d_damage_policy damage_policy;

	/* KMS objects (kms_display.c) */
	uint32_t crtc_id;
	int crtc_index; /* for the vblank ioctl's high-crtc bits */
	uint32_t connector_id;
	uint32_t dpms_prop_id;

	/* scanout: the dumb buffer the CRTC shows, and the shadow X draws into */
	struct synth2d_bo *front;
	void *shadow;
	uint32_t shadow_pitch;
	DamagePtr damage;

	/* cursor (cursor.c) */
	uint32_t cursor_w, cursor_h; /* DRM_CAP_CURSOR_WIDTH/HEIGHT */
	struct synth2d_bo *cursor_bo;
	bool cursor_up;

	/* hotplug (hotplug.c) */
	struct udev *udev;
	struct udev_monitor *udev_monitor;
	dev_t devnum;

	/* vblank events (vblank.c) */
	struct xorg_list vblank_waits;
	uint32_t vblank_next_id;
	uint64_t msc_high; /* upper bits of the 64-bit MSC built from the kernel's 32-bit count */
	uint32_t msc_last;

	CreateScreenResourcesProcPtr CreateScreenResources;
	CloseScreenProcPtr CloseScreen;
	ScreenBlockHandlerProcPtr BlockHandler;

	/* figures for docs/xorg.md: what the flushes sent */
	uint64_t flushes, clips_sent, pixels_sent;
} synth2d_rec, *synth2d_ptr;

static inline synth2d_ptr synth2d_get(ScrnInfoPtr scrn)
{
	return (synth2d_ptr)scrn->driverPrivate;
}

/* dumb_bo.c */
struct synth2d_bo *synth2d_bo_create(int fd, uint32_t width, uint32_t height, bool with_fb);
void synth2d_bo_destroy(int fd, struct synth2d_bo *bo);

/* kms_display.c */
Bool synth2d_kms_pre_init(ScrnInfoPtr scrn);
Bool synth2d_kms_set_desired_modes(ScrnInfoPtr scrn);
Bool synth2d_kms_follow_preferred(ScrnInfoPtr scrn);

/* shadow.c: shadow framebuffer, damage -> copy -> DIRTYFB */
Bool synth2d_shadow_alloc(ScrnInfoPtr scrn, int width, int height);
void synth2d_shadow_free(ScrnInfoPtr scrn);
Bool synth2d_shadow_screen_init(ScreenPtr screen);
void synth2d_shadow_damage_all(ScrnInfoPtr scrn);
void synth2d_shadow_flush(ScrnInfoPtr scrn);
void synth2d_shadow_close(ScreenPtr screen);
Bool synth2d_shadow_resize(ScrnInfoPtr scrn, int width, int height);

/* cursor.c */
Bool synth2d_cursor_pre_init(ScrnInfoPtr scrn);
Bool synth2d_cursor_screen_init(ScreenPtr screen);
void synth2d_cursor_close(ScreenPtr screen);
void synth2d_cursor_hide_kms(ScrnInfoPtr scrn);
void synth2d_crtc_set_cursor_colors(xf86CrtcPtr crtc, int bg, int fg);
void synth2d_crtc_set_cursor_position(xf86CrtcPtr crtc, int x, int y);
Bool synth2d_crtc_show_cursor(xf86CrtcPtr crtc);
void synth2d_crtc_hide_cursor(xf86CrtcPtr crtc);
Bool synth2d_crtc_load_cursor_argb(xf86CrtcPtr crtc, CARD32 *image);

/* hotplug.c */
void synth2d_hotplug_init(ScrnInfoPtr scrn);
void synth2d_hotplug_fini(ScrnInfoPtr scrn);

/* vblank.c */
Bool synth2d_vblank_screen_init(ScreenPtr screen);
void synth2d_vblank_close(ScreenPtr screen);
/* called with the cookie the wait was queued with */
typedef void (*synth2d_vblank_fn)(uint64_t msc, uint64_t ust, uint64_t cookie);
bool synth2d_vblank_get_ust_msc(ScrnInfoPtr scrn, uint64_t *ust, uint64_t *msc);
bool synth2d_vblank_queue(ScrnInfoPtr scrn, uint64_t msc, synth2d_vblank_fn fn, uint64_t cookie);
void synth2d_vblank_abort(ScrnInfoPtr scrn, uint64_t cookie);

/* present.c */
Bool synth2d_present_screen_init(ScreenPtr screen);

#endif
