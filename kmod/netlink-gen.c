// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#include "netlink-gen.h"

const struct genl_ops sstp_nl_ops[1] = {
	{
		.cmd		= SSTP_CMD_VERSION_GET,
		.doit		= sstp_nl_version_get_doit,
	},
};
