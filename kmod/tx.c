// SPDX-License-Identifier: GPL-2.0
/*
 * Sending: PPP frames from the channel and control packets from sstpd, in
 * one queue, framed as SSTP packets and written to the socket by a work
 * item.
 *
 * start_xmit runs under ppp_generic's channel lock with BH off, and kTLS
 * sendmsg sleeps, so start_xmit only frames and queues.  When the queue is
 * full it refuses the frame (ppp_generic keeps it and stops the unit's
 * queue) and the work calls ppp_output_wakeup() once it has drained half.
 * The work sends with MSG_DONTWAIT, keeping the offset of a half-sent
 * packet, and waits for sk_write_space on -EAGAIN.  Packets queued together
 * go out with MSG_MORE but the last, so that kTLS packs them into records of
 * up to 16 KiB and closes the record with the batch.
 *
 * The work is queued under the queue lock, after checking tx_closed: once
 * sstp_tx_close() has returned, nothing queues it again, and the teardown's
 * cancel_work_sync() is final.
 */

#include <linux/ppp_defs.h>
#include <linux/ppp-ioctl.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/tls.h>

#include "session.h"
#include "tx.h"

/* Frames from ppp_generic queued before start_xmit refuses more. */
#define SSTP_TX_QUEUE_LEN	128
/* Room beyond that for CONTROL_SEND, which cannot be refused quietly. */
#define SSTP_TX_CONTROL_ROOM	32
/* Packets the work sends before yielding to other sessions. */
#define SSTP_TX_BUDGET		64
/* At most this much in one sendmsg(): a TLS record's worth. */
#define SSTP_TX_BATCH_BYTES	(16 * 1024)
#define SSTP_TX_BATCH_PACKETS	32

/*
 * PPP frame (protocol first) -> SSTP data packet, honouring the flags set
 * with PPPIOCSFLAGS.  LCP Configure to Code-Reject (codes 1 to 7) always
 * carry FF 03 (RFC 1661 6.6).  Called with the queue lock held.
 */
static int sstp_tx_encap(struct sstp_session *s, struct sk_buff *skb, u16 proto)
{
	u32 flags = READ_ONCE(s->ppp_flags);
	unsigned int hdrlen = SSTP_HEADER_LEN;
	bool lcp_conf;

	lcp_conf = proto == PPP_LCP && skb->len > SSTP_PPP_PROTO_LEN &&
		   skb->data[2] >= 1 && skb->data[2] <= 7;
	if ((flags & SC_COMP_PROT) && proto < 0x100)
		skb_pull(skb, 1);
	if (!(flags & SC_COMP_AC) || lcp_conf)
		hdrlen += SSTP_PPP_AC_LEN;
	if (skb->len + hdrlen > SSTP_MAX_PACKET_LEN)
		return -EMSGSIZE;
	if (skb_cow_head(skb, hdrlen))
		return -ENOMEM;
	if (hdrlen > SSTP_HEADER_LEN) {
		u8 *ac = skb_push(skb, SSTP_PPP_AC_LEN);

		ac[0] = PPP_ALLSTATIONS;
		ac[1] = PPP_UI;
	}
	sstp_hdr_write(skb_push(skb, SSTP_HEADER_LEN), 0, skb->len + SSTP_HEADER_LEN);
	return 0;
}

/**
 * sstp_tx_frame() - take a PPP frame from ppp_generic (start_xmit)
 * @s: the channel's session
 * @skb: the frame, beginning with its 2-byte protocol
 *
 * Atomic context.  Data (protocols below 0x8000) is dropped until the
 * session is connected.
 *
 * Return: 1 when the frame was taken (sent later or dropped), 0 when the
 * queue is full: ppp_generic keeps the frame until ppp_output_wakeup().
 */
int sstp_tx_frame(struct sstp_session *s, struct sk_buff *skb)
{
	u16 proto;
	int err;

	/* The LCP code byte too, when there is one. */
	if (skb->len < SSTP_PPP_PROTO_LEN ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len, SSTP_PPP_PROTO_LEN + 1)))
		goto err_frame;
	proto = skb->data[0] << 8 | skb->data[1];
	if (proto < 0x8000 && !sstp_session_connected(s))
		goto drop;

	spin_lock_bh(&s->tx_queue.lock);
	if (s->tx_closed) {
		spin_unlock_bh(&s->tx_queue.lock);
		goto drop;
	}
	if (skb_queue_len(&s->tx_queue) >= SSTP_TX_QUEUE_LEN) {
		s->tx_stopped = true;
		spin_unlock_bh(&s->tx_queue.lock);
		return 0;
	}
	/* Linear now, so that the work sends every packet it dequeues. */
	err = skb_linearize(skb);
	if (!err)
		err = sstp_tx_encap(s, skb, proto);
	if (err) {
		spin_unlock_bh(&s->tx_queue.lock);
		goto err_frame;
	}
	__skb_queue_tail(&s->tx_queue, skb);
	if (test_bit(SSTP_S_RUNNING, &s->flags))
		queue_work(sstp_wq, &s->tx_work);
	spin_unlock_bh(&s->tx_queue.lock);
	return 1;

err_frame:
	atomic64_inc(&s->stats.tx_errors);
	kfree_skb(skb);
	return 1;
drop:
	atomic64_inc(&s->stats.tx_dropped);
	kfree_skb(skb);
	return 1;
}

/**
 * sstp_tx_control() - queue a whole SSTP control packet from sstpd
 * @s: the session
 * @pkt: the packet, header included (checked by the caller)
 * @len: its length
 * @extack: for the reason of a refusal
 *
 * It goes out after the frames queued before it.
 *
 * Return: 0, -ENOMEM, -ENOTCONN once the session is going down, or
 * -ENOBUFS when the client has not been reading for a while.
 */
int sstp_tx_control(struct sstp_session *s, const void *pkt, unsigned int len,
		    struct netlink_ext_ack *extack)
{
	struct sk_buff *skb;
	int err = 0;

	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, pkt, len);

	spin_lock_bh(&s->tx_queue.lock);
	if (s->tx_closed) {
		NL_SET_ERR_MSG(extack, "session is going down");
		err = -ENOTCONN;
	} else if (skb_queue_len(&s->tx_queue) >= SSTP_TX_QUEUE_LEN + SSTP_TX_CONTROL_ROOM) {
		NL_SET_ERR_MSG(extack, "send queue of the session is full");
		err = -ENOBUFS;
	} else {
		__skb_queue_tail(&s->tx_queue, skb);
		if (test_bit(SSTP_S_RUNNING, &s->flags))
			queue_work(sstp_wq, &s->tx_work);
	}
	spin_unlock_bh(&s->tx_queue.lock);
	if (err)
		kfree_skb(skb);
	return err;
}

/*
 * Move packets from the queue to s->tx_batch, up to a batch's worth and
 * *budget packets.  Return: true when the ppp unit, stopped on a full
 * queue, may send again (the caller calls ppp_output_wakeup()).
 */
static bool sstp_tx_take(struct sstp_session *s, unsigned int *budget)
{
	unsigned int packets = skb_queue_len(&s->tx_batch), bytes = 0;
	struct sk_buff *skb;
	bool wake;

	skb_queue_walk(&s->tx_batch, skb)
		bytes += skb->len;
	bytes -= s->tx_off;
	spin_lock_bh(&s->tx_queue.lock);
	while (*budget && packets < SSTP_TX_BATCH_PACKETS && bytes < SSTP_TX_BATCH_BYTES) {
		skb = __skb_dequeue(&s->tx_queue);
		if (!skb)
			break;
		__skb_queue_tail(&s->tx_batch, skb);
		bytes += skb->len;
		packets++;
		(*budget)--;
	}
	wake = s->tx_stopped && skb_queue_len(&s->tx_queue) < SSTP_TX_QUEUE_LEN / 2;
	if (wake)
		s->tx_stopped = false;
	spin_unlock_bh(&s->tx_queue.lock);
	return wake;
}

/*
 * Send s->tx_batch (the first packet from s->tx_off) in one message, and
 * free what went.  Return: 0 (maybe only part of it went), -EAGAIN when
 * the socket took nothing, or another negative errno.
 */
static int sstp_tx_send(struct sstp_session *s, bool more)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov[SSTP_TX_BATCH_PACKETS];
	unsigned int n = 0, off = s->tx_off;
	struct sk_buff *skb, *tmp;
	size_t len = 0;
	int ret;

	skb_queue_walk(&s->tx_batch, skb) {
		if (n == ARRAY_SIZE(iov))
			break;
		iov[n].iov_base = skb->data + off;
		iov[n].iov_len = skb->len - off;
		len += iov[n++].iov_len;
		off = 0;
	}
	if (more || n < skb_queue_len(&s->tx_batch))
		msg.msg_flags |= MSG_MORE;
	ret = kernel_sendmsg(s->sock, &msg, iov, n, len);
	if (ret <= 0)
		return ret ? ret : -EAGAIN;

	off = s->tx_off + ret;
	skb_queue_walk_safe(&s->tx_batch, skb, tmp) {
		if (off < skb->len)
			break;
		off -= skb->len;
		__skb_unlink(skb, &s->tx_batch);
		atomic64_inc(&s->stats.tx_packets);
		atomic64_add(skb->len - SSTP_HEADER_LEN, &s->stats.tx_bytes);
		consume_skb(skb);
	}
	s->tx_off = off;
	return 0;
}

/**
 * sstp_tx_work() - send what is queued, until the socket is full
 * @work: the session's tx_work
 *
 * Queued by start_xmit, CONTROL_SEND and sk_write_space.
 */
void sstp_tx_work(struct work_struct *work)
{
	struct sstp_session *s = container_of(work, struct sstp_session, tx_work);
	unsigned int budget = SSTP_TX_BUDGET;
	int err;

	while (!sstp_session_is_down(s)) {
		if (skb_queue_empty(&s->tx_batch) && !budget) {
			queue_work(sstp_wq, &s->tx_work);
			return;
		}
		/* Not under our lock: it calls start_xmit right away. */
		if (sstp_tx_take(s, &budget))
			ppp_output_wakeup(&s->chan);
		if (skb_queue_empty(&s->tx_batch))
			return;
		err = sstp_tx_send(s, !skb_queue_empty_lockless(&s->tx_queue));
		if (err == -EAGAIN)
			return;
		if (err) {
			atomic64_inc(&s->stats.tx_errors);
			sstp_session_down(s, SSTP_DOWN_REASON_TRANSPORT_ERROR);
			return;
		}
	}
}

/**
 * sstp_tx_close() - refuse anything more to send, at teardown
 * @s: the session
 */
void sstp_tx_close(struct sstp_session *s)
{
	spin_lock_bh(&s->tx_queue.lock);
	s->tx_closed = true;
	spin_unlock_bh(&s->tx_queue.lock);
}

/* A TLS close_notify alert (RFC 8446 6.1), sent as kTLS sends any record type. */
static int sstp_tx_close_notify(struct sstp_session *s)
{
	static const u8 alert[2] = { 1 /* warning */, 0 /* close_notify */ };
	union {
		struct cmsghdr hdr;
		u8 buf[CMSG_SPACE(sizeof(u8))];
	} cmsg = {};
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = (void *)alert, .iov_len = sizeof(alert) };

	cmsg.hdr.cmsg_len = CMSG_LEN(sizeof(u8));
	cmsg.hdr.cmsg_level = SOL_TLS;
	cmsg.hdr.cmsg_type = TLS_SET_RECORD_TYPE;
	*(u8 *)CMSG_DATA(&cmsg.hdr) = SSTP_TLS_ALERT;
	msg.msg_control = &cmsg;
	msg.msg_controllen = cmsg.hdr.cmsg_len;
	return kernel_sendmsg(s->sock, &msg, &iov, 1, iov.iov_len);
}

/**
 * sstp_tx_flush() - send what is still queued, then close TLS, at teardown
 * @s: the session: closed (sstp_tx_close()), its works cancelled
 *
 * A Call Disconnect that sstpd queued right before SESSION_DEL must reach
 * the client, and TLS ends with close_notify.  Only what the socket takes
 * without waiting goes: a client that does not read cannot hold the
 * teardown (nor sstpd, waiting in SESSION_DEL).  The rest is dropped and
 * counted; no close_notify follows a packet cut short.
 */
void sstp_tx_flush(struct sstp_session *s)
{
	unsigned int budget = UINT_MAX;
	int err = 0;

	while (!err) {
		sstp_tx_take(s, &budget);
		if (skb_queue_empty(&s->tx_batch))
			break;
		err = sstp_tx_send(s, !skb_queue_empty(&s->tx_queue));
		/* Only part went: the socket is full. */
		if (!err && !skb_queue_empty(&s->tx_batch))
			err = -EAGAIN;
	}
	if (err) {
		atomic64_add(skb_queue_len(&s->tx_queue) + skb_queue_len(&s->tx_batch),
			     &s->stats.tx_dropped);
		return;
	}
	if (s->transport == SSTP_TRANSPORT_KTLS)
		sstp_tx_close_notify(s);
}

/**
 * sstp_tx_free() - drop what was never sent, when the session is freed
 * @s: the session, nobody else using it
 */
void sstp_tx_free(struct sstp_session *s)
{
	__skb_queue_purge(&s->tx_queue);
	__skb_queue_purge(&s->tx_batch);
}
