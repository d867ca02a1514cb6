// SPDX-License-Identifier: MIT
/*
 * Runs a libFuzzer target without libFuzzer (compilers without
 * -fsanitize=fuzzer): on each file given, or on N pseudo-random inputs
 * (`--random N`, deterministic seed) that start from valid-looking headers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

int main(int argc, char **argv)
{
	static uint8_t buf[20000];
	uint32_t seed = 0x5eed1234;
	long i, n;

	if (argc == 3 && !strcmp(argv[1], "--random")) {
		n = strtol(argv[2], NULL, 10);
		for (i = 0; i < n; i++) {
			size_t size = next(&seed) % 600, j;

			for (j = 0; j < size; j++)
				buf[j] = next(&seed);
			/* Often a plausible pipe header and small sizes. */
			if (size > 16 && (i & 1)) {
				buf[1] = 1, buf[2] = buf[3] = buf[4] = 0;
				buf[5] = (uint8_t)(size - 9), buf[6] = buf[7] = buf[8] = 0;
				buf[9] = next(&seed) % 6, buf[10] = buf[11] = buf[12] = 0;
				buf[13] = next(&seed) % 200, buf[14] = buf[15] = buf[16] = 0;
			}
			LLVMFuzzerTestOneInput(buf, size);
		}
		printf("%ld random inputs passed\n", n);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t size;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, size);
	}
	return 0;
}
