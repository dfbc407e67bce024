// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "sstp": handlers and notifications.  The
 * policies and the operation table are generated from
 * include/netlink/sstp.yaml; GENL_ADMIN_PERM on every request that changes
 * something is checked by genetlink before the handler runs.
 */

#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "chan.h"
#include "compat.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "rx.h"
#include "session.h"
#include "sock.h"
#include "sstp_version.h"
#include "tx.h"

static struct genl_family sstp_nl_family;

/* Attributes of the session nest that a request may carry. */
#define SSTP_NL_ATTR(a)		BIT_ULL(SSTP_A_SESSION_##a)

/* extack messages are string literals: one per attribute a request needs. */
static void sstp_nl_missing(struct netlink_ext_ack *extack, const struct nlattr *nest, int attr)
{
	NL_SET_ERR_ATTR_MISS(extack, nest, attr);
	switch (attr) {
	case SSTP_A_SESSION_ID:
		NL_SET_ERR_MSG(extack, "missing attribute: session id");
		break;
	case SSTP_A_SESSION_FD:
		NL_SET_ERR_MSG(extack, "missing attribute: session fd");
		break;
	case SSTP_A_SESSION_STATE:
		NL_SET_ERR_MSG(extack, "missing attribute: session state");
		break;
	case SSTP_A_SESSION_MRU:
		NL_SET_ERR_MSG(extack, "missing attribute: session mru");
		break;
	case SSTP_A_SESSION_CONTROL:
		NL_SET_ERR_MSG(extack, "missing attribute: session control");
		break;
	default:
		NL_SET_ERR_MSG(extack, "missing attribute in the session nest");
		break;
	}
}

/*
 * Parse the session nest of a request: present, valid by the policy, with
 * only the attributes in allowed, and all of those in required.
 */
static int sstp_nl_parse(struct genl_info *info, struct nlattr **tb, u64 allowed, u64 required)
{
	struct nlattr *nest = info->attrs[SSTP_A_SESSION];
	int err, i;

	if (GENL_REQ_ATTR_CHECK(info, SSTP_A_SESSION)) {
		NL_SET_ERR_MSG(info->extack, "missing session attribute (nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, SSTP_A_SESSION_MAX, nest, sstp_session_nl_policy,
			       info->extack);
	if (err)
		return err;
	for (i = 1; i <= SSTP_A_SESSION_MAX; i++) {
		if (tb[i] && !(allowed & BIT_ULL(i))) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
					    "attribute not accepted by this request");
			return -EINVAL;
		}
		if (!tb[i] && (required & BIT_ULL(i))) {
			sstp_nl_missing(info->extack, nest, i);
			return -EINVAL;
		}
	}
	return 0;
}

/* The session named by the request's id, with a reference; extack if none. */
static struct sstp_session *sstp_nl_session(struct genl_info *info, struct nlattr **tb)
{
	struct sstp_session *s;

	s = sstp_session_get_by_id(genl_info_net(info), nla_get_u32(tb[SSTP_A_SESSION_ID]));
	if (!s)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SSTP_A_SESSION_ID],
				    "no session with this id in this network namespace");
	return s;
}

/* The session nest of replies and notifications. */
static int sstp_nl_put_session(struct sk_buff *msg, struct sstp_session *s, bool down)
{
	const struct sstp_stats *st = &s->stats;
	struct nlattr *nest;
	u32 state;

	state = sstp_session_connected(s) ? SSTP_SESSION_STATE_CONNECTED :
					    SSTP_SESSION_STATE_NEGOTIATING;
	nest = nla_nest_start(msg, SSTP_A_SESSION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, SSTP_A_SESSION_ID, s->id) ||
	    nla_put_u32(msg, SSTP_A_SESSION_CHANNEL, s->chan_index) ||
	    nla_put_u32(msg, SSTP_A_SESSION_STATE, state) ||
	    nla_put_u32(msg, SSTP_A_SESSION_IDLE_MS,
			jiffies_to_msecs(jiffies - READ_ONCE(s->last_rx))) ||
	    (down && nla_put_u32(msg, SSTP_A_SESSION_DOWN_REASON, s->down_reason)) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_RX_PACKETS, atomic64_read(&st->rx_packets),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_RX_BYTES, atomic64_read(&st->rx_bytes),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_TX_PACKETS, atomic64_read(&st->tx_packets),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_TX_BYTES, atomic64_read(&st->tx_bytes),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_RX_ERRORS, atomic64_read(&st->rx_errors),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_RX_DROPPED, atomic64_read(&st->rx_dropped),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_TX_ERRORS, atomic64_read(&st->tx_errors),
			      SSTP_A_SESSION_PAD) ||
	    nla_put_u64_64bit(msg, SSTP_A_SESSION_TX_DROPPED, atomic64_read(&st->tx_dropped),
			      SSTP_A_SESSION_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * sstp_nl_version_get_doit() - VERSION_GET: release and kernel features
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int sstp_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &sstp_nl_family, 0, SSTP_CMD_VERSION_GET);
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
 * sstp_nl_session_new_doit() - SESSION_NEW: take a socket over
 * @skb: the request
 * @info: its attributes and sender, who becomes the owner
 *
 * Builds the session (socket, channel) while nobody else can see it, then
 * publishes it, answers, and only then lets it run: the owner gets the
 * reply before any notification of the session.
 *
 * Return: 0 or a negative errno with an extack message.
 */
int sstp_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];
	struct sstp_session *s;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = sstp_nl_parse(info, tb, SSTP_NL_ATTR(FD) | SSTP_NL_ATTR(TRANSPORT) |
			    SSTP_NL_ATTR(MRU) | SSTP_NL_ATTR(INITIAL_DATA), SSTP_NL_ATTR(FD));
	if (err)
		return err;

	/* Holds the only reference until sstp_session_publish(). */
	s = sstp_session_alloc(genl_info_net(info), NETLINK_CB(skb).sk, info->snd_portid);
	if (!s)
		return -ENOMEM;
	s->transport = tb[SSTP_A_SESSION_TRANSPORT] ?
		       nla_get_u32(tb[SSTP_A_SESSION_TRANSPORT]) : SSTP_TRANSPORT_KTLS;
	s->mru = tb[SSTP_A_SESSION_MRU] ? nla_get_u32(tb[SSTP_A_SESSION_MRU]) : 1500;

	err = sstp_rx_init(s, tb[SSTP_A_SESSION_INITIAL_DATA]);
	if (err)
		goto err_put;
	err = sstp_sock_take(s, nla_get_u32(tb[SSTP_A_SESSION_FD]), tb[SSTP_A_SESSION_FD],
			     info->extack);
	if (err)
		goto err_put;
	err = sstp_chan_register(s);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "cannot register a ppp channel (ppp_generic)");
		goto err_sock;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_chan;
	}

	mutex_lock(&s->lock);
	err = sstp_session_publish(s, info->extack);
	if (err) {
		mutex_unlock(&s->lock);
		goto err_msg;
	}
	/* From here the table owns s and the down work undoes everything. */
	hdr = genlmsg_put_reply(msg, info, &sstp_nl_family, 0, SSTP_CMD_SESSION_NEW);
	if (!hdr || sstp_nl_put_session(msg, s, false)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
	} else {
		genlmsg_end(msg, hdr);
		err = genlmsg_reply(msg, info);
	}
	if (err) {
		sstp_session_down(s, SSTP_DOWN_REASON_USERSPACE);
	} else {
		sstp_session_start(s);
		pr_info("sstp: sess %u: up, ppp channel %d, %s, mru %u\n", s->id, s->chan_index,
			s->transport == SSTP_TRANSPORT_KTLS ? "ktls" : "plain", s->mru);
	}
	mutex_unlock(&s->lock);
	return err;

err_msg:
	nlmsg_free(msg);
err_chan:
	sstp_chan_unregister(s);
err_sock:
	sstp_sock_release(s);
err_put:
	sstp_session_put(s);
	return err;
}

/**
 * sstp_nl_session_del_doit() - SESSION_DEL: end a session (reason userspace)
 * @skb: the request
 * @info: its attributes and sender
 *
 * Returns once the session is torn down: its socket shut, its channel gone.
 *
 * Return: 0 or a negative errno.
 */
int sstp_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];
	struct sstp_session *s;
	int err;

	err = sstp_nl_parse(info, tb, SSTP_NL_ATTR(ID), SSTP_NL_ATTR(ID));
	if (err)
		return err;
	s = sstp_nl_session(info, tb);
	if (!s)
		return -ENOENT;
	sstp_session_down(s, SSTP_DOWN_REASON_USERSPACE);
	sstp_session_wait_down(s);
	sstp_session_put(s);
	return 0;
}

/**
 * sstp_nl_session_get_doit() - SESSION_GET of one session: state and counters
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno (-ENOENT: no such session in this netns).
 */
int sstp_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];
	struct sstp_session *s;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = sstp_nl_parse(info, tb, SSTP_NL_ATTR(ID), SSTP_NL_ATTR(ID));
	if (err)
		return err;
	s = sstp_nl_session(info, tb);
	if (!s)
		return -ENOENT;

	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &sstp_nl_family, 0, SSTP_CMD_SESSION_GET);
	if (!hdr || sstp_nl_put_session(msg, s, false)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	sstp_session_put(s);
	return err;
}

/**
 * sstp_nl_session_get_dumpit() - SESSION_GET dump: every session of the netns
 * @skb: the message to fill
 * @cb: the dump's state; cb->args[0] is the id to continue from
 *
 * Return: the length filled, 0 at the end, or a negative errno.
 */
int sstp_nl_session_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	unsigned long index = cb->args[0];
	struct sstp_session *s;
	void *hdr;
	int err = 0;

	rcu_read_lock();
	while ((s = sstp_session_next(net, &index))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &sstp_nl_family, NLM_F_MULTI, SSTP_CMD_SESSION_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (sstp_nl_put_session(skb, s, false)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		index++;
	}
	rcu_read_unlock();
	cb->args[0] = index;
	/* A full message ends this part of the dump; the next one continues. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ? err : skb->len;
}

/**
 * sstp_nl_session_set_doit() - SESSION_SET: let data flow, change the MRU
 * @skb: the request
 * @info: its attributes and sender
 *
 * State connected lets data flow; going back to negotiating is refused.
 * The MRU applies to the packets read from then on.
 *
 * Return: 0 or a negative errno.
 */
int sstp_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];
	struct sstp_session *s;
	int err = 0;

	err = sstp_nl_parse(info, tb, SSTP_NL_ATTR(ID) | SSTP_NL_ATTR(STATE) | SSTP_NL_ATTR(MRU),
			    SSTP_NL_ATTR(ID));
	if (err)
		return err;
	if (!tb[SSTP_A_SESSION_STATE] && !tb[SSTP_A_SESSION_MRU]) {
		NL_SET_ERR_MSG(info->extack, "nothing to change: give a session state or mru");
		return -EINVAL;
	}
	s = sstp_nl_session(info, tb);
	if (!s)
		return -ENOENT;

	if (tb[SSTP_A_SESSION_STATE] &&
	    nla_get_u32(tb[SSTP_A_SESSION_STATE]) != SSTP_SESSION_STATE_CONNECTED &&
	    sstp_session_connected(s)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SSTP_A_SESSION_STATE],
				    "a connected session cannot go back to negotiating");
		err = -EINVAL;
		goto out;
	}
	if (tb[SSTP_A_SESSION_MRU])
		WRITE_ONCE(s->mru, nla_get_u32(tb[SSTP_A_SESSION_MRU]));
	if (tb[SSTP_A_SESSION_STATE] &&
	    nla_get_u32(tb[SSTP_A_SESSION_STATE]) == SSTP_SESSION_STATE_CONNECTED)
		set_bit(SSTP_S_CONNECTED, &s->flags);
out:
	sstp_session_put(s);
	return err;
}

/**
 * sstp_nl_control_send_doit() - CONTROL_SEND: queue a control packet to the client
 * @skb: the request
 * @info: its attributes and sender
 *
 * The packet must be a whole SSTP control packet; it goes out after the
 * frames queued before it.
 *
 * Return: 0 or a negative errno.
 */
int sstp_nl_control_send_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];
	struct sstp_session *s;
	const u8 *pkt;
	int err, len;

	err = sstp_nl_parse(info, tb, SSTP_NL_ATTR(ID) | SSTP_NL_ATTR(CONTROL),
			    SSTP_NL_ATTR(ID) | SSTP_NL_ATTR(CONTROL));
	if (err)
		return err;
	pkt = nla_data(tb[SSTP_A_SESSION_CONTROL]);
	len = nla_len(tb[SSTP_A_SESSION_CONTROL]);
	if (sstp_hdr_version(pkt) != SSTP_VERSION || !sstp_hdr_is_control(pkt) ||
	    sstp_hdr_length(pkt) != len) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SSTP_A_SESSION_CONTROL],
				    "not an SSTP control packet: version 0x10, C bit and length must match");
		return -EINVAL;
	}
	s = sstp_nl_session(info, tb);
	if (!s)
		return -ENOENT;
	err = sstp_tx_control(s, pkt, len, info->extack);
	sstp_session_put(s);
	return err;
}

/*
 * Unicast msg to the session's owner and to no other socket: the port id
 * is the owner's only while its file is pinned, see
 * sstp_session_owner_file_get().  Return: 0 or a negative errno.
 */
static int sstp_nl_owner_unicast(struct sstp_session *s, struct sk_buff *msg)
{
	struct file *owner = sstp_session_owner_file_get(s);
	int err;

	if (!owner) {
		nlmsg_free(msg);
		return -ECONNREFUSED;
	}
	err = genlmsg_unicast(s->net, msg, s->owner_portid);
	fput(owner);
	return err;
}

/**
 * sstp_nl_notify_control() - hand a control packet from the client to the owner
 * @s: the session
 * @pkt: the whole SSTP control packet
 * @len: its length
 *
 * Process context (the RX work).
 *
 * Return: 0, or a negative errno when the owner did not get it (gone, or
 * its socket's buffer full).
 */
int sstp_nl_notify_control(struct sstp_session *s, const u8 *pkt, unsigned int len)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(0) + nla_total_size(sizeof(u32)) + nla_total_size(len),
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &sstp_nl_family, 0, SSTP_CMD_CONTROL_NTF);
	if (!hdr)
		goto err_msgsize;
	nest = nla_nest_start(msg, SSTP_A_SESSION);
	if (!nest || nla_put_u32(msg, SSTP_A_SESSION_ID, s->id) ||
	    nla_put(msg, SSTP_A_SESSION_CONTROL, len, pkt))
		goto err_msgsize;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return sstp_nl_owner_unicast(s, msg);

err_msgsize:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static struct sk_buff *sstp_nl_down_msg(struct sstp_session *s)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &sstp_nl_family, 0, SSTP_CMD_SESSION_DOWN_NTF);
	if (!hdr || sstp_nl_put_session(msg, s, true)) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/**
 * sstp_nl_notify_down() - tell the owner and the events group a session ended
 * @s: the torn-down session, its counters final
 *
 * The owner gets it once: the multicast skips its port.  When the owner is
 * gone its port may already belong to another socket, so only the group
 * hears of it.
 */
void sstp_nl_notify_down(struct sstp_session *s)
{
	struct file *owner = sstp_session_owner_file_get(s);
	struct sk_buff *msg;

	/* The pin also keeps the port the owner's for the multicast's skip. */
	if (owner) {
		msg = sstp_nl_down_msg(s);
		if (msg)
			genlmsg_unicast(s->net, msg, s->owner_portid);
	}
	if (!genl_has_listeners(&sstp_nl_family, s->net, SSTP_NLGRP_EVENTS))
		goto out;
	msg = sstp_nl_down_msg(s);
	if (msg)
		genlmsg_multicast_netns(&sstp_nl_family, s->net, msg, owner ? s->owner_portid : 0,
					SSTP_NLGRP_EVENTS, GFP_KERNEL);
out:
	if (owner)
		fput(owner);
}

/* A netlink socket closed: its sessions go (NETLINK_URELEASE, process context). */
static int sstp_nl_release(struct notifier_block *nb, unsigned long state, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (state == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC && n->portid)
		sstp_session_owner_gone(n->net, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block sstp_nl_notifier = {
	.notifier_call = sstp_nl_release,
};

static struct genl_family sstp_nl_family __ro_after_init = {
	.name		= SSTP_FAMILY_NAME,
	.version	= SSTP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= sstp_nl_ops,
	.n_ops		= ARRAY_SIZE(sstp_nl_ops),
	.mcgrps		= sstp_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(sstp_nl_mcgrps),
};

/**
 * sstp_nl_register() - make the "sstp" family available, watch owners
 *
 * Return: 0 or a negative errno.
 */
int sstp_nl_register(void)
{
	int err;

	err = netlink_register_notifier(&sstp_nl_notifier);
	if (err)
		goto err_notifier;
	err = genl_register_family(&sstp_nl_family);
	if (err)
		goto err_family;
	return 0;

err_family:
	netlink_unregister_notifier(&sstp_nl_notifier);
err_notifier:
	return err;
}

/**
 * sstp_nl_unregister() - remove the family; no handler runs after it returns
 */
void sstp_nl_unregister(void)
{
	genl_unregister_family(&sstp_nl_family);
	netlink_unregister_notifier(&sstp_nl_notifier);
}
