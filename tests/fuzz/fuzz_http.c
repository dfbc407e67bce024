// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the HTTP step: the input goes to both the request and the
 * response parser.  Besides memory safety it checks what callers rely on:
 * a complete head ends in CRLF CRLF within 4 KiB and depends on no byte after
 * it, a prefix of the input never turns an answer into a different one, kept
 * values are printable tokens, and every refusal built parses as a refusal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/http.h"

typedef int (*parse_fn)(const char *buf, size_t len, void *out);

static int parse_req(const char *buf, size_t len, void *out)
{
	return sstp_http_parse_request(buf, len, out);
}

static int parse_resp(const char *buf, size_t len, void *out)
{
	return sstp_http_parse_response(buf, len, out);
}

/* Nul-terminated within max, printable ASCII without white space. */
static void check_token(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n > max)
		abort();
	while (n--)
		if (s[n] <= 0x20 || s[n] >= 0x7f)
			abort();
}

static void check_parser(parse_fn parse, const char *buf, size_t len,
			 void *out, void *scratch)
{
	int r = parse(buf, len, out), again;

	if (r < SSTP_HTTP_ERR_LAST || r > (int)len || r > SSTP_HTTP_MAX_HEAD ||
	    (r <= 0 && !strcmp(sstp_http_strerror(r), "unknown error")))
		abort();
	if (r == SSTP_HTTP_NEED_MORE && len >= SSTP_HTTP_MAX_HEAD)
		abort();
	if (r > 0) {
		if (r < 4 || memcmp(buf + r - 4, "\r\n\r\n", 4) ||
		    parse(buf, (size_t)r, scratch) != r ||
		    parse(buf, (size_t)r - 1, scratch) != SSTP_HTTP_NEED_MORE)
			abort();
		return;
	}
	if (r == SSTP_HTTP_ERR_TOO_LARGE || len == 0)
		return;
	/* A prefix has not seen the trouble yet, or sees the same. */
	again = parse(buf, len / 2, scratch);
	if (again != SSTP_HTTP_NEED_MORE && again != r)
		abort();
}

/* Whatever refusal a request error asks for must build and read back. */
static void check_refusal(int err, time_t now)
{
	static char buf[512];
	struct sstp_http_response resp;
	unsigned int status = sstp_http_err_status(err);
	int n;

	if (err >= 0) {
		if (status != 0)
			abort();
		return;
	}
	n = sstp_http_build_refusal(buf, sizeof(buf), status, now);
	if (n == SSTP_HTTP_ERR_TIME)
		return;
	if (n <= 0 || sstp_http_parse_response(buf, (size_t)n, &resp) !=
	    SSTP_HTTP_ERR_STATUS || resp.status != status)
		abort();
}

static void check_response_build(time_t now)
{
	static char buf[512];
	struct sstp_http_response resp;
	int n = sstp_http_build_response(buf, sizeof(buf), now);

	if (n == SSTP_HTTP_ERR_TIME)
		return;
	if (n <= 0 || sstp_http_parse_response(buf, (size_t)n, &resp) != n ||
	    resp.status != 200 || !resp.has_content_length)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sstp_http_request req, req2;
	struct sstp_http_response resp, resp2;
	const char *buf = (const char *)data;
	int64_t t = 0;
	int r;

	check_parser(parse_req, buf, size, &req, &req2);
	check_parser(parse_resp, buf, size, &resp, &resp2);

	r = sstp_http_parse_request(buf, size, &req);
	if (r > 0) {
		if (req.has_host)
			check_token(req.host, SSTP_HTTP_HOST_MAX);
		if (req.has_correlation_id)
			check_token(req.correlation_id,
				    SSTP_HTTP_CORRELATION_ID_MAX);
	}
	if (size > 0)
		memcpy(&t, data, size < sizeof(t) ? size : sizeof(t));
	check_refusal(r, (time_t)t);
	check_response_build((time_t)t);
	return 0;
}
