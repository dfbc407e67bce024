/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP step before SSTP ([MS-SSTP] 2.2.2, 2.2.3, 3.2.4.1): the client's
 * SSTP_DUPLEX_POST request and the server's answer.  No I/O: parsers take
 * what has arrived so far and say whether the head is complete.
 */
#ifndef SSTPD_HTTP_H
#define SSTPD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A request or response head, CRLF CRLF included, never exceeds this. */
#define SSTP_HTTP_MAX_HEAD		4096
/* A 253-byte DNS name and ":65535". */
#define SSTP_HTTP_HOST_MAX		259
/* A braced GUID is 38; leave room for clients' own formats. */
#define SSTP_HTTP_CORRELATION_ID_MAX	64

/*
 * Parsers return the head's length (> 0) when it is complete and well formed,
 * SSTP_HTTP_NEED_MORE while it may still become so, or a negative error.
 */
enum sstp_http_err {
	SSTP_HTTP_NEED_MORE			= 0,
	SSTP_HTTP_ERR_TOO_LARGE			= -1,	/* no CRLF CRLF in 4 KiB */
	SSTP_HTTP_ERR_LINE_ENDING		= -2,	/* bare CR or LF */
	SSTP_HTTP_ERR_REQUEST_LINE		= -3,	/* malformed request line */
	SSTP_HTTP_ERR_VERSION			= -4,	/* not HTTP/1.1 */
	SSTP_HTTP_ERR_METHOD_NOT_ALLOWED	= -5,	/* a standard method */
	SSTP_HTTP_ERR_METHOD_UNKNOWN		= -6,	/* any other method */
	SSTP_HTTP_ERR_URI			= -7,	/* not the SSTP URI */
	SSTP_HTTP_ERR_HEADER			= -8,	/* malformed header line */
	SSTP_HTTP_ERR_DUPLICATE_HEADER		= -9,
	SSTP_HTTP_ERR_VALUE_TOO_LONG		= -10,	/* Host or correlation id */
	SSTP_HTTP_ERR_STATUS_LINE		= -11,	/* malformed status line */
	SSTP_HTTP_ERR_STATUS			= -12,	/* status other than 200 */
	SSTP_HTTP_ERR_CONTENT_LENGTH		= -13,	/* not 2^64 - 1 */
	SSTP_HTTP_ERR_NOSPACE			= -14,	/* build: buffer too small */
	SSTP_HTTP_ERR_TIME			= -15,	/* build: date not printable */
	SSTP_HTTP_ERR_REFUSAL_STATUS		= -16,	/* build: no such refusal */
};
#define SSTP_HTTP_ERR_LAST			SSTP_HTTP_ERR_REFUSAL_STATUS

/* What the server keeps from a request: values are NUL-terminated ASCII. */
struct sstp_http_request {
	bool has_host;
	char host[SSTP_HTTP_HOST_MAX + 1];
	bool has_correlation_id;
	char correlation_id[SSTP_HTTP_CORRELATION_ID_MAX + 1];
};

/* What a client needs from the answer; status is set once it is parsed. */
struct sstp_http_response {
	unsigned int status;
	bool has_content_length;
};

/*
 * Each call parses buf[0..len), all that has arrived, from its start: call
 * again when more arrives.  Bytes after the head belong to SSTP.
 */
int sstp_http_parse_request(const char *buf, size_t len,
			    struct sstp_http_request *req);
int sstp_http_parse_response(const char *buf, size_t len,
			     struct sstp_http_response *resp);

/*
 * Builders write a head and a terminating NUL to buf (size bytes) and return
 * the head's length, without the NUL, or a negative error.  now is the time
 * for the Date header.
 */
int sstp_http_build_response(char *buf, size_t size, time_t now);
/* status: 400, 404, 405, 501 or 505; the connection is to be closed. */
int sstp_http_build_refusal(char *buf, size_t size, unsigned int status,
			    time_t now);

/* The refusal status answering request parse error err (0 if none). */
unsigned int sstp_http_err_status(int err);
const char *sstp_http_strerror(int err);

#endif /* SSTPD_HTTP_H */
