// SPDX-License-Identifier: GPL-2.0
/*
 * IPCP (RFC 1332) with the DNS options of RFC 1877.
 *
 * Server: we offer our own address and Nak the peer's request (0.0.0.0 from
 * Windows and pppd) with the address the caller assigned; DNS requests are
 * Nak'd with the configured servers, or Rejected when there are none. NBNS
 * and VJ compression are Rejected. Client: we ask for 0.0.0.0 and the DNS
 * servers and take what the server Naks back.
 */

#include <arpa/inet.h>
#include <string.h>

#include "ppp/internal.h"

enum {
	IPCP_OPT_ADDRS = 1,	/* RFC 1172, deprecated */
	IPCP_OPT_COMP = 2,
	IPCP_OPT_ADDR = 3,
	IPCP_OPT_DNS1 = 129,
	IPCP_OPT_NBNS1 = 130,
	IPCP_OPT_DNS2 = 131,
	IPCP_OPT_NBNS2 = 132,
};

static struct ipcp *to_ipcp(struct fsm *f)
{
	return &f->ppp->ipcp;
}

static void ipcp_reset(struct fsm *f)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);
	bool client = ppp->cfg.role == PPP_ROLE_CLIENT;

	c->addr = ppp->cfg.local_ipv4.s_addr;
	c->neg_addr = client || c->addr != 0;
	for (int i = 0; i < 2; i++) {
		c->dns[i] = 0;
		c->neg_dns[i] = client && ppp->cfg.request_dns;
	}
}

static size_t ipcp_build_req(struct fsm *f, uint8_t *buf, size_t size)
{
	struct ipcp *c = to_ipcp(f);
	size_t len = 0;

	if (c->neg_addr)
		opt_put(buf, size, &len, IPCP_OPT_ADDR, &c->addr, 4);
	if (c->neg_dns[0])
		opt_put(buf, size, &len, IPCP_OPT_DNS1, &c->dns[0], 4);
	if (c->neg_dns[1])
		opt_put(buf, size, &len, IPCP_OPT_DNS2, &c->dns[1], 4);
	return len;
}

static void ipcp_check_begin(struct fsm *f)
{
	struct ipcp *c = to_ipcp(f);

	c->peer_addr = 0;
	c->peer_sent_addr = false;
}

static enum fsm_verdict nak_addr(uint8_t *nak, size_t room, size_t *nak_len, uint8_t type,
				 uint32_t addr)
{
	return opt_put(nak, room, nak_len, type, &addr, 4) ? FSM_REJ : FSM_NAK;
}

static enum fsm_verdict ipcp_check_opt(struct fsm *f, uint8_t type, const uint8_t *val,
				       size_t vlen, uint8_t *nak, size_t room, size_t *nak_len)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);
	uint32_t v, assigned = ppp->cfg.peer_ipv4.s_addr, dns;

	switch (type) {
	case IPCP_OPT_ADDR:
		if (vlen != 4)
			return FSM_REJ;
		memcpy(&v, val, 4);
		c->peer_sent_addr = true;
		if (assigned) {
			if (v != assigned)
				return nak_addr(nak, room, nak_len, type, assigned);
		} else if (v == 0) {
			/* It wants an address and we have none to give. */
			return FSM_REJ;
		}
		c->peer_addr = v;
		return FSM_ACK;
	case IPCP_OPT_DNS1:
	case IPCP_OPT_DNS2:
		if (vlen != 4)
			return FSM_REJ;
		dns = ppp->cfg.dns[type == IPCP_OPT_DNS2].s_addr;
		if (!dns)
			return FSM_REJ;
		memcpy(&v, val, 4);
		return v == dns ? FSM_ACK : nak_addr(nak, room, nak_len, type, dns);
	default:
		/* VJ compression, NBNS, the old IP-Addresses and the unknown. */
		return FSM_REJ;
	}
}

/* A peer that does not ask for an address is told the one it gets. */
static size_t ipcp_check_end(struct fsm *f, uint8_t *nak, size_t room)
{
	uint32_t assigned = f->ppp->cfg.peer_ipv4.s_addr;
	size_t len = 0;

	if (!to_ipcp(f)->peer_sent_addr && assigned)
		opt_put(nak, room, &len, IPCP_OPT_ADDR, &assigned, 4);
	return len;
}

static int ipcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	uint32_t v;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0) {
		switch (type) {
		case IPCP_OPT_ADDR:
			if (vlen != 4)
				return FSM_BAD;
			memcpy(&v, val, 4);
			/* Only an address we asked to be given may change. */
			if (c->neg_addr && !ppp->cfg.local_ipv4.s_addr && v)
				c->addr = v;
			break;
		case IPCP_OPT_DNS1:
		case IPCP_OPT_DNS2:
			if (vlen != 4)
				return FSM_BAD;
			if (c->neg_dns[type == IPCP_OPT_DNS2])
				memcpy(&c->dns[type == IPCP_OPT_DNS2], val, 4);
			break;
		default:
			break;
		}
	}
	return r < 0 ? FSM_BAD : 0;
}

static int ipcp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipcp *c = to_ipcp(f);
	const uint8_t *val;
	size_t vlen;
	uint8_t type;
	int r;

	while ((r = opt_next(&opts, &len, &type, &val, &vlen)) > 0) {
		if (type == IPCP_OPT_ADDR)
			c->neg_addr = false;
		else if (type == IPCP_OPT_DNS1 || type == IPCP_OPT_DNS2)
			c->neg_dns[type == IPCP_OPT_DNS2] = false;
	}
	return r < 0 ? FSM_BAD : 0;
}

/* Both ends' addresses as the negotiation stands. */
static void ipcp_addrs(struct fsm *f, struct ppp_event_info *info)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);

	info->local_ipv4.s_addr = c->neg_addr ? c->addr : ppp->cfg.local_ipv4.s_addr;
	info->peer_ipv4.s_addr = c->peer_addr ? c->peer_addr : ppp->cfg.peer_ipv4.s_addr;
}

/*
 * The peer's address is agreed (we ack it), ours is configured (server) or
 * what we ask for now: the link may let IPv4 pass before the peer opens.
 */
static void ipcp_ready(struct fsm *f)
{
	struct ppp_event_info info = { 0 };

	ipcp_addrs(f, &info);
	/* A client still asking for its address has nothing to offer yet. */
	if (info.local_ipv4.s_addr)
		ppp_ncp_ready(f->ppp, false, &info);
}

static void ipcp_unready(struct fsm *f)
{
	ppp_ncp_unready(f->ppp, false);
}

static void ipcp_up(struct fsm *f)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);
	struct ppp_event_info info = { 0 };
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];

	ipcp_addrs(f, &info);
	if (ppp->cfg.role == PPP_ROLE_CLIENT) {
		if (!info.local_ipv4.s_addr) {
			ppp_log(ppp, LOG_WARNING, "ipcp: the peer gave us no address");
			fsm_close(f, "no address");
			return;
		}
		info.dns[0].s_addr = c->neg_dns[0] ? c->dns[0] : 0;
		info.dns[1].s_addr = c->neg_dns[1] ? c->dns[1] : 0;
	} else {
		info.dns[0] = ppp->cfg.dns[0];
		info.dns[1] = ppp->cfg.dns[1];
	}
	c->up = true;
	inet_ntop(AF_INET, &info.local_ipv4, local, sizeof(local));
	inet_ntop(AF_INET, &info.peer_ipv4, peer, sizeof(peer));
	ppp_log(ppp, LOG_INFO, "ipcp: up, local %s, peer %s", local, peer);
	ppp_emit(ppp, PPP_EV_IPV4_UP, &info);
}

static void ipcp_down(struct fsm *f)
{
	struct ppp *ppp = f->ppp;
	struct ipcp *c = to_ipcp(f);
	struct ppp_event_info info = { 0 };

	if (!c->up)
		return;
	c->up = false;
	ipcp_addrs(f, &info);
	ppp_log(ppp, LOG_INFO, "ipcp: down");
	ppp_emit(ppp, PPP_EV_IPV4_DOWN, &info);
}

static void ipcp_finished(struct fsm *f)
{
	ppp_ncp_finished(f->ppp);
}

const struct fsm_ops ipcp_ops = {
	.name = "ipcp",
	.protocol = PPP_IPCP,
	.reset = ipcp_reset,
	.build_req = ipcp_build_req,
	.check_begin = ipcp_check_begin,
	.check_opt = ipcp_check_opt,
	.check_end = ipcp_check_end,
	.recv_nak = ipcp_recv_nak,
	.recv_rej = ipcp_recv_rej,
	.ready = ipcp_ready,
	.unready = ipcp_unready,
	.up = ipcp_up,
	.down = ipcp_down,
	.finished = ipcp_finished,
};
