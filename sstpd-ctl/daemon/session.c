// SPDX-License-Identifier: GPL-2.0
/*
 * One client session, whichever link (link.h) carries it.
 *
 *   TLS_HANDSHAKE --handshake done--> HTTP --SSTP_DUPLEX_POST--> SSTP
 *   HTTP --SSTP_DUPLEX_POST, kernel path--> HANDOFF --OpenSSL empty--> SSTP
 *   HTTP --bad request--> FLUSHING (refusal sent) --> CLOSED
 *   SSTP --call closed, TCP or TLS gone, module ended it--> CLOSED
 *
 * A client session (we connected out) starts one step earlier and speaks
 * the other side of each step:
 *
 *   CONNECTING --TCP up--> TLS_HANDSHAKE --server trusted, request sent-->
 *   HTTP --200--> SSTP (or HANDOFF, then SSTP, as above)
 *
 * The SSTP call (sstp.c) and the PPP engine (ppp/) decide; the link moves
 * their packets; this file runs the life cycle every session shares: the
 * socket until the link takes over, the timers, the pool address, and the
 * one teardown.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#include "daemon/client.h"
#include "daemon/datapath.h"
#include "daemon/pool.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "daemon/tls.h"
#include "kernel/ktls.h"
#include "lib/log.h"
#include "ppp/ppp.h"
#include "proto/http.h"
#include "proto/wire.h"

#define HANDSHAKE_TIMEOUT_MS	30000	/* TLS, then again for HTTP and hand-off */
#define FLUSH_TIMEOUT_MS	5000
#define READ_CHUNK		16384
#define READ_BUDGET		(4 * READ_CHUNK)	/* per event, for fairness */
/*
 * Output queue: data stops being read from the TUN above the high mark and
 * resumes below the low one; control packets may go up to the cap.
 */
#define OUT_HIGH		(256 * 1024)
#define OUT_LOW			(64 * 1024)
#define OUT_CAP			(OUT_HIGH + 64 * 1024)
#define OUT_MIN			4096	/* its first size; it doubles from there */
#define HTTP_HEAD_MAX		4096	/* an HTTP request or answer head */
/* What sstp.ko takes as initial-data (include/netlink/sstp.yaml). */
#define HANDOFF_MAX		32768

void session_log(const struct session *sess, enum log_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(level, "sess %u: %s", sess->id, msg);
}

uint64_t session_now(const struct session *sess)
{
	return loop_now(sess->srv->loop);
}

void session_view(struct session *sess, struct session_view *v)
{
	memset(v, 0, sizeof(*v));
	v->id = sess->id;
	v->role = sess->client ? "client" : "server";
	v->state = session_state_name(sess);
	v->user = sess->auth_method ? sess->user : "";
	v->auth = sess->auth_method ? sess->auth_method : "";
	v->outer = sess->peer;
	if (sess->has_addr)
		inet_ntop(AF_INET, &sess->addr, v->inner, sizeof(v->inner));
	v->datapath = sess->link ? sess->link->name : "";
	if (sess->link == &link_kernel_ops)
		v->kernel_id = sess->klink.id;
	v->tls_version = sess->tls_version;
	v->tls_cipher = sess->tls_cipher;
	v->uptime_s = (session_now(sess) - sess->started_ms) / 1000;
	if (sess->link)
		sess->link->counters(sess, &v->counters);
}

const char *session_state_name(const struct session *sess)
{
	switch (sess->phase) {
	case SESSION_CONNECTING:
	case SESSION_TLS_HANDSHAKE:
		return "handshake";
	case SESSION_HTTP:
	case SESSION_HANDOFF:
		return "http";
	case SESSION_SSTP:
		if (sstp_call_is_connected(&sess->call) && sess->up)
			return "up";
		return sess->call.state >= SSTP_CALL_ABORT_PENDING ? "closing" : "negotiating";
	case SESSION_FLUSHING:
	case SESSION_CLOSED:
		break;
	}
	return "closing";
}

/* --- output ---------------------------------------------------------- */

static void update_events(struct session *sess)
{
	uint32_t events = EPOLLIN;

	if (sess->want_write || sess->out_len)
		events |= EPOLLOUT;
	loop_fd_modify(sess->srv->loop, &sess->sock, events);
}

/* A TLS or TCP failure: the error queue says which. */
static void close_on_ssl_error(struct session *sess, int ret, const char *what)
{
	int err = SSL_get_error(sess->ssl, ret);
	char reason[320];

	/* After a Disconnect or Abort, the close that follows is no news. */
	if (sess->phase == SESSION_SSTP && sess->call.state >= SSTP_CALL_ABORT_PENDING &&
	    sess->call.close_reason[0])
		snprintf(reason, sizeof(reason), "%s", sess->call.close_reason);
	else if (err == SSL_ERROR_ZERO_RETURN)
		snprintf(reason, sizeof(reason), "%s closed the TLS session",
			 sess->client ? "server" : "client");
	else if ((err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) ||
		 ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		snprintf(reason, sizeof(reason), "TCP connection %s",
			 err == SSL_ERROR_SYSCALL && errno && errno != EAGAIN ?
			 strerror(errno) : "closed by the client");
	else
		snprintf(reason, sizeof(reason), "TLS error while %s: %s", what,
			 tls_error_string());
	ERR_clear_error();
	session_close(sess, reason);
}

static void flush_output(struct session *sess)
{
	size_t done = 0;

	if (!sess->ssl)
		return;
	sess->want_write = false;
	while (done < sess->out_len) {
		int n = SSL_write(sess->ssl, sess->out + done, (int)(sess->out_len - done));

		if (n <= 0) {
			int err = SSL_get_error(sess->ssl, n);

			if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
				sess->want_write = err == SSL_ERROR_WANT_WRITE;
				break;
			}
			close_on_ssl_error(sess, n, "sending");
			return;
		}
		done += (size_t)n;
	}
	memmove(sess->out, sess->out + done, sess->out_len - done);
	sess->out_len -= done;
	if (sess->out_len < OUT_LOW)
		link_user_writable(sess);
	if (sess->phase == SESSION_FLUSHING && !sess->out_len) {
		session_close(sess, "HTTP request refused");
		return;
	}
	update_events(sess);
}

/* Room for want bytes (at most OUT_CAP) in the output queue. */
static int out_grow(struct session *sess, size_t want)
{
	size_t cap = sess->out_cap ? sess->out_cap : OUT_MIN;
	uint8_t *grown;

	while (cap < want)
		cap *= 2;
	if (cap > OUT_CAP)
		cap = OUT_CAP;
	/* SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: a retried SSL_write may move. */
	grown = realloc(sess->out, cap);
	if (!grown)
		return -ENOMEM;
	sess->out = grown;
	sess->out_cap = cap;
	return 0;
}

/*
 * Queue bytes for the client.  Control packets (droppable = false) may use
 * the whole queue; a client that lets even those pile up is not reading.
 */
bool session_queue(struct session *sess, const void *head, size_t head_len,
		   const void *body, size_t body_len, bool droppable)
{
	size_t len = head_len + body_len;

	if (sess->out_len + len > (droppable ? OUT_HIGH : OUT_CAP)) {
		if (!droppable)
			session_close(sess, "client stopped reading");
		return false;
	}
	if (sess->out_len + len > sess->out_cap && out_grow(sess, sess->out_len + len)) {
		if (!droppable)
			session_close(sess, "out of memory for the output queue");
		return false;
	}
	memcpy(sess->out + sess->out_len, head, head_len);
	memcpy(sess->out + sess->out_len + head_len, body, body_len);
	sess->out_len += len;
	return true;
}

void session_flush(struct session *sess)
{
	flush_output(sess);
}

/* --- HTTP step ------------------------------------------------------- */

static void refuse_http(struct session *sess, int err)
{
	char answer[512];
	int len;

	session_log(sess, LOG_LEVEL_WARN, "refused HTTP request: %s", sstp_http_strerror(err));
	len = sstp_http_build_refusal(answer, sizeof(answer), sstp_http_err_status(err),
				      time(NULL));
	if (len <= 0 || !session_queue(sess, answer, (size_t)len, NULL, 0, false)) {
		session_close(sess, "HTTP request refused");
		return;
	}
	sess->phase = SESSION_FLUSHING;
	sess->phase_deadline_ms = session_now(sess) + FLUSH_TIMEOUT_MS;
	flush_output(sess);
}

/*
 * Kernel or user data path for this session, decided once the handshake
 * is done: 1 kernel, 0 user (why logged), -1 refused (datapath kernel and
 * no sstp.ko: the session is closed).
 */
static int choose_kernel(struct session *sess)
{
	const struct config *c = sess->srv->config;
	char why[256], reason[300];

	if (c->datapath == CONFIG_DATAPATH_USER)
		return 0;
	if (!datapath_kernel_ready(sess->srv, why, sizeof(why))) {
		if (c->datapath == CONFIG_DATAPATH_KERNEL) {
			snprintf(reason, sizeof(reason), "datapath kernel: %s", why);
			session_close(sess, reason);
			return -1;
		}
	} else if (ktls_possible(sess->ssl, why, sizeof(why))) {
		return 1;
	}
	ktls_forget(sess->ssl);
	session_log(sess, LOG_LEVEL_INFO, "data path user: %s", why);
	return 0;
}

/*
 * Release OpenSSL (its buffers, handshake state, certificates) and our
 * descriptor: sstp.ko holds the socket now, and sends the close_notify at
 * the end.  The output queue went empty before the hand-off and nothing
 * is written to the socket from here: it goes too.
 */
static void release_socket(struct session *sess)
{
	loop_fd_remove(sess->srv->loop, &sess->sock);
	SSL_free(sess->ssl);
	sess->ssl = NULL;
	close(sess->sock.fd);
	sess->sock.fd = -1;
	free(sess->out);
	sess->out = NULL;
	sess->out_len = 0;
	sess->out_cap = 0;
}

/* What OpenSSL decrypted before the hand-off is the client's: wiped. */
static void release_handoff(struct session *sess)
{
	if (sess->handoff)
		OPENSSL_cleanse(sess->handoff, sess->handoff_len);
	free(sess->handoff);
	sess->handoff = NULL;
	sess->handoff_len = 0;
}

/*
 * SESSION_HANDOFF: the answer must be out and OpenSSL empty before the
 * socket goes to the kernel; what OpenSSL had decrypted goes with it.
 */
static void continue_handoff(struct session *sess)
{
	char why[256], tls[80];
	int ret;

	if (sess->out_len || sess->want_write) {
		update_events(sess);
		return;
	}
	ret = ktls_drain(sess->ssl, sess->handoff, HANDOFF_MAX, &sess->handoff_len);
	if (ret == -EAGAIN) {
		update_events(sess);
		return;
	}
	if (ret == -ENOBUFS) {
		session_close(sess, "client sent more than 32 KiB before the kernel hand-off");
		return;
	}
	if (ret) {
		close_on_ssl_error(sess, 0, "handing off to the kernel");
		return;
	}
	snprintf(tls, sizeof(tls), "%s %s", SSL_get_version(sess->ssl),
		 SSL_get_cipher_name(sess->ssl));
	ret = link_kernel_start(sess, sess->handoff, sess->handoff_len, why, sizeof(why));
	if (ret < 0) {
		session_log(sess, LOG_LEVEL_ERROR, "kernel hand-off failed: %s", why);
		session_close(sess, "kernel hand-off failed");
		return;
	}
	if (ret > 0) {
		session_log(sess, LOG_LEVEL_INFO, "data path user: %s", why);
		session_call_start(sess, &link_user_ops);
		if (session_live(sess))
			link_user_input(sess, sess->handoff, sess->handoff_len);
	} else {
		session_log(sess, LOG_LEVEL_INFO, "data path kernel: %s, sstp.ko session %u",
			    tls, sess->klink.id);
		release_socket(sess);
		session_call_start(sess, &link_kernel_ops);
	}
	release_handoff(sess);
}

static void begin_handoff(struct session *sess, const uint8_t *a, size_t a_len,
			  const uint8_t *b, size_t b_len)
{
	sess->handoff = malloc(HANDOFF_MAX);
	if (!sess->handoff || a_len + b_len > HANDOFF_MAX) {
		session_close(sess, sess->handoff ?
			      "client sent more than 32 KiB before the kernel hand-off" :
			      "out of memory for the kernel hand-off");
		return;
	}
	memcpy(sess->handoff, a, a_len);
	memcpy(sess->handoff + a_len, b, b_len);
	sess->handoff_len = a_len + b_len;
	sess->phase = SESSION_HANDOFF;
	sess->phase_deadline_ms = session_now(sess) + HANDSHAKE_TIMEOUT_MS;
	flush_output(sess);
	if (session_live(sess))
		continue_handoff(sess);
}

/*
 * Gather an HTTP head: *take bytes of data join it, all that fits.  false
 * when out of memory (the session is closed).
 */
static bool http_gather(struct session *sess, const uint8_t *data, size_t len, size_t *take)
{
	size_t room;

	if (!sess->http && !(sess->http = malloc(HTTP_HEAD_MAX))) {
		session_close(sess, "out of memory for the HTTP step");
		return false;
	}
	room = HTTP_HEAD_MAX - sess->http_len;
	*take = len < room ? len : room;
	memcpy(sess->http + sess->http_len, data, *take);
	sess->http_len += *take;
	return true;
}

/* The HTTP step is over: the SSTP bytes after the head went to the call. */
static void http_release(struct session *sess)
{
	free(sess->http);
	sess->http = NULL;
	sess->http_len = 0;
}

/*
 * Either role, once the HTTP step succeeded: the call starts on the data
 * path chosen (kernel: the hand-off), with what followed the HTTP head in
 * sess->http (from head on) and the rest of this read (data).
 */
static void http_done(struct session *sess, int kernel, size_t head, const uint8_t *data,
		      size_t len)
{
	const uint8_t *after = (const uint8_t *)sess->http + head;
	size_t after_len = sess->http_len - head;

	if (kernel) {
		begin_handoff(sess, after, after_len, data, len);
	} else {
		session_call_start(sess, &link_user_ops);
		/* The server's HTTP answer, queued, goes out first. */
		if (session_live(sess) && !sess->client)
			flush_output(sess);
		if (session_live(sess) && after_len)
			link_user_input(sess, after, after_len);
		if (session_live(sess) && len)
			link_user_input(sess, data, len);
	}
	http_release(sess);
}

static void http_input(struct session *sess, const uint8_t *data, size_t len)
{
	struct sstp_http_request req;
	char answer[512];
	size_t take;
	int head, answer_len, kernel;

	if (!http_gather(sess, data, len, &take))
		return;
	head = sstp_http_parse_request(sess->http, sess->http_len, &req);
	if (head == SSTP_HTTP_NEED_MORE && take < len)
		head = SSTP_HTTP_ERR_TOO_LARGE;
	if (head == SSTP_HTTP_NEED_MORE)
		return;
	if (head < 0) {
		refuse_http(sess, head);
		return;
	}
	session_log(sess, LOG_LEVEL_DEBUG, "HTTP: SSTP request for host '%s'",
		    req.has_host ? req.host : "");
	/* Refused for want of sstp.ko: closed without an answer. */
	kernel = choose_kernel(sess);
	if (kernel < 0)
		return;
	answer_len = sstp_http_build_response(answer, sizeof(answer), time(NULL));
	if (answer_len <= 0 || !session_queue(sess, answer, (size_t)answer_len, NULL, 0, false))
		return;
	/* Whatever followed the request head is already SSTP. */
	http_done(sess, kernel, (size_t)head, data + take, len - take);
}

/*
 * Client: the server's answer to our SSTP_DUPLEX_POST.  What follows its
 * head is already SSTP.
 */
static void http_response_input(struct session *sess, const uint8_t *data, size_t len)
{
	struct sstp_http_response resp = { 0 };
	size_t take;
	char reason[160];
	int head, kernel;

	if (!http_gather(sess, data, len, &take))
		return;
	head = sstp_http_parse_response(sess->http, sess->http_len, &resp);
	if (head == SSTP_HTTP_NEED_MORE && take < len)
		head = SSTP_HTTP_ERR_TOO_LARGE;
	if (head == SSTP_HTTP_NEED_MORE)
		return;
	if (head < 0) {
		snprintf(reason, sizeof(reason), "server refused the HTTP request: %s%s",
			 sstp_http_strerror(head), resp.status && resp.status != 200 ?
			 " (HTTP status follows)" : "");
		if (resp.status && resp.status != 200)
			snprintf(reason, sizeof(reason),
				 "server refused the HTTP request: HTTP status %u", resp.status);
		sess->end = SESSION_END_REFUSED;
		session_close(sess, reason);
		return;
	}
	session_log(sess, LOG_LEVEL_DEBUG, "HTTP: server accepted SSTP_DUPLEX_POST");
	kernel = choose_kernel(sess);
	if (kernel < 0)
		return;
	http_done(sess, kernel, (size_t)head, data + take, len - take);
}

/* Client: the server is trusted; ask for SSTP ([MS-SSTP] 2.2.2). */
void session_report(struct session *sess, const char *kind, const char *reason)
{
	const struct session_observer *o = sess->srv->observer;

	if (o && o->event)
		o->event(sess->srv, sess, kind, reason);
}

static void session_report_handshake(struct session *sess)
{
	const struct session_observer *o = sess->srv->observer;

	if (o && o->handshake_done)
		o->handshake_done(sess->srv);
}

static void client_handshake_done(struct session *sess)
{
	char why[256], fingerprint[97], request[1024];
	int len;

	if (tls_client_peer(client_tls(sess->srv), sess->ssl, sess->peer_sha1,
			    sess->peer_sha256, fingerprint, why, sizeof(why))) {
		client_refuse_certificate(sess, why);
		return;
	}
	session_log(sess, LOG_LEVEL_INFO, "TLS %s %s, server certificate SHA-256 %s",
		    sess->tls_version, sess->tls_cipher, fingerprint);
	len = client_http_request(sess->srv, request, sizeof(request));
	if (len <= 0) {
		session_close(sess, "cannot build the HTTP request");
		return;
	}
	if (session_queue(sess, request, (size_t)len, NULL, 0, false))
		flush_output(sess);
}

/* --- socket ---------------------------------------------------------- */

static void handshake(struct session *sess)
{
	int ret = SSL_do_handshake(sess->ssl);

	if (ret == 1) {
		sess->phase = SESSION_HTTP;
		sess->phase_deadline_ms = session_now(sess) + HANDSHAKE_TIMEOUT_MS;
		snprintf(sess->tls_version, sizeof(sess->tls_version), "%s",
			 SSL_get_version(sess->ssl));
		snprintf(sess->tls_cipher, sizeof(sess->tls_cipher), "%s",
			 SSL_get_cipher_name(sess->ssl));
		session_log(sess, LOG_LEVEL_DEBUG, "TLS: %s %s", sess->tls_version,
			    sess->tls_cipher);
		session_report_handshake(sess);
		if (sess->client)
			client_handshake_done(sess);
		return;
	}
	switch (SSL_get_error(sess->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		sess->want_write = false;
		break;
	case SSL_ERROR_WANT_WRITE:
		sess->want_write = true;
		break;
	default: {
		char why[256];

		if (sess->client && tls_client_refused(sess->ssl, client_name(sess->srv), why,
						       sizeof(why))) {
			ERR_clear_error();
			client_refuse_certificate(sess, why);
			return;
		}
		close_on_ssl_error(sess, ret, "handshaking");
		return;
	}
	}
	update_events(sess);
}

static void read_input(struct session *sess)
{
	uint8_t buf[READ_CHUNK];
	size_t total = 0;

	/* Until the request is answered, or for good in user mode. */
	while (session_live(sess) && sess->ssl && total < READ_BUDGET &&
	       (sess->phase == SESSION_HTTP || sess->phase == SESSION_SSTP)) {
		int n = SSL_read(sess->ssl, buf, sizeof(buf));

		if (n <= 0) {
			int err = SSL_get_error(sess->ssl, n);

			if (err == SSL_ERROR_WANT_READ)
				break;
			if (err == SSL_ERROR_WANT_WRITE) {
				sess->want_write = true;
				update_events(sess);
				break;
			}
			close_on_ssl_error(sess, n, "receiving");
			return;
		}
		total += (size_t)n;
		if (sess->phase == SESSION_HTTP && sess->client)
			http_response_input(sess, buf, (size_t)n);
		else if (sess->phase == SESSION_HTTP)
			http_input(sess, buf, (size_t)n);
		else
			link_user_input(sess, buf, (size_t)n);
	}
	/*
	 * Decrypted bytes OpenSSL holds make no descriptor readable: come back
	 * after the other sessions of this batch had their turn.
	 */
	if (total >= READ_BUDGET && session_live(sess) && sess->ssl &&
	    SSL_has_pending(sess->ssl) && !sess->read_again_queued) {
		sess->read_again_queued = true;
		loop_defer(sess->srv->loop, &sess->read_again);
	}
}

static void on_read_again(struct loop_deferred *d)
{
	struct session *sess = container_of(d, struct session, read_again);

	sess->read_again_queued = false;
	if (session_live(sess) && sess->ssl) {
		read_input(sess);
		if (session_live(sess))
			session_update_timer(sess);
	}
}

static void on_sock_event(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, sock);

	/* The socket may have gone to the kernel earlier in this batch. */
	if (!session_live(sess) || !sess->ssl)
		return;
	if (sess->phase == SESSION_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(lfd->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
			char reason[160];

			snprintf(reason, sizeof(reason), "connect to %s: %s", sess->peer,
				 strerror(err ? err : errno));
			session_close(sess, reason);
			return;
		}
		session_log(sess, LOG_LEVEL_DEBUG, "TCP connected to %s", sess->peer);
		sess->phase = SESSION_TLS_HANDSHAKE;
		events = 0;
	}
	if (sess->phase == SESSION_TLS_HANDSHAKE) {
		handshake(sess);
		if (sess->phase == SESSION_TLS_HANDSHAKE)
			goto out;
	}
	if (events & EPOLLOUT && session_live(sess))
		flush_output(sess);
	if (session_live(sess) && sess->phase == SESSION_HANDOFF)
		continue_handoff(sess);
	else if (session_live(sess))
		read_input(sess);
out:
	if (session_live(sess))
		session_update_timer(sess);
}

/* --- timers ---------------------------------------------------------- */

static void on_timer(struct loop_timer *timer)
{
	struct session *sess = container_of(timer, struct session, timer);
	uint64_t now = session_now(sess);

	if (sess->auth_deadline_ms && now >= sess->auth_deadline_ms) {
		char reason[96];

		snprintf(reason, sizeof(reason), "not authenticated within %u s (auth-timeout)",
			 sess->srv->config->auth_timeout_s);
		session_close(sess, reason);
		return;
	}
	if (sess->phase_deadline_ms && now >= sess->phase_deadline_ms) {
		static const char *const reasons[] = {
			[SESSION_CONNECTING] = "TCP connect timed out",
			[SESSION_TLS_HANDSHAKE] = "TLS handshake timed out",
			[SESSION_HTTP] = "no HTTP request or answer in time",
			[SESSION_HANDOFF] = "kernel hand-off timed out",
			[SESSION_SSTP] = "sstp.ko closed the ppp channel without a word",
			[SESSION_FLUSHING] = "HTTP request refused; client not reading",
		};

		session_close(sess, reasons[sess->phase]);
		return;
	}
	if (sess->ppp)
		ppp_timeout(sess->ppp, (int64_t)now);
	if (session_live(sess) && sess->phase == SESSION_SSTP) {
		/* In kernel mode only the module knows when the client last spoke. */
		if (sess->link->poll_activity && sstp_call_is_connected(&sess->call) &&
		    now >= sess->call.hello_deadline_ms)
			sess->link->poll_activity(sess);
		sstp_call_timeout(&sess->call, now);
	}
	if (session_live(sess))
		session_update_timer(sess);
}

void session_update_timer(struct session *sess)
{
	uint64_t deadline = UINT64_MAX;

	if (!session_live(sess))
		return;
	if (sess->phase_deadline_ms)
		deadline = sess->phase_deadline_ms;
	if (sess->auth_deadline_ms && sess->auth_deadline_ms < deadline)
		deadline = sess->auth_deadline_ms;
	if (sess->phase == SESSION_SSTP) {
		uint64_t call = sstp_call_next_timeout(&sess->call);
		int64_t ppp = sess->ppp ? ppp_next_timeout(sess->ppp) : -1;

		if (call < deadline)
			deadline = call;
		if (ppp >= 0 && (uint64_t)ppp < deadline)
			deadline = (uint64_t)ppp;
	}
	if (deadline == UINT64_MAX)
		loop_timer_cancel(sess->srv->loop, &sess->timer);
	else
		loop_timer_arm_at(sess->srv->loop, &sess->timer, deadline);
}

/* --- life cycle ------------------------------------------------------ */

static void session_free(struct loop_deferred *d)
{
	struct session *sess = container_of(d, struct session, free_work);

	ppp_free(sess->ppp);
	release_handoff(sess);
	free(sess->http);
	free(sess->deframe);
	free(sess->out);
	free(sess);
}

/*
 * What every session starts with, either role: its socket watched for
 * events (EPOLLIN, or EPOLLOUT while a connect completes), the handshake's
 * deadline.  Takes ssl; NULL without memory (ssl freed then).
 */
static struct session *session_alloc(struct server *srv, int fd, const char *peer, SSL *ssl,
				     bool client)
{
	struct session *sess = calloc(1, sizeof(*sess));

	if (!sess || !ssl)
		goto err;
	sess->ssl = ssl;
	sess->client = client;
	sess->srv = srv;
	sess->id = ++srv->next_session_id;
	snprintf(sess->peer, sizeof(sess->peer), "%s", peer);
	sess->ulink.tun.fd = -1;
	sess->klink.chan.fd = -1;
	sess->klink.unit.fd = -1;
	sess->sock.fd = fd;
	sess->sock.on_event = on_sock_event;
	sess->timer.on_expire = on_timer;
	sess->read_again.run = on_read_again;
	sess->free_work.run = session_free;
	sess->started_ms = loop_now(srv->loop);
	if (client)
		sess->phase = SESSION_CONNECTING;
	sess->phase_deadline_ms = sess->started_ms + HANDSHAKE_TIMEOUT_MS;
	if (loop_fd_add(srv->loop, &sess->sock, client ? EPOLLOUT : EPOLLIN))
		goto err;
	session_log(sess, LOG_LEVEL_INFO, client ? "connecting to %s" : "connect from %s", peer);
	session_report(sess, "connect", NULL);
	session_update_timer(sess);
	return sess;

err:
	SSL_free(ssl);
	free(sess);
	return NULL;
}

struct session *session_new(struct server *srv, int fd, const char *peer)
{
	return session_alloc(srv, fd, peer, tls_server_accept(srv->tls, fd), false);
}

struct session *session_new_client(struct server *srv, int fd, const char *peer, SSL *ssl)
{
	return session_alloc(srv, fd, peer, ssl, true);
}

void session_shutdown(struct session *sess, const char *reason)
{
	if (!session_live(sess))
		return;
	if (sess->phase != SESSION_SSTP) {
		session_close(sess, reason);
		return;
	}
	/* LCP Terminate, then SSTP Call Disconnect once PPP is down. */
	if (sess->ppp && ppp_phase(sess->ppp) != PPP_PHASE_DEAD &&
	    ppp_phase(sess->ppp) != PPP_PHASE_TERMINATE)
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)session_now(sess));
	if (session_live(sess))
		sstp_call_disconnect(&sess->call, reason, session_now(sess));
	if (session_live(sess))
		session_update_timer(sess);
}

void session_close(struct session *sess, const char *reason)
{
	struct server *srv = sess->srv;
	uint64_t uptime = (session_now(sess) - sess->started_ms) / 1000;
	struct link_counters c = { 0 };

	if (!session_live(sess))
		return;
	admission_remove(&srv->admission, &sess->admission);
	/* A last word (Abort, Disconnect Ack) may still sit in the queue. */
	if (sess->ssl && sess->out_len && sess->phase != SESSION_TLS_HANDSHAKE &&
	    sess->phase != SESSION_CONNECTING)
		SSL_write(sess->ssl, sess->out, (int)sess->out_len);
	sess->phase = SESSION_CLOSED;
	snprintf(sess->close_reason, sizeof(sess->close_reason), "%s", reason);
	if (sess->link)
		sess->link->counters(sess, &c);
	session_log(sess, LOG_LEVEL_INFO,
		    "disconnect: %s; user '%s' up %llus, rx %llu bytes %llu packets, "
		    "tx %llu bytes %llu packets, dropped rx %llu tx %llu",
		    reason, sess->user, (unsigned long long)uptime,
		    (unsigned long long)c.rx_bytes, (unsigned long long)c.rx_packets,
		    (unsigned long long)c.tx_bytes, (unsigned long long)c.tx_packets,
		    (unsigned long long)c.rx_dropped, (unsigned long long)c.tx_dropped);
	session_report(sess, "down", reason);

	if (sess->ppp && ppp_phase(sess->ppp) != PPP_PHASE_DEAD)
		ppp_lower_down(sess->ppp, (int64_t)session_now(sess));
	if (sess->has_addr && srv->pool && !pool_release(srv->pool, sess->addr))
		session_log(sess, LOG_LEVEL_DEBUG, "released address %s, %zu in use",
			    inet_ntoa(sess->addr), pool_in_use(srv->pool));
	sess->has_addr = false;
	if (sess->link)
		sess->link->close(sess);
	loop_timer_cancel(srv->loop, &sess->timer);
	if (sess->ssl) {
		loop_fd_remove(srv->loop, &sess->sock);
		/* close_notify, without waiting for the client's. */
		SSL_shutdown(sess->ssl);
		ERR_clear_error();
		SSL_free(sess->ssl);
		sess->ssl = NULL;
		close(sess->sock.fd);
		sess->sock.fd = -1;
	}
	server_session_gone(srv, sess);
	loop_defer(srv->loop, &sess->free_work);
}
