// SPDX-License-Identifier: GPL-2.0
/* Connections not yet authenticated, per source (daemon/admission.h). */

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/admission.h"

static void key4(const char *addr, uint8_t key[ADMISSION_KEY_LEN])
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	admission_key((struct sockaddr *)&sin, key);
}

static void key6(const char *addr, uint8_t key[ADMISSION_KEY_LEN])
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	assert_int_equal(inet_pton(AF_INET6, addr, &sin6.sin6_addr), 1);
	admission_key((struct sockaddr *)&sin6, key);
}

static void test_keys(void **state)
{
	uint8_t a[ADMISSION_KEY_LEN], b[ADMISSION_KEY_LEN];

	(void)state;
	key4("192.0.2.1", a);
	key4("192.0.2.2", b);
	assert_memory_not_equal(a, b, sizeof(a));
	/* A dual-stack listener's IPv4 client is the same source. */
	key6("::ffff:192.0.2.1", b);
	assert_memory_equal(a, b, sizeof(a));
	/* One /64 is one source; the next /64 is another. */
	key6("2001:db8:1:2::1", a);
	key6("2001:db8:1:2:ffff:ffff:ffff:ffff", b);
	assert_memory_equal(a, b, sizeof(a));
	key6("2001:db8:1:3::1", b);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void test_per_source_limit(void **state)
{
	struct admission_entry e[4] = { 0 }, *evict;
	uint8_t a[ADMISSION_KEY_LEN], b[ADMISSION_KEY_LEN];
	struct admission adm;

	(void)state;
	assert_int_equal(admission_init(&adm, 10, 3), 0);
	key4("198.51.100.7", a);
	key4("203.0.113.9", b);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(admission_check(&adm, a, &evict), ADMISSION_ADMIT);
		admission_add(&adm, &e[i], a);
	}
	assert_int_equal(admission_check(&adm, a, &evict), ADMISSION_REFUSE);
	assert_null(evict);
	assert_int_equal(adm.refused, 1);
	/* Another source is not held back. */
	assert_int_equal(admission_check(&adm, b, &evict), ADMISSION_ADMIT);
	admission_add(&adm, &e[3], b);
	/* One of a's authenticates: a has room again. */
	admission_remove(&adm, &e[1]);
	assert_int_equal(admission_check(&adm, a, &evict), ADMISSION_ADMIT);
	assert_int_equal(adm.count, 3);
	/* Removing twice, or what was never added, changes nothing. */
	admission_remove(&adm, &e[1]);
	assert_int_equal(adm.count, 3);
	admission_free(&adm);
}

/* At the total limit the oldest of the busiest source goes, not the newcomer. */
static void test_evicts_oldest_of_busiest(void **state)
{
	struct admission_entry e[6] = { 0 }, real = { 0 }, *evict;
	uint8_t a[ADMISSION_KEY_LEN], b[ADMISSION_KEY_LEN], c[ADMISSION_KEY_LEN];
	struct admission adm;

	(void)state;
	assert_int_equal(admission_init(&adm, 6, 4), 0);
	key4("198.51.100.1", a);
	key4("198.51.100.2", b);
	key4("192.0.2.200", c);
	/* b, a, a, b, a, a: a has four, b two; the total is full. */
	admission_add(&adm, &e[0], b);
	admission_add(&adm, &e[1], a);
	admission_add(&adm, &e[2], a);
	admission_add(&adm, &e[3], b);
	admission_add(&adm, &e[4], a);
	admission_add(&adm, &e[5], a);
	assert_int_equal(admission_check(&adm, c, &evict), ADMISSION_EVICT);
	assert_ptr_equal(evict, &e[1]);
	assert_int_equal(adm.evicted, 1);
	admission_remove(&adm, evict);
	admission_add(&adm, &real, c);
	assert_int_equal(adm.count, 6);
	/* Now a and b... a has three, b two: a's oldest is e[2]. */
	assert_int_equal(admission_check(&adm, b, &evict), ADMISSION_EVICT);
	assert_ptr_equal(evict, &e[2]);
	admission_free(&adm);
}

/* Sources come and go: the array never holds one with nothing. */
static void test_sources_recycled(void **state)
{
	struct admission_entry e[100] = { 0 }, *evict;
	uint8_t key[ADMISSION_KEY_LEN];
	struct admission adm;
	char addr[32];

	(void)state;
	assert_int_equal(admission_init(&adm, 4, 2), 0);
	for (int round = 0; round < 25; round++) {
		for (int i = 0; i < 4; i++) {
			snprintf(addr, sizeof(addr), "10.0.%d.%d", round, i);
			key4(addr, key);
			assert_int_equal(admission_check(&adm, key, &evict), ADMISSION_ADMIT);
			admission_add(&adm, &e[round * 4 + i], key);
		}
		assert_int_equal(adm.source_count, 4);
		for (int i = 0; i < 4; i++)
			admission_remove(&adm, &e[round * 4 + i]);
		assert_int_equal(adm.source_count, 0);
		assert_int_equal(adm.count, 0);
		assert_null(adm.oldest);
		assert_null(adm.newest);
	}
	admission_free(&adm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_per_source_limit),
		cmocka_unit_test(test_evicts_oldest_of_busiest),
		cmocka_unit_test(test_sources_recycled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
