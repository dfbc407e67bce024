// SPDX-License-Identifier: GPL-2.0
/*
 * ktls-handoff: proves sstpd's kTLS hand-off (sstpd-ctl/kernel/ktls.c) without
 * sstp.ko.  A server with sstpd's own TLS context (tls.c, kTLS enabled) and a
 * client in user-space OpenSSL talk over TCP on loopback, as sstpd and an
 * SSTP client do:
 *
 *   client: request (one record), EARLY records right behind it, reads the
 *           answer, waits, then LATE records; then reads everything echoed.
 *   server: reads the request, answers, lets the early records arrive,
 *           drains OpenSSL (ktls_drain), installs kTLS (ktls_install), then
 *           reads the rest as plaintext straight from the socket and echoes
 *           the whole stream (drained bytes first) with plain write()s.
 *
 * Every byte must come back once and in order: a wrong record sequence
 * number fails the kernel's first decryption (EBADMSG); a lost or doubled
 * byte breaks the pattern.  --split sends one early record in two halves,
 * 300 ms apart, so that the drain meets a record OpenSSL has begun to read.
 *
 *   ktls-handoff [--tls-version 1.2|1.3] [--ciphers LIST] [--ciphersuites LIST]
 *                [--early N] [--late N] [--split]
 *
 * Prints "handoff: VERSION CIPHER initial BYTES waited N" (BYTES drained from
 * OpenSSL, N times the drain waited for the rest of a record) and the
 * kernel's TLS counters.  Exit: 0 passed, 1 failed, 3 the session would
 * stay in user mode (the reason is printed: "user mode: ...").
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kernel/ktls.h"
#include "daemon/tls.h"

#define RECORD_LEN	1000
#define REQUEST		"SSTP_DUPLEX_POST /test HTTP/1.1\r\n\r\n"
#define ANSWER		"HTTP/1.1 200 OK\r\n\r\n"
#define STREAM_MAX	(256 * RECORD_LEN)

static int early = 3, late = 5;
static bool split;

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "ktls-handoff: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* The byte at offset i of the client's stream. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) + 1);
}

/*
 * The peer is in the same guest: it answers unless it is stuck.  Generous,
 * since under TCG on a loaded machine the server's RSA key generation
 * alone took more than 10 s (the scenario's timeout still bounds the run).
 */
#define PEER_WAIT_MS	120000

static void wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, PEER_WAIT_MS) != 1)
		die("timed out waiting for the peer (%d s)", PEER_WAIT_MS / 1000);
}

/* --- client: user-space OpenSSL; writes through a memory BIO we pump -- */

static void pump(SSL *ssl, int fd, bool halves)
{
	BIO *out = SSL_get_wbio(ssl);
	char *data;
	long len = BIO_get_mem_data(out, &data);
	long done = 0;

	while (done < len) {
		long chunk = halves && done == 0 ? len / 2 : len - done;
		ssize_t n = send(fd, data + done, (size_t)chunk, MSG_NOSIGNAL);

		if (n < 0 && errno == EAGAIN) {
			wait_fd(fd, POLLOUT);
			continue;
		}
		if (n <= 0)
			die("client: send: %s", strerror(errno));
		done += n;
		if (halves && done == len / 2)
			sleep_ms(300);
	}
	(void)BIO_reset(out);
}

static void client_write(SSL *ssl, int fd, const void *buf, size_t len, bool halves)
{
	if (SSL_write(ssl, buf, (int)len) != (int)len)
		die("client: SSL_write");
	pump(ssl, fd, halves);
}

static void send_records(SSL *ssl, int fd, size_t *offset, int count, bool split_first)
{
	uint8_t rec[RECORD_LEN];

	for (int r = 0; r < count; r++) {
		for (size_t i = 0; i < sizeof(rec); i++)
			rec[i] = pattern(*offset + i);
		client_write(ssl, fd, rec, sizeof(rec), split_first && r == 0);
		*offset += sizeof(rec);
	}
}

static int run_client(int port, const struct tls_settings *s)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	size_t sent = 0, got = 0, answer = 0;
	uint8_t buf[16384];
	char head[64];
	SSL *ssl;
	int fd, ret;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!ctx || fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("client: connect: %s", strerror(errno));
	/* Segments as written: the records arrive when the test says. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	if (s->version) {
		SSL_CTX_set_min_proto_version(ctx, s->version);
		SSL_CTX_set_max_proto_version(ctx, s->version);
	}
	ssl = SSL_new(ctx);
	SSL_set_bio(ssl, BIO_new_socket(fd, BIO_NOCLOSE), BIO_new(BIO_s_mem()));
	/* Non-blocking while handshaking: each flight is pumped before waiting. */
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while ((ret = SSL_connect(ssl)) != 1) {
		pump(ssl, fd, false);
		if (SSL_get_error(ssl, ret) != SSL_ERROR_WANT_READ)
			die("client: handshake");
		wait_fd(fd, POLLIN);
	}
	pump(ssl, fd, false);
	fcntl(fd, F_SETFL, 0);

	/* The request and the early records leave together. */
	client_write(ssl, fd, REQUEST, strlen(REQUEST), false);
	send_records(ssl, fd, &sent, early, split);
	while (answer < strlen(ANSWER)) {
		ret = SSL_read(ssl, head + answer, (int)(strlen(ANSWER) - answer));
		if (ret <= 0)
			die("client: no answer");
		answer += (size_t)ret;
	}
	if (memcmp(head, ANSWER, strlen(ANSWER)))
		die("client: wrong answer");
	sleep_ms(300);
	send_records(ssl, fd, &sent, late, false);

	while (got < sent) {
		ret = SSL_read(ssl, buf, sizeof(buf));
		if (ret <= 0)
			die("client: echo ended after %zu of %zu bytes", got, sent);
		for (int i = 0; i < ret; i++) {
			if (buf[i] != pattern(got + (size_t)i))
				die("client: echo byte %zu is wrong", got + (size_t)i);
		}
		got += (size_t)ret;
	}
	printf("client: %zu bytes echoed intact\n", got);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return 0;
}

/* --- server: sstpd's TLS context and hand-off ----------------------- */

static void print_tls_stat(const char *when)
{
	FILE *f = fopen("/proc/net/tls_stat", "r");
	char line[128];

	if (!f) {
		printf("%s: no /proc/net/tls_stat (no tls module)\n", when);
		return;
	}
	printf("%s:", when);
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		unsigned long long v;

		if (sscanf(line, "%63s %llu", name, &v) == 2 &&
		    (!strncmp(name, "TlsCurr", 7) || !strcmp(name, "TlsDecryptError")))
			printf(" %s=%llu", name, v);
	}
	printf("\n");
	fclose(f);
}

/* Plaintext from the kTLS socket; a record that is not data ends the test. */
static ssize_t ktls_read(int fd, uint8_t *buf, size_t len)
{
	char control[CMSG_SPACE(sizeof(uint8_t))];
	struct iovec iov = { buf, len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	ssize_t n = recvmsg(fd, &msg, 0);

	if (n < 0)
		die("server: kTLS recvmsg: %s", strerror(errno));
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_level == SOL_TLS && cmsg->cmsg_type == TLS_GET_RECORD_TYPE &&
	    *CMSG_DATA(cmsg) != 23)
		die("server: a TLS record of type %u instead of data", *CMSG_DATA(cmsg));
	return n;
}

static void write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			die("server: kTLS write: %s", strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
}

static int run_server(int lfd, const struct tls_settings *s)
{
	static uint8_t stream[STREAM_MAX];
	size_t expected = (size_t)(early + late) * RECORD_LEN, have = 0, head_len = 0;
	struct tls_server *tls;
	char err[512], why[256], request[256];
	int fd, ret, n, waits = 0;
	SSL *ssl;

	if (tls_server_new(s, &tls, err, sizeof(err)))
		die("server: %s", err);
	/* Non-blocking, as in sstpd: the drain must never wait inside OpenSSL. */
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	if (fd < 0)
		die("server: accept: %s", strerror(errno));
	ssl = tls_server_accept(tls, fd);
	while ((ret = SSL_accept(ssl)) != 1) {
		int e = SSL_get_error(ssl, ret);

		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			die("server: handshake");
		wait_fd(fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT);
	}
	/* The request is one record; what follows it waits in OpenSSL or the socket. */
	while (head_len < strlen(REQUEST)) {
		n = SSL_read(ssl, request + head_len, (int)(strlen(REQUEST) - head_len));
		if (n <= 0) {
			if (SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ)
				die("server: no request");
			wait_fd(fd, POLLIN);
			continue;
		}
		head_len += (size_t)n;
	}
	if (SSL_write(ssl, ANSWER, (int)strlen(ANSWER)) != (int)strlen(ANSWER))
		die("server: answer");
	print_tls_stat("before");
	if (!ktls_possible(ssl, why, sizeof(why))) {
		printf("user mode: %s\n", why);
		return 3;
	}
	sleep_ms(100);
	while ((ret = ktls_drain(ssl, stream, sizeof(stream), &have)) == -EAGAIN) {
		waits++;
		wait_fd(fd, POLLIN);
	}
	if (ret)
		die("server: drain: %s", strerror(-ret));
	if (ktls_install(ssl, why, sizeof(why)))
		die("server: install: %s", why);
	printf("handoff: %s %s initial %zu waited %d\n", SSL_get_version(ssl),
	       SSL_get_cipher_name(ssl), have, waits);
	print_tls_stat("after");
	SSL_free(ssl);

	/* The kernel's from here: plain blocking reads and writes. */
	fcntl(fd, F_SETFL, 0);
	write_all(fd, stream, have);
	while (have < expected) {
		ssize_t got = ktls_read(fd, stream + have, expected - have);

		if (got == 0)
			die("server: client closed after %zu of %zu bytes", have, expected);
		write_all(fd, stream + have, (size_t)got);
		have += (size_t)got;
	}
	for (size_t i = 0; i < have; i++) {
		if (stream[i] != pattern(i))
			die("server: byte %zu is wrong", i);
	}
	printf("server: %zu bytes through kTLS intact\n", have);
	print_tls_stat("end");
	close(fd);
	tls_server_free(tls);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "tls-version", required_argument, NULL, 'v' },
		{ "ciphers", required_argument, NULL, 'c' },
		{ "ciphersuites", required_argument, NULL, 's' },
		{ "early", required_argument, NULL, 'e' },
		{ "late", required_argument, NULL, 'l' },
		{ "split", no_argument, NULL, 'p' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[] = "/tmp/ktls-handoff.XXXXXX";
	const char *state_dir = NULL;
	struct tls_settings s = { .ktls = true };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int opt, lfd, status, ret;
	pid_t pid;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'v':
			s.version = !strcmp(optarg, "1.3") ? TLS1_3_VERSION : TLS1_2_VERSION;
			break;
		case 'c':
			s.ciphers = optarg;
			break;
		case 's':
			s.ciphersuites = optarg;
			break;
		case 'e':
			early = atoi(optarg);
			break;
		case 'l':
			late = atoi(optarg);
			break;
		case 'p':
			split = true;
			break;
		case 'd':
			state_dir = optarg;
			break;
		default:
			die("usage: ktls-handoff [--tls-version 1.2|1.3] [--ciphers L] "
			    "[--ciphersuites L] [--early N] [--late N] [--split] [--state-dir DIR]");
		}
	}
	if (early < 0 || late < 0 || early + late > STREAM_MAX / RECORD_LEN || (split && !early))
		die("--early and --late: 0 to %d records in all; --split needs --early",
		    STREAM_MAX / RECORD_LEN);
	/* A certificate made once serves every run (RSA keys are slow under TCG). */
	if (!state_dir && !mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	s.state_dir = state_dir ? state_dir : dir;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len))
		die("listen: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(lfd);
		exit(run_client(ntohs(sin.sin_port), &s));
	}
	ret = run_server(lfd, &s);
	if (ret == 3)
		kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (ret == 0 && (!WIFEXITED(status) || WEXITSTATUS(status)))
		die("the client failed");
	for (const char *const *f = (const char *const[]){ "cert.pem", "key.pem", NULL };
	     !state_dir && *f; f++) {
		char path[sizeof(dir) + 16];

		snprintf(path, sizeof(path), "%s/%s", dir, *f);
		unlink(path);
	}
	if (!state_dir)
		rmdir(dir);
	return ret;
}
