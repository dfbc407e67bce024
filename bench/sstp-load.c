// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-load: N concurrent SSTP sessions through the whole call, from one
 * process and one epoll loop (issue 11, item 3).  Each session does TCP,
 * TLS (a full handshake, no resumption), the HTTP step, the SSTP call in
 * the client role (proto/sstp.h), MS-CHAPv2 and IPCP with our PPP engine in
 * the client role (ppp/ppp.h), and Call Connected with the crypto binding.
 * All are then held for a while (SSTP and LCP echo answered by the call
 * and the engine; we send an LCP Echo-Request every 10 s ourselves), then
 * ended with Call Disconnect, and the tool waits for the server to close
 * each connection.
 *
 *   sstp-load --server ADDR:PORT --user U --password P --sessions N
 *             [--parallel K] [--hold SECONDS] [--insecure | --ca FILE]
 *             [--server-pid PID] [--tls-only]
 *
 * At most K sessions (default 16) are being set up at once; --hold is 5 s
 * by default.  SIGUSR1 stops the set-up: the sessions under way finish,
 * and those up are held and ended as usual.  A SIGUSR1 during the hold
 * ends it (bench/two-guests.sh profiles the set-up and the teardown apart).
 * --tls-only: each connection ends after its TLS handshake, and the tool
 * says how many it made (what the server's work beyond TLS is measured
 * against):
 *
 *   tls N handshakes in S s: R handshakes/s, failed M
 *
 * Without --insecure the server's certificate must verify against --ca (or
 * the system store) and name ADDR.  --server-pid: read
 * that process's RSS (and the machine's slab) before and after the set-up.
 *
 * Output, one machine-readable line each, on stdout:
 *
 *   setup N sessions in S s: R sessions/s
 *   setup stopped (SIGUSR1): M sessions never started
 *   server rss A KiB -> B KiB: C KiB per session      (--server-pid)
 *   slab A KiB -> B KiB: C KiB per session            (--server-pid)
 *   hold N sessions for S s: lost M
 *   teardown N sessions in S s
 *   failed M (connect=.. tls=.. http=.. call=.. auth=.. ppp=.. timeout=.. hold=.. teardown=..)
 *
 * A session's error counts against the phase it happened in and is said
 * on stderr (the first 20); it never stops the others.  Exit 0 when every
 * session went up and down, 2 when some failed, 1 on a usage or start-up
 * error.  The open-file limit is raised to its hard limit; a larger N is
 * said on stderr, and the sessions beyond it fail at connect.
 *
 * On the host, against the user-mode server in a network namespace (as
 * tests/host/scenarios/client-role-user-mode.sh starts it, with a users
 * file "alice * "correct horse" *" and --pool 10.99.0.0/16):
 *
 *   ip netns exec CLIENT-NS build/bench/sstp-load --server 192.0.2.1:443 \
 *       --user alice --password 'correct horse' --sessions 200 \
 *       --parallel 16 --insecure --server-pid $(pidof sstpd)
 *
 * then sstpd's log shows 200 "up: user 'alice'" lines and as many
 * "disconnect: client disconnected".  The teardown time includes the
 * server's one-second linger after it acknowledges a Call Disconnect
 * ([MS-SSTP] 3.2.2, SSTP_DISCONNECT_TIMEOUT_MS).
 */

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "auth/mschapv2.h"
#include "proto/binding.h"
#include "proto/deframe.h"
#include "proto/http.h"
#include "proto/sstp.h"
#include "proto/wire.h"
#include "ppp/ppp.h"

/*
 * A session's life: CONNECT -> TLS -> HTTP -> CALL -> UP -> TEARDOWN ->
 * DONE, or FAILED from any of them.  Only CONNECT..CALL count against
 * --parallel.
 */
enum load_state {
	LOAD_CONNECT,		/* non-blocking connect() in flight */
	LOAD_TLS,		/* SSL_connect() */
	LOAD_HTTP,		/* request sent, reading the answer's head */
	LOAD_CALL,		/* SSTP call, MS-CHAPv2, IPCP */
	LOAD_UP,		/* IPCP up: held */
	LOAD_TEARDOWN,		/* Call Disconnect sent: waiting for the server to close */
	LOAD_DONE,
	LOAD_FAILED,
};

enum load_phase {
	PHASE_CONNECT,
	PHASE_TLS,
	PHASE_HTTP,
	PHASE_CALL,		/* the SSTP call refused, aborted or timed out */
	PHASE_AUTH,		/* MS-CHAPv2 refused */
	PHASE_PPP,		/* LCP or IPCP failed */
	PHASE_TIMEOUT,		/* not up within SETUP_TIMEOUT_MS */
	PHASE_HOLD,		/* lost while held */
	PHASE_TEARDOWN,		/* not closed in order within TEARDOWN_TIMEOUT_MS */
	PHASE_COUNT,
};

static const char *const phase_names[PHASE_COUNT] = {
	"connect", "tls", "http", "call", "auth", "ppp", "timeout", "hold", "teardown",
};

#define SETUP_TIMEOUT_MS	90000
#define TEARDOWN_TIMEOUT_MS	30000
#define LCP_ECHO_MS		10000
#define TIMER_SCAN_MS		50
#define ERRORS_SHOWN		20

struct sess {
	unsigned int id;
	enum load_state state;
	int fd;
	SSL *ssl;
	uint32_t events;		/* as registered with epoll */
	bool want_write;		/* TLS asked to wait for writability */
	int64_t deadline_ms;		/* setup or teardown deadline */
	char *head;			/* HTTP: the answer so far */
	size_t head_len;
	uint8_t *out;			/* TLS plaintext not yet taken by SSL_write */
	size_t out_len, out_size;
	struct sstp_deframe *deframe;
	struct sstp_call call;
	struct ppp *ppp;
	uint8_t cert_sha1[20], cert_sha256[32];
	bool auth_failed;
};

struct load {
	const char *server, *user, *password;
	char host[256], port[8];
	struct addrinfo *addr;
	unsigned int sessions, parallel, hold_s;
	int server_pid;
	bool tls_only;
	unsigned int handshakes;
	SSL_CTX *ctx;
	int epfd;
	struct sess *s;
	unsigned int started, in_flight, up, ended, failed;
	unsigned int fails[PHASE_COUNT];
	unsigned int errors_shown;
	int64_t now;
};

static struct load L;
static volatile sig_atomic_t interrupted, usr1_count;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		usr1_count++;
	else
		interrupted = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "sstp-load: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static bool setting_up(const struct sess *s)
{
	return s->state <= LOAD_CALL;
}

/* Over (done or failed): its resources go at the next sess_reap(). */
static bool sess_over(const struct sess *s)
{
	return s->state == LOAD_DONE || s->state == LOAD_FAILED;
}

/* The first OpenSSL error queued, or what errno says. */
static const char *ssl_reason(void)
{
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (e)
		return ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "TLS error";
	return errno ? strerror(errno) : "connection closed";
}

static void sess_release(struct sess *s)
{
	if (s->ssl)
		SSL_free(s->ssl);
	if (s->fd >= 0)
		close(s->fd);	/* leaves the epoll set with it */
	if (s->ppp)
		ppp_free(s->ppp);
	free(s->head);
	free(s->out);
	free(s->deframe);
	s->ssl = NULL;
	s->fd = -1;
	s->ppp = NULL;
	s->head = NULL;
	s->out = NULL;
	s->deframe = NULL;
	s->out_len = s->out_size = 0;
	s->call.state = SSTP_CALL_CLOSED;
}

/*
 * Outside every callback (the engine must not be freed from inside its
 * own), a session that is over gives back its socket and memory.
 */
static void sess_reap(struct sess *s)
{
	if (sess_over(s) && (s->fd >= 0 || s->ppp || s->out || s->deframe || s->head))
		sess_release(s);
}

/* Counted once against phase; sess_reap() frees the session later. */
__attribute__((format(printf, 3, 4)))
static void sess_fail(struct sess *s, enum load_phase phase, const char *fmt, ...)
{
	va_list ap;

	if (sess_over(s))
		return;
	if (setting_up(s))
		L.in_flight--;
	if (s->state == LOAD_UP || s->state == LOAD_TEARDOWN)
		L.up--;
	if (L.errors_shown++ < ERRORS_SHOWN) {
		fprintf(stderr, "sess %u: %s: ", s->id, phase_names[phase]);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	s->state = LOAD_FAILED;
	L.fails[phase]++;
	L.failed++;
}

/* The phase a failure in the call or PPP belongs to. */
static enum load_phase sess_phase(const struct sess *s)
{
	if (s->state == LOAD_UP)
		return PHASE_HOLD;
	if (s->state == LOAD_TEARDOWN)
		return PHASE_TEARDOWN;
	return s->auth_failed ? PHASE_AUTH : PHASE_CALL;
}

static void sess_epoll(struct sess *s)
{
	uint32_t ev = EPOLLIN;
	struct epoll_event e;

	if (sess_over(s))
		return;
	if (s->state == LOAD_CONNECT || s->want_write || s->out_len)
		ev |= EPOLLOUT;
	if (ev == s->events)
		return;
	e.events = ev;
	e.data.ptr = s;
	if (epoll_ctl(L.epfd, EPOLL_CTL_MOD, s->fd, &e))
		sess_fail(s, sess_phase(s), "epoll: %s", strerror(errno));
	else
		s->events = ev;
}

static void sess_queue(struct sess *s, const void *buf, size_t len)
{
	if (sess_over(s))
		return;
	if (s->out_len + len > s->out_size) {
		size_t size = s->out_size ? s->out_size : 4096;
		uint8_t *p;

		while (size < s->out_len + len)
			size *= 2;
		p = realloc(s->out, size);
		if (!p) {
			sess_fail(s, sess_phase(s), "out of memory");
			return;
		}
		s->out = p;
		s->out_size = size;
	}
	memcpy(s->out + s->out_len, buf, len);
	s->out_len += len;
}

/*
 * Hand the queued bytes to TLS.  Partial writes and a moving buffer are
 * allowed (SSL_CTX mode), and the queue only grows between retries, as
 * SSL_write wants.
 */
static void sess_flush(struct sess *s)
{
	while (!sess_over(s) && s->out_len) {
		int n = SSL_write(s->ssl, s->out, s->out_len > 65536 ? 65536 : (int)s->out_len);

		if (n <= 0) {
			int err = SSL_get_error(s->ssl, n);

			if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ)
				break;
			sess_fail(s, sess_phase(s), "TLS write: %s", ssl_reason());
			return;
		}
		memmove(s->out, s->out + n, s->out_len - (size_t)n);
		s->out_len -= (size_t)n;
	}
	sess_epoll(s);
}

/* --- the SSTP call --------------------------------------------------- */

static void call_send(void *ctx, const uint8_t *pkt, size_t len)
{
	sess_queue(ctx, pkt, len);
}

static void ppp_ops_init(struct ppp_config *cfg);
static const struct ppp_link_ops ppp_ops;

static void call_accepted(void *ctx)
{
	struct sess *s = ctx;
	struct ppp_config cfg;

	ppp_ops_init(&cfg);
	s->ppp = ppp_new(&cfg, &ppp_ops, s);
	if (!s->ppp) {
		sess_fail(s, PHASE_PPP, "cannot start the PPP engine");
		return;
	}
	ppp_open(s->ppp, L.now);
}

static void call_connected(void *ctx, uint8_t hash_protocol)
{
	(void)ctx;
	(void)hash_protocol;
}

static void call_closed(void *ctx, const char *reason)
{
	struct sess *s = ctx;

	/* Ours in order: the server closes the connection next. */
	if (s->state == LOAD_TEARDOWN && !s->call.refused)
		return;
	sess_fail(s, sess_phase(s), "call closed: %s", reason);
}

static void call_log(void *ctx, enum log_level level, const char *msg)
{
	struct sess *s = ctx;

	if (level <= LOG_LEVEL_WARN && getenv("SSTP_LOAD_DEBUG"))
		fprintf(stderr, "sess %u: %s\n", s->id, msg);
}

static const struct sstp_call_ops call_ops = {
	.send = call_send,
	.accepted = call_accepted,
	.connected = call_connected,
	.closed = call_closed,
	.log = call_log,
};

/* --- PPP ---------------------------------------------------------------- */

/* Call Connected, signed with the HLAK, before the first NCP frame. */
static void send_connected(struct sess *s)
{
	uint8_t hlak[PPP_HLAK_LEN];

	if (s->call.state != SSTP_CALL_CONNECTED_PENDING || ppp_hlak(s->ppp, hlak))
		return;
	sstp_call_send_connected(&s->call, hlak, (uint64_t)L.now);
	OPENSSL_cleanse(hlak, sizeof(hlak));
}

static void ppp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct sess *s = ctx;
	uint8_t pkt[SSTP_MAX_PACKET_LEN], payload[SSTP_MAX_DATA_LEN];
	uint16_t proto = len >= 2 ? (uint16_t)(frame[0] << 8 | frame[1]) : 0;
	int n;

	if (proto == PPP_IPCP || proto == PPP_IPV6CP)
		send_connected(s);
	if (len + 2 > sizeof(payload))
		return;
	payload[0] = 0xff;
	payload[1] = 0x03;
	memcpy(payload + 2, frame, len);
	n = sstp_wire_build_data(pkt, sizeof(pkt), payload, len + 2);
	if (n > 0)
		sess_queue(s, pkt, (size_t)n);
}

static void ppp_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct sess *s = ctx;

	if (sess_over(s))
		return;
	switch (ev) {
	case PPP_EV_AUTH_OK:
		send_connected(s);
		break;
	case PPP_EV_AUTH_FAILED:
		s->auth_failed = true;
		break;
	case PPP_EV_IPV4_UP:
		if (s->state != LOAD_CALL)
			break;
		s->state = LOAD_UP;
		L.in_flight--;
		L.up++;
		break;
	case PPP_EV_DOWN:
		if (s->state == LOAD_TEARDOWN)
			break;
		sess_fail(s, s->state == LOAD_UP ? PHASE_HOLD :
			  info->reason == PPP_DOWN_AUTH_FAILED ? PHASE_AUTH : PHASE_PPP,
			  "ppp down: %s", ppp_down_reason_name(info->reason));
		break;
	default:
		break;
	}
}

static void ppp_log(void *ctx, int level, const char *msg)
{
	struct sess *s = ctx;

	if (level <= 4 && getenv("SSTP_LOAD_DEBUG"))
		fprintf(stderr, "sess %u: ppp: %s\n", s->id, msg);
}

static const struct ppp_link_ops ppp_ops = {
	.send = ppp_send,
	.event = ppp_event,
	.log = ppp_log,
};

static void ppp_ops_init(struct ppp_config *cfg)
{
	ppp_config_init(cfg, PPP_ROLE_CLIENT);
	cfg->auth[0] = PPP_AUTH_MSCHAPV2;
	cfg->user = L.user;
	cfg->password = L.password;
	cfg->request_dns = true;
	cfg->echo_interval_ms = LCP_ECHO_MS;
}

/* --- the stream --------------------------------------------------------- */

static void on_packet(struct sess *s, const uint8_t *pkt, size_t len)
{
	sstp_call_activity(&s->call, (uint64_t)L.now);
	if (sstp_hdr_is_control(pkt)) {
		sstp_call_input(&s->call, pkt, len, (uint64_t)L.now);
		return;
	}
	/* IP packets are none of our business: the engine had its look. */
	if (s->ppp)
		ppp_input(s->ppp, pkt + SSTP_HEADER_LEN, len - SSTP_HEADER_LEN, L.now, NULL);
}

static void on_stream(struct sess *s, const uint8_t *data, size_t len)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int ret = 0;

	while (!sess_over(s) &&
	       (ret = sstp_deframe_next(s->deframe, &data, &len, &pkt, &pkt_len)) == 1)
		on_packet(s, pkt, pkt_len);
	if (!sess_over(s) && ret < 0)
		sess_fail(s, sess_phase(s), "bad SSTP stream: %s", sstp_wire_strerror(ret));
}

static void start_call(struct sess *s, const uint8_t *rest, size_t rest_len)
{
	s->deframe = malloc(sizeof(*s->deframe));
	if (!s->deframe) {
		sess_fail(s, PHASE_HTTP, "out of memory");
		return;
	}
	sstp_deframe_init(s->deframe);
	s->state = LOAD_CALL;
	sstp_call_start_client(&s->call, &call_ops, s, s->cert_sha1, s->cert_sha256,
			       (uint64_t)L.now);
	if (rest_len && !sess_over(s))
		on_stream(s, rest, rest_len);
}

/* What followed the request: the answer's head, maybe SSTP after it. */
static void on_http(struct sess *s, const uint8_t *data, size_t len)
{
	struct sstp_http_response r = { 0 };
	size_t take;
	int head;

	if (!s->head && !(s->head = malloc(SSTP_HTTP_MAX_HEAD))) {
		sess_fail(s, PHASE_HTTP, "out of memory");
		return;
	}
	take = SSTP_HTTP_MAX_HEAD - s->head_len < len ? SSTP_HTTP_MAX_HEAD - s->head_len : len;
	memcpy(s->head + s->head_len, data, take);
	s->head_len += take;
	head = sstp_http_parse_response(s->head, s->head_len, &r);
	if (head == SSTP_HTTP_NEED_MORE)
		return;
	if (head < 0) {
		sess_fail(s, PHASE_HTTP, "answer refused: %s (status %u)", sstp_http_strerror(head),
			  r.status);
		return;
	}
	/* Bytes past the head, in this read, are SSTP. */
	{
		size_t before = s->head_len - take;
		size_t used = (size_t)head - before;

		free(s->head);
		s->head = NULL;
		start_call(s, data + used, len - used);
	}
}

static void send_request(struct sess *s)
{
	char req[512];
	uint8_t g[16];
	int len;

	if (RAND_bytes(g, sizeof(g)) != 1) {
		sess_fail(s, PHASE_HTTP, "no random bytes");
		return;
	}
	g[6] = (uint8_t)((g[6] & 0x0f) | 0x40);
	g[8] = (uint8_t)((g[8] & 0x3f) | 0x80);
	len = snprintf(req, sizeof(req),
		       SSTP_HTTP_METHOD " " SSTP_HTTP_URI " HTTP/1.1\r\n"
		       "Host: %s\r\n"
		       "SSTPCORRELATIONID: {%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
		       "%02X%02X%02X%02X%02X%02X}\r\n"
		       "Content-Length: " SSTP_HTTP_CONTENT_LENGTH "\r\n\r\n",
		       L.host, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9],
		       g[10], g[11], g[12], g[13], g[14], g[15]);
	s->state = LOAD_HTTP;
	sess_queue(s, req, (size_t)len);
}

static void do_handshake(struct sess *s)
{
	unsigned char *der = NULL;
	X509 *cert;
	int ret = SSL_connect(s->ssl), len;

	s->want_write = false;
	if (ret != 1) {
		int err = SSL_get_error(s->ssl, ret);

		if (err == SSL_ERROR_WANT_READ)
			return;
		if (err == SSL_ERROR_WANT_WRITE) {
			s->want_write = true;
			return;
		}
		sess_fail(s, PHASE_TLS, "handshake: %s", ssl_reason());
		return;
	}
	cert = SSL_get1_peer_certificate(s->ssl);
	len = cert ? i2d_X509(cert, &der) : -1;
	if (len <= 0 ||
	    sstp_binding_cert_hashes(der, (size_t)len, s->cert_sha1, s->cert_sha256)) {
		OPENSSL_free(der);
		X509_free(cert);
		sess_fail(s, PHASE_TLS, "no server certificate");
		return;
	}
	OPENSSL_free(der);
	X509_free(cert);
	if (L.tls_only) {
		SSL_shutdown(s->ssl);
		ERR_clear_error();
		s->state = LOAD_DONE;
		L.in_flight--;
		L.handshakes++;
		return;
	}
	send_request(s);
}

static void do_read(struct sess *s)
{
	static uint8_t buf[16384];

	while (!sess_over(s)) {
		int n = SSL_read(s->ssl, buf, sizeof(buf));

		if (n <= 0) {
			int err = SSL_get_error(s->ssl, n);

			if (err == SSL_ERROR_WANT_READ)
				return;
			if (err == SSL_ERROR_WANT_WRITE) {
				s->want_write = true;
				return;
			}
			if (s->state == LOAD_TEARDOWN) {
				/* The server closed: this session is over in order. */
				ERR_clear_error();
				s->state = LOAD_DONE;
				L.up--;
				L.ended++;
				return;
			}
			sess_fail(s, s->state == LOAD_HTTP ? PHASE_HTTP : sess_phase(s),
				  "connection lost: %s",
				  err == SSL_ERROR_ZERO_RETURN ? "server closed" : ssl_reason());
			return;
		}
		s->want_write = false;
		if (s->state == LOAD_HTTP)
			on_http(s, buf, (size_t)n);
		else if (s->state == LOAD_TLS)
			sess_fail(s, PHASE_TLS, "data before the handshake ended");
		else
			on_stream(s, buf, (size_t)n);
	}
}

static void on_io(struct sess *s, uint32_t events)
{
	if (s->state == LOAD_CONNECT) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
			sess_fail(s, PHASE_CONNECT, "%s", strerror(err ? err : errno));
			return;
		}
		s->state = LOAD_TLS;
	}
	if (s->state == LOAD_TLS) {
		do_handshake(s);
	} else {
		if (events & (EPOLLIN | EPOLLERR | EPOLLHUP) || s->want_write)
			do_read(s);
	}
	sess_flush(s);
	sess_reap(s);
}

static void sess_start(struct sess *s)
{
	struct epoll_event e = { .events = EPOLLOUT | EPOLLIN, .data.ptr = s };
	int one = 1;

	s->deadline_ms = L.now + SETUP_TIMEOUT_MS;
	s->state = LOAD_CONNECT;
	L.in_flight++;
	s->fd = socket(L.addr->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		sess_fail(s, PHASE_CONNECT, "socket: %s", strerror(errno));
		return;
	}
	/* Like sstpd: each small control packet goes out at once. */
	setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(s->fd, L.addr->ai_addr, L.addr->ai_addrlen) && errno != EINPROGRESS) {
		sess_fail(s, PHASE_CONNECT, "%s", strerror(errno));
		return;
	}
	s->ssl = SSL_new(L.ctx);
	if (!s->ssl || !SSL_set_fd(s->ssl, s->fd)) {
		sess_fail(s, PHASE_TLS, "cannot make a TLS connection: %s", ssl_reason());
		return;
	}
	SSL_set_tlsext_host_name(s->ssl, L.host);
	SSL_set1_host(s->ssl, L.host);
	s->events = e.events;
	if (epoll_ctl(L.epfd, EPOLL_CTL_ADD, s->fd, &e))
		sess_fail(s, PHASE_CONNECT, "epoll: %s", strerror(errno));
	sess_reap(s);
}

/* Timers of the call and the engine, and our deadlines. */
static void sess_timers(struct sess *s)
{
	uint64_t now = (uint64_t)L.now;

	if (sess_over(s))
		return;
	if ((setting_up(s) || s->state == LOAD_TEARDOWN) && L.now >= s->deadline_ms) {
		sess_fail(s, s->state == LOAD_TEARDOWN ? PHASE_TEARDOWN : PHASE_TIMEOUT,
			  "no %s in %d s", s->state == LOAD_TEARDOWN ? "close" : "IPCP up",
			  (s->state == LOAD_TEARDOWN ? TEARDOWN_TIMEOUT_MS : SETUP_TIMEOUT_MS) / 1000);
		sess_reap(s);
		return;
	}
	if (s->ppp && s->state != LOAD_TEARDOWN) {
		int64_t next = ppp_next_timeout(s->ppp);

		if (next >= 0 && next <= L.now)
			ppp_timeout(s->ppp, L.now);
	}
	if (!sess_over(s) && s->state >= LOAD_CALL && s->call.state != SSTP_CALL_CLOSED &&
	    sstp_call_next_timeout(&s->call) <= now)
		sstp_call_timeout(&s->call, now);
	sess_flush(s);
	sess_reap(s);
}

/* One turn of the loop: I/O for up to wait_ms, then the timers if due. */
static void loop_turn(int wait_ms, int64_t *next_scan)
{
	struct epoll_event ev[256];
	int n = epoll_wait(L.epfd, ev, 256, wait_ms);

	L.now = now_ms();
	for (int i = 0; i < n; i++) {
		struct sess *s = ev[i].data.ptr;

		if (!sess_over(s))
			on_io(s, ev[i].events);
	}
	if (n < 0 && errno != EINTR)
		die("epoll_wait: %s", strerror(errno));
	if (L.now >= *next_scan) {
		for (unsigned int i = 0; i < L.started; i++)
			sess_timers(&L.s[i]);
		*next_scan = L.now + TIMER_SCAN_MS;
	}
}

/* --- measuring the server ------------------------------------------------ */

static long read_kib(const char *path, const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen)) {
			v = strtol(line + klen, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

struct mem {
	long rss, slab;
};

static struct mem mem_sample(void)
{
	char path[64];
	struct mem m = { -1, -1 };

	if (L.server_pid <= 0)
		return m;
	snprintf(path, sizeof(path), "/proc/%d/status", L.server_pid);
	m.rss = read_kib(path, "VmRSS:");
	m.slab = read_kib("/proc/meminfo", "Slab:");
	return m;
}

static void mem_report(const char *what, long before, long after, unsigned int n)
{
	if (before < 0 || after < 0) {
		printf("%s unknown\n", what);
		return;
	}
	printf("%s %ld KiB -> %ld KiB: %.1f KiB per session\n", what, before, after,
	       n ? (double)(after - before) / n : 0.0);
}

/* --- start-up -------------------------------------------------------------- */

static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		fprintf(stderr, "sstp-load: cannot raise the open-file limit: %s\n",
			strerror(errno));
	getrlimit(RLIMIT_NOFILE, &rl);
	/* stdio, epoll and a few for OpenSSL besides one socket each. */
	if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)L.sessions + 16 > rl.rlim_cur)
		fprintf(stderr, "sstp-load: %u sessions exceed the open-file limit %llu "
			"(hard limit): the sessions beyond it will fail at connect\n",
			L.sessions, (unsigned long long)rl.rlim_cur);
}

static void resolve(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	const char *colon = strrchr(L.server, ':');
	size_t hlen;

	if (!colon || colon == L.server || strlen(colon + 1) >= sizeof(L.port))
		die("--server wants ADDR:PORT: '%s'", L.server);
	hlen = (size_t)(colon - L.server);
	if (L.server[0] == '[' && colon[-1] == ']') {
		hlen -= 2;
		memcpy(L.host, L.server + 1, hlen < sizeof(L.host) ? hlen : 0);
	} else {
		memcpy(L.host, L.server, hlen < sizeof(L.host) ? hlen : 0);
	}
	if (hlen >= sizeof(L.host))
		die("--server: name too long: '%s'", L.server);
	L.host[hlen] = '\0';
	snprintf(L.port, sizeof(L.port), "%s", colon + 1);
	if (getaddrinfo(L.host, L.port, &hints, &L.addr))
		die("cannot resolve '%s'", L.server);
}

static SSL_CTX *tls_context(bool insecure, const char *ca)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx)
		die("no TLS context");
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
	/* Every session pays a full handshake, as distinct clients would. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (insecure)
		return ctx;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (ca ? SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1 :
	    SSL_CTX_set_default_verify_paths(ctx) != 1)
		die("cannot load CA certificates%s%s%s", ca ? " from '" : "", ca ? ca : "",
		    ca ? "'" : "");
	return ctx;
}

static unsigned int parse_count(const char *opt, const char *v, unsigned int min,
				unsigned int max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || end == v || n < min || n > max)
		die("%s: not a number from %u to %u: '%s'", opt, min, max, v);
	return (unsigned int)n;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "sessions", required_argument, NULL, 'n' },
		{ "parallel", required_argument, NULL, 'k' },
		{ "hold", required_argument, NULL, 'h' },
		{ "insecure", no_argument, NULL, 'i' },
		{ "ca", required_argument, NULL, 'c' },
		{ "server-pid", required_argument, NULL, 'P' },
		{ "tls-only", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ca = NULL;
	bool insecure = false;
	unsigned int up_n, held_n, lost;
	double t0, t_up, t_down;
	int64_t next_scan = 0, hold_end;
	sig_atomic_t usr1_at_setup;
	struct mem m0, m1;
	int opt;

	L.parallel = 16;
	L.hold_s = 5;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': L.server = optarg; break;
		case 'u': L.user = optarg; break;
		case 'p': L.password = optarg; break;
		case 'n': L.sessions = parse_count("--sessions", optarg, 1, 1000000); break;
		case 'k': L.parallel = parse_count("--parallel", optarg, 1, 100000); break;
		case 'h': L.hold_s = parse_count("--hold", optarg, 0, 86400); break;
		case 'i': insecure = true; break;
		case 'c': ca = optarg; break;
		case 'T': L.tls_only = true; break;
		case 'P': L.server_pid = (int)parse_count("--server-pid", optarg, 1, 1u << 30); break;
		default: die("usage: see the comment at the top of bench/sstp-load.c");
		}
	}
	if (optind != argc || !L.server || !L.user || !L.password || !L.sessions)
		die("--server, --user, --password and --sessions are required");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGUSR1, on_signal);
	raise_nofile();
	resolve();
	if (mschapv2_crypto_init())
		die("OpenSSL legacy provider missing (MD4 for MS-CHAPv2)");
	L.ctx = tls_context(insecure, ca);
	L.epfd = epoll_create1(EPOLL_CLOEXEC);
	L.s = calloc(L.sessions, sizeof(*L.s));
	if (L.epfd < 0 || !L.s)
		die("cannot start: %s", strerror(errno));
	for (unsigned int i = 0; i < L.sessions; i++) {
		L.s[i].id = i + 1;
		L.s[i].fd = -1;
	}

	/* Set-up: keep K handshakes in flight until all N are up or failed. */
	m0 = mem_sample();
	t0 = now_s();
	L.now = now_ms();
	while (!interrupted && (L.in_flight || (!usr1_count && L.started < L.sessions))) {
		while (!usr1_count && L.started < L.sessions && L.in_flight < L.parallel)
			sess_start(&L.s[L.started++]);
		loop_turn(TIMER_SCAN_MS, &next_scan);
	}
	t_up = now_s() - t0;
	if (L.tls_only) {
		printf("tls %u handshakes in %.3f s: %.1f handshakes/s, failed %u\n",
		       L.handshakes, t_up, t_up > 0 ? L.handshakes / t_up : 0.0, L.failed);
		return L.handshakes == L.sessions ? 0 : 2;
	}
	up_n = L.up;
	printf("setup %u sessions in %.3f s: %.1f sessions/s\n", up_n, t_up,
	       t_up > 0 ? up_n / t_up : 0.0);
	usr1_at_setup = usr1_count;
	if (usr1_at_setup)
		printf("setup stopped (SIGUSR1): %u sessions never started\n",
		       L.sessions - L.started);
	if (L.server_pid > 0) {
		m1 = mem_sample();
		mem_report("server rss", m0.rss, m1.rss, up_n);
		mem_report("slab", m0.slab, m1.slab, up_n);
	}
	fflush(stdout);

	/* Hold: the call and the engine answer echo; ours go out too. */
	hold_end = now_ms() + (int64_t)L.hold_s * 1000;
	while (!interrupted && usr1_count == usr1_at_setup && L.now < hold_end)
		loop_turn(TIMER_SCAN_MS, &next_scan);
	held_n = L.up;
	lost = up_n - held_n;
	printf("hold %u sessions for %u s: lost %u\n", held_n, L.hold_s, lost);
	fflush(stdout);

	/* Teardown: Call Disconnect on each, then wait for the server to close. */
	t0 = now_s();
	L.now = now_ms();
	for (unsigned int i = 0; i < L.started; i++) {
		struct sess *s = &L.s[i];

		if (s->state != LOAD_UP)
			continue;
		s->state = LOAD_TEARDOWN;
		s->deadline_ms = L.now + TEARDOWN_TIMEOUT_MS;
		sstp_call_disconnect(&s->call, "load generator done", (uint64_t)L.now);
		sess_flush(s);
		sess_reap(s);
	}
	while (L.up)
		loop_turn(TIMER_SCAN_MS, &next_scan);
	t_down = now_s() - t0;
	printf("teardown %u sessions in %.3f s\n", L.ended, t_down);
	printf("failed %u (", L.failed);
	for (int p = 0; p < PHASE_COUNT; p++)
		printf("%s%s=%u", p ? " " : "", phase_names[p], L.fails[p]);
	printf(")\n");
	if (interrupted)
		printf("interrupted: %u sessions never started\n", L.sessions - L.started);

	for (unsigned int i = 0; i < L.started; i++)
		sess_release(&L.s[i]);
	free(L.s);
	close(L.epfd);
	freeaddrinfo(L.addr);
	SSL_CTX_free(L.ctx);
	mschapv2_crypto_free();
	return L.failed || interrupted ? 2 : 0;
}
