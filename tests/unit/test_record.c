// SPDX-License-Identifier: GPL-2.0
/* Control socket records and request lines (docs/control.md). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/ctl.h"
#include "lib/record.h"

static void test_round_trip_with_escapes(void **state)
{
	char buf[256];
	struct record r;
	struct record_fields f;

	(void)state;
	record_begin(&r, buf, sizeof(buf), "session");
	record_u64(&r, "id", 42);
	record_str(&r, "user", "tab\there\nnew\\line");
	record_str(&r, "inner", "");
	record_u64(&r, "rx_bytes", 18446744073709551615ull);
	assert_true(record_end(&r));
	assert_int_equal(buf[r.len - 1], '\n');
	assert_null(memchr(buf, '\n', r.len - 1));
	buf[r.len - 1] = '\0';

	assert_int_equal(record_parse(buf, &f), 0);
	assert_string_equal(f.kind, "session");
	assert_int_equal(f.count, 4);
	assert_string_equal(record_get(&f, "id"), "42");
	assert_string_equal(record_get(&f, "user"), "tab\there\nnew\\line");
	assert_string_equal(record_get(&f, "inner"), "");
	assert_string_equal(record_get(&f, "rx_bytes"), "18446744073709551615");
	assert_null(record_get(&f, "outer"));
}

static void test_overflow_gives_nothing(void **state)
{
	char buf[16];
	struct record r;

	(void)state;
	record_begin(&r, buf, sizeof(buf), "session");
	record_str(&r, "user", "a-name-too-long-for-the-buffer");
	assert_false(record_end(&r));
	assert_int_equal(r.len, 0);
}

static void test_parse_errors(void **state)
{
	char no_equals[] = "session\tid";
	char empty_key[] = "session\t=3";
	char bad_escape[] = "session\tuser=a\\x";
	char bare_kind[] = "end";
	struct record_fields f;

	(void)state;
	assert_int_equal(record_parse(no_equals, &f), -EINVAL);
	assert_int_equal(record_parse(empty_key, &f), -EINVAL);
	assert_int_equal(record_parse(bad_escape, &f), -EINVAL);
	assert_int_equal(record_parse(bare_kind, &f), 0);
	assert_string_equal(f.kind, "end");
	assert_int_equal(f.count, 0);
}

static void test_requests(void **state)
{
	char show[] = "show", show_user[] = "show alice", kill[] = "kill 7";
	char kill_all[] = "kill", status_arg[] = "status now", two[] = "show a b";
	char unknown[] = "restart", monitor[] = "monitor", empty_arg[] = "show ";
	struct ctl_request req;
	const char *why;

	(void)state;
	assert_int_equal(ctl_request_parse(show, &req, &why), 0);
	assert_int_equal(req.command, CTL_SHOW);
	assert_null(req.target);
	assert_int_equal(ctl_request_parse(show_user, &req, &why), 0);
	assert_string_equal(req.target, "alice");
	assert_int_equal(ctl_request_parse(kill, &req, &why), 0);
	assert_int_equal(req.command, CTL_KILL);
	assert_string_equal(req.target, "7");
	assert_int_equal(ctl_request_parse(monitor, &req, &why), 0);
	assert_int_equal(req.command, CTL_MONITOR);

	assert_int_equal(ctl_request_parse(kill_all, &req, &why), -EINVAL);
	assert_string_equal(why, "this request needs a session id or user name");
	assert_int_equal(ctl_request_parse(status_arg, &req, &why), -EINVAL);
	assert_int_equal(ctl_request_parse(two, &req, &why), -EINVAL);
	assert_int_equal(ctl_request_parse(empty_arg, &req, &why), -EINVAL);
	assert_int_equal(ctl_request_parse(unknown, &req, &why), -EINVAL);
	assert_string_equal(why, "unknown request (show, kill, status, reload, monitor)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_with_escapes),
		cmocka_unit_test(test_overflow_gives_nothing),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_requests),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
