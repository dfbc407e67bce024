/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface configuration over rtnetlink: the point-to-point addresses of a
 * tunnel interface (a TUN device in user mode, a ppp unit in kernel mode).
 */
#ifndef SSTP_NETCFG_H
#define SSTP_NETCFG_H

#include <netinet/in.h>
#include <stdint.h>

struct netcfg;

int netcfg_open(struct netcfg **out);
void netcfg_close(struct netcfg *nc);

/* Set the MTU and bring the interface up. */
int netcfg_link_up(struct netcfg *nc, int ifindex, unsigned int mtu);

/* local peer/32 on the interface: the route to the client comes with it. */
int netcfg_addr4_add(struct netcfg *nc, int ifindex, struct in_addr local,
		     struct in_addr peer);

/* fe80::local_id/64, from our IPv6CP interface identifier. */
int netcfg_addr6_link_local_add(struct netcfg *nc, int ifindex, const uint8_t local_id[8]);

#endif /* SSTP_NETCFG_H */
