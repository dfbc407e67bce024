/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 1661 option negotiation automaton, shared by LCP, IPCP and
 * IPv6CP. A protocol supplies its options through struct fsm_ops; the
 * automaton owns states, identifiers, the restart timer and the counters.
 */
#ifndef SSTP_PPP_FSM_H
#define SSTP_PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/ppp.h"

struct ppp;
struct fsm;

enum fsm_state {
	FSM_INITIAL,
	FSM_STARTING,
	FSM_CLOSED,
	FSM_STOPPED,
	FSM_CLOSING,
	FSM_STOPPING,
	FSM_REQ_SENT,
	FSM_ACK_RCVD,
	FSM_ACK_SENT,
	FSM_OPENED,
};

/* Packet codes of RFC 1661 5; LCP adds 8..13 through ext_code. */
enum {
	CP_CONF_REQ = 1,
	CP_CONF_ACK = 2,
	CP_CONF_NAK = 3,
	CP_CONF_REJ = 4,
	CP_TERM_REQ = 5,
	CP_TERM_ACK = 6,
	CP_CODE_REJ = 7,
};

#define CP_HEADER_LEN	4
/* Our own Configure-Request options never come close to this. */
#define FSM_REQ_MAX	64
/* All the Naks of one reply; a Nak that does not fit becomes a Reject. */
#define FSM_NAK_MAX	128

/* What a protocol says about one option of the peer's Configure-Request. */
enum fsm_verdict {
	FSM_ACK = CP_CONF_ACK,
	FSM_NAK = CP_CONF_NAK,
	FSM_REJ = CP_CONF_REJ,
	FSM_CLOSE,		/* give up on this layer (reason already recorded) */
};

/* Return values of recv_nak/recv_rej besides 0. */
#define FSM_BAD		(-1)	/* malformed: discard the packet */
#define FSM_FAIL	(-2)	/* cannot agree: close the layer */

struct fsm_ops {
	const char *name;	/* "lcp", for logs */
	uint16_t protocol;

	/* A fresh negotiation starts: set our wanted options. */
	void (*reset)(struct fsm *f);
	/* Our Configure-Request options into buf; returns their length. */
	size_t (*build_req)(struct fsm *f, uint8_t *buf, size_t size);

	/* The peer's Configure-Request, one option at a time. */
	void (*check_begin)(struct fsm *f);
	/*
	 * val/vlen: the option's data. For FSM_NAK, write the whole option
	 * (type, length, data) we suggest to nak (room bytes) and its length
	 * to *nak_len.
	 */
	enum fsm_verdict (*check_opt)(struct fsm *f, uint8_t type, const uint8_t *val,
				      size_t vlen, uint8_t *nak, size_t room, size_t *nak_len);
	/*
	 * Optional: options the peer left out that we want it to use, as Nak
	 * hints appended to nak; returns their length.
	 */
	size_t (*check_end)(struct fsm *f, uint8_t *nak, size_t room);

	/* The peer's Nak / Reject of our request: 0, FSM_BAD or FSM_FAIL. */
	int (*recv_nak)(struct fsm *f, const uint8_t *opts, size_t len);
	int (*recv_rej)(struct fsm *f, const uint8_t *opts, size_t len);

	/*
	 * Optional, not in the RFC: the peer may open this layer on the packet
	 * we are about to send (our Configure-Ack of its request, or a
	 * Configure-Request of ours once we acked its), and may send data at
	 * once; what that data needs must be in place before the packet leaves.
	 * Called again before every such packet (the options may have changed
	 * meanwhile); unready when it stops holding: we go to a state in which
	 * we have not acked the peer's current request, or the layer ends.
	 */
	void (*ready)(struct fsm *f);
	void (*unready)(struct fsm *f);
	void (*up)(struct fsm *f);		/* This-Layer-Up */
	void (*down)(struct fsm *f);		/* This-Layer-Down */
	void (*started)(struct fsm *f);		/* This-Layer-Started, optional */
	void (*finished)(struct fsm *f);	/* This-Layer-Finished */

	/* Optional: codes past 7; false means unknown (Code-Reject it). */
	bool (*ext_code)(struct fsm *f, uint8_t code, uint8_t id,
			 const uint8_t *data, size_t len);
	/* Optional: the peer Code-Rejected a code we can live without. */
	void (*code_rejected)(struct fsm *f, uint8_t code);
};

struct fsm {
	const struct fsm_ops *ops;
	struct ppp *ppp;
	enum fsm_state state;
	uint8_t reqid;		/* identifier of our current Configure-Request */
	bool seen_ack;		/* that request already got its Ack/Nak/Rej */
	bool ready;		/* ops->ready ran, ops->unready not since */
	uint8_t termid;
	int restarts;		/* the RFC's Restart counter */
	unsigned naks_sent;	/* Configure-Naks since the last Ack we sent */
	unsigned naks_rcvd;	/* Naks/Rejects of ours since a fresh start */
	int64_t deadline;	/* restart timer, -1 when stopped */
	uint8_t req[FSM_REQ_MAX];	/* our last request's options, to check Acks */
	size_t req_len;
	const char *term_reason;	/* text of our Terminate-Request */
	enum ppp_down_reason why;	/* first cause of giving up, for the link */
};

void fsm_init(struct fsm *f, struct ppp *ppp, const struct fsm_ops *ops);

/* The RFC 1661 events coming from outside the protocol's own packets. */
void fsm_up(struct fsm *f);
void fsm_down(struct fsm *f);
void fsm_open(struct fsm *f);
void fsm_close(struct fsm *f, const char *reason);
void fsm_timeout(struct fsm *f);
/* RXJ-: the peer rejected this protocol (LCP Protocol-Reject). */
void fsm_rejected(struct fsm *f);

/* One packet of this protocol: code, identifier, length, data. */
void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len);

/*
 * Sends code/id with data. data may point at fsm_payload(), where replies
 * are built in place.
 */
void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t len);
uint8_t *fsm_payload(struct fsm *f, size_t *room);

/* A layer that has nothing more to do: Initial, Closed or Stopped. */
bool fsm_finished(const struct fsm *f);
const char *fsm_state_name(enum fsm_state state);

/*
 * Walks a list of options: 1 with the next one in type/val/vlen, 0 at the
 * end, -1 when an option's length is below 2 or runs past the list.
 */
int opt_next(const uint8_t **p, size_t *left, uint8_t *type,
	     const uint8_t **val, size_t *vlen);

/* Appends option type with vlen data bytes; 0, or -1 when room is short. */
int opt_put(uint8_t *buf, size_t room, size_t *len, uint8_t type,
	    const void *val, size_t vlen);

/* options.c, for fsm.c: the peer's request parses and a reply fits. */
bool fsm_request_sane(struct fsm *f, const uint8_t *opts, size_t len);
/* The answer to a sane request, written at fsm_payload(). */
enum fsm_verdict fsm_check_request(struct fsm *f, const uint8_t *opts, size_t len,
				   size_t *reply_len);
/* A Configure-Reject names only options of our current request. */
bool fsm_reject_matches(const struct fsm *f, const uint8_t *opts, size_t len);

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif /* SSTP_PPP_FSM_H */
