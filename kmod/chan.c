// SPDX-License-Identifier: GPL-2.0
/*
 * The session's ppp channel: what ppp_generic calls (start_xmit, ioctl).
 * pppd or sstpd attach to it by index (PPPIOCATTCHAN on /dev/ppp).
 */

#include <linux/ppp-ioctl.h>
#include <linux/ppp_channel.h>
#include <linux/uaccess.h>

#include "chan.h"
#include "session.h"
#include "tx.h"

/* Receive-side status bits of PPPIOCGFLAGS that are not settings. */
#define SSTP_CHAN_RCV_BITS	(SC_RCV_B7_1 | SC_RCV_B7_0 | SC_RCV_ODDP | SC_RCV_EVNP)

/* A PPP frame beginning with its protocol; atomic context, see tx.c. */
static int sstp_chan_start_xmit(struct ppp_channel *chan, struct sk_buff *skb)
{
	return sstp_tx_frame(chan->private, skb);
}

/*
 * The flags are kept for the round trip pppd makes (get, change, set); TX
 * uses SC_COMP_AC and SC_COMP_PROT.  SSTP escapes nothing, so the
 * async-map ioctls succeed without effect and read back zero.
 */
static int sstp_chan_ioctl(struct ppp_channel *chan, unsigned int cmd, unsigned long arg)
{
	struct sstp_session *s = chan->private;
	void __user *argp = (void __user *)arg;
	int __user *p = argp;
	u32 accm[8] = { 0 };
	int val;

	switch (cmd) {
	case PPPIOCGFLAGS:
		return put_user((int)READ_ONCE(s->ppp_flags), p) ? -EFAULT : 0;
	case PPPIOCSFLAGS:
		if (get_user(val, p))
			return -EFAULT;
		WRITE_ONCE(s->ppp_flags, (u32)val & ~SSTP_CHAN_RCV_BITS);
		return 0;
	case PPPIOCGASYNCMAP:
	case PPPIOCGRASYNCMAP:
		return put_user(0, (u32 __user *)argp) ? -EFAULT : 0;
	case PPPIOCSASYNCMAP:
	case PPPIOCSRASYNCMAP:
	case PPPIOCSXASYNCMAP:
		return 0;
	case PPPIOCGXASYNCMAP:
		return copy_to_user(argp, accm, sizeof(accm)) ? -EFAULT : 0;
	case PPPIOCGCHAN:
		return put_user(ppp_channel_index(chan), p) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static const struct ppp_channel_ops sstp_chan_ops = {
	.start_xmit	= sstp_chan_start_xmit,
	.ioctl		= sstp_chan_ioctl,
};

/**
 * sstp_chan_register() - give the session its ppp channel
 * @s: the session; its socket's netns is s->net
 *
 * Return: 0 or the errno of ppp_register_net_channel().
 */
int sstp_chan_register(struct sstp_session *s)
{
	int err;

	s->chan.private = s;
	s->chan.ops = &sstp_chan_ops;
	/* The largest PPP information field one SSTP data packet can carry. */
	s->chan.mtu = SSTP_MAX_DATA_LEN - SSTP_PPP_AC_LEN - SSTP_PPP_PROTO_LEN;
	/* Room for the SSTP header and FF 03 in front of each frame. */
	s->chan.hdrlen = SSTP_HEADER_LEN + SSTP_PPP_AC_LEN;
	err = ppp_register_net_channel(s->net, &s->chan);
	if (err)
		return err;
	s->chan_registered = true;
	s->chan_index = ppp_channel_index(&s->chan);
	return 0;
}

/**
 * sstp_chan_unregister() - remove the channel; no start_xmit or ioctl after
 * @s: the session, RX stopped (ppp_input() must not race with this)
 *
 * Sleeps.  A no-op when the channel was never registered.
 */
void sstp_chan_unregister(struct sstp_session *s)
{
	if (!s->chan_registered)
		return;
	ppp_unregister_channel(&s->chan);
	s->chan_registered = false;
}
