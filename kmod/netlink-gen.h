/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#ifndef SSTP_NETLINK_GEN_H
#define SSTP_NETLINK_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include "sstp_genl.h"

extern const struct nla_policy sstp_session_nl_policy[SSTP_A_SESSION_MAX + 1];

int sstp_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info);
int sstp_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info);
int sstp_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info);
int sstp_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info);
int sstp_nl_session_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int sstp_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info);
int sstp_nl_control_send_doit(struct sk_buff *skb, struct genl_info *info);

extern const struct genl_ops sstp_nl_ops[6];

enum {
	SSTP_NLGRP_EVENTS,
};

extern const struct genl_multicast_group sstp_nl_mcgrps[1];

#endif /* SSTP_NETLINK_GEN_H */
