// SPDX-License-Identifier: GPL-2.0
/*
 * Option lists (RFC 1661 6): walking and writing them, and the answer to a
 * peer's Configure-Request, which the automaton in fsm.c then sends.
 */

#include <string.h>

#include "ppp/internal.h"

/* Whether the option list parses and a reply to it fits our buffer. */
bool fsm_request_sane(struct fsm *f, const uint8_t *opts, size_t len)
{
	const uint8_t *p = opts, *val;
	size_t left = len, vlen, room;
	uint8_t type;
	int r;

	fsm_payload(f, &room);
	if (len > room)
		return false;
	while ((r = opt_next(&p, &left, &type, &val, &vlen)) > 0)
		;
	return r == 0;
}

/*
 * Classifies the peer's options and builds the reply in place: all of
 * them for an Ack, the offending ones for a Nak or Reject (a Reject wins
 * over Naks, RFC 1661 5.3). After Max-Failure Naks, Naks become Rejects.
 * The list has passed fsm_request_sane().
 */
enum fsm_verdict fsm_check_request(struct fsm *f, const uint8_t *opts, size_t len,
				   size_t *reply_len)
{
	bool nak_to_rej = f->naks_sent >= f->ppp->cfg.max_failure;
	size_t room, nak_len = 0, rej_len = 0, one, vlen, left = len;
	uint8_t *out = fsm_payload(f, &room);
	uint8_t naks[FSM_NAK_MAX], one_nak[FSM_NAK_MAX], type;
	const uint8_t *p = opts, *val, *start;
	enum fsm_verdict v;

	f->ops->check_begin(f);
	for (start = p; opt_next(&p, &left, &type, &val, &vlen) > 0; start = p) {
		one = 0;
		v = f->ops->check_opt(f, type, val, vlen, one_nak, sizeof(one_nak), &one);
		if (v == FSM_CLOSE)
			return FSM_CLOSE;
		/* A Nak we cannot write is a Reject, never an accidental Ack. */
		if (v == FSM_NAK && (nak_to_rej || !one || nak_len + one > sizeof(naks)))
			v = FSM_REJ;
		if (v == FSM_REJ) {
			memcpy(out + rej_len, start, (size_t)(p - start));
			rej_len += (size_t)(p - start);
		} else if (v == FSM_NAK) {
			memcpy(naks + nak_len, one_nak, one);
			nak_len += one;
		}
	}
	if (rej_len) {
		*reply_len = rej_len;
		return FSM_REJ;
	}
	if (!nak_to_rej && f->ops->check_end)
		nak_len += f->ops->check_end(f, naks + nak_len, sizeof(naks) - nak_len);
	if (nak_len) {
		memcpy(out, naks, nak_len);
		*reply_len = nak_len;
		return FSM_NAK;
	}
	memcpy(out, opts, len);
	*reply_len = len;
	return FSM_ACK;
}

/*
 * A Configure-Reject lists options of our request, unchanged (RFC 1661
 * 5.4); anything else answers some other request.
 */
bool fsm_reject_matches(const struct fsm *f, const uint8_t *opts, size_t len)
{
	const uint8_t *p = opts, *val, *mine, *mval;
	size_t left = len, vlen, mleft, mvlen;
	uint8_t type, mtype;
	bool found;
	int r;

	while ((r = opt_next(&p, &left, &type, &val, &vlen)) > 0) {
		found = false;
		mine = f->req;
		mleft = f->req_len;
		while (!found && opt_next(&mine, &mleft, &mtype, &mval, &mvlen) > 0)
			found = mtype == type && mvlen == vlen && !memcmp(mval, val, vlen);
		if (!found)
			return false;
	}
	return r == 0;
}

int opt_next(const uint8_t **p, size_t *left, uint8_t *type,
	     const uint8_t **val, size_t *vlen)
{
	size_t olen;

	if (*left == 0)
		return 0;
	if (*left < 2)
		return -1;
	olen = (*p)[1];
	if (olen < 2 || olen > *left)
		return -1;
	*type = (*p)[0];
	*val = *p + 2;
	*vlen = olen - 2;
	*p += olen;
	*left -= olen;
	return 1;
}

int opt_put(uint8_t *buf, size_t room, size_t *len, uint8_t type,
	    const void *val, size_t vlen)
{
	if (vlen > 253 || *len + 2 + vlen > room)
		return -1;
	buf[*len] = type;
	buf[*len + 1] = (uint8_t)(2 + vlen);
	if (vlen)
		memcpy(buf + *len + 2, val, vlen);
	*len += 2 + vlen;
	return 0;
}
