// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 1661 4.1 automaton. Each event function below is one row of the
 * state transition table, with the table's cells as switch cases:
 *
 *        | 0     1     2     3     4     5     6     7     8     9
 * -------+---------------------------------------------------------------
 *  Up    | 2   irc,scr/6 -     -     -     -     -     -     -     -
 *  Down  | -     -     0   tls/1   0     1     1     1     1   tld/1
 *  Open  | tls/1 1 irc,scr/6 3     5     5     6     7     8     9
 *  Close | 0   tlf/0   2     2     4     4  irc,str/4 ...    tld,irc,str/4
 *  TO+   | -     -     -     -   str/4 str/5 scr/6 scr/6 scr/8   -
 *  TO-   | -     -     -     -   tlf/2 tlf/3 tlf/3 tlf/3 tlf/3   -
 *  RCR+  | -     -   sta/2 irc,scr,sca/8 4 5 sca/8 sca,tlu/9 sca/8 tld,scr,sca/8
 *  RCR-  | -     -   sta/2 irc,scr,scn/6 4 5 scn/6 scn/7 scn/6 tld,scr,scn/6
 *  RCA   | -     -   sta/2 sta/3   4     5   irc/7 scr/6 irc,tlu/9 tld,scr/6
 *  RCN   | -     -   sta/2 sta/3   4     5 irc,scr/6 scr/6 irc,scr/8 tld,scr/6
 *  RTR   | -     -   sta/2 sta/3 sta/4 sta/5 sta/6 sta/6 sta/6 tld,zrc,sta/5
 *  RTA   | -     -     2     3   tlf/2 tlf/3   6     6     8   tld,scr/6
 *  RUC   | -     -   scj/2 scj/3 scj/4 scj/5 scj/6 scj/7 scj/8 scj/9
 *  RXJ+  | -     -     2     3     4     5     6     6     8     9
 *  RXJ-  | -     -   tlf/2 tlf/3 tlf/2 tlf/3 tlf/3 tlf/3 tlf/3 tld,irc,str/5
 *
 * States: 0 Initial, 1 Starting, 2 Closed, 3 Stopped, 4 Closing,
 * 5 Stopping, 6 Req-Sent, 7 Ack-Rcvd, 8 Ack-Sent, 9 Opened. Neither the
 * "restart" nor the "passive" option is implemented.
 *
 * Callbacks run with the state already changed for tlu, tls and tlf, and
 * before the change for tld (as pppd): a layer going down still looks open
 * to its own down callback.
 *
 * One more action, not in the RFC: the peer opens the layer once it has our
 * Ack of its request and has acked ours, so the last packet it needs from us
 * is our Configure-Ack (sca, while we may still be waiting for its Ack) or,
 * when we acked first, our next Configure-Request (scr in Ack-Sent).  The
 * peer may send data the moment that packet arrives, before we are Opened
 * ourselves (in kernel mode its data does not even pass through us), so
 * "tlr" (This-Layer-Ready) runs before either leaves, and its undo as soon
 * as we are in a state without our Ack of the peer's current request
 * (anything but Ack-Sent and Opened).
 */

#include <errno.h>
#include <string.h>

#include "ppp/internal.h"

bool fsm_finished(const struct fsm *f)
{
	return f->state == FSM_INITIAL || f->state == FSM_CLOSED ||
	       f->state == FSM_STOPPED;
}

void fsm_init(struct fsm *f, struct ppp *ppp, const struct fsm_ops *ops)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->ppp = ppp;
	f->state = FSM_INITIAL;
	f->deadline = -1;
}

/* The restart timer runs exactly in states 4 to 8. */
static bool timer_state(enum fsm_state s)
{
	return s >= FSM_CLOSING && s <= FSM_ACK_SENT;
}

static void set_why(struct fsm *f, enum ppp_down_reason why)
{
	if (f->why == PPP_DOWN_NONE)
		f->why = why;
}

static void set_state(struct fsm *f, enum fsm_state s)
{
	if (f->state != s)
		ppp_log(f->ppp, LOG_DEBUG, "%s: %s -> %s", f->ops->name,
			fsm_state_name(f->state), fsm_state_name(s));
	f->state = s;
	if (!timer_state(s))
		f->deadline = -1;
	/* Our Ack of the peer's request no longer stands. */
	if (f->ready && s != FSM_ACK_SENT && s != FSM_OPENED) {
		f->ready = false;
		if (f->ops->unready)
			f->ops->unready(f);
	}
}

/* This-Layer-Ready: see the top of this file. */
static void tlr(struct fsm *f)
{
	if (!f->ops->ready)
		return;
	f->ready = true;
	f->ops->ready(f);
}

static void start_timer(struct fsm *f)
{
	f->deadline = f->ppp->now + f->ppp->cfg.restart_ms;
}

static void irc_conf(struct fsm *f)
{
	f->restarts = f->ppp->cfg.max_configure;
}

static void irc_term(struct fsm *f)
{
	f->restarts = f->ppp->cfg.max_terminate;
}

uint8_t *fsm_payload(struct fsm *f, size_t *room)
{
	*room = PPP_TX_MAX - 2 - CP_HEADER_LEN;
	return f->ppp->tx + 2 + CP_HEADER_LEN;
}

void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t len)
{
	uint8_t *tx = f->ppp->tx;

	if (len > PPP_TX_MAX - 2 - CP_HEADER_LEN)
		len = PPP_TX_MAX - 2 - CP_HEADER_LEN;
	if (len && data != tx + 2 + CP_HEADER_LEN)
		memmove(tx + 2 + CP_HEADER_LEN, data, len);
	tx[2] = code;
	tx[3] = id;
	put_be16(tx + 4, (uint16_t)(CP_HEADER_LEN + len));
	ppp_send(f->ppp, f->ops->protocol, tx + 2, CP_HEADER_LEN + len);
}

/*
 * Send-Configure-Request. A retransmission keeps its identifier unless the
 * options changed meanwhile (RFC 1661 5.1).
 */
static void scr(struct fsm *f, bool retransmit)
{
	uint8_t req[FSM_REQ_MAX];
	size_t len;

	/* Not negotiating yet: a fresh start from our configured wishes. */
	if (f->state != FSM_REQ_SENT && f->state != FSM_ACK_RCVD &&
	    f->state != FSM_ACK_SENT) {
		f->ops->reset(f);
		f->naks_sent = 0;
		f->naks_rcvd = 0;
	}
	len = f->ops->build_req(f, req, sizeof(req));
	if (!retransmit || len != f->req_len || memcmp(req, f->req, len))
		f->reqid = ppp_new_id(f->ppp);
	memcpy(f->req, req, len);
	f->req_len = len;
	f->seen_ack = false;
	/* We acked already: the peer opens when it acks this one. */
	if (f->state == FSM_ACK_SENT)
		tlr(f);
	fsm_send(f, CP_CONF_REQ, f->reqid, f->req, f->req_len);
	f->restarts--;
	start_timer(f);
}

/* Send-Terminate-Request. */
static void str(struct fsm *f)
{
	const char *why = f->term_reason ? f->term_reason : "";

	if (f->restarts == f->ppp->cfg.max_terminate)
		f->termid = ppp_new_id(f->ppp);
	fsm_send(f, CP_TERM_REQ, f->termid, (const uint8_t *)why, strlen(why));
	f->restarts--;
	start_timer(f);
}

static void sta(struct fsm *f, uint8_t id)
{
	fsm_send(f, CP_TERM_ACK, id, NULL, 0);
}

static void tlu(struct fsm *f)
{
	ppp_log(f->ppp, LOG_DEBUG, "%s: up", f->ops->name);
	f->naks_rcvd = 0;
	f->ops->up(f);
}

static void tld(struct fsm *f)
{
	ppp_log(f->ppp, LOG_DEBUG, "%s: down", f->ops->name);
	f->ops->down(f);
}

static void tls(struct fsm *f)
{
	if (f->ops->started)
		f->ops->started(f);
}

static void tlf(struct fsm *f)
{
	ppp_log(f->ppp, LOG_DEBUG, "%s: finished", f->ops->name);
	f->ops->finished(f);
}

void fsm_up(struct fsm *f)
{
	switch (f->state) {
	case FSM_INITIAL:
		set_state(f, FSM_CLOSED);
		break;
	case FSM_STARTING:
		irc_conf(f);
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	default:
		ppp_log(f->ppp, LOG_DEBUG, "%s: up event in state %s", f->ops->name,
			fsm_state_name(f->state));
		break;
	}
}

void fsm_down(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_CLOSING:
		set_state(f, FSM_INITIAL);
		break;
	case FSM_STOPPED:
		set_state(f, FSM_STARTING);
		tls(f);
		break;
	case FSM_STOPPING:
	case FSM_REQ_SENT:
	case FSM_ACK_RCVD:
	case FSM_ACK_SENT:
		set_state(f, FSM_STARTING);
		break;
	case FSM_OPENED:
		tld(f);
		set_state(f, FSM_STARTING);
		break;
	default:
		break;
	}
}

void fsm_open(struct fsm *f)
{
	switch (f->state) {
	case FSM_INITIAL:
		set_state(f, FSM_STARTING);
		tls(f);
		break;
	case FSM_CLOSED:
		irc_conf(f);
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	case FSM_CLOSING:
		set_state(f, FSM_STOPPING);
		break;
	default:
		break;
	}
}

void fsm_close(struct fsm *f, const char *reason)
{
	f->term_reason = reason;
	switch (f->state) {
	case FSM_STARTING:
		set_state(f, FSM_INITIAL);
		tlf(f);
		break;
	case FSM_STOPPED:
		set_state(f, FSM_CLOSED);
		break;
	case FSM_STOPPING:
		set_state(f, FSM_CLOSING);
		break;
	case FSM_OPENED:
		tld(f);
		/* fall through */
	case FSM_REQ_SENT:
	case FSM_ACK_RCVD:
	case FSM_ACK_SENT:
		irc_term(f);
		str(f);
		set_state(f, FSM_CLOSING);
		break;
	default:
		break;
	}
}

void fsm_timeout(struct fsm *f)
{
	f->deadline = -1;
	if (!timer_state(f->state))
		return;
	if (f->restarts > 0) {
		switch (f->state) {
		case FSM_CLOSING:
		case FSM_STOPPING:
			str(f);
			break;
		case FSM_REQ_SENT:
		case FSM_ACK_RCVD:
			scr(f, true);
			set_state(f, FSM_REQ_SENT);
			break;
		case FSM_ACK_SENT:
			scr(f, true);
			break;
		default:
			break;
		}
		return;
	}
	if (f->state != FSM_CLOSING && f->state != FSM_STOPPING) {
		ppp_log(f->ppp, LOG_INFO, "%s: no answer to %d Configure-Requests",
			f->ops->name, f->ppp->cfg.max_configure);
		set_why(f, PPP_DOWN_NEG_TIMEOUT);
	}
	set_state(f, f->state == FSM_CLOSING ? FSM_CLOSED : FSM_STOPPED);
	tlf(f);
}

void fsm_rejected(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_CLOSING:
		set_state(f, FSM_CLOSED);
		tlf(f);
		break;
	case FSM_STOPPED:
	case FSM_STOPPING:
	case FSM_REQ_SENT:
	case FSM_ACK_RCVD:
	case FSM_ACK_SENT:
		set_state(f, FSM_STOPPED);
		tlf(f);
		break;
	case FSM_OPENED:
		tld(f);
		irc_term(f);
		str(f);
		set_state(f, FSM_STOPPING);
		break;
	default:
		break;
	}
}

static void rcr(struct fsm *f, uint8_t id, const uint8_t *opts, size_t len)
{
	enum fsm_verdict v;
	size_t reply_len = 0, room;

	/* Unparseable: as if never received, before any state change. */
	if (!fsm_request_sane(f, opts, len)) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: malformed Configure-Request discarded",
			f->ops->name);
		return;
	}
	switch (f->state) {
	case FSM_CLOSED:
		sta(f, id);
		return;
	case FSM_CLOSING:
	case FSM_STOPPING:
		return;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		break;
	case FSM_STOPPED:
		irc_conf(f);
		scr(f, false);
		break;
	default:
		break;
	}
	v = fsm_check_request(f, opts, len, &reply_len);
	if (v == FSM_CLOSE) {
		fsm_close(f, ppp_down_reason_name(f->ppp->reason));
		return;
	}
	/* The peer opens on this Ack if it has acked our request already. */
	if (v == FSM_ACK)
		tlr(f);
	fsm_send(f, (uint8_t)v, id, fsm_payload(f, &room), reply_len);
	if (v == FSM_ACK) {
		f->naks_sent = 0;
		if (f->state == FSM_ACK_RCVD) {
			set_state(f, FSM_OPENED);
			tlu(f);
		} else {
			set_state(f, FSM_ACK_SENT);
		}
		return;
	}
	if (v == FSM_NAK)
		f->naks_sent++;
	if (f->state != FSM_ACK_RCVD)
		set_state(f, FSM_REQ_SENT);
}

/* A reply to our current request, and the first one to it. */
static bool answers_request(const struct fsm *f, uint8_t id)
{
	return id == f->reqid && !f->seen_ack;
}

static void rca(struct fsm *f, uint8_t id, const uint8_t *opts, size_t len)
{
	if (f->state == FSM_CLOSED || f->state == FSM_STOPPED) {
		sta(f, id);
		return;
	}
	if (!answers_request(f, id) || len != f->req_len ||
	    (len && memcmp(opts, f->req, len))) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: Configure-Ack id %u does not match request %u",
			f->ops->name, id, f->reqid);
		return;
	}
	f->seen_ack = true;
	switch (f->state) {
	case FSM_REQ_SENT:
		irc_conf(f);
		set_state(f, FSM_ACK_RCVD);
		break;
	case FSM_ACK_RCVD:
		/* Crossed connection: ask again. */
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	case FSM_ACK_SENT:
		irc_conf(f);
		set_state(f, FSM_OPENED);
		tlu(f);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	default:
		break;
	}
}

static void rcn(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *opts, size_t len)
{
	int r;

	if (f->state == FSM_CLOSED || f->state == FSM_STOPPED) {
		sta(f, id);
		return;
	}
	if (f->state == FSM_CLOSING || f->state == FSM_STOPPING)
		return;
	if (!answers_request(f, id)) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: Configure-%s id %u does not match request %u",
			f->ops->name, code == CP_CONF_NAK ? "Nak" : "Reject", id, f->reqid);
		return;
	}
	if (code == CP_CONF_REJ && !fsm_reject_matches(f, opts, len)) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: Configure-Reject of options we did not send",
			f->ops->name);
		return;
	}
	r = code == CP_CONF_NAK ? f->ops->recv_nak(f, opts, len) : f->ops->recv_rej(f, opts, len);
	if (r == FSM_BAD) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: malformed Configure-%s discarded", f->ops->name,
			code == CP_CONF_NAK ? "Nak" : "Reject");
		return;
	}
	f->seen_ack = true;
	/* A peer that Naks forever must not keep us busy forever. */
	if (r == FSM_FAIL || ++f->naks_rcvd > f->ppp->cfg.max_configure) {
		if (r != FSM_FAIL) {
			ppp_log(f->ppp, LOG_INFO, "%s: peer keeps refusing our options",
				f->ops->name);
			set_why(f, PPP_DOWN_NEG_FAILED);
		}
		fsm_close(f, ppp_down_reason_name(r == FSM_FAIL ? f->ppp->reason : f->why));
		return;
	}
	switch (f->state) {
	case FSM_REQ_SENT:
	case FSM_ACK_SENT:
		irc_conf(f);
		scr(f, false);
		break;
	case FSM_ACK_RCVD:
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	default:
		break;
	}
}

static void rtr(struct fsm *f, uint8_t id, const uint8_t *data, size_t len)
{
	char why[64];

	ppp_sanitize(why, sizeof(why), data, len);
	ppp_log(f->ppp, LOG_DEBUG, "%s: Terminate-Request \"%s\"", f->ops->name, why);
	switch (f->state) {
	case FSM_ACK_RCVD:
	case FSM_ACK_SENT:
		sta(f, id);
		set_state(f, FSM_REQ_SENT);
		break;
	case FSM_OPENED:
		set_why(f, PPP_DOWN_PEER_TERMINATE);
		tld(f);
		f->restarts = 0;
		sta(f, id);
		set_state(f, FSM_STOPPING);
		start_timer(f);
		break;
	default:
		sta(f, id);
		break;
	}
}

static void rta(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSING:
		set_state(f, FSM_CLOSED);
		tlf(f);
		break;
	case FSM_STOPPING:
		set_state(f, FSM_STOPPED);
		tlf(f);
		break;
	case FSM_ACK_RCVD:
		set_state(f, FSM_REQ_SENT);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		set_state(f, FSM_REQ_SENT);
		break;
	default:
		break;
	}
}

static void rxj(struct fsm *f, const uint8_t *data, size_t len)
{
	uint8_t code;

	if (len < 1)
		return;
	code = data[0];
	if (code >= CP_CONF_REQ && code <= CP_CODE_REJ) {
		ppp_log(f->ppp, LOG_INFO, "%s: peer rejected code %u", f->ops->name, code);
		set_why(f, PPP_DOWN_PEER_REJECT);
		fsm_rejected(f);
		return;
	}
	ppp_log(f->ppp, LOG_DEBUG, "%s: peer rejected code %u", f->ops->name, code);
	if (f->ops->code_rejected)
		f->ops->code_rejected(f, code);
	if (f->state == FSM_ACK_RCVD)
		set_state(f, FSM_REQ_SENT);
}

/* Send-Code-Reject: the whole packet, cut to what the peer can take. */
static void scj(struct fsm *f, const uint8_t *pkt, size_t len)
{
	size_t room, max = f->ppp->lcp.peer_mru - CP_HEADER_LEN;
	uint8_t *out = fsm_payload(f, &room);

	if (len > max)
		len = max;
	if (len > room)
		len = room;
	memcpy(out, pkt, len);
	fsm_send(f, CP_CODE_REJ, ppp_new_id(f->ppp), out, len);
}

void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len)
{
	uint8_t code, id;
	size_t plen;

	if (len < CP_HEADER_LEN) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: short packet (%zu bytes)", f->ops->name, len);
		return;
	}
	code = pkt[0];
	id = pkt[1];
	plen = get_be16(pkt + 2);
	/* Bytes past the length field are padding (RFC 1661 5). */
	if (plen < CP_HEADER_LEN || plen > len) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: bad length %zu in %zu bytes", f->ops->name,
			plen, len);
		return;
	}
	if (f->state == FSM_INITIAL || f->state == FSM_STARTING) {
		ppp_log(f->ppp, LOG_DEBUG, "%s: code %u in state %s discarded", f->ops->name,
			code, fsm_state_name(f->state));
		return;
	}
	pkt += CP_HEADER_LEN;
	plen -= CP_HEADER_LEN;
	switch (code) {
	case CP_CONF_REQ:
		rcr(f, id, pkt, plen);
		break;
	case CP_CONF_ACK:
		rca(f, id, pkt, plen);
		break;
	case CP_CONF_NAK:
	case CP_CONF_REJ:
		rcn(f, code, id, pkt, plen);
		break;
	case CP_TERM_REQ:
		rtr(f, id, pkt, plen);
		break;
	case CP_TERM_ACK:
		rta(f);
		break;
	case CP_CODE_REJ:
		rxj(f, pkt, plen);
		break;
	default:
		if (f->ops->ext_code && f->ops->ext_code(f, code, id, pkt, plen))
			break;
		ppp_log(f->ppp, LOG_DEBUG, "%s: unknown code %u rejected", f->ops->name, code);
		scj(f, pkt - CP_HEADER_LEN, plen + CP_HEADER_LEN);
		break;
	}
}
