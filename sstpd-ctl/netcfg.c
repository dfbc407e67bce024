// SPDX-License-Identifier: GPL-2.0
/* rtnetlink through libnl-route. */

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "netcfg.h"

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
static int addr_add(struct netcfg *nc, int ifindex, int family, const void *local,
		    const void *peer, size_t len, int prefixlen)
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
			err = rtnl_addr_add(nc->sock, addr, 0);
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
	return addr_add(nc, ifindex, AF_INET, &local, &peer, sizeof(local), 32);
}

/*
 * The link has exactly two ends, so fe80::/64 on it reaches the peer: the
 * peer's identifier is implied, not configured.
 */
int netcfg_addr6_link_local_add(struct netcfg *nc, int ifindex, const uint8_t local_id[8])
{
	uint8_t local[16] = { 0xfe, 0x80 };

	memcpy(local + 8, local_id, 8);
	return addr_add(nc, ifindex, AF_INET6, local, NULL, sizeof(local), 64);
}
