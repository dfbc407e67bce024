// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-badserver: an SSTP server that refuses or cheats, to test how a client
 * takes it.  It speaks the real protocol over real TLS (our own self-signed
 * certificate from tls.c, the HTTP answer from http.c, the codec from
 * wire.c), then misbehaves in one way:
 *
 *   --mode nak                answers the Call Connect Request with a Call
 *                             Connect Nak (status 4, value not supported)
 *   --mode abort              answers it with a Call Abort (status 6, retry
 *                             count exceeded), waits for the client's Abort
 *                             (3 s at most, as [MS-SSTP] Abort_Pending) and
 *                             closes, as sstpd's own server does
 *   --mode bad-authenticator  acks the call and runs our PPP engine as the
 *                             server, which checks the client's MS-CHAPv2
 *                             response for real; but in the Success it
 *                             sends, one hex digit of S= (the authenticator
 *                             response, RFC 2759 5) is changed: the server
 *                             says yes without proving it knows the password
 *
 *   sstp-badserver --listen ADDR:PORT --state-dir DIR --mode MODE
 *                  [--user NAME --password PASSWORD]
 *
 * It serves one connection after another until SIGTERM.  Each line it prints
 * says what it received ("recv CALL_CONNECT_REQUEST", "recv ppp 0xc223") or
 * did ("sent CALL_CONNECT_NAK"), and each connection ends with
 *
 *   summary: call connected N, network frames N
 *
 * counting the client's Call Connected messages and its PPP frames of a
 * network protocol (IPCP, IPv6CP, CCP, IP, IPv6, anything below 0xc000),
 * none of which a client may send to a server that failed to prove itself.
 * A client that sends Call Connected anyway is aborted at once.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "auth/mschapv2.h"
#include "proto/deframe.h"
#include "proto/http.h"
#include "ppp/ppp.h"
#include "daemon/tls.h"
#include "proto/wire.h"

enum bad_mode {
	BAD_NAK,
	BAD_ABORT,
	BAD_AUTHENTICATOR,
};

/* A client that neither answers nor leaves is dropped after this. */
#define CONN_IDLE_MS	30000
#define ABORT_WAIT_MS	3000

struct conn {
	SSL *ssl;
	int fd;
	enum bad_mode mode;
	const char *user, *password;
	struct ppp *ppp;
	bool ppp_down;
	struct sstp_deframe deframe;
	bool done;
	int64_t abort_deadline;		/* we aborted: wait for theirs until then */
	unsigned int call_connected, network_frames;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "sstp-badserver: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* A failed write ends the connection; the client may have gone already. */
static void send_bytes(struct conn *c, const void *buf, int len)
{
	if (c->done || len <= 0)
		return;
	if (SSL_write(c->ssl, buf, len) != len) {
		say("write failed: the client is gone");
		ERR_clear_error();
		c->done = true;
	}
}

static void send_control(struct conn *c, const uint8_t *pkt, int len)
{
	if (len <= 0)
		die("cannot build a control packet: %s", sstp_wire_strerror(len));
	send_bytes(c, pkt, len);
	say("sent %s", sstp_wire_msg_name((uint16_t)(pkt[4] << 8 | pkt[5])));
}

static void send_bare(struct conn *c, uint16_t type)
{
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN];

	send_control(c, pkt, sstp_wire_build_bare(pkt, sizeof(pkt), type));
}

static void send_abort(struct conn *c, uint8_t attrib_id, uint32_t status)
{
	struct sstp_status_info st = { .attrib_id = attrib_id, .status = status };
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MAX_LEN];

	send_control(c, pkt, sstp_wire_build_abort(pkt, sizeof(pkt), &st));
	c->abort_deadline = now_ms() + ABORT_WAIT_MS;
}

/*
 * RFC 2759 5: the Success message is "S=<40 hex digits> M=...".  One digit
 * changes; everything else, the CHAP framing included, stays right.
 */
static bool corrupt_success(uint8_t *frame, size_t len)
{
	/* protocol (2), code, id, length (2), then the message */
	uint8_t *msg = frame + 6;

	if (len < 6 + MSCHAPV2_AUTH_RESPONSE_LEN || frame[0] != 0xc2 || frame[1] != 0x23 ||
	    frame[2] != 3 || msg[0] != 'S' || msg[1] != '=')
		return false;
	msg[2] = msg[2] == '0' ? '1' : '0';
	return true;
}

static void ppp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct conn *c = ctx;
	uint8_t pkt[SSTP_MAX_PACKET_LEN];

	if (len + SSTP_HEADER_LEN + 2 > sizeof(pkt))
		return;
	sstp_hdr_write(pkt, 0, (uint16_t)(len + SSTP_HEADER_LEN + 2));
	pkt[4] = 0xff;
	pkt[5] = 0x03;
	memcpy(pkt + 6, frame, len);
	if (c->mode == BAD_AUTHENTICATOR && corrupt_success(pkt + 6, len))
		say("sent MS-CHAPv2 Success with a corrupted authenticator response");
	send_bytes(c, pkt, (int)len + 6);
}

static void ppp_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct conn *c = ctx;

	switch (ev) {
	case PPP_EV_AUTH_OK:
		say("ppp: the client authenticated as '%s' (%s)", info->user ? info->user : "",
		    ppp_auth_name(info->method));
		break;
	case PPP_EV_AUTH_FAILED:
		say("ppp: the client failed to authenticate as '%s'", info->user ? info->user : "");
		break;
	case PPP_EV_DOWN:
		say("ppp: down: %s", ppp_down_reason_name(info->reason));
		c->ppp_down = true;
		break;
	default:
		say("ppp: %s", ppp_event_name(ev));
		break;
	}
}

static void ppp_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level <= LOG_INFO)
		say("ppp: %s", msg);
}

static const struct ppp_link_ops ppp_ops = {
	.send = ppp_send,
	.event = ppp_event,
	.log = ppp_log,
};

static int ppp_secret(void *ctx, const char *user, char *secret, size_t size)
{
	struct conn *c = ctx;

	if (!c->user || strcmp(user, c->user) || strlen(c->password) >= size)
		return -ENOENT;
	memcpy(secret, c->password, strlen(c->password) + 1);
	return 0;
}

static void start_ppp(struct conn *c)
{
	struct ppp_config cfg;

	ppp_config_init(&cfg, PPP_ROLE_SERVER);
	cfg.auth[0] = PPP_AUTH_MSCHAPV2;
	cfg.name = "sstp-badserver";
	cfg.get_secret = ppp_secret;
	cfg.secret_ctx = c;
	inet_pton(AF_INET, "10.97.0.1", &cfg.local_ipv4);
	inet_pton(AF_INET, "10.97.0.2", &cfg.peer_ipv4);
	c->ppp = ppp_new(&cfg, &ppp_ops, c);
	if (!c->ppp)
		die("ppp_new failed");
	ppp_open(c->ppp, now_ms());
}

static void on_connect_request(struct conn *c)
{
	static const uint8_t ppp_id[2] = { 0x00, 0x01 };
	struct sstp_status_info nak = {
		.attrib_id = SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
		.status = SSTP_STATUS_VALUE_NOT_SUPPORTED,
		.value_len = sizeof(ppp_id),
	};
	struct sstp_crypto_binding_req req = {
		.hash_bitmask = SSTP_HASH_SHA1 | SSTP_HASH_SHA256,
	};
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MAX_LEN +
		    SSTP_ATTR_CRYPTO_BINDING_REQ_LEN];

	switch (c->mode) {
	case BAD_NAK:
		memcpy(nak.value, ppp_id, sizeof(ppp_id));
		send_control(c, pkt, sstp_wire_build_connect_nak(pkt, sizeof(pkt), &nak));
		break;
	case BAD_ABORT:
		send_abort(c, SSTP_ATTR_STATUS_INFO, SSTP_STATUS_RETRY_COUNT_EXCEEDED);
		break;
	case BAD_AUTHENTICATOR:
		if (c->ppp) {
			send_abort(c, SSTP_ATTR_NO_ERROR, SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED);
			break;
		}
		if (RAND_bytes(req.nonce, sizeof(req.nonce)) != 1)
			die("no random bytes");
		send_control(c, pkt, sstp_wire_build_connect_ack(pkt, sizeof(pkt), &req));
		start_ppp(c);
		break;
	}
}

static void on_control(struct conn *c, const uint8_t *pkt, size_t len)
{
	struct sstp_packet p;
	int err = sstp_wire_parse(pkt, len, &p);

	if (err) {
		say("recv a malformed control packet: %s", sstp_wire_strerror(err));
		send_abort(c, p.ctrl.err_attr_id, sstp_wire_err_status(err, p.ctrl.err_attr_id));
		return;
	}
	if (p.ctrl.has_status)
		say("recv %s (attribute %u, status %u)", sstp_wire_msg_name(p.ctrl.type),
		    p.ctrl.status.attrib_id, (unsigned int)p.ctrl.status.status);
	else
		say("recv %s", sstp_wire_msg_name(p.ctrl.type));
	if (c->abort_deadline >= 0) {
		/* Abort_Pending: only the client's Abort counts. */
		if (p.ctrl.type == SSTP_MSG_CALL_ABORT)
			c->done = true;
		return;
	}
	switch (p.ctrl.type) {
	case SSTP_MSG_CALL_CONNECT_REQUEST:
		on_connect_request(c);
		break;
	case SSTP_MSG_CALL_CONNECTED:
		/* It accepted a server that proved nothing: no point going on. */
		c->call_connected++;
		send_abort(c, SSTP_ATTR_NO_ERROR, SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED);
		break;
	case SSTP_MSG_CALL_ABORT:
		send_abort(c, SSTP_ATTR_NO_ERROR, SSTP_STATUS_NO_ERROR);
		c->done = true;
		break;
	case SSTP_MSG_CALL_DISCONNECT:
		send_bare(c, SSTP_MSG_CALL_DISCONNECT_ACK);
		c->done = true;
		break;
	case SSTP_MSG_ECHO_REQUEST:
		send_bare(c, SSTP_MSG_ECHO_RESPONSE);
		break;
	default:
		break;
	}
}

static void on_data(struct conn *c, const uint8_t *frame, size_t len)
{
	const uint8_t *f = frame;
	size_t flen = len;
	uint16_t proto;

	if (flen >= 2 && f[0] == 0xff && f[1] == 0x03) {
		f += 2;
		flen -= 2;
	}
	if (flen < 1)
		return;
	proto = f[0] & 1 ? f[0] : flen >= 2 ? (uint16_t)(f[0] << 8 | f[1]) : 0;
	if (flen >= 4 && !(f[0] & 1))
		say("recv ppp 0x%04x code %u", proto, f[2]);
	else
		say("recv ppp 0x%04x", proto);
	if (proto < 0xc000)
		c->network_frames++;
	if (c->ppp && !c->ppp_down)
		ppp_input(c->ppp, frame, len, now_ms(), NULL);
}

/* False once the client closed or the stream is broken. */
static bool read_tls(struct conn *c)
{
	uint8_t buf[16384];

	do {
		const uint8_t *data = buf, *pkt;
		size_t left, pkt_len;
		int n = SSL_read(c->ssl, buf, sizeof(buf)), ret = 0;

		if (n <= 0) {
			int err = SSL_get_error(c->ssl, n);

			if (err == SSL_ERROR_WANT_READ)
				return true;
			say("the client closed the connection%s",
			    err == SSL_ERROR_ZERO_RETURN ? " (TLS close_notify)" : "");
			ERR_clear_error();
			return false;
		}
		left = (size_t)n;
		while (!c->done &&
		       (ret = sstp_deframe_next(&c->deframe, &data, &left, &pkt, &pkt_len)) == 1) {
			if (sstp_hdr_is_control(pkt))
				on_control(c, pkt, pkt_len);
			else
				on_data(c, pkt + SSTP_HEADER_LEN, pkt_len - SSTP_HEADER_LEN);
		}
		if (!c->done && ret < 0) {
			say("bad SSTP stream: %s", sstp_wire_strerror(ret));
			return false;
		}
	} while (!c->done && SSL_pending(c->ssl));
	return true;
}

/* TLS and HTTP; false (said why) when the client did not get that far. */
static bool https_step(struct conn *c)
{
	char req[SSTP_HTTP_MAX_HEAD], resp[512];
	struct sstp_http_request r;
	size_t have = 0;
	int head, len;

	if (SSL_accept(c->ssl) != 1) {
		say("TLS handshake failed: %s", ERR_reason_error_string(ERR_get_error()));
		return false;
	}
	say("TLS %s %s", SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
	/* Byte by byte: what follows the head is SSTP, for the de-framer. */
	do {
		if (have == sizeof(req) || SSL_read(c->ssl, req + have, 1) != 1) {
			say("no HTTP request");
			return false;
		}
		have++;
		head = sstp_http_parse_request(req, have, &r);
	} while (head == SSTP_HTTP_NEED_MORE);
	if (head < 0) {
		say("HTTP request refused: %s", sstp_http_strerror(head));
		return false;
	}
	say("recv SSTP_DUPLEX_POST, Host '%s'", r.has_host ? r.host : "");
	len = sstp_http_build_response(resp, sizeof(resp), time(NULL));
	if (len <= 0)
		die("cannot build the HTTP answer");
	send_bytes(c, resp, len);
	return !c->done;
}

static void serve(SSL *ssl, int fd, enum bad_mode mode, const char *user, const char *password)
{
	struct conn c = {
		.ssl = ssl,
		.fd = fd,
		.mode = mode,
		.user = user,
		.password = password,
		.abort_deadline = -1,
	};
	int64_t idle_deadline = now_ms() + CONN_IDLE_MS;

	sstp_deframe_init(&c.deframe);
	if (!https_step(&c))
		goto out;
	while (!c.done && !stop_requested) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t now = now_ms(), next = c.ppp && !c.ppp_down ? ppp_next_timeout(c.ppp) : -1;
		int64_t wait = 1000;

		if (c.abort_deadline >= 0 && now >= c.abort_deadline) {
			say("no Abort from the client in %d ms", ABORT_WAIT_MS);
			break;
		}
		if (now >= idle_deadline) {
			say("the client stayed silent for %d ms", CONN_IDLE_MS);
			break;
		}
		if (next >= 0)
			wait = next <= now ? 0 : next - now < wait ? next - now : wait;
		if (poll(&pfd, 1, (int)wait) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pfd.revents || SSL_pending(ssl)) {
			idle_deadline = now_ms() + CONN_IDLE_MS;
			if (!read_tls(&c))
				break;
		}
		if (c.ppp && !c.ppp_down)
			ppp_timeout(c.ppp, now_ms());
	}
out:
	say("summary: call connected %u, network frames %u", c.call_connected, c.network_frames);
	SSL_shutdown(ssl);
	ppp_free(c.ppp);
}

static int listen_on(const char *addr)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res;
	int fd, one = 1;

	if (!colon || (size_t)(colon - addr) >= sizeof(host))
		die("--listen wants ADDR:PORT: '%s'", addr);
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &res))
		die("cannot resolve '%s'", addr);
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 4))
		die("listen on %s: %s", addr, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "mode", required_argument, NULL, 'm' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen_addr = NULL, *state_dir = NULL, *mode_name = NULL;
	const char *user = NULL, *password = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	struct tls_server *tls;
	enum bad_mode mode;
	char err[256];
	int opt, lfd;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': listen_addr = optarg; break;
		case 's': state_dir = optarg; break;
		case 'm': mode_name = optarg; break;
		case 'u': user = optarg; break;
		case 'p': password = optarg; break;
		default: die("usage: see the comment at the top of sstp-badserver.c");
		}
	}
	if (!listen_addr || !state_dir || !mode_name)
		die("--listen, --state-dir and --mode are required");
	if (!strcmp(mode_name, "nak"))
		mode = BAD_NAK;
	else if (!strcmp(mode_name, "abort"))
		mode = BAD_ABORT;
	else if (!strcmp(mode_name, "bad-authenticator"))
		mode = BAD_AUTHENTICATOR;
	else
		die("unknown --mode '%s'", mode_name);
	if (mode == BAD_AUTHENTICATOR && (!user || !password))
		die("--mode bad-authenticator needs --user and --password");
	/* No SA_RESTART: SIGTERM interrupts accept() and poll(). */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (mschapv2_crypto_init())
		die("OpenSSL legacy provider missing");
	if (tls_server_new(&(struct tls_settings){ .state_dir = state_dir }, &tls, err,
			   sizeof(err)))
		die("tls: %s", err);
	lfd = listen_on(listen_addr);
	say("listening on %s (mode %s), certificate SHA-256 fingerprint %s", listen_addr,
	    mode_name, tls_server_fingerprint(tls));

	while (!stop_requested) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		char host[NI_MAXHOST] = "?";
		int fd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
		SSL *ssl;

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept: %s", strerror(errno));
		}
		getnameinfo((struct sockaddr *)&peer, plen, host, sizeof(host), NULL, 0,
			    NI_NUMERICHOST);
		say("accepted %s", host);
		ssl = tls_server_accept(tls, fd);
		if (!ssl)
			die("out of memory for TLS");
		serve(ssl, fd, mode, user, password);
		SSL_free(ssl);
		close(fd);
	}
	close(lfd);
	tls_server_free(tls);
	mschapv2_crypto_free();
	return 0;
}
