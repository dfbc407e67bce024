// SPDX-License-Identifier: GPL-2.0
/*
 * Taking the socket over from sstpd.  kTLS owns sk_prot and the proto_ops
 * (and rewrites them on every TLS setsockopt), so the module only hooks the
 * callbacks, chaining to the ones it replaced, waits on the socket's wait
 * queue for data, and keeps the file reference (the nbd model).
 * sk_user_data points to the session while it is hooked; sk_callback_lock
 * orders the hooks against their removal.
 */

#include <linux/file.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <net/inet_connection_sock.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tls.h>

#include "compat.h"
#include "session.h"
#include "sock.h"

/*
 * Receive wake-ups come from the socket's wait queue, not sk_data_ready:
 * kTLS's sk_data_ready runs for every TCP segment, while it wakes the wait
 * queue (through the sock_def_readable() it saved) only once a whole record
 * is readable, also when its parser completes a record later in its own
 * work.  On a plain TCP socket every segment wakes it.  Called with the
 * wait queue's lock held, in softirq too; sstp_sock_release() removes the
 * entry under that lock, so no wake-up is still running after it.
 */
static int sstp_sock_wake(struct wait_queue_entry *wait, unsigned int mode, int sync,
			  void *key)
{
	struct sstp_session *s = container_of(wait, struct sstp_session, rx_wait);
	__poll_t events = key_to_poll(key);

	/* No key: a state change (sock_def_wakeup); EPOLLOUT alone is for TX. */
	if (events && !(events & (EPOLLIN | EPOLLRDNORM | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
		return 0;
	if (test_bit(SSTP_S_RUNNING, &s->flags))
		queue_work(sstp_wq, &s->rx_work);
	return 0;
}

/*
 * Each hook runs under read_lock_bh(sk_callback_lock), so that once
 * sstp_sock_release() has taken the write lock, no hook is still queueing
 * work for the session.  A hook that finds no session (it raced with the
 * release) calls whatever the socket has now, the callback we restored.
 * sk_user_data is written under the same lock, so a plain read suffices.
 */
static void sstp_sock_write_space(struct sock *sk)
{
	struct sstp_session *s;

	read_lock_bh(&sk->sk_callback_lock);
	s = sk->sk_user_data;
	if (s) {
		/* tls_write_space() pushes kTLS's own pending records. */
		s->saved_write_space(sk);
		if (test_bit(SSTP_S_RUNNING, &s->flags))
			queue_work(sstp_wq, &s->tx_work);
	} else if (sk->sk_write_space != sstp_sock_write_space) {
		sk->sk_write_space(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* FIN or reset: the RX work reads what is left, then sees the end. */
static void sstp_sock_state_change(struct sock *sk)
{
	struct sstp_session *s;

	read_lock_bh(&sk->sk_callback_lock);
	s = sk->sk_user_data;
	if (s) {
		s->saved_state_change(sk);
		if (test_bit(SSTP_S_RUNNING, &s->flags))
			queue_work(sstp_wq, &s->rx_work);
	} else if (sk->sk_state_change != sstp_sock_state_change) {
		sk->sk_state_change(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* Called with the socket locked. */
static int sstp_sock_check(struct sstp_session *s, struct sock *sk,
			   const struct nlattr *fd_attr, struct netlink_ext_ack *extack)
{
	const struct inet_connection_sock *icsk;

	if ((sk->sk_family != AF_INET && sk->sk_family != AF_INET6) ||
	    sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP) {
		NL_SET_ERR_MSG_ATTR(extack, fd_attr, "fd is not a TCP socket");
		return -EPROTONOSUPPORT;
	}
	if (sk->sk_state != TCP_ESTABLISHED) {
		NL_SET_ERR_MSG_ATTR(extack, fd_attr, "TCP socket is not in state ESTABLISHED");
		return -ENOTCONN;
	}
	if (!net_eq(sock_net(sk), s->net)) {
		NL_SET_ERR_MSG_ATTR(extack, fd_attr,
				    "socket is in another network namespace than the request");
		return -EINVAL;
	}
	icsk = inet_csk(sk);
	if (s->transport == SSTP_TRANSPORT_KTLS) {
		if (!icsk->icsk_ulp_ops || strcmp(icsk->icsk_ulp_ops->name, "tls")) {
			NL_SET_ERR_MSG_ATTR(extack, fd_attr,
					    "transport ktls needs the TCP ULP \"tls\" on the socket");
			return -EINVAL;
		}
		if (!tls_sw_has_ctx_tx(sk) || !tls_sw_has_ctx_rx(sk)) {
			NL_SET_ERR_MSG_ATTR(extack, fd_attr,
					    "transport ktls needs both TLS_TX and TLS_RX set on the socket");
			return -EINVAL;
		}
	} else if (icsk->icsk_ulp_ops) {
		NL_SET_ERR_MSG_ATTR(extack, fd_attr,
				    "transport plain needs a TCP socket without ULP");
		return -EINVAL;
	}
	return 0;
}

/**
 * sstp_sock_take() - check the socket behind fd and hook its callbacks
 * @s: the session being built; s->transport says what to expect
 * @fd: a descriptor of the caller
 * @fd_attr: the attribute it came in, for extack
 * @extack: for the reason of a refusal
 *
 * The hooks queue no work until the session runs.  s->file keeps the
 * socket; sstp_session_put() drops it with the session, also on failure.
 *
 * Return: 0 or a negative errno with an extack message.
 */
int sstp_sock_take(struct sstp_session *s, int fd, const struct nlattr *fd_attr,
		   struct netlink_ext_ack *extack)
{
	struct socket *sock;
	struct sock *sk;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG_ATTR(extack, fd_attr, "fd is not an open socket");
		return err;
	}
	s->sock = sock;
	s->file = sock->file;
	sk = sock->sk;

	lock_sock(sk);
	err = sstp_sock_check(s, sk, fd_attr, extack);
	if (err)
		goto out;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data) {
		write_unlock_bh(&sk->sk_callback_lock);
		NL_SET_ERR_MSG_ATTR(extack, fd_attr,
				    "socket is already in use by the kernel (sk_user_data set)");
		err = -EBUSY;
		goto out;
	}
	s->saved_write_space = sk->sk_write_space;
	s->saved_state_change = sk->sk_state_change;
	rcu_assign_sk_user_data(sk, s);
	sk->sk_write_space = sstp_sock_write_space;
	sk->sk_state_change = sstp_sock_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
	init_waitqueue_func_entry(&s->rx_wait, sstp_sock_wake);
	add_wait_queue(sk_sleep(sk), &s->rx_wait);
	/* We send from a work item, not from the task that gave us the socket. */
	sstp_compat_sk_no_task_frag(sk);
out:
	release_sock(sk);
	return err;
}

/**
 * sstp_sock_release() - put the socket's own callbacks back
 * @s: a session whose socket sstp_sock_take() hooked
 *
 * No hook queues work for the session once this returns.
 */
void sstp_sock_release(struct sstp_session *s)
{
	struct sock *sk = s->sock->sk;

	remove_wait_queue(sk_sleep(sk), &s->rx_wait);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_write_space = s->saved_write_space;
	sk->sk_state_change = s->saved_state_change;
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
}

/**
 * sstp_sock_shutdown() - end the TCP connection of a torn-down session
 * @s: the session, its callbacks released
 *
 * The client sees a FIN; the socket itself goes with the file reference.
 */
void sstp_sock_shutdown(struct sstp_session *s)
{
	kernel_sock_shutdown(s->sock, SHUT_RDWR);
}
