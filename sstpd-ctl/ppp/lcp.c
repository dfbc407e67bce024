// SPDX-License-Identifier: GPL-2.0
/*
 * LCP (RFC 1661, RFC 1570 codes): the options we negotiate and the extra
 * codes, on top of the automaton in fsm.c.
 *
 * We ask for: MRU (only when not 1500), the authentication protocol (server:
 * the first configured method; a Nak may pick another configured one) and a
 * magic number. We Ack the peer's MRU, ACCM (ignored: SSTP is not async
 * HDLC), magic number, PFC and ACFC, and authentication protocol when we are
 * the client and know the method; we Reject everything else, notably
 * Callback (Windows asks for it), MRRU and Endpoint Discriminator.
 */

#include <string.h>

#include "ppp/internal.h"

enum {
	LCP_OPT_MRU = 1,
	LCP_OPT_ACCM = 2,
	LCP_OPT_AUTH = 3,
	LCP_OPT_MAGIC = 5,
	LCP_OPT_PFC = 7,
	LCP_OPT_ACFC = 8,
	LCP_OPT_CALLBACK = 13,
	LCP_OPT_MRRU = 17,
	LCP_OPT_ENDPOINT = 19,
};

enum {
	LCP_PROTO_REJ = 8,
	LCP_ECHO_REQ = 9,
	LCP_ECHO_REP = 10,
	LCP_DISCARD_REQ = 11,
	LCP_IDENTIFICATION = 12,
	LCP_TIME_REMAINING = 13,
};

#define CHAP_MD5	0x05
#define CHAP_MSV2	0x81

static struct lcp *to_lcp(struct fsm *f)
{
	return &f->ppp->lcp;
}

/* A non-zero magic number different from avoid. */
static uint32_t new_magic(struct ppp *ppp, uint32_t avoid)
{
	uint8_t bytes[4];
	uint32_t m = 0;

	for (int i = 0; i < 4 && (m == 0 || m == avoid); i++) {
		ppp_random(ppp, bytes, sizeof(bytes));
		m = get_be32(bytes);
	}
	/* Only with a broken random source, which closes the link anyway. */
	if (m == 0 || m == avoid)
		m = ~avoid ? ~avoid : 1;
	return m;
}

/* The value of an Authentication-Protocol option; returns its length. */
static size_t auth_value(enum ppp_auth method, uint8_t val[3])
{
	switch (method) {
	case PPP_AUTH_PAP:
		put_be16(val, PPP_PAP);
		return 2;
	case PPP_AUTH_CHAP_MD5:
		put_be16(val, PPP_CHAP);
		val[2] = CHAP_MD5;
		return 3;
	case PPP_AUTH_MSCHAPV2:
		put_be16(val, PPP_CHAP);
		val[2] = CHAP_MSV2;
		return 3;
	default:
		return 0;
	}
}

/* PPP_AUTH_NONE for anything we do not implement (EAP, MS-CHAPv1, ...). */
static enum ppp_auth auth_from_value(const uint8_t *val, size_t vlen)
{
	if (vlen == 2 && get_be16(val) == PPP_PAP)
		return PPP_AUTH_PAP;
	if (vlen == 3 && get_be16(val) == PPP_CHAP && val[2] == CHAP_MD5)
		return PPP_AUTH_CHAP_MD5;
	if (vlen == 3 && get_be16(val) == PPP_CHAP && val[2] == CHAP_MSV2)
		return PPP_AUTH_MSCHAPV2;
	return PPP_AUTH_NONE;
}

/* The first configured method the peer has not refused yet. */
static enum ppp_auth next_auth(const struct ppp *ppp, uint8_t refused)
{
	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++) {
		enum ppp_auth m = ppp->cfg.auth[i];

		if (m != PPP_AUTH_NONE && !(refused & (1u << m)))
			return m;
	}
	return PPP_AUTH_NONE;
}

static void lcp_reset(struct fsm *f)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);

	l->mru = ppp->cfg.mru;
	l->neg_mru = l->mru != PPP_MRU_DEFAULT;
	l->magic = new_magic(ppp, 0);
	l->neg_magic = true;
	l->auth_refused = 0;
	l->auth = ppp->cfg.role == PPP_ROLE_SERVER ? next_auth(ppp, 0) : PPP_AUTH_NONE;
}

static size_t lcp_build_req(struct fsm *f, uint8_t *buf, size_t size)
{
	struct lcp *l = to_lcp(f);
	uint8_t val[4];
	size_t len = 0, alen;

	if (l->neg_mru) {
		put_be16(val, l->mru);
		opt_put(buf, size, &len, LCP_OPT_MRU, val, 2);
	}
	alen = auth_value(l->auth, val);
	if (alen)
		opt_put(buf, size, &len, LCP_OPT_AUTH, val, alen);
	if (l->neg_magic) {
		put_be32(val, l->magic);
		opt_put(buf, size, &len, LCP_OPT_MAGIC, val, 4);
	}
	return len;
}

static void lcp_check_begin(struct fsm *f)
{
	struct lcp *l = to_lcp(f);

	l->peer_mru = PPP_MRU_DEFAULT;
	l->peer_magic = 0;
	l->peer_auth = PPP_AUTH_NONE;
	l->peer_pfc = false;
	l->peer_acfc = false;
}

static enum fsm_verdict nak_with(uint8_t *nak, size_t room, size_t *nak_len, uint8_t type,
				 const uint8_t *val, size_t vlen)
{
	return opt_put(nak, room, nak_len, type, val, vlen) ? FSM_REJ : FSM_NAK;
}

static enum fsm_verdict check_auth(struct fsm *f, const uint8_t *val, size_t vlen,
				   uint8_t *nak, size_t room, size_t *nak_len)
{
	struct ppp *ppp = f->ppp;
	enum ppp_auth m = auth_from_value(val, vlen), want;
	uint8_t pref[3];

	/* A server proves nothing to its clients. */
	if (ppp->cfg.role == PPP_ROLE_SERVER)
		return FSM_REJ;
	want = next_auth(ppp, 0);
	if (want == PPP_AUTH_NONE)
		return FSM_REJ;
	if (ppp_auth_allowed(ppp, m)) {
		to_lcp(f)->peer_auth = m;
		return FSM_ACK;
	}
	return nak_with(nak, room, nak_len, LCP_OPT_AUTH, pref, auth_value(want, pref));
}

static enum fsm_verdict check_magic(struct fsm *f, uint32_t v, uint8_t *nak, size_t room,
				    size_t *nak_len)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);
	uint8_t val[4];

	if (l->neg_magic && v == l->magic) {
		/* Our own number back: a loop, or bad luck (RFC 1661 6.4). */
		if (++l->loops >= ppp->cfg.max_failure) {
			ppp_log(ppp, LOG_WARNING, "lcp: the line is looped back");
			ppp_set_reason(ppp, PPP_DOWN_LOOPBACK);
			return FSM_CLOSE;
		}
		l->magic = new_magic(ppp, v);
		put_be32(val, new_magic(ppp, l->magic));
		return nak_with(nak, room, nak_len, LCP_OPT_MAGIC, val, 4);
	}
	if (v == 0) {
		put_be32(val, new_magic(ppp, l->magic));
		return nak_with(nak, room, nak_len, LCP_OPT_MAGIC, val, 4);
	}
	l->peer_magic = v;
	return FSM_ACK;
}

static enum fsm_verdict lcp_check_opt(struct fsm *f, uint8_t type, const uint8_t *val,
				      size_t vlen, uint8_t *nak, size_t room, size_t *nak_len)
{
	struct lcp *l = to_lcp(f);
	uint8_t min[2];
	uint16_t mru;

	switch (type) {
	case LCP_OPT_MRU:
		if (vlen != 2)
			return FSM_REJ;
		mru = get_be16(val);
		if (mru < PPP_MRU_MIN) {
			put_be16(min, PPP_MRU_MIN);
			return nak_with(nak, room, nak_len, LCP_OPT_MRU, min, 2);
		}
		/* Windows says 4091; no SSTP packet carries more anyway. */
		l->peer_mru = mru < PPP_MRU_MAX ? mru : PPP_MRU_MAX;
		return FSM_ACK;
	case LCP_OPT_ACCM:
		return vlen == 4 ? FSM_ACK : FSM_REJ;
	case LCP_OPT_AUTH:
		if (vlen < 2)
			return FSM_REJ;
		return check_auth(f, val, vlen, nak, room, nak_len);
	case LCP_OPT_MAGIC:
		if (vlen != 4)
			return FSM_REJ;
		return check_magic(f, get_be32(val), nak, room, nak_len);
	case LCP_OPT_PFC:
		if (vlen != 0)
			return FSM_REJ;
		l->peer_pfc = true;
		return FSM_ACK;
	case LCP_OPT_ACFC:
		if (vlen != 0)
			return FSM_REJ;
		l->peer_acfc = true;
		return FSM_ACK;
	default:
		/* Callback, MRRU, Endpoint Discriminator and the rest. */
		return FSM_REJ;
	}
}

static int nak_auth(struct fsm *f, enum ppp_auth suggested)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);
	enum ppp_auth next;

	if (l->auth == PPP_AUTH_NONE)
		return 0;	/* we did not ask: a hint we do not need */
	l->auth_refused |= (uint8_t)(1u << l->auth);
	if (ppp_auth_allowed(ppp, suggested) && !(l->auth_refused & (1u << suggested)))
		next = suggested;
	else
		next = next_auth(ppp, l->auth_refused);
	if (next == PPP_AUTH_NONE) {
		ppp_log(ppp, LOG_INFO, "lcp: peer refuses %s and offers %s, which is not allowed",
			ppp_auth_name(l->auth), ppp_auth_name(suggested));
		ppp_set_reason(ppp, PPP_DOWN_AUTH_REFUSED);
		return FSM_FAIL;
	}
	ppp_log(ppp, LOG_DEBUG, "lcp: peer refuses %s, asking for %s", ppp_auth_name(l->auth),
		ppp_auth_name(next));
	l->auth = next;
	return 0;
}

static int lcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	uint16_t mru;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0) {
		switch (type) {
		case LCP_OPT_MRU:
			if (vlen != 2)
				return FSM_BAD;
			mru = get_be16(val);
			/* Smaller is always fine for us; larger only up to our own. */
			if (mru >= PPP_MRU_MIN && (mru <= ppp->cfg.mru || mru <= PPP_MRU_DEFAULT)) {
				l->mru = mru;
				l->neg_mru = mru != PPP_MRU_DEFAULT;
			}
			break;
		case LCP_OPT_AUTH:
			if (vlen < 2)
				return FSM_BAD;
			r = nak_auth(f, auth_from_value(val, vlen));
			if (r)
				return r;
			break;
		case LCP_OPT_MAGIC:
			if (vlen != 4)
				return FSM_BAD;
			if (l->neg_magic)
				l->magic = new_magic(ppp, get_be32(val));
			break;
		default:
			break;
		}
	}
	return r < 0 ? FSM_BAD : 0;
}

static int lcp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0) {
		switch (type) {
		case LCP_OPT_MRU:
			l->neg_mru = false;
			l->mru = PPP_MRU_DEFAULT;
			break;
		case LCP_OPT_AUTH:
			if (l->auth == PPP_AUTH_NONE)
				break;
			ppp_log(ppp, LOG_INFO, "lcp: peer refuses to authenticate");
			ppp_set_reason(ppp, PPP_DOWN_AUTH_REFUSED);
			return FSM_FAIL;
		case LCP_OPT_MAGIC:
			l->neg_magic = false;
			l->magic = 0;
			break;
		default:
			break;
		}
	}
	return r < 0 ? FSM_BAD : 0;
}

static void lcp_up(struct fsm *f)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);

	l->loops = 0;
	l->echo_pending = 0;
	l->echo_deadline = ppp->cfg.echo_interval_ms && !l->echo_off ?
			   ppp->now + ppp->cfg.echo_interval_ms : -1;
	ppp_log(ppp, LOG_INFO, "lcp: up, mru %u, peer mru %u%s%s, auth %s",
		l->neg_mru ? l->mru : PPP_MRU_DEFAULT, l->peer_mru, l->peer_pfc ? ", pfc" : "",
		l->peer_acfc ? ", acfc" : "",
		ppp_auth_name(ppp->cfg.role == PPP_ROLE_SERVER ? l->auth : l->peer_auth));
	ppp_lcp_up(ppp);
}

static void lcp_down(struct fsm *f)
{
	to_lcp(f)->echo_deadline = -1;
	ppp_lcp_down(f->ppp);
}

static void lcp_finished(struct fsm *f)
{
	ppp_lcp_finished(f->ppp);
}

static void protocol_rejected(struct ppp *ppp, uint16_t proto)
{
	ppp_log(ppp, LOG_INFO, "lcp: peer rejected protocol 0x%04x", proto);
	switch (proto) {
	case PPP_IPCP:
	case PPP_IP:
		fsm_rejected(&ppp->ipcp.fsm);
		break;
	case PPP_IPV6CP:
	case PPP_IPV6:
		fsm_rejected(&ppp->ipv6cp.fsm);
		break;
	case PPP_PAP:
	case PPP_CHAP:
		if (ppp->phase == PPP_PHASE_AUTHENTICATE)
			ppp_fail(ppp, PPP_DOWN_AUTH_REFUSED);
		break;
	default:
		break;
	}
}

static void echo_reply(struct fsm *f, uint8_t id, const uint8_t *data, size_t len)
{
	struct lcp *l = to_lcp(f);
	size_t room, max = l->peer_mru - CP_HEADER_LEN;
	uint8_t *out = fsm_payload(f, &room);

	if (len > max)
		len = max;
	if (len > room)
		len = room;
	memcpy(out, data, len);
	put_be32(out, l->neg_magic ? l->magic : 0);
	fsm_send(f, LCP_ECHO_REP, id, out, len);
}

static bool lcp_ext_code(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
			 size_t len)
{
	struct ppp *ppp = f->ppp;
	struct lcp *l = to_lcp(f);
	char text[64];

	switch (code) {
	case LCP_PROTO_REJ:
		if (f->state == FSM_OPENED && len >= 2)
			protocol_rejected(ppp, get_be16(data));
		return true;
	case LCP_ECHO_REQ:
		/* Only when open (RFC 1661 5.8); SoftEther sends them earlier. */
		if (f->state != FSM_OPENED || len < 4)
			return true;
		if (l->neg_magic && get_be32(data) == l->magic)
			ppp_log(ppp, LOG_DEBUG, "lcp: Echo-Request with our magic number");
		echo_reply(f, id, data, len);
		return true;
	case LCP_ECHO_REP:
		if (f->state == FSM_OPENED && len >= 4)
			l->echo_pending = 0;
		return true;
	case LCP_IDENTIFICATION:
		/* Windows: MSRASV5.20, its machine name, the correlation id. */
		if (len >= 4) {
			ppp_sanitize(text, sizeof(text), data + 4, len - 4);
			ppp_log(ppp, LOG_DEBUG, "lcp: peer identification \"%s\"", text);
		}
		return true;
	case LCP_DISCARD_REQ:
	case LCP_TIME_REMAINING:
		return true;
	default:
		return false;
	}
}

static void lcp_code_rejected(struct fsm *f, uint8_t code)
{
	struct lcp *l = to_lcp(f);

	if (code == LCP_ECHO_REQ) {
		l->echo_off = true;
		l->echo_deadline = -1;
	}
}

void lcp_echo_timeout(struct ppp *ppp)
{
	struct lcp *l = &ppp->lcp;
	uint8_t magic[4];

	l->echo_deadline = -1;
	if (l->fsm.state != FSM_OPENED || l->echo_off || !ppp->cfg.echo_interval_ms)
		return;
	if (l->echo_pending >= ppp->cfg.echo_max_failures) {
		ppp_log(ppp, LOG_INFO, "lcp: %u Echo-Requests unanswered", l->echo_pending);
		ppp_fail(ppp, PPP_DOWN_ECHO_TIMEOUT);
		return;
	}
	put_be32(magic, l->neg_magic ? l->magic : 0);
	fsm_send(&l->fsm, LCP_ECHO_REQ, ppp_new_id(ppp), magic, sizeof(magic));
	l->echo_pending++;
	l->echo_deadline = ppp->now + ppp->cfg.echo_interval_ms;
}

void lcp_protocol_reject(struct ppp *ppp, uint16_t protocol, const uint8_t *info, size_t len)
{
	struct fsm *f = &ppp->lcp.fsm;
	size_t room, max = ppp->lcp.peer_mru - CP_HEADER_LEN - 2;
	uint8_t *out = fsm_payload(f, &room);

	ppp_log(ppp, LOG_DEBUG, "lcp: Protocol-Reject of 0x%04x", protocol);
	if (len > max)
		len = max;
	if (len > room - 2)
		len = room - 2;
	put_be16(out, protocol);
	memcpy(out + 2, info, len);
	fsm_send(f, LCP_PROTO_REJ, ppp_new_id(ppp), out, len + 2);
}

const struct fsm_ops lcp_ops = {
	.name = "lcp",
	.protocol = PPP_LCP,
	.reset = lcp_reset,
	.build_req = lcp_build_req,
	.check_begin = lcp_check_begin,
	.check_opt = lcp_check_opt,
	.recv_nak = lcp_recv_nak,
	.recv_rej = lcp_recv_rej,
	.up = lcp_up,
	.down = lcp_down,
	.finished = lcp_finished,
	.ext_code = lcp_ext_code,
	.code_rejected = lcp_code_rejected,
};
