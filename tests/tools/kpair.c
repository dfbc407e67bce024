// SPDX-License-Identifier: GPL-2.0
/* kpair: sessions of sstp.ko over a loopback kTLS pair, for the test tools. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ppp.h>
#include <linux/ppp-ioctl.h>
#include <linux/tls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "kpair.h"
#include "sstp_wire.h"

void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "FAIL: %s: ", prog);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	exit(1);
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint32_t rnd_state = 0x5eed1234;

uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

uint32_t rnd_range(uint32_t lo, uint32_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}


void buf_put(struct buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			fail("out of memory");
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

/* ---- sockets and kTLS ---- */

/* TLS 1.2/1.3 AES-128-GCM test keys: one set per direction. */
const uint8_t key_c2s[16] = "client->server!!";
const uint8_t key_s2c[16] = "server->client!!";
const uint8_t key_bad[16] = "not-the-key-at!!";


void ktls_key(int fd, int dir, int version, const uint8_t *key)
{
	struct tls12_crypto_info_aes_gcm_128 ci;

	memset(&ci, 0, sizeof(ci));
	ci.info.version = (uint16_t)version;
	ci.info.cipher_type = TLS_CIPHER_AES_GCM_128;
	memcpy(ci.key, key, sizeof(ci.key));
	memcpy(ci.salt, key + 4, sizeof(ci.salt));
	memcpy(ci.iv, key + 8, sizeof(ci.iv));
	if (setsockopt(fd, SOL_TLS, dir, &ci, sizeof(ci)) < 0)
		fail("setsockopt %s: %s", dir == TLS_TX ? "TLS_TX" : "TLS_RX", strerror(errno));
}

static void ktls_install(int fd, bool server, const struct pair_opts *o)
{
	int version = o->tls13 ? TLS_1_3_VERSION : TLS_1_2_VERSION;
	const uint8_t *c2s_tx = o->bad_client_key ? key_bad : key_c2s;

	if (setsockopt(fd, SOL_TCP, TCP_ULP, "tls", sizeof("tls")) < 0)
		fail("setsockopt TCP_ULP tls: %s (is the tls module loaded?)", strerror(errno));
	ktls_key(fd, TLS_TX, version, server ? key_s2c : c2s_tx);
	ktls_key(fd, TLS_RX, version, server ? key_c2s : key_s2c);
}

/* A connected TCP pair over loopback: *srv for the module, *cli for us. */
void tcp_pair(int *srv, int *cli, const struct pair_opts *o)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int l, one = 1;

	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &alen) < 0)
		fail("listen on loopback: %s", strerror(errno));
	*cli = socket(AF_INET, SOCK_STREAM, 0);
	if (*cli < 0)
		fail("socket: %s", strerror(errno));
	if (o->small_buffers) {
		setsockopt(*cli, SOL_SOCKET, SO_RCVBUF, &o->small_buffers, sizeof(int));
		setsockopt(l, SOL_SOCKET, SO_SNDBUF, &o->small_buffers, sizeof(int));
	}
	if (connect(*cli, (struct sockaddr *)&a, sizeof(a)) < 0)
		fail("connect: %s", strerror(errno));
	*srv = accept(l, NULL, NULL);
	if (*srv < 0)
		fail("accept: %s", strerror(errno));
	close(l);
	/* Every write its own segment, so that plain TCP is cut too. */
	setsockopt(*cli, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (!o->plain) {
		ktls_install(*srv, true, o);
		if (!o->client_plain)
			ktls_install(*cli, false, o);
	}
}

void send_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail("send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

/* One TLS record of the given content type (kTLS TX, TLS_SET_RECORD_TYPE). */
void send_record(int fd, uint8_t type, const void *data, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(type))];
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_TLS;
	cm->cmsg_type = TLS_SET_RECORD_TYPE;
	cm->cmsg_len = CMSG_LEN(sizeof(type));
	memcpy(CMSG_DATA(cm), &type, sizeof(type));
	if (sendmsg(fd, &msg, 0) != (ssize_t)len)
		fail("sendmsg of a record of type %u: %s", type, strerror(errno));
}

void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* ---- the module, over genl ---- */




static void on_control(void *ctx, uint32_t id, const uint8_t *pkt, size_t len)
{
	struct mod *m = ctx;
	struct note_ctl *n = malloc(sizeof(*n) + len);

	if (!n)
		fail("out of memory");
	n->next = NULL;
	n->id = id;
	n->len = len;
	memcpy(n->pkt, pkt, len);
	*m->ctl_tail = n;
	m->ctl_tail = &n->next;
}

static void on_down(void *ctx, uint32_t id, enum sstp_down_reason reason,
		    const struct sstp_session_info *final)
{
	struct mod *m = ctx;
	struct note_down *n = calloc(1, sizeof(*n));

	if (!n)
		fail("out of memory");
	n->id = id;
	n->reason = reason;
	n->final = *final;
	n->next = m->down;
	m->down = n;
	m->downs++;
}

static const struct sstp_genl_events mod_events = {
	.control = on_control,
	.down = on_down,
};

void mod_open(struct mod *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	m->ctl_tail = &m->ctl;
	err = sstp_genl_open(&m->g);
	if (err)
		fail("sstp_genl_open: %s", strerror(-err));
}

void mod_dispatch(struct mod *m)
{
	int err = sstp_genl_dispatch(m->g, &mod_events, m);

	if (err)
		fail("sstp_genl_dispatch: %s", strerror(-err));
}

/* Wait up to ms for a notification, then dispatch what came. */
void mod_poll(struct mod *m, int ms)
{
	struct pollfd p = { .fd = sstp_genl_fd(m->g), .events = POLLIN };

	if (!sstp_genl_pending(m->g))
		poll(&p, 1, ms);
	mod_dispatch(m);
}

struct note_down *mod_find_down(struct mod *m, uint32_t id)
{
	for (struct note_down *n = m->down; n; n = n->next)
		if (n->id == id)
			return n;
	return NULL;
}

struct note_down *mod_wait_down(struct mod *m, uint32_t id)
{
	uint64_t end = now_ms() + WAIT_MS;
	struct note_down *n;

	while (!(n = mod_find_down(m, id))) {
		if (now_ms() > end)
			fail("no SESSION_DOWN_NTF for session %u", id);
		mod_poll(m, 100);
	}
	return n;
}

struct note_ctl *mod_take_ctl(struct mod *m, uint32_t id)
{
	for (struct note_ctl **pp = &m->ctl; *pp; pp = &(*pp)->next) {
		struct note_ctl *n = *pp;

		if (n->id != id)
			continue;
		*pp = n->next;
		if (!*pp)
			m->ctl_tail = pp;
		return n;
	}
	return NULL;
}


int chan_attach(uint32_t channel)
{
	int fd = open("/dev/ppp", O_RDWR | O_NONBLOCK);
	int index = (int)channel;

	if (fd < 0)
		fail("open /dev/ppp: %s", strerror(errno));
	if (ioctl(fd, PPPIOCATTCHAN, &index) < 0)
		fail("PPPIOCATTCHAN %d: %s", index, strerror(errno));
	return fd;
}

/* A session, or the errno of SESSION_NEW (nothing left open then). */
int sess_try_new(struct mod *m, struct sess *s, const struct pair_opts *o,
		 unsigned int mru, const void *initial, size_t initial_len)
{
	int srv, err;

	memset(s, 0, sizeof(*s));
	tcp_pair(&srv, &s->cli, o);
	err = sstp_genl_session_new(m->g, srv, o->plain ? SSTP_TRANSPORT_PLAIN : SSTP_TRANSPORT_KTLS,
				    mru, initial, initial_len, &s->id, &s->channel);
	/* The module keeps the socket: ours is only a descriptor. */
	close(srv);
	if (err) {
		close(s->cli);
		return err;
	}
	s->chan = chan_attach(s->channel);
	sstp_deframe_init(&s->df);
	return 0;
}

void sess_new(struct mod *m, struct sess *s, const struct pair_opts *o,
	      unsigned int mru, const void *initial, size_t initial_len)
{
	int err = sess_try_new(m, s, o, mru, initial, initial_len);

	if (err)
		fail("SESSION_NEW: %s (%s)", strerror(-err), sstp_genl_last_error(m->g));
}

void sess_connected(struct mod *m, struct sess *s)
{
	int err = sstp_genl_session_set_connected(m->g, s->id);

	if (err)
		fail("SESSION_SET connected %u: %s (%s)", s->id, strerror(-err),
		     sstp_genl_last_error(m->g));
}

void sess_get(struct mod *m, struct sess *s, struct sstp_session_info *info)
{
	int err = sstp_genl_session_get(m->g, s->id, info);

	if (err)
		fail("SESSION_GET %u: %s (%s)", s->id, strerror(-err), sstp_genl_last_error(m->g));
}

/* A frame from the channel, or 0 when none is waiting. */
size_t chan_read(struct sess *s, uint8_t *buf, size_t size)
{
	ssize_t n = read(s->chan, buf, size);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0)
		fail("read from ppp channel %u: %s", s->channel, n ? strerror(errno) : "end of file");
	return (size_t)n;
}

void chan_write(struct sess *s, const void *frame, size_t len)
{
	if (write(s->chan, frame, len) != (ssize_t)len)
		fail("write %zu bytes to ppp channel %u: %s", len, s->channel, strerror(errno));
}

/* The next SSTP packet from the client socket within ms, or 0 bytes. */
size_t cli_packet(struct sess *s, uint8_t *out, int ms, struct buf *in)
{
	uint64_t end = now_ms() + (uint64_t)ms;
	const uint8_t *pkt, *data;
	size_t len, pkt_len;
	uint8_t rbuf[16384];
	int r;

	for (;;) {
		data = in->p;
		len = in->len;
		r = sstp_deframe_next(&s->df, &data, &len, &pkt, &pkt_len);
		if (r < 0)
			fail("bad SSTP stream from the module (%d)", r);
		/* pkt may point into in: copy it before keeping the rest. */
		if (r == 1)
			memcpy(out, pkt, pkt_len);
		memmove(in->p, data, len);
		in->len = len;
		if (r == 1)
			return pkt_len;
		ssize_t n = recv(s->cli, rbuf, sizeof(rbuf), MSG_DONTWAIT);

		if (n > 0) {
			buf_put(in, rbuf, (size_t)n);
			continue;
		}
		if (n == 0)
			fail("session %u: the module closed the connection", s->id);
		if (errno != EAGAIN)
			fail("recv from the module: %s", strerror(errno));
		if (now_ms() > end)
			return 0;
		struct pollfd p = { .fd = s->cli, .events = POLLIN };

		poll(&p, 1, 50);
	}
}

/* The client socket sees the end of the stream within WAIT_MS. */
void cli_expect_eof(struct sess *s)
{
	uint64_t end = now_ms() + WAIT_MS;
	uint8_t b[4096];

	for (;;) {
		ssize_t n = recv(s->cli, b, sizeof(b), MSG_DONTWAIT);

		if (n == 0 || (n < 0 && errno != EAGAIN))
			return;
		if (now_ms() > end)
			fail("session %u: the connection stays open after the session ended", s->id);
		struct pollfd p = { .fd = s->cli, .events = POLLIN };

		poll(&p, 1, 50);
	}
}

/* The channel is gone: reads say so, and its index no longer attaches. */
void chan_expect_gone(struct sess *s)
{
	int index = (int)s->channel, fd;
	uint8_t b[64];

	/* A frame left over may still be read; then nothing. */
	while (read(s->chan, b, sizeof(b)) > 0)
		continue;
	fd = open("/dev/ppp", O_RDWR);
	if (fd < 0)
		fail("open /dev/ppp: %s", strerror(errno));
	if (ioctl(fd, PPPIOCATTCHAN, &index) == 0)
		fail("ppp channel %d still exists after its session ended", index);
	close(fd);
}

/* ---- SSTP packets ---- */

size_t control_packet(uint8_t *p, size_t len, uint16_t type)
{
	sstp_hdr_write(p, 1, (uint16_t)len);
	p[4] = (uint8_t)(type >> 8);
	p[5] = (uint8_t)type;
	p[6] = 0;
	p[7] = 0;
	for (size_t i = 8; i < len; i++)
		p[i] = (uint8_t)rnd();
	return len;
}

size_t data_packet(uint8_t *p, const void *frame, size_t len)
{
	sstp_hdr_write(p, 0, (uint16_t)(len + SSTP_HEADER_LEN));
	memcpy(p + SSTP_HEADER_LEN, frame, len);
	return len + SSTP_HEADER_LEN;
}


void tx_check(struct sess *s, struct tx_expect *want, size_t n, struct buf *in)
{
	uint8_t got[SSTP_MAX_PACKET_LEN];

	for (size_t i = 0; i < n; i++) {
		size_t len = cli_packet(s, got, WAIT_MS, in);

		if (!len)
			fail("packet %zu of %zu sent through the module never came", i, n);
		if (len != want[i].len || memcmp(got, want[i].pkt, len))
			fail("packet %zu sent through the module: got %zu bytes %02x %02x %02x %02x "
			     "%02x %02x, expected %zu bytes %02x %02x %02x %02x %02x %02x", i, len,
			     got[0], got[1], got[2], got[3], got[4], got[5], want[i].len,
			     want[i].pkt[0], want[i].pkt[1], want[i].pkt[2], want[i].pkt[3],
			     want[i].pkt[4], want[i].pkt[5]);
	}
}

/* A frame (protocol first) for the channel and the packet it must become. */
void tx_frame(struct tx_expect *e, uint8_t *frame, uint16_t proto, size_t len, int flags)
{
	bool lcp_conf, ac;
	size_t off = 0;

	frame[0] = (uint8_t)(proto >> 8);
	frame[1] = (uint8_t)proto;
	for (size_t i = 2; i < len; i++)
		frame[i] = (uint8_t)rnd();
	if (proto == 0xc021 && len > 2)
		frame[2] = (uint8_t)rnd_range(1, 11);
	lcp_conf = proto == 0xc021 && len > 2 && frame[2] >= 1 && frame[2] <= 7;
	ac = !(flags & SC_COMP_AC) || lcp_conf;
	uint8_t body[SSTP_MAX_PACKET_LEN + 2];

	if (ac) {
		body[off++] = 0xff;
		body[off++] = 0x03;
	}
	if ((flags & SC_COMP_PROT) && proto < 0x100) {
		memcpy(body + off, frame + 1, len - 1);
		off += len - 1;
	} else {
		memcpy(body + off, frame, len);
		off += len;
	}
	e->len = data_packet(e->pkt, body, off);
}

void set_flags(struct sess *s, int flags)
{
	int got = 0;

	if (ioctl(s->chan, PPPIOCSFLAGS, &flags) < 0)
		fail("PPPIOCSFLAGS: %s", strerror(errno));
	if (ioctl(s->chan, PPPIOCGFLAGS, &got) < 0 || got != flags)
		fail("PPPIOCGFLAGS gave 0x%x after setting 0x%x", got, flags);
}

void control_send(struct mod *m, struct sess *s, const uint8_t *pkt, size_t len)
{
	int err = sstp_genl_control_send(m->g, s->id, pkt, len);

	if (err)
		fail("CONTROL_SEND: %s (%s)", strerror(-err), sstp_genl_last_error(m->g));
}

/* One LCP frame each way through s: it still works. */
void ping(struct mod *m, struct sess *s)
{
	uint8_t frame[64], pkt[128], got[SSTP_MAX_PACKET_LEN];
	struct tx_expect want;
	struct buf in = { 0 };
	uint64_t end = now_ms() + WAIT_MS;
	size_t len;

	(void)m;
	memcpy(frame, "\xff\x03\xc0\x21\x09\x01\x00\x08pingping", 16);
	send_all(s->cli, pkt, data_packet(pkt, frame, 16));
	while (!(len = chan_read(s, got, sizeof(got)))) {
		if (now_ms() > end)
			fail("session %u: a frame from the client never reached the channel", s->id);
		usleep(10000);
	}
	if (len != 14 || memcmp(got, frame + 2, 14))
		fail("session %u: the channel gave %zu bytes, expected the 14 of the frame", s->id, len);
	tx_frame(&want, frame, 0xc021, 20, 0);
	chan_write(s, frame, 20);
	tx_check(s, &want, 1, &in);
	free(in.p);
}

void expect_down(struct mod *m, struct sess *s, enum sstp_down_reason reason)
{
	struct note_down *d = mod_wait_down(m, s->id);
	struct sstp_session_info info;

	if (d->reason != reason)
		fail("session %u ended with reason %s, expected %s", s->id,
		     sstp_genl_down_reason_name(d->reason), sstp_genl_down_reason_name(reason));
	cli_expect_eof(s);
	chan_expect_gone(s);
	if (sstp_genl_session_get(m->g, s->id, &info) != -ENOENT)
		fail("session %u is still there after its SESSION_DOWN_NTF", s->id);
	say("  session %u: %s", s->id, sstp_genl_down_reason_name(reason));
	close(s->cli);
	close(s->chan);
}

int kpair_main(int argc, char **argv, const struct kpair_command *commands, size_t n)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; argc > 1 && i < n; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	if (argc > 1)
		fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	fprintf(stderr, "usage: %s", prog);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? "|" : " ", commands[i].name);
	fprintf(stderr, " ...\n");
	return 2;
}
