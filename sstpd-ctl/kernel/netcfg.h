/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface configuration over rtnetlink: the point-to-point addresses of a
 * tunnel interface (a TUN device in user mode, a ppp unit in kernel mode).
 */
#ifndef SSTP_NETCFG_H
#define SSTP_NETCFG_H

#include <netinet/in.h>
#include <stdbool.h>
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

/* Undo the two above (the route to the client goes with the address). */
int netcfg_addr4_del(struct netcfg *nc, int ifindex, struct in_addr local,
		     struct in_addr peer);
int netcfg_addr6_link_local_del(struct netcfg *nc, int ifindex, const uint8_t local_id[8]);

/* The address of ours that the two below keep on one interface. */
struct netcfg_addr4 {
	bool set;
	struct in_addr local, peer;
};

struct netcfg_addr6 {
	bool set;
	uint8_t local_id[8];
};

/*
 * Make *cur the given address: nothing to do when it already is, else the
 * old one (if any) goes and the new one comes.  0 or a negative errno.
 */
int netcfg_addr4_replace(struct netcfg *nc, int ifindex, struct netcfg_addr4 *cur,
			 struct in_addr local, struct in_addr peer);
int netcfg_addr6_replace(struct netcfg *nc, int ifindex, struct netcfg_addr6 *cur,
			 const uint8_t local_id[8]);
/* Remove *cur, if set. */
void netcfg_addr4_clear(struct netcfg *nc, int ifindex, struct netcfg_addr4 *cur);
void netcfg_addr6_clear(struct netcfg *nc, int ifindex, struct netcfg_addr6 *cur);

/*
 * The kernel's IPv4 route to dst: its gateway (0 when on link) and
 * interface.  0 or a negative errno (-ENETUNREACH: none).
 */
int netcfg_route4_get(struct netcfg *nc, struct in_addr dst, struct in_addr *gateway,
		      int *ifindex);
/*
 * Add (replacing one of the same prefix) or remove the route dst/prefix
 * out of ifindex, through gateway unless it is 0.  0 or a negative errno.
 */
int netcfg_route4_add(struct netcfg *nc, struct in_addr dst, unsigned int prefix,
		      struct in_addr gateway, int ifindex);
int netcfg_route4_del(struct netcfg *nc, struct in_addr dst, unsigned int prefix,
		      struct in_addr gateway, int ifindex);

#endif /* SSTP_NETCFG_H */
