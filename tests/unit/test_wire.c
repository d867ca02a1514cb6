// SPDX-License-Identifier: MIT
/*
 * Wire format checks that need a running program: GUID byte order and the
 * ring buffer's wrap-around and full/empty rules. Sizes and offsets are
 * checked at compile time by the headers themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <synth2d/guids.h>
#include <synth2d/synthvid.h>
#include <synth2d/vmbus_ring.h>

#include "test_check.h"

TEST_COUNTERS_DEFINE;

static void test_guid_byte_order(void)
{
	/* da0a7802-e377-4aac-8e77-0558eb1073f8 as the kernel's guid_t stores it */
	static const unsigned char expected[16] = {0x02, 0x78, 0x0a, 0xda, 0x77, 0xe3, 0xac, 0x4a,
						   0x8e, 0x77, 0x05, 0x58, 0xeb, 0x10, 0x73, 0xf8};
	struct synth2d_guid g = SYNTH2D_SYNTHVID_CLASS_GUID;

	CHECK(memcmp(g.b, expected, sizeof(expected)) == 0);
}

static void test_version_words(void)
{
	CHECK(SYNTH2D_SYNTHVID_VERSION_WIN8 == 0x00020003);
	CHECK(SYNTH2D_SYNTHVID_VERSION_WIN10 == 0x00050003);
	CHECK(SYNTH2D_RESOLUTION_RESPONSE_SIZE(64) == 387);
}

static void test_ring_round_trip_with_wrap(void)
{
	size_t total = SYNTH2D_RING_HEADER_SIZE + 256;
	void *mem = calloc(1, total);
	struct synth2d_ring ring;
	unsigned char payload[40], buf[128];
	unsigned int len = 0;
	int i;

	CHECK(synth2d_ring_attach(&ring, mem, (unsigned int)total) == 0);
	CHECK(synth2d_ring_peek_packet(&ring, buf, sizeof(buf), &len) == -EAGAIN);

	/* 10 rounds of 64-byte packets in a 256-byte ring must wrap. */
	for (i = 0; i < 10; i++) {
		memset(payload, 'a' + i, sizeof(payload));
		CHECK(synth2d_ring_write_packet(&ring, SYNTH2D_VM_PKT_DATA_INBAND, 0, (unsigned)i,
						payload, sizeof(payload)) == 0);
		CHECK(synth2d_ring_peek_packet(&ring, buf, sizeof(buf), &len) == 0);
		CHECK(len == 56);
		CHECK(buf[16] == 'a' + i && buf[16 + 39] == 'a' + i);
		synth2d_ring_consume_packet(&ring, len);
	}
	CHECK(synth2d_ring_bytes_to_read(&ring) == 0);

	/* Fill: 4 x 64 bytes would take all 256, so only 3 fit. */
	for (i = 0; i < 3; i++)
		CHECK(synth2d_ring_write_packet(&ring, SYNTH2D_VM_PKT_DATA_INBAND, 0, 0, payload,
						sizeof(payload)) == 0);
	CHECK(synth2d_ring_write_packet(&ring, SYNTH2D_VM_PKT_DATA_INBAND, 0, 0, payload,
					sizeof(payload)) == -EAGAIN);
	CHECK(synth2d_ring_peek_packet(&ring, buf, 8, &len) == -ENOBUFS && len == 56);

	/* A descriptor claiming more than is there is not a packet. */
	memset(mem, 0, total);
	CHECK(synth2d_ring_write_packet(&ring, SYNTH2D_VM_PKT_DATA_INBAND, 0, 0, payload, 8) == 0);
	ring.data[4] = 0xff; /* len8 */
	CHECK(synth2d_ring_peek_packet(&ring, buf, sizeof(buf), &len) == -EBADMSG);
	free(mem);
}

int main(void)
{
	test_guid_byte_order();
	test_version_words();
	test_ring_round_trip_with_wrap();
	return test_report("wire");
}
