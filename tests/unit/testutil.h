/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the unit tests; each test file includes this once. */
#ifndef SSTP_TESTUTIL_H
#define SSTP_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/*
 * Decodes hex digits in s into out (size bytes), skipping spaces, and
 * returns the byte count; a bad digit or overflow fails the test.
 */
static inline size_t unhex(const char *s, uint8_t *out, size_t size)
{
	size_t n = 0;
	int hi = -1, v = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			fail_msg("bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		assert_true(n < size);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	assert_int_equal(hi, -1);
	return n;
}

/* xorshift32: a fixed, seeded sequence so that failures reproduce. */
static inline uint32_t test_rand(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif /* SSTP_TESTUTIL_H */
