// SPDX-License-Identifier: GPL-2.0
/* sstp.ko: load and unload, nothing else. */

#include <linux/module.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "session.h"
#include "sstp_genl.h"
#include "sstp_version.h"

static int __init sstp_init(void)
{
	int err;

	err = sstp_session_init();
	if (err)
		goto err_session;
	err = sstp_nl_register();
	if (err)
		goto err_netlink;

	pr_info("sstp: %s loaded\n", SSTP_RELEASE);
	return 0;

err_netlink:
	sstp_session_exit();
err_session:
	return err;
}

/* Sessions end while the family can still announce it (reason unload). */
static void __exit sstp_exit(void)
{
	sstp_session_shutdown();
	sstp_nl_unregister();
	sstp_session_exit();
	pr_info("sstp: unloaded\n");
}

module_init(sstp_init);
module_exit(sstp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SSTP kernel data path over kTLS and ppp_generic");
MODULE_VERSION(SSTP_RELEASE);
MODULE_ALIAS_GENL_FAMILY(SSTP_FAMILY_NAME);
MODULE_SOFTDEP("pre: tls ppp_generic");
