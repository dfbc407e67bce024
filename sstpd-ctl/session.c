// SPDX-License-Identifier: GPL-2.0
/*
 * One client session in user mode.
 *
 *   TLS_HANDSHAKE --handshake done--> HTTP --SSTP_DUPLEX_POST--> SSTP
 *   HTTP --bad request--> FLUSHING (refusal sent) --> CLOSED
 *   SSTP --call closed, TCP or TLS gone--> CLOSED
 *
 * The SSTP call (sstp.c) and the PPP engine (ppp/) decide; this file moves
 * their packets, owns the descriptors and timers, and tears down.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#include "http.h"
#include "log.h"
#include "netcfg.h"
#include "pool.h"
#include "ppp/ppp.h"
#include "secrets.h"
#include "server.h"
#include "session.h"
#include "tls.h"
#include "wire.h"

#define HANDSHAKE_TIMEOUT_MS	30000	/* TLS, then again for HTTP */
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
/* SSTP header, FF 03 and a 2-byte protocol around an IP packet. */
#define DATA_OVERHEAD		(SSTP_HEADER_LEN + 4)
#define TUN_MTU_MAX		(SSTP_MAX_PACKET_LEN - DATA_OVERHEAD)

static void session_update_timer(struct session *sess);

__attribute__((format(printf, 3, 4)))
static void sess_log(const struct session *sess, enum log_level level, const char *fmt, ...)
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

static uint64_t now_ms(const struct session *sess)
{
	return loop_now(sess->srv->loop);
}

static bool session_live(const struct session *sess)
{
	return sess->phase != SESSION_CLOSED;
}

/* --- output ---------------------------------------------------------- */

static void update_events(struct session *sess)
{
	uint32_t events = EPOLLIN;

	if (sess->want_write || sess->out_len)
		events |= EPOLLOUT;
	loop_fd_modify(sess->srv->loop, &sess->sock, events);
}

static void tun_set_paused(struct session *sess, bool paused)
{
	if (sess->tun.fd < 0 || sess->tun_paused == paused)
		return;
	sess->tun_paused = paused;
	loop_fd_modify(sess->srv->loop, &sess->tun_fd, paused ? 0 : EPOLLIN);
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
		snprintf(reason, sizeof(reason), "client closed the TLS session");
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
		tun_set_paused(sess, false);
	if (sess->phase == SESSION_FLUSHING && !sess->out_len) {
		session_close(sess, "HTTP request refused");
		return;
	}
	update_events(sess);
}

/*
 * Queue bytes for the client.  Control packets (droppable = false) may use
 * the whole queue; a client that lets even those pile up is not reading.
 */
static bool queue_output(struct session *sess, const void *head, size_t head_len,
			 const void *body, size_t body_len, bool droppable)
{
	size_t len = head_len + body_len;

	if (sess->out_len + len > (droppable ? OUT_HIGH : OUT_CAP)) {
		if (!droppable)
			session_close(sess, "client stopped reading");
		return false;
	}
	memcpy(sess->out + sess->out_len, head, head_len);
	memcpy(sess->out + sess->out_len + head_len, body, body_len);
	sess->out_len += len;
	return true;
}

/* A PPP frame (starting with its protocol) as an SSTP data packet. */
static bool send_ppp_frame(struct session *sess, const uint8_t *frame, size_t len,
			   bool droppable)
{
	uint8_t head[SSTP_HEADER_LEN + 2];

	if (len + sizeof(head) > SSTP_MAX_PACKET_LEN)
		return false;
	/* FF 03 always: a peer must take it even after ACFC (RFC 1661 6.6). */
	sstp_hdr_write(head, 0, (uint16_t)(len + sizeof(head)));
	head[4] = 0xff;
	head[5] = 0x03;
	return queue_output(sess, head, sizeof(head), frame, len, droppable);
}

/* --- SSTP call ------------------------------------------------------- */

static void call_send(void *ctx, const uint8_t *pkt, size_t len)
{
	struct session *sess = ctx;

	if (queue_output(sess, pkt, len, NULL, 0, false))
		flush_output(sess);
}

static int start_ppp(struct session *sess);

static void call_accepted(void *ctx)
{
	struct session *sess = ctx;

	if (start_ppp(sess))
		session_close(sess, "out of memory for the PPP engine");
}

static void call_connected(void *ctx, uint8_t hash_protocol)
{
	struct session *sess = ctx;

	sess_log(sess, LOG_LEVEL_DEBUG, "sstp: call connected, crypto binding verified (%s)",
		 hash_protocol == SSTP_HASH_SHA256 ? "SHA-256" : "SHA-1");
}

static void call_closed(void *ctx, const char *reason)
{
	session_close(ctx, reason);
}

static void call_log(void *ctx, enum log_level level, const char *msg)
{
	sess_log(ctx, level, "%s", msg);
}

static const struct sstp_call_ops call_ops = {
	.send = call_send,
	.accepted = call_accepted,
	.connected = call_connected,
	.closed = call_closed,
	.log = call_log,
};

/* --- PPP ------------------------------------------------------------- */

static void ppp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct session *sess = ctx;

	if (send_ppp_frame(sess, frame, len, false))
		flush_output(sess);
}

static int ppp_get_secret(void *ctx, const char *user, char *secret, size_t size)
{
	struct session *sess = ctx;
	const struct secret *e = secrets_lookup(&sess->srv->users, user,
						sess->srv->config->server_name);

	if (!e || strlen(e->secret) >= size)
		return -ENOENT;
	memcpy(secret, e->secret, strlen(e->secret) + 1);
	return 0;
}

/* The user's fixed address, or one from the pool. */
static int assign_address(struct session *sess)
{
	const struct secret *e = secrets_lookup(&sess->srv->users, sess->user,
						sess->srv->config->server_name);
	int err;

	if (e && e->has_addr) {
		err = pool_claim(sess->srv->pool, e->addr);
		if (err == -EBUSY)
			sess_log(sess, LOG_LEVEL_WARN, "fixed address %s of %s is in use",
				 inet_ntoa(e->addr), sess->user);
		else if (err == -ERANGE)
			sess_log(sess, LOG_LEVEL_WARN, "fixed address %s of %s is outside the pool",
				 inet_ntoa(e->addr), sess->user);
		if (err)
			return err;
		sess->addr = e->addr;
	} else {
		err = pool_alloc(sess->srv->pool, &sess->addr);
		if (err) {
			sess_log(sess, LOG_LEVEL_WARN, "address pool %s is exhausted",
				 sess->srv->config->pool);
			return err;
		}
	}
	sess->has_addr = true;
	return 0;
}

static void on_auth_ok(struct session *sess, const struct ppp_event_info *info)
{
	const char *user = info->user ? info->user : "";
	uint8_t hlak[PPP_HLAK_LEN];

	/* An LCP renegotiation authenticates again: it must be the same user. */
	if (sess->auth_method) {
		if (strcmp(sess->user, user))
			session_shutdown(sess, "user changed on re-authentication");
		return;
	}
	snprintf(sess->user, sizeof(sess->user), "%s", user);
	sess->auth_method = ppp_auth_name(info->method);
	sess_log(sess, LOG_LEVEL_INFO, "auth ok: user '%s' (%s)", sess->user, sess->auth_method);
	if (ppp_hlak(sess->ppp, hlak) == 0) {
		sstp_call_set_hlak(&sess->call, hlak, now_ms(sess));
		OPENSSL_cleanse(hlak, sizeof(hlak));
	}
	if (!session_live(sess))
		return;
	if (assign_address(sess)) {
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)now_ms(sess));
		return;
	}
	ppp_set_peer_ipv4(sess->ppp, sess->addr, (int64_t)now_ms(sess));
}

static void on_tun_event(struct loop_fd *lfd, uint32_t events);

static int ensure_tun(struct session *sess)
{
	struct ppp_lcp_info lcp = ppp_lcp_info(sess->ppp);
	unsigned int mtu = lcp.peer_mru;
	char name[IF_NAMESIZE];
	int err;

	if (sess->tun.fd >= 0)
		return 0;
	if (mtu > sess->srv->config->mru)
		mtu = sess->srv->config->mru;
	if (mtu > TUN_MTU_MAX)
		mtu = TUN_MTU_MAX;
	snprintf(name, sizeof(name), "sstp%u", sess->id);
	err = tun_open(&sess->tun, name);
	if (!err)
		err = netcfg_link_up(sess->srv->netcfg, sess->tun.ifindex, mtu);
	if (err) {
		sess_log(sess, LOG_LEVEL_ERROR, "cannot set up interface %s: %s", name,
			 strerror(-err));
		tun_close(&sess->tun);
		return err;
	}
	sess->tun_fd.fd = sess->tun.fd;
	sess->tun_fd.on_event = on_tun_event;
	sess->tun_paused = false;
	return loop_fd_add(sess->srv->loop, &sess->tun_fd, EPOLLIN);
}

static void on_ipv4_up(struct session *sess, const struct ppp_event_info *info)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];
	int err;

	inet_ntop(AF_INET, &info->local_ipv4, local, sizeof(local));
	inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
	err = ensure_tun(sess);
	if (!err)
		err = netcfg_addr4_add(sess->srv->netcfg, sess->tun.ifindex, info->local_ipv4,
				       info->peer_ipv4);
	if (err) {
		sess_log(sess, LOG_LEVEL_ERROR, "cannot configure %s peer %s: %s", local, peer,
			 strerror(-err));
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)now_ms(sess));
		return;
	}
	sess->ipv4_up = true;
	sess_log(sess, LOG_LEVEL_INFO, "up: user '%s' address %s on %s (user mode)",
		 sess->user, peer, sess->tun.name);
}

static void on_ipv6_up(struct session *sess, const struct ppp_event_info *info)
{
	int err = ensure_tun(sess);

	if (!err)
		err = netcfg_addr6_link_local_add(sess->srv->netcfg, sess->tun.ifindex,
						  info->local_ifid);
	if (err) {
		/* IPv4 may still serve: IPv6 stays off for this session. */
		sess_log(sess, LOG_LEVEL_WARN, "cannot configure IPv6 link-local addresses: %s",
			 strerror(-err));
		return;
	}
	sess->ipv6_up = true;
	sess_log(sess, LOG_LEVEL_DEBUG, "ipv6cp up on %s", sess->tun.name);
}

static void ppp_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct session *sess = ctx;

	if (!session_live(sess))
		return;
	switch (ev) {
	case PPP_EV_AUTH_OK:
		on_auth_ok(sess, info);
		break;
	case PPP_EV_AUTH_FAILED:
		snprintf(sess->user, sizeof(sess->user), "%s", info->user ? info->user : "");
		sess_log(sess, LOG_LEVEL_WARN, "auth failed: user '%s' (%s)",
			 info->user ? info->user : "", ppp_auth_name(info->method));
		break;
	case PPP_EV_IPV4_UP:
		on_ipv4_up(sess, info);
		break;
	case PPP_EV_IPV4_DOWN:
		sess->ipv4_up = false;
		break;
	case PPP_EV_IPV6_UP:
		on_ipv6_up(sess, info);
		break;
	case PPP_EV_IPV6_DOWN:
		sess->ipv6_up = false;
		break;
	case PPP_EV_DOWN: {
		char reason[96];

		snprintf(reason, sizeof(reason), "ppp: %s", ppp_down_reason_name(info->reason));
		sstp_call_disconnect(&sess->call, reason, now_ms(sess));
		break;
	}
	}
	session_update_timer(sess);
}

static void ppp_log(void *ctx, int level, const char *msg)
{
	enum log_level ours = level <= LOG_ERR ? LOG_LEVEL_ERROR :
			      level == LOG_WARNING ? LOG_LEVEL_WARN :
			      level <= LOG_INFO ? LOG_LEVEL_INFO : LOG_LEVEL_DEBUG;

	sess_log(ctx, ours, "ppp: %s", msg);
}

static const struct ppp_link_ops ppp_ops = {
	.send = ppp_send,
	.event = ppp_event,
	.log = ppp_log,
};

static int start_ppp(struct session *sess)
{
	const struct config *c = sess->srv->config;
	struct ppp_config cfg;

	ppp_config_init(&cfg, PPP_ROLE_SERVER);
	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++) {
		static const enum ppp_auth map[] = {
			[CONFIG_AUTH_MSCHAPV2] = PPP_AUTH_MSCHAPV2,
			[CONFIG_AUTH_CHAP] = PPP_AUTH_CHAP_MD5,
			[CONFIG_AUTH_PAP] = PPP_AUTH_PAP,
		};

		cfg.auth[i] = i < c->auth_count ? map[c->auth[i]] : PPP_AUTH_NONE;
	}
	cfg.name = c->server_name;
	cfg.get_secret = ppp_get_secret;
	cfg.secret_ctx = sess;
	cfg.mru = (uint16_t)c->mru;
	cfg.local_ipv4 = pool_server_addr(sess->srv->pool);
	for (int i = 0; i < c->dns_count; i++)
		cfg.dns[i] = c->dns[i];
	cfg.ipv6 = c->ipv6;
	sess->ppp = ppp_new(&cfg, &ppp_ops, sess);
	if (!sess->ppp)
		return -ENOMEM;
	ppp_open(sess->ppp, (int64_t)now_ms(sess));
	return 0;
}

/* --- user-mode data path --------------------------------------------- */

static void on_tun_event(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, tun_fd);
	uint8_t frame[2 + TUN_MTU_MAX];

	(void)events;
	for (int budget = 64; budget > 0 && session_live(sess) && !sess->tun_paused; budget--) {
		ssize_t n = read(sess->tun.fd, frame + 2, sizeof(frame) - 2);
		bool ipv6;

		if (n <= 0)
			break;
		ipv6 = (frame[2] >> 4) == 6;
		/* Until the call is connected and the NCP is up, nothing goes out. */
		if (!sstp_call_is_connected(&sess->call) || (ipv6 ? !sess->ipv6_up : !sess->ipv4_up)) {
			sess->counters.tx_dropped++;
			continue;
		}
		frame[0] = 0x00;
		frame[1] = ipv6 ? 0x57 : 0x21;
		if (!send_ppp_frame(sess, frame, (size_t)n + 2, true)) {
			sess->counters.tx_dropped++;
			tun_set_paused(sess, true);
			break;
		}
		sess->counters.tx_packets++;
		sess->counters.tx_bytes += (uint64_t)n;
	}
	if (session_live(sess))
		flush_output(sess);
}

static void deliver_ip(struct session *sess, const uint8_t *packet, size_t len)
{
	if (!sstp_call_is_connected(&sess->call) || sess->tun.fd < 0 ||
	    write(sess->tun.fd, packet, len) != (ssize_t)len) {
		sess->counters.rx_dropped++;
		return;
	}
	sess->counters.rx_packets++;
	sess->counters.rx_bytes += len;
}

static void on_data_packet(struct session *sess, const uint8_t *frame, size_t len)
{
	enum ppp_input_result result;
	size_t off = 0;

	if (!sess->ppp)
		return;
	result = ppp_input(sess->ppp, frame, len, (int64_t)now_ms(sess), &off);
	if (result == PPP_INPUT_IPV4 || result == PPP_INPUT_IPV6)
		deliver_ip(sess, frame + off, len - off);
}

/* --- SSTP stream ----------------------------------------------------- */

static void sstp_stream_input(struct session *sess, const uint8_t *data, size_t len)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int ret;

	while (session_live(sess) &&
	       (ret = sstp_deframe_next(&sess->deframe, &data, &len, &pkt, &pkt_len)) != 0) {
		if (ret < 0) {
			char reason[96];

			/* [MS-SSTP] 3.2.5.1: a bad header ends the connection silently. */
			snprintf(reason, sizeof(reason), "malformed SSTP stream: %s",
				 sstp_wire_strerror(ret));
			session_close(sess, reason);
			return;
		}
		sstp_call_activity(&sess->call, now_ms(sess));
		if (sstp_hdr_is_control(pkt))
			sstp_call_input(&sess->call, pkt, pkt_len, now_ms(sess));
		else if (sess->call.state < SSTP_CALL_ABORT_PENDING)
			on_data_packet(sess, pkt + SSTP_HEADER_LEN, pkt_len - SSTP_HEADER_LEN);
	}
}

/* --- HTTP step ------------------------------------------------------- */

static void refuse_http(struct session *sess, int err)
{
	char answer[512];
	int len;

	sess_log(sess, LOG_LEVEL_WARN, "refused HTTP request: %s", sstp_http_strerror(err));
	len = sstp_http_build_refusal(answer, sizeof(answer), sstp_http_err_status(err),
				      time(NULL));
	if (len <= 0 || !queue_output(sess, answer, (size_t)len, NULL, 0, false)) {
		session_close(sess, "HTTP request refused");
		return;
	}
	sess->phase = SESSION_FLUSHING;
	sess->phase_deadline_ms = now_ms(sess) + FLUSH_TIMEOUT_MS;
	flush_output(sess);
}

static void start_call(struct session *sess)
{
	uint8_t nonce[SSTP_NONCE_LEN];

	if (RAND_bytes(nonce, sizeof(nonce)) != 1) {
		session_close(sess, "no random bytes for the crypto binding nonce");
		return;
	}
	sess->phase = SESSION_SSTP;
	sess->phase_deadline_ms = 0;
	sstp_deframe_init(&sess->deframe);
	sstp_call_start(&sess->call, &call_ops, sess, nonce,
			tls_server_cert_sha1(sess->srv->tls),
			tls_server_cert_sha256(sess->srv->tls), now_ms(sess));
}

static void http_input(struct session *sess, const uint8_t *data, size_t len)
{
	struct sstp_http_request req;
	char answer[512];
	size_t room = sizeof(sess->http) - sess->http_len;
	size_t take = len < room ? len : room;
	int head, answer_len;

	memcpy(sess->http + sess->http_len, data, take);
	sess->http_len += take;
	head = sstp_http_parse_request(sess->http, sess->http_len, &req);
	if (head == SSTP_HTTP_NEED_MORE && take < len)
		head = SSTP_HTTP_ERR_TOO_LARGE;
	if (head == SSTP_HTTP_NEED_MORE)
		return;
	if (head < 0) {
		refuse_http(sess, head);
		return;
	}
	answer_len = sstp_http_build_response(answer, sizeof(answer), time(NULL));
	if (answer_len <= 0 || !queue_output(sess, answer, (size_t)answer_len, NULL, 0, false))
		return;
	sess_log(sess, LOG_LEVEL_DEBUG, "HTTP: SSTP request for host '%s'",
		 req.has_host ? req.host : "");
	start_call(sess);
	if (!session_live(sess))
		return;
	flush_output(sess);
	/* Whatever followed the request head is already SSTP. */
	if (session_live(sess) && (size_t)head < sess->http_len)
		sstp_stream_input(sess, (const uint8_t *)sess->http + head,
				  sess->http_len - (size_t)head);
	if (session_live(sess) && take < len)
		sstp_stream_input(sess, data + take, len - take);
}

/* --- socket ---------------------------------------------------------- */

static void handshake(struct session *sess)
{
	int ret = SSL_do_handshake(sess->ssl);

	if (ret == 1) {
		sess->phase = SESSION_HTTP;
		sess->phase_deadline_ms = now_ms(sess) + HANDSHAKE_TIMEOUT_MS;
		sess_log(sess, LOG_LEVEL_DEBUG, "TLS: %s %s", SSL_get_version(sess->ssl),
			 SSL_get_cipher_name(sess->ssl));
		return;
	}
	switch (SSL_get_error(sess->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		sess->want_write = false;
		break;
	case SSL_ERROR_WANT_WRITE:
		sess->want_write = true;
		break;
	default:
		close_on_ssl_error(sess, ret, "handshaking");
		return;
	}
	update_events(sess);
}

static void read_input(struct session *sess)
{
	uint8_t buf[READ_CHUNK];
	size_t total = 0;

	while (session_live(sess) && sess->phase != SESSION_FLUSHING && total < READ_BUDGET) {
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
		if (sess->phase == SESSION_HTTP)
			http_input(sess, buf, (size_t)n);
		else if (sess->phase == SESSION_SSTP)
			sstp_stream_input(sess, buf, (size_t)n);
	}
}

static void on_sock_event(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, sock);

	if (!session_live(sess))
		return;
	if (sess->phase == SESSION_TLS_HANDSHAKE) {
		handshake(sess);
		if (sess->phase == SESSION_TLS_HANDSHAKE)
			goto out;
	}
	if (events & EPOLLOUT && session_live(sess))
		flush_output(sess);
	if (session_live(sess))
		read_input(sess);
out:
	if (session_live(sess))
		session_update_timer(sess);
}

/* --- timers ---------------------------------------------------------- */

static void on_timer(struct loop_timer *timer)
{
	struct session *sess = container_of(timer, struct session, timer);
	uint64_t now = now_ms(sess);

	if (sess->phase_deadline_ms && now >= sess->phase_deadline_ms) {
		static const char *const reasons[] = {
			[SESSION_TLS_HANDSHAKE] = "TLS handshake timed out",
			[SESSION_HTTP] = "no HTTP request in time",
			[SESSION_FLUSHING] = "HTTP request refused; client not reading",
		};

		session_close(sess, reasons[sess->phase]);
		return;
	}
	if (sess->ppp)
		ppp_timeout(sess->ppp, (int64_t)now);
	if (session_live(sess) && sess->phase == SESSION_SSTP)
		sstp_call_timeout(&sess->call, now);
	if (session_live(sess))
		session_update_timer(sess);
}

static void session_update_timer(struct session *sess)
{
	uint64_t deadline = UINT64_MAX;

	if (!session_live(sess))
		return;
	if (sess->phase_deadline_ms)
		deadline = sess->phase_deadline_ms;
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
	free(sess->out);
	free(sess);
}

struct session *session_new(struct server *srv, int fd, const char *peer)
{
	struct session *sess = calloc(1, sizeof(*sess));

	if (!sess)
		return NULL;
	sess->out = malloc(OUT_CAP);
	sess->ssl = tls_server_accept(srv->tls, fd);
	if (!sess->out || !sess->ssl) {
		SSL_free(sess->ssl);
		free(sess->out);
		free(sess);
		return NULL;
	}
	sess->srv = srv;
	sess->id = ++srv->next_session_id;
	snprintf(sess->peer, sizeof(sess->peer), "%s", peer);
	sess->tun.fd = -1;
	sess->sock.fd = fd;
	sess->sock.on_event = on_sock_event;
	sess->timer.on_expire = on_timer;
	sess->free_work.run = session_free;
	sess->started_ms = loop_now(srv->loop);
	sess->phase_deadline_ms = sess->started_ms + HANDSHAKE_TIMEOUT_MS;
	if (loop_fd_add(srv->loop, &sess->sock, EPOLLIN)) {
		SSL_free(sess->ssl);
		free(sess->out);
		free(sess);
		return NULL;
	}
	sess_log(sess, LOG_LEVEL_INFO, "connect from %s", peer);
	session_update_timer(sess);
	return sess;
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
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)now_ms(sess));
	if (session_live(sess))
		sstp_call_disconnect(&sess->call, reason, now_ms(sess));
	if (session_live(sess))
		session_update_timer(sess);
}

void session_close(struct session *sess, const char *reason)
{
	struct server *srv = sess->srv;
	uint64_t uptime = (now_ms(sess) - sess->started_ms) / 1000;

	if (!session_live(sess))
		return;
	/* A last word (Abort, Disconnect Ack) may still sit in the queue. */
	if (sess->out_len && sess->phase != SESSION_TLS_HANDSHAKE)
		SSL_write(sess->ssl, sess->out, (int)sess->out_len);
	sess->phase = SESSION_CLOSED;
	sess_log(sess, LOG_LEVEL_INFO,
		 "disconnect: %s; user '%s' up %llus, rx %llu bytes %llu packets, "
		 "tx %llu bytes %llu packets, dropped rx %llu tx %llu",
		 reason, sess->user, (unsigned long long)uptime,
		 (unsigned long long)sess->counters.rx_bytes,
		 (unsigned long long)sess->counters.rx_packets,
		 (unsigned long long)sess->counters.tx_bytes,
		 (unsigned long long)sess->counters.tx_packets,
		 (unsigned long long)sess->counters.rx_dropped,
		 (unsigned long long)sess->counters.tx_dropped);

	if (sess->ppp && ppp_phase(sess->ppp) != PPP_PHASE_DEAD)
		ppp_lower_down(sess->ppp, (int64_t)now_ms(sess));
	if (sess->has_addr && !pool_release(srv->pool, sess->addr))
		sess_log(sess, LOG_LEVEL_DEBUG, "released address %s, %zu in use",
			 inet_ntoa(sess->addr), pool_in_use(srv->pool));
	sess->has_addr = false;
	if (sess->tun.fd >= 0) {
		loop_fd_remove(srv->loop, &sess->tun_fd);
		tun_close(&sess->tun);
	}
	loop_timer_cancel(srv->loop, &sess->timer);
	loop_fd_remove(srv->loop, &sess->sock);
	/* close_notify, without waiting for the client's. */
	SSL_shutdown(sess->ssl);
	ERR_clear_error();
	SSL_free(sess->ssl);
	sess->ssl = NULL;
	close(sess->sock.fd);
	sess->sock.fd = -1;
	server_session_gone(srv, sess);
	loop_defer(srv->loop, &sess->free_work);
}
