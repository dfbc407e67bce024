// SPDX-License-Identifier: GPL-2.0
/* sstpd's settings: defaults, file, command line, and their error messages. */

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/config.h"

static char *write_temp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/sstpd-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults(void **state)
{
	struct config c;
	struct sockaddr_in *sin = (struct sockaddr_in *)&c.listen;

	(void)state;
	config_init(&c);
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 443);
	assert_int_equal(c.auth_count, 1);
	assert_int_equal(c.auth[0], CONFIG_AUTH_MSCHAPV2);
	assert_int_equal(c.datapath, CONFIG_DATAPATH_AUTO);
	assert_string_equal(c.pool, "10.99.0.0/24");
	assert_null(c.cert_path);
	assert_null(c.users_path);
	config_free(&c);
}

static void test_file_then_options(void **state)
{
	char *path = write_temp(
		"# a comment\n"
		"listen = [::1]:8443\n"
		"pool = 10.8.0.0/24   # trailing comment\n"
		"dns = 192.0.2.53, 192.0.2.54\n"
		"auth = pap, mschapv2\n"
		"datapath = user\n"
		"\n"
		"mru=1400\n");
	char *argv[] = { "sstpd", "--pool", "10.9.0.0/16", "-c", path, "-f",
			 "--auth", "chap", NULL };
	struct sockaddr_in6 *sin6;
	struct config c;
	char err[256];

	(void)state;
	config_init(&c);
	assert_int_equal(config_from_args(&c, 8, argv, err, sizeof(err)), 0);
	sin6 = (struct sockaddr_in6 *)&c.listen;
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 8443);
	assert_string_equal(c.pool, "10.9.0.0/16");	/* the option wins */
	assert_int_equal(c.dns_count, 2);
	assert_string_equal(inet_ntoa(c.dns[1]), "192.0.2.54");
	assert_int_equal(c.auth_count, 1);
	assert_int_equal(c.auth[0], CONFIG_AUTH_CHAP);
	assert_int_equal(c.datapath, CONFIG_DATAPATH_USER);
	assert_int_equal(c.mru, 1400);
	assert_true(c.foreground);
	config_free(&c);
	unlink(path);
}

static void expect_file_error(const char *text, const char *suffix)
{
	char *path = write_temp(text);
	char err[256], expected[320];
	struct config c;

	config_init(&c);
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -EINVAL);
	snprintf(expected, sizeof(expected), "%s:%s", path, suffix);
	assert_string_equal(err, expected);
	config_free(&c);
	unlink(path);
}

static void test_file_errors(void **state)
{
	(void)state;
	expect_file_error("listen = 0.0.0.0:443\npool = 10.8.0.0\n",
			  "2: pool: not an IPv4 prefix (ADDRESS/LENGTH): '10.8.0.0'");
	expect_file_error("colour = blue\n", "1: unknown key: 'colour'");
	expect_file_error("just words\n", "1: expected 'key = value': 'just words'");
	expect_file_error("auth = mschapv2, telnet\n",
			  "1: auth: not a list of mschapv2, chap, pap: 'telnet'");
	expect_file_error("auth = pap,pap\n", "1: auth: method listed twice: 'pap'");
	expect_file_error("auth =\n", "1: auth: not a list of mschapv2, chap, pap: ''");
	expect_file_error("dns = 1.1.1.1, 8.8.8.8, 9.9.9.9\n",
			  "1: dns: at most 2 servers: '1.1.1.1, 8.8.8.8, 9.9.9.9'");
	expect_file_error("dns = 1.1.1.x\n", "1: dns: not an IPv4 address: '1.1.1.x'");
	expect_file_error("listen = 1.2.3.4:99999\n", "1: listen: not ADDRESS[:PORT]: '1.2.3.4:99999'");
	expect_file_error("listen = [::1\n", "1: listen: not ADDRESS[:PORT]: '[::1'");
	expect_file_error("mru = 5000\n", "1: mru: not a number from 576 to 4087: '5000'");
	expect_file_error("mru = -1\n", "1: mru: not a number from 576 to 4087: '-1'");
	expect_file_error("datapath = fast\n",
			  "1: datapath: not one of auto, kernel, user: 'fast'");
	expect_file_error("ipv6 = maybe\n", "1: ipv6: not yes or no: 'maybe'");
	expect_file_error("cert =\n", "1: cert: empty path: ''");
	expect_file_error("tls-version = 1.1\n",
			  "1: tls-version: not one of auto, 1.2, 1.3: '1.1'");
	expect_file_error("ciphers = NO-SUCH-CIPHER\n",
			  "1: ciphers: OpenSSL knows no TLS 1.2 cipher in it: 'NO-SUCH-CIPHER'");
	expect_file_error("ciphersuites = TLS_NOPE\n",
			  "1: ciphersuites: OpenSSL knows no TLS 1.3 suite in it: 'TLS_NOPE'");
}

/* The TLS choices tests use to pick one version and one cipher per run. */
static void test_tls_choices(void **state)
{
	char *path = write_temp("tls-version = 1.2\n"
				"ciphers = ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305\n");
	char *argv[] = { "sstpd", "-c", path, "--ciphersuites", "TLS_AES_128_GCM_SHA256", NULL };
	struct config c;
	char err[256];

	(void)state;
	config_init(&c);
	assert_int_equal(c.tls_version, 0);
	assert_null(c.ciphers);
	assert_null(c.ciphersuites);
	assert_int_equal(config_from_args(&c, 5, argv, err, sizeof(err)), 0);
	assert_int_equal(c.tls_version, 0x0303);
	assert_string_equal(c.ciphers, "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305");
	assert_string_equal(c.ciphersuites, "TLS_AES_128_GCM_SHA256");
	assert_int_equal(config_set(&c, "tls-version", "1.3", "t", err, sizeof(err)), 0);
	assert_int_equal(c.tls_version, 0x0304);
	assert_int_equal(config_set(&c, "tls-version", "auto", "t", err, sizeof(err)), 0);
	assert_int_equal(c.tls_version, 0);
	config_free(&c);
	unlink(path);
}

static void test_option_errors(void **state)
{
	char *bad_value[] = { "sstpd", "--listen", "nowhere", NULL };
	char *unknown[] = { "sstpd", "--colour", "blue", NULL };
	char *extra[] = { "sstpd", "stray", NULL };
	char *half_tls[] = { "sstpd", "--cert", "/etc/c.pem", NULL };
	char *missing_file[] = { "sstpd", "--config", "/nonexistent/sstpd.conf", NULL };
	struct config c;
	char err[256];

	(void)state;
	config_init(&c);
	assert_int_equal(config_from_args(&c, 3, bad_value, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "--listen: listen: not ADDRESS[:PORT]: 'nowhere'");
	config_free(&c);

	config_init(&c);
	assert_int_equal(config_from_args(&c, 3, unknown, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown option or missing value: '--colour'");
	config_free(&c);

	config_init(&c);
	assert_int_equal(config_from_args(&c, 2, extra, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unexpected argument: 'stray'");
	config_free(&c);

	config_init(&c);
	assert_int_equal(config_from_args(&c, 3, half_tls, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "--cert and --key go together: '/etc/c.pem'");
	config_free(&c);

	config_init(&c);
	assert_int_equal(config_from_args(&c, 3, missing_file, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/sstpd.conf: No such file or directory");
	config_free(&c);
}

/* The documented example is valid and says what the defaults are. */
static void test_documented_example(void **state)
{
	struct config file, defaults;
	char err[256];

	(void)state;
	config_init(&file);
	config_init(&defaults);
	assert_int_equal(config_load_file(&file, "docs/sstpd.conf", err, sizeof(err)), 0);
	assert_string_equal(file.listen_text, defaults.listen_text);
	assert_string_equal(file.pool, defaults.pool);
	assert_string_equal(file.state_dir, defaults.state_dir);
	assert_string_equal(file.server_name, defaults.server_name);
	assert_int_equal(file.auth_count, defaults.auth_count);
	assert_int_equal(file.auth[0], defaults.auth[0]);
	assert_int_equal(file.datapath, defaults.datapath);
	assert_int_equal(file.mru, defaults.mru);
	assert_int_equal(file.ipv6, defaults.ipv6);
	assert_int_equal(file.max_sessions, defaults.max_sessions);
	assert_int_equal(file.log_level, defaults.log_level);
	assert_int_equal(file.tls_version, defaults.tls_version);
	config_free(&file);
	config_free(&defaults);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_then_options),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_tls_choices),
		cmocka_unit_test(test_documented_example),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
