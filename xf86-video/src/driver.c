// SPDX-License-Identifier: MIT
/*
 * synth2d_drv: module data, probing, options, PreInit and ScreenInit.
 *
 * The device is found on the platform bus (Xorg's udev enumeration of
 * /dev/dri/card*; the OutputClass in data/10-synth2d.conf matches the
 * kernel driver name "synth2d") or, with a Device section, through
 * Option "kmsdev" or the first card whose kernel driver is synth2d.
 */
#include "driver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fb.h>
#include <micmap.h>
#include <mipointer.h>
#include <pciaccess.h>
#include <xf86Cursor.h>
#include <xf86Module.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include <xf86platformBus.h>

enum {
	OPTION_SW_CURSOR,
	OPTION_KMSDEV,
	OPTION_SHADOW_FB,
	OPTION_FOLLOW_HOST_MODE,
	OPTION_DAMAGE_POLICY,
};

static const OptionInfoRec options[] = {
    {OPTION_SW_CURSOR, "SWcursor", OPTV_BOOLEAN, {0}, FALSE},
    {OPTION_KMSDEV, "kmsdev", OPTV_STRING, {0}, FALSE},
    {OPTION_SHADOW_FB, "ShadowFB", OPTV_BOOLEAN, {0}, FALSE},
    {OPTION_FOLLOW_HOST_MODE, "FollowHostMode", OPTV_BOOLEAN, {0}, FALSE},
    {OPTION_DAMAGE_POLICY, "DamagePolicy", OPTV_STRING, {0}, FALSE},
    {-1, NULL, OPTV_NONE, {0}, FALSE},
};

static SymTabRec chipsets[] = {
    {0, "synth2d"},
    {-1, NULL},
};

/* ---- device checks ---- */

static bool is_synth2d_fd(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	bool ok = v && v->name && !strcmp(v->name, SYNTH2D_KERNEL_NAME);

	drmFreeVersion(v);
	return ok;
}

static int open_synth2d(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0 && !is_synth2d_fd(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The first /dev/dri/cardN driven by synth2d.ko; its path in PATH. */
static bool find_synth2d(char *path, size_t size)
{
	for (int i = 0; i < DRM_MAX_MINOR; i++) {
		int fd;

		snprintf(path, size, DRM_DEV_NAME, DRM_DIR_NAME, i);
		fd = open_synth2d(path);
		if (fd >= 0) {
			close(fd);
			return true;
		}
	}
	return false;
}

static bool probe_path(const char *path)
{
	int fd = open_synth2d(path);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* ---- module ---- */

static void identify(int flags _X_UNUSED)
{
	xf86PrintChipsets(SYNTH2D_NAME, "Driver for the Hyper-V synthetic video KMS device",
			  chipsets);
}

static const OptionInfoRec *available_options(int chipid _X_UNUSED, int busid _X_UNUSED)
{
	return options;
}

static Bool driver_func(ScrnInfoPtr scrn _X_UNUSED, xorgDriverFuncOp op, void *data)
{
	switch (op) {
	case GET_REQUIRED_HW_INTERFACES:
		*(xorgHWFlags *)data = 0; /* no I/O ports: KMS does it all */
		return TRUE;
	case SUPPORTS_SERVER_FDS:
		return TRUE;
	default:
		return FALSE;
	}
}

static Bool pre_init(ScrnInfoPtr scrn, int flags);
static Bool screen_init(ScreenPtr screen, int argc, char **argv);
static Bool switch_mode(ScrnInfoPtr scrn, DisplayModePtr mode);
static void adjust_frame(ScrnInfoPtr scrn, int x, int y);
static Bool enter_vt(ScrnInfoPtr scrn);
static void leave_vt(ScrnInfoPtr scrn);
static void free_screen(ScrnInfoPtr scrn);
static ModeStatus valid_mode(ScrnInfoPtr scrn, DisplayModePtr mode, Bool verbose, int flags);

static void setup_scrn_hooks(ScrnInfoPtr scrn)
{
	scrn->driverVersion = SYNTH2D_VERSION;
	scrn->driverName = SYNTH2D_DRIVER_NAME;
	scrn->name = SYNTH2D_NAME;
	scrn->Probe = NULL;
	scrn->PreInit = pre_init;
	scrn->ScreenInit = screen_init;
	scrn->SwitchMode = switch_mode;
	scrn->AdjustFrame = adjust_frame;
	scrn->EnterVT = enter_vt;
	scrn->LeaveVT = leave_vt;
	scrn->FreeScreen = free_screen;
	scrn->ValidMode = valid_mode;
}

static Bool platform_probe(DriverPtr driver, int entity_num, int flags,
			   struct xf86_platform_device *dev, intptr_t match_data _X_UNUSED)
{
	struct OdevAttributes *attr = xf86_platform_device_odev_attributes(dev);
	ScrnInfoPtr scrn;

	/* the kernel driver name is known without opening the device */
	if (attr->driver && strcmp(attr->driver, SYNTH2D_KERNEL_NAME))
		return FALSE;
	if (!(dev->flags & XF86_PDEV_SERVER_FD) && (!attr->path || !probe_path(attr->path)))
		return FALSE;
	scrn = xf86AllocateScreen(
	    driver, (flags & PLATFORM_PROBE_GPU_SCREEN) ? XF86_ALLOCATE_GPU_SCREEN : 0);
	if (!scrn)
		return FALSE;
	if (xf86IsEntitySharable(entity_num))
		xf86SetEntityShared(entity_num);
	xf86AddEntityToScreen(scrn, entity_num);
	setup_scrn_hooks(scrn);
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "using %s (platform bus)\n",
		   attr->path ? attr->path : "the server's fd");
	return TRUE;
}

/* Without a platform device: a Device section with Driver "synth2d". */
static Bool probe(DriverPtr drv, int flags)
{
	GDevPtr *sections;
	int n;
	Bool found = FALSE;

	if (flags & PROBE_DETECT)
		return FALSE;
	n = xf86MatchDevice(SYNTH2D_DRIVER_NAME, &sections);
	if (n <= 0)
		return FALSE;
	for (int i = 0; i < n; i++) {
		const char *dev = xf86FindOptionValue(sections[i]->options, "kmsdev");
		char path[64];
		ScrnInfoPtr scrn;
		int entity;

		if (dev ? !probe_path(dev) : !find_synth2d(path, sizeof(path)))
			continue;
		entity = xf86ClaimFbSlot(drv, 0, sections[i], TRUE);
		scrn = xf86ConfigFbEntity(NULL, 0, entity, NULL, NULL, NULL, NULL);
		if (!scrn)
			continue;
		setup_scrn_hooks(scrn);
		scrn->Probe = probe;
		xf86DrvMsg(scrn->scrnIndex, X_INFO, "using %s\n", dev ? dev : path);
		found = TRUE;
	}
	free(sections);
	return found;
}

_X_EXPORT DriverRec synth2d = {
    .driverVersion = SYNTH2D_VERSION,
    .driverName = SYNTH2D_DRIVER_NAME,
    .Identify = identify,
    .Probe = probe,
    .AvailableOptions = available_options,
    .driverFunc = driver_func,
    .platformProbe = platform_probe,
};

static void *setup(void *module, void *opts _X_UNUSED, int *errmaj, int *errmin _X_UNUSED)
{
	static bool done;

	if (done) {
		if (errmaj)
			*errmaj = LDR_ONCEONLY;
		return NULL;
	}
	done = true;
	xf86AddDriver(&synth2d, module, HaveDriverFuncs);
	return (void *)1; /* non-NULL: success, there is no teardown */
}

static XF86ModuleVersionInfo version_info = {
    .modname = SYNTH2D_DRIVER_NAME,
    .vendor = MODULEVENDORSTRING,
    ._modinfo1_ = MODINFOSTRING1,
    ._modinfo2_ = MODINFOSTRING2,
    .xf86version = XORG_VERSION_CURRENT,
    .majorversion = 0,
    .minorversion = 1,
    .patchlevel = 0,
    .abiclass = ABI_CLASS_VIDEODRV,
    .abiversion = ABI_VIDEODRV_VERSION,
    .moduleclass = MOD_CLASS_VIDEODRV,
    .checksum = {0, 0, 0, 0},
};

_X_EXPORT XF86ModuleData synth2dModuleData = {&version_info, setup, NULL};

/* ---- PreInit ---- */

static bool open_device(ScrnInfoPtr scrn, EntityInfoPtr ent)
{
	synth2d_ptr s = synth2d_get(scrn);
	const char *path = xf86GetOptValString(s->options, OPTION_KMSDEV);
	char found[64];

	if (ent->location.type == BUS_PLATFORM) {
		struct xf86_platform_device *dev = ent->location.id.plat;
		struct OdevAttributes *attr = xf86_platform_device_odev_attributes(dev);

		if (dev->flags & XF86_PDEV_SERVER_FD) {
			s->fd = attr->fd;
			s->fd_from_server = true;
		}
		path = attr->path;
	} else if (!path) {
		path = find_synth2d(found, sizeof(found)) ? found : SYNTH2D_DEFAULT_KMSDEV;
	}
	if (s->fd < 0) {
		s->fd = open(path, O_RDWR | O_CLOEXEC);
		if (s->fd < 0) {
			xf86DrvMsg(scrn->scrnIndex, X_ERROR, "cannot open %s: %s\n", path,
				   strerror(errno));
			return false;
		}
	}
	if (!is_synth2d_fd(s->fd)) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "%s is not a synth2d device\n",
			   path ? path : "the device");
		return false;
	}
	s->kmsdev = path ? strdup(path) : NULL;
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "synth2d KMS device %s\n", path ? path : "(fd)");
	return true;
}

static void process_options(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);
	const char *policy;

	s->sw_cursor = xf86ReturnOptValBool(s->options, OPTION_SW_CURSOR, FALSE);
	s->follow_host_mode = xf86ReturnOptValBool(s->options, OPTION_FOLLOW_HOST_MODE, TRUE);
	if (!xf86ReturnOptValBool(s->options, OPTION_SHADOW_FB, TRUE))
		xf86DrvMsg(
		    scrn->scrnIndex, X_WARNING,
		    "ShadowFB off is not supported: the driver always renders to a shadow\n");
	s->damage_policy = SYNTH2D_DAMAGE_BOXES;
	policy = xf86GetOptValString(s->options, OPTION_DAMAGE_POLICY);
	if (policy) {
		if (!strcmp(policy, "boxes"))
			s->damage_policy = SYNTH2D_DAMAGE_BOXES;
		else if (!strcmp(policy, "bounding"))
			s->damage_policy = SYNTH2D_DAMAGE_BOUNDING;
		else if (!strcmp(policy, "auto"))
			s->damage_policy = SYNTH2D_DAMAGE_AUTO;
		else
			xf86DrvMsg(scrn->scrnIndex, X_WARNING,
				   "DamagePolicy \"%s\" unknown (boxes, bounding, auto)\n", policy);
	}
	xf86DrvMsg(scrn->scrnIndex, policy ? X_CONFIG : X_DEFAULT,
		   "damage policy %s, FollowHostMode %s\n",
		   s->damage_policy == SYNTH2D_DAMAGE_BOXES	 ? "boxes"
		   : s->damage_policy == SYNTH2D_DAMAGE_BOUNDING ? "bounding"
								 : "auto",
		   s->follow_host_mode ? "on" : "off");
}

static Bool pre_init(ScrnInfoPtr scrn, int flags)
{
	rgb zeros = {0, 0, 0};
	Gamma gzeros = {0.0, 0.0, 0.0};
	EntityInfoPtr ent;
	synth2d_ptr s;
	uint64_t dumb = 0;
	Bool ok = FALSE;

	if (flags & PROBE_DETECT)
		return FALSE;
	if (scrn->numEntities != 1)
		return FALSE;
	ent = xf86GetEntityInfo(scrn->entityList[0]);
	if (!scrn->driverPrivate)
		scrn->driverPrivate = XNFcallocarray(1, sizeof(synth2d_rec));
	s = synth2d_get(scrn);
	s->fd = -1;
	s->entity = scrn->entityList[0];
	scrn->monitor = scrn->confScreen->monitor;
	scrn->progClock = TRUE;
	scrn->rgbBits = 8;

	/* synthvid scans out XRGB8888: depth 24 in 32 bpp only */
	if (!xf86SetDepthBpp(scrn, 24, 0, 32, Support32bppFb))
		goto out;
	if (scrn->depth != 24 || scrn->bitsPerPixel != 32) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "depth %d/%d bpp unsupported (24/32 only)\n",
			   scrn->depth, scrn->bitsPerPixel);
		goto out;
	}
	xf86PrintDepthBpp(scrn);
	if (!xf86SetWeight(scrn, zeros, zeros) || !xf86SetDefaultVisual(scrn, -1))
		goto out;
	if (scrn->defaultVisual != TrueColor) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "TrueColor visuals only\n");
		goto out;
	}
	if (!xf86SetGamma(scrn, gzeros))
		goto out;

	/* after xf86SetDepthBpp: it sets scrn->display, whose options count too */
	xf86CollectOptions(scrn, NULL);
	s->options = malloc(sizeof(options));
	if (!s->options)
		goto out;
	memcpy(s->options, options, sizeof(options));
	xf86ProcessOptions(scrn->scrnIndex, scrn->options, s->options);

	if (!open_device(scrn, ent))
		goto out;
	if (drmGetCap(s->fd, DRM_CAP_DUMB_BUFFER, &dumb) || !dumb) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "no dumb buffers\n");
		goto out;
	}

	process_options(scrn);
	if (!synth2d_cursor_pre_init(scrn) || !synth2d_kms_pre_init(scrn))
		goto out;
	if (!scrn->modes) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "no modes\n");
		goto out;
	}
	scrn->currentMode = scrn->modes;
	xf86SetDpi(scrn, 0, 0);
	ok = TRUE;
out:
	free(ent);
	return ok;
}

/* ---- screen ---- */

/*
 * DRM master on our own fd only. A server-managed fd (logind's TakeDevice)
 * is logind's to make master when the session becomes active and to drop
 * on a VT switch; our SET_MASTER on it fails with EACCES in a rootless
 * server, since logind opened it (the kernel's drm_master_check_perm()).
 */
static void set_master(ScrnInfoPtr scrn, synth2d_ptr s)
{
	if (!s->fd_from_server && drmSetMaster(s->fd))
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "drmSetMaster: %s\n", strerror(errno));
}

static void drop_master(synth2d_ptr s)
{
	if (!s->fd_from_server)
		drmDropMaster(s->fd);
}

static Bool close_screen(ScreenPtr screen)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);
	Bool ret;

	synth2d_hotplug_fini(scrn);
	synth2d_vblank_close(screen);
	synth2d_cursor_close(screen);
	synth2d_shadow_close(screen);
	screen->CloseScreen = s->CloseScreen;
	ret = screen->CloseScreen(screen);
	/* fb's screen pixmap pointed into the shadow: freed after fb is done */
	synth2d_shadow_free(scrn);
	if (scrn->vtSema)
		drop_master(s);
	scrn->vtSema = FALSE;
	return ret;
}

static void fix_visuals(ScreenPtr screen, ScrnInfoPtr scrn)
{
	VisualPtr visual = screen->visuals + screen->numVisuals;

	while (--visual >= screen->visuals) {
		if ((visual->class | DynamicClass) != DirectColor)
			continue;
		visual->offsetRed = scrn->offset.red;
		visual->offsetGreen = scrn->offset.green;
		visual->offsetBlue = scrn->offset.blue;
		visual->redMask = scrn->mask.red;
		visual->greenMask = scrn->mask.green;
		visual->blueMask = scrn->mask.blue;
	}
}

static Bool screen_init(ScreenPtr screen, int argc _X_UNUSED, char **argv _X_UNUSED)
{
	ScrnInfoPtr scrn = xf86ScreenToScrn(screen);
	synth2d_ptr s = synth2d_get(scrn);

	scrn->pScreen = screen;
	set_master(scrn, s);
	if (!synth2d_shadow_alloc(scrn, scrn->virtualX, scrn->virtualY))
		return FALSE;

	miClearVisualTypes();
	if (!miSetVisualTypes(scrn->depth, miGetDefaultVisualMask(scrn->depth), scrn->rgbBits,
			      scrn->defaultVisual) ||
	    !miSetPixmapDepths())
		return FALSE;
	if (!fbScreenInit(screen, s->shadow, scrn->virtualX, scrn->virtualY, scrn->xDpi, scrn->yDpi,
			  scrn->displayWidth, scrn->bitsPerPixel))
		return FALSE;
	fix_visuals(screen, scrn);
	if (!fbPictureInit(screen, NULL, 0))
		return FALSE;
	xf86SetBlackWhitePixels(screen);
	xf86SetBackingStore(screen);
	xf86SetSilkenMouse(screen);
	miDCInitialize(screen, xf86GetPointerScreenFuncs());

	if (!synth2d_shadow_screen_init(screen) || !synth2d_cursor_screen_init(screen))
		return FALSE;
	screen->SaveScreen = xf86SaveScreen;
	s->CloseScreen = screen->CloseScreen;
	screen->CloseScreen = close_screen;

	if (!xf86CrtcScreenInit(screen) || !miCreateDefColormap(screen))
		return FALSE;
	xf86DPMSInit(screen, xf86DPMSSet, 0);
	if (!synth2d_vblank_screen_init(screen) || !synth2d_present_screen_init(screen))
		xf86DrvMsg(scrn->scrnIndex, X_WARNING, "no Present on vblank events\n");
	synth2d_hotplug_init(scrn);
	if (serverGeneration == 1)
		xf86ShowUnusedOptions(scrn->scrnIndex, scrn->options);

	scrn->vtSema = TRUE;
	return synth2d_kms_set_desired_modes(scrn);
}

static Bool switch_mode(ScrnInfoPtr scrn, DisplayModePtr mode)
{
	return xf86SetSingleMode(scrn, mode, RR_Rotate_0);
}

static void adjust_frame(ScrnInfoPtr scrn _X_UNUSED, int x _X_UNUSED, int y _X_UNUSED)
{
	/* no panning: the CRTC shows the screen from 0,0 */
}

static Bool enter_vt(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	set_master(scrn, s);
	scrn->vtSema = TRUE;
	if (!synth2d_kms_set_desired_modes(scrn))
		return FALSE;
	/* damage kept while switched away is flushed by the next block handler */
	synth2d_shadow_damage_all(scrn);
	return TRUE;
}

static void leave_vt(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	xf86_hide_cursors(scrn);
	synth2d_cursor_hide_kms(scrn);
	scrn->vtSema = FALSE;
	drop_master(s);
}

static void free_screen(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);

	if (!s)
		return;
	if (s->fd >= 0 && !s->fd_from_server)
		close(s->fd);
	free(s->kmsdev);
	free(s->options);
	free(s);
	scrn->driverPrivate = NULL;
}

static ModeStatus valid_mode(ScrnInfoPtr scrn _X_UNUSED, DisplayModePtr mode _X_UNUSED,
			     Bool verbose _X_UNUSED, int flags _X_UNUSED)
{
	return MODE_OK;
}
