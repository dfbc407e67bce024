// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6CP (RFC 5072): only the Interface-Identifier. Ours is random and
 * non-zero; the peer's is Nak'd with a fresh random one when it is zero or
 * equal to ours (4.1). Everything else is Rejected.
 */

#include <string.h>

#include "ppp/internal.h"

#define IPV6CP_OPT_IFID	1

static struct ipv6cp *to_ipv6cp(struct fsm *f)
{
	return &f->ppp->ipv6cp;
}

static bool ifid_zero(const uint8_t *id)
{
	static const uint8_t zero[PPP_IFID_LEN];

	return !memcmp(id, zero, PPP_IFID_LEN);
}

/* A random identifier, non-zero and different from a and b. */
static void new_ifid(struct ppp *ppp, uint8_t *out, const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < 4; i++) {
		ppp_random(ppp, out, PPP_IFID_LEN);
		if (!ifid_zero(out) && memcmp(out, a, PPP_IFID_LEN) &&
		    memcmp(out, b, PPP_IFID_LEN))
			return;
	}
	/* Only with a broken random source, which closes the link anyway. */
	for (int i = 0; i < PPP_IFID_LEN; i++)
		out[i] = (uint8_t)~(a[i] ^ b[i]);
	out[PPP_IFID_LEN - 1] |= 1;
}

static void ipv6cp_reset(struct fsm *f)
{
	struct ipv6cp *c = to_ipv6cp(f);

	new_ifid(f->ppp, c->ifid, c->peer_ifid, c->peer_ifid);
	c->neg_ifid = true;
}

static size_t ipv6cp_build_req(struct fsm *f, uint8_t *buf, size_t size)
{
	struct ipv6cp *c = to_ipv6cp(f);
	size_t len = 0;

	if (c->neg_ifid)
		opt_put(buf, size, &len, IPV6CP_OPT_IFID, c->ifid, PPP_IFID_LEN);
	return len;
}

static void ipv6cp_check_begin(struct fsm *f)
{
	(void)f;
}

static enum fsm_verdict ipv6cp_check_opt(struct fsm *f, uint8_t type, const uint8_t *val,
					 size_t vlen, uint8_t *nak, size_t room,
					 size_t *nak_len)
{
	struct ipv6cp *c = to_ipv6cp(f);
	uint8_t suggest[PPP_IFID_LEN];

	if (type != IPV6CP_OPT_IFID || vlen != PPP_IFID_LEN)
		return FSM_REJ;
	if (ifid_zero(val) || !memcmp(val, c->ifid, PPP_IFID_LEN)) {
		new_ifid(f->ppp, suggest, c->ifid, val);
		return opt_put(nak, room, nak_len, type, suggest, PPP_IFID_LEN) ? FSM_REJ :
										   FSM_NAK;
	}
	memcpy(c->peer_ifid, val, PPP_IFID_LEN);
	return FSM_ACK;
}

static int ipv6cp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = to_ipv6cp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0) {
		if (type != IPV6CP_OPT_IFID)
			continue;
		if (vlen != PPP_IFID_LEN)
			return FSM_BAD;
		if (!ifid_zero(val) && memcmp(val, c->peer_ifid, PPP_IFID_LEN))
			memcpy(c->ifid, val, PPP_IFID_LEN);
		else
			new_ifid(f->ppp, c->ifid, c->peer_ifid, val);
	}
	return r < 0 ? FSM_BAD : 0;
}

static int ipv6cp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = to_ipv6cp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0)
		if (type == IPV6CP_OPT_IFID)
			c->neg_ifid = false;
	return r < 0 ? FSM_BAD : 0;
}

static void fill_info(struct ipv6cp *c, struct ppp_event_info *info)
{
	memcpy(info->local_ifid, c->ifid, PPP_IFID_LEN);
	memcpy(info->peer_ifid, c->peer_ifid, PPP_IFID_LEN);
}

/* The peer's identifier is agreed, ours is the one we ask for now. */
static void ipv6cp_ready(struct fsm *f)
{
	struct ppp_event_info info = { 0 };

	fill_info(to_ipv6cp(f), &info);
	ppp_ncp_ready(f->ppp, true, &info);
}

static void ipv6cp_unready(struct fsm *f)
{
	ppp_ncp_unready(f->ppp, true);
}

static void ipv6cp_up(struct fsm *f)
{
	struct ipv6cp *c = to_ipv6cp(f);
	struct ppp_event_info info = { 0 };
	const uint8_t *l = c->ifid, *p = c->peer_ifid;

	c->up = true;
	fill_info(c, &info);
	ppp_log(f->ppp, LOG_INFO,
		"ipv6cp: up, local fe80::%02x%02x:%02x%02x:%02x%02x:%02x%02x, "
		"peer fe80::%02x%02x:%02x%02x:%02x%02x:%02x%02x",
		l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7],
		p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
	ppp_emit(f->ppp, PPP_EV_IPV6_UP, &info);
}

static void ipv6cp_down(struct fsm *f)
{
	struct ipv6cp *c = to_ipv6cp(f);
	struct ppp_event_info info = { 0 };

	if (!c->up)
		return;
	c->up = false;
	fill_info(c, &info);
	ppp_log(f->ppp, LOG_INFO, "ipv6cp: down");
	ppp_emit(f->ppp, PPP_EV_IPV6_DOWN, &info);
}

static void ipv6cp_finished(struct fsm *f)
{
	ppp_ncp_finished(f->ppp);
}

const struct fsm_ops ipv6cp_ops = {
	.name = "ipv6cp",
	.protocol = PPP_IPV6CP,
	.reset = ipv6cp_reset,
	.build_req = ipv6cp_build_req,
	.check_begin = ipv6cp_check_begin,
	.check_opt = ipv6cp_check_opt,
	.recv_nak = ipv6cp_recv_nak,
	.recv_rej = ipv6cp_recv_rej,
	.ready = ipv6cp_ready,
	.unready = ipv6cp_unready,
	.up = ipv6cp_up,
	.down = ipv6cp_down,
	.finished = ipv6cp_finished,
};
