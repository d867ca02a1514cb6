// SPDX-License-Identifier: MIT
/*
 * Stand-in for libFuzzer where clang's is not available (meson option
 * fuzz-engine=fallback): feeds the target the files named on the command
 * line, then -runs=N inputs made by mutating them (random bytes, truncation,
 * bit flips) from a fixed seed. No sanitiser watches it, so it says so on
 * every run. Options it does not know (other libFuzzer flags) are ignored.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 16384

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)rng_state;
}

int main(int argc, char **argv)
{
	static uint8_t seeds[16][MAX_INPUT], buf[MAX_INPUT];
	static size_t seed_len[16];
	unsigned long runs = 100000;
	int nseeds = 0;

	fprintf(stderr,
		"fuzz driver: NOT libFuzzer: a fixed-seed mutation loop without "
		"sanitisers (fuzz-engine=fallback); install libclang-rt-14-dev for the real one\n");

	for (int i = 1; i < argc; i++) {
		FILE *f;

		if (!strncmp(argv[i], "-runs=", 6)) {
			runs = strtoul(argv[i] + 6, NULL, 10);
			continue;
		}
		if (argv[i][0] == '-' || nseeds == 16)
			continue;
		f = fopen(argv[i], "rb");
		if (!f)
			continue; /* a corpus directory: libFuzzer-only */
		seed_len[nseeds] = fread(seeds[nseeds], 1, MAX_INPUT, f);
		fclose(f);
		LLVMFuzzerTestOneInput(seeds[nseeds], seed_len[nseeds]);
		nseeds++;
	}
	for (unsigned long r = 0; r < runs; r++) {
		size_t len;

		if (nseeds && rng() % 4) {
			int s = (int)(rng() % (unsigned int)nseeds);

			len = seed_len[s];
			memcpy(buf, seeds[s], len);
			for (unsigned int k = rng() % 4 + 1; k && len; k--)
				buf[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
			if (len && rng() % 3 == 0)
				len = rng() % len;
		} else {
			len = rng() % 700;
			for (size_t i = 0; i < len; i++)
				buf[i] = (uint8_t)rng();
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("fuzz driver: %lu runs, %d seeds, no finding\n", runs, nseeds);
	return 0;
}
