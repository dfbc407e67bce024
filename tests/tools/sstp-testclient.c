// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-testclient: a minimal SSTP client for tests.  It connects, does the
 * HTTP step, the SSTP call and PPP as the client (our own engine in its
 * client role), signs Call Connected (or, with --bad-mac, signs it wrongly
 * on purpose), then moves IP packets between a TUN interface and the tunnel.
 *
 *   sstp-testclient --server ADDR:PORT --user U --password P [--tun NAME]
 *                   [--bad-mac] [--duration SECONDS] [--probe]
 *                   [--flood-echo N]
 *
 * Prints "up LOCAL PEER DNS1" once IPCP is up, "aborted STATUS" when the
 * server aborts.  Exit: 0 after a clean disconnect, 1 on errors, 3 when the
 * server aborted the call.
 *
 * --probe plays a client that sends traffic the instant a network protocol
 * opens, as Windows does: IPv6CP runs too, and in the same turn of the loop
 * that sees IPCP (IPv6CP) open, before reading anything more, the client
 * sends an ICMP echo request to the server's tunnel address (ICMPv6 to its
 * link-local address).  Whether that first request was answered is decided
 * by order, not by a timer: every 500 ms without any answer it sends
 * another, and the tunnel keeps packets in order, so an answer to a later
 * one arriving first means the first was lost.  It prints
 * "probe ipv4 answered" or "probe ipv4 lost: seq N answered first" (and
 * the same for ipv6), then disconnects; exit 4 when a first request was
 * lost.  --duration still bounds the whole run.
 *
 * --flood-echo N plays a hostile client: once IPCP is up it writes N SSTP
 * Echo Requests at once (valid in the connected call, each a netlink
 * message to sstpd in kernel mode), prints "flood sent N" or "flood cut
 * short", and waits for the server to end the connection (exit 0).
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
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "auth/mschapv2.h"
#include "proto/binding.h"
#include "proto/deframe.h"
#include "proto/http.h"
#include "kernel/netcfg.h"
#include "ppp/ppp.h"
#include "kernel/tun.h"
#include "proto/wire.h"

enum client_state {
	CLIENT_WAIT_ACK,
	CLIENT_PPP,
	CLIENT_DISCONNECTING,
	CLIENT_DONE,
};

/* The echo requests of one address family under --probe. */
struct probe {
	const char *name;		/* "ipv4", "ipv6" */
	bool up;			/* its NCP opened: requests go out */
	bool done;
	uint16_t next_seq;		/* of the next request; the first is 1 */
	int64_t next_ms;		/* when to send another without an answer */
	uint8_t src[16], dst[16];	/* ours and the server's tunnel address */
};

struct client {
	SSL *ssl;
	int fd;
	enum client_state state;
	struct ppp *ppp;
	struct sstp_deframe deframe;
	uint8_t nonce[SSTP_NONCE_LEN];
	uint8_t hash_bitmask;
	uint8_t cert_sha1[20], cert_sha256[32];
	bool connected_sent;
	bool bad_mac;
	const char *tun_name;
	struct tun tun;
	struct netcfg *netcfg;
	int exit_code;
	uint64_t tunnel_rx, tunnel_tx;
	bool probing, probe_over;
	unsigned int flood_echo;	/* --flood-echo: Echo Requests to send at once */
	uint16_t probe_id;
	struct probe probe4, probe6;
};

#define PROBE_RESEND_MS	500

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

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "sstp-testclient: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void write_all(struct client *c, const void *buf, size_t len)
{
	if (SSL_write(c->ssl, buf, (int)len) != (int)len)
		die("TLS write failed");
}

static void send_connected(struct client *c);

static void send_frame(void *ctx, const uint8_t *frame, size_t len)
{
	struct client *c = ctx;
	uint8_t pkt[SSTP_MAX_PACKET_LEN];
	uint16_t proto = len >= 2 ? (uint16_t)(frame[0] << 8 | frame[1]) : 0;

	if (len + 6 > sizeof(pkt))
		return;
	/*
	 * Windows sends Call Connected right after authentication, before its
	 * first NCP request; our engine starts the NCPs before it reports
	 * AUTH_OK, so the first NCP frame sends it here.
	 */
	if ((proto == PPP_IPCP || proto == PPP_IPV6CP) && !c->connected_sent)
		send_connected(c);
	sstp_hdr_write(pkt, 0, (uint16_t)(len + 6));
	pkt[4] = 0xff;
	pkt[5] = 0x03;
	memcpy(pkt + 6, frame, len);
	write_all(c, pkt, len + 6);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One echo request of p, as a PPP frame, straight into the tunnel. */
static void probe_send(struct client *c, struct probe *p, int64_t now)
{
	static const char payload[16] = "sstp first pkt";
	uint8_t f[2 + 40 + 8 + sizeof(payload)] = { 0 }, *ip = f + 2, *icmp;
	bool v6 = p == &c->probe6;
	uint16_t seq = p->next_seq++;
	size_t iplen = (v6 ? 40 : 20) + 8 + sizeof(payload);
	uint32_t sum;

	put16(f, v6 ? 0x0057 : 0x0021);
	if (v6) {
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)(8 + sizeof(payload)));
		ip[6] = 58;		/* ICMPv6 */
		ip[7] = 64;
		memcpy(ip + 8, p->src, 16);
		memcpy(ip + 24, p->dst, 16);
		icmp = ip + 40;
		icmp[0] = 128;		/* Echo Request */
	} else {
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)iplen);
		put16(ip + 4, seq);
		ip[8] = 64;
		ip[9] = 1;		/* ICMP */
		memcpy(ip + 12, p->src, 4);
		memcpy(ip + 16, p->dst, 4);
		put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
		icmp = ip + 20;
		icmp[0] = 8;		/* Echo Request */
	}
	put16(icmp + 4, c->probe_id);
	put16(icmp + 6, seq);
	memcpy(icmp + 8, payload, sizeof(payload));
	if (v6) {
		uint8_t pseudo[40] = { 0 };

		memcpy(pseudo, p->src, 16);
		memcpy(pseudo + 16, p->dst, 16);
		put16(pseudo + 34, (uint16_t)(8 + sizeof(payload)));
		pseudo[39] = 58;
		sum = csum_add(csum_add(0, pseudo, sizeof(pseudo)), icmp, 8 + sizeof(payload));
	} else {
		sum = csum_add(0, icmp, 8 + sizeof(payload));
	}
	put16(icmp + 2, csum_fold(sum));
	send_frame(c, f, 2 + iplen);
	p->next_ms = now + PROBE_RESEND_MS;
}

/* An NCP opened: the first request goes out now, before anything is read. */
static void probe_start(struct client *c, struct probe *p, const void *src,
			const void *dst, size_t len)
{
	if (!c->probing || p->up)
		return;
	memcpy(p->src, src, len);
	memcpy(p->dst, dst, len);
	p->up = true;
	p->next_seq = 1;
	probe_send(c, p, now_ms());
}

/* An IP packet from the server: the answer to one of our requests? */
static void probe_input(struct client *c, const uint8_t *ip, size_t len)
{
	bool v6 = len >= 40 && (ip[0] >> 4) == 6;
	struct probe *p = v6 ? &c->probe6 : &c->probe4;
	const uint8_t *icmp;
	uint16_t seq;

	if (!c->probing || !p->up || p->done)
		return;
	if (v6) {
		if (ip[6] != 58 || len < 48)
			return;
		icmp = ip + 40;
		if (icmp[0] != 129)	/* Echo Reply */
			return;
	} else {
		size_t hl = (size_t)(ip[0] & 0x0f) * 4;

		if (len < 20 || (ip[0] >> 4) != 4 || ip[9] != 1 || len < hl + 8)
			return;
		icmp = ip + hl;
		if (icmp[0] != 0)	/* Echo Reply */
			return;
	}
	if ((icmp[4] << 8 | icmp[5]) != c->probe_id)
		return;
	seq = (uint16_t)(icmp[6] << 8 | icmp[7]);
	p->done = true;
	if (seq == 1) {
		printf("probe %s answered\n", p->name);
	} else {
		printf("probe %s lost: seq %u answered first\n", p->name, seq);
		c->exit_code = 4;
	}
	fflush(stdout);
}

/* Another request where none was answered yet; the earliest such time. */
static int64_t probe_tick(struct client *c, int64_t now)
{
	struct probe *ps[] = { &c->probe4, &c->probe6 };
	int64_t next = -1;

	for (size_t i = 0; i < 2; i++) {
		struct probe *p = ps[i];

		if (!p->up || p->done || c->state != CLIENT_PPP)
			continue;
		if (now >= p->next_ms)
			probe_send(c, p, now);
		if (next < 0 || p->next_ms < next)
			next = p->next_ms;
	}
	return next;
}

static void send_connected(struct client *c)
{
	struct sstp_crypto_binding b = { 0 };
	uint8_t pkt[SSTP_CONNECTED_LEN], hlak[PPP_HLAK_LEN];

	b.hash_protocol = c->hash_bitmask & SSTP_HASH_SHA256 ? SSTP_HASH_SHA256 : SSTP_HASH_SHA1;
	memcpy(b.nonce, c->nonce, sizeof(b.nonce));
	if (b.hash_protocol == SSTP_HASH_SHA256)
		memcpy(b.cert_hash, c->cert_sha256, 32);
	else
		memcpy(b.cert_hash, c->cert_sha1, 20);
	if (sstp_wire_build_connected(pkt, sizeof(pkt), &b) != SSTP_CONNECTED_LEN ||
	    ppp_hlak(c->ppp, hlak) ||
	    sstp_binding_mac(b.hash_protocol, hlak, pkt, pkt + SSTP_CONNECTED_MAC_OFFSET))
		die("cannot build Call Connected");
	if (c->bad_mac)
		pkt[SSTP_CONNECTED_MAC_OFFSET] ^= 0x01;
	write_all(c, pkt, sizeof(pkt));
	c->connected_sent = true;
}

/* N Echo Requests in one write; the server's end of the call is expected. */
static void flood_echo(struct client *c)
{
	size_t len = (size_t)c->flood_echo * 8;
	uint8_t *buf = malloc(len);

	if (!buf)
		die("out of memory");
	for (size_t off = 0; off < len; off += 8)
		sstp_wire_build_bare(buf + off, 8, SSTP_MSG_ECHO_REQUEST);
	if (SSL_write(c->ssl, buf, (int)len) == (int)len)
		printf("flood sent %u\n", c->flood_echo);
	else
		printf("flood cut short\n");
	fflush(stdout);
	free(buf);
	c->state = CLIENT_DISCONNECTING;
}

static void on_ipv4_up(struct client *c, const struct ppp_event_info *info)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], dns[INET_ADDRSTRLEN];
	int err;

	inet_ntop(AF_INET, &info->local_ipv4, local, sizeof(local));
	inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
	inet_ntop(AF_INET, &info->dns[0], dns, sizeof(dns));
	if (c->tun_name) {
		err = tun_open(&c->tun, c->tun_name);
		if (!err)
			err = netcfg_open(&c->netcfg);
		if (!err)
			err = netcfg_link_up(c->netcfg, c->tun.ifindex, 1400);
		if (!err)
			err = netcfg_addr4_add(c->netcfg, c->tun.ifindex, info->local_ipv4,
					       info->peer_ipv4);
		if (err)
			die("tun %s: %s", c->tun_name, strerror(-err));
	}
	printf("up %s %s %s\n", local, peer, dns);
	fflush(stdout);
	if (c->flood_echo)
		flood_echo(c);
	probe_start(c, &c->probe4, &info->local_ipv4, &info->peer_ipv4, 4);
}

static void on_ipv6_up(struct client *c, const struct ppp_event_info *info)
{
	uint8_t local[16] = { 0xfe, 0x80 }, peer[16] = { 0xfe, 0x80 };

	memcpy(local + 8, info->local_ifid, PPP_IFID_LEN);
	memcpy(peer + 8, info->peer_ifid, PPP_IFID_LEN);
	probe_start(c, &c->probe6, local, peer, sizeof(local));
}

static void on_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct client *c = ctx;

	switch (ev) {
	case PPP_EV_AUTH_OK:
		if (!c->connected_sent)
			send_connected(c);
		break;
	case PPP_EV_AUTH_FAILED:
		fprintf(stderr, "sstp-testclient: authentication failed\n");
		break;
	case PPP_EV_IPV4_UP:
		on_ipv4_up(c, info);
		break;
	case PPP_EV_IPV6_UP:
		on_ipv6_up(c, info);
		break;
	case PPP_EV_DOWN: {
		/* Exactly one Status Info: what sstpd and Windows expect. */
		struct sstp_status_info st = { 0 };
		uint8_t pkt[32];
		int len = sstp_wire_build_disconnect(pkt, sizeof(pkt), &st);

		fprintf(stderr, "sstp-testclient: ppp down: %s\n",
			ppp_down_reason_name(info->reason));
		if (info->reason == PPP_DOWN_AUTH_FAILED && !c->exit_code)
			c->exit_code = 2;
		if (c->state != CLIENT_DONE && len > 0) {
			write_all(c, pkt, (size_t)len);
			c->state = CLIENT_DISCONNECTING;
		}
		break;
	}
	default:
		break;
	}
}

static void on_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level <= 7 && getenv("SSTP_TESTCLIENT_DEBUG"))
		fprintf(stderr, "ppp: %s\n", msg);
}

static const struct ppp_link_ops ppp_ops = {
	.send = send_frame,
	.event = on_event,
	.log = on_log,
};

static void on_control(struct client *c, const uint8_t *pkt, size_t len)
{
	struct sstp_packet p;
	uint8_t out[16];
	int err = sstp_wire_parse(pkt, len, &p);

	if (err)
		die("bad control packet from server: %s", sstp_wire_strerror(err));
	switch (p.ctrl.type) {
	case SSTP_MSG_CALL_CONNECT_ACK:
		if (c->state != CLIENT_WAIT_ACK)
			die("unexpected Call Connect Ack");
		memcpy(c->nonce, p.ctrl.binding_req.nonce, sizeof(c->nonce));
		c->hash_bitmask = p.ctrl.binding_req.hash_bitmask;
		c->state = CLIENT_PPP;
		ppp_open(c->ppp, now_ms());
		break;
	case SSTP_MSG_CALL_CONNECT_NAK:
		die("server refused the call (Call Connect Nak)");
	case SSTP_MSG_CALL_ABORT:
		printf("aborted %u\n", p.ctrl.has_status ? (unsigned int)p.ctrl.status.status : 0u);
		fflush(stdout);
		c->exit_code = 3;
		c->state = CLIENT_DONE;
		break;
	case SSTP_MSG_CALL_DISCONNECT:
		write_all(c, out, (size_t)sstp_wire_build_bare(out, sizeof(out),
							       SSTP_MSG_CALL_DISCONNECT_ACK));
		c->state = CLIENT_DONE;
		break;
	case SSTP_MSG_CALL_DISCONNECT_ACK:
		c->state = CLIENT_DONE;
		break;
	case SSTP_MSG_ECHO_REQUEST:
		write_all(c, out, (size_t)sstp_wire_build_bare(out, sizeof(out),
							       SSTP_MSG_ECHO_RESPONSE));
		break;
	default:
		break;
	}
}

static void on_data(struct client *c, const uint8_t *frame, size_t len)
{
	size_t off = 0;
	enum ppp_input_result r;

	if (c->state != CLIENT_PPP && c->state != CLIENT_DISCONNECTING)
		return;
	r = ppp_input(c->ppp, frame, len, now_ms(), &off);
	if (r == PPP_INPUT_IPV4 || r == PPP_INPUT_IPV6)
		probe_input(c, frame + off, len - off);
	if ((r == PPP_INPUT_IPV4 || r == PPP_INPUT_IPV6) && c->tun.fd >= 0 &&
	    write(c->tun.fd, frame + off, len - off) == (ssize_t)(len - off))
		c->tunnel_rx++;
}

static void read_tls(struct client *c)
{
	uint8_t buf[16384];
	int n;

	do {
		const uint8_t *data = buf, *pkt;
		size_t left, pkt_len;
		int ret;

		n = SSL_read(c->ssl, buf, sizeof(buf));
		if (n <= 0) {
			int err = SSL_get_error(c->ssl, n);

			if (err == SSL_ERROR_WANT_READ)
				return;
			if (c->state == CLIENT_DONE || c->state == CLIENT_DISCONNECTING) {
				c->state = CLIENT_DONE;
				return;
			}
			die("connection lost");
		}
		left = (size_t)n;
		while ((ret = sstp_deframe_next(&c->deframe, &data, &left, &pkt, &pkt_len)) == 1) {
			if (sstp_hdr_is_control(pkt))
				on_control(c, pkt, pkt_len);
			else
				on_data(c, pkt + SSTP_HEADER_LEN, pkt_len - SSTP_HEADER_LEN);
		}
		if (ret < 0)
			die("bad SSTP stream: %s", sstp_wire_strerror(ret));
	} while (SSL_pending(c->ssl));
}

static void read_tun(struct client *c)
{
	uint8_t frame[2 + 4096];
	ssize_t n = read(c->tun.fd, frame + 2, sizeof(frame) - 2);

	if (n <= 0 || c->state != CLIENT_PPP)
		return;
	frame[0] = 0x00;
	frame[1] = (frame[2] >> 4) == 6 ? 0x57 : 0x21;
	send_frame(c, frame, (size_t)n + 2);
	c->tunnel_tx++;
}

static int connect_tcp(const char *server)
{
	char host[256];
	const char *colon = strrchr(server, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	int fd;

	if (!colon || (size_t)(colon - server) >= sizeof(host))
		die("--server wants ADDR:PORT: '%s'", server);
	memcpy(host, server, (size_t)(colon - server));
	host[colon - server] = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &res))
		die("cannot resolve '%s'", server);
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen))
		die("connect %s: %s", server, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

static void https_step(struct client *c, const char *server)
{
	char req[512], resp[SSTP_HTTP_MAX_HEAD];
	struct sstp_http_response r;
	size_t have = 0;
	unsigned char *der = NULL;
	X509 *cert;
	int len, head;

	if (SSL_connect(c->ssl) != 1)
		die("TLS handshake failed: %s", ERR_reason_error_string(ERR_get_error()));
	cert = SSL_get1_peer_certificate(c->ssl);
	len = cert ? i2d_X509(cert, &der) : -1;
	if (len <= 0 || sstp_binding_cert_hashes(der, (size_t)len, c->cert_sha1, c->cert_sha256))
		die("no server certificate");
	OPENSSL_free(der);
	X509_free(cert);

	len = snprintf(req, sizeof(req),
		       "SSTP_DUPLEX_POST %s HTTP/1.1\r\nHost: %s\r\n"
		       "SSTPCORRELATIONID: {5A433E1B-1A5C-4A5F-9A1E-0123456789AB}\r\n"
		       "Content-Length: 18446744073709551615\r\n\r\n", SSTP_HTTP_URI, server);
	write_all(c, req, (size_t)len);
	/* Byte by byte: nothing after the head may be consumed here. */
	do {
		if (have == sizeof(resp) || SSL_read(c->ssl, resp + have, 1) != 1)
			die("no HTTP answer");
		have++;
		head = sstp_http_parse_response(resp, have, &r);
	} while (head == SSTP_HTTP_NEED_MORE);
	if (head < 0)
		die("HTTP answer refused: %s (status %u)", sstp_http_strerror(head), r.status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "tun", required_argument, NULL, 't' },
		{ "bad-mac", no_argument, NULL, 'b' },
		{ "duration", required_argument, NULL, 'd' },
		{ "probe", no_argument, NULL, 'P' },
		{ "flood-echo", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const char *server = NULL, *user = NULL, *password = NULL;
	struct client c = {
		.tun = { .fd = -1 },
		.probe4 = { .name = "ipv4" },
		.probe6 = { .name = "ipv6" },
	};
	struct ppp_config cfg;
	uint8_t request[16];
	int64_t deadline = -1;
	SSL_CTX *ctx;
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': server = optarg; break;
		case 'u': user = optarg; break;
		case 'p': password = optarg; break;
		case 't': c.tun_name = optarg; break;
		case 'b': c.bad_mac = true; break;
		case 'd': deadline = now_ms() + 1000 * atoll(optarg); break;
		case 'P': c.probing = true; break;
		case 'F': c.flood_echo = (unsigned int)atoi(optarg); break;
		default: die("usage: see the comment at the top of sstp-testclient.c");
		}
	}
	if (!server || !user || !password)
		die("--server, --user and --password are required");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (mschapv2_crypto_init())
		die("OpenSSL legacy provider missing");

	ppp_config_init(&cfg, PPP_ROLE_CLIENT);
	cfg.auth[0] = PPP_AUTH_MSCHAPV2;
	cfg.auth[1] = PPP_AUTH_CHAP_MD5;
	cfg.auth[2] = PPP_AUTH_PAP;
	cfg.user = user;
	cfg.password = password;
	cfg.request_dns = true;
	cfg.ipv6 = c.probing;
	if (c.probing && RAND_bytes((unsigned char *)&c.probe_id, sizeof(c.probe_id)) != 1)
		die("no random bytes");
	c.ppp = ppp_new(&cfg, &ppp_ops, &c);
	if (!c.ppp)
		die("ppp_new failed");

	ctx = SSL_CTX_new(TLS_client_method());
	c.fd = connect_tcp(server);
	c.ssl = SSL_new(ctx);
	SSL_set_fd(c.ssl, c.fd);
	https_step(&c, server);
	sstp_deframe_init(&c.deframe);
	write_all(&c, request, (size_t)sstp_wire_build_connect_request(request, sizeof(request),
								       SSTP_ENCAP_PROTO_PPP));
	c.state = CLIENT_WAIT_ACK;

	while (c.state != CLIENT_DONE) {
		struct pollfd pfd[2] = {
			{ .fd = c.fd, .events = POLLIN },
			{ .fd = c.tun.fd, .events = POLLIN },
		};
		int64_t next = ppp_next_timeout(c.ppp), now = now_ms(), wait = 1000;
		int64_t probe_next = probe_tick(&c, now);

		/* Both answers in: the probe is over, the client leaves. */
		if (c.probing && c.probe4.done && c.probe6.done && !c.probe_over) {
			c.probe_over = true;
			stop_requested = 1;
		}
		if (probe_next >= 0 && (next < 0 || probe_next < next))
			next = probe_next;
		if (stop_requested || (deadline >= 0 && now >= deadline)) {
			stop_requested = 0;
			deadline = -1;
			if (c.state == CLIENT_PPP)
				ppp_close(c.ppp, PPP_DOWN_ADMIN, now);
			else
				break;
		}
		if (next >= 0)
			wait = next <= now ? 0 : (next - now < 1000 ? next - now : 1000);
		if (poll(pfd, c.tun.fd >= 0 ? 2 : 1, (int)wait) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pfd[0].revents || SSL_pending(c.ssl))
			read_tls(&c);
		if (c.tun.fd >= 0 && pfd[1].revents & POLLIN)
			read_tun(&c);
		ppp_timeout(c.ppp, now_ms());
	}
	for (struct probe *p = &c.probe4; c.probing && p; p = p == &c.probe4 ? &c.probe6 : NULL) {
		if (p->done)
			continue;
		printf("probe %s %s\n", p->name, p->up ? "never answered" : "never up");
		if (!c.exit_code)
			c.exit_code = 4;
	}
	fprintf(stderr, "sstp-testclient: done: tunnel rx %llu tx %llu packets\n",
		(unsigned long long)c.tunnel_rx, (unsigned long long)c.tunnel_tx);
	SSL_shutdown(c.ssl);
	SSL_free(c.ssl);
	SSL_CTX_free(ctx);
	close(c.fd);
	tun_close(&c.tun);
	netcfg_close(c.netcfg);
	ppp_free(c.ppp);
	mschapv2_crypto_free();
	return c.exit_code;
}
