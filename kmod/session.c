// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: the table, references, ownership and the one way down.
 *
 * Lifetime.  sstp_session_alloc() returns the table's reference; SESSION_NEW
 * keeps it while building the session and hands it to the table in
 * sstp_session_publish().  Lookups take their own reference under RCU.
 * sstp_session_down() is the only way to end a published session, from any
 * context and any number of times: the first call records the reason and
 * queues the down work with a reference of its own; the work tears the
 * session down in process context, sends SESSION_DOWN_NTF and drops both
 * references.  The memory goes after an RCU grace period, so that lookups
 * and dumps under rcu_read_lock() never see it freed.
 *
 * Sessions come from their own slab cache, so that /proc/slabinfo (with
 * slab_nomerge) shows how many exist, freed or not.
 */

#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "chan.h"
#include "compat.h"
#include "netlink.h"
#include "rx.h"
#include "session.h"
#include "sock.h"
#include "tx.h"

/*
 * Published sessions by id.  Ids count up and wrap (cyclic allocation), so
 * that one is not reused while the module stays loaded.
 */
static DEFINE_XARRAY_ALLOC1(sstp_sessions);
/*
 * Orders publishing against unloading: protects sstp_unloading and
 * sstp_next_id, so that sstp_session_shutdown() never misses a session.
 */
static DEFINE_MUTEX(sstp_publish_lock);
static u32 sstp_next_id;
static bool sstp_unloading;

/* RX, TX and down works of every session. */
struct workqueue_struct *sstp_wq;

static struct kmem_cache *sstp_session_cache;

static const char *const sstp_down_reason_names[] = {
	[SSTP_DOWN_REASON_USERSPACE]		= "userspace",
	[SSTP_DOWN_REASON_OWNER_GONE]		= "owner-gone",
	[SSTP_DOWN_REASON_PEER_CLOSED]		= "peer-closed",
	[SSTP_DOWN_REASON_TRANSPORT_ERROR]	= "transport-error",
	[SSTP_DOWN_REASON_TLS_ERROR]		= "tls-error",
	[SSTP_DOWN_REASON_TLS_ALERT]		= "tls-alert",
	[SSTP_DOWN_REASON_TLS_REKEY]		= "tls-rekey",
	[SSTP_DOWN_REASON_BAD_PACKET]		= "bad-packet",
	[SSTP_DOWN_REASON_UNLOAD]		= "unload",
	[SSTP_DOWN_REASON_CONTROL_FLOOD]	= "control-flood",
};

/**
 * sstp_down_reason_name() - the spec's name of a down reason, for logs
 * @reason: the reason
 *
 * Return: a static string.
 */
const char *sstp_down_reason_name(enum sstp_down_reason reason)
{
	if (reason < ARRAY_SIZE(sstp_down_reason_names) && sstp_down_reason_names[reason])
		return sstp_down_reason_names[reason];
	return "unknown";
}

static void sstp_session_down_work(struct work_struct *work);

/**
 * sstp_session_alloc() - a new, unpublished session
 * @net: the owner's network namespace (a reference is taken)
 * @owner_sk: the owner's netlink socket (a reference is taken)
 * @portid: its port
 *
 * Return: the session holding one reference (the table's, once published),
 * or NULL without memory.
 */
struct sstp_session *sstp_session_alloc(struct net *net, struct sock *owner_sk, u32 portid)
{
	struct sstp_session *s;

	s = kmem_cache_zalloc(sstp_session_cache, GFP_KERNEL);
	if (!s)
		return NULL;
	kref_init(&s->refcount);
	mutex_init(&s->lock);
	s->net = get_net(net);
	sock_hold(owner_sk);
	s->owner_sk = owner_sk;
	s->owner_portid = portid;
	s->chan_index = -1;
	s->last_rx = jiffies;
	INIT_WORK(&s->rx_work, sstp_rx_work);
	INIT_WORK(&s->tx_work, sstp_tx_work);
	INIT_WORK(&s->down_work, sstp_session_down_work);
	skb_queue_head_init(&s->tx_queue);
	__skb_queue_head_init(&s->tx_batch);
	return s;
}

static void sstp_session_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(sstp_session_cache, container_of(rcu, struct sstp_session, rcu));
}

static void sstp_session_release(struct kref *kref)
{
	struct sstp_session *s = container_of(kref, struct sstp_session, refcount);

	sstp_rx_free(s);
	sstp_tx_free(s);
	/* The file reference from sockfd_lookup(). */
	if (s->file)
		fput(s->file);
	sock_put(s->owner_sk);
	put_net(s->net);
	mutex_destroy(&s->lock);
	/* call_rcu(), not kfree_rcu(): rcu_barrier() at unload waits for it. */
	call_rcu(&s->rcu, sstp_session_free_rcu);
}

/**
 * sstp_session_owner_file_get() - pin the owner's socket while sending to it
 * @s: the session
 *
 * netlink_release() frees the owner's port id before NETLINK_URELEASE tells
 * us, and in between another socket may bind the same id.  The release
 * begins only once the file's count is zero, and sock_orphan() clears
 * sk_socket under sk_callback_lock later on: while we hold a reference on
 * the file taken here, the port id is still the owner's.
 *
 * Return: the file, to fput() after sending, or NULL when the owner's
 * release has begun.
 */
struct file *sstp_session_owner_file_get(struct sstp_session *s)
{
	struct sock *sk = s->owner_sk;
	struct file *file = NULL;

	read_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_socket && sk->sk_socket->file &&
	    sstp_compat_file_get_unless_zero(sk->sk_socket->file))
		file = sk->sk_socket->file;
	read_unlock_bh(&sk->sk_callback_lock);
	return file;
}

/**
 * sstp_session_put() - drop a reference; the last one frees the session
 * @s: the session
 */
void sstp_session_put(struct sstp_session *s)
{
	kref_put(&s->refcount, sstp_session_release);
}

/**
 * sstp_session_publish() - give the session an id and make it visible
 * @s: a fully built session; the caller holds s->lock
 * @extack: for the reason of a refusal
 *
 * The table takes over the caller's reference.
 *
 * Return: 0, -ESHUTDOWN while the module unloads, or -EBUSY/-ENOMEM when
 * no id is free.
 */
int sstp_session_publish(struct sstp_session *s, struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&sstp_publish_lock);
	if (sstp_unloading) {
		mutex_unlock(&sstp_publish_lock);
		NL_SET_ERR_MSG(extack, "the sstp module is being unloaded");
		return -ESHUTDOWN;
	}
	err = xa_alloc_cyclic(&sstp_sessions, &s->id, s, xa_limit_32b, &sstp_next_id,
			      GFP_KERNEL);
	mutex_unlock(&sstp_publish_lock);
	if (err < 0) {
		NL_SET_ERR_MSG(extack, "no free session id");
		return err;
	}
	return 0;
}

/**
 * sstp_session_start() - let data flow once SESSION_NEW has answered
 * @s: a published session; the caller holds s->lock
 *
 * Reads initial-data and whatever the socket already holds, and sends what
 * the ppp channel queued meanwhile.
 */
void sstp_session_start(struct sstp_session *s)
{
	set_bit(SSTP_S_RUNNING, &s->flags);
	/* Pairs with the callbacks' test_bit(): they queue work from now on. */
	smp_mb__after_atomic();
	queue_work(sstp_wq, &s->rx_work);
	queue_work(sstp_wq, &s->tx_work);
}

/**
 * sstp_session_get_by_id() - find a session of a netns
 * @net: the caller's netns: sessions of other namespaces are not found
 * @id: the session's id
 *
 * Return: the session with a reference the caller drops with
 * sstp_session_put(), or NULL.
 */
struct sstp_session *sstp_session_get_by_id(struct net *net, u32 id)
{
	struct sstp_session *s;

	rcu_read_lock();
	s = xa_load(&sstp_sessions, id);
	if (s && (!net_eq(s->net, net) || !kref_get_unless_zero(&s->refcount)))
		s = NULL;
	rcu_read_unlock();
	return s;
}

/**
 * sstp_session_next() - walk the sessions of a netns, for dumps
 * @net: the namespace
 * @index: where to start; updated to the id found
 *
 * Call under rcu_read_lock(); the session may be going down but stays
 * readable until rcu_read_unlock().
 *
 * Return: the next session at or after *index, or NULL.
 */
struct sstp_session *sstp_session_next(struct net *net, unsigned long *index)
{
	struct sstp_session *s;

	xa_for_each_start(&sstp_sessions, *index, s, *index) {
		if (net_eq(s->net, net))
			return s;
	}
	return NULL;
}

/**
 * sstp_session_down() - end a session, for a reason
 * @s: a published session
 * @reason: what goes out in SESSION_DOWN_NTF
 *
 * Any context.  Only the first call counts; the teardown runs in the down
 * work.
 */
void sstp_session_down(struct sstp_session *s, enum sstp_down_reason reason)
{
	if (test_and_set_bit(SSTP_S_DOWN, &s->flags))
		return;
	s->down_reason = reason;
	/*
	 * The table's reference is still there (only the down work drops it),
	 * so the count is above zero.  This one is the work's, dropped by it.
	 */
	kref_get(&s->refcount);
	queue_work(sstp_wq, &s->down_work);
}

/**
 * sstp_session_wait_down() - wait until the teardown of a down session is done
 * @s: a session after sstp_session_down(); the caller holds a reference
 */
void sstp_session_wait_down(struct sstp_session *s)
{
	flush_work(&s->down_work);
}

/*
 * Stop RX before the channel goes (ppp_input() must not race with
 * ppp_unregister_channel()), and stop TX before it too, so that no
 * ppp_output_wakeup() runs on a channel being freed.
 */
static void sstp_session_down_work(struct work_struct *work)
{
	struct sstp_session *s = container_of(work, struct sstp_session, down_work);

	/* Wait for SESSION_NEW to have answered and started the session. */
	mutex_lock(&s->lock);
	xa_erase(&sstp_sessions, s->id);
	sstp_tx_close(s);
	sstp_sock_release(s);
	cancel_work_sync(&s->rx_work);
	cancel_work_sync(&s->tx_work);
	sstp_chan_unregister(s);
	/* A broken connection takes nothing more; any other gets the goodbye. */
	if (s->down_reason != SSTP_DOWN_REASON_TRANSPORT_ERROR &&
	    s->down_reason != SSTP_DOWN_REASON_TLS_ERROR)
		sstp_tx_flush(s);
	sstp_sock_shutdown(s);
	mutex_unlock(&s->lock);

	pr_info("sstp: sess %u: down: %s\n", s->id, sstp_down_reason_name(s->down_reason));
	sstp_nl_notify_down(s);
	sstp_session_put(s);	/* the table's */
	sstp_session_put(s);	/* sstp_session_down()'s */
}

/**
 * sstp_session_owner_gone() - end the sessions of a closed netlink socket
 * @net: the socket's netns
 * @portid: its port
 */
void sstp_session_owner_gone(struct net *net, u32 portid)
{
	struct sstp_session *s;
	unsigned long id;

	/*
	 * The port alone may name a later socket; the owner's own release
	 * has orphaned it (SOCK_DEAD) before the notifier runs.
	 */
	rcu_read_lock();
	xa_for_each(&sstp_sessions, id, s) {
		if (s->owner_portid == portid && net_eq(s->net, net) &&
		    sock_flag(s->owner_sk, SOCK_DEAD))
			sstp_session_down(s, SSTP_DOWN_REASON_OWNER_GONE);
	}
	rcu_read_unlock();
}

/**
 * sstp_session_init() - set up what sessions need, at module load
 *
 * Return: 0 or -ENOMEM.
 */
int sstp_session_init(void)
{
	sstp_session_cache = KMEM_CACHE(sstp_session, 0);
	if (!sstp_session_cache)
		goto err_cache;
	sstp_wq = alloc_workqueue("sstp", 0, 0);
	if (!sstp_wq)
		goto err_wq;
	return 0;

err_wq:
	kmem_cache_destroy(sstp_session_cache);
err_cache:
	return -ENOMEM;
}

/**
 * sstp_session_shutdown() - end every session (reason unload), refuse new ones
 *
 * Returns once every session is torn down and notified; the netlink family
 * must still be registered.
 */
void sstp_session_shutdown(void)
{
	struct sstp_session *s;
	unsigned long id;

	mutex_lock(&sstp_publish_lock);
	sstp_unloading = true;
	mutex_unlock(&sstp_publish_lock);

	rcu_read_lock();
	xa_for_each(&sstp_sessions, id, s)
		sstp_session_down(s, SSTP_DOWN_REASON_UNLOAD);
	rcu_read_unlock();
	flush_workqueue(sstp_wq);
	WARN_ON(!xa_empty(&sstp_sessions));
}

/**
 * sstp_session_exit() - free what sstp_session_init() set up
 *
 * After sstp_session_shutdown() and the netlink family's removal.
 */
void sstp_session_exit(void)
{
	destroy_workqueue(sstp_wq);
	/* Socket callbacks that were running our code when restored. */
	synchronize_rcu();
	/* Sessions still waiting for sstp_session_free_rcu(). */
	rcu_barrier();
	kmem_cache_destroy(sstp_session_cache);
}
