/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session's link: where its SSTP control packets and PPP frames go once
 * the SSTP call starts, and where IP packets flow.  session.c keeps the
 * life cycle every session shares (TLS handshake, HTTP step, SSTP call,
 * PPP engine, pool address, timers, teardown) and asks the link for the
 * rest.  Two links:
 *
 *   link_user.c    OpenSSL carries the SSTP stream; sstpd de-frames it and
 *                  moves IP packets between it and a TUN interface.
 *   link_kernel.c  sstp.ko owns the kTLS socket and a ppp channel; sstpd
 *                  sees control packets (netlink) and PPP negotiation
 *                  (/dev/ppp) only; IP packets stay in the kernel (pppN).
 */
#ifndef SSTP_LINK_H
#define SSTP_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/netcfg.h"
#include "kernel/tun.h"
#include "lib/loop.h"
#include "sstp_wire.h"

/* The largest IP packet an SSTP data packet holds: header, FF 03, protocol. */
#define LINK_MTU_MAX	(SSTP_MAX_PACKET_LEN - SSTP_HEADER_LEN - 4)

struct session;
struct ppp_event_info;

/* IP packets through the tunnel and what was dropped, for the log. */
struct link_counters {
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_packets, tx_packets;
	uint64_t rx_dropped, tx_dropped;
};

struct link_ops {
	const char *name;	/* "user" or "kernel", as the log says "(user mode)" */
	/* One whole SSTP control packet to the client. */
	void (*send_control)(struct session *sess, const uint8_t *pkt, size_t len);
	/* One PPP negotiation frame, protocol first, to the client. */
	void (*send_frame)(struct session *sess, const uint8_t *frame, size_t len);
	/*
	 * IPCP (ipv6 false) or IPv6CP: the interface up with these addresses
	 * and passing that protocol.  Called from inside the PPP engine before
	 * the packet on which the client may open the NCP leaves (ppp.h:
	 * ncp_ready; then it must not close the session or call the engine),
	 * again when the NCP opens on our side (a failure then ends the
	 * session), and again with new addresses after a renegotiation:
	 * what is already so is left alone.  0, or a negative errno after
	 * logging why.
	 */
	int (*network_up)(struct session *sess, bool ipv6, const struct ppp_event_info *info);
	/* That protocol stops passing, its address goes (inside the engine too). */
	void (*network_down)(struct session *sess, bool ipv6);
	/* Call Connected arrived and its crypto binding is verified. */
	void (*call_connected)(struct session *sess);
	/* Tell the call when the client was last heard of; may be NULL. */
	void (*poll_activity)(struct session *sess);
	/* The tunnel interface's name, "" before there is one. */
	const char *(*ifname)(const struct session *sess);
	void (*counters)(struct session *sess, struct link_counters *out);
	/* Release everything the link holds; nothing is sent after this. */
	void (*close)(struct session *sess);
};

extern const struct link_ops link_user_ops;
extern const struct link_ops link_kernel_ops;

/* User mode: a TUN interface fed from the OpenSSL stream. */
struct link_user {
	struct tun tun;
	struct loop_fd tun_fd;
	bool paused;		/* output queue full: stop reading the TUN */
	bool ipv4_up, ipv6_up;	/* network_up() done: the protocol passes */
	struct netcfg_addr4 addr4;
	struct netcfg_addr6 addr6;
	struct link_counters counters;
};

/* Kernel mode: a session of sstp.ko, its ppp channel and unit. */
struct link_kernel {
	uint32_t id;		/* the module's session id; 0 when there is none */
	uint32_t channel;
	uint32_t mru;		/* what the module takes from the client */
	struct loop_fd chan;	/* /dev/ppp attached to the channel: LCP, auth */
	struct loop_fd unit;	/* /dev/ppp owning pppN: NCPs once connected */
	int unit_index;		/* N of pppN, -1 before */
	int ifindex;
	char ifname[IF_NAMESIZE];
	bool ipv4_up, ipv6_up;	/* network_up() done: NPMODE_PASS */
	struct netcfg_addr4 addr4;
	struct netcfg_addr6 addr6;
	bool set_connected;	/* SESSION_SET connected was sent */
	bool down;		/* the module ended the session itself */
	struct link_counters final;	/* the module's counters at the end */
};

/*
 * The user-mode de-framer: bytes of the SSTP stream as OpenSSL decrypted
 * them, control packets to the call, data packets to PPP and the TUN.
 */
void link_user_input(struct session *sess, const uint8_t *data, size_t len);

/* The output queue fell below its low mark: resume reading the TUN. */
void link_user_writable(struct session *sess);

/*
 * Hand the session's socket to sstp.ko once ktls_drain() is done: kTLS
 * receive, SESSION_NEW with the drained bytes, /dev/ppp on the channel.
 * 0: the session runs in kernel mode (the SSL and socket are closed);
 * -EAGAIN: kTLS could not be completed, the session stays in user mode
 * (the reason is logged; initial must go to link_user_input()); another
 * negative errno: the session must be closed, reason in why.
 */
int link_kernel_start(struct session *sess, const uint8_t *initial, size_t initial_len,
		      char *why, size_t why_size);

/* A control packet the module read from the client (CONTROL_NTF). */
void link_kernel_control(struct session *sess, const uint8_t *pkt, size_t len);

/* The module ended the session (SESSION_DOWN_NTF), with its last counters. */
void link_kernel_down(struct session *sess, const char *reason,
		      const struct link_counters *final);

#endif /* SSTP_LINK_H */
