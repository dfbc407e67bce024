/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpair: what the tools that drive sstp.ko from both ends share.  A
 * session is a TCP pair over loopback with kernel TLS set on both ends from
 * fixed test keys (no handshake): one end goes to the module (SESSION_NEW),
 * its ppp channel is attached on /dev/ppp, and the tool plays the SSTP
 * client on the other end.  Every failure prints "FAIL: PROG: ..." and
 * exits 1.
 */
#ifndef SSTP_TESTS_KPAIR_H
#define SSTP_TESTS_KPAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/deframe.h"
#include "kernel/genl.h"
#include "sstp_genl.h"

#define WAIT_MS		20000	/* for anything the module should do at once */
#define WINDOW		16	/* packets in flight: /dev/ppp keeps only 32 */

/* The tool's name in messages; each tool defines it. */
extern const char *prog;

/* TLS 1.2/1.3 AES-128-GCM test keys: one set per direction, and a wrong one. */
extern const uint8_t key_c2s[16], key_s2c[16], key_bad[16];

/* A growing byte buffer. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

struct pair_opts {
	bool plain;		/* no kTLS */
	bool tls13;
	bool bad_client_key;	/* the client encrypts with a wrong key */
	bool client_plain;	/* kTLS on the module's end only */
	int small_buffers;	/* socket buffers of this size, to fill them */
};

struct note_ctl {
	struct note_ctl *next;
	uint32_t id;
	size_t len;
	uint8_t pkt[];
};

struct note_down {
	struct note_down *next;
	uint32_t id;
	enum sstp_down_reason reason;
	struct sstp_session_info final;
};

struct mod {
	struct sstp_genl *g;
	struct note_ctl *ctl, **ctl_tail;
	struct note_down *down;
	unsigned int downs;
};

/* One session with both ends: the client socket and the ppp channel. */
struct sess {
	uint32_t id, channel;
	int cli;
	int chan;
	struct sstp_deframe df;
};

/* Frames written to the channel and CONTROL_SEND come out in order. */
struct tx_expect {
	uint8_t pkt[SSTP_MAX_PACKET_LEN];
	size_t len;
};

void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t now_ms(void);
uint32_t rnd(void);
uint32_t rnd_range(uint32_t lo, uint32_t hi);
void buf_put(struct buf *b, const void *data, size_t len);
void ktls_key(int fd, int dir, int version, const uint8_t *key);
void tcp_pair(int *srv, int *cli, const struct pair_opts *o);
void send_all(int fd, const void *data, size_t len);
void send_record(int fd, uint8_t type, const void *data, size_t len);
void set_nonblock(int fd);
void mod_open(struct mod *m);
void mod_dispatch(struct mod *m);
void mod_poll(struct mod *m, int ms);
struct note_down *mod_find_down(struct mod *m, uint32_t id);
struct note_down *mod_wait_down(struct mod *m, uint32_t id);
struct note_ctl *mod_take_ctl(struct mod *m, uint32_t id);
int chan_attach(uint32_t channel);
int sess_try_new(struct mod *m, struct sess *s, const struct pair_opts *o,
		 unsigned int mru, const void *initial, size_t initial_len);
void sess_new(struct mod *m, struct sess *s, const struct pair_opts *o,
		     unsigned int mru, const void *initial, size_t initial_len);
void sess_connected(struct mod *m, struct sess *s);
void sess_get(struct mod *m, struct sess *s, struct sstp_session_info *info);
size_t chan_read(struct sess *s, uint8_t *buf, size_t size);
void chan_write(struct sess *s, const void *frame, size_t len);
size_t cli_packet(struct sess *s, uint8_t *out, int ms, struct buf *in);
void cli_expect_eof(struct sess *s);
void chan_expect_gone(struct sess *s);
size_t control_packet(uint8_t *p, size_t len, uint16_t type);
size_t data_packet(uint8_t *p, const void *frame, size_t len);
void tx_check(struct sess *s, struct tx_expect *want, size_t n, struct buf *in);
void tx_frame(struct tx_expect *e, uint8_t *frame, uint16_t proto, size_t len, int flags);
void set_flags(struct sess *s, int flags);
void control_send(struct mod *m, struct sess *s, const uint8_t *pkt, size_t len);
void ping(struct mod *m, struct sess *s);
void expect_down(struct mod *m, struct sess *s, enum sstp_down_reason reason);

/* A tool's subcommands: main() runs the one argv[1] names. */
struct kpair_command {
	const char *name;
	int (*run)(int argc, char **argv);
};

int kpair_main(int argc, char **argv, const struct kpair_command *commands, size_t n);

#endif /* SSTP_TESTS_KPAIR_H */
