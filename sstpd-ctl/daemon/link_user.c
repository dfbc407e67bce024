// SPDX-License-Identifier: GPL-2.0
/*
 * The user-mode link: OpenSSL carries the SSTP stream, sstpd de-frames it,
 * hands control packets to the call and PPP frames to the engine, and moves
 * IP packets between the stream and a TUN interface "sstpN".
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "daemon/link.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "kernel/netcfg.h"
#include "lib/closer.h"
#include "ppp/ppp.h"
#include "proto/wire.h"

static void set_paused(struct session *sess, bool paused)
{
	struct link_user *u = &sess->ulink;

	if (u->tun.fd < 0 || u->paused == paused)
		return;
	u->paused = paused;
	loop_fd_modify(sess->srv->loop, &u->tun_fd, paused ? 0 : EPOLLIN);
}

void link_user_writable(struct session *sess)
{
	if (sess->link == &link_user_ops)
		set_paused(sess, false);
}

/* A PPP frame (starting with its protocol) as an SSTP data packet. */
static bool send_ppp_frame(struct session *sess, const uint8_t *frame, size_t len,
			   bool droppable)
{
	uint8_t head[SSTP_HEADER_LEN + 2];

	if (len + sizeof(head) > SSTP_MAX_PACKET_LEN)
		return false;
	/* FF 03 always: a peer must take it even after ACFC (RFC 1661 6.6). */
	sstp_hdr_write(head, 0, (uint16_t)(len + sizeof(head)));
	head[4] = 0xff;
	head[5] = 0x03;
	return session_queue(sess, head, sizeof(head), frame, len, droppable);
}

static void user_send_control(struct session *sess, const uint8_t *pkt, size_t len)
{
	if (session_queue(sess, pkt, len, NULL, 0, false))
		session_flush(sess);
}

static void user_send_frame(struct session *sess, const uint8_t *frame, size_t len)
{
	if (send_ppp_frame(sess, frame, len, false))
		session_flush(sess);
}

static void on_tun_event(struct loop_fd *lfd, uint32_t events)
{
	struct session *sess = container_of(lfd, struct session, ulink.tun_fd);
	struct link_user *u = &sess->ulink;
	uint8_t frame[2 + LINK_MTU_MAX];

	(void)events;
	for (int budget = 64; budget > 0 && session_live(sess) && !u->paused; budget--) {
		ssize_t n = read(u->tun.fd, frame + 2, sizeof(frame) - 2);
		bool ipv6;

		if (n <= 0)
			break;
		ipv6 = (frame[2] >> 4) == 6;
		/* Until the call is connected and the NCP is up, nothing goes out. */
		if (!sstp_call_is_connected(&sess->call) || (ipv6 ? !u->ipv6_up : !u->ipv4_up)) {
			u->counters.tx_dropped++;
			continue;
		}
		frame[0] = 0x00;
		frame[1] = ipv6 ? 0x57 : 0x21;
		if (!send_ppp_frame(sess, frame, (size_t)n + 2, true)) {
			u->counters.tx_dropped++;
			set_paused(sess, true);
			break;
		}
		u->counters.tx_packets++;
		u->counters.tx_bytes += (uint64_t)n;
	}
	if (session_live(sess))
		session_flush(sess);
}

static int ensure_tun(struct session *sess)
{
	struct link_user *u = &sess->ulink;
	char name[IF_NAMESIZE];
	int err;

	if (u->tun.fd >= 0)
		return 0;
	snprintf(name, sizeof(name), "sstp%u", sess->id);
	err = tun_open(&u->tun, name);
	if (!err)
		err = netcfg_link_up(sess->srv->netcfg, u->tun.ifindex, session_tunnel_mtu(sess));
	if (err) {
		session_log(sess, LOG_LEVEL_ERROR, "cannot set up interface %s: %s", name,
			    strerror(-err));
		tun_close(&u->tun);
		return err;
	}
	u->tun_fd.fd = u->tun.fd;
	u->tun_fd.on_event = on_tun_event;
	u->paused = false;
	return loop_fd_add(sess->srv->loop, &u->tun_fd, EPOLLIN);
}

/*
 * As in kernel mode, ready before the packet on which the client may open
 * the NCP leaves; here its data would wait in the stream behind its
 * answer anyway, but both paths keep one rule.  The call being connected
 * is still checked per packet (on_tun_event(), deliver_ip()).
 */
static int user_network_up(struct session *sess, bool ipv6, const struct ppp_event_info *info)
{
	struct link_user *u = &sess->ulink;
	int err = ensure_tun(sess);

	if (err)
		return err;
	if (ipv6) {
		err = netcfg_addr6_replace(sess->srv->netcfg, u->tun.ifindex, &u->addr6,
					   info->local_ifid);
		if (err)
			session_log(sess, LOG_LEVEL_WARN,
				    "cannot configure IPv6 link-local addresses: %s",
				    strerror(-err));
		u->ipv6_up = !err;
		return err;
	}
	err = netcfg_addr4_replace(sess->srv->netcfg, u->tun.ifindex, &u->addr4,
				   info->local_ipv4, info->peer_ipv4);
	if (err) {
		char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &info->local_ipv4, local, sizeof(local));
		inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
		session_log(sess, LOG_LEVEL_ERROR, "cannot configure %s peer %s: %s", local, peer,
			    strerror(-err));
		return err;
	}
	u->ipv4_up = true;
	return 0;
}

static void user_network_down(struct session *sess, bool ipv6)
{
	struct link_user *u = &sess->ulink;

	if (ipv6) {
		u->ipv6_up = false;
		if (u->tun.fd >= 0)
			netcfg_addr6_clear(sess->srv->netcfg, u->tun.ifindex, &u->addr6);
	} else {
		u->ipv4_up = false;
		if (u->tun.fd >= 0)
			netcfg_addr4_clear(sess->srv->netcfg, u->tun.ifindex, &u->addr4);
	}
}

static void user_call_connected(struct session *sess)
{
	(void)sess;	/* on_tun_event() and deliver_ip() ask the call themselves */
}

static const char *user_ifname(const struct session *sess)
{
	return sess->ulink.tun.fd >= 0 ? sess->ulink.tun.name : "";
}

static void user_counters(struct session *sess, struct link_counters *out)
{
	*out = sess->ulink.counters;
}

static void user_close(struct session *sess)
{
	struct link_user *u = &sess->ulink;

	if (u->tun.fd >= 0) {
		loop_fd_remove(sess->srv->loop, &u->tun_fd);
		/* Its close unregisters the device, which sleeps: lib/closer.h. */
		closer_close(sess->srv->closer, tun_release(&u->tun));
	}
}

static void deliver_ip(struct session *sess, const uint8_t *packet, size_t len)
{
	struct link_user *u = &sess->ulink;

	if (!sstp_call_is_connected(&sess->call) || u->tun.fd < 0 ||
	    write(u->tun.fd, packet, len) != (ssize_t)len) {
		u->counters.rx_dropped++;
		return;
	}
	u->counters.rx_packets++;
	u->counters.rx_bytes += len;
}

static void on_data_packet(struct session *sess, const uint8_t *frame, size_t len)
{
	enum ppp_input_result result;
	size_t off = 0;

	if (!sess->ppp)
		return;
	result = ppp_input(sess->ppp, frame, len, (int64_t)session_now(sess), &off);
	if (result == PPP_INPUT_IPV4 || result == PPP_INPUT_IPV6)
		deliver_ip(sess, frame + off, len - off);
}

void link_user_input(struct session *sess, const uint8_t *data, size_t len)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int ret;

	while (session_live(sess) &&
	       (ret = sstp_deframe_next(sess->deframe, &data, &len, &pkt, &pkt_len)) != 0) {
		if (ret < 0) {
			char reason[96];

			/* [MS-SSTP] 3.2.5.1: a bad header ends the connection silently. */
			snprintf(reason, sizeof(reason), "malformed SSTP stream: %s",
				 sstp_wire_strerror(ret));
			session_close(sess, reason);
			return;
		}
		sstp_call_activity(&sess->call, session_now(sess));
		if (sstp_hdr_is_control(pkt))
			sstp_call_input(&sess->call, pkt, pkt_len, session_now(sess));
		else if (sess->call.state < SSTP_CALL_ABORT_PENDING)
			on_data_packet(sess, pkt + SSTP_HEADER_LEN, pkt_len - SSTP_HEADER_LEN);
	}
}

const struct link_ops link_user_ops = {
	.name = "user",
	.send_control = user_send_control,
	.send_frame = user_send_frame,
	.network_up = user_network_up,
	.network_down = user_network_down,
	.call_connected = user_call_connected,
	.ifname = user_ifname,
	.counters = user_counters,
	.close = user_close,
};
