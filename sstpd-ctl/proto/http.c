// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP step.  Parsing is line by line over whatever has arrived, so a bad
 * request line is refused at once rather than after 4 KiB or a timeout.  It
 * follows RFC 9112 strictly (CRLF only, no obs-fold, no space before the
 * colon, ASCII only) yet requires nothing real clients omit: Content-Length,
 * Host or a well-formed correlation GUID (see PROTOCOL.md §1).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proto/http.h"
#include "sstp_wire.h"

#define HTTP_VERSION	"HTTP/1.1"

/* A piece of the buffer; not NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

/* Walks the complete lines of a head without reading past its limit. */
struct head {
	const char *buf;
	size_t len;	/* bytes available */
	size_t end;	/* bytes we may look at */
	size_t off;	/* start of the next line */
};

static const char *const err_names[] = {
	[0]					= "incomplete",
	[-SSTP_HTTP_ERR_TOO_LARGE]		= "head larger than 4096 bytes",
	[-SSTP_HTTP_ERR_LINE_ENDING]		= "bare CR or LF",
	[-SSTP_HTTP_ERR_REQUEST_LINE]		= "malformed request line",
	[-SSTP_HTTP_ERR_VERSION]		= "HTTP version not 1.1",
	[-SSTP_HTTP_ERR_METHOD_NOT_ALLOWED]	= "method not allowed",
	[-SSTP_HTTP_ERR_METHOD_UNKNOWN]		= "unknown method",
	[-SSTP_HTTP_ERR_URI]			= "not the SSTP URI",
	[-SSTP_HTTP_ERR_HEADER]			= "malformed header line",
	[-SSTP_HTTP_ERR_DUPLICATE_HEADER]	= "duplicate header",
	[-SSTP_HTTP_ERR_VALUE_TOO_LONG]		= "header value too long",
	[-SSTP_HTTP_ERR_STATUS_LINE]		= "malformed status line",
	[-SSTP_HTTP_ERR_STATUS]			= "status not 200",
	[-SSTP_HTTP_ERR_CONTENT_LENGTH]		= "Content-Length not 2^64-1",
	[-SSTP_HTTP_ERR_NOSPACE]		= "output buffer too small",
	[-SSTP_HTTP_ERR_TIME]			= "time not representable",
	[-SSTP_HTTP_ERR_REFUSAL_STATUS]		= "no refusal for this status",
};

/* Methods of RFC 9110 and 5789: a client that knows HTTP, so 405. */
static const char *const std_methods[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
	"TRACE", "PATCH",
};

static const char *const wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

const char *sstp_http_strerror(int err)
{
	if (err > 0 || err < SSTP_HTTP_ERR_LAST)
		return "unknown error";
	return err_names[-err];
}

unsigned int sstp_http_err_status(int err)
{
	switch (err) {
	case SSTP_HTTP_NEED_MORE:
		return 0;
	case SSTP_HTTP_ERR_VERSION:
		return 505;
	case SSTP_HTTP_ERR_METHOD_NOT_ALLOWED:
		return 405;
	case SSTP_HTTP_ERR_METHOD_UNKNOWN:
		return 501;
	case SSTP_HTTP_ERR_URI:
		return 404;
	default:
		return err > 0 ? 0 : 400;
	}
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Visible ASCII, no space. */
static bool is_vchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

/* tchar of RFC 9110 5.6.2. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c))
		return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool span_is(struct span s, const char *str)
{
	return s.len == strlen(str) && memcmp(s.p, str, s.len) == 0;
}

static bool span_is_nocase(struct span s, const char *str)
{
	return s.len == strlen(str) && strncasecmp(s.p, str, s.len) == 0;
}

static void head_init(struct head *h, const char *buf, size_t len)
{
	h->buf = buf;
	h->len = len;
	h->end = len < SSTP_HTTP_MAX_HEAD ? len : SSTP_HTTP_MAX_HEAD;
	h->off = 0;
}

/*
 * Returns 1 with the next line (CRLF excluded) in *line, NEED_MORE if it has
 * not fully arrived, or an error.
 */
static int head_line(struct head *h, struct span *line)
{
	size_t i;

	for (i = h->off; i < h->end; i++) {
		if (h->buf[i] == '\n')
			return SSTP_HTTP_ERR_LINE_ENDING;
		if (h->buf[i] != '\r')
			continue;
		if (i + 1 == h->end)
			break;
		if (h->buf[i + 1] != '\n')
			return SSTP_HTTP_ERR_LINE_ENDING;
		line->p = h->buf + h->off;
		line->len = i - h->off;
		h->off = i + 2;
		return 1;
	}
	return h->len >= SSTP_HTTP_MAX_HEAD ? SSTP_HTTP_ERR_TOO_LARGE :
					      SSTP_HTTP_NEED_MORE;
}

/* Cuts *s at the first space: returns what precedes it, *s keeps the rest. */
static bool span_cut(struct span *s, struct span *word)
{
	const char *sp = memchr(s->p, ' ', s->len);

	if (!sp)
		return false;
	word->p = s->p;
	word->len = (size_t)(sp - s->p);
	s->len -= word->len + 1;
	s->p = sp + 1;
	return true;
}

/* "HTTP/" DIGIT "." DIGIT */
static bool is_http_version(struct span v)
{
	return v.len == 8 && memcmp(v.p, "HTTP/", 5) == 0 &&
	       is_digit((unsigned char)v.p[5]) && v.p[6] == '.' &&
	       is_digit((unsigned char)v.p[7]);
}

static bool all_chars(struct span s, bool (*ok)(unsigned char))
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (!ok((unsigned char)s.p[i]))
			return false;
	return true;
}

static int check_method(struct span method)
{
	size_t i;

	if (span_is(method, SSTP_HTTP_METHOD))
		return 0;
	for (i = 0; i < sizeof(std_methods) / sizeof(std_methods[0]); i++)
		if (span_is(method, std_methods[i]))
			return SSTP_HTTP_ERR_METHOD_NOT_ALLOWED;
	return SSTP_HTTP_ERR_METHOD_UNKNOWN;
}

/* method SP request-target SP HTTP-version */
static int parse_request_line(struct span line)
{
	struct span method, uri, version = line;
	int err;

	if (!span_cut(&version, &method) || !span_cut(&version, &uri))
		return SSTP_HTTP_ERR_REQUEST_LINE;
	if (method.len == 0 || !all_chars(method, is_tchar) ||
	    uri.len == 0 || !all_chars(uri, is_vchar) ||
	    !is_http_version(version))
		return SSTP_HTTP_ERR_REQUEST_LINE;
	if (!span_is(version, HTTP_VERSION))
		return SSTP_HTTP_ERR_VERSION;
	err = check_method(method);
	if (err)
		return err;
	if (!span_is(uri, SSTP_HTTP_URI))
		return SSTP_HTTP_ERR_URI;
	return 0;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* field-name ":" OWS field-value OWS, the value ASCII only. */
static int parse_field(struct span line, struct span *name,
		       struct span *value)
{
	const char *colon = memchr(line.p, ':', line.len);
	size_t i;

	if (!colon)
		return SSTP_HTTP_ERR_HEADER;
	name->p = line.p;
	name->len = (size_t)(colon - line.p);
	if (name->len == 0 || !all_chars(*name, is_tchar))
		return SSTP_HTTP_ERR_HEADER;

	value->p = colon + 1;
	value->len = line.len - name->len - 1;
	while (value->len > 0 && is_ows(value->p[0])) {
		value->p++;
		value->len--;
	}
	while (value->len > 0 && is_ows(value->p[value->len - 1]))
		value->len--;
	for (i = 0; i < value->len; i++)
		if (!is_vchar((unsigned char)value->p[i]) &&
		    !is_ows(value->p[i]))
			return SSTP_HTTP_ERR_HEADER;
	return 0;
}

/* Copies a value into a NUL-terminated field of max characters. */
static int save_value(struct span value, bool *has, char *out, size_t max)
{
	if (*has)
		return SSTP_HTTP_ERR_DUPLICATE_HEADER;
	if (value.len > max)
		return SSTP_HTTP_ERR_VALUE_TOO_LONG;
	memcpy(out, value.p, value.len);
	out[value.len] = '\0';
	*has = true;
	return 0;
}

static bool has_ows(struct span s)
{
	return memchr(s.p, ' ', s.len) || memchr(s.p, '\t', s.len);
}

static int request_field(struct sstp_http_request *req, struct span name,
			 struct span value)
{
	/* Both values are single tokens: no inner white space to log. */
	if (span_is_nocase(name, "Host")) {
		if (has_ows(value))
			return SSTP_HTTP_ERR_HEADER;
		return save_value(value, &req->has_host, req->host,
				  SSTP_HTTP_HOST_MAX);
	}
	if (span_is_nocase(name, "SSTPCORRELATIONID")) {
		if (has_ows(value))
			return SSTP_HTTP_ERR_HEADER;
		return save_value(value, &req->has_correlation_id,
				  req->correlation_id,
				  SSTP_HTTP_CORRELATION_ID_MAX);
	}
	return 0;
}

int sstp_http_parse_request(const char *buf, size_t len,
			    struct sstp_http_request *req)
{
	struct span line, name, value;
	struct head h;
	int err;

	memset(req, 0, sizeof(*req));
	head_init(&h, buf, len);
	err = head_line(&h, &line);
	if (err <= 0)
		return err;
	err = parse_request_line(line);
	if (err)
		return err;
	for (;;) {
		err = head_line(&h, &line);
		if (err <= 0)
			return err;
		if (line.len == 0)
			return (int)h.off;
		err = parse_field(line, &name, &value);
		if (!err)
			err = request_field(req, name, value);
		if (err)
			return err;
	}
}

/* Reason phrase: *( HTAB / SP / VCHAR ), possibly empty (Windows). */
static bool is_reason_char(unsigned char c)
{
	return is_vchar(c) || c == ' ' || c == '\t';
}

/* HTTP-version SP 3DIGIT [SP reason-phrase] */
static int parse_status_line(struct span line, struct sstp_http_response *resp)
{
	struct span version, rest = line;
	const char *d;

	if (!span_cut(&rest, &version) || !is_http_version(version))
		return SSTP_HTTP_ERR_STATUS_LINE;
	d = rest.p;
	if (rest.len < 3 || !is_digit((unsigned char)d[0]) ||
	    !is_digit((unsigned char)d[1]) || !is_digit((unsigned char)d[2]))
		return SSTP_HTTP_ERR_STATUS_LINE;
	/* The space before an empty reason is often left out. */
	if (rest.len > 3 && d[3] != ' ')
		return SSTP_HTTP_ERR_STATUS_LINE;
	rest.p += 3;
	rest.len -= 3;
	if (!all_chars(rest, is_reason_char))
		return SSTP_HTTP_ERR_STATUS_LINE;
	if (!span_is(version, HTTP_VERSION))
		return SSTP_HTTP_ERR_VERSION;
	resp->status = (unsigned int)((d[0] - '0') * 100 + (d[1] - '0') * 10 +
				      (d[2] - '0'));
	return resp->status == 200 ? 0 : SSTP_HTTP_ERR_STATUS;
}

static int response_field(struct sstp_http_response *resp, struct span name,
			  struct span value)
{
	if (!span_is_nocase(name, "Content-Length"))
		return 0;
	if (resp->has_content_length)
		return SSTP_HTTP_ERR_DUPLICATE_HEADER;
	resp->has_content_length = true;
	/* sstpc insists on this exact value; so do we, for the same reason. */
	if (!span_is(value, SSTP_HTTP_CONTENT_LENGTH))
		return SSTP_HTTP_ERR_CONTENT_LENGTH;
	return 0;
}

int sstp_http_parse_response(const char *buf, size_t len,
			     struct sstp_http_response *resp)
{
	struct span line, name, value;
	struct head h;
	int err;

	memset(resp, 0, sizeof(*resp));
	head_init(&h, buf, len);
	err = head_line(&h, &line);
	if (err <= 0)
		return err;
	err = parse_status_line(line, resp);
	if (err)
		return err;
	for (;;) {
		err = head_line(&h, &line);
		if (err <= 0)
			return err;
		if (line.len == 0)
			return (int)h.off;
		err = parse_field(line, &name, &value);
		if (!err)
			err = response_field(resp, name, value);
		if (err)
			return err;
	}
}

/* IMF-fixdate (RFC 9110 5.6.7), not strftime(): its names follow the locale. */
static int format_date(char *out, size_t size, time_t now)
{
	struct tm tm;
	int n;

	if (!gmtime_r(&now, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900)
		return SSTP_HTTP_ERR_TIME;
	n = snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		     wdays[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (n < 0 || (size_t)n >= size)
		return SSTP_HTTP_ERR_TIME;
	return 0;
}

/* snprintf() result to a head length or NOSPACE. */
static int head_len(int n, size_t size)
{
	if (n < 0 || (size_t)n >= size)
		return SSTP_HTTP_ERR_NOSPACE;
	return n;
}

int sstp_http_build_response(char *buf, size_t size, time_t now)
{
	char date[40];
	int err;

	err = format_date(date, sizeof(date), now);
	if (err)
		return err;
	return head_len(snprintf(buf, size,
				 "HTTP/1.1 200 OK\r\n"
				 "Content-Length: " SSTP_HTTP_CONTENT_LENGTH "\r\n"
				 "Date: %s\r\n"
				 "\r\n", date), size);
}

static const char *refusal_reason(unsigned int status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 501:
		return "Not Implemented";
	case 505:
		return "HTTP Version Not Supported";
	}
	return NULL;
}

int sstp_http_build_refusal(char *buf, size_t size, unsigned int status,
			    time_t now)
{
	const char *reason = refusal_reason(status);
	char date[40];
	int err;

	if (!reason)
		return SSTP_HTTP_ERR_REFUSAL_STATUS;
	err = format_date(date, sizeof(date), now);
	if (err)
		return err;
	/* RFC 9110 15.5.6: a 405 must list what is allowed. */
	return head_len(snprintf(buf, size,
				 "HTTP/1.1 %u %s\r\n"
				 "Date: %s\r\n"
				 "%s"
				 "Content-Length: 0\r\n"
				 "Connection: close\r\n"
				 "\r\n", status, reason, date,
				 status == 405 ? "Allow: " SSTP_HTTP_METHOD "\r\n" : ""),
			size);
}
