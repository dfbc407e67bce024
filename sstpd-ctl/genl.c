// SPDX-License-Identifier: GPL-2.0
/* Requests to sstp.ko over generic netlink, through libnl. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "genl.h"
#include "sstp_genl.h"

struct sstp_genl {
	struct nl_sock *sock;
	int family_id;
	uint32_t family_version;
};

/* libnl reports its own error numbers; map the ones a caller acts on. */
static int errno_from_nl(int nlerr)
{
	switch (-nlerr) {
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

static int family_lookup(struct sstp_genl *g)
{
	struct nl_cache *cache;
	struct genl_family *family;
	int err;

	err = genl_ctrl_alloc_cache(g->sock, &cache);
	if (err < 0)
		return errno_from_nl(err);
	family = genl_ctrl_search_by_name(cache, SSTP_FAMILY_NAME);
	if (!family) {
		nl_cache_free(cache);
		return -ENOENT;
	}
	g->family_id = genl_family_get_id(family);
	g->family_version = genl_family_get_version(family);
	genl_family_put(family);
	nl_cache_free(cache);
	return 0;
}

int sstp_genl_open(struct sstp_genl **out)
{
	struct sstp_genl *g;
	int err;

	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->sock = nl_socket_alloc();
	if (!g->sock) {
		err = -ENOMEM;
		goto err_free;
	}
	err = genl_connect(g->sock);
	if (err < 0) {
		err = errno_from_nl(err);
		goto err_sock;
	}
	err = family_lookup(g);
	if (err)
		goto err_sock;
	*out = g;
	return 0;

err_sock:
	nl_socket_free(g->sock);
err_free:
	free(g);
	return err;
}

void sstp_genl_close(struct sstp_genl *g)
{
	if (!g)
		return;
	nl_socket_free(g->sock);
	free(g);
}

struct version_reply {
	struct sstp_module_info *info;
	int seen;
};

static int version_parse(struct nl_msg *msg, void *arg)
{
	static struct nla_policy policy[SSTP_A_INFO_MAX + 1] = {
		[SSTP_A_INFO_RELEASE] = { .type = NLA_STRING },
		[SSTP_A_INFO_FEATURES] = { .type = NLA_U32 },
	};
	struct version_reply *reply = arg;
	struct nlattr *attrs[SSTP_A_INFO_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, attrs, SSTP_A_INFO_MAX, policy) < 0)
		return NL_SKIP;
	if (attrs[SSTP_A_INFO_RELEASE])
		snprintf(reply->info->release, sizeof(reply->info->release), "%s",
			 nla_get_string(attrs[SSTP_A_INFO_RELEASE]));
	if (attrs[SSTP_A_INFO_FEATURES])
		reply->info->features = nla_get_u32(attrs[SSTP_A_INFO_FEATURES]);
	reply->seen = 1;
	return NL_OK;
}

int sstp_genl_version(struct sstp_genl *g, struct sstp_module_info *info)
{
	struct version_reply reply = { .info = info };
	struct nl_msg *msg;
	int err;

	memset(info, 0, sizeof(*info));
	info->api_version = g->family_version;

	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family_id, 0, 0,
			 SSTP_CMD_VERSION_GET, SSTP_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_socket_modify_cb(g->sock, NL_CB_VALID, NL_CB_CUSTOM, version_parse, &reply);
	err = nl_send_auto(g->sock, msg);
	nlmsg_free(msg);
	if (err < 0)
		return errno_from_nl(err);
	err = nl_recvmsgs_default(g->sock);
	if (err < 0)
		return errno_from_nl(err);
	err = nl_wait_for_ack(g->sock);
	if (err < 0)
		return errno_from_nl(err);
	return reply.seen && info->release[0] ? 0 : -EPROTO;
}

void sstp_genl_features_format(uint32_t features, char *buf, size_t size)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ SSTP_FEATURE_TLS_READ_SOCK, "tls-read-sock" },
		{ SSTP_FEATURE_TLS_RX_REKEY, "tls-rx-rekey" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(features & names[i].bit))
			continue;
		features &= ~names[i].bit;
		used += snprintf(buf + used, used < size ? size - used : 0, "%s%s",
				 used ? "," : "", names[i].name);
	}
	/* Bits from a newer module than this tool are shown, not hidden. */
	if (features)
		used += snprintf(buf + used, used < size ? size - used : 0, "%s0x%x",
				 used ? "," : "", features);
	if (!used)
		snprintf(buf, size, "none");
}
