// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-mode link: sstp.ko owns the kTLS socket and reads and writes
 * every SSTP packet.  Control packets reach sstpd as CONTROL_NTF and leave
 * by CONTROL_SEND; PPP negotiation runs through /dev/ppp, on the session's
 * ppp channel (LCP, authentication; NCPs until a unit is connected) and on
 * the ppp unit pppN (NCPs after).  IP packets never come up:
 *
 *   client <-kTLS-> sstp.ko <-channel-> ppp_generic <-> pppN <-> routing
 *
 * Data flows once both hold: the call is connected (crypto binding
 * verified, SESSION_SET connected) and the NCP passes (NPMODE_PASS), which
 * it does from just before the packet on which the client may open it.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ppp-ioctl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "daemon/datapath.h"
#include "daemon/link.h"
#include "kernel/genl.h"
#include "kernel/ktls.h"
#include "kernel/netcfg.h"
#include "lib/closer.h"
/* The same numbers as ppp_defs.h, spelt 0x0021: ours win. */
#undef PPP_IP
#undef PPP_IPV6
#include "daemon/server.h"
#include "daemon/session.h"
#include "ppp/ppp.h"

/* A PPP frame as /dev/ppp gives it: 2-byte protocol, then up to an MRU. */
#define FRAME_MAX	(2 + PPP_MRU_MAX)
#define READ_BUDGET	64
#define HANGUP_GRACE_MS	1000

/* The owner socket, for one request; what it brings is handed out later. */
static struct sstp_genl *genl(struct session *sess)
{
	datapath_kick(sess->srv);
	return sess->srv->genl;
}

/* The unit's close unregisters pppN, which sleeps: lib/closer.h. */
static void close_fd(struct session *sess, struct loop_fd *lfd)
{
	if (lfd->fd < 0)
		return;
	loop_fd_remove(sess->srv->loop, lfd);
	closer_close(sess->srv->closer, lfd->fd);
	lfd->fd = -1;
}

static int set_npmode(struct link_kernel *k, int protocol, enum NPmode mode)
{
	struct npioctl np = { .protocol = protocol, .mode = mode };

	return ioctl(k->unit.fd, PPPIOCSNPMODE, &np) ? -errno : 0;
}

/*
 * The channel or the unit hung up: the module unregistered the channel,
 * and its SESSION_DOWN notification, which says why, follows.  Wait for it
 * a moment (the session's phase deadline) rather than guess.
 */
static void hung_up(struct session *sess, struct loop_fd *lfd)
{
	loop_fd_remove(sess->srv->loop, lfd);
	datapath_dispatch(sess->srv);
	if (session_live(sess) && !sess->phase_deadline_ms) {
		sess->phase_deadline_ms = session_now(sess) + HANGUP_GRACE_MS;
		session_update_timer(sess);
	}
}

/* Frames from /dev/ppp (channel or unit fd) into the PPP engine. */
static void read_frames(struct session *sess, struct loop_fd *lfd, uint32_t events)
{
	uint8_t frame[FRAME_MAX];

	for (int budget = READ_BUDGET; budget > 0 && session_live(sess) && lfd->fd >= 0;
	     budget--) {
		ssize_t n = read(lfd->fd, frame, sizeof(frame));

		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			hung_up(sess, lfd);
			return;
		}
		/*
		 * The client's stream is in order, but sstp.ko hands us its
		 * control packets by netlink and its PPP frames here.  Until
		 * the call is connected, take what netlink holds first: a
		 * Call Connected sent before this frame is then verified
		 * before we answer it, and if that answer opens an NCP, data
		 * can flow the moment the client sends it (issue 17).
		 */
		if (!sstp_call_is_connected(&sess->call)) {
			datapath_dispatch(sess->srv);
			if (!session_live(sess) || lfd->fd < 0)
				return;
		}
		/* IP packets come here only before the unit exists: dropped. */
		if (sess->ppp)
			ppp_input(sess->ppp, frame, (size_t)n, (int64_t)session_now(sess), NULL);
	}
	if ((events & (EPOLLHUP | EPOLLERR)) && session_live(sess) && lfd->fd >= 0) {
		hung_up(sess, lfd);
		return;
	}
	session_update_timer(sess);
}

static void on_chan(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, klink.chan);

	if (session_live(sess))
		read_frames(sess, lfd, events);
}

static void on_unit(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, klink.unit);

	if (session_live(sess))
		read_frames(sess, lfd, events);
}

/*
 * The longest frame the module takes from the client: the MRU, but never
 * below the 1500 octets RFC 1661 (6.1) says a peer may always send.
 */
static uint32_t receive_limit(unsigned int mru)
{
	return mru > PPP_MRU_DEFAULT ? mru : PPP_MRU_DEFAULT;
}

int link_kernel_start(struct session *sess, const uint8_t *initial, size_t initial_len,
		      char *why, size_t why_size)
{
	struct link_kernel *k = &sess->klink;
	struct server *srv = sess->srv;
	int err, chan;

	k->chan.fd = -1;
	k->unit.fd = -1;
	k->unit_index = -1;
	/* Until TLS_RX is set OpenSSL can go on: the session stays in user mode. */
	if (ktls_install(sess->ssl, why, why_size))
		return 1;
	k->mru = receive_limit(srv->config->mru);
	err = sstp_genl_session_new(genl(sess), sess->sock.fd, SSTP_TRANSPORT_KTLS,
				    k->mru, initial, initial_len, &k->id, &k->channel);
	if (err) {
		snprintf(why, why_size, "sstp.ko refused the session: %s%s%s", strerror(-err),
			 *sstp_genl_last_error(srv->genl) ? ": " : "",
			 sstp_genl_last_error(srv->genl));
		k->id = 0;
		return err;
	}
	chan = (int)k->channel;
	k->chan.fd = open("/dev/ppp", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (k->chan.fd < 0 || ioctl(k->chan.fd, PPPIOCATTCHAN, &chan)) {
		err = -errno;
		snprintf(why, why_size, "/dev/ppp: attaching channel %u: %s", k->channel,
			 strerror(errno));
		goto err_session;
	}
	k->chan.on_event = on_chan;
	err = loop_fd_add(srv->loop, &k->chan, EPOLLIN);
	if (err) {
		snprintf(why, why_size, "epoll: %s", strerror(-err));
		goto err_session;
	}
	session_log(sess, LOG_LEVEL_DEBUG,
		    "sstp.ko session %u, ppp channel %u, %zu bytes handed over", k->id,
		    k->channel, initial_len);
	return 0;

err_session:
	if (k->chan.fd >= 0)
		close(k->chan.fd);
	k->chan.fd = -1;
	sstp_genl_session_del(genl(sess), k->id);
	k->id = 0;
	return err;
}

void link_kernel_control(struct session *sess, const uint8_t *pkt, size_t len)
{
	if (!session_live(sess) || sess->link != &link_kernel_ops)
		return;
	sstp_call_input(&sess->call, pkt, len, session_now(sess));
	if (session_live(sess))
		session_update_timer(sess);
}

void link_kernel_down(struct session *sess, const char *reason,
		      const struct link_counters *final)
{
	struct link_kernel *k = &sess->klink;

	k->down = true;
	k->final = *final;
	/* After our Disconnect or Abort, the close that follows is no news. */
	if (sess->call.state >= SSTP_CALL_ABORT_PENDING && sess->call.close_reason[0])
		reason = sess->call.close_reason;
	session_close(sess, reason);
}

static void kernel_send_control(struct session *sess, const uint8_t *pkt, size_t len)
{
	struct link_kernel *k = &sess->klink;
	int err;

	if (k->down || !sess->srv->genl)
		return;
	err = sstp_genl_control_send(genl(sess), k->id, pkt, len);
	/* ENOENT: the module ended the session; its notification is on its way. */
	if (err)
		session_log(sess, err == -ENOENT ? LOG_LEVEL_DEBUG : LOG_LEVEL_WARN,
			    "sstp.ko: control packet not sent: %s", strerror(-err));
}

static void kernel_send_frame(struct session *sess, const uint8_t *frame, size_t len)
{
	struct link_kernel *k = &sess->klink;

	if (k->chan.fd >= 0 && write(k->chan.fd, frame, len) != (ssize_t)len)
		session_log(sess, LOG_LEVEL_DEBUG, "ppp channel: frame not sent: %s",
			    strerror(errno));
}

/*
 * Data flows once the call is connected and an NCP passes: say so to the
 * module.  0 also when it is too early; the caller decides what a failure
 * ends.
 */
static int set_connected(struct session *sess)
{
	struct link_kernel *k = &sess->klink;
	int err;

	if (k->set_connected || k->down || !sstp_call_is_connected(&sess->call) ||
	    (!k->ipv4_up && !k->ipv6_up))
		return 0;
	err = sstp_genl_session_set_connected(genl(sess), k->id);
	if (err) {
		session_log(sess, LOG_LEVEL_ERROR, "sstp.ko: SESSION_SET connected: %s",
			    strerror(-err));
		return err;
	}
	k->set_connected = true;
	session_log(sess, LOG_LEVEL_DEBUG, "sstp.ko: data flows on %s", k->ifname);
	return 0;
}

/* pppN: a new unit, the channel connected to it, the link up, no NCP yet. */
static int ensure_unit(struct session *sess)
{
	struct link_kernel *k = &sess->klink;
	const char *step;
	int unit = -1, err;

	if (k->unit.fd >= 0)
		return 0;
	step = "open /dev/ppp";
	k->unit.fd = open("/dev/ppp", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (k->unit.fd < 0)
		goto err_errno;
	step = "PPPIOCNEWUNIT";
	if (ioctl(k->unit.fd, PPPIOCNEWUNIT, &unit))
		goto err_errno;
	k->unit_index = unit;
	/* Both pass by default: nothing until its NCP is up. */
	step = "PPPIOCSNPMODE";
	if (set_npmode(k, PPP_IP, NPMODE_DROP) || set_npmode(k, PPP_IPV6, NPMODE_DROP))
		goto err_errno;
	step = "PPPIOCCONNECT";
	if (ioctl(k->chan.fd, PPPIOCCONNECT, &unit))
		goto err_errno;
	snprintf(k->ifname, sizeof(k->ifname), "ppp%d", unit);
	k->ifindex = (int)if_nametoindex(k->ifname);
	step = "if_nametoindex";
	if (!k->ifindex)
		goto err_errno;
	err = netcfg_link_up(sess->srv->netcfg, k->ifindex, session_tunnel_mtu(sess));
	if (err) {
		step = "link up";
		goto err;
	}
	k->unit.on_event = on_unit;
	err = loop_fd_add(sess->srv->loop, &k->unit, EPOLLIN);
	if (err) {
		step = "epoll";
		goto err;
	}
	return 0;

err_errno:
	err = -errno;
err:
	session_log(sess, LOG_LEVEL_ERROR, "cannot set up ppp unit%s%s: %s: %s",
		    k->ifname[0] ? " " : "", k->ifname, step, strerror(-err));
	if (k->unit.fd >= 0)
		close(k->unit.fd);
	k->unit.fd = -1;
	k->ifname[0] = '\0';
	return err;
}

/*
 * Often called from inside the PPP engine, just before our Ack (or
 * Configure-Request) that lets the client open the NCP: the client may
 * send at once, and its packets reach ppp_generic without passing us, so
 * the unit must pass them by then (ppp_generic drops a protocol whose
 * NPMODE is not PASS, and counts nothing) and sstp.ko must let data through.
 */
/* LCP has agreed on our MRU by the time an NCP runs: the module follows it. */
static int update_mru(struct session *sess)
{
	struct link_kernel *k = &sess->klink;
	uint32_t mru = receive_limit(ppp_lcp_info(sess->ppp).local_mru);
	int err;

	if (mru == k->mru)
		return 0;
	err = sstp_genl_session_set_mru(genl(sess), k->id, mru);
	if (err) {
		session_log(sess, LOG_LEVEL_ERROR, "sstp.ko: SESSION_SET mru %u: %s", mru,
			    strerror(-err));
		return err;
	}
	k->mru = mru;
	return 0;
}

static int kernel_network_up(struct session *sess, bool ipv6, const struct ppp_event_info *info)
{
	struct link_kernel *k = &sess->klink;
	int err = ensure_unit(sess);

	if (!err)
		err = update_mru(sess);
	if (err)
		return err;
	if (ipv6) {
		err = netcfg_addr6_replace(sess->srv->netcfg, k->ifindex, &k->addr6,
					   info->local_ifid);
		if (!err && !k->ipv6_up)
			err = set_npmode(k, PPP_IPV6, NPMODE_PASS);
		if (err) {
			session_log(sess, LOG_LEVEL_WARN, "cannot configure IPv6 on %s: %s",
				    k->ifname, strerror(-err));
			return err;
		}
		k->ipv6_up = true;
	} else {
		err = netcfg_addr4_replace(sess->srv->netcfg, k->ifindex, &k->addr4,
					   info->local_ipv4, info->peer_ipv4);
		if (!err && !k->ipv4_up)
			err = set_npmode(k, PPP_IP, NPMODE_PASS);
		if (err) {
			char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &info->local_ipv4, local, sizeof(local));
			inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
			session_log(sess, LOG_LEVEL_ERROR, "cannot configure %s peer %s on %s: %s",
				    local, peer, k->ifname, strerror(-err));
			return err;
		}
		k->ipv4_up = true;
	}
	return set_connected(sess);
}

static void kernel_network_down(struct session *sess, bool ipv6)
{
	struct link_kernel *k = &sess->klink;

	if (k->unit.fd >= 0 && (ipv6 ? k->ipv6_up : k->ipv4_up))
		set_npmode(k, ipv6 ? PPP_IPV6 : PPP_IP, NPMODE_DROP);
	if (ipv6) {
		k->ipv6_up = false;
		netcfg_addr6_clear(sess->srv->netcfg, k->ifindex, &k->addr6);
	} else {
		k->ipv4_up = false;
		netcfg_addr4_clear(sess->srv->netcfg, k->ifindex, &k->addr4);
	}
}

static void kernel_call_connected(struct session *sess)
{
	if (set_connected(sess))
		session_close(sess, "sstp.ko refused to connect the session");
}

/*
 * Data no longer passes through sstpd: the module says how long the client
 * has been silent, and news younger than what the call knows counts.
 */
static void kernel_poll_activity(struct session *sess)
{
	struct sstp_session_info info;
	uint64_t now = session_now(sess), last;

	if (sess->klink.down || sstp_genl_session_get(genl(sess), sess->klink.id, &info))
		return;
	last = now > info.idle_ms ? now - info.idle_ms : 0;
	session_log(sess, LOG_LEVEL_DEBUG, "sstp.ko: client last heard %u ms ago", info.idle_ms);
	if (last + SSTP_HELLO_TIMEOUT_MS > sess->call.hello_deadline_ms)
		sstp_call_activity(&sess->call, last);
}

static const char *kernel_ifname(const struct session *sess)
{
	return sess->klink.ifname;
}

static void kernel_counters(struct session *sess, struct link_counters *out)
{
	struct link_kernel *k = &sess->klink;
	struct sstp_session_info info;

	if (!k->down && k->id && !sstp_genl_session_get(genl(sess), k->id, &info)) {
		k->final = (struct link_counters){
			.rx_bytes = info.rx_bytes, .rx_packets = info.rx_packets,
			.tx_bytes = info.tx_bytes, .tx_packets = info.tx_packets,
			.rx_dropped = info.rx_dropped, .tx_dropped = info.tx_dropped,
		};
	}
	*out = k->final;
}

/* The module's session first (no more data), then the unit and channel. */
static void kernel_close(struct session *sess)
{
	struct link_kernel *k = &sess->klink;
	int err;

	if (k->id && !k->down && sess->srv->genl) {
		err = sstp_genl_session_del(genl(sess), k->id);
		if (err && err != -ENOENT)
			session_log(sess, LOG_LEVEL_WARN, "sstp.ko: SESSION_DEL: %s",
				    strerror(-err));
	}
	k->down = true;
	close_fd(sess, &k->unit);
	close_fd(sess, &k->chan);
}

const struct link_ops link_kernel_ops = {
	.name = "kernel",
	.send_control = kernel_send_control,
	.send_frame = kernel_send_frame,
	.network_up = kernel_network_up,
	.network_down = kernel_network_down,
	.call_connected = kernel_call_connected,
	.poll_activity = kernel_poll_activity,
	.ifname = kernel_ifname,
	.counters = kernel_counters,
	.close = kernel_close,
};
