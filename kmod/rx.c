// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving: read the plaintext stream from the socket in a work item,
 * cut it into SSTP packets wherever records and segments split it, hand
 * data packets to ppp_generic and control packets to the owner.
 *
 * kTLS: recvmsg() with a cmsg buffer tells the record type (one call never
 * mixes types).  Where kTLS has read_sock (6.6+), data records are read
 * through it, which passes the decrypted skbs without a copy into a
 * buffer.  Two records it leaves on kTLS's rx_list for recvmsg(): one of
 * another type (read_sock() fails with -EINVAL), and an empty data record
 * (legal in TLS 1.2 and 1.3; read_sock() returns 0, as at the end of the
 * stream).  Plain TCP is read with recvmsg() alone.
 */

#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/ppp_defs.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/tls.h>
#include <net/sock.h>
#include <net/tls.h>

#include "compat.h"
#include "netlink.h"
#include "rx.h"
#include "session.h"

/* The plaintext of a whole TLS record fits. */
#define SSTP_RX_BUF_LEN		(16 * 1024)
/* Bytes the work reads before yielding to other sessions. */
#define SSTP_RX_BUDGET		(128 * 1024)
/*
 * Control packets a client may send in a window.  Each becomes a unicast
 * to sstpd, and one 16 KiB record carries 2,000 of them; MS-SSTP needs a
 * handful a minute (call set-up, echo, disconnect).
 */
#define SSTP_RX_CONTROL_MAX	32
#define SSTP_RX_CONTROL_WINDOW	(10 * HZ)

/* Where the bytes being de-framed are: a buffer, or an skb from an offset. */
struct sstp_rx_src {
	const u8 *buf;
	const struct sk_buff *skb;
	unsigned int offset;
};

static void sstp_rx_copy(const struct sstp_rx_src *src, unsigned int pos, void *to,
			 unsigned int len)
{
	if (src->skb)
		WARN_ON_ONCE(skb_copy_bits(src->skb, src->offset + pos, to, len));
	else
		memcpy(to, src->buf + pos, len);
}

static void sstp_rx_delivered(struct sstp_session *s, unsigned int bytes)
{
	atomic64_inc(&s->stats.rx_packets);
	atomic64_add(bytes, &s->stats.rx_bytes);
}

/*
 * The PPP frames of one read to ppp_generic.  With softirqs held off, the
 * stack above the unit takes them in one run instead of one run each
 * (ppp_input() ends in netif_rx()).
 */
static void sstp_rx_deliver(struct sstp_session *s)
{
	struct sk_buff *skb;

	if (skb_queue_empty(&s->rx.deliver))
		return;
	local_bh_disable();
	while ((skb = __skb_dequeue(&s->rx.deliver)))
		ppp_input(&s->chan, skb);
	local_bh_enable();
}

/* An SSTP control packet, header included: to the owner. */
static void sstp_rx_control(struct sstp_session *s, struct sk_buff *skb, unsigned int bytes)
{
	int err;

	/* What came before it reaches the unit first. */
	sstp_rx_deliver(s);

	if (skb->len < SSTP_CONTROL_HEADER_LEN) {
		atomic64_inc(&s->stats.rx_errors);
	} else {
		err = sstp_nl_notify_control(s, skb->data, skb->len);
		if (err) {
			atomic64_inc(&s->stats.rx_dropped);
			net_warn_ratelimited("sstp: sess %u: control packet not delivered to its owner: %d\n",
					     s->id, err);
		} else {
			sstp_rx_delivered(s, bytes);
		}
	}
	consume_skb(skb);
}

/* One more control packet: too many in this window? */
static bool sstp_rx_control_flood(struct sstp_session *s)
{
	struct sstp_rx *rx = &s->rx;

	if (time_after(jiffies, rx->ctl_window + SSTP_RX_CONTROL_WINDOW)) {
		rx->ctl_window = jiffies;
		rx->ctl_count = 0;
	}
	return ++rx->ctl_count > SSTP_RX_CONTROL_MAX;
}

/*
 * A data packet is a PPP frame: strip FF 03, restore a 1-byte (PFC)
 * protocol to 2 bytes, as ppp_input() wants.
 */
static void sstp_rx_data(struct sstp_session *s, struct sk_buff *skb, unsigned int bytes)
{
	u16 proto;

	if (skb->len && skb->data[0] == PPP_ALLSTATIONS) {
		if (skb->len < SSTP_PPP_AC_LEN || skb->data[1] != PPP_UI)
			goto err;
		skb_pull(skb, SSTP_PPP_AC_LEN);
	}
	if (!skb->len)
		goto err;
	if (skb->data[0] & 1)
		*(u8 *)skb_push(skb, 1) = 0;
	if (skb->len < SSTP_PPP_PROTO_LEN)
		goto err;
	proto = skb->data[0] << 8 | skb->data[1];
	if (proto < 0x8000 && !sstp_session_connected(s)) {
		atomic64_inc(&s->stats.rx_dropped);
		kfree_skb(skb);
		return;
	}
	__skb_queue_tail(&s->rx.deliver, skb);
	sstp_rx_delivered(s, bytes);
	return;

err:
	atomic64_inc(&s->stats.rx_errors);
	kfree_skb(skb);
}

/* A whole packet.  Return: 0, or -EPROTO when the session must end. */
static int sstp_rx_packet(struct sstp_session *s)
{
	struct sstp_rx *rx = &s->rx;
	struct sk_buff *skb = rx->skb;
	unsigned int bytes = sstp_hdr_length(rx->hdr) - SSTP_HEADER_LEN;

	rx->skb = NULL;
	rx->hdr_have = 0;
	WRITE_ONCE(s->last_rx, jiffies);
	if (sstp_hdr_is_control(rx->hdr) && sstp_rx_control_flood(s)) {
		kfree_skb(skb);
		atomic64_inc(&s->stats.rx_dropped);
		rx->error = SSTP_DOWN_REASON_CONTROL_FLOOD;
		return -EPROTO;
	}
	if (!skb)
		atomic64_inc(&s->stats.rx_dropped);
	else if (sstp_hdr_is_control(rx->hdr))
		sstp_rx_control(s, skb, bytes);
	else
		sstp_rx_data(s, skb, bytes);
	return 0;
}

/*
 * A whole header: check it and make room for the payload.  A data packet
 * above the MRU (plus FF 03 and the protocol) or one without memory is
 * skipped and counted as dropped.
 */
static int sstp_rx_header(struct sstp_session *s)
{
	struct sstp_rx *rx = &s->rx;
	unsigned int len = sstp_hdr_length(rx->hdr);

	if (sstp_hdr_version(rx->hdr) != SSTP_VERSION || len < SSTP_HEADER_LEN) {
		atomic64_inc(&s->stats.rx_errors);
		rx->error = SSTP_DOWN_REASON_BAD_PACKET;
		return -EPROTO;
	}
	rx->need = len - SSTP_HEADER_LEN;
	if (sstp_hdr_is_control(rx->hdr)) {
		rx->skb = alloc_skb(len, GFP_KERNEL);
		if (rx->skb)
			skb_put_data(rx->skb, rx->hdr, SSTP_HEADER_LEN);
	} else if (rx->need <= READ_ONCE(s->mru) + SSTP_PPP_AC_LEN + SSTP_PPP_PROTO_LEN) {
		/* Headroom for the stack beyond ppp, and for a PFC byte. */
		rx->skb = alloc_skb(NET_SKB_PAD + rx->need, GFP_KERNEL);
		if (rx->skb)
			skb_reserve(rx->skb, NET_SKB_PAD);
	}
	return 0;
}

/*
 * De-frame len bytes in order, whatever the cuts.  Return: 0, or -EPROTO
 * with the reason in rx->error: a bad header, after which the stream cannot
 * be followed, or a control flood.
 */
static int __sstp_rx_feed(struct sstp_session *s, const struct sstp_rx_src *src,
			  unsigned int len)
{
	struct sstp_rx *rx = &s->rx;
	unsigned int pos = 0, n;

	while (pos < len) {
		if (rx->hdr_have < SSTP_HEADER_LEN) {
			n = min(len - pos, SSTP_HEADER_LEN - rx->hdr_have);
			sstp_rx_copy(src, pos, rx->hdr + rx->hdr_have, n);
			rx->hdr_have += n;
			pos += n;
			if (rx->hdr_have < SSTP_HEADER_LEN)
				break;
			if (sstp_rx_header(s))
				return -EPROTO;
		} else {
			n = min(len - pos, rx->need);
			if (rx->skb)
				sstp_rx_copy(src, pos, skb_put(rx->skb, n), n);
			rx->need -= n;
			pos += n;
		}
		if (!rx->need && sstp_rx_packet(s))
			return -EPROTO;
	}
	return 0;
}

/* The same, then the PPP frames of these bytes to ppp_generic together. */
static int sstp_rx_feed(struct sstp_session *s, const struct sstp_rx_src *src,
			unsigned int len)
{
	int err = __sstp_rx_feed(s, src, len);

	/* The frames before a bad packet were good: they go too. */
	sstp_rx_deliver(s);
	return err;
}

/* The peer's FIN has come: a read of 0 bytes is the end, not an empty record. */
static bool sstp_rx_eof(struct sock *sk)
{
	return (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) || sock_flag(sk, SOCK_DONE);
}

/*
 * recvmsg()/read_sock() said n <= 0: why the session must end, if it must.
 * Return: 0 (an empty TLS record: go on), -EAGAIN, or another negative
 * errno with *reason set.
 */
static int sstp_rx_error(struct sstp_session *s, int n, enum sstp_down_reason *reason)
{
	if (n == -EAGAIN)
		return n;
	if (!n) {
		if (!sstp_rx_eof(s->sock->sk))
			return 0;
		*reason = SSTP_DOWN_REASON_PEER_CLOSED;
		return -EPIPE;
	}
	*reason = SSTP_DOWN_REASON_TRANSPORT_ERROR;
	if (s->transport == SSTP_TRANSPORT_KTLS) {
		switch (n) {
		case -EBADMSG:	/* authentication failed */
		case -EMSGSIZE:	/* record too long */
		case -EINVAL:	/* bad record header (sk_err of the record parser) */
			*reason = SSTP_DOWN_REASON_TLS_ERROR;
			break;
		case -EKEYEXPIRED:	/* after a KeyUpdate, 6.14+ */
			*reason = SSTP_DOWN_REASON_TLS_REKEY;
			break;
		}
	}
	return n;
}

/* A TLS record that is not data ends the session. */
static int sstp_rx_tls_record(struct sstp_session *s, u8 type, enum sstp_down_reason *reason)
{
	atomic64_inc(&s->stats.rx_errors);
	switch (type) {
	case SSTP_TLS_ALERT:
		*reason = SSTP_DOWN_REASON_TLS_ALERT;
		break;
	case SSTP_TLS_HANDSHAKE:
		/* A TLS 1.3 KeyUpdate: kTLS here cannot take the new key. */
		pr_warn_once("sstp: a client sent a TLS handshake record (KeyUpdate); this kernel cannot rekey kTLS, its session ends (tls-rekey)\n");
		*reason = SSTP_DOWN_REASON_TLS_REKEY;
		break;
	default:
		*reason = SSTP_DOWN_REASON_TLS_ERROR;
		break;
	}
	return -EPROTO;
}

static int sstp_rx_recvmsg(struct sstp_session *s, enum sstp_down_reason *reason)
{
	union {
		struct cmsghdr hdr;
		u8 buf[CMSG_SPACE(sizeof(u8))];
	} cmsg;
	struct kvec iov = { .iov_base = s->rx.buf, .iov_len = SSTP_RX_BUF_LEN };
	struct sstp_rx_src src = { .buf = s->rx.buf };
	struct msghdr msg = {};
	u8 type = SSTP_TLS_DATA;
	int n;

	if (s->transport == SSTP_TRANSPORT_KTLS) {
		msg.msg_control = &cmsg;
		msg.msg_controllen = sizeof(cmsg);
	}
	n = kernel_recvmsg(s->sock, &msg, &iov, 1, iov.iov_len, MSG_DONTWAIT);
	if (n <= 0)
		return sstp_rx_error(s, n, reason);
	/* put_cmsg() moved msg_control on if it wrote the record type. */
	if (s->transport == SSTP_TRANSPORT_KTLS && msg.msg_controllen < sizeof(cmsg) &&
	    cmsg.hdr.cmsg_level == SOL_TLS && cmsg.hdr.cmsg_type == TLS_GET_RECORD_TYPE)
		type = *(u8 *)CMSG_DATA(&cmsg.hdr);
	if (type != SSTP_TLS_DATA)
		return sstp_rx_tls_record(s, type, reason);
	if (sstp_rx_feed(s, &src, n)) {
		*reason = s->rx.error;
		return -EPROTO;
	}
	return n;
}

/* read_sock() actor: one decrypted data record at a time. */
static int sstp_rx_actor(read_descriptor_t *desc, struct sk_buff *skb,
			 unsigned int offset, size_t len)
{
	struct sstp_rx_src src = { .skb = skb, .offset = offset };
	struct sstp_session *s = desc->arg.data;

	if (sstp_rx_feed(s, &src, len)) {
		desc->error = -EPROTO;
		desc->count = 0;
		return len;
	}
	desc->written += len;
	/* Stop after this record once the budget is spent. */
	if (desc->written >= SSTP_RX_BUDGET)
		desc->count = 0;
	return len;
}

/*
 * read_sock() put a record back on kTLS's rx_list: one of another type,
 * or an empty one.  Called with the socket locked, by its only reader.
 */
static bool sstp_rx_record_waiting(struct sock *sk)
{
	return !skb_queue_empty(&tls_sw_ctx_rx(tls_get_ctx(sk))->rx_list);
}

/* Called with nothing held; read_sock() wants the socket lock. */
static int sstp_rx_read_sock(struct sstp_session *s, enum sstp_down_reason *reason)
{
	read_descriptor_t desc = { .arg.data = s, .count = 1 };
	struct sock *sk = s->sock->sk;
	bool waiting;
	int n;

	lock_sock(sk);
	n = s->sock->ops->read_sock(sk, &desc, sstp_rx_actor);
	waiting = n <= 0 && sstp_rx_record_waiting(sk);
	release_sock(sk);
	if (desc.error) {
		*reason = s->rx.error;
		return desc.error;
	}
	if (n > 0)
		return n;
	/*
	 * recvmsg() reads what read_sock() left and tells the end of the
	 * stream from an empty record.  -EINVAL with nothing waiting is the
	 * record parser's error (sk_err, returned once): the stream is lost.
	 */
	if (!n || waiting)
		return sstp_rx_recvmsg(s, reason);
	return sstp_rx_error(s, n, reason);
}

/**
 * sstp_rx_work() - read and de-frame what the socket holds
 * @work: the session's rx_work
 *
 * Queued by sk_data_ready and sk_state_change, and once at the start for
 * initial-data.  Ends the session on a bad packet, a TLS record other than
 * data, the end of the stream or an error.
 */
void sstp_rx_work(struct work_struct *work)
{
	struct sstp_session *s = container_of(work, struct sstp_session, rx_work);
	bool read_sock = sstp_compat_tls_read_sock() && s->transport == SSTP_TRANSPORT_KTLS;
	enum sstp_down_reason reason = SSTP_DOWN_REASON_TRANSPORT_ERROR;
	unsigned int done = 0;
	int n;

	if (s->rx.initial) {
		struct sstp_rx_src src = { .buf = s->rx.initial };

		n = sstp_rx_feed(s, &src, s->rx.initial_len);
		kfree(s->rx.initial);
		s->rx.initial = NULL;
		if (n) {
			sstp_session_down(s, s->rx.error);
			return;
		}
	}
	while (!sstp_session_is_down(s)) {
		if (done >= SSTP_RX_BUDGET) {
			queue_work(sstp_wq, &s->rx_work);
			return;
		}
		n = read_sock ? sstp_rx_read_sock(s, &reason) : sstp_rx_recvmsg(s, &reason);
		if (n == -EAGAIN)
			return;
		if (n < 0) {
			sstp_session_down(s, reason);
			return;
		}
		/* An empty record counts too: a stream of them yields as well. */
		done += n ? n : 1;
	}
}

/**
 * sstp_rx_init() - prepare reading for a new session
 * @s: the session
 * @initial: SESSION_NEW's initial-data attribute, or NULL
 *
 * Return: 0 or -ENOMEM.
 */
int sstp_rx_init(struct sstp_session *s, const struct nlattr *initial)
{
	__skb_queue_head_init(&s->rx.deliver);
	s->rx.buf = kmalloc(SSTP_RX_BUF_LEN, GFP_KERNEL);
	if (!s->rx.buf)
		return -ENOMEM;
	s->rx.ctl_window = jiffies;
	if (initial && nla_len(initial)) {
		s->rx.initial = kmemdup(nla_data(initial), nla_len(initial), GFP_KERNEL);
		if (!s->rx.initial)
			return -ENOMEM;
		s->rx.initial_len = nla_len(initial);
	}
	return 0;
}

/**
 * sstp_rx_free() - free the reading state, when the session is freed
 * @s: the session, nobody else using it
 */
void sstp_rx_free(struct sstp_session *s)
{
	kfree_skb(s->rx.skb);
	__skb_queue_purge(&s->rx.deliver);
	kfree(s->rx.initial);
	kfree(s->rx.buf);
}
