// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-kmod-faults: what a client (or the network) may throw at sstp.ko,
 * from both ends of loopback kTLS pairs (tests/tools/kpair.h).  Each
 * command checks one behaviour and exits 0 when it held:
 *
 *   resets ROUNDS [--until-unload]
 *        ROUNDS times, four connected sessions carry frames both ways at
 *        full rate (a thread sends IP packets out of their ppp units while
 *        the client sends) and each client resets its connection: every
 *        session ends, its channel goes.  --until-unload: the module may be unloaded
 *        meanwhile; the run then stops there and says so.
 *   flood
 *        one client sends thousands of control packets while another
 *        session carries data: the first ends as control-flood with at most
 *        32 packets passed to the owner, the second goes on.
 *   records [--tls13]
 *        an empty TLS application-data record changes nothing; a record
 *        header that cannot be parsed ends the session as tls-error (the
 *        client encrypts its own records, in user space).
 *   goodbye [--tls13]
 *        a Call Disconnect queued with CONTROL_SEND right before
 *        SESSION_DEL reaches the client, then a TLS close_notify, then the
 *        end of the stream.
 *
 * Needs root (kTLS keys and /dev/ppp).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_packet.h>
#include <linux/if_ppp.h>
#include <linux/ppp-ioctl.h>
#include <linux/tls.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <openssl/evp.h>
#include <sys/ioctl.h>

#include "kpair.h"
#include "sstp_wire.h"

const char *prog = "sstp-kmod-faults";

/* ---- resets under traffic ---- */

#define RESET_SESSIONS	4

/*
 * A ppp unit on the session's channel, up, passing IPv4: what sstpd builds.
 * Packets sent out of it reach start_xmit through the unit's queue, which
 * stops when the module refuses a frame (writes to the channel's own fd
 * would queue without bound in ppp_generic).  Return: the unit's fd.
 */
static int unit_attach(struct sess *s, int *ifindex)
{
	struct npioctl np = { .protocol = PPP_IP, .mode = NPMODE_PASS };
	struct ifreq ifr = { 0 };
	int fd, unit = -1, sock;

	fd = open("/dev/ppp", O_RDWR);
	if (fd < 0 || ioctl(fd, PPPIOCNEWUNIT, &unit) < 0 ||
	    ioctl(s->chan, PPPIOCCONNECT, &unit) < 0 || ioctl(fd, PPPIOCSNPMODE, &np) < 0)
		fail("session %u: a ppp unit: %s", s->id, strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "ppp%d", unit);
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		fail("%s: %s", ifr.ifr_name, strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0 || ioctl(sock, SIOCGIFINDEX, &ifr) < 0)
		fail("%s up: %s", ifr.ifr_name, strerror(errno));
	*ifindex = ifr.ifr_ifindex;
	close(sock);
	return fd;
}

struct writer {
	int ifindex[RESET_SESSIONS];
	volatile bool stop;
	unsigned long packets;
};

/* IPv4 packets out of every unit, as fast as their queues take them. */
static void *writer_run(void *arg)
{
	struct writer *w = arg;
	uint8_t packet[1400];
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));

	if (fd < 0)
		fail("AF_PACKET socket: %s", strerror(errno));
	memset(packet, 0x45, sizeof(packet));
	while (!w->stop) {
		bool sent = false;

		for (int i = 0; i < RESET_SESSIONS; i++) {
			struct sockaddr_ll to = {
				.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				.sll_ifindex = w->ifindex[i],
			};

			if (sendto(fd, packet, sizeof(packet), MSG_DONTWAIT,
				   (struct sockaddr *)&to, sizeof(to)) > 0) {
				w->packets++;
				sent = true;
			}
		}
		/* Every queue full or gone: let the others run. */
		if (!sent)
			usleep(200);
	}
	close(fd);
	return NULL;
}

static bool reset_reason_ok(enum sstp_down_reason r)
{
	return r == SSTP_DOWN_REASON_TRANSPORT_ERROR || r == SSTP_DOWN_REASON_PEER_CLOSED ||
	       r == SSTP_DOWN_REASON_UNLOAD;
}

/* IPv4 packets the writers sent out of the units, over all rounds. */
static unsigned long reset_packets;

/* One round.  Return: false when the module went away during it. */
static bool reset_round(struct mod *m, unsigned int round, bool until_unload)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct pair_opts o = { .tls13 = round % 2 };
	struct sess s[RESET_SESSIONS];
	int units[RESET_SESSIONS];
	struct writer w = { 0 };
	uint8_t pkt[2048], frame[1400], junk[16384];
	bool unloaded = false;
	pthread_t thread;
	uint64_t end;

	for (int i = 0; i < RESET_SESSIONS; i++) {
		int err = sess_try_new(m, &s[i], &o, 0, NULL, 0);

		if (!err)
			err = sstp_genl_session_set_connected(m->g, s[i].id);
		if (err && until_unload) {
			/* The module is gone: so are the sessions made before. */
			say("round %u: %s (%s)", round, strerror(-err), sstp_genl_last_error(m->g));
			for (int k = 0; k < i + !!s[i].chan; k++) {
				close(s[k].cli);
				close(s[k].chan);
			}
			for (int k = 0; k < i; k++)
				close(units[k]);
			return false;
		}
		if (err)
			fail("round %u: session %d: %s (%s)", round, i, strerror(-err),
			     sstp_genl_last_error(m->g));
		set_nonblock(s[i].cli);
		units[i] = unit_attach(&s[i], &w.ifindex[i]);
	}
	if (pthread_create(&thread, NULL, writer_run, &w))
		fail("pthread_create");
	memset(frame, 0x45, sizeof(frame));
	frame[0] = 0x00;
	frame[1] = 0x21;
	/* Traffic both ways for a while; the reset comes at a varying point. */
	for (unsigned int k = 0; k < 20 + round % 30; k++) {
		for (int i = 0; i < RESET_SESSIONS; i++) {
			(void)!send(s[i].cli, pkt, data_packet(pkt, frame, sizeof(frame)), MSG_DONTWAIT);
			while (recv(s[i].cli, junk, sizeof(junk), MSG_DONTWAIT) > 0)
				;
			while (read(s[i].chan, junk, sizeof(junk)) > 0)
				;
		}
	}
	for (int i = 0; i < RESET_SESSIONS; i++) {
		setsockopt(s[i].cli, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s[i].cli);
	}
	end = now_ms() + WAIT_MS;
	for (int i = 0; i < RESET_SESSIONS; i++) {
		struct note_down *d;

		while (!(d = mod_find_down(m, s[i].id))) {
			if (now_ms() > end)
				fail("round %u: no SESSION_DOWN_NTF for session %u after its reset",
				     round, s[i].id);
			mod_poll(m, 100);
		}
		if (!reset_reason_ok(d->reason))
			fail("round %u: session %u ended as %s after a reset", round, s[i].id,
			     sstp_genl_down_reason_name(d->reason));
		unloaded |= d->reason == SSTP_DOWN_REASON_UNLOAD;
	}
	w.stop = true;
	pthread_join(thread, NULL);
	reset_packets += w.packets;
	for (int i = 0; i < RESET_SESSIONS; i++) {
		chan_expect_gone(&s[i]);
		close(s[i].chan);
		close(units[i]);
	}
	return !unloaded;
}

static int cmd_resets(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 0;
	bool until_unload = argc > 2 && !strcmp(argv[2], "--until-unload");
	unsigned int done = 0;
	struct mod m;

	if (!rounds || rounds > 100000)
		fail("resets: bad count '%s'", argc > 1 ? argv[1] : "");
	signal(SIGPIPE, SIG_IGN);
	mod_open(&m);
	say("resets: %u rounds of %d sessions%s", rounds, RESET_SESSIONS,
	    until_unload ? ", until the module goes" : "");
	while (done < rounds) {
		if (!reset_round(&m, done, until_unload)) {
			say("the module went away after %u rounds (%u resets)", done,
			    done * RESET_SESSIONS);
			break;
		}
		done++;
		if (done % 10 == 0)
			say("round %u: %u resets, %lu packets sent out of the units", done,
			    done * RESET_SESSIONS, reset_packets);
	}
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- control flood ---- */

static int cmd_flood(int argc, char **argv)
{
	struct pair_opts o = { 0 };
	struct sstp_session_info before, after;
	struct sess flooder, busy;
	struct mod m;
	uint8_t *burst, frame[1400], pkt[2048], got[4096];
	size_t burst_len = 64 * 1024, sent_frames = 0, got_frames = 0;
	unsigned int notes = 0;
	struct note_down *d;
	struct note_ctl *n;
	uint64_t end;

	(void)argc;
	(void)argv;
	mod_open(&m);
	sess_new(&m, &busy, &o, 0, NULL, 0);
	sess_connected(&m, &busy);
	sess_new(&m, &flooder, &o, 0, NULL, 0);
	sess_get(&m, &busy, &before);

	/* 8,192 Echo Requests in four 16 KiB records: about 100 KB would fill sstpd's buffer. */
	burst = malloc(burst_len);
	if (!burst)
		fail("out of memory");
	for (size_t off = 0; off < burst_len; off += 8)
		control_packet(burst + off, 8, SSTP_MSG_ECHO_REQUEST);
	say("flood: session %u sends %zu control packets, session %u carries data",
	    flooder.id, burst_len / 8, busy.id);
	memset(frame, 0x45, sizeof(frame));
	frame[0] = 0x00;
	frame[1] = 0x21;
	set_nonblock(flooder.cli);
	(void)!send(flooder.cli, burst, burst_len, MSG_DONTWAIT);

	/* The busy session goes on while the flooder is ended. */
	end = now_ms() + WAIT_MS;
	while (!(d = mod_find_down(&m, flooder.id)) || got_frames < 200) {
		if (now_ms() > end)
			fail("after %zu frames of the busy session: %s", got_frames,
			     d ? "it stopped flowing" : "the flooder's session did not end");
		/* /dev/ppp keeps 32 frames for a channel: stay below. */
		if (sent_frames - got_frames < WINDOW) {
			send_all(busy.cli, pkt, data_packet(pkt, frame, sizeof(frame)));
			sent_frames++;
		}
		while (chan_read(&busy, got, sizeof(got)))
			got_frames++;
		mod_poll(&m, 1);
	}
	/* The frames still on their way, before the ping's. */
	end = now_ms() + WAIT_MS;
	while (got_frames < sent_frames) {
		if (now_ms() > end)
			fail("busy session: %zu of %zu frames arrived", got_frames, sent_frames);
		if (chan_read(&busy, got, sizeof(got)))
			got_frames++;
		else
			usleep(1000);
	}
	if (d->reason != SSTP_DOWN_REASON_CONTROL_FLOOD)
		fail("the flooder's session ended as %s, expected control-flood",
		     sstp_genl_down_reason_name(d->reason));
	while ((n = mod_take_ctl(&m, flooder.id))) {
		notes++;
		free(n);
	}
	if (notes > 32)
		fail("%u control packets of the flooder reached the owner, at most 32 may", notes);
	say("  session %u: control-flood, %u control packets passed to the owner", flooder.id,
	    notes);
	ping(&m, &busy);
	sess_get(&m, &busy, &after);
	if (after.rx_packets <= before.rx_packets || after.rx_errors || after.rx_dropped)
		fail("busy session: rx packets %" PRIu64 " -> %" PRIu64 ", errors %" PRIu64
		     " dropped %" PRIu64, before.rx_packets, after.rx_packets, after.rx_errors,
		     after.rx_dropped);
	say("  session %u: %zu frames through, still up", busy.id, got_frames);
	cli_expect_eof(&flooder);
	chan_expect_gone(&flooder);
	if (sstp_genl_session_del(m.g, busy.id))
		fail("SESSION_DEL %u: %s", busy.id, sstp_genl_last_error(m.g));
	expect_down(&m, &busy, SSTP_DOWN_REASON_USERSPACE);
	free(burst);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- TLS records written by hand ---- */

/*
 * The client side of a session whose records we encrypt ourselves: kTLS
 * sends no empty record and no broken header.  AES-128-GCM with the keys
 * of kpair.h (salt = key[4..8], iv = key[8..16], sequence from 0).
 */
struct tls_writer {
	int fd;
	bool tls13;
	uint64_t seq;
};

static void tls_write_record(struct tls_writer *t, uint8_t type, const void *data, size_t len)
{
	uint8_t rec[5 + 8 + 4096 + 1 + 16], nonce[12], aad[13], plain[4096 + 1];
	size_t hdr = t->tls13 ? 5 : 5 + 8, plen = len, clen;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	if (!ctx || len > 4096)
		fail("tls_write_record: %zu bytes", len);
	memcpy(plain, data, len);
	memcpy(nonce, key_c2s + 4, 4);
	if (t->tls13) {
		/* Inner type after the content; the record says application data. */
		plain[plen++] = type;
		memcpy(nonce + 4, key_c2s + 8, 8);
		for (int i = 0; i < 8; i++)
			nonce[4 + i] ^= (uint8_t)(t->seq >> (56 - 8 * i));
		type = 23;
	} else {
		for (int i = 0; i < 8; i++)
			nonce[4 + i] = (uint8_t)(t->seq >> (56 - 8 * i));
		memcpy(rec + 5, nonce + 4, 8);	/* the explicit nonce */
	}
	clen = hdr - 5 + plen + 16;
	rec[0] = type;
	rec[1] = 3;
	rec[2] = 3;
	rec[3] = (uint8_t)(clen >> 8);
	rec[4] = (uint8_t)clen;
	if (t->tls13) {
		memcpy(aad, rec, 5);
	} else {
		for (int i = 0; i < 8; i++)
			aad[i] = (uint8_t)(t->seq >> (56 - 8 * i));
		aad[8] = type;
		aad[9] = 3;
		aad[10] = 3;
		aad[11] = (uint8_t)(plen >> 8);
		aad[12] = (uint8_t)plen;
	}
	if (!EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, key_c2s, nonce) ||
	    !EVP_EncryptUpdate(ctx, NULL, &outl, aad, t->tls13 ? 5 : 13) ||
	    (plen && !EVP_EncryptUpdate(ctx, rec + hdr, &outl, plain, (int)plen)) ||
	    !EVP_EncryptFinal_ex(ctx, rec + hdr + plen, &outl) ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, rec + hdr + plen))
		fail("AES-GCM encryption failed");
	EVP_CIPHER_CTX_free(ctx);
	send_all(t->fd, rec, hdr + plen + 16);
	t->seq++;
}

/* An LCP frame in a record of its own reaches the channel whole. */
static void records_frame(struct tls_writer *t, struct sess *s, const char *what)
{
	static const uint8_t frame[16] = "\xff\x03\xc0\x21\x09\x01\x00\x08pingping";
	uint8_t pkt[64], got[64];
	uint64_t end = now_ms() + WAIT_MS;
	size_t len;

	tls_write_record(t, 23, pkt, data_packet(pkt, frame, sizeof(frame)));
	while (!(len = chan_read(s, got, sizeof(got)))) {
		if (now_ms() > end)
			fail("session %u: %s: a frame never reached the channel", s->id, what);
		usleep(10000);
	}
	if (len != 14 || memcmp(got, frame + 2, 14))
		fail("session %u: %s: the channel gave %zu bytes, not the frame", s->id, what, len);
}

static int cmd_records(int argc, char **argv)
{
	struct pair_opts o = { .tls13 = argc > 1 && !strcmp(argv[1], "--tls13") };
	struct sstp_session_info info;
	struct tls_writer t = { .tls13 = o.tls13 };
	struct sess s;
	struct mod m;
	uint64_t start;

	mod_open(&m);
	say("records: TLS %s", o.tls13 ? "1.3" : "1.2");
	/* kTLS on the module's end only: the client's records are ours. */
	o.client_plain = true;
	sess_new(&m, &s, &o, 0, NULL, 0);
	sess_connected(&m, &s);
	t.fd = s.cli;

	records_frame(&t, &s, "first record");
	for (int i = 0; i < 3; i++)
		tls_write_record(&t, 23, "", 0);
	records_frame(&t, &s, "after three empty records");
	mod_poll(&m, 0);
	if (mod_find_down(&m, s.id))
		fail("session %u ended after empty records", s.id);
	sess_get(&m, &s, &info);
	if (info.rx_packets != 2 || info.rx_errors || info.rx_dropped)
		fail("session %u after empty records: rx packets %" PRIu64 " errors %" PRIu64
		     " dropped %" PRIu64 ", expected 2 0 0", s.id, info.rx_packets,
		     info.rx_errors, info.rx_dropped);
	say("  three empty records: nothing changed, session %u goes on", s.id);

	/* A header of version 2.0: kTLS's record parser gives up on the stream. */
	start = now_ms();
	send_all(s.cli, "\x17\x02\x00\x00\x20", 5);
	send_all(s.cli, "0123456789abcdef0123456789abcdef", 32);
	expect_down(&m, &s, SSTP_DOWN_REASON_TLS_ERROR);
	say("  a broken record header: tls-error after %" PRIu64 " ms", now_ms() - start);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

/* ---- goodbye: Call Disconnect, close_notify, FIN ---- */

/* The next TLS record from the module: its type and plaintext. */
static size_t read_record(struct sess *s, uint8_t *type, uint8_t *buf, size_t size)
{
	char cbuf[CMSG_SPACE(sizeof(uint8_t))];
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct pollfd p = { .fd = s->cli, .events = POLLIN };
	struct cmsghdr *cm;
	ssize_t n;

	if (poll(&p, 1, WAIT_MS) != 1)
		fail("session %u: nothing more from the module within %d s", s->id,
		     WAIT_MS / 1000);
	n = recvmsg(s->cli, &msg, 0);
	if (n < 0)
		fail("session %u: recvmsg: %s", s->id, strerror(errno));
	*type = 23;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_TLS && cm->cmsg_type == TLS_GET_RECORD_TYPE)
		*type = *CMSG_DATA(cm);
	return (size_t)n;
}

static int cmd_goodbye(int argc, char **argv)
{
	struct pair_opts o = { .tls13 = argc > 1 && !strcmp(argv[1], "--tls13") };
	uint8_t disconnect[8], buf[16384], type;
	struct sess s;
	struct mod m;
	size_t n;
	int err;

	mod_open(&m);
	say("goodbye: TLS %s", o.tls13 ? "1.3" : "1.2");
	sess_new(&m, &s, &o, 0, NULL, 0);
	ping(&m, &s);
	control_packet(disconnect, sizeof(disconnect), SSTP_MSG_CALL_DISCONNECT);
	err = sstp_genl_control_send(m.g, s.id, disconnect, sizeof(disconnect));
	if (!err)
		err = sstp_genl_session_del(m.g, s.id);
	if (err)
		fail("CONTROL_SEND then SESSION_DEL: %s (%s)", strerror(-err),
		     sstp_genl_last_error(m.g));

	n = read_record(&s, &type, buf, sizeof(buf));
	if (type != 23 || n != sizeof(disconnect) || memcmp(buf, disconnect, n))
		fail("session %u: %zu bytes in a record of type %u, expected the Call Disconnect",
		     s.id, n, type);
	say("  the Call Disconnect arrived");
	n = read_record(&s, &type, buf, sizeof(buf));
	if (type != 21 || n != 2 || buf[0] != 1 || buf[1] != 0)
		fail("session %u: a record of type %u and %zu bytes, expected close_notify",
		     s.id, type, n);
	say("  then close_notify");
	n = read_record(&s, &type, buf, sizeof(buf));
	if (n)
		fail("session %u: %zu bytes after close_notify", s.id, n);
	say("  then the end of the stream");
	expect_down(&m, &s, SSTP_DOWN_REASON_USERSPACE);
	sstp_genl_close(m.g);
	say("OK");
	return 0;
}

static const struct kpair_command commands[] = {
	{ "resets", cmd_resets },
	{ "flood", cmd_flood },
	{ "records", cmd_records },
	{ "goodbye", cmd_goodbye },
};

int main(int argc, char **argv)
{
	return kpair_main(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}
