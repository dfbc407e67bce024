// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP step: the requests real clients send, every refusal, incomplete and
 * oversized heads, the answers real servers send, and the heads we build.
 */
#include <limits.h>
#include <stdio.h>

#include "testutil.h"
#include "proto/http.h"
#include "sstp_wire.h"

#define LINE	SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.1\r\n"
/* Windows 7, byte for byte from the capture. */
#define WINDOWS_REQUEST LINE \
	"SSTPCORRELATIONID: {0D528CAC-464E-423A-A399-9470E234BC54}\r\n" \
	"Content-Length: 18446744073709551615\r\n" \
	"Host: n3zz-dc1.sstp-test.net\r\n\r\n"
/* sstpc 1.0.x: its correlation id is not a GUID. */
#define SSTPC_REQUEST LINE \
	"Host: vpn.example.org\r\n" \
	"Content-Length: 18446744073709551615\r\n" \
	"SSTPCORRELATIONID: {1A2B-3C-4D-5E6F}\r\n\r\n"
/* 21 Feb 2011 05:37:00 UTC, the Date of the capture's answer. */
#define CAPTURE_TIME	((time_t)1298266620)
#define CAPTURE_DATE	"Mon, 21 Feb 2011 05:37:00 GMT"

static int parse_req(const char *s, struct sstp_http_request *req)
{
	return sstp_http_parse_request(s, strlen(s), req);
}

static void expect_req_err(const char *s, int err)
{
	struct sstp_http_request req;

	assert_int_equal(parse_req(s, &req), err);
}

static void expect_resp(const char *s, int result, unsigned int status)
{
	struct sstp_http_response resp;

	assert_int_equal(sstp_http_parse_response(s, strlen(s), &resp), result);
	assert_int_equal(resp.status, status);
}

static void test_windows_request(void **state)
{
	struct sstp_http_request req;

	(void)state;
	assert_int_equal(parse_req(WINDOWS_REQUEST, &req),
			 strlen(WINDOWS_REQUEST));
	assert_true(req.has_host);
	assert_string_equal(req.host, "n3zz-dc1.sstp-test.net");
	assert_true(req.has_correlation_id);
	assert_string_equal(req.correlation_id,
			    "{0D528CAC-464E-423A-A399-9470E234BC54}");
}

static void test_sstpc_request(void **state)
{
	struct sstp_http_request req;

	(void)state;
	assert_int_equal(parse_req(SSTPC_REQUEST, &req), strlen(SSTPC_REQUEST));
	assert_string_equal(req.host, "vpn.example.org");
	assert_string_equal(req.correlation_id, "{1A2B-3C-4D-5E6F}");
}

/* No header is required; names are case-insensitive; OWS is trimmed. */
static void test_lenient_request(void **state)
{
	static const char odd[] = LINE "hOsT:\t  a.b:443 \t\r\n"
		"sstpcorrelationid:x\r\n"
		"X-Other: any thing: at all\r\n"
		"Empty:\r\n\r\n";
	struct sstp_http_request req;

	(void)state;
	assert_int_equal(parse_req(LINE "\r\n", &req), strlen(LINE) + 2);
	assert_false(req.has_host);
	assert_false(req.has_correlation_id);
	assert_int_equal(parse_req(odd, &req), strlen(odd));
	assert_string_equal(req.host, "a.b:443");
	assert_string_equal(req.correlation_id, "x");
}

/* What follows the head is SSTP, not part of the request. */
static void test_request_leftover(void **state)
{
	static const char in[] = WINDOWS_REQUEST "\x10\x01\x00\x0e";
	struct sstp_http_request req;

	(void)state;
	assert_int_equal(sstp_http_parse_request(in, sizeof(in) - 1, &req),
			 strlen(WINDOWS_REQUEST));
}

static void test_request_need_more(void **state)
{
	struct sstp_http_request req;
	size_t n, len = strlen(WINDOWS_REQUEST);

	(void)state;
	for (n = 0; n < len; n++)
		assert_int_equal(sstp_http_parse_request(WINDOWS_REQUEST, n,
							 &req),
				 SSTP_HTTP_NEED_MORE);
	assert_int_equal(sstp_http_parse_request(NULL, 0, &req),
			 SSTP_HTTP_NEED_MORE);
}

/* A head of exactly 4096 bytes is fine; one byte more is not. */
static void test_request_size_limit(void **state)
{
	static char buf[SSTP_HTTP_MAX_HEAD + 64];
	struct sstp_http_request req;
	size_t pad = SSTP_HTTP_MAX_HEAD - strlen(LINE "X: \r\n\r\n");

	(void)state;
	strcpy(buf, LINE "X: ");
	memset(buf + strlen(buf), 'a', pad);
	strcpy(buf + strlen(LINE "X: ") + pad, "\r\n\r\n");
	assert_int_equal(strlen(buf), SSTP_HTTP_MAX_HEAD);
	assert_int_equal(parse_req(buf, &req), SSTP_HTTP_MAX_HEAD);

	strcpy(buf + strlen(LINE "X: ") + pad, "a\r\n\r\n");
	assert_int_equal(parse_req(buf, &req), SSTP_HTTP_ERR_TOO_LARGE);
	/* Too large as soon as 4096 bytes hold no end, not at the end. */
	assert_int_equal(sstp_http_parse_request(buf, SSTP_HTTP_MAX_HEAD, &req),
			 SSTP_HTTP_ERR_TOO_LARGE);
	assert_int_equal(sstp_http_parse_request(buf, SSTP_HTTP_MAX_HEAD - 1,
						 &req),
			 SSTP_HTTP_NEED_MORE);
	/* One endless request line. */
	memset(buf, 'A', sizeof(buf));
	assert_int_equal(sstp_http_parse_request(buf, sizeof(buf), &req),
			 SSTP_HTTP_ERR_TOO_LARGE);
}

static void test_request_line_endings(void **state)
{
	(void)state;
	expect_req_err(SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.1\n\n",
		       SSTP_HTTP_ERR_LINE_ENDING);
	expect_req_err(LINE "Host: a\n\r\n", SSTP_HTTP_ERR_LINE_ENDING);
	expect_req_err(LINE "Host: a\rb\r\n\r\n", SSTP_HTTP_ERR_LINE_ENDING);
	expect_req_err(LINE "\r\r\n", SSTP_HTTP_ERR_LINE_ENDING);
	/* Caught before the head is complete. */
	expect_req_err("GET\n", SSTP_HTTP_ERR_LINE_ENDING);
}

static void test_request_line_malformed(void **state)
{
	static const char *const bad[] = {
		"\r\n",
		"\r\n" LINE "\r\n",	/* no empty line before the request */
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI "\r\n",
		SSTP_HTTP_METHOD "  " SSTP_HTTP_URI " HTTP/1.1\r\n",
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI "  HTTP/1.1\r\n",
		SSTP_HTTP_METHOD "\t" SSTP_HTTP_URI "\tHTTP/1.1\r\n",
		" " SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.1\r\n",
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.1 \r\n",
		SSTP_HTTP_METHOD " /sra\x01/ HTTP/1.1\r\n",
		SSTP_HTTP_METHOD " /sra\xc3\xa9/ HTTP/1.1\r\n",
		"SSTP(DUPLEX) " SSTP_HTTP_URI " HTTP/1.1\r\n",
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.10\r\n",
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI " http/1.1\r\n",
		SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_req_err(bad[i], SSTP_HTTP_ERR_REQUEST_LINE);
}

static void test_request_refusals(void **state)
{
	(void)state;
	expect_req_err(SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.0\r\n",
		       SSTP_HTTP_ERR_VERSION);
	expect_req_err(SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/2.0\r\n\r\n",
		       SSTP_HTTP_ERR_VERSION);
	expect_req_err("GET / HTTP/1.1\r\n\r\n",
		       SSTP_HTTP_ERR_METHOD_NOT_ALLOWED);
	expect_req_err("POST " SSTP_HTTP_URI " HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_METHOD_NOT_ALLOWED);
	expect_req_err("sstp_duplex_post " SSTP_HTTP_URI " HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_METHOD_UNKNOWN);
	expect_req_err("BREW " SSTP_HTTP_URI " HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_METHOD_UNKNOWN);
	expect_req_err(SSTP_HTTP_METHOD " / HTTP/1.1\r\n", SSTP_HTTP_ERR_URI);
	expect_req_err(SSTP_HTTP_METHOD
		       " /sra_{BA195980-CD49-458B-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_URI);
	expect_req_err(SSTP_HTTP_METHOD
		       " /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75} HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_URI);
	expect_req_err(SSTP_HTTP_METHOD " " SSTP_HTTP_URI "?a=b HTTP/1.1\r\n",
		       SSTP_HTTP_ERR_URI);
}

static void test_request_bad_headers(void **state)
{
	static const char *const bad[] = {
		LINE "Host a\r\n\r\n",			/* no colon */
		LINE ": a\r\n\r\n",			/* no name */
		LINE "Host : a\r\n\r\n",		/* space before colon */
		LINE "Ho st: a\r\n\r\n",
		LINE "Host: a\r\n b\r\n\r\n",		/* obs-fold */
		LINE "\tHost: a\r\n\r\n",
		LINE "X: a\x01" "b\r\n\r\n",		/* control character */
		LINE "X: a\x7f\r\n\r\n",
		LINE "X: \xc3\xa9\r\n\r\n",		/* not ASCII */
		LINE "Host: a b\r\n\r\n",		/* Host is one token */
		LINE "SSTPCORRELATIONID: {a\tb}\r\n\r\n",
	};
	/* A NUL is no more allowed than any other control character. */
	static const char nul[] = LINE "X: a\0b\r\n\r\n";
	struct sstp_http_request req;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_req(bad[i], &req), SSTP_HTTP_ERR_HEADER);
	assert_int_equal(sstp_http_parse_request(nul, sizeof(nul) - 1, &req),
			 SSTP_HTTP_ERR_HEADER);
}

static void test_request_duplicates(void **state)
{
	(void)state;
	expect_req_err(LINE "Host: a\r\nhost: a\r\n\r\n",
		       SSTP_HTTP_ERR_DUPLICATE_HEADER);
	expect_req_err(LINE "SSTPCORRELATIONID: a\r\n"
		       "SstpCorrelationId: b\r\n\r\n",
		       SSTP_HTTP_ERR_DUPLICATE_HEADER);
}

/* Values at the limit are kept whole; one more character is refused. */
static void test_request_value_limits(void **state)
{
	static char buf[1024], value[SSTP_HTTP_HOST_MAX + 2];
	struct sstp_http_request req;

	(void)state;
	memset(value, 'h', SSTP_HTTP_HOST_MAX);
	value[SSTP_HTTP_HOST_MAX] = '\0';
	snprintf(buf, sizeof(buf), LINE "Host: %s\r\n\r\n", value);
	assert_true(parse_req(buf, &req) > 0);
	assert_string_equal(req.host, value);
	value[SSTP_HTTP_HOST_MAX] = 'h';
	value[SSTP_HTTP_HOST_MAX + 1] = '\0';
	snprintf(buf, sizeof(buf), LINE "Host: %s\r\n\r\n", value);
	expect_req_err(buf, SSTP_HTTP_ERR_VALUE_TOO_LONG);

	value[SSTP_HTTP_CORRELATION_ID_MAX] = '\0';
	snprintf(buf, sizeof(buf), LINE "SSTPCORRELATIONID: %s\r\n\r\n", value);
	assert_true(parse_req(buf, &req) > 0);
	assert_string_equal(req.correlation_id, value);
	value[SSTP_HTTP_CORRELATION_ID_MAX] = 'h';
	value[SSTP_HTTP_CORRELATION_ID_MAX + 1] = '\0';
	snprintf(buf, sizeof(buf), LINE "SSTPCORRELATIONID: %s\r\n\r\n", value);
	expect_req_err(buf, SSTP_HTTP_ERR_VALUE_TOO_LONG);
}

static void test_err_status(void **state)
{
	(void)state;
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_NEED_MORE), 0);
	assert_int_equal(sstp_http_err_status(42), 0);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_VERSION), 505);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_METHOD_NOT_ALLOWED),
			 405);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_METHOD_UNKNOWN), 501);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_URI), 404);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_TOO_LARGE), 400);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_HEADER), 400);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_REQUEST_LINE), 400);
	assert_int_equal(sstp_http_err_status(SSTP_HTTP_ERR_LINE_ENDING), 400);
}

static void test_strerror(void **state)
{
	int i, j;

	(void)state;
	for (i = SSTP_HTTP_ERR_LAST; i <= 0; i++) {
		assert_string_not_equal(sstp_http_strerror(i), "unknown error");
		for (j = SSTP_HTTP_ERR_LAST; j < i; j++)
			assert_string_not_equal(sstp_http_strerror(i),
						sstp_http_strerror(j));
	}
	assert_string_equal(sstp_http_strerror(SSTP_HTTP_ERR_LAST - 1),
			    "unknown error");
	assert_string_equal(sstp_http_strerror(1), "unknown error");
}

/* Windows RRAS (empty reason), SoftEther, accel-ppp, and no reason at all. */
static void test_server_answers(void **state)
{
	static const char *const ok[] = {
		"HTTP/1.1 200 \r\nContent-Length: 18446744073709551615\r\n"
		"Server: Microsoft-HTTPAPI/2.0\r\nDate: " CAPTURE_DATE "\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n"
		"Date: " CAPTURE_DATE "\r\nServer: SoftEther\r\n\r\n",
		"HTTP/1.1 200 OK\r\nDate: " CAPTURE_DATE "\r\n"
		"content-length: 18446744073709551615\r\n"
		"Connection: keep-alive\r\n\r\n",
		"HTTP/1.1 200\r\n\r\n",
		"HTTP/1.1 200 Fine by me\r\n\r\n",
	};
	struct sstp_http_response resp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(sstp_http_parse_response(ok[i], strlen(ok[i]),
							  &resp),
				 strlen(ok[i]));
		assert_int_equal(resp.status, 200);
		assert_int_equal(resp.has_content_length, i < 3);
	}
	for (i = 0; i < strlen(ok[0]); i++)
		assert_int_equal(sstp_http_parse_response(ok[0], i, &resp),
				 SSTP_HTTP_NEED_MORE);
}

static void test_server_refusals(void **state)
{
	static char big[SSTP_HTTP_MAX_HEAD + 1];

	(void)state;
	expect_resp("HTTP/1.1 404 Not Found\r\n", SSTP_HTTP_ERR_STATUS, 404);
	expect_resp("HTTP/1.1 301 Moved\r\nLocation: /\r\n\r\n",
		    SSTP_HTTP_ERR_STATUS, 301);
	expect_resp("HTTP/1.1 201 Created\r\n\r\n", SSTP_HTTP_ERR_STATUS, 201);
	expect_resp("HTTP/1.0 200 OK\r\n\r\n", SSTP_HTTP_ERR_VERSION, 0);
	expect_resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		    SSTP_HTTP_ERR_CONTENT_LENGTH, 200);
	expect_resp("HTTP/1.1 200 OK\r\nContent-Length: 018446744073709551615"
		    "\r\n\r\n", SSTP_HTTP_ERR_CONTENT_LENGTH, 200);
	expect_resp("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n"
		    "Content-Length: 18446744073709551615\r\n\r\n",
		    SSTP_HTTP_ERR_DUPLICATE_HEADER, 200);
	expect_resp("HTTP/1.1 200 OK\r\nServer : x\r\n\r\n",
		    SSTP_HTTP_ERR_HEADER, 200);
	expect_resp("HTTP/1.1 200 OK\nServer: x\r\n\r\n",
		    SSTP_HTTP_ERR_LINE_ENDING, 0);
	expect_resp("HTTP/1.1 20 OK\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1 2000\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1 200OK\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1 2x0 OK\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1  200 OK\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("HTTP/1.1 200 O\x01K\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	expect_resp("SSTP/1.1 200 OK\r\n", SSTP_HTTP_ERR_STATUS_LINE, 0);
	memset(big, 'x', SSTP_HTTP_MAX_HEAD);
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	expect_resp(big, SSTP_HTTP_ERR_TOO_LARGE, 200);
}

static void test_build_response(void **state)
{
	static const char want[] =
		"HTTP/1.1 200 OK\r\n"
		"Content-Length: 18446744073709551615\r\n"
		"Date: " CAPTURE_DATE "\r\n\r\n";
	struct sstp_http_response resp;
	char buf[256];

	(void)state;
	assert_int_equal(sstp_http_build_response(buf, sizeof(buf),
						  CAPTURE_TIME),
			 strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(sstp_http_parse_response(buf, strlen(buf), &resp),
			 strlen(want));
	assert_true(resp.has_content_length);

	/* The NUL needs room too. */
	assert_int_equal(sstp_http_build_response(buf, strlen(want), CAPTURE_TIME),
			 SSTP_HTTP_ERR_NOSPACE);
	assert_int_equal(sstp_http_build_response(buf, strlen(want) + 1,
						  CAPTURE_TIME),
			 strlen(want));
	assert_int_equal(sstp_http_build_response(buf, 0, CAPTURE_TIME),
			 SSTP_HTTP_ERR_NOSPACE);
}

/* IMF-fixdate across the calendar, whatever the locale. */
static void test_dates(void **state)
{
	static const struct {
		time_t t;
		const char *date;
	} cases[] = {
		{ 0, "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ 951782400, "Tue, 29 Feb 2000 00:00:00 GMT" },
		{ 1700000000, "Tue, 14 Nov 2023 22:13:20 GMT" },
		{ 253402300799, "Fri, 31 Dec 9999 23:59:59 GMT" },
		{ -1, "Wed, 31 Dec 1969 23:59:59 GMT" },
	};
	char buf[256], want[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "HTTP/1.1 200 OK\r\n"
			 "Content-Length: 18446744073709551615\r\n"
			 "Date: %s\r\n\r\n", cases[i].date);
		assert_true(sstp_http_build_response(buf, sizeof(buf),
						     cases[i].t) > 0);
		assert_string_equal(buf, want);
	}
	assert_int_equal(sstp_http_build_response(buf, sizeof(buf),
						  253402300800),
			 SSTP_HTTP_ERR_TIME);
	assert_int_equal(sstp_http_build_response(buf, sizeof(buf),
						  (time_t)LLONG_MAX),
			 SSTP_HTTP_ERR_TIME);
	assert_int_equal(sstp_http_build_refusal(buf, sizeof(buf), 400,
						 (time_t)LLONG_MIN),
			 SSTP_HTTP_ERR_TIME);
}

static void test_build_refusals(void **state)
{
	static const struct {
		unsigned int status;
		const char *line, *extra;
	} cases[] = {
		{ 400, "400 Bad Request", "" },
		{ 404, "404 Not Found", "" },
		{ 405, "405 Method Not Allowed", "Allow: SSTP_DUPLEX_POST\r\n" },
		{ 501, "501 Not Implemented", "" },
		{ 505, "505 HTTP Version Not Supported", "" },
	};
	struct sstp_http_response resp;
	char buf[256], want[256];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = snprintf(want, sizeof(want), "HTTP/1.1 %s\r\n"
			     "Date: " CAPTURE_DATE "\r\n%s"
			     "Content-Length: 0\r\nConnection: close\r\n\r\n",
			     cases[i].line, cases[i].extra);
		assert_int_equal(sstp_http_build_refusal(buf, sizeof(buf),
							 cases[i].status,
							 CAPTURE_TIME), n);
		assert_string_equal(buf, want);
		assert_int_equal(sstp_http_parse_response(buf, (size_t)n, &resp),
				 SSTP_HTTP_ERR_STATUS);
		assert_int_equal(resp.status, cases[i].status);
		assert_int_equal(sstp_http_build_refusal(buf, (size_t)n,
							 cases[i].status,
							 CAPTURE_TIME),
				 SSTP_HTTP_ERR_NOSPACE);
	}
	assert_int_equal(sstp_http_build_refusal(buf, sizeof(buf), 200,
						 CAPTURE_TIME),
			 SSTP_HTTP_ERR_REFUSAL_STATUS);
	assert_int_equal(sstp_http_build_refusal(buf, sizeof(buf), 302,
						 CAPTURE_TIME),
			 SSTP_HTTP_ERR_REFUSAL_STATUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_request),
		cmocka_unit_test(test_sstpc_request),
		cmocka_unit_test(test_lenient_request),
		cmocka_unit_test(test_request_leftover),
		cmocka_unit_test(test_request_need_more),
		cmocka_unit_test(test_request_size_limit),
		cmocka_unit_test(test_request_line_endings),
		cmocka_unit_test(test_request_line_malformed),
		cmocka_unit_test(test_request_refusals),
		cmocka_unit_test(test_request_bad_headers),
		cmocka_unit_test(test_request_duplicates),
		cmocka_unit_test(test_request_value_limits),
		cmocka_unit_test(test_err_status),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_server_answers),
		cmocka_unit_test(test_server_refusals),
		cmocka_unit_test(test_build_response),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_build_refusals),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
