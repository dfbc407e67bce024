/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#ifndef SSTP_NETLINK_GEN_H
#define SSTP_NETLINK_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include "sstp_genl.h"

int sstp_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info);

extern const struct genl_ops sstp_nl_ops[1];

#endif /* SSTP_NETLINK_GEN_H */
