// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#include "netlink-gen.h"

const struct nla_policy sstp_session_nl_policy[SSTP_A_SESSION_MAX + 1] = {
	[SSTP_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[SSTP_A_SESSION_FD] = { .type = NLA_U32, },
	[SSTP_A_SESSION_TRANSPORT] = NLA_POLICY_MAX(NLA_U32, 1),
	[SSTP_A_SESSION_MRU] = NLA_POLICY_RANGE(NLA_U32, 64, 4087),
	[SSTP_A_SESSION_INITIAL_DATA] = { .type = NLA_BINARY, .len = 32768, },
	[SSTP_A_SESSION_CHANNEL] = { .type = NLA_U32, },
	[SSTP_A_SESSION_STATE] = NLA_POLICY_MAX(NLA_U32, 1),
	[SSTP_A_SESSION_DOWN_REASON] = NLA_POLICY_MAX(NLA_U32, 9),
	[SSTP_A_SESSION_CONTROL] = NLA_POLICY_RANGE(NLA_BINARY, 8, 4095),
	[SSTP_A_SESSION_IDLE_MS] = { .type = NLA_U32, },
	[SSTP_A_SESSION_RX_PACKETS] = { .type = NLA_U64, },
	[SSTP_A_SESSION_RX_BYTES] = { .type = NLA_U64, },
	[SSTP_A_SESSION_TX_PACKETS] = { .type = NLA_U64, },
	[SSTP_A_SESSION_TX_BYTES] = { .type = NLA_U64, },
	[SSTP_A_SESSION_RX_ERRORS] = { .type = NLA_U64, },
	[SSTP_A_SESSION_RX_DROPPED] = { .type = NLA_U64, },
	[SSTP_A_SESSION_TX_ERRORS] = { .type = NLA_U64, },
	[SSTP_A_SESSION_TX_DROPPED] = { .type = NLA_U64, },
};

static const struct nla_policy sstp_session_new_nl_policy[SSTP_A_SESSION + 1] = {
	[SSTP_A_SESSION] = NLA_POLICY_NESTED(sstp_session_nl_policy),
};

static const struct nla_policy sstp_session_del_nl_policy[SSTP_A_SESSION + 1] = {
	[SSTP_A_SESSION] = NLA_POLICY_NESTED(sstp_session_nl_policy),
};

static const struct nla_policy sstp_session_get_nl_policy[SSTP_A_SESSION + 1] = {
	[SSTP_A_SESSION] = NLA_POLICY_NESTED(sstp_session_nl_policy),
};

static const struct nla_policy sstp_session_set_nl_policy[SSTP_A_SESSION + 1] = {
	[SSTP_A_SESSION] = NLA_POLICY_NESTED(sstp_session_nl_policy),
};

static const struct nla_policy sstp_control_send_nl_policy[SSTP_A_SESSION + 1] = {
	[SSTP_A_SESSION] = NLA_POLICY_NESTED(sstp_session_nl_policy),
};

const struct genl_ops sstp_nl_ops[6] = {
	{
		.cmd		= SSTP_CMD_VERSION_GET,
		.doit		= sstp_nl_version_get_doit,
	},
	{
		.cmd		= SSTP_CMD_SESSION_NEW,
		.doit		= sstp_nl_session_new_doit,
		.policy		= sstp_session_new_nl_policy,
		.maxattr	= SSTP_A_SESSION,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SSTP_CMD_SESSION_DEL,
		.doit		= sstp_nl_session_del_doit,
		.policy		= sstp_session_del_nl_policy,
		.maxattr	= SSTP_A_SESSION,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SSTP_CMD_SESSION_GET,
		.doit		= sstp_nl_session_get_doit,
		.dumpit		= sstp_nl_session_get_dumpit,
		.policy		= sstp_session_get_nl_policy,
		.maxattr	= SSTP_A_SESSION,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SSTP_CMD_SESSION_SET,
		.doit		= sstp_nl_session_set_doit,
		.policy		= sstp_session_set_nl_policy,
		.maxattr	= SSTP_A_SESSION,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SSTP_CMD_CONTROL_SEND,
		.doit		= sstp_nl_control_send_doit,
		.policy		= sstp_control_send_nl_policy,
		.maxattr	= SSTP_A_SESSION,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

const struct genl_multicast_group sstp_nl_mcgrps[1] = {
	[SSTP_NLGRP_EVENTS] = { .name = SSTP_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN, },
};
