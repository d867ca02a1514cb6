// SPDX-License-Identifier: MIT
/*
 * The shared file of the rig (tests/include/synth2d/vmbus_sim.h): created by the
 * host, filled with the control block and the three offers, then published
 * by writing the magic last.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <synth2d/guids.h>

#include "host.h"

uint32_t shm_load32(const volatile void *p)
{
	return le32toh(*(const volatile __le32 *)p);
}

uint64_t shm_load64(const volatile void *p)
{
	return le64toh(*(const volatile __le64 *)p);
}

void shm_store32(volatile void *p, uint32_t v)
{
	*(volatile __le32 *)p = htole32(v);
}

/* host_generation of a previous run of the host on the same file, 0 if none */
static uint32_t previous_host_generation(int fd)
{
	struct synth2d_sim_control old;

	if (pread(fd, &old, sizeof(old), 0) != (ssize_t)sizeof(old) ||
	    le32toh(old.magic) != SYNTH2D_SIM_MAGIC)
		return 0;
	return le32toh(old.host_generation);
}

static void fill_offer(struct synth2d_sim_channel *c, struct synth2d_guid class_guid,
		       struct synth2d_guid instance_guid, uint16_t flags, uint32_t pipe_mode,
		       uint16_t mmio_megabytes)
{
	c->offer_state = htole32(SYNTH2D_SIM_OFFER_OFFERED);
	c->offer_generation = htole32(1);
	c->class_guid = class_guid;
	c->instance_guid = instance_guid;
	c->mmio_megabytes = htole16(mmio_megabytes);
	c->offer_flags = htole16(flags);
	c->pipe_mode = htole32(pipe_mode);
}

int shm_create(struct host *h)
{
	struct synth2d_sim_control *c;
	uint32_t generation;
	int fd;

	fd = open(h->config.shm_path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0)
		return -errno;
	generation = previous_host_generation(fd) + 1;
	/* truncate to 0 first so every byte, guest fields included, starts zero */
	if (ftruncate(fd, 0) || ftruncate(fd, (off_t)h->config.shm_size)) {
		int err = -errno;

		close(fd);
		return err;
	}
	h->shm = mmap(NULL, h->config.shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (h->shm == MAP_FAILED) {
		int err = -errno;

		h->shm = NULL;
		close(fd);
		return err;
	}
	h->shm_fd = fd;
	h->shm_size = h->config.shm_size;
	h->control = c = (struct synth2d_sim_control *)h->shm;
	h->vram_size = (uint64_t)h->config.mmio_megabytes << 20;

	c->layout_version = htole32(SYNTH2D_SIM_LAYOUT_VERSION);
	c->shm_size = htole64(h->shm_size);
	c->ring_pool_offset = htole64(SYNTH2D_SIM_RING_POOL_OFFSET);
	c->ring_slot_size = htole32(SYNTH2D_SIM_RING_SLOT_SIZE);
	c->vmbus_version = htole32(h->config.vmbus_version);
	c->mmio_offset = htole64(SYNTH2D_SIM_MMIO_OFFSET);
	c->mmio_size = htole64(h->shm_size - SYNTH2D_SIM_MMIO_OFFSET);
	c->host_generation = htole32(generation);
	c->channel_count = htole32(SYNTH2D_SIM_MAX_CHANNELS);

	/* docs/protocol.md §1.1: video and mouse are pipe channels in message mode */
	fill_offer(&c->channel[SYNTH2D_SIM_CHANNEL_VIDEO],
		   (struct synth2d_guid)SYNTH2D_SYNTHVID_CLASS_GUID,
		   (struct synth2d_guid)SYNTH2D_SYNTHVID_INSTANCE_GUID,
		   SYNTH2D_SIM_OFFER_FLAG_NAMED_PIPE, SYNTH2D_SIM_PIPE_MODE_MESSAGE,
		   (uint16_t)h->config.mmio_megabytes);
	fill_offer(&c->channel[SYNTH2D_SIM_CHANNEL_MOUSE],
		   (struct synth2d_guid)SYNTH2D_MOUSE_CLASS_GUID,
		   (struct synth2d_guid)SYNTH2D_MOUSE_INSTANCE_GUID,
		   SYNTH2D_SIM_OFFER_FLAG_NAMED_PIPE, SYNTH2D_SIM_PIPE_MODE_MESSAGE, 0);
	fill_offer(&c->channel[SYNTH2D_SIM_CHANNEL_KEYBOARD],
		   (struct synth2d_guid)SYNTH2D_KEYBOARD_CLASS_GUID,
		   (struct synth2d_guid)SYNTH2D_KEYBOARD_INSTANCE_GUID, 0,
		   SYNTH2D_SIM_PIPE_MODE_BYTE, 0);

	/* everything above must be visible before the magic that publishes it */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	shm_store32(&c->magic, SYNTH2D_SIM_MAGIC);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

void shm_destroy(struct host *h)
{
	if (h->shm)
		munmap(h->shm, h->shm_size);
	if (h->shm_fd >= 0)
		close(h->shm_fd);
	h->shm = NULL;
	h->control = NULL;
	h->shm_fd = -1;
}

void shm_set_offer(struct host *h, unsigned int channel, bool offered)
{
	struct synth2d_sim_channel *c = &h->control->channel[channel];

	if (offered)
		shm_store32(&c->offer_generation, shm_load32(&c->offer_generation) + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	shm_store32(&c->offer_state,
		    offered ? SYNTH2D_SIM_OFFER_OFFERED : SYNTH2D_SIM_OFFER_RESCINDED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
