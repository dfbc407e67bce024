// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-ktls-pair: drives sstp.ko from both ends of a TCP connection over
 * loopback, with kernel TLS set on both ends from fixed test keys (no
 * handshake).  One end goes to the module (SESSION_NEW), its ppp channel is
 * attached on /dev/ppp, and the tool plays the SSTP client on the other
 * end.  Each command checks one behaviour and exits 0 when it held:
 *
 *   stream [--plain] [--tls13]   packets cut anywhere by records, both ways
 *   malformed                    bad headers end one session, not another
 *   reasons                      every way a session ends, with its reason
 *   owner-gone N                 closing the owner's socket ends N sessions
 *   many N                       N sessions at once, SESSION_DEL, owner-gone
 *   hold N                       N busy sessions until they end (rmmod)
 *   refuse                       requests refused, each saying why; what GET says
 *   eperm                        an unprivileged caller: version-get only
 *   bench [SECONDS]              throughput through the module vs. kTLS alone
 *
 * Every failure prints "FAIL: ..." and exits 1.  Needs root (kTLS keys and
 * /dev/ppp), except eperm.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ppp.h>
#include <linux/ppp-ioctl.h>
#include <linux/tls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "kpair.h"
#include "sstp_wire.h"

const char *prog = "sstp-ktls-pair";

/* How a data packet writes its PPP frame; what reaches the channel. */
enum variant {
	V_LCP_AC,	/* FF 03 C0 21 */
	V_LCP,		/* C0 21, ACFC */
	V_IPCP_AC,	/* FF 03 80 21 */
	V_IP_PFC,	/* 21, ACFC and PFC */
	V_IP_PFC_AC,	/* FF 03 21 */
	V_IP,		/* 00 21 */
	V_IPV6_AC,	/* FF 03 00 57 */
	V_COUNT
};

/* One packet of a test stream and what the module must make of it. */
struct spkt {
	size_t off, len;	/* in the stream */
	bool control;
	bool deliver;		/* reaches the channel or the owner */
	uint8_t *expect;	/* the frame (protocol first) or control packet */
	size_t expect_len;
};

struct stream {
	struct buf bytes;
	struct spkt *pkts;
	size_t n, cap;
	unsigned int dropped;	/* data packets the module must drop */
	uint64_t dropped_bytes;	/* their payload */
	unsigned int controls;	/* control packets (the module ends a flood) */
};

static void stream_add(struct stream *st, const uint8_t *pkt, size_t len, bool control,
		       bool deliver, const uint8_t *expect, size_t expect_len)
{
	struct spkt *p;

	if (st->n == st->cap) {
		st->cap = st->cap * 2 + 64;
		st->pkts = realloc(st->pkts, st->cap * sizeof(*st->pkts));
		if (!st->pkts)
			fail("out of memory");
	}
	p = &st->pkts[st->n++];
	p->off = st->bytes.len;
	p->len = len;
	p->control = control;
	p->deliver = deliver;
	p->expect = malloc(expect_len);
	if (!p->expect)
		fail("out of memory");
	memcpy(p->expect, expect, expect_len);
	p->expect_len = expect_len;
	buf_put(&st->bytes, pkt, len);
	if (!control && !deliver) {
		st->dropped++;
		st->dropped_bytes += len - SSTP_HEADER_LEN;
	}
	st->controls += control;
}

/* A random packet of total length len (5..4095), as the client sends it. */
static void stream_random(struct stream *st, size_t len, bool connected)
{
	static const uint8_t heads[V_COUNT][4] = {
		[V_LCP_AC] = { 0xff, 0x03, 0xc0, 0x21 }, [V_LCP] = { 0xc0, 0x21 },
		[V_IPCP_AC] = { 0xff, 0x03, 0x80, 0x21 }, [V_IP_PFC] = { 0x21 },
		[V_IP_PFC_AC] = { 0xff, 0x03, 0x21 }, [V_IP] = { 0x00, 0x21 },
		[V_IPV6_AC] = { 0xff, 0x03, 0x00, 0x57 },
	};
	static const size_t head_len[V_COUNT] = {
		[V_LCP_AC] = 4, [V_LCP] = 2, [V_IPCP_AC] = 4, [V_IP_PFC] = 1,
		[V_IP_PFC_AC] = 3, [V_IP] = 2, [V_IPV6_AC] = 4,
	};
	uint8_t pkt[SSTP_MAX_PACKET_LEN], frame[SSTP_MAX_PACKET_LEN + 1];
	size_t flen = len - SSTP_HEADER_LEN, elen, hl;
	enum variant v;
	uint16_t proto;

	/* Few enough control packets that the module takes them for no flood. */
	if (len >= SSTP_CONTROL_HEADER_LEN && st->controls < 14 && rnd() % 4 == 0) {
		control_packet(pkt, len, (uint16_t)rnd_range(1, 9));
		stream_add(st, pkt, len, true, true, pkt, len);
		return;
	}
	do
		v = (enum variant)(rnd() % V_COUNT);
	while (head_len[v] > flen);
	hl = head_len[v];
	memcpy(frame, heads[v], hl);
	for (size_t i = hl; i < flen; i++)
		frame[i] = (uint8_t)rnd();
	data_packet(pkt, frame, flen);

	/* What ppp_input() gets: no FF 03, a 2-byte protocol. */
	const uint8_t *f = frame;

	elen = flen;
	if (f[0] == 0xff) {
		f += 2;
		elen -= 2;
	}
	uint8_t expect[SSTP_MAX_PACKET_LEN + 1];

	if (f[0] & 1) {
		expect[0] = 0;
		memcpy(expect + 1, f, elen);
		elen++;
	} else {
		memcpy(expect, f, elen);
	}
	proto = (uint16_t)(expect[0] << 8 | expect[1]);
	stream_add(st, pkt, len, false, connected || proto >= 0x8000, expect, elen);
}

/* Lengths: many small, many around an MTU, some up to the largest. */
static size_t random_len(void)
{
	switch (rnd() % 10) {
	case 0: case 1: case 2:
		return rnd_range(5, 64);
	case 3: case 4: case 5: case 6:
		return rnd_range(65, 1600);
	case 7:
		return rnd() % 2 ? SSTP_MAX_PACKET_LEN : rnd_range(4000, SSTP_MAX_PACKET_LEN);
	default:
		return rnd_range(1601, SSTP_MAX_PACKET_LEN);
	}
}

/* Piece sizes: 1, 2, 3 ... up to max, then large ones, repeating. */
static size_t piece_size(size_t k, size_t max)
{
	static const size_t large[] = { 1500, 2048, 4095, 4096, 4097, 8192, 16383, 16384 };

	if (k < max)
		return k + 1;
	return large[(k - max) % (sizeof(large) / sizeof(large[0]))];
}

struct checker {
	struct mod *m;
	struct sess *s;
	struct stream *st;
	size_t frame_next;	/* index of the next packet the channel must give */
	size_t ctl_next;	/* ... and the owner */
	size_t done;		/* packets checked (delivered ones) */
};

static bool next_of(struct checker *c, size_t *i, bool control)
{
	while (*i < c->st->n && !(c->st->pkts[*i].deliver && c->st->pkts[*i].control == control))
		(*i)++;
	return *i < c->st->n;
}

/* Take what the channel and the owner got so far; each must be the next expected. */
static void check_arrivals(struct checker *c)
{
	uint8_t frame[SSTP_MAX_PACKET_LEN + 2];
	struct note_ctl *n;
	size_t len;

	while ((len = chan_read(c->s, frame, sizeof(frame)))) {
		if (!next_of(c, &c->frame_next, false))
			fail("unexpected frame of %zu bytes on the channel", len);
		struct spkt *p = &c->st->pkts[c->frame_next];

		if (len != p->expect_len || memcmp(frame, p->expect, len))
			fail("packet %zu (stream offset %zu, %zu bytes): the channel gave %zu bytes "
			     "%02x %02x %02x, expected %zu bytes %02x %02x %02x", c->frame_next, p->off,
			     p->len, len, frame[0], frame[1], len > 2 ? frame[2] : 0, p->expect_len,
			     p->expect[0], p->expect[1], p->expect_len > 2 ? p->expect[2] : 0);
		c->frame_next++;
		c->done++;
	}
	mod_dispatch(c->m);
	while ((n = mod_take_ctl(c->m, c->s->id))) {
		if (!next_of(c, &c->ctl_next, true))
			fail("unexpected control packet of %zu bytes", n->len);
		struct spkt *p = &c->st->pkts[c->ctl_next];

		if (n->len != p->expect_len || memcmp(n->pkt, p->expect, n->len))
			fail("packet %zu (stream offset %zu): CONTROL_NTF gave %zu bytes, expected %zu",
			     c->ctl_next, p->off, n->len, p->expect_len);
		c->ctl_next++;
		c->done++;
		free(n);
	}
}

static void wait_arrivals(struct checker *c, size_t target)
{
	uint64_t end = now_ms() + WAIT_MS;

	while (c->done < target) {
		struct pollfd p[2] = {
			{ .fd = c->s->chan, .events = POLLIN },
			{ .fd = sstp_genl_fd(c->m->g), .events = POLLIN },
		};

		if (now_ms() > end)
			fail("only %zu of %zu packets arrived (next frame #%zu, next control #%zu)",
			     c->done, target, c->frame_next, c->ctl_next);
		poll(p, 2, 50);
		check_arrivals(c);
	}
}

/*
 * Write the stream (its first skip bytes went as initial-data) in pieces
 * of every size, each its own TLS record, and check every packet arrives,
 * in order, at most WINDOW in flight.
 */
static void stream_run(struct mod *m, struct sess *s, struct stream *st, size_t skip,
		       size_t max_piece)
{
	struct checker c = { .m = m, .s = s, .st = st };
	size_t pos = skip, sent_pkts = 0, delivered = 0, pieces = 0;

	while (pos < st->bytes.len) {
		size_t n = piece_size(pieces++, max_piece);

		if (n > st->bytes.len - pos)
			n = st->bytes.len - pos;
		send_all(s->cli, st->bytes.p + pos, n);
		pos += n;
		while (sent_pkts < st->n && st->pkts[sent_pkts].off + st->pkts[sent_pkts].len <= pos) {
			delivered += st->pkts[sent_pkts].deliver;
			sent_pkts++;
		}
		check_arrivals(&c);
		if (delivered - c.done >= WINDOW)
			wait_arrivals(&c, delivered - WINDOW / 2);
	}
	wait_arrivals(&c, delivered);
	say("  %zu packets (%zu delivered, %u dropped) in %zu records, %zu bytes", st->n, delivered,
	    st->dropped, pieces, st->bytes.len - skip);
}

static void stream_free(struct stream *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->pkts[i].expect);
	free(st->pkts);
	free(st->bytes.p);
	memset(st, 0, sizeof(*st));
}

/* Delivered packets and bytes, dropped packets, errors: each counted once. */
static void expect_counters(struct mod *m, struct sess *s, uint64_t rx_packets, uint64_t rx_bytes,
			    uint64_t rx_dropped, uint64_t rx_errors)
{
	uint64_t end = now_ms() + WAIT_MS;
	struct sstp_session_info info;

	/* Dropped packets at the end of a stream may still be on their way. */
	do
		sess_get(m, s, &info);
	while (info.rx_packets + info.rx_dropped < rx_packets + rx_dropped && now_ms() < end &&
	       !usleep(10000));
	if (info.rx_packets != rx_packets || info.rx_bytes != rx_bytes ||
	    info.rx_dropped != rx_dropped || info.rx_errors != rx_errors)
		fail("session %u counters: rx packets %" PRIu64 " bytes %" PRIu64 " dropped %" PRIu64
		     " errors %" PRIu64 ", expected %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64,
		     s->id, info.rx_packets, info.rx_bytes, info.rx_dropped, info.rx_errors,
		     rx_packets, rx_bytes, rx_dropped, rx_errors);
}

/* Payload of the packets the module delivers. */
static uint64_t stream_payload(const struct stream *st)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < st->n; i++)
		sum += st->pkts[i].len - SSTP_HEADER_LEN;
	return sum - st->dropped_bytes;
}

static void stream_tx(struct mod *m, struct sess *s)
{
	static struct tx_expect want[2048];
	uint8_t frame[SSTP_MAX_PACKET_LEN];
	struct buf in = { 0 };
	size_t n = 0, len;
	uint32_t accm[8];
	struct sstp_session_info info;

	/* The async-map ioctls pppd makes are accepted. */
	if (ioctl(s->chan, PPPIOCGXASYNCMAP, accm) < 0 || ioctl(s->chan, PPPIOCSASYNCMAP, accm) < 0)
		fail("async-map ioctls on the channel: %s", strerror(errno));
	int index = -1;

	if (ioctl(s->chan, PPPIOCGCHAN, &index) < 0 || index != (int)s->channel)
		fail("PPPIOCGCHAN gave %d, expected %u", index, s->channel);

	/* In order: frame, control packet, frame. */
	set_flags(s, 0);
	tx_frame(&want[n++], frame, 0xc021, 30, 0);
	chan_write(s, frame, 30);
	control_packet(want[n].pkt, 8, SSTP_MSG_ECHO_REQUEST);
	want[n].len = 8;
	control_send(m, s, want[n].pkt, 8);
	n++;
	tx_frame(&want[n++], frame, 0x0021, 100, 0);
	chan_write(s, frame, 100);
	tx_check(s, want, n, &in);

	/* ACFC and PFC as pppd sets them; LCP Configure keeps FF 03. */
	static const int flagsets[] = { SC_COMP_AC, SC_COMP_PROT, SC_COMP_AC | SC_COMP_PROT, 0 };

	for (size_t f = 0; f < sizeof(flagsets) / sizeof(flagsets[0]); f++) {
		set_flags(s, flagsets[f]);
		n = 0;
		for (int i = 0; i < 40; i++) {
			static const uint16_t protos[] = { 0xc021, 0x0021, 0x0057, 0x8021, 0xc223 };

			len = i % 7 == 6 ? SSTP_MAX_PACKET_LEN - 6 : rnd_range(3, 1600);
			tx_frame(&want[n++], frame, protos[i % 5], len, flagsets[f]);
			chan_write(s, frame, len);
		}
		tx_check(s, want, n, &in);
	}

	/* Too long for one SSTP packet: dropped and counted. */
	set_flags(s, 0);
	sess_get(m, s, &info);
	uint64_t tx_errors = info.tx_errors;

	tx_frame(&want[0], frame, 0xc021, SSTP_MAX_PACKET_LEN - 5, 0);
	chan_write(s, frame, SSTP_MAX_PACKET_LEN - 5);
	tx_frame(&want[0], frame, 0xc021, 20, 0);
	chan_write(s, frame, 20);
	tx_check(s, want, 1, &in);
	sess_get(m, s, &info);
	if (info.tx_errors != tx_errors + 1)
		fail("tx errors %" PRIu64 " after an oversized frame, expected %" PRIu64,
		     info.tx_errors, tx_errors + 1);

	/*
	 * More than the socket and the queue hold: start_xmit refuses, ppp
	 * keeps the rest, the wakeup brings it all, in order.
	 */
	n = 0;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		len = rnd_range(1000, SSTP_MAX_PACKET_LEN - 6);
		tx_frame(&want[n++], frame, 0xc021, len, 0);
		chan_write(s, frame, len);
	}
	tx_check(s, want, n, &in);
	sess_get(m, s, &info);
	say("  %" PRIu64 " packets out through the module, in order", info.tx_packets);
	free(in.p);
}

static int cmd_stream(int argc, char **argv)
{
	struct pair_opts o = { 0 };
	struct stream st1 = { 0 }, st2 = { 0 };
	struct mod m;
	struct sess s;
	uint8_t pkt[SSTP_MAX_PACKET_LEN];
	size_t skip;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--plain"))
			o.plain = true;
		else if (!strcmp(argv[i], "--tls13"))
			o.tls13 = true;
		else
			fail("stream: unknown option '%s'", argv[i]);
	}
	/* Small socket buffers, so that sending back fills them. */
	o.small_buffers = 32768;
	say("stream: %s", o.plain ? "plain TCP" : o.tls13 ? "kTLS 1.3" : "kTLS 1.2");

	/* Negotiating: control packets and LCP pass, IP is dropped. */
	control_packet(pkt, 14, SSTP_MSG_CALL_CONNECT_REQUEST);
	stream_add(&st1, pkt, 14, true, true, pkt, 14);
	for (int i = 0; i < 120; i++)
		stream_random(&st1, random_len(), false);
	/* initial-data: the first packet and half of the second. */
	skip = st1.pkts[1].off + st1.pkts[1].len / 2;

	mod_open(&m);
	sess_new(&m, &s, &o, 4087, st1.bytes.p, skip);
	say("session %u, ppp channel %u", s.id, s.channel);
	stream_run(&m, &s, &st1, skip, 300);
	expect_counters(&m, &s, st1.n - st1.dropped, stream_payload(&st1), st1.dropped, 0);

	/* Negotiating, the other way: IP to the client is dropped too. */
	{
		struct sstp_session_info info;
		struct tx_expect want;
		struct buf in = { 0 };
		uint8_t frame[64];

		tx_frame(&want, frame, 0x0021, 40, 0);
		chan_write(&s, frame, 40);
		tx_frame(&want, frame, 0x8021, 40, 0);
		chan_write(&s, frame, 40);
		tx_check(&s, &want, 1, &in);
		sess_get(&m, &s, &info);
		if (info.tx_dropped != 1 || info.tx_packets != 1)
			fail("negotiating: tx dropped %" PRIu64 " packets %" PRIu64 ", expected 1 and 1",
			     info.tx_dropped, info.tx_packets);
		free(in.p);
		say("  IP written to the channel dropped, IPCP sent");
	}

	/* Connected: everything passes, cut at every size from 1 to 1200. */
	sess_connected(&m, &s);
	for (int i = 0; i < 700; i++)
		stream_random(&st2, random_len(), true);
	stream_run(&m, &s, &st2, 0, 1200);
	expect_counters(&m, &s, st1.n + st2.n - st1.dropped,
			stream_payload(&st1) + stream_payload(&st2), st1.dropped, 0);

	stream_tx(&m, &s);

	/* The client hangs up: the session ends, the channel goes. */
	shutdown(s.cli, SHUT_WR);
	struct note_down *d = mod_wait_down(&m, s.id);

	if (d->reason != SSTP_DOWN_REASON_PEER_CLOSED)
		fail("session ended with reason %s, expected peer-closed",
		     sstp_genl_down_reason_name(d->reason));
	if (d->final.rx_packets != st1.n + st2.n - st1.dropped)
		fail("final rx packets %" PRIu64 ", expected %zu", d->final.rx_packets,
		     st1.n + st2.n - st1.dropped);
	cli_expect_eof(&s);
	chan_expect_gone(&s);
	say("session %u down: %s, rx %" PRIu64 " packets %" PRIu64 " bytes, tx %" PRIu64
	    " packets %" PRIu64 " bytes", s.id, sstp_genl_down_reason_name(d->reason),
	    d->final.rx_packets, d->final.rx_bytes, d->final.tx_packets, d->final.tx_bytes);
	stream_free(&st1);
	stream_free(&st2);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- malformed packets ---- */

static int cmd_malformed(int argc, char **argv)
{
	static const struct {
		const char *name;
		const char *records[3];
		size_t lens[3];
	} cases[] = {
		{ "version 0x20", { "\x20\x00\x00\x08\x00\x08\x00\x00" }, { 8 } },
		{ "version 0x11 after a good packet",
		  { "\x10\x01\x00\x08\x00\x08\x00\x00\x11\x00\x00\x08" }, { 12 } },
		{ "length 3", { "\x10\x00\x00\x03" }, { 4 } },
		{ "length 0, control", { "\x10\x01\x00\x00\xff\xff" }, { 6 } },
		{ "length 3 split across records", { "\x10\x00", "\x00", "\x03" }, { 2, 1, 1 } },
	};
	struct pair_opts o = { 0 };
	struct sess good, bad;
	struct mod m;
	uint8_t pkt[SSTP_MAX_PACKET_LEN], frame[SSTP_MAX_PACKET_LEN];
	struct sstp_session_info info;

	(void)argc;
	(void)argv;
	mod_open(&m);
	sess_new(&m, &good, &o, 0, NULL, 0);
	sess_connected(&m, &good);
	ping(&m, &good);
	say("malformed: session %u stays up throughout", good.id);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sess_new(&m, &bad, &o, 0, NULL, 0);
		for (int r = 0; r < 3 && cases[i].records[r]; r++) {
			send_all(bad.cli, cases[i].records[r], cases[i].lens[r]);
			usleep(20000);
		}
		say(" %s:", cases[i].name);
		expect_down(&m, &bad, SSTP_DOWN_REASON_BAD_PACKET);
		ping(&m, &good);
	}

	/* Malformed but harmless: counted, the session goes on. */
	sess_get(&m, &good, &info);
	uint64_t errors = info.rx_errors, dropped = info.rx_dropped;
	size_t len = 0;

	sstp_hdr_write(pkt, 0, 4);				/* no frame at all */
	len += 4;
	len += data_packet(pkt + len, "\xff\x05\xc0\x21\x01", 5);	/* FF without 03 */
	len += data_packet(pkt + len, "\xff\x03\xc0", 3);		/* 1-byte even protocol */
	sstp_hdr_write(pkt + len, 1, 6);				/* control of 6 bytes */
	memcpy(pkt + len + 4, "\x00\x08", 2);
	len += 6;
	send_all(good.cli, pkt, len);
	/* Above the default MRU of 1500: dropped; exactly 1500: delivered. */
	memcpy(frame, "\xff\x03\xc0\x21", 4);
	memset(frame + 4, 0x55, 1501);
	send_all(good.cli, pkt, data_packet(pkt, frame, 4 + 1501));
	send_all(good.cli, pkt, data_packet(pkt, frame, 4 + 1500));
	uint64_t end = now_ms() + WAIT_MS;

	while (!(len = chan_read(&good, frame, sizeof(frame)))) {
		if (now_ms() > end)
			fail("the frame of 1500 bytes after the malformed ones never came");
		usleep(10000);
	}
	if (len != 1502)
		fail("the channel gave %zu bytes, expected the 1502 of the frame at the MRU", len);
	sess_get(&m, &good, &info);
	if (info.rx_errors != errors + 4 || info.rx_dropped != dropped + 1)
		fail("rx errors %" PRIu64 " dropped %" PRIu64 ", expected %" PRIu64 " %" PRIu64,
		     info.rx_errors, info.rx_dropped, errors + 4, dropped + 1);
	ping(&m, &good);
	say(" harmless ones: 4 errors and 1 drop counted, session %u still up", good.id);

	/* SESSION_SET mru, as after LCP: 2000 passes now, 2001 does not. */
	if (sstp_genl_session_set_mru(m.g, good.id, 2000))
		fail("SESSION_SET mru 2000: %s", sstp_genl_last_error(m.g));
	memcpy(frame, "\xff\x03\xc0\x21", 4);
	memset(frame + 4, 0x66, 2001);
	send_all(good.cli, pkt, data_packet(pkt, frame, 4 + 2001));
	send_all(good.cli, pkt, data_packet(pkt, frame, 4 + 2000));
	end = now_ms() + WAIT_MS;
	while (!(len = chan_read(&good, frame, sizeof(frame)))) {
		if (now_ms() > end)
			fail("the frame of 2000 bytes after SESSION_SET mru 2000 never came");
		usleep(10000);
	}
	if (len != 2002)
		fail("the channel gave %zu bytes, expected the 2002 of the frame at the new MRU", len);
	sess_get(&m, &good, &info);
	if (info.rx_dropped != dropped + 2)
		fail("rx dropped %" PRIu64 ", expected %" PRIu64 " (the frame above the new MRU)",
		     info.rx_dropped, dropped + 2);
	say(" SESSION_SET mru 2000: a frame of 2000 passes, one of 2001 is dropped");

	if (sstp_genl_session_del(m.g, good.id))
		fail("SESSION_DEL %u: %s", good.id, sstp_genl_last_error(m.g));
	expect_down(&m, &good, SSTP_DOWN_REASON_USERSPACE);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- down reasons ---- */

static int cmd_reasons(int argc, char **argv)
{
	struct pair_opts o12 = { 0 }, o13 = { .tls13 = true }, obad = { .bad_client_key = true };
	struct sess s;
	struct mod m;
	uint8_t pkt[64];
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	(void)argc;
	(void)argv;
	mod_open(&m);
	say("reasons:");

	/* TLS 1.3 KeyUpdate: a handshake record after data. */
	sess_new(&m, &s, &o13, 0, NULL, 0);
	ping(&m, &s);
	send_record(s.cli, 22, "\x18\x00\x00\x01\x00", 5);
	expect_down(&m, &s, SSTP_DOWN_REASON_TLS_REKEY);

	/* An alert: close_notify. */
	sess_new(&m, &s, &o12, 0, NULL, 0);
	ping(&m, &s);
	send_record(s.cli, 21, "\x01\x00", 2);
	expect_down(&m, &s, SSTP_DOWN_REASON_TLS_ALERT);

	/* A record that does not authenticate. */
	sess_new(&m, &s, &obad, 0, NULL, 0);
	send_all(s.cli, pkt, control_packet(pkt, 8, SSTP_MSG_ECHO_REQUEST));
	expect_down(&m, &s, SSTP_DOWN_REASON_TLS_ERROR);

	/* FIN. */
	sess_new(&m, &s, &o12, 0, NULL, 0);
	ping(&m, &s);
	shutdown(s.cli, SHUT_WR);
	expect_down(&m, &s, SSTP_DOWN_REASON_PEER_CLOSED);

	/* RST: close with a zero linger. */
	sess_new(&m, &s, &o12, 0, NULL, 0);
	ping(&m, &s);
	setsockopt(s.cli, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(s.cli);
	struct note_down *d = mod_wait_down(&m, s.id);

	if (d->reason != SSTP_DOWN_REASON_TRANSPORT_ERROR)
		fail("after a reset session %u ended with reason %s, expected transport-error",
		     s.id, sstp_genl_down_reason_name(d->reason));
	chan_expect_gone(&s);
	close(s.chan);
	say("  session %u: transport-error", s.id);

	/* SESSION_DEL. */
	sess_new(&m, &s, &o12, 0, NULL, 0);
	if (sstp_genl_session_del(m.g, s.id))
		fail("SESSION_DEL %u: %s", s.id, sstp_genl_last_error(m.g));
	expect_down(&m, &s, SSTP_DOWN_REASON_USERSPACE);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- lifetime ---- */

static int count_sessions_fn(const struct sstp_session_info *info, void *ctx)
{
	(void)info;
	(*(unsigned int *)ctx)++;
	return 0;
}

static unsigned int count_sessions(struct mod *m)
{
	unsigned int n = 0;
	int err = sstp_genl_session_dump(m->g, count_sessions_fn, &n);

	if (err)
		fail("SESSION_GET dump: %s", strerror(-err));
	return n;
}

static unsigned int parse_count(int argc, char **argv, unsigned int def)
{
	unsigned int n = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : def;

	if (!n || n > 4096)
		fail("bad count '%s'", argv[1]);
	return n;
}

static int cmd_owner_gone(int argc, char **argv)
{
	unsigned int n = parse_count(argc, argv, 8), before;
	struct pair_opts o = { 0 };
	struct mod watch, owner;
	struct sess *s = calloc(n, sizeof(*s));
	pid_t pid;
	int status;

	if (!s)
		fail("out of memory");
	mod_open(&watch);
	if (sstp_genl_subscribe_events(watch.g))
		fail("cannot join the events group");
	before = count_sessions(&watch);

	/* The owner is another process, which exits with its sessions alive. */
	int ids[2];

	if (pipe(ids) < 0)
		fail("pipe: %s", strerror(errno));
	for (unsigned int i = 0; i < n; i++) {
		int srv;

		tcp_pair(&srv, &s[i].cli, &o);
		s[i].chan = srv;	/* handed to the child below */
	}
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		prog = "sstp-ktls-pair owner";
		mod_open(&owner);
		for (unsigned int i = 0; i < n; i++) {
			int err = sstp_genl_session_new(owner.g, s[i].chan, SSTP_TRANSPORT_KTLS, 0,
							NULL, 0, &s[i].id, &s[i].channel);

			if (err)
				fail("SESSION_NEW: %s (%s)", strerror(-err),
				     sstp_genl_last_error(owner.g));
			uint32_t msg[2] = { s[i].id, s[i].channel };

			if (write(ids[1], msg, sizeof(msg)) != sizeof(msg))
				fail("write: %s", strerror(errno));
		}
		_exit(0);	/* the netlink socket closes with the process */
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t msg[2];

		close(s[i].chan);
		if (read(ids[0], msg, sizeof(msg)) != sizeof(msg))
			fail("the owner process made only %u sessions", i);
		s[i].id = msg[0];
		s[i].channel = msg[1];
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		fail("the owner process failed");
	say("owner-gone: %u sessions of process %d, which exited", n, (int)pid);
	for (unsigned int i = 0; i < n; i++) {
		struct note_down *d = mod_wait_down(&watch, s[i].id);

		if (d->reason != SSTP_DOWN_REASON_OWNER_GONE)
			fail("session %u ended with reason %s, expected owner-gone", s[i].id,
			     sstp_genl_down_reason_name(d->reason));
		cli_expect_eof(&s[i]);
		s[i].chan = -1;
		chan_expect_gone(&s[i]);
		close(s[i].cli);
	}
	if (count_sessions(&watch) != before)
		fail("%u sessions left, expected %u", count_sessions(&watch), before);
	say("  all %u ended with owner-gone, on the events group; none left", n);
	sstp_genl_close(watch.g);
	free(s);
	say("OK");
	return 0;
}

static int cmd_many(int argc, char **argv)
{
	unsigned int n = parse_count(argc, argv, 64), before;
	struct pair_opts o = { 0 };
	struct mod m, watch;
	struct sess *s = calloc(n, sizeof(*s));
	uint64_t t0;

	if (!s)
		fail("out of memory");
	mod_open(&watch);
	if (sstp_genl_subscribe_events(watch.g))
		fail("cannot join the events group");
	before = count_sessions(&watch);
	mod_open(&m);
	t0 = now_ms();
	for (unsigned int i = 0; i < n; i++) {
		sess_new(&m, &s[i], &o, 0, NULL, 0);
		sess_connected(&m, &s[i]);
	}
	if (count_sessions(&m) != before + n)
		fail("the dump shows %u sessions, expected %u", count_sessions(&m), before + n);
	say("many: %u sessions up in %" PRIu64 " ms", n, now_ms() - t0);
	for (unsigned int i = 0; i < n; i++)
		ping(&m, &s[i]);
	say("  a frame each way through each");

	for (unsigned int i = 0; i < n; i += 2) {
		if (sstp_genl_session_del(m.g, s[i].id))
			fail("SESSION_DEL %u: %s", s[i].id, sstp_genl_last_error(m.g));
		expect_down(&m, &s[i], SSTP_DOWN_REASON_USERSPACE);
	}
	if (count_sessions(&m) != before + n / 2)
		fail("the dump shows %u sessions after deleting half, expected %u",
		     count_sessions(&m), before + n / 2);
	for (unsigned int i = 1; i < n; i += 2)
		ping(&m, &s[i]);
	say("  deleted every other one (userspace); the rest still carry frames");

	/* The owner's socket closes: the rest go. */
	sstp_genl_close(m.g);
	for (unsigned int i = 1; i < n; i += 2) {
		struct note_down *d = mod_wait_down(&watch, s[i].id);

		if (d->reason != SSTP_DOWN_REASON_OWNER_GONE)
			fail("session %u ended with reason %s, expected owner-gone", s[i].id,
			     sstp_genl_down_reason_name(d->reason));
		cli_expect_eof(&s[i]);
		chan_expect_gone(&s[i]);
	}
	if (count_sessions(&watch) != before)
		fail("%u sessions left, expected %u", count_sessions(&watch), before);
	say("  closing the owner's socket ended the other %u (owner-gone); none left", n / 2);
	sstp_genl_close(watch.g);
	free(s);
	say("OK");
	return 0;
}

/* Sessions with traffic both ways until the module takes them away. */
static int cmd_hold(int argc, char **argv)
{
	unsigned int n = parse_count(argc, argv, 16), ended = 0;
	struct pair_opts o = { 0 };
	struct sess *s = calloc(n, sizeof(*s));
	bool *gone = calloc(n, sizeof(bool));
	uint8_t pkt[2048], frame[1600];
	uint64_t end;
	struct mod m;

	if (!s || !gone)
		fail("out of memory");
	signal(SIGPIPE, SIG_IGN);
	mod_open(&m);
	for (unsigned int i = 0; i < n; i++) {
		sess_new(&m, &s[i], &o, 0, NULL, 0);
		sess_connected(&m, &s[i]);
		set_nonblock(s[i].cli);
	}
	say("ready: %u sessions", n);
	memcpy(frame, "\xff\x03\xc0\x21", 4);
	end = now_ms() + 60000;
	while (ended < n) {
		if (now_ms() > end)
			fail("only %u of %u sessions ended within 60 s", ended, n);
		for (unsigned int i = 0; i < n; i++) {
			uint8_t junk[16384];

			if (gone[i])
				continue;
			/* Both ways, ignoring what fails once the module lets go. */
			(void)!send(s[i].cli, pkt, data_packet(pkt, frame, 1400), MSG_DONTWAIT);
			(void)!write(s[i].chan, frame + 2, 1000);
			while (read(s[i].chan, junk, sizeof(junk)) > 0)
				;
			while (recv(s[i].cli, junk, sizeof(junk), MSG_DONTWAIT) > 0)
				;
		}
		mod_poll(&m, 5);
		for (struct note_down *d = m.down; d; d = d->next) {
			for (unsigned int i = 0; i < n; i++) {
				if (s[i].id != d->id || gone[i])
					continue;
				gone[i] = true;
				ended++;
				say("down %u %s", d->id, sstp_genl_down_reason_name(d->reason));
			}
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		set_nonblock(s[i].cli);
		cli_expect_eof(&s[i]);
		close(s[i].cli);
		close(s[i].chan);
	}
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- refusals ---- */

/* A request failed with err and the module said why. */
static void expect_refused(struct mod *m, int got, int err, const char *what)
{
	const char *why = sstp_genl_last_error(m->g);

	if (got != -err)
		fail("%s: %s, expected %s", what, got ? strerror(-got) : "success", strerror(err));
	if (!why[0])
		fail("%s: refused (%s) without an extended-ack message", what, strerror(err));
	say("  %s: %s: \"%s\"", what, strerror(err), why);
}

static int session_new_fd(struct mod *m, int fd, enum sstp_transport transport, unsigned int mru)
{
	uint32_t id, chan;

	return sstp_genl_session_new(m->g, fd, transport, mru, NULL, 0, &id, &chan);
}

static int cmd_refuse(int argc, char **argv)
{
	struct pair_opts o = { 0 }, plain = { .plain = true };
	struct sstp_session_info info;
	struct mod m;
	struct sess s;
	int srv, cli, fd, err;
	uint8_t pkt[16];

	(void)argc;
	(void)argv;
	mod_open(&m);
	say("refuse: SESSION_NEW");
	fd = open("/dev/null", O_RDWR);
	expect_refused(&m, session_new_fd(&m, fd, SSTP_TRANSPORT_KTLS, 0), ENOTSOCK, "a file");
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	expect_refused(&m, session_new_fd(&m, fd, SSTP_TRANSPORT_PLAIN, 0), EPROTONOSUPPORT,
		       "a UDP socket");
	close(fd);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	expect_refused(&m, session_new_fd(&m, fd, SSTP_TRANSPORT_PLAIN, 0), ENOTCONN,
		       "an unconnected TCP socket");
	close(fd);

	tcp_pair(&srv, &cli, &plain);
	expect_refused(&m, session_new_fd(&m, srv, SSTP_TRANSPORT_KTLS, 0), EINVAL,
		       "transport ktls on plain TCP");
	expect_refused(&m, session_new_fd(&m, srv, SSTP_TRANSPORT_PLAIN, 5000), ERANGE,
		       "mru 5000");
	expect_refused(&m, session_new_fd(&m, srv, SSTP_TRANSPORT_PLAIN, 4088), ERANGE,
		       "mru 4088, more than an SSTP packet carries");
	if (setsockopt(srv, SOL_TCP, TCP_ULP, "tls", sizeof("tls")) < 0)
		fail("TCP_ULP: %s", strerror(errno));
	ktls_key(srv, TLS_TX, TLS_1_2_VERSION, key_s2c);
	expect_refused(&m, session_new_fd(&m, srv, SSTP_TRANSPORT_KTLS, 0), EINVAL,
		       "kTLS with TLS_TX only");
	expect_refused(&m, session_new_fd(&m, srv, SSTP_TRANSPORT_PLAIN, 0), EINVAL,
		       "transport plain on a kTLS socket");
	close(srv);
	close(cli);

	tcp_pair(&srv, &cli, &o);
	fd = dup(srv);
	err = session_new_fd(&m, srv, SSTP_TRANSPORT_KTLS, 0);
	if (err)
		fail("SESSION_NEW: %s (%s)", strerror(-err), sstp_genl_last_error(m.g));
	expect_refused(&m, session_new_fd(&m, fd, SSTP_TRANSPORT_KTLS, 0), EBUSY,
		       "a socket already taken");
	close(fd);
	close(srv);
	close(cli);

	say("refuse: other requests");
	sess_new(&m, &s, &o, 0, NULL, 0);
	expect_refused(&m, sstp_genl_session_set_connected(m.g, s.id + 1000), ENOENT,
		       "SESSION_SET of no session");
	expect_refused(&m, sstp_genl_session_del(m.g, s.id + 1000), ENOENT,
		       "SESSION_DEL of no session");
	control_packet(pkt, 8, SSTP_MSG_ECHO_REQUEST);
	pkt[1] = 0;
	expect_refused(&m, sstp_genl_control_send(m.g, s.id, pkt, 8), EINVAL,
		       "CONTROL_SEND without the C bit");
	control_packet(pkt, 8, SSTP_MSG_ECHO_REQUEST);
	expect_refused(&m, sstp_genl_control_send(m.g, s.id, pkt, 12), EINVAL,
		       "CONTROL_SEND with a length that differs");
	pkt[0] = 0x20;
	expect_refused(&m, sstp_genl_control_send(m.g, s.id, pkt, 8), EINVAL,
		       "CONTROL_SEND of version 0x20");
	expect_refused(&m, sstp_genl_control_send(m.g, s.id, pkt, 6), ERANGE,
		       "CONTROL_SEND of 6 bytes");

	say("refuse: what SESSION_GET says");
	sess_get(&m, &s, &info);
	if (info.channel != s.channel || info.state != SSTP_SESSION_STATE_NEGOTIATING)
		fail("SESSION_GET: channel %u state %d, expected %u negotiating", info.channel,
		     info.state, s.channel);
	ping(&m, &s);
	sess_get(&m, &s, &info);
	if (info.idle_ms > 1000 || info.rx_packets != 1 || info.tx_packets != 1)
		fail("SESSION_GET after a ping: idle %u ms, rx %" PRIu64 " tx %" PRIu64,
		     info.idle_ms, info.rx_packets, info.tx_packets);
	sleep(2);
	sess_connected(&m, &s);
	sess_get(&m, &s, &info);
	if (info.idle_ms < 1900 || info.state != SSTP_SESSION_STATE_CONNECTED)
		fail("SESSION_GET 2 s later: idle %u ms, state %d", info.idle_ms, info.state);
	say("  channel %u, negotiating then connected, idle %u ms after 2 s", info.channel,
	    info.idle_ms);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- unprivileged ---- */

static void expect_eperm(int err, const char *what)
{
	if (err != -EPERM)
		fail("%s as an unprivileged user: %s, expected EPERM", what,
		     err ? strerror(-err) : "success");
	say("  %s: EPERM", what);
}

static int cmd_eperm(int argc, char **argv)
{
	struct pair_opts o = { .plain = true };
	struct sstp_module_info info;
	struct sstp_session_info si;
	uint8_t pkt[8];
	uint32_t id, chan;
	unsigned int n = 0;
	struct mod m;
	int srv, cli, err;

	(void)argc;
	(void)argv;
	say("eperm: uid %u", (unsigned int)geteuid());
	mod_open(&m);
	err = sstp_genl_version(m.g, &info);
	if (err)
		fail("VERSION_GET as an unprivileged user: %s", strerror(-err));
	say("  version-get: %s", info.release);
	tcp_pair(&srv, &cli, &o);
	expect_eperm(sstp_genl_session_new(m.g, srv, SSTP_TRANSPORT_PLAIN, 0, NULL, 0, &id, &chan),
		     "session-new");
	expect_eperm(sstp_genl_session_del(m.g, 1), "session-del");
	expect_eperm(sstp_genl_session_set_connected(m.g, 1), "session-set");
	expect_eperm(sstp_genl_control_send(m.g, 1, pkt, control_packet(pkt, 8, 8)),
		     "control-send");
	/* Ids, counters and idle times of other users' sessions are not theirs. */
	expect_eperm(sstp_genl_session_get(m.g, 1, &si), "session-get");
	expect_eperm(sstp_genl_session_dump(m.g, count_sessions_fn, &n), "session-get dump");
	expect_eperm(sstp_genl_subscribe_events(m.g), "joining the events group");
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- benchmark ---- */

/*
 * Bytes per second one way: a child process writes 1400-byte frames in
 * SSTP packets, eleven per write (one 15.5 KB record).  Without the module
 * the other end reads and de-frames in user space; with it, the module's
 * rx-bytes counter says what it de-framed and handed to ppp_generic (the
 * channel is not read: /dev/ppp keeps only the last 32 frames).
 */
static double bench_one(bool module, int seconds, const struct pair_opts *o)
{
	uint8_t pkt[SSTP_MAX_PACKET_LEN * 12], frame[1404], rbuf[65536];
	struct sstp_session_info info;
	struct sstp_deframe df;
	uint64_t bytes = 0, end, t0, base = 0;
	size_t batch = 0;
	struct mod m;
	struct sess s;
	int srv = -1;
	pid_t pid;

	memcpy(frame, "\xff\x03\xc0\x21", 4);
	memset(frame + 4, 0xa5, sizeof(frame) - 4);
	for (int i = 0; i < 11; i++)
		batch += data_packet(pkt + batch, frame, sizeof(frame));
	if (module) {
		mod_open(&m);
		sess_new(&m, &s, o, 0, NULL, 0);
		sess_connected(&m, &s);
	} else {
		tcp_pair(&srv, &s.cli, o);
	}
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		for (;;)
			send_all(s.cli, pkt, batch);
	}
	/* A second for the pipe to fill, then measure. */
	sleep(1);
	if (module) {
		sess_get(&m, &s, &info);
		base = info.rx_bytes + info.rx_packets * SSTP_HEADER_LEN;
	}
	t0 = now_ms();
	end = t0 + (uint64_t)seconds * 1000;
	sstp_deframe_init(&df);
	while (now_ms() < end) {
		if (module) {
			usleep(100000);
			continue;
		}
		ssize_t n = recv(srv, rbuf, sizeof(rbuf), 0);
		const uint8_t *data = rbuf, *p;
		size_t len = (size_t)n, plen;

		if (n <= 0)
			break;
		while (sstp_deframe_next(&df, &data, &len, &p, &plen) == 1)
			bytes += plen;
	}
	if (module) {
		sess_get(&m, &s, &info);
		bytes = info.rx_bytes + info.rx_packets * SSTP_HEADER_LEN - base;
	}
	t0 = now_ms() - t0;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (module) {
		if (info.rx_dropped || info.rx_errors)
			fail("bench: the module dropped %" PRIu64 " and refused %" PRIu64 " packets",
			     info.rx_dropped, info.rx_errors);
		sstp_genl_close(m.g);
		close(s.chan);
	} else {
		close(srv);
	}
	close(s.cli);
	return (double)bytes * 1000.0 / (double)t0;
}

/*
 * The other way: a child process writes 1400-byte frames to the channel
 * (one write each, at most 1024 ahead of the module's tx-packets), or,
 * without the module, SSTP packets eleven per send on the server end; the
 * client reads and de-frames.
 */
static double bench_tx(bool module, int seconds, const struct pair_opts *o)
{
	uint8_t pkt[SSTP_MAX_PACKET_LEN * 12], frame[1402], body[1404], rbuf[65536];
	uint64_t bytes = 0, end, t0;
	const uint8_t *data, *p;
	size_t batch = 0, len, plen;
	struct sstp_deframe df;
	struct mod m;
	struct sess s;
	int srv = -1;
	pid_t pid;

	memcpy(frame, "\xc0\x21", 2);
	memset(frame + 2, 0x5a, sizeof(frame) - 2);
	memcpy(body, "\xff\x03", 2);
	memcpy(body + 2, frame, sizeof(frame));
	for (int i = 0; i < 11; i++)
		batch += data_packet(pkt + batch, body, sizeof(body));
	if (module) {
		mod_open(&m);
		sess_new(&m, &s, o, 0, NULL, 0);
		sess_connected(&m, &s);
	} else {
		tcp_pair(&srv, &s.cli, o);
	}
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		struct sstp_session_info info = { 0 };
		uint64_t sent = 0;
		struct mod w;

		if (!module)
			for (;;)
				send_all(srv, pkt, batch);
		mod_open(&w);
		for (;;) {
			for (int i = 0; i < 64; i++)
				chan_write(&s, frame, sizeof(frame));
			sent += 64;
			while (sent > info.tx_packets + 1024) {
				if (sstp_genl_session_get(w.g, s.id, &info))
					_exit(1);
				usleep(1000);
			}
		}
	}
	sstp_deframe_init(&df);
	t0 = now_ms() + 1000;
	end = t0 + (uint64_t)seconds * 1000;
	while (now_ms() < end) {
		ssize_t n = recv(s.cli, rbuf, sizeof(rbuf), 0);

		if (n <= 0)
			break;
		data = rbuf;
		len = (size_t)n;
		while (sstp_deframe_next(&df, &data, &len, &p, &plen) == 1)
			if (now_ms() >= t0)
				bytes += plen;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (module) {
		sstp_genl_close(m.g);
		close(s.chan);
	} else {
		close(srv);
	}
	close(s.cli);
	return (double)bytes * 1000.0 / (double)(seconds * 1000);
}

static int cmd_bench(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5;
	struct pair_opts o = { 0 }, plain = { .plain = true };
	double ktls, mod, tcp, modplain;

	signal(SIGPIPE, SIG_IGN);
	ktls = bench_one(false, seconds, &o);
	mod = bench_one(true, seconds, &o);
	tcp = bench_one(false, seconds, &plain);
	modplain = bench_one(true, seconds, &plain);
	say("bench: client -> server, 1400-byte LCP frames, 11 per record, %d s each", seconds);
	say("  kTLS pair, user space de-frames:       %8.1f MB/s", ktls / 1e6);
	say("  kTLS into sstp.ko, frames on /dev/ppp: %8.1f MB/s (%.2f of the kTLS pair)",
	    mod / 1e6, mod / ktls);
	say("  plain TCP pair, user space de-frames:  %8.1f MB/s", tcp / 1e6);
	say("  plain TCP into sstp.ko:                %8.1f MB/s (%.2f of the TCP pair)",
	    modplain / 1e6, modplain / tcp);
	ktls = bench_tx(false, seconds, &o);
	mod = bench_tx(true, seconds, &o);
	say("bench: server -> client, 1400-byte frames, %d s each", seconds);
	say("  kTLS pair, 11 packets per send:        %8.1f MB/s", ktls / 1e6);
	say("  /dev/ppp writes, out of sstp.ko:       %8.1f MB/s (%.2f of the kTLS pair)",
	    mod / 1e6, mod / ktls);
	return 0;
}

static const struct kpair_command commands[] = {
	{ "stream", cmd_stream },
	{ "malformed", cmd_malformed },
	{ "reasons", cmd_reasons },
	{ "owner-gone", cmd_owner_gone },
	{ "many", cmd_many },
	{ "hold", cmd_hold },
	{ "refuse", cmd_refuse },
	{ "eperm", cmd_eperm },
	{ "bench", cmd_bench },
};

int main(int argc, char **argv)
{
	return kpair_main(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}
