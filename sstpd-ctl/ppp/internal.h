/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's insides, shared by ppp.c, the control protocols and the
 * authentication protocols. Nothing outside sstpd-ctl/ppp and
 * sstpd-ctl/auth includes this.
 */
#ifndef SSTP_PPP_INTERNAL_H
#define SSTP_PPP_INTERNAL_H

#include <stdarg.h>
#include <syslog.h>

#include "ppp/fsm.h"
#include "ppp/ppp.h"

/* Protocol (2) + code, id, length (4) + the largest packet data. */
#define PPP_TX_MAX		(2 + CP_HEADER_LEN + PPP_MRU_MAX)
/* A peer's IPCP request kept while we wait for its address. */
#define IPCP_PENDING_MAX	256
#define PPP_EVENTS_MAX		16
/* MS-CHAPv2 allows 256 UTF-16 characters: up to 4 UTF-8 bytes each. */
#define PPP_SECRET_MAX		1024
#define CHAP_CHALLENGE_LEN	16
/* Room for a Success/Failure packet's message. */
#define AUTH_MSG_MAX		128

struct lcp {
	struct fsm fsm;
	/* What we ask for, as the negotiation stands. */
	uint16_t mru;
	uint32_t magic;
	enum ppp_auth auth;		/* server: method we request */
	bool neg_mru, neg_magic;
	uint8_t auth_refused;		/* bit per ppp_auth the peer Nak'd */
	/* What the peer asked for in the request we acked. */
	uint16_t peer_mru;
	uint32_t peer_magic;
	enum ppp_auth peer_auth;	/* client: method the server asks of us */
	bool peer_pfc, peer_acfc;
	unsigned loops;			/* our magic seen in the peer's requests */
	/* Keepalive. */
	int64_t echo_deadline;
	unsigned echo_pending;
	bool echo_off;			/* the peer Code-Rejected Echo-Request */
};

struct ipcp {
	struct fsm fsm;
	uint32_t addr;			/* ours, network order */
	uint32_t dns[2];		/* client: asked for / learned */
	bool neg_addr, neg_dns[2];
	uint32_t peer_addr;		/* as acked */
	bool peer_sent_addr;
	bool up;
	uint8_t pending[IPCP_PENDING_MAX];
	size_t pending_len;
};

struct ipv6cp {
	struct fsm fsm;
	uint8_t ifid[PPP_IFID_LEN];
	bool neg_ifid;
	uint8_t peer_ifid[PPP_IFID_LEN];
	bool up;
};

enum auth_state {
	AUTH_IDLE,
	AUTH_WAIT,		/* verifier: challenge out or waiting for PAP;
				 * prover: response out or waiting for challenge */
	AUTH_DONE,
	AUTH_FAILED,
};

/* We check the peer (server role). */
struct auth_verifier {
	enum ppp_auth method;
	enum auth_state state;
	uint8_t id;
	uint8_t challenge[CHAP_CHALLENGE_LEN];
	unsigned transmits;
	unsigned failures;
	int64_t deadline;
	/* Our last Success/Failure, repeated when the response comes again. */
	uint8_t reply_code;
	uint8_t reply[AUTH_MSG_MAX];
	size_t reply_len;
	char user[PPP_NAME_MAX + 1];
	uint8_t hlak[PPP_HLAK_LEN];
};

/* We prove ourselves to the peer (client role). */
struct auth_prover {
	enum ppp_auth method;
	enum auth_state state;
	uint8_t id;
	bool answered;			/* a response to id is out */
	unsigned transmits;
	int64_t deadline;
	uint8_t auth_challenge[CHAP_CHALLENGE_LEN];
	uint8_t peer_challenge[CHAP_CHALLENGE_LEN];
	uint8_t nt_response[24];
	uint8_t response[CHAP_CHALLENGE_LEN + 8 + 24 + 1];
	size_t response_len;
	uint8_t hlak[PPP_HLAK_LEN];
};

struct ppp_queued_event {
	enum ppp_event ev;
	struct ppp_event_info info;
};

struct ppp {
	struct ppp_config cfg;
	const struct ppp_link_ops *ops;
	void *ctx;

	enum ppp_phase phase;
	int64_t now;
	uint8_t next_id;		/* one counter for all protocols, as Windows */
	bool opened;
	bool down_reported;
	enum ppp_down_reason reason;	/* why the link goes down */
	bool check_network;		/* an NCP finished: see ppp_settle() */
	bool internal_error;

	struct lcp lcp;
	struct ipcp ipcp;
	struct ipv6cp ipv6cp;
	struct auth_verifier verifier;
	struct auth_prover prover;
	enum ppp_auth auth_method;	/* what authenticated the link */
	bool authenticated;		/* once: the HLAK is valid from then on */
	/* Of the last successful authentication; an exchange in progress keeps its own. */
	uint8_t hlak[PPP_HLAK_LEN];
	char peer_name[PPP_NAME_MAX + 1];
	/* Client: why the server refused us, for PPP_EV_AUTH_FAILED's message. */
	char auth_message[AUTH_MSG_MAX];

	struct ppp_queued_event events[PPP_EVENTS_MAX];
	unsigned ev_head, ev_tail;
	bool delivering;

	uint8_t tx[PPP_TX_MAX];
};

/* names.c */
bool ppp_config_valid(const struct ppp_config *cfg);

/* ppp.c */
void ppp_log(struct ppp *ppp, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ppp_send(struct ppp *ppp, uint16_t protocol, const uint8_t *pkt, size_t len);
uint8_t ppp_new_id(struct ppp *ppp);
/* Random bytes; on failure zeros, an error log and the link closes. */
int ppp_random(struct ppp *ppp, void *buf, size_t len);
void ppp_emit(struct ppp *ppp, enum ppp_event ev, const struct ppp_event_info *info);
/* At once, not queued: the link's ncp_ready / ncp_unready (ppp.h). */
void ppp_ncp_ready(struct ppp *ppp, bool ipv6, const struct ppp_event_info *info);
void ppp_ncp_unready(struct ppp *ppp, bool ipv6);
/* Close the link for reason (the first reason recorded wins). */
void ppp_fail(struct ppp *ppp, enum ppp_down_reason reason);
void ppp_set_reason(struct ppp *ppp, enum ppp_down_reason reason);
/* Printable copy of peer text for logs. */
void ppp_sanitize(char *out, size_t size, const uint8_t *in, size_t len);
/*
 * A peer's user name, control bytes (NUL, newlines, ...) replaced, so that
 * logs and events can print it; false when anything was replaced or cut,
 * and then the name must not authenticate.
 */
bool ppp_copy_name(char out[PPP_NAME_MAX + 1], const uint8_t *in, size_t len);
bool ppp_auth_allowed(const struct ppp *ppp, enum ppp_auth method);

/* The layers tell the link what happened to them. */
void ppp_lcp_up(struct ppp *ppp);
void ppp_lcp_down(struct ppp *ppp);
void ppp_lcp_finished(struct ppp *ppp);
void ppp_ncp_finished(struct ppp *ppp);
void ppp_auth_done(struct ppp *ppp);
void ppp_auth_failed(struct ppp *ppp, enum ppp_down_reason reason);

/* lcp.c */
extern const struct fsm_ops lcp_ops;
void lcp_echo_timeout(struct ppp *ppp);
void lcp_protocol_reject(struct ppp *ppp, uint16_t protocol,
			 const uint8_t *info, size_t len);

/* ipcp.c, ipv6cp.c */
extern const struct fsm_ops ipcp_ops;
extern const struct fsm_ops ipv6cp_ops;

/* auth/pap.c, auth/chap.c */
void pap_verifier_start(struct ppp *ppp);
void pap_prover_start(struct ppp *ppp);
void pap_timeout(struct ppp *ppp, bool verifier);
void pap_input(struct ppp *ppp, const uint8_t *pkt, size_t len);
void chap_verifier_start(struct ppp *ppp);
void chap_prover_start(struct ppp *ppp);
void chap_timeout(struct ppp *ppp, bool verifier);
void chap_input(struct ppp *ppp, const uint8_t *pkt, size_t len);

static inline struct ppp *fsm_ppp(struct fsm *f)
{
	return f->ppp;
}

#endif /* SSTP_PPP_INTERNAL_H */
