// SPDX-License-Identifier: GPL-2.0
/* The users file: pppd's chap-secrets format. */

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/secrets.h"

static void test_parse_fields(void **state)
{
	const char *text =
		"# client\tserver\tsecret\tIP\n"
		"\n"
		"alice * \"pass word\" 10.8.0.10\n"
		"bob\tsstpd\thunter2\t*\n"
		"carol sstpd \"q\\\"uote\\\\\"   # trailing comment\n"
		"dave * plain";
	struct secrets s;
	char err[256];

	(void)state;
	assert_int_equal(secrets_parse(text, "users", &s, err, sizeof(err)), 0);
	assert_int_equal(s.count, 4);
	assert_string_equal(s.entries[0].client, "alice");
	assert_string_equal(s.entries[0].server, "*");
	assert_string_equal(s.entries[0].secret, "pass word");
	assert_true(s.entries[0].has_addr);
	assert_string_equal(inet_ntoa(s.entries[0].addr), "10.8.0.10");
	assert_false(s.entries[1].has_addr);
	assert_string_equal(s.entries[2].secret, "q\"uote\\");
	assert_false(s.entries[2].has_addr);
	assert_string_equal(s.entries[3].secret, "plain");
	secrets_free(&s);
	assert_int_equal(s.count, 0);
}

static void expect_error(const char *text, const char *message)
{
	struct secrets s;
	char err[256];

	assert_int_equal(secrets_parse(text, "users", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, message);
	assert_null(s.entries);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("alice *\n", "users:1: expected client, server and secret: 'alice'");
	expect_error("ok * pw\nbob * pw 10.0.0.300\n", "users:2: not an IPv4 address: '10.0.0.300'");
	expect_error("a * \"open\n", "users:1: unterminated quote");
	expect_error("a * pw 10.0.0.1 extra\n",
		     "users:1: too many fields (client server secret [address])");
	expect_error("a * \"pw\"x\n", "users:1: text after a closing quote");
	expect_error("\"\" * pw\n", "users:1: empty client name");
}

static void test_field_too_long(void **state)
{
	char text[400];
	struct secrets s;
	char err[256];

	(void)state;
	memset(text, 'x', 300);
	strcpy(text + 300, " * pw\n");
	assert_int_equal(secrets_parse(text, "users", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "users:1: field longer than 256 bytes");
}

static void test_lookup_precedence(void **state)
{
	const char *text =
		"* * any-any\n"
		"* sstpd any-us\n"
		"alice * alice-any\n"
		"alice sstpd alice-us\n"
		"alice sstpd alice-second\n"
		"bob other bob-other\n";
	struct secrets s;
	char err[256];

	(void)state;
	assert_int_equal(secrets_parse(text, "users", &s, err, sizeof(err)), 0);
	assert_string_equal(secrets_lookup(&s, "alice", "sstpd")->secret, "alice-us");
	assert_string_equal(secrets_lookup(&s, "alice", "elsewhere")->secret, "alice-any");
	assert_string_equal(secrets_lookup(&s, "zed", "sstpd")->secret, "any-us");
	assert_string_equal(secrets_lookup(&s, "zed", "elsewhere")->secret, "any-any");
	/* bob's only entry is for another server. */
	assert_string_equal(secrets_lookup(&s, "bob", "sstpd")->secret, "any-us");
	secrets_free(&s);
}

static void test_lookup_domain(void **state)
{
	const char *text =
		"alice * alice-pw\n"
		"CORP\\bob * corp-bob\n"
		"bob * bob-pw\n";
	struct secrets s;
	char err[256];

	(void)state;
	assert_int_equal(secrets_parse(text, "users", &s, err, sizeof(err)), 0);
	assert_string_equal(s.entries[1].client, "CORP\\bob");
	assert_string_equal(secrets_lookup(&s, "CORP\\bob", "sstpd")->secret, "corp-bob");
	assert_string_equal(secrets_lookup(&s, "CORP\\alice", "sstpd")->secret, "alice-pw");
	assert_string_equal(secrets_lookup(&s, "OTHER\\bob", "sstpd")->secret, "bob-pw");
	assert_null(secrets_lookup(&s, "CORP\\carol", "sstpd"));
	assert_null(secrets_lookup(&s, "carol", "sstpd"));
	secrets_free(&s);
}

static void test_load_file(void **state)
{
	char path[] = "/tmp/sstp-secrets-XXXXXX";
	struct secrets s;
	char err[256];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "u * p 10.1.2.3\n", 15), 15);
	close(fd);
	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), 0);
	assert_int_equal(s.count, 1);
	secrets_free(&s);

	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "u * p\0x\n", 8), 8);
	close(fd);
	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "NUL byte"));
	unlink(path);

	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "No such file"));
}

/* A users file others may read or write is refused; the group may read it. */
static void test_load_refuses_open_file(void **state)
{
	char path[] = "/tmp/sstp-secrets-XXXXXX";
	char err[512], want[256];
	struct secrets s;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "u * p\n", 6), 6);
	close(fd);

	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), -EPERM);
	snprintf(want, sizeof(want), "users file %s is open to other users (mode 0644): chmod o-rw %s",
		 path, path);
	assert_string_equal(err, want);

	assert_int_equal(chmod(path, 0602), 0);
	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "(mode 0602)"));

	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(secrets_load(path, &s, err, sizeof(err)), 0);
	assert_int_equal(s.count, 1);
	secrets_free(&s);
	unlink(path);

	/* Not a regular file: a directory, a FIFO. */
	assert_int_equal(secrets_load("/tmp", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "users file /tmp: not a regular file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_lookup_precedence),
		cmocka_unit_test(test_lookup_domain),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_refuses_open_file),
	};

	return cmocka_run_group_tests_name("secrets", tests, NULL, NULL);
}
