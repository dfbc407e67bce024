// SPDX-License-Identifier: GPL-2.0
/* rtnetlink through libnl-route. */

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <linux/rtnetlink.h>

#include "kernel/netcfg.h"

struct netcfg {
	struct nl_sock *sock;
};

static int errno_from_nl(int nlerr)
{
	switch (-nlerr) {
	case NLE_EXIST:
		return -EEXIST;
	case NLE_NODEV:
	case NLE_OBJ_NOTFOUND:
		return -ENODEV;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INVAL:
		return -EINVAL;
	default:
		return -EIO;
	}
}

int netcfg_open(struct netcfg **out)
{
	struct netcfg *nc = calloc(1, sizeof(*nc));
	int err;

	if (!nc)
		return -ENOMEM;
	nc->sock = nl_socket_alloc();
	if (!nc->sock) {
		free(nc);
		return -ENOMEM;
	}
	err = nl_connect(nc->sock, NETLINK_ROUTE);
	if (err < 0) {
		nl_socket_free(nc->sock);
		free(nc);
		return errno_from_nl(err);
	}
	*out = nc;
	return 0;
}

void netcfg_close(struct netcfg *nc)
{
	if (!nc)
		return;
	nl_socket_free(nc->sock);
	free(nc);
}

int netcfg_link_up(struct netcfg *nc, int ifindex, unsigned int mtu)
{
	struct rtnl_link *orig = rtnl_link_alloc(), *change = rtnl_link_alloc();
	int err = -ENOMEM;

	if (orig && change) {
		rtnl_link_set_ifindex(orig, ifindex);
		rtnl_link_set_mtu(change, mtu);
		rtnl_link_set_flags(change, IFF_UP);
		err = rtnl_link_change(nc->sock, orig, change, 0);
		err = err < 0 ? errno_from_nl(err) : 0;
	}
	rtnl_link_put(orig);
	rtnl_link_put(change);
	return err;
}

/* peer may be NULL: libnl takes a peer address for IPv4 only. */
static int addr_change(struct netcfg *nc, bool add, int ifindex, int family,
		       const void *local, const void *peer, size_t len, int prefixlen)
{
	struct rtnl_addr *addr = rtnl_addr_alloc();
	struct nl_addr *l = nl_addr_build(family, local, len);
	struct nl_addr *p = peer ? nl_addr_build(family, peer, len) : NULL;
	int err = -ENOMEM;

	if (addr && l && (p || !peer)) {
		nl_addr_set_prefixlen(l, prefixlen);
		rtnl_addr_set_ifindex(addr, ifindex);
		rtnl_addr_set_family(addr, family);
		err = rtnl_addr_set_local(addr, l);
		if (!err && p) {
			nl_addr_set_prefixlen(p, prefixlen);
			err = rtnl_addr_set_peer(addr, p);
		}
		if (!err)
			err = add ? rtnl_addr_add(nc->sock, addr, 0) :
				    rtnl_addr_delete(nc->sock, addr, 0);
		err = err < 0 ? errno_from_nl(err) : 0;
	}
	nl_addr_put(l);
	nl_addr_put(p);
	rtnl_addr_put(addr);
	return err;
}

int netcfg_addr4_add(struct netcfg *nc, int ifindex, struct in_addr local,
		     struct in_addr peer)
{
	return addr_change(nc, true, ifindex, AF_INET, &local, &peer, sizeof(local), 32);
}

int netcfg_addr4_del(struct netcfg *nc, int ifindex, struct in_addr local,
		     struct in_addr peer)
{
	return addr_change(nc, false, ifindex, AF_INET, &local, &peer, sizeof(local), 32);
}

/*
 * The link has exactly two ends, so fe80::/64 on it reaches the peer: the
 * peer's identifier is implied, not configured.
 */
int netcfg_addr6_link_local_add(struct netcfg *nc, int ifindex, const uint8_t local_id[8])
{
	uint8_t local[16] = { 0xfe, 0x80 };

	memcpy(local + 8, local_id, 8);
	return addr_change(nc, true, ifindex, AF_INET6, local, NULL, sizeof(local), 64);
}

int netcfg_addr6_link_local_del(struct netcfg *nc, int ifindex, const uint8_t local_id[8])
{
	uint8_t local[16] = { 0xfe, 0x80 };

	memcpy(local + 8, local_id, 8);
	return addr_change(nc, false, ifindex, AF_INET6, local, NULL, sizeof(local), 64);
}

int netcfg_addr4_replace(struct netcfg *nc, int ifindex, struct netcfg_addr4 *cur,
			 struct in_addr local, struct in_addr peer)
{
	int err;

	if (cur->set && cur->local.s_addr == local.s_addr && cur->peer.s_addr == peer.s_addr)
		return 0;
	netcfg_addr4_clear(nc, ifindex, cur);
	err = netcfg_addr4_add(nc, ifindex, local, peer);
	if (err && err != -EEXIST)
		return err;
	*cur = (struct netcfg_addr4){ .set = true, .local = local, .peer = peer };
	return 0;
}

struct route_answer {
	int type;		/* RTN_*, -1 before the answer */
	bool acked;
};

static int on_route(struct nl_msg *msg, void *arg)
{
	struct route_answer *a = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);

	if (h->nlmsg_type == RTM_NEWROUTE && nlmsg_datalen(h) >= (int)sizeof(struct rtmsg))
		a->type = ((struct rtmsg *)nlmsg_data(h))->rtm_type;
	return NL_OK;
}

static int on_route_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct route_answer *)arg)->acked = true;
	return NL_STOP;
}

/* The type (RTN_*) of the kernel's route to addr out of ifindex, or -errno. */
static int route6_type(struct netcfg *nc, int ifindex, const uint8_t addr[16])
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = 128 };
	struct route_answer a = { .type = -1 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_ACK);
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = -NLE_NOMEM;

	if (msg && cb && !nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) &&
	    !nla_put(msg, RTA_DST, 16, addr) && !nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex)) {
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_route, &a);
		nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_route_ack, &a);
		/* Up to the Ack, so that nothing of this is left for the next request. */
		err = nl_send_auto(nc->sock, msg);
		while (err >= 0 && !a.acked)
			err = nl_recvmsgs(nc->sock, cb);
	}
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (err < 0)
		return errno_from_nl(err);
	return a.type >= 0 ? a.type : -ENOENT;
}

/*
 * A new IPv6 address is not ours at once: the kernel adds its local route
 * from a work item (DAD's, even where DAD is skipped), and until then a
 * packet to it is dropped.  The caller is about to tell the client it may
 * send, so wait for that route; about a millisecond here, more in an
 * emulated guest.  Bounded: after a second, go on (the address comes).
 */
#define ADDR6_WAIT_STEP_NS	200000
#define ADDR6_WAIT_STEPS	5000

static void addr6_wait_local(struct netcfg *nc, int ifindex, const uint8_t local_id[8])
{
	const struct timespec step = { .tv_nsec = ADDR6_WAIT_STEP_NS };
	uint8_t addr[16] = { 0xfe, 0x80 };

	memcpy(addr + 8, local_id, 8);
	for (int i = 0; i < ADDR6_WAIT_STEPS; i++) {
		int type = route6_type(nc, ifindex, addr);

		if (type == RTN_LOCAL || (type < 0 && type != -ENOENT && type != -EIO))
			return;
		nanosleep(&step, NULL);
	}
}

int netcfg_addr6_replace(struct netcfg *nc, int ifindex, struct netcfg_addr6 *cur,
			 const uint8_t local_id[8])
{
	int err;

	if (cur->set && !memcmp(cur->local_id, local_id, sizeof(cur->local_id)))
		return 0;
	netcfg_addr6_clear(nc, ifindex, cur);
	err = netcfg_addr6_link_local_add(nc, ifindex, local_id);
	if (err && err != -EEXIST)
		return err;
	cur->set = true;
	memcpy(cur->local_id, local_id, sizeof(cur->local_id));
	addr6_wait_local(nc, ifindex, local_id);
	return 0;
}

void netcfg_addr4_clear(struct netcfg *nc, int ifindex, struct netcfg_addr4 *cur)
{
	if (cur->set)
		netcfg_addr4_del(nc, ifindex, cur->local, cur->peer);
	cur->set = false;
}

void netcfg_addr6_clear(struct netcfg *nc, int ifindex, struct netcfg_addr6 *cur)
{
	if (cur->set)
		netcfg_addr6_link_local_del(nc, ifindex, cur->local_id);
	cur->set = false;
}

/* --- IPv4 routes (the client role's) ---------------------------------- */

struct route4_answer {
	bool found, acked;
	int err;
	struct in_addr gateway;
	int ifindex;
};

static int on_route4(struct nl_msg *msg, void *arg)
{
	struct route4_answer *a = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[RTA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    nlmsg_parse(h, sizeof(struct rtmsg), tb, RTA_MAX, NULL) < 0)
		return NL_OK;
	a->found = true;
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) == 4)
		memcpy(&a->gateway, nla_data(tb[RTA_GATEWAY]), 4);
	if (tb[RTA_OIF])
		a->ifindex = (int)nla_get_u32(tb[RTA_OIF]);
	return NL_OK;
}

static int on_route4_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct route4_answer *)arg)->acked = true;
	return NL_STOP;
}

static int on_route4_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct route4_answer *a = arg;

	(void)nla;
	a->err = e->error;
	a->acked = true;
	return NL_STOP;
}

/* One request up to its answer; a->err holds the kernel's error. */
static int route4_request(struct netcfg *nc, int type, int flags, struct in_addr dst,
			  unsigned int prefix, struct in_addr gateway, int ifindex,
			  struct route4_answer *a)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET,
		.rtm_dst_len = (unsigned char)prefix,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags | NLM_F_ACK);
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = -NLE_NOMEM;

	if (type != RTM_GETROUTE) {
		rtm.rtm_table = RT_TABLE_MAIN;
		rtm.rtm_protocol = RTPROT_STATIC;
		rtm.rtm_scope = gateway.s_addr ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
		rtm.rtm_type = RTN_UNICAST;
	}
	if (msg && cb && !nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) &&
	    !nla_put(msg, RTA_DST, 4, &dst) &&
	    (!gateway.s_addr || !nla_put(msg, RTA_GATEWAY, 4, &gateway)) &&
	    (!ifindex || !nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex))) {
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_route4, a);
		nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_route4_ack, a);
		nl_cb_err(cb, NL_CB_CUSTOM, on_route4_error, a);
		err = nl_send_auto(nc->sock, msg);
		while (err >= 0 && !a->acked)
			err = nl_recvmsgs(nc->sock, cb);
	}
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (err < 0 && !a->err)
		return errno_from_nl(err);
	return a->err;
}

int netcfg_route4_get(struct netcfg *nc, struct in_addr dst, struct in_addr *gateway,
		      int *ifindex)
{
	struct route4_answer a = { 0 };
	int err = route4_request(nc, RTM_GETROUTE, 0, dst, 32, (struct in_addr){ 0 }, 0, &a);

	if (err)
		return err;
	if (!a.found)
		return -ENETUNREACH;
	*gateway = a.gateway;
	*ifindex = a.ifindex;
	return 0;
}

int netcfg_route4_add(struct netcfg *nc, struct in_addr dst, unsigned int prefix,
		      struct in_addr gateway, int ifindex)
{
	struct route4_answer a = { 0 };

	return route4_request(nc, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, dst, prefix,
			      gateway, ifindex, &a);
}

int netcfg_route4_del(struct netcfg *nc, struct in_addr dst, unsigned int prefix,
		      struct in_addr gateway, int ifindex)
{
	struct route4_answer a = { 0 };

	return route4_request(nc, RTM_DELROUTE, 0, dst, prefix, gateway, ifindex, &a);
}
