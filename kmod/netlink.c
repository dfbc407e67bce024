// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "sstp": handlers only.  The policies and the
 * operation table are generated from include/netlink/sstp.yaml.
 */

#include <linux/module.h>
#include <net/genetlink.h>

#include "compat.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "sstp_version.h"

static struct genl_family sstp_nl_family __ro_after_init = {
	.name		= SSTP_FAMILY_NAME,
	.version	= SSTP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= sstp_nl_ops,
	.n_ops		= ARRAY_SIZE(sstp_nl_ops),
};

int sstp_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq, &sstp_nl_family,
			  0, SSTP_CMD_VERSION_GET);
	if (!hdr)
		goto err_msgsize;
	if (nla_put_string(msg, SSTP_A_INFO_RELEASE, SSTP_RELEASE) ||
	    nla_put_u32(msg, SSTP_A_INFO_FEATURES, sstp_compat_features()))
		goto err_msgsize;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msgsize:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * sstp_nl_register() - make the "sstp" family available
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int sstp_nl_register(void)
{
	return genl_register_family(&sstp_nl_family);
}

/**
 * sstp_nl_unregister() - remove the family; no handler runs after it returns
 */
void sstp_nl_unregister(void)
{
	genl_unregister_family(&sstp_nl_family);
}
