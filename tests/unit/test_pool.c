// SPDX-License-Identifier: GPL-2.0
/* The IPv4 address pool. */

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/pool.h"

static struct in_addr addr_of(const char *text)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, text, &a), 1);
	return a;
}

static void test_bad_prefixes(void **state)
{
	const char *bad[] = {
		"10.8.0.0", "10.8.0.0/", "10.8.0.0/x", "10.8.0.0/24x", "10.8.0/24",
		"10.8.0.0/31", "10.8.0.0/32", "10.0.0.0/7", "10.8.0.1/24", "10.8.0.0/-24",
		"10.8.0.0/+24", "",
	};
	struct pool *p;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pool_new(bad[i], &p, err, sizeof(err)), -EINVAL);
		assert_non_null(strchr(err, '\''));
	}
}

static void test_exhaust_and_release(void **state)
{
	struct in_addr a, got[5];
	struct pool *p;
	char err[128];

	(void)state;
	/* /29: network .0, server .1, clients .2-.6, broadcast .7 */
	assert_int_equal(pool_new("192.168.5.0/29", &p, err, sizeof(err)), 0);
	assert_int_equal(pool_server_addr(p).s_addr, addr_of("192.168.5.1").s_addr);
	assert_int_equal(pool_size(p), 5);
	for (int i = 0; i < 5; i++) {
		char expect[32];

		assert_int_equal(pool_alloc(p, &got[i]), 0);
		snprintf(expect, sizeof(expect), "192.168.5.%d", i + 2);
		assert_int_equal(got[i].s_addr, addr_of(expect).s_addr);
	}
	assert_int_equal(pool_in_use(p), 5);
	assert_int_equal(pool_alloc(p, &a), -ENOSPC);

	assert_int_equal(pool_release(p, got[1]), 0);
	assert_int_equal(pool_release(p, got[1]), -ENOENT);
	assert_int_equal(pool_release(p, addr_of("192.168.5.1")), -ERANGE);
	assert_int_equal(pool_release(p, addr_of("192.168.5.7")), -ERANGE);
	assert_int_equal(pool_alloc(p, &a), 0);
	assert_int_equal(a.s_addr, got[1].s_addr);
	assert_int_equal(pool_in_use(p), 5);
	pool_free(p);
}

static void test_next_fit(void **state)
{
	struct in_addr a, b, c;
	struct pool *p;
	char err[128];

	(void)state;
	assert_int_equal(pool_new("10.8.0.0/24", &p, err, sizeof(err)), 0);
	assert_int_equal(pool_alloc(p, &a), 0);
	assert_int_equal(pool_release(p, a), 0);
	/* The address just released is not the next one handed out. */
	assert_int_equal(pool_alloc(p, &b), 0);
	assert_int_not_equal(a.s_addr, b.s_addr);
	assert_int_equal(pool_alloc(p, &c), 0);
	assert_int_not_equal(b.s_addr, c.s_addr);
	pool_free(p);
}

static void test_claim(void **state)
{
	struct in_addr a;
	struct pool *p;
	char err[128];

	(void)state;
	assert_int_equal(pool_new("10.8.0.0/24", &p, err, sizeof(err)), 0);
	assert_int_equal(pool_claim(p, addr_of("10.8.0.2")), 0);
	assert_int_equal(pool_claim(p, addr_of("10.8.0.2")), -EBUSY);
	assert_int_equal(pool_claim(p, addr_of("10.8.0.1")), -ERANGE);
	assert_int_equal(pool_claim(p, addr_of("10.8.1.2")), -ERANGE);
	assert_int_equal(pool_claim(p, addr_of("10.8.0.255")), -ERANGE);
	/* A claimed address is never handed out by alloc. */
	assert_int_equal(pool_alloc(p, &a), 0);
	assert_int_equal(a.s_addr, addr_of("10.8.0.3").s_addr);
	assert_int_equal(pool_in_use(p), 2);
	pool_free(p);
}

static void test_large_pool(void **state)
{
	struct in_addr a;
	struct pool *p;
	char err[128];

	(void)state;
	assert_int_equal(pool_new("10.0.0.0/8", &p, err, sizeof(err)), 0);
	assert_int_equal(pool_size(p), (1u << 24) - 3);
	assert_int_equal(pool_claim(p, addr_of("10.255.255.254")), 0);
	assert_int_equal(pool_alloc(p, &a), 0);
	assert_int_equal(a.s_addr, addr_of("10.0.0.2").s_addr);
	pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_prefixes),
		cmocka_unit_test(test_exhaust_and_release),
		cmocka_unit_test(test_next_fit),
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_large_pool),
	};

	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
