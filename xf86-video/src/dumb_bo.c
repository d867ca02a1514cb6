// SPDX-License-Identifier: MIT
/*
 * Dumb buffers: the scanout the CRTC shows and the cursor image. synth2d.ko
 * keeps them in guest memory and copies damaged pixels to VRAM itself, so a
 * CPU mapping is all the driver needs.
 */
#include "driver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

struct synth2d_bo *synth2d_bo_create(int fd, uint32_t width, uint32_t height, bool with_fb)
{
	struct drm_mode_create_dumb create = {.width = width, .height = height, .bpp = 32};
	struct drm_mode_map_dumb map = {0};
	struct synth2d_bo *bo = calloc(1, sizeof(*bo));

	if (!bo)
		return NULL;
	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create)) {
		free(bo);
		return NULL;
	}
	bo->handle = create.handle;
	bo->width = width;
	bo->height = height;
	bo->pitch = create.pitch;
	bo->size = create.size;

	map.handle = bo->handle;
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		goto fail;
	bo->map = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, map.offset);
	if (bo->map == MAP_FAILED) {
		bo->map = NULL;
		goto fail;
	}
	memset(bo->map, 0, bo->size);

	if (with_fb && drmModeAddFB(fd, width, height, 24, 32, bo->pitch, bo->handle, &bo->fb_id))
		goto fail;
	return bo;

fail:
	synth2d_bo_destroy(fd, bo);
	return NULL;
}

void synth2d_bo_destroy(int fd, struct synth2d_bo *bo)
{
	struct drm_mode_destroy_dumb destroy = {0};

	if (!bo)
		return;
	if (bo->fb_id)
		drmModeRmFB(fd, bo->fb_id);
	if (bo->map)
		munmap(bo->map, bo->size);
	destroy.handle = bo->handle;
	drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
	free(bo);
}
