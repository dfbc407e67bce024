/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One SSTP session: a TCP socket (kTLS or plain) taken over from sstpd and
 * the ppp channel its data packets flow through.
 */
#ifndef SSTP_SESSION_H
#define SSTP_SESSION_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/net.h>
#include <linux/ppp_channel.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "sstp_genl.h"
#include "sstp_wire.h"

/* PPP framing inside an SSTP data packet: FF 03, then the protocol. */
#define SSTP_PPP_AC_LEN		2
#define SSTP_PPP_PROTO_LEN	2

/* TLS record content types (RFC 8446 5.1). */
#define SSTP_TLS_ALERT		21
#define SSTP_TLS_HANDSHAKE	22
#define SSTP_TLS_DATA		23

/* Bits of sstp_session.flags. */
enum sstp_session_flag {
	SSTP_S_RUNNING,		/* published and answered: RX/TX work may run */
	SSTP_S_CONNECTED,	/* SESSION_SET state=connected: data may flow */
	SSTP_S_DOWN,		/* sstp_session_down() was called: going away */
};

/*
 * Counters; atomic because start_xmit, the works and netlink all touch them.
 * A packet counts once: delivered (packets, bytes), dropped or an error.
 */
struct sstp_stats {
	atomic64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	atomic64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
};

/*
 * The de-framer's state between reads: where in the current SSTP packet the
 * byte stream stands.  Only the RX work touches it (and sstp_rx_init()
 * before the work can run).
 */
struct sstp_rx {
	u8 hdr[SSTP_HEADER_LEN];	/* header of the packet being read */
	unsigned int hdr_have;		/* bytes of hdr received so far */
	unsigned int need;		/* payload bytes still to come */
	struct sk_buff *skb;		/* payload so far; NULL when dropping it */
	/* PPP frames de-framed from one read, for ppp_input() together. */
	struct sk_buff_head deliver;
	u8 *initial;			/* SESSION_NEW initial-data, read first */
	unsigned int initial_len;
	u8 *buf;			/* recvmsg() destination */
	/* Control packets in the window starting at ctl_window (jiffies). */
	unsigned long ctl_window;
	unsigned int ctl_count;
	/* Why the de-framer stopped, when it returns an error. */
	enum sstp_down_reason error;
};

struct sstp_session {
	u32 id;				/* index in the session table */
	struct kref refcount;		/* the table holds one, see session.c */
	struct rcu_head rcu;
	unsigned long flags;		/* enum sstp_session_flag bits */
	enum sstp_down_reason down_reason; /* set once, with SSTP_S_DOWN */

	/*
	 * Serialises the start of the session (SESSION_NEW after publishing
	 * it) against its teardown, so that the teardown never runs on a
	 * half-started session.
	 */
	struct mutex lock;

	struct net *net;		/* owner's netns; ref dropped at free */
	/*
	 * The netlink socket that created us: its port for unicasts, and the
	 * socket itself (a reference, dropped at free) to tell whether that
	 * port is still its own, see sstp_session_owner_file_get().
	 */
	u32 owner_portid;
	struct sock *owner_sk;

	enum sstp_transport transport;
	u32 mru;			/* SESSION_NEW/SET write, RX reads: *_ONCE */
	struct socket *sock;
	/* From sockfd_lookup(): keeps sock alive; fput() at free. */
	struct file *file;
	/* The socket's callbacks before ours; restored by sstp_sock_release(). */
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);

	struct ppp_channel chan;
	bool chan_registered;
	int chan_index;
	u32 ppp_flags;			/* SC_COMP_AC, SC_COMP_PROT (PPPIOCSFLAGS) */

	struct work_struct rx_work;
	/* On the socket's wait queue: queues rx_work when data is readable. */
	struct wait_queue_entry rx_wait;
	struct sstp_rx rx;
	unsigned long last_rx;		/* jiffies of the last packet received */

	struct work_struct tx_work;
	/*
	 * SSTP packets ready to send.  Its lock also protects tx_closed and
	 * tx_stopped; start_xmit takes it in atomic context.
	 */
	struct sk_buff_head tx_queue;
	bool tx_closed;			/* teardown began: take nothing more */
	bool tx_stopped;		/* start_xmit refused a frame: wake ppp */
	/* TX work only: packets off the queue, sent in one sendmsg() each time. */
	struct sk_buff_head tx_batch;
	unsigned int tx_off;		/* TX work only: bytes of the first one sent */

	struct work_struct down_work;
	struct sstp_stats stats;
};

extern struct workqueue_struct *sstp_wq;

int sstp_session_init(void);
void sstp_session_shutdown(void);
void sstp_session_exit(void);

struct sstp_session *sstp_session_alloc(struct net *net, struct sock *owner_sk, u32 portid);
int sstp_session_publish(struct sstp_session *s, struct netlink_ext_ack *extack);
void sstp_session_start(struct sstp_session *s);
struct sstp_session *sstp_session_get_by_id(struct net *net, u32 id);
struct sstp_session *sstp_session_next(struct net *net, unsigned long *index);
void sstp_session_put(struct sstp_session *s);
void sstp_session_down(struct sstp_session *s, enum sstp_down_reason reason);
void sstp_session_wait_down(struct sstp_session *s);
void sstp_session_owner_gone(struct net *net, u32 portid);
struct file *sstp_session_owner_file_get(struct sstp_session *s);
const char *sstp_down_reason_name(enum sstp_down_reason reason);

static inline bool sstp_session_connected(const struct sstp_session *s)
{
	return test_bit(SSTP_S_CONNECTED, &s->flags);
}

static inline bool sstp_session_is_down(const struct sstp_session *s)
{
	return test_bit(SSTP_S_DOWN, &s->flags);
}

#endif /* SSTP_SESSION_H */
