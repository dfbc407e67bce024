/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our PPP engine: LCP, PAP, CHAP-MD5, MS-CHAPv2, IPCP and IPv6CP for one
 * link, server (authenticator) or client (authenticated peer) role.
 *
 * The engine does no I/O and never reads a clock. The caller hands it every
 * received frame and the current time, owns the one timer the engine asks
 * for, and sends the frames the engine produces. A frame, both ways, starts
 * with the 2-byte PPP protocol number (no FF 03); on input a leading FF 03
 * and a 1-byte (PFC) protocol are accepted too. So the same engine runs on
 * the SSTP stream in user mode and on a /dev/ppp channel fd.
 *
 * Driving it:
 *
 *	ppp = ppp_new(&cfg, &ops, ctx);
 *	ppp_open(ppp, now);			(the SSTP call is up)
 *	loop:
 *		frame in:  switch (ppp_input(ppp, buf, len, now, &off)) {
 *			   case PPP_INPUT_IPV4/IPV6: IP packet at buf + off
 *			   default: nothing more to do }
 *		timer:     at ppp_next_timeout(ppp) (or -1: none) call
 *			   ppp_timeout(ppp, now)
 *		events:    PPP_EV_AUTH_OK: verify crypto binding with ppp_hlak(),
 *			   pick the peer's address, ppp_set_peer_ipv4();
 *			   PPP_EV_IPV4_UP / IPV6_UP: the network is up;
 *			   PPP_EV_DOWN: the engine is finished, free it.
 *		at once:   ncp_ready / ncp_unready: configure the interface
 *			   (before the peer can open the NCP, see below).
 *	ppp_close(ppp, PPP_DOWN_ADMIN, now);	(graceful, Terminate-Request)
 *	ppp_lower_down(ppp, now);		(transport gone, no goodbye)
 *
 * Events are delivered after the engine's own state is settled, at the end
 * of the API call that caused them, so an event callback may call
 * ppp_set_peer_ipv4() or ppp_close(). It must not call ppp_free(); the
 * send, ncp_ready and ncp_unready callbacks must not call back into the
 * engine at all: they run in the middle of its work.
 */
#ifndef SSTP_PPP_H
#define SSTP_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define PPP_LCP			0xc021
#define PPP_PAP			0xc023
#define PPP_CHAP		0xc223
#define PPP_EAP			0xc227
#define PPP_CBCP		0xc029
#define PPP_IPCP		0x8021
#define PPP_IPV6CP		0x8057
#define PPP_CCP			0x80fd
#define PPP_IP			0x0021
#define PPP_IPV6		0x0057

#define PPP_MRU_DEFAULT		1500
#define PPP_MRU_MIN		128
/* The largest PPP frame an SSTP packet can hold (PROTOCOL.md 2). */
#define PPP_MRU_MAX		4091
#define PPP_IFID_LEN		8
#define PPP_HLAK_LEN		32
#define PPP_NAME_MAX		255
#define PPP_AUTH_METHODS_MAX	3

enum ppp_role {
	PPP_ROLE_SERVER,	/* we authenticate the peer and assign its address */
	PPP_ROLE_CLIENT,	/* we authenticate to the peer and take an address */
};

enum ppp_auth {
	PPP_AUTH_NONE,
	PPP_AUTH_PAP,
	PPP_AUTH_CHAP_MD5,
	PPP_AUTH_MSCHAPV2,
};

enum ppp_phase {
	PPP_PHASE_DEAD,
	PPP_PHASE_ESTABLISH,
	PPP_PHASE_AUTHENTICATE,
	PPP_PHASE_NETWORK,
	PPP_PHASE_TERMINATE,
};

enum ppp_down_reason {
	PPP_DOWN_NONE,
	PPP_DOWN_ADMIN,		/* ppp_close() by the caller */
	PPP_DOWN_LOWER,		/* ppp_lower_down(): the transport went away */
	PPP_DOWN_PEER_TERMINATE,	/* the peer sent an LCP Terminate-Request */
	PPP_DOWN_NEG_TIMEOUT,	/* Max-Configure requests went unanswered */
	PPP_DOWN_NEG_FAILED,	/* options never converged */
	PPP_DOWN_PEER_REJECT,	/* the peer Code-Rejected an essential LCP code */
	PPP_DOWN_LOOPBACK,	/* our own magic number came back */
	PPP_DOWN_AUTH_REFUSED,	/* no authentication method both sides accept */
	PPP_DOWN_AUTH_FAILED,	/* wrong credentials, failure limit reached */
	PPP_DOWN_AUTH_TIMEOUT,
	PPP_DOWN_NO_NETWORK,	/* every network protocol failed or was rejected */
	PPP_DOWN_ECHO_TIMEOUT,	/* LCP Echo-Requests went unanswered */
	PPP_DOWN_INTERNAL,	/* no random bytes, crypto library failure */
};

enum ppp_event {
	PPP_EV_AUTH_OK,		/* authentication done: ppp_hlak() is valid */
	PPP_EV_AUTH_FAILED,	/* one failed attempt (the link may stay up) */
	PPP_EV_IPV4_UP,
	PPP_EV_IPV4_DOWN,
	PPP_EV_IPV6_UP,
	PPP_EV_IPV6_DOWN,
	PPP_EV_DOWN,		/* the engine is finished; only ppp_free() is left */
};

/* Only the fields of the event at hand are meaningful. */
struct ppp_event_info {
	enum ppp_auth method;			/* AUTH_OK, AUTH_FAILED */
	const char *user;			/* the peer's (server) or our (client) name */
	struct in_addr local_ipv4, peer_ipv4;	/* IPV4_UP, IPV4_DOWN */
	struct in_addr dns[2];			/* IPV4_UP: learned (client) or given */
	uint8_t local_ifid[PPP_IFID_LEN];	/* IPV6_UP, IPV6_DOWN */
	uint8_t peer_ifid[PPP_IFID_LEN];
	enum ppp_down_reason reason;		/* DOWN */
	/*
	 * AUTH_FAILED of a client: why, as the server said it ("E=691 R=0 ...
	 * M=..."), or what we found ("bad authenticator response"); else NULL.
	 */
	const char *message;
};

struct ppp_link_ops {
	/* One frame, starting with the 2-byte protocol number. */
	void (*send)(void *ctx, const uint8_t *frame, size_t len);
	void (*event)(void *ctx, enum ppp_event ev, const struct ppp_event_info *info);
	/*
	 * Optional. IPCP (ipv6 false) or IPv6CP is about to send the packet on
	 * which the peer may open it (our Configure-Ack of its request, or our
	 * Configure-Request when we acked first) and start sending data,
	 * maybe before we are open ourselves: make the interface pass that
	 * protocol with these addresses (the fields of IPV4_UP / IPV6_UP)
	 * before returning; the packet is sent right after.  Called again
	 * before each such packet, with new addresses if they changed.
	 * ncp_unready: that stopped holding (the NCP went down, or we no
	 * longer ack the peer's request).  IPV4_UP / IPV6_UP still follow
	 * when the NCP opens on our side.
	 */
	void (*ncp_ready)(void *ctx, bool ipv6, const struct ppp_event_info *info);
	void (*ncp_unready)(void *ctx, bool ipv6);
	/* One line without a newline; the caller adds its session context. */
	void (*log)(void *ctx, int level, const char *msg);	/* LOG_* of syslog.h */
};

/*
 * Server: the peer's secret (plain-text password, as in chap-secrets) for
 * user, NUL-terminated in secret[size]; 0, or a negative errno when the user
 * is unknown. Nothing else may be inferred from a failure.
 */
typedef int (*ppp_secret_fn)(void *ctx, const char *user, char *secret, size_t size);
/* len unpredictable bytes; 0 or a negative errno. */
typedef int (*ppp_random_fn)(void *ctx, void *buf, size_t len);

struct ppp_config {
	enum ppp_role role;
	/*
	 * Server: the methods we ask the peer for, in order (the first goes in
	 * our Configure-Request; a Nak may pick any other listed one).
	 * Client: the methods we are willing to authenticate with.
	 * Unused slots are PPP_AUTH_NONE; an empty list means no authentication.
	 */
	enum ppp_auth auth[PPP_AUTH_METHODS_MAX];
	const char *name;		/* our name in CHAP Challenges (server) */
	const char *user, *password;	/* client: our credentials */
	ppp_secret_fn get_secret;	/* server */
	void *secret_ctx;
	ppp_random_fn random;		/* NULL: OpenSSL RAND_bytes */
	void *random_ctx;

	uint16_t mru;			/* ours, 128..4091; 1500 is not sent */
	struct in_addr local_ipv4;	/* server: our address; client: 0 = ask */
	/*
	 * The peer's address if known before the link starts; otherwise (0) a
	 * server's IPCP waits for ppp_set_peer_ipv4(). A client takes what the
	 * server says.
	 */
	struct in_addr peer_ipv4;
	struct in_addr dns[2];		/* server: given on request; 0 = reject */
	bool request_dns;		/* client: ask for DNS servers */
	bool ipv6;			/* run IPv6CP (else Protocol-Reject it) */

	uint32_t restart_ms;		/* RFC 1661 Restart timer, 3000 */
	uint8_t max_configure;		/* 10 */
	uint8_t max_terminate;		/* 2 */
	uint8_t max_failure;		/* 5 */
	uint8_t max_auth_failures;	/* server: failed attempts before link down, 1 */
	uint32_t echo_interval_ms;	/* LCP Echo-Request period, 0 = never */
	uint8_t echo_max_failures;	/* unanswered echoes before link down, 5 */
};

enum ppp_input_result {
	PPP_INPUT_CONTROL,	/* taken by the engine (answers may have been sent) */
	PPP_INPUT_IPV4,		/* IPv4 packet, IPCP is open: payload at *data_off */
	PPP_INPUT_IPV6,		/* IPv6 packet, IPv6CP is open */
	PPP_INPUT_DROPPED,	/* malformed or not acceptable now; discard */
};

struct ppp_lcp_info {
	uint16_t local_mru;	/* what we receive */
	uint16_t peer_mru;	/* what we may send (capped at PPP_MRU_MAX) */
	bool peer_pfc;		/* the peer accepts a 1-byte protocol field */
	bool peer_acfc;		/* the peer accepts frames without FF 03 */
};

struct ppp;

/* Defaults for role: MS-CHAPv2 only, MRU 1500, RFC 1661 timers and counters. */
void ppp_config_init(struct ppp_config *cfg, enum ppp_role role);

/*
 * A new engine for one link, in phase Dead. cfg is copied, but the strings
 * and contexts it points to must outlive the engine. NULL on bad
 * configuration or no memory.
 */
struct ppp *ppp_new(const struct ppp_config *cfg, const struct ppp_link_ops *ops, void *ctx);
void ppp_free(struct ppp *ppp);

/* The lower layer is up and we want the link: LCP starts negotiating. */
void ppp_open(struct ppp *ppp, int64_t now_ms);
/* Graceful close: Terminate-Request, then PPP_EV_DOWN with reason. */
void ppp_close(struct ppp *ppp, enum ppp_down_reason reason, int64_t now_ms);
/* The transport is gone: stop at once, PPP_EV_DOWN (PPP_DOWN_LOWER). */
void ppp_lower_down(struct ppp *ppp, int64_t now_ms);

/*
 * One received frame. For IPv4/IPv6 results *data_off (if not NULL) is the
 * offset of the IP packet in frame; the engine does nothing with it.
 */
enum ppp_input_result ppp_input(struct ppp *ppp, const uint8_t *frame, size_t len,
				int64_t now_ms, size_t *data_off);

/* The earliest time ppp_timeout() is due, or -1 when no timer runs. */
int64_t ppp_next_timeout(const struct ppp *ppp);
/* Runs every timer due at now_ms; harmless when none is. */
void ppp_timeout(struct ppp *ppp, int64_t now_ms);

/*
 * Server: the peer's IPv4 address, chosen after authentication (typically
 * from the PPP_EV_AUTH_OK callback or later, once a pool or RADIUS answered).
 * IPCP starts once it is known; a Configure-Request the peer sent in the
 * meantime is answered then. Setting the same address again is harmless
 * (after an LCP renegotiation, say); -EINVAL for 0.0.0.0, -EBUSY for
 * another address while IPCP runs. No address to be had: ppp_close().
 */
int ppp_set_peer_ipv4(struct ppp *ppp, struct in_addr addr, int64_t now_ms);

enum ppp_phase ppp_phase(const struct ppp *ppp);
/* The method that authenticated the link (PPP_AUTH_NONE before). */
enum ppp_auth ppp_auth_method(const struct ppp *ppp);
/* The authenticated peer's name (server) or ours (client); "" before. */
const char *ppp_peer_name(const struct ppp *ppp);
/*
 * The SSTP Higher-Layer Authentication Key: the RFC 3079 MS-CHAPv2 keys,
 * 32 zero bytes after PAP, CHAP or no authentication. -EAGAIN before
 * authentication finished.
 */
int ppp_hlak(const struct ppp *ppp, uint8_t hlak[PPP_HLAK_LEN]);
struct ppp_lcp_info ppp_lcp_info(const struct ppp *ppp);

const char *ppp_phase_name(enum ppp_phase phase);
const char *ppp_event_name(enum ppp_event ev);
const char *ppp_down_reason_name(enum ppp_down_reason reason);
const char *ppp_auth_name(enum ppp_auth method);
const char *ppp_input_result_name(enum ppp_input_result result);

#endif /* SSTP_PPP_H */
