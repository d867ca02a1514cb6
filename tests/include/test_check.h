/* SPDX-License-Identifier: MIT */
/*
 * Checks for the C unit tests: a failed check prints where and what, the
 * test goes on, and test_report() turns the counts into the exit status.
 * One file of each test program says TEST_COUNTERS_DEFINE.
 */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdio.h>

extern int test_failures, test_checks;

#define TEST_COUNTERS_DEFINE int test_failures, test_checks

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		test_checks++;                                                                     \
		if (!(cond)) {                                                                     \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long _a = (long long)(a), _b = (long long)(b);                                \
		test_checks++;                                                                     \
		if (_a != _b) {                                                                    \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n",          \
				__FILE__, __LINE__, #a, #b, _a, _b);                               \
		}                                                                                  \
	} while (0)

/* Print "NAME: N checks, N failed"; the exit status for main(). */
static inline int test_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
	return test_failures ? 1 : 0;
}

#endif /* TEST_CHECK_H */
