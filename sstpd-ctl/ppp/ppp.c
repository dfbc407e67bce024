// SPDX-License-Identifier: GPL-2.0
/*
 * The link: RFC 1661 phases, demultiplexing by protocol, timers, events.
 *
 *   Dead --open--> Establish --LCP up--> Authenticate --both sides done-->
 *   Network --close, LCP down--> Terminate --LCP finished--> Dead
 *
 * LCP going down (a renegotiation) sends the link back to Establish and
 * the network protocols to Starting; they come up again after the next
 * authentication. PPP_EV_DOWN is reported once and ends the engine's life.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ppp/internal.h"

static int default_random(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	return len <= INT32_MAX && RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

struct ppp *ppp_new(const struct ppp_config *cfg, const struct ppp_link_ops *ops, void *ctx)
{
	struct ppp *ppp;

	if (!cfg || !ops || !ops->send || !ops->event || !ppp_config_valid(cfg))
		return NULL;
	ppp = calloc(1, sizeof(*ppp));
	if (!ppp)
		return NULL;
	ppp->cfg = *cfg;
	if (!ppp->cfg.name)
		ppp->cfg.name = "sstpd";
	if (!ppp->cfg.random)
		ppp->cfg.random = default_random;
	ppp->ops = ops;
	ppp->ctx = ctx;
	ppp->phase = PPP_PHASE_DEAD;
	fsm_init(&ppp->lcp.fsm, ppp, &lcp_ops);
	fsm_init(&ppp->ipcp.fsm, ppp, &ipcp_ops);
	fsm_init(&ppp->ipv6cp.fsm, ppp, &ipv6cp_ops);
	ppp->lcp.mru = ppp->lcp.peer_mru = PPP_MRU_DEFAULT;
	ppp->lcp.echo_deadline = -1;
	ppp->verifier.deadline = -1;
	ppp->prover.deadline = -1;
	return ppp;
}

void ppp_free(struct ppp *ppp)
{
	if (!ppp)
		return;
	/* Challenges, responses and keys stay out of freed memory. */
	OPENSSL_cleanse(ppp, sizeof(*ppp));
	free(ppp);
}

void ppp_log(struct ppp *ppp, int level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!ppp->ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ppp->ops->log(ppp->ctx, level, msg);
}

void ppp_sanitize(char *out, size_t size, const uint8_t *in, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < size; i++)
		out[n++] = in[i] >= 0x20 && in[i] < 0x7f && in[i] != '"' ? (char)in[i] : '?';
	out[n] = '\0';
}

bool ppp_copy_name(char out[PPP_NAME_MAX + 1], const uint8_t *in, size_t len)
{
	bool clean = true;

	if (len > PPP_NAME_MAX) {
		len = PPP_NAME_MAX;
		clean = false;
	}
	for (size_t i = 0; i < len; i++) {
		clean &= in[i] >= 0x20 && in[i] != 0x7f;
		out[i] = in[i] >= 0x20 && in[i] != 0x7f ? (char)in[i] : '?';
	}
	out[len] = '\0';
	return clean;
}

void ppp_send(struct ppp *ppp, uint16_t protocol, const uint8_t *pkt, size_t len)
{
	if (len > PPP_TX_MAX - 2)
		len = PPP_TX_MAX - 2;
	if (len && pkt != ppp->tx + 2)
		memmove(ppp->tx + 2, pkt, len);
	put_be16(ppp->tx, protocol);
	ppp->ops->send(ppp->ctx, ppp->tx, len + 2);
}

uint8_t ppp_new_id(struct ppp *ppp)
{
	return ppp->next_id++;
}

int ppp_random(struct ppp *ppp, void *buf, size_t len)
{
	int err = ppp->cfg.random(ppp->cfg.random_ctx, buf, len);

	if (err) {
		memset(buf, 0, len);
		if (!ppp->internal_error)
			ppp_log(ppp, LOG_ERR, "no random bytes (%d): closing", err);
		ppp->internal_error = true;
		return err < 0 ? err : -EIO;
	}
	return 0;
}

void ppp_emit(struct ppp *ppp, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct ppp_queued_event *q;

	if (ppp->ev_tail - ppp->ev_head >= PPP_EVENTS_MAX) {
		ppp_log(ppp, LOG_ERR, "event queue full, %s lost", ppp_event_name(ev));
		return;
	}
	q = &ppp->events[ppp->ev_tail++ % PPP_EVENTS_MAX];
	q->ev = ev;
	q->info = *info;
}

void ppp_ncp_ready(struct ppp *ppp, bool ipv6, const struct ppp_event_info *info)
{
	if (ppp->ops->ncp_ready)
		ppp->ops->ncp_ready(ppp->ctx, ipv6, info);
}

void ppp_ncp_unready(struct ppp *ppp, bool ipv6)
{
	if (ppp->ops->ncp_unready)
		ppp->ops->ncp_unready(ppp->ctx, ipv6);
}

/*
 * Callbacks run here, once the engine is consistent; they may call back
 * in (ppp_close, ppp_set_peer_ipv4), and the events that causes are
 * delivered by this same loop.
 */
static void deliver_events(struct ppp *ppp)
{
	struct ppp_queued_event q;

	if (ppp->delivering)
		return;
	ppp->delivering = true;
	while (ppp->ev_head != ppp->ev_tail) {
		q = ppp->events[ppp->ev_head++ % PPP_EVENTS_MAX];
		ppp->ops->event(ppp->ctx, q.ev, &q.info);
	}
	ppp->ev_head = ppp->ev_tail = 0;
	ppp->delivering = false;
}

void ppp_set_reason(struct ppp *ppp, enum ppp_down_reason reason)
{
	if (ppp->reason == PPP_DOWN_NONE)
		ppp->reason = reason;
}

static void report_down(struct ppp *ppp)
{
	struct ppp_event_info info = { .reason = ppp->reason };

	if (ppp->down_reported)
		return;
	ppp->down_reported = true;
	ppp->phase = PPP_PHASE_DEAD;
	ppp->lcp.fsm.deadline = ppp->ipcp.fsm.deadline = ppp->ipv6cp.fsm.deadline = -1;
	ppp->lcp.echo_deadline = ppp->verifier.deadline = ppp->prover.deadline = -1;
	ppp_log(ppp, ppp->reason == PPP_DOWN_ADMIN || ppp->reason == PPP_DOWN_PEER_TERMINATE ?
		LOG_INFO : LOG_WARNING, "link down: %s", ppp_down_reason_name(ppp->reason));
	ppp_emit(ppp, PPP_EV_DOWN, &info);
}

void ppp_fail(struct ppp *ppp, enum ppp_down_reason reason)
{
	ppp_set_reason(ppp, reason);
	if (ppp->down_reported)
		return;
	ppp->phase = PPP_PHASE_TERMINATE;
	fsm_close(&ppp->lcp.fsm, ppp_down_reason_name(reason));
	/* LCP never started: nothing to say goodbye to. */
	if (fsm_finished(&ppp->lcp.fsm))
		report_down(ppp);
}

/* Deferred work, then the events; the end of every API call. */
static void settle(struct ppp *ppp)
{
	if (ppp->internal_error && !ppp->down_reported)
		ppp_fail(ppp, PPP_DOWN_INTERNAL);
	if (ppp->check_network) {
		ppp->check_network = false;
		if (ppp->phase == PPP_PHASE_NETWORK && fsm_finished(&ppp->ipcp.fsm) &&
		    (!ppp->cfg.ipv6 || fsm_finished(&ppp->ipv6cp.fsm))) {
			ppp_log(ppp, LOG_INFO, "no network protocol left");
			ppp_fail(ppp, PPP_DOWN_NO_NETWORK);
		}
	}
	deliver_events(ppp);
}

bool ppp_auth_allowed(const struct ppp *ppp, enum ppp_auth method)
{
	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++)
		if (method != PPP_AUTH_NONE && ppp->cfg.auth[i] == method)
			return true;
	return false;
}

/* A server waits for the pool (or RADIUS) before it can offer IPCP. */
static bool ipv4_ready(const struct ppp *ppp)
{
	return ppp->cfg.role == PPP_ROLE_CLIENT || ppp->cfg.peer_ipv4.s_addr != 0;
}

static void ipcp_start(struct ppp *ppp)
{
	struct ipcp *c = &ppp->ipcp;

	fsm_up(&c->fsm);
	if (c->pending_len) {
		size_t len = c->pending_len;

		c->pending_len = 0;
		fsm_input(&c->fsm, c->pending, len);
	}
}

static void enter_network(struct ppp *ppp)
{
	struct ppp_event_info info = { 0 };
	bool server = ppp->cfg.role == PPP_ROLE_SERVER;

	ppp->phase = PPP_PHASE_NETWORK;
	ppp->authenticated = true;
	ppp->auth_method = server ? ppp->verifier.method : ppp->prover.method;
	memcpy(ppp->hlak, server ? ppp->verifier.hlak : ppp->prover.hlak, PPP_HLAK_LEN);
	snprintf(ppp->peer_name, sizeof(ppp->peer_name), "%s",
		 !server ? (ppp->prover.method != PPP_AUTH_NONE ? ppp->cfg.user : "") :
		 ppp->verifier.method != PPP_AUTH_NONE ? ppp->verifier.user : "");
	info.method = ppp->auth_method;
	info.user = ppp->peer_name;
	ppp_emit(ppp, PPP_EV_AUTH_OK, &info);

	fsm_open(&ppp->ipcp.fsm);
	if (ipv4_ready(ppp))
		ipcp_start(ppp);
	else
		ppp_log(ppp, LOG_DEBUG, "ipcp: waiting for the peer's address");
	if (ppp->cfg.ipv6) {
		fsm_open(&ppp->ipv6cp.fsm);
		fsm_up(&ppp->ipv6cp.fsm);
	}
}

static bool side_done(enum ppp_auth method, enum auth_state state)
{
	return method == PPP_AUTH_NONE || state == AUTH_DONE;
}

void ppp_auth_done(struct ppp *ppp)
{
	if (ppp->phase == PPP_PHASE_AUTHENTICATE &&
	    side_done(ppp->verifier.method, ppp->verifier.state) &&
	    side_done(ppp->prover.method, ppp->prover.state))
		enter_network(ppp);
}

void ppp_auth_failed(struct ppp *ppp, enum ppp_down_reason reason)
{
	ppp_fail(ppp, reason);
}

void ppp_lcp_up(struct ppp *ppp)
{
	struct auth_verifier *v = &ppp->verifier;
	struct auth_prover *p = &ppp->prover;

	ppp->phase = PPP_PHASE_AUTHENTICATE;
	v->method = ppp->cfg.role == PPP_ROLE_SERVER ? ppp->lcp.auth : PPP_AUTH_NONE;
	p->method = ppp->lcp.peer_auth;
	if (v->method == PPP_AUTH_PAP)
		pap_verifier_start(ppp);
	else if (v->method != PPP_AUTH_NONE)
		chap_verifier_start(ppp);
	if (p->method == PPP_AUTH_PAP)
		pap_prover_start(ppp);
	else if (p->method != PPP_AUTH_NONE)
		chap_prover_start(ppp);
	ppp_auth_done(ppp);
}

void ppp_lcp_down(struct ppp *ppp)
{
	ppp->verifier.state = AUTH_IDLE;
	ppp->verifier.deadline = -1;
	ppp->prover.state = AUTH_IDLE;
	ppp->prover.deadline = -1;
	ppp->ipcp.pending_len = 0;
	fsm_down(&ppp->ipcp.fsm);
	fsm_down(&ppp->ipv6cp.fsm);
	if (ppp->phase != PPP_PHASE_DEAD)
		ppp->phase = ppp->reason || ppp->lcp.fsm.why ? PPP_PHASE_TERMINATE :
							     PPP_PHASE_ESTABLISH;
}

void ppp_lcp_finished(struct ppp *ppp)
{
	ppp_set_reason(ppp, ppp->lcp.fsm.why ? ppp->lcp.fsm.why : PPP_DOWN_NEG_FAILED);
	report_down(ppp);
}

void ppp_ncp_finished(struct ppp *ppp)
{
	ppp->check_network = true;
}

static void enter(struct ppp *ppp, int64_t now_ms)
{
	ppp->now = now_ms;
}

void ppp_open(struct ppp *ppp, int64_t now_ms)
{
	enter(ppp, now_ms);
	if (!ppp->opened && !ppp->down_reported) {
		ppp->opened = true;
		ppp->phase = PPP_PHASE_ESTABLISH;
		fsm_open(&ppp->lcp.fsm);
		fsm_up(&ppp->lcp.fsm);
	}
	settle(ppp);
}

void ppp_close(struct ppp *ppp, enum ppp_down_reason reason, int64_t now_ms)
{
	enter(ppp, now_ms);
	ppp_fail(ppp, reason == PPP_DOWN_NONE ? PPP_DOWN_ADMIN : reason);
	settle(ppp);
}

void ppp_lower_down(struct ppp *ppp, int64_t now_ms)
{
	enter(ppp, now_ms);
	if (!ppp->down_reported) {
		ppp_set_reason(ppp, ppp->lcp.fsm.why ? ppp->lcp.fsm.why : PPP_DOWN_LOWER);
		fsm_down(&ppp->lcp.fsm);
		report_down(ppp);
	}
	settle(ppp);
}

/* Network control packets: only in the Network phase (RFC 1661 3.5). */
static enum ppp_input_result ncp_input(struct ppp *ppp, struct fsm *f,
				       const uint8_t *pkt, size_t len)
{
	struct ipcp *c = &ppp->ipcp;

	if (ppp->phase != PPP_PHASE_NETWORK) {
		ppp_log(ppp, LOG_DEBUG, "%s: packet before the network phase dropped",
			f->ops->name);
		return PPP_INPUT_DROPPED;
	}
	/* Keep the latest request until the pool gives us the address. */
	if (f == &c->fsm && f->state == FSM_STARTING) {
		if (len >= CP_HEADER_LEN && pkt[0] == CP_CONF_REQ && len <= sizeof(c->pending)) {
			memcpy(c->pending, pkt, len);
			c->pending_len = len;
			return PPP_INPUT_CONTROL;
		}
		return PPP_INPUT_DROPPED;
	}
	fsm_input(f, pkt, len);
	return PPP_INPUT_CONTROL;
}

static enum ppp_input_result input(struct ppp *ppp, const uint8_t *frame, size_t len,
				   size_t *data_off)
{
	const uint8_t *p = frame;
	uint16_t proto;

	if (!ppp->opened || ppp->down_reported)
		return PPP_INPUT_DROPPED;
	/* Address and control fields, if the sender kept them. */
	if (len >= 1 && p[0] == 0xff) {
		if (len < 2 || p[1] != 0x03)
			return PPP_INPUT_DROPPED;
		p += 2;
		len -= 2;
	}
	if (len < 1)
		return PPP_INPUT_DROPPED;
	if (p[0] & 1) {
		proto = p[0];		/* PFC: a 1-byte protocol field */
		p++;
		len--;
	} else {
		if (len < 2 || !(p[1] & 1))
			return PPP_INPUT_DROPPED;
		proto = get_be16(p);
		p += 2;
		len -= 2;
	}
	*data_off = (size_t)(p - frame);

	if (proto == PPP_LCP) {
		fsm_input(&ppp->lcp.fsm, p, len);
		return PPP_INPUT_CONTROL;
	}
	if (ppp->lcp.fsm.state != FSM_OPENED)
		return PPP_INPUT_DROPPED;	/* RFC 1661 3.4 */
	switch (proto) {
	case PPP_PAP:
		pap_input(ppp, p, len);
		return PPP_INPUT_CONTROL;
	case PPP_CHAP:
		chap_input(ppp, p, len);
		return PPP_INPUT_CONTROL;
	case PPP_IPCP:
		return ncp_input(ppp, &ppp->ipcp.fsm, p, len);
	case PPP_IP:
		return ppp->ipcp.fsm.state == FSM_OPENED ? PPP_INPUT_IPV4 : PPP_INPUT_DROPPED;
	case PPP_IPV6CP:
		if (ppp->cfg.ipv6)
			return ncp_input(ppp, &ppp->ipv6cp.fsm, p, len);
		break;
	case PPP_IPV6:
		if (ppp->cfg.ipv6)
			return ppp->ipv6cp.fsm.state == FSM_OPENED ? PPP_INPUT_IPV6 :
								      PPP_INPUT_DROPPED;
		break;
	default:
		break;
	}
	/* CCP (we do no MPPE), CBCP, disabled IPv6, anything unknown. */
	lcp_protocol_reject(ppp, proto, p, len);
	return PPP_INPUT_CONTROL;
}

enum ppp_input_result ppp_input(struct ppp *ppp, const uint8_t *frame, size_t len,
				int64_t now_ms, size_t *data_off)
{
	enum ppp_input_result r;
	size_t off = 0;

	enter(ppp, now_ms);
	r = input(ppp, frame, len, &off);
	if (data_off)
		*data_off = off;
	settle(ppp);
	return r;
}

static int64_t earliest(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

int64_t ppp_next_timeout(const struct ppp *ppp)
{
	int64_t t = ppp->lcp.fsm.deadline;

	t = earliest(t, ppp->ipcp.fsm.deadline);
	t = earliest(t, ppp->ipv6cp.fsm.deadline);
	t = earliest(t, ppp->verifier.deadline);
	t = earliest(t, ppp->prover.deadline);
	return earliest(t, ppp->lcp.echo_deadline);
}

static bool due(const struct ppp *ppp, int64_t deadline)
{
	return deadline >= 0 && deadline <= ppp->now;
}

void ppp_timeout(struct ppp *ppp, int64_t now_ms)
{
	enter(ppp, now_ms);
	/* Each check rereads its deadline: an earlier handler may have moved it. */
	if (due(ppp, ppp->lcp.fsm.deadline))
		fsm_timeout(&ppp->lcp.fsm);
	if (due(ppp, ppp->ipcp.fsm.deadline))
		fsm_timeout(&ppp->ipcp.fsm);
	if (due(ppp, ppp->ipv6cp.fsm.deadline))
		fsm_timeout(&ppp->ipv6cp.fsm);
	if (due(ppp, ppp->verifier.deadline)) {
		ppp->verifier.deadline = -1;
		if (ppp->verifier.method == PPP_AUTH_PAP)
			pap_timeout(ppp, true);
		else
			chap_timeout(ppp, true);
	}
	if (due(ppp, ppp->prover.deadline)) {
		ppp->prover.deadline = -1;
		if (ppp->prover.method == PPP_AUTH_PAP)
			pap_timeout(ppp, false);
		else
			chap_timeout(ppp, false);
	}
	if (due(ppp, ppp->lcp.echo_deadline))
		lcp_echo_timeout(ppp);
	settle(ppp);
}

int ppp_set_peer_ipv4(struct ppp *ppp, struct in_addr addr, int64_t now_ms)
{
	if (!addr.s_addr)
		return -EINVAL;
	if (addr.s_addr == ppp->cfg.peer_ipv4.s_addr)
		return 0;
	if (ppp->ipcp.fsm.state != FSM_INITIAL && ppp->ipcp.fsm.state != FSM_STARTING &&
	    ppp->cfg.peer_ipv4.s_addr)
		return -EBUSY;
	enter(ppp, now_ms);
	ppp->cfg.peer_ipv4 = addr;
	if (ppp->phase == PPP_PHASE_NETWORK && ppp->ipcp.fsm.state == FSM_STARTING &&
	    !ppp->down_reported)
		ipcp_start(ppp);
	settle(ppp);
	return 0;
}

enum ppp_phase ppp_phase(const struct ppp *ppp)
{
	return ppp->phase;
}

enum ppp_auth ppp_auth_method(const struct ppp *ppp)
{
	return ppp->auth_method;
}

const char *ppp_peer_name(const struct ppp *ppp)
{
	return ppp->peer_name;
}

int ppp_hlak(const struct ppp *ppp, uint8_t hlak[PPP_HLAK_LEN])
{
	if (!ppp->authenticated)
		return -EAGAIN;
	memcpy(hlak, ppp->hlak, PPP_HLAK_LEN);
	return 0;
}

struct ppp_lcp_info ppp_lcp_info(const struct ppp *ppp)
{
	const struct lcp *l = &ppp->lcp;

	return (struct ppp_lcp_info){
		.local_mru = l->neg_mru ? l->mru : PPP_MRU_DEFAULT,
		.peer_mru = l->peer_mru,
		.peer_pfc = l->peer_pfc,
		.peer_acfc = l->peer_acfc,
	};
}
