/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A scripted link for the PPP engine tests: every frame the engine sends is
 * kept for the test to inspect, every event is recorded, time is whatever
 * the test says, and random bytes come from a script (so a challenge can
 * be the RFC's) or a seeded generator. Two ends can be wired back to back.
 */
#ifndef SSTP_PPP_TEST_H
#define SSTP_PPP_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

#include "auth/mschapv2.h"
#include "ppp/ppp.h"

#define T_FRAMES	512
#define T_FRAME_MAX	4200
#define T_EVENTS	32
#define T_SCRIPT	8

struct t_frame {
	uint8_t data[T_FRAME_MAX];
	size_t len;
};

struct t_event {
	enum ppp_event ev;
	struct ppp_event_info info;
	char user[PPP_NAME_MAX + 1];
};

struct t_end {
	const char *label;
	struct ppp *ppp;
	struct ppp_config cfg;
	int64_t now;
	struct t_frame *out;		/* T_FRAMES, sent by the engine */
	unsigned n_out, read;
	struct t_event ev[T_EVENTS];
	unsigned n_ev;
	/* Random bytes: scripted blocks of an exact size first, then xorshift. */
	const uint8_t *script[T_SCRIPT];
	size_t script_len[T_SCRIPT];
	unsigned n_script;
	uint32_t seed;
	/* The server's user table. */
	const char *users[4], *passwords[4];
	/* Server: assign this address from the AUTH_OK callback. */
	struct in_addr assign;
	struct t_end *peer;		/* back to back */
};

static inline void t_log(void *ctx, int level, const char *msg)
{
	struct t_end *e = ctx;

	if (getenv("PPP_TEST_VERBOSE"))
		fprintf(stderr, "%s %d: %s\n", e->label, level, msg);
}

static inline void t_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct t_end *e = ctx;
	struct t_frame *f;

	assert_true(e->n_out < T_FRAMES);
	assert_true(len >= 2 && len <= T_FRAME_MAX);
	f = &e->out[e->n_out++];
	memcpy(f->data, frame, len);
	f->len = len;
}

static inline void t_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct t_end *e = ctx;
	struct t_event *t;

	if (getenv("PPP_TEST_VERBOSE"))
		fprintf(stderr, "%s event %s\n", e->label, ppp_event_name(ev));
	assert_true(e->n_ev < T_EVENTS);
	t = &e->ev[e->n_ev++];
	t->ev = ev;
	t->info = *info;
	if (info->user) {
		snprintf(t->user, sizeof(t->user), "%s", info->user);
		t->info.user = t->user;
	}
	if (ev == PPP_EV_AUTH_OK && e->assign.s_addr)
		assert_int_equal(ppp_set_peer_ipv4(e->ppp, e->assign, e->now), 0);
}

static inline int t_random(void *ctx, void *buf, size_t len)
{
	struct t_end *e = ctx;
	uint8_t *out = buf;

	if (e->n_script && e->script_len[0] == len) {
		memcpy(buf, e->script[0], len);
		memmove(e->script, e->script + 1, (T_SCRIPT - 1) * sizeof(e->script[0]));
		memmove(e->script_len, e->script_len + 1, (T_SCRIPT - 1) * sizeof(size_t));
		e->n_script--;
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)test_rand(&e->seed);
	return 0;
}

static inline int t_secret(void *ctx, const char *user, char *secret, size_t size)
{
	struct t_end *e = ctx;

	for (int i = 0; i < 4 && e->users[i]; i++) {
		if (!strcmp(e->users[i], user)) {
			snprintf(secret, size, "%s", e->passwords[i]);
			return 0;
		}
	}
	return -2;	/* -ENOENT */
}

static const struct ppp_link_ops t_ops = {
	.send = t_send,
	.event = t_event,
	.log = t_log,
};

static inline void t_init(struct t_end *e, const char *label, enum ppp_role role)
{
	memset(e, 0, sizeof(*e));
	e->out = calloc(T_FRAMES, sizeof(*e->out));
	assert_non_null(e->out);
	e->label = label;
	e->seed = role == PPP_ROLE_SERVER ? 0x12345678 : 0x9abcdef1;
	ppp_config_init(&e->cfg, role);
	e->cfg.random = t_random;
	e->cfg.random_ctx = e;
	e->cfg.get_secret = t_secret;
	e->cfg.secret_ctx = e;
	if (role == PPP_ROLE_SERVER) {
		inet_pton(AF_INET, "10.0.0.1", &e->cfg.local_ipv4);
		e->users[0] = "User";
		e->passwords[0] = "clientPass";
	} else {
		e->cfg.user = "User";
		e->cfg.password = "clientPass";
	}
}

static inline void t_script(struct t_end *e, const uint8_t *bytes, size_t len)
{
	assert_true(e->n_script < T_SCRIPT);
	e->script[e->n_script] = bytes;
	e->script_len[e->n_script++] = len;
}

static inline void t_start(struct t_end *e)
{
	e->ppp = ppp_new(&e->cfg, &t_ops, e);
	assert_non_null(e->ppp);
	ppp_open(e->ppp, e->now);
}

static inline void t_free(struct t_end *e)
{
	ppp_free(e->ppp);
	free(e->out);
	e->ppp = NULL;
	e->out = NULL;
}

/* The next frame the engine sent, or a test failure. */
static inline const struct t_frame *t_take(struct t_end *e)
{
	if (e->read >= e->n_out)
		fail_msg("%s: expected a frame, none was sent", e->label);
	return &e->out[e->read++];
}

static inline void t_no_frame(struct t_end *e)
{
	if (e->read < e->n_out) {
		char hex[64] = "";

		for (size_t i = 0; i < e->out[e->read].len && i < 24; i++)
			snprintf(hex + 2 * i, 3, "%02x", e->out[e->read].data[i]);
		fail_msg("%s: unexpected frame %s...", e->label, hex);
	}
}

static inline void t_skip_all(struct t_end *e)
{
	e->read = e->n_out;
}

static inline enum ppp_input_result t_feed(struct t_end *e, const uint8_t *frame, size_t len)
{
	return ppp_input(e->ppp, frame, len, e->now, NULL);
}

static inline enum ppp_input_result t_feed_hex(struct t_end *e, const char *hex)
{
	uint8_t buf[T_FRAME_MAX];

	return t_feed(e, buf, unhex(hex, buf, sizeof(buf)));
}

/* A CHAP/PAP-style packet: protocol, code, id, length, then msg. */
static inline void t_feed_msg(struct t_end *e, uint16_t proto, uint8_t code, uint8_t id,
			      const char *msg)
{
	uint8_t buf[T_FRAME_MAX];
	size_t mlen = strlen(msg);

	buf[0] = (uint8_t)(proto >> 8);
	buf[1] = (uint8_t)proto;
	buf[2] = code;
	buf[3] = id;
	buf[4] = (uint8_t)((4 + mlen) >> 8);
	buf[5] = (uint8_t)(4 + mlen);
	memcpy(buf + 6, msg, mlen);
	t_feed(e, buf, 6 + mlen);
}

/* The next frame is exactly hex. */
static inline void t_expect_hex(struct t_end *e, const char *hex)
{
	uint8_t want[T_FRAME_MAX];
	size_t n = unhex(hex, want, sizeof(want));
	const struct t_frame *f = t_take(e);

	if (f->len != n || memcmp(f->data, want, n)) {
		char got[2 * 96 + 1] = "";

		for (size_t i = 0; i < f->len && i < 96; i++)
			snprintf(got + 2 * i, 3, "%02x", f->data[i]);
		fail_msg("%s: got %s, want %s", e->label, got, hex);
	}
}

/* Protocol and code of a control frame. */
static inline void t_expect_code(const struct t_frame *f, uint16_t proto, uint8_t code)
{
	assert_true(f->len >= 6);
	assert_int_equal((f->data[0] << 8) | f->data[1], proto);
	assert_int_equal(f->data[2], code);
	assert_int_equal((f->data[4] << 8) | f->data[5], f->len - 2);
}

static inline int t_count(const struct t_end *e, enum ppp_event ev)
{
	int n = 0;

	for (unsigned i = 0; i < e->n_ev; i++)
		n += e->ev[i].ev == ev;
	return n;
}

static inline const struct t_event *t_last(const struct t_end *e, enum ppp_event ev)
{
	for (unsigned i = e->n_ev; i-- > 0;)
		if (e->ev[i].ev == ev)
			return &e->ev[i];
	fail_msg("%s: no %s event", e->label, ppp_event_name(ev));
	return NULL;
}

/* Moves time to t and runs the engine's timers if due. */
static inline void t_at(struct t_end *e, int64_t t)
{
	e->now = t;
	if (ppp_next_timeout(e->ppp) >= 0 && ppp_next_timeout(e->ppp) <= t)
		ppp_timeout(e->ppp, t);
}

/* The peer's Configure-Ack of the request in f. */
static inline void t_ack(struct t_end *e, const struct t_frame *f)
{
	uint8_t ack[T_FRAME_MAX];

	memcpy(ack, f->data, f->len);
	ack[2] = 2;
	t_feed(e, ack, f->len);
}

/* Delivers frames both ways until both ends are quiet. */
static inline void t_pump(struct t_end *a, struct t_end *b)
{
	for (int rounds = 0; rounds < 1000; rounds++) {
		bool moved = false;

		while (a->read < a->n_out) {
			const struct t_frame *f = &a->out[a->read++];

			ppp_input(b->ppp, f->data, f->len, b->now, NULL);
			moved = true;
		}
		while (b->read < b->n_out) {
			const struct t_frame *f = &b->out[b->read++];

			ppp_input(a->ppp, f->data, f->len, a->now, NULL);
			moved = true;
		}
		if (!moved)
			return;
	}
	fail_msg("the two ends never went quiet");
}

#endif /* SSTP_PPP_TEST_H */
