// SPDX-License-Identifier: GPL-2.0
/*
 * ktls-stream: the ceiling of any TLS tunnel between two machines.  Each
 * stream is a TCP connection whose TLS handshake OpenSSL does, then goes to
 * the kernel both ways with sstpd's own hand-off (sstpd-ctl/kernel/ktls.c);
 * from there on data is plain write() and read() on the socket, 16 KiB
 * records one way for S seconds.  What is measured is kTLS and TCP alone:
 * no tunnel over them (SSTP, with or without sstp.ko) can go faster.
 *
 *   ktls-stream listen --listen ADDR:PORT --cert FILE --key FILE
 *                      [--tls 1.2|1.3] [--streams N]
 *   ktls-stream connect --connect ADDR:PORT [--tls 1.2|1.3] [--streams N]
 *                       [--seconds S] [--direction up|down] [--record BYTES]
 *
 * TLS 1.2 is ECDHE-RSA-AES128-GCM-SHA256 (ECDHE-ECDSA- with an EC key),
 * TLS 1.3 is TLS_AES_256_GCM_SHA384, what Windows picks; both ends allow
 * only the one version (default 1.3) and that cipher, so that a figure
 * always means the same thing.  Up is client to server (the default).
 *
 * The connect side opens N connections (default 1), each with a full
 * handshake, and starts them together once all are in kTLS.  On each:
 *
 *   client -> server  the hello, the first kTLS record (16 bytes): "KTS1",
 *                     'u' or 'd', three zero bytes, the duration in ms and
 *                     the record size (each 32 bits, big-endian)
 *   server -> client  "KTSR" once its end is in kTLS: the client sends no
 *                     data before, or OpenSSL on a slow server would read
 *                     it ahead of the hand-off
 *   sender            records of --record bytes (default 16384, one write
 *                     each) for the duration, then shutdown(SHUT_WR): a TCP
 *                     FIN, no close_notify (OpenSSL is gone after the
 *                     hand-off)
 *   receiver          reads into 64 KiB until EOF, then answers with the
 *                     payload bytes it read (12 bytes: "KTSC", 64 bits
 *                     big-endian) and closes
 *   sender            reads that count and the EOF behind it, and closes
 *
 * So the count is the receiving end's, exact, in either direction.  The
 * connect side prints one line on stdout (wrapped here):
 *
 *   ktls-stream: tls=1.3 cipher=TLS_AES_256_GCM_SHA384 streams=4
 *       direction=up seconds=10.012 bytes=B mbit=M
 *
 * seconds from the start of the streams to the last receiver's EOF as the
 * client learns it, bytes summed over the streams, mbit = bytes * 8 /
 * seconds / 10^6.  Exit 0, or 1 with the reason on stderr.
 *
 * The listen side serves until SIGTERM or SIGINT (exit 0), each
 * connection on its own thread and on its own: measurements follow each
 * other against one listener, and a connection that fails (handshake,
 * hello) is said on stderr and ends alone.  --streams N is the most it
 * serves at once (default 64; at least the client's --streams): more are
 * closed at once.  It prints a line per stream on stdout.
 *
 * In two network namespaces joined by a veth pair (tests/vm/lib.sh
 * vm_netns_pair), after modprobe tls:
 *
 *   ip netns exec server build/bench/ktls-stream listen \
 *       --listen 192.0.2.1:4433 --cert cert.pem --key key.pem --tls 1.3 &
 *   ip netns exec client build/bench/ktls-stream connect \
 *       --connect 192.0.2.1:4433 --tls 1.3 --streams 4 --seconds 10
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kernel/ktls.h"

#define RECORD_MAX		16384	/* a TLS record's plaintext, at most */
#define READ_LEN		65536
#define DRAIN_MAX		65536	/* decrypted by OpenSSL before the hand-off */
#define HELLO_LEN		16
#define COUNT_LEN		12
#define STREAMS_MAX		1024
#define LISTEN_STREAMS		64
#define HANDSHAKE_TIMEOUT_S	10
/* The hello waits for every handshake of the client's run. */
#define IO_TIMEOUT_S		60

static const char tls12_ciphers[] = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";
static const char tls13_suites[] = "TLS_AES_256_GCM_SHA384";

enum direction {
	DIR_UP,		/* client to server */
	DIR_DOWN,
};

/* One TCP connection, from accept() or connect() to close(). */
struct conn {
	int fd;
	char name[80];			/* "stream 3", or the client's address */
	char cipher[64];
	char err[320];			/* why it failed; empty while all is well */
	uint8_t pre[DRAIN_MAX];		/* what OpenSSL had decrypted: read first */
	size_t pre_len, pre_off;
	bool slot;			/* listen: counted in active */
	bool cut;			/* the peer closed during the handshake */
	uint64_t bytes;			/* connect: payload the receiving end read */
	double t_end;			/* connect: when that count was known */
};

struct opts {
	bool listen;
	const char *addr, *cert, *key;
	int version;
	unsigned int streams, record;
	double seconds;
	enum direction dir;
};

static struct opts O;
static SSL_CTX *ctx;
static double t_start;			/* connect: the streams start */
static atomic_uint active;		/* listen: connections being served */

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "ktls-stream: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* Always -1, for "return conn_fail(...)"; the first reason is kept. */
__attribute__((format(printf, 2, 3)))
static int conn_fail(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *io_error(int err)
{
	if (err == EAGAIN || err == EWOULDBLOCK)
		return "timed out";
	if (err == EBADMSG)
		return "a record failed to decrypt (EBADMSG)";
	if (err == EIO)
		return "a record that is not data, or TLS failed (EIO)";
	return strerror(err);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* --- plaintext on a kTLS socket ------------------------------------------ */

/* What the drain kept first, then the socket; 0 at EOF, -1 with errno. */
static ssize_t conn_read(struct conn *c, void *buf, size_t len)
{
	ssize_t n;

	if (c->pre_off < c->pre_len) {
		size_t k = c->pre_len - c->pre_off < len ? c->pre_len - c->pre_off : len;

		memcpy(buf, c->pre + c->pre_off, k);
		c->pre_off += k;
		return (ssize_t)k;
	}
	do
		n = read(c->fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

static int conn_read_full(struct conn *c, uint8_t *buf, size_t len, const char *what)
{
	for (size_t got = 0; got < len;) {
		ssize_t n = conn_read(c, buf + got, len - got);

		if (n < 0)
			return conn_fail(c, "reading the %s: %s", what, io_error(errno));
		if (!n)
			return conn_fail(c, "connection closed before the %s", what);
		got += (size_t)n;
	}
	return 0;
}

/* One write() is one record, unless a signal cuts it. */
static int conn_write_full(struct conn *c, const uint8_t *buf, size_t len, const char *what)
{
	while (len) {
		ssize_t n = write(c->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return conn_fail(c, "writing the %s: %s", what, io_error(errno));
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int expect_eof(struct conn *c)
{
	uint8_t b;
	ssize_t n = conn_read(c, &b, 1);

	if (n < 0)
		return conn_fail(c, "waiting for the close: %s", io_error(errno));
	return n ? conn_fail(c, "data after the byte count") : 0;
}

/* The sender's part: records until the deadline, then the FIN. */
static int send_until(struct conn *c, double deadline, unsigned int record, uint64_t *sent)
{
	uint8_t *buf = malloc(record);

	*sent = 0;
	if (!buf)
		return conn_fail(c, "out of memory");
	for (unsigned int i = 0; i < record; i++)
		buf[i] = (uint8_t)(i * 7);
	while (now_s() < deadline) {
		if (conn_write_full(c, buf, record, "data"))
			break;
		*sent += record;
	}
	free(buf);
	return c->err[0] ? -1 : 0;
}

/* The receiver's part: count until EOF. */
static int receive_all(struct conn *c, uint64_t *got)
{
	uint8_t *buf = malloc(READ_LEN);
	ssize_t n;

	*got = 0;
	if (!buf)
		return conn_fail(c, "out of memory");
	while ((n = conn_read(c, buf, READ_LEN)) > 0)
		*got += (uint64_t)n;
	free(buf);
	if (n < 0)
		return conn_fail(c, "reading data after %llu bytes: %s",
				 (unsigned long long)*got, io_error(errno));
	return 0;
}

static int count_send(struct conn *c, uint64_t n)
{
	uint8_t msg[COUNT_LEN] = { 'K', 'T', 'S', 'C' };

	put32(msg + 4, (uint32_t)(n >> 32));
	put32(msg + 8, (uint32_t)n);
	return conn_write_full(c, msg, sizeof(msg), "byte count");
}

static int count_read(struct conn *c, uint64_t *n)
{
	uint8_t msg[COUNT_LEN];

	if (conn_read_full(c, msg, sizeof(msg), "byte count"))
		return -1;
	if (memcmp(msg, "KTSC", 4))
		return conn_fail(c, "the byte count is malformed");
	*n = (uint64_t)get32(msg + 4) << 32 | get32(msg + 8);
	return 0;
}

/* --- TLS, then the hand-off ------------------------------------------------ */

/* What OpenSSL's error e says; a system error by its errno. */
static const char *tls_reason(unsigned long e)
{
	if (e && ERR_SYSTEM_ERROR(e))
		return strerror(ERR_GET_REASON(e));
	if (e && ERR_reason_error_string(e))
		return ERR_reason_error_string(e);
	return "TLS error";
}

static void tls_context(void)
{
	bool server = O.listen;

	ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!ctx)
		die("TLS context: %s", tls_reason(ERR_get_error()));
	if (!SSL_CTX_set_min_proto_version(ctx, O.version) ||
	    !SSL_CTX_set_max_proto_version(ctx, O.version) ||
	    SSL_CTX_set_cipher_list(ctx, tls12_ciphers) != 1 ||
	    SSL_CTX_set_ciphersuites(ctx, tls13_suites) != 1)
		die("TLS settings refused by OpenSSL: %s",
		    tls_reason(ERR_get_error()));
	/*
	 * After the hand-off nothing but data may come: no renegotiation and
	 * no session tickets (records OpenSSL would write once the kernel
	 * has the socket); each stream pays a full handshake.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (ktls_ctx_enable(ctx))
		die("kTLS: out of memory");
	if (!server) {
		/* A benchmark: any certificate will do, nothing is authenticated. */
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		return;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, O.cert) != 1)
		die("certificate '%s': %s", O.cert, tls_reason(ERR_get_error()));
	if (SSL_CTX_use_PrivateKey_file(ctx, O.key, SSL_FILETYPE_PEM) != 1)
		die("key '%s': %s", O.key, tls_reason(ERR_get_error()));
	if (SSL_CTX_check_private_key(ctx) != 1)
		die("key '%s' does not go with certificate '%s'", O.key, O.cert);
}

/* Whether the kernel offers the "tls" upper layer (the tls module). */
static bool ktls_in_kernel(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_available_ulp", "r");
	char line[256], *tok, *save;
	bool found = false;

	if (!f)
		return false;
	if (fgets(line, sizeof(line), f)) {
		for (tok = strtok_r(line, " \n", &save); tok && !found;
		     tok = strtok_r(NULL, " \n", &save))
			found = !strcmp(tok, "tls");
	}
	fclose(f);
	return found;
}

static const char *handshake_error(SSL *ssl, int ret, int err)
{
	unsigned long e = ERR_peek_error();

	switch (SSL_get_error(ssl, ret)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return "timed out";
	case SSL_ERROR_SYSCALL:
		if (!e)
			return err ? strerror(err) : "connection closed by the peer";
		break;
	default:
		break;
	}
	return tls_reason(e);
}

static int set_nonblocking(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static void set_timeouts(int fd, int seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Drain what OpenSSL decrypted into c->pre: the peer may write right behind its Finished. */
static int conn_drain(struct conn *c, SSL *ssl)
{
	int ret;

	if (set_nonblocking(c->fd, true))
		return conn_fail(c, "fcntl: %s", strerror(errno));
	while ((ret = ktls_drain(ssl, c->pre, sizeof(c->pre), &c->pre_len)) == -EAGAIN) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };

		/* A record OpenSSL began to read: the rest is on its way. */
		if (poll(&p, 1, HANDSHAKE_TIMEOUT_S * 1000) <= 0)
			return conn_fail(c, "timed out in a record before the hand-off");
	}
	if (ret == -ENOBUFS)
		return conn_fail(c, "more than %d bytes before the hand-off", DRAIN_MAX);
	if (ret)
		return conn_fail(c, "TLS ended before the hand-off: %s",
				 handshake_error(ssl, -1, errno));
	if (set_nonblocking(c->fd, false))
		return conn_fail(c, "fcntl: %s", strerror(errno));
	return 0;
}

/*
 * The handshake, then both directions to the kernel.  OpenSSL never
 * touches the socket after that, not even to close: SSL_free() only.
 */
static int conn_tls(struct conn *c)
{
	char why[256];
	SSL *ssl = SSL_new(ctx);
	int ret;

	ERR_clear_error();
	if (!ssl || !SSL_set_fd(ssl, c->fd)) {
		SSL_free(ssl);
		return conn_fail(c, "TLS: out of memory");
	}
	if (O.listen)
		SSL_set_accept_state(ssl);
	else
		SSL_set_connect_state(ssl);
	set_timeouts(c->fd, HANDSHAKE_TIMEOUT_S);
	ret = SSL_do_handshake(ssl);
	if (ret != 1) {
		c->cut = SSL_get_error(ssl, ret) == SSL_ERROR_SYSCALL && !ERR_peek_error();
		conn_fail(c, "TLS handshake: %s", handshake_error(ssl, ret, errno));
		goto out;
	}
	snprintf(c->cipher, sizeof(c->cipher), "%s",
		 SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
	if (conn_drain(c, ssl))
		goto out;
	if (ktls_install(ssl, why, sizeof(why))) {
		if (!ktls_in_kernel())
			conn_fail(c, "kTLS not available: modprobe tls (%s)", why);
		else
			conn_fail(c, "kTLS: %s", why);
	}
out:
	ktls_forget(ssl);
	SSL_free(ssl);
	ERR_clear_error();
	set_timeouts(c->fd, IO_TIMEOUT_S);
	return c->err[0] ? -1 : 0;
}

/* --- addresses ------------------------------------------------------------- */

/* "host:port" or "[v6]:port". */
static struct addrinfo *resolve(const char *opt, const char *value, bool passive)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = passive ? AI_PASSIVE : 0 };
	const char *colon = strrchr(value, ':');
	char host[256];
	struct addrinfo *ai;
	size_t len;
	int err;

	if (!colon || colon == value || !colon[1])
		die("%s wants ADDR:PORT: '%s'", opt, value);
	len = (size_t)(colon - value);
	if (value[0] == '[' && colon[-1] == ']') {
		value++;
		len -= 2;
	}
	if (len >= sizeof(host))
		die("%s: address too long: '%s'", opt, value);
	memcpy(host, value, len);
	host[len] = '\0';
	err = getaddrinfo(host, colon + 1, &hints, &ai);
	if (err)
		die("%s: cannot resolve '%s': %s", opt, value, gai_strerror(err));
	return ai;
}

static void addr_name(const struct sockaddr *sa, socklen_t len, char *out, size_t size)
{
	char host[64], port[8];

	if (getnameinfo(sa, len, host, sizeof(host), port, sizeof(port),
			NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(out, size, "unknown peer");
		return;
	}
	snprintf(out, size, sa->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, port);
}

/* --- listen ------------------------------------------------------------------ */

static void slot_release(struct conn *c)
{
	if (c->slot)
		atomic_fetch_sub(&active, 1);
	c->slot = false;
}

static int serve(struct conn *c)
{
	uint8_t hello[HELLO_LEN];
	uint64_t sent, got;
	unsigned int ms, record;
	double t0;

	if (conn_tls(c) || conn_read_full(c, hello, sizeof(hello), "hello"))
		return -1;
	ms = get32(hello + 8);
	record = get32(hello + 12);
	if (memcmp(hello, "KTS1", 4) || (hello[4] != 'u' && hello[4] != 'd') ||
	    !record || record > RECORD_MAX)
		return conn_fail(c, "not a ktls-stream hello");
	if (conn_write_full(c, (const uint8_t *)"KTSR", 4, "ready"))
		return -1;
	t0 = now_s();
	if (hello[4] == 'u') {
		if (receive_all(c, &got))
			return -1;
		/* Free before the client can know: its next run may start at once. */
		slot_release(c);
		if (count_send(c, got))
			return -1;
		printf("ktls-stream: %s: tls=%s cipher=%s direction=up seconds=%.3f "
		       "received=%llu\n", c->name, O.version == TLS1_3_VERSION ? "1.3" : "1.2",
		       c->cipher, now_s() - t0, (unsigned long long)got);
		return 0;
	}
	if (send_until(c, t0 + ms / 1000.0, record, &sent))
		return -1;
	slot_release(c);
	if (shutdown(c->fd, SHUT_WR))
		return conn_fail(c, "shutdown: %s", strerror(errno));
	if (count_read(c, &got) || expect_eof(c))
		return -1;
	if (got != sent)
		return conn_fail(c, "the client received %llu bytes, we sent %llu",
				 (unsigned long long)got, (unsigned long long)sent);
	printf("ktls-stream: %s: tls=%s cipher=%s direction=down seconds=%.3f sent=%llu "
	       "received=%llu\n", c->name, O.version == TLS1_3_VERSION ? "1.3" : "1.2",
	       c->cipher, now_s() - t0, (unsigned long long)sent, (unsigned long long)got);
	return 0;
}

static void *serve_thread(void *arg)
{
	struct conn *c = arg;

	if (serve(c))
		fprintf(stderr, "ktls-stream: %s: %s\n", c->name, c->err);
	slot_release(c);
	close(c->fd);
	free(c);
	return NULL;
}

static void on_stop(int sig)
{
	(void)sig;
	_exit(0);
}

static int listen_socket(void)
{
	struct addrinfo *ai = resolve("--listen", O.addr, true);
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, SOMAXCONN))
		die("--listen '%s': %s", O.addr, strerror(errno));
	freeaddrinfo(ai);
	return fd;
}

__attribute__((noreturn))
static void run_listen(void)
{
	int lfd = listen_socket();
	pthread_attr_t attr;

	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	printf("ktls-stream: listening on %s tls=%s streams=%u\n", O.addr,
	       O.version == TLS1_3_VERSION ? "1.3" : "1.2", O.streams);
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		char name[80];
		struct conn *c;
		pthread_t t;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
				sleep(1);
			else if (errno != EINTR && errno != ECONNABORTED)
				fprintf(stderr, "ktls-stream: accept: %s\n", strerror(errno));
			continue;
		}
		addr_name((struct sockaddr *)&ss, len, name, sizeof(name));
		if (atomic_fetch_add(&active, 1) >= O.streams) {
			atomic_fetch_sub(&active, 1);
			fprintf(stderr, "ktls-stream: %s: refused: %u streams already "
				"(--streams)\n", name, O.streams);
			close(fd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (c) {
			c->fd = fd;
			c->slot = true;
			snprintf(c->name, sizeof(c->name), "%s", name);
		}
		if (!c || pthread_create(&t, &attr, serve_thread, c)) {
			fprintf(stderr, "ktls-stream: %s: no thread: out of memory\n", name);
			atomic_fetch_sub(&active, 1);
			close(fd);
			free(c);
		}
	}
}

/* --- connect ----------------------------------------------------------------- */

static void conn_open(struct conn *c, const struct addrinfo *ai)
{
	int err = 0;

	for (; ai; ai = ai->ai_next) {
		c->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (c->fd >= 0 && !connect(c->fd, ai->ai_addr, ai->ai_addrlen))
			return;
		err = errno;
		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
	}
	die("%s: connect to '%s': %s", c->name, O.addr, strerror(err));
}

static void *stream_thread(void *arg)
{
	struct conn *c = arg;
	uint8_t hello[HELLO_LEN] = { 'K', 'T', 'S', '1', O.dir == DIR_UP ? 'u' : 'd' };
	uint8_t ready[4];
	uint64_t sent;

	put32(hello + 8, (uint32_t)(O.seconds * 1000 + 0.5));
	put32(hello + 12, O.record);

	if (conn_write_full(c, hello, sizeof(hello), "hello") ||
	    conn_read_full(c, ready, sizeof(ready), "ready"))
		return NULL;
	if (memcmp(ready, "KTSR", 4)) {
		conn_fail(c, "not a ktls-stream server");
		return NULL;
	}
	if (O.dir == DIR_UP) {
		if (send_until(c, t_start + O.seconds, O.record, &sent))
			return NULL;
		if (shutdown(c->fd, SHUT_WR)) {
			conn_fail(c, "shutdown: %s", strerror(errno));
			return NULL;
		}
		if (count_read(c, &c->bytes))
			return NULL;
		c->t_end = now_s();
		if (c->bytes != sent)
			conn_fail(c, "the server received %llu bytes, we sent %llu",
				  (unsigned long long)c->bytes, (unsigned long long)sent);
		else
			expect_eof(c);
		return NULL;
	}
	if (receive_all(c, &c->bytes))
		return NULL;
	c->t_end = now_s();
	count_send(c, c->bytes);
	return NULL;
}

static int run_connect(void)
{
	struct addrinfo *ai = resolve("--connect", O.addr, false);
	struct conn *s = calloc(O.streams, sizeof(*s));
	pthread_t *t = calloc(O.streams, sizeof(*t));
	uint64_t bytes = 0;
	double t_end = 0, secs;
	bool failed = false;

	if (!s || !t)
		die("out of memory");
	/* Every handshake first, so that none is measured. */
	for (unsigned int i = 0; i < O.streams; i++) {
		struct conn *c = &s[i];

		snprintf(c->name, sizeof(c->name), "stream %u", i + 1);
		conn_open(c, ai);
		if (conn_tls(c))
			die("%s: %s%s", c->name, c->err, c->cut && i ?
			    " (more streams than the listener's --streams?)" : "");
		if (strcmp(c->cipher, s[0].cipher))
			die("%s: cipher %s, stream 1 has %s", c->name, c->cipher, s[0].cipher);
	}
	freeaddrinfo(ai);
	t_start = now_s();
	for (unsigned int i = 0; i < O.streams; i++) {
		if (pthread_create(&t[i], NULL, stream_thread, &s[i]))
			die("stream %u: no thread", i + 1);
	}
	for (unsigned int i = 0; i < O.streams; i++) {
		struct conn *c = &s[i];

		pthread_join(t[i], NULL);
		close(c->fd);
		if (c->err[0]) {
			fprintf(stderr, "ktls-stream: %s: %s\n", c->name, c->err);
			failed = true;
		}
		bytes += c->bytes;
		if (c->t_end > t_end)
			t_end = c->t_end;
	}
	if (failed)
		return 1;
	secs = t_end - t_start;
	printf("ktls-stream: tls=%s cipher=%s streams=%u direction=%s seconds=%.3f "
	       "bytes=%llu mbit=%.1f\n", O.version == TLS1_3_VERSION ? "1.3" : "1.2",
	       s[0].cipher, O.streams, O.dir == DIR_UP ? "up" : "down", secs,
	       (unsigned long long)bytes, secs > 0 ? bytes * 8 / secs / 1e6 : 0.0);
	free(s);
	free(t);
	return 0;
}

/* --- command line ------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ktls-stream listen --listen ADDR:PORT --cert FILE --key FILE\n"
		"                          [--tls 1.2|1.3] [--streams N]\n"
		"       ktls-stream connect --connect ADDR:PORT [--tls 1.2|1.3] [--streams N]\n"
		"                           [--seconds S] [--direction up|down] [--record BYTES]\n"
		"\n"
		"A kTLS socket pair between two machines: N TCP connections, one TLS\n"
		"handshake each, then --record byte writes (default %d) one way for S\n"
		"seconds (default 10) in kTLS.  TLS 1.2 is ECDHE-RSA/ECDSA-AES128-GCM-SHA256,\n"
		"1.3 (the default) TLS_AES_256_GCM_SHA384; up is client to server.  connect\n"
		"prints the bytes the receiving end read and the rate.  listen serves until\n"
		"SIGTERM, at most --streams connections at once (default %d).\n",
		RECORD_MAX, LISTEN_STREAMS);
}

static unsigned int parse_uint(const char *opt, const char *v, unsigned int min,
			       unsigned int max)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || end == v || v[0] == '-' || n < min || n > max)
		die("%s: not a number from %u to %u: '%s'", opt, min, max, v);
	return (unsigned int)n;
}

static double parse_seconds(const char *v)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(v, &end);
	if (errno || *end || end == v || !(s >= 0.001 && s <= 86400))
		die("--seconds: not a duration from 0.001 to 86400: '%s'", v);
	return s;
}

/* Options that belong to one side only are refused on the other. */
static void only(bool listen, int opt, const struct option *opts)
{
	if (O.listen == listen)
		return;
	for (; opts->name; opts++) {
		if (opts->val == opt)
			die("--%s is for '%s' only", opts->name, listen ? "listen" : "connect");
	}
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "connect", required_argument, NULL, 'C' },
		{ "tls", required_argument, NULL, 't' },
		{ "streams", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 's' },
		{ "direction", required_argument, NULL, 'd' },
		{ "record", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool streams_set = false;
	int opt;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		exit(argc < 2 ? 1 : 0);
	}
	if (strcmp(argv[1], "listen") && strcmp(argv[1], "connect")) {
		fprintf(stderr, "ktls-stream: unknown command '%s'\n", argv[1]);
		usage(stderr);
		exit(1);
	}
	O.listen = !strcmp(argv[1], "listen");
	O.version = TLS1_3_VERSION;
	O.streams = 1;
	O.seconds = 10;
	O.record = RECORD_MAX;
	O.dir = DIR_UP;
	while ((opt = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': only(true, opt, opts); O.addr = optarg; break;
		case 'c': only(true, opt, opts); O.cert = optarg; break;
		case 'k': only(true, opt, opts); O.key = optarg; break;
		case 'C': only(false, opt, opts); O.addr = optarg; break;
		case 's': only(false, opt, opts); O.seconds = parse_seconds(optarg); break;
		case 'r':
			only(false, opt, opts);
			O.record = parse_uint("--record", optarg, 1, RECORD_MAX);
			break;
		case 'd':
			only(false, opt, opts);
			if (strcmp(optarg, "up") && strcmp(optarg, "down"))
				die("--direction: up or down: '%s'", optarg);
			O.dir = strcmp(optarg, "up") ? DIR_DOWN : DIR_UP;
			break;
		case 't':
			if (strcmp(optarg, "1.2") && strcmp(optarg, "1.3"))
				die("--tls: 1.2 or 1.3: '%s'", optarg);
			O.version = strcmp(optarg, "1.2") ? TLS1_3_VERSION : TLS1_2_VERSION;
			break;
		case 'n':
			O.streams = parse_uint("--streams", optarg, 1, STREAMS_MAX);
			streams_set = true;
			break;
		case 'h': usage(stdout); exit(0);
		default: die("see ktls-stream --help");
		}
	}
	if (optind != argc - 1)
		die("unexpected argument: '%s'", argv[optind + 1]);
	if (O.listen && (!O.addr || !O.cert || !O.key))
		die("listen needs --listen, --cert and --key");
	if (!O.listen && !O.addr)
		die("connect needs --connect");
	if (O.listen && !streams_set)
		O.streams = LISTEN_STREAMS;
}

int main(int argc, char **argv)
{
	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	tls_context();
	if (O.listen)
		run_listen();
	return run_connect();
}
