// SPDX-License-Identifier: MIT
/*
 * RandR 1.2 from KMS: one xf86Crtc for synth2d's CRTC, one xf86Output per
 * connector (synth2d has one, "Virtual-1"), the connector's modes (the
 * host's resolution list, its default marked preferred), mode setting
 * with the legacy SETCRTC ioctl on the front dumb buffer, DPMS through the
 * connector's DPMS property, and the screen resize RandR asks for.
 */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <randrstr.h>
#include <xf86DDC.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

struct synth2d_output {
	uint32_t connector_id;
	uint32_t dpms_prop_id;
	int mm_width, mm_height;
};

static void mode_from_kms(ScrnInfoPtr scrn, const drmModeModeInfo *k, DisplayModePtr m)
{
	memset(m, 0, sizeof(*m));
	m->status = MODE_OK;
	m->Clock = k->clock;
	m->HDisplay = k->hdisplay;
	m->HSyncStart = k->hsync_start;
	m->HSyncEnd = k->hsync_end;
	m->HTotal = k->htotal;
	m->HSkew = k->hskew;
	m->VDisplay = k->vdisplay;
	m->VSyncStart = k->vsync_start;
	m->VSyncEnd = k->vsync_end;
	m->VTotal = k->vtotal;
	m->VScan = k->vscan;
	m->Flags = k->flags;
	m->name = strdup(k->name);
	m->type = 0;
	if (k->type & DRM_MODE_TYPE_DRIVER)
		m->type |= M_T_DRIVER;
	if (k->type & DRM_MODE_TYPE_PREFERRED)
		m->type |= M_T_PREFERRED;
	xf86SetModeCrtc(m, scrn->adjustFlags);
}

static void mode_to_kms(const DisplayModeRec *m, drmModeModeInfo *k)
{
	memset(k, 0, sizeof(*k));
	k->clock = m->Clock;
	k->hdisplay = m->HDisplay;
	k->hsync_start = m->HSyncStart;
	k->hsync_end = m->HSyncEnd;
	k->htotal = m->HTotal;
	k->hskew = m->HSkew;
	k->vdisplay = m->VDisplay;
	k->vsync_start = m->VSyncStart;
	k->vsync_end = m->VSyncEnd;
	k->vtotal = m->VTotal;
	k->vscan = m->VScan;
	k->flags = m->Flags;
	if (m->HTotal && m->VTotal)
		k->vrefresh =
		    (uint32_t)((m->Clock * 1000ull + (uint64_t)m->HTotal * m->VTotal / 2) /
			       ((uint64_t)m->HTotal * m->VTotal));
	if (m->name)
		snprintf(k->name, sizeof(k->name), "%s", m->name);
	else
		snprintf(k->name, sizeof(k->name), "%dx%d", m->HDisplay, m->VDisplay);
}

/* ---- CRTC ---- */

static void crtc_dpms(xf86CrtcPtr crtc _X_UNUSED, int mode _X_UNUSED)
{
	/* The connector's DPMS property switches the pipe (output_dpms). */
}

static Bool crtc_set_mode_major(xf86CrtcPtr crtc, DisplayModePtr mode, Rotation rotation, int x,
				int y)
{
	ScrnInfoPtr scrn = crtc->scrn;
	synth2d_ptr s = synth2d_get(scrn);
	DisplayModeRec saved_mode = crtc->mode;
	int saved_x = crtc->x, saved_y = crtc->y;
	Rotation saved_rotation = crtc->rotation;
	drmModeModeInfo kmode;

	if (!s->front)
		return FALSE;
	crtc->mode = *mode;
	crtc->x = x;
	crtc->y = y;
	crtc->rotation = rotation;
	/* Computes the CRTC's transform and bounds, which the cursor code uses. */
	if (!xf86CrtcRotate(crtc))
		goto fail;

	mode_to_kms(mode, &kmode);
	if (drmModeSetCrtc(s->fd, s->crtc_id, s->front->fb_id, x, y, &s->connector_id, 1, &kmode)) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "setting mode %dx%d failed: %s\n",
			   mode->HDisplay, mode->VDisplay, strerror(errno));
		goto fail;
	}
	crtc->active = TRUE;
	return TRUE;

fail:
	crtc->mode = saved_mode;
	crtc->x = saved_x;
	crtc->y = saved_y;
	crtc->rotation = saved_rotation;
	return FALSE;
}

/* Gamma is not a synthvid feature: the table RandR keeps is not applied. */
static void crtc_gamma_set(xf86CrtcPtr crtc _X_UNUSED, CARD16 *red _X_UNUSED,
			   CARD16 *green _X_UNUSED, CARD16 *blue _X_UNUSED, int size _X_UNUSED)
{
}

static void crtc_destroy(xf86CrtcPtr crtc)
{
	crtc->driver_private = NULL;
}

static const xf86CrtcFuncsRec crtc_funcs = {
    .dpms = crtc_dpms,
    .set_mode_major = crtc_set_mode_major,
    .gamma_set = crtc_gamma_set,
    .set_cursor_colors = synth2d_crtc_set_cursor_colors,
    .set_cursor_position = synth2d_crtc_set_cursor_position,
    .show_cursor_check = synth2d_crtc_show_cursor,
    .hide_cursor = synth2d_crtc_hide_cursor,
    .load_cursor_argb_check = synth2d_crtc_load_cursor_argb,
    .destroy = crtc_destroy,
};

/* ---- outputs ---- */

static xf86OutputStatus output_detect(xf86OutputPtr output)
{
	synth2d_ptr s = synth2d_get(output->scrn);
	struct synth2d_output *o = output->driver_private;
	drmModeConnectorPtr conn = drmModeGetConnector(s->fd, o->connector_id);
	xf86OutputStatus status = XF86OutputStatusUnknown;

	if (!conn)
		return status;
	if (conn->connection == DRM_MODE_CONNECTED)
		status = XF86OutputStatusConnected;
	else if (conn->connection == DRM_MODE_DISCONNECTED)
		status = XF86OutputStatusDisconnected;
	drmModeFreeConnector(conn);
	return status;
}

static DisplayModePtr output_get_modes(xf86OutputPtr output)
{
	ScrnInfoPtr scrn = output->scrn;
	synth2d_ptr s = synth2d_get(scrn);
	struct synth2d_output *o = output->driver_private;
	drmModeConnectorPtr conn = drmModeGetConnector(s->fd, o->connector_id);
	DisplayModePtr modes = NULL;

	if (!conn)
		return NULL;
	output->mm_width = conn->mmWidth;
	output->mm_height = conn->mmHeight;
	for (int i = 0; i < conn->count_modes; i++) {
		DisplayModePtr m = calloc(1, sizeof(*m));

		if (!m)
			break;
		mode_from_kms(scrn, &conn->modes[i], m);
		modes = xf86ModesAdd(modes, m);
	}
	drmModeFreeConnector(conn);
	return modes;
}

static int output_mode_valid(xf86OutputPtr output _X_UNUSED, DisplayModePtr mode _X_UNUSED)
{
	return MODE_OK;
}

static void output_dpms(xf86OutputPtr output, int mode)
{
	synth2d_ptr s = synth2d_get(output->scrn);
	struct synth2d_output *o = output->driver_private;

	if (!o->dpms_prop_id || !output->crtc)
		return;
	/* DPMSMode* and DRM_MODE_DPMS_* have the same values. */
	if (drmModeConnectorSetProperty(s->fd, o->connector_id, o->dpms_prop_id, mode))
		xf86DrvMsg(output->scrn->scrnIndex, X_WARNING, "DPMS %d failed: %s\n", mode,
			   strerror(errno));
}

static void output_destroy(xf86OutputPtr output)
{
	free(output->driver_private);
	output->driver_private = NULL;
}

static const xf86OutputFuncsRec output_funcs = {
    .dpms = output_dpms,
    .detect = output_detect,
    .get_modes = output_get_modes,
    .mode_valid = output_mode_valid,
    .destroy = output_destroy,
};

/* ---- screen resize ---- */

/*
 * RandR changes the screen size: the new front buffer and shadow replace
 * the old ones, every lit CRTC is moved onto the new buffer, then the old
 * buffer goes (the kernel must not scan out a freed framebuffer).
 */
static Bool config_resize(ScrnInfoPtr scrn, int width, int height)
{
	synth2d_ptr s = synth2d_get(scrn);
	xf86CrtcConfigPtr config = XF86_CRTC_CONFIG_PTR(scrn);
	struct synth2d_bo *old_front = s->front;
	void *old_shadow = s->shadow;

	if (scrn->virtualX == width && scrn->virtualY == height)
		return TRUE;
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "screen %dx%d -> %dx%d\n", scrn->virtualX,
		   scrn->virtualY, width, height);
	s->front = NULL;
	s->shadow = NULL;
	if (!synth2d_shadow_resize(scrn, width, height)) {
		s->front = old_front;
		s->shadow = old_shadow;
		return FALSE;
	}
	for (int i = 0; i < config->num_crtc; i++) {
		xf86CrtcPtr crtc = config->crtc[i];

		if (!crtc->enabled)
			continue;
		crtc->funcs->set_mode_major(crtc, &crtc->mode, crtc->rotation, crtc->x, crtc->y);
	}
	synth2d_bo_destroy(s->fd, old_front);
	free(old_shadow);
	return TRUE;
}

static const xf86CrtcConfigFuncsRec config_funcs = {
    .resize = config_resize,
};

/* ---- setup ---- */

static void output_name(drmModeConnectorPtr conn, char *name, size_t size)
{
	const char *type = drmModeGetConnectorTypeName(conn->connector_type);

	snprintf(name, size, "%s-%u", type ? type : "Unknown", conn->connector_type_id);
}

static uint32_t find_dpms_prop(int fd, drmModeConnectorPtr conn)
{
	uint32_t id = 0;

	for (int i = 0; i < conn->count_props && !id; i++) {
		drmModePropertyPtr p = drmModeGetProperty(fd, conn->props[i]);

		if (p && !strcmp(p->name, "DPMS"))
			id = p->prop_id;
		drmModeFreeProperty(p);
	}
	return id;
}

static void add_output(ScrnInfoPtr scrn, drmModeResPtr res, uint32_t connector_id)
{
	synth2d_ptr s = synth2d_get(scrn);
	drmModeConnectorPtr conn = drmModeGetConnector(s->fd, connector_id);
	struct synth2d_output *o;
	xf86OutputPtr output;
	uint32_t crtcs = 0;
	char name[32];

	if (!conn)
		return;
	output_name(conn, name, sizeof(name));
	o = calloc(1, sizeof(*o));
	output = o ? xf86OutputCreate(scrn, &output_funcs, name) : NULL;
	if (!output) {
		free(o);
		drmModeFreeConnector(conn);
		return;
	}
	o->connector_id = connector_id;
	o->dpms_prop_id = find_dpms_prop(s->fd, conn);
	output->driver_private = o;
	output->mm_width = conn->mmWidth;
	output->mm_height = conn->mmHeight;
	output->subpixel_order = SubPixelUnknown;
	output->interlaceAllowed = FALSE;
	output->doubleScanAllowed = FALSE;
	for (int e = 0; e < conn->count_encoders; e++) {
		drmModeEncoderPtr enc = drmModeGetEncoder(s->fd, conn->encoders[e]);

		if (enc) {
			crtcs |= enc->possible_crtcs;
			drmModeFreeEncoder(enc);
		}
	}
	/* The driver drives one CRTC: res->crtcs[s->crtc_index]. */
	output->possible_crtcs = (crtcs >> s->crtc_index) & 1;
	output->possible_clones = 0;
	if (!s->connector_id) {
		s->connector_id = connector_id;
		s->dpms_prop_id = o->dpms_prop_id;
	}
	(void)res;
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "output %s (connector %u)\n", name, connector_id);
	drmModeFreeConnector(conn);
}

Bool synth2d_kms_pre_init(ScrnInfoPtr scrn)
{
	synth2d_ptr s = synth2d_get(scrn);
	drmModeResPtr res = drmModeGetResources(s->fd);
	xf86CrtcPtr crtc;

	if (!res) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "drmModeGetResources: %s\n", strerror(errno));
		return FALSE;
	}
	if (res->count_crtcs < 1 || res->count_connectors < 1) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "no CRTC or connector\n");
		drmModeFreeResources(res);
		return FALSE;
	}
	xf86CrtcConfigInit(scrn, &config_funcs);
	xf86CrtcSetSizeRange(scrn, 320, 200, res->max_width, res->max_height);

	/* synth2d.ko has one CRTC; the driver uses the first. */
	s->crtc_id = res->crtcs[0];
	s->crtc_index = 0;
	crtc = xf86CrtcCreate(scrn, &crtc_funcs);
	if (!crtc) {
		drmModeFreeResources(res);
		return FALSE;
	}
	for (int i = 0; i < res->count_connectors; i++)
		add_output(scrn, res, res->connectors[i]);
	drmModeFreeResources(res);
	if (!s->connector_id)
		return FALSE;

	if (!xf86InitialConfiguration(scrn, TRUE)) {
		xf86DrvMsg(scrn->scrnIndex, X_ERROR, "no initial configuration\n");
		return FALSE;
	}
	return TRUE;
}

Bool synth2d_kms_set_desired_modes(ScrnInfoPtr scrn)
{
	return xf86SetDesiredModes(scrn);
}

static RROutputPtr connected_output(ScrnInfoPtr scrn)
{
	xf86CrtcConfigPtr config = XF86_CRTC_CONFIG_PTR(scrn);

	for (int i = 0; i < config->num_output; i++) {
		xf86OutputPtr o = config->output[i];

		if (o->status == XF86OutputStatusConnected && o->randr_output)
			return o->randr_output;
	}
	return NULL;
}

/*
 * FollowHostMode: after a hotplug, set the connector's preferred mode (the
 * host's default) and make the screen that size, as a RandR client would
 * with SetScreenSize + SetCrtcConfig, so clients get the same notifies.
 */
Bool synth2d_kms_follow_preferred(ScrnInfoPtr scrn)
{
	ScreenPtr screen = scrn->pScreen;
	xf86CrtcConfigPtr config = XF86_CRTC_CONFIG_PTR(scrn);
	RRCrtcPtr rcrtc = config->crtc[0]->randr_crtc;
	RROutputPtr rout = connected_output(scrn);
	RRModePtr mode;
	int w, h, sw = screen->width, sh = screen->height;
	CARD32 mmw, mmh;

	if (!rcrtc || !rout || rout->numModes < 1)
		return FALSE;
	mode = rout->modes[0]; /* RandR lists the preferred modes first */
	w = mode->mode.width;
	h = mode->mode.height;
	if (rcrtc->mode == mode && sw == w && sh == h)
		return TRUE;
	xf86DrvMsg(scrn->scrnIndex, X_INFO, "following the host: %dx%d\n", w, h);

	/* Keep the DPI: the millimetre size scales with the pixel size. */
	mmw = sw ? (CARD32)((uint64_t)screen->mmWidth * w / sw) : (CARD32)(w * 254 / 960);
	mmh = sh ? (CARD32)((uint64_t)screen->mmHeight * h / sh) : (CARD32)(h * 254 / 960);
	if (w > sw || h > sh) {
		/* grow first so the CRTC fits; shrink after it is set */
		if (!RRScreenSizeSet(screen, w > sw ? w : sw, h > sh ? h : sh, mmw, mmh))
			return FALSE;
	}
	if (!RRCrtcSet(rcrtc, mode, 0, 0, RR_Rotate_0, 1, &rout))
		return FALSE;
	if ((screen->width != w || screen->height != h) && !RRScreenSizeSet(screen, w, h, mmw, mmh))
		return FALSE;
	RRTellChanged(screen);
	return TRUE;
}
