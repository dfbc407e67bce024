/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An SSTP call ([MS-SSTP] 3.2 server, 3.1 client): Call Connect Request to
 * Call Connected with crypto binding, echo keepalive, disconnect and abort,
 * with their timers.  The server waits for the Request and verifies the
 * binding; the client sends the Request and, once PPP authenticated it,
 * signs Call Connected.  No I/O and no clock: the caller feeds control packets
 * and the time, and sends what the call hands to ops->send.
 */
#ifndef SSTP_CALL_H
#define SSTP_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/log.h"
#include "proto/binding.h"
#include "sstp_wire.h"

enum sstp_call_state {
	SSTP_CALL_CONNECT_REQUEST_PENDING,	/* HTTPS up, waiting for REQUEST */
	SSTP_CALL_CONNECTED_PENDING,		/* server: ACK sent, waiting for CONNECTED;
						 * client: ACK in, PPP authenticating */
	SSTP_CALL_CONNECT_ACK_PENDING,		/* client: REQUEST sent, waiting for ACK */
	SSTP_CALL_CONNECTED,			/* binding verified: data may flow */
	SSTP_CALL_ABORT_PENDING,		/* we aborted; waiting for theirs */
	SSTP_CALL_ABORT_TIMEOUT_PENDING,	/* they aborted; lingering */
	SSTP_CALL_DISCONNECT_ACK_PENDING,	/* we disconnected; waiting for ACK */
	SSTP_CALL_DISCONNECT_TIMEOUT_PENDING,	/* they disconnected; lingering */
	SSTP_CALL_CLOSED,			/* ops->closed has been called */
};

/* [MS-SSTP] 3.2.2 timers, in milliseconds. */
#define SSTP_NEGOTIATION_TIMEOUT_MS	60000
#define SSTP_HELLO_TIMEOUT_MS		60000
#define SSTP_ABORT_PENDING_MS		3000
#define SSTP_ABORT_TIMEOUT_MS		1000
#define SSTP_DISCONNECT_ACK_MS		5000
#define SSTP_DISCONNECT_TIMEOUT_MS	1000
#define SSTP_MAX_NAKS			3

struct sstp_call_ops {
	/* One whole control packet to send to the client. */
	void (*send)(void *ctx, const uint8_t *pkt, size_t len);
	/* Call Connect Ack sent (server) or received (client): PPP may start. */
	void (*accepted)(void *ctx);
	/* Call Connected arrived and its binding is verified (client: was sent). */
	void (*connected)(void *ctx, uint8_t hash_protocol);
	/* The call is over; the session is to be torn down. */
	void (*closed)(void *ctx, const char *reason);
	/* One line about this call, without the session prefix. */
	void (*log)(void *ctx, enum log_level level, const char *msg);
};

struct sstp_call {
	enum sstp_call_state state;
	bool client;				/* our role in the call */
	bool refused;				/* client: the server Nak'd or aborted */
	const struct sstp_call_ops *ops;
	void *ctx;
	struct sstp_binding_expect expect;	/* nonce, cert hashes, HLAK */
	bool hlak_known;
	bool connected_queued;			/* CONNECTED waits for the HLAK */
	uint8_t connected_pkt[SSTP_CONNECTED_LEN];
	unsigned int naks_sent;
	bool echo_outstanding;
	uint64_t deadline_ms;			/* the one timer of the state */
	uint64_t hello_deadline_ms;		/* in CONNECTED: idle keepalive */
	char close_reason[96];
};

const char *sstp_call_state_name(enum sstp_call_state state);

/*
 * Start the call once the HTTPS step is done: nonce is the 32 random bytes
 * of the coming Call Connect Ack; cert hashes are of this connection's
 * certificate.
 */
void sstp_call_start(struct sstp_call *call, const struct sstp_call_ops *ops, void *ctx,
		     const uint8_t nonce[SSTP_NONCE_LEN], const uint8_t cert_sha1[20],
		     const uint8_t cert_sha256[32], uint64_t now_ms);

/*
 * The client's call: sends Call Connect Request at once.  cert hashes are
 * of the server's certificate on this connection, for the binding.
 */
void sstp_call_start_client(struct sstp_call *call, const struct sstp_call_ops *ops, void *ctx,
			    const uint8_t cert_sha1[20], const uint8_t cert_sha256[32],
			    uint64_t now_ms);

/*
 * Client: PPP authenticated us; send Call Connected signed with hlak (zeros
 * after PAP or CHAP) and the strongest hash the server offered.  Once; the
 * call is then connected (ops->connected).  Nothing before the Ack.
 */
void sstp_call_send_connected(struct sstp_call *call, const uint8_t hlak[SSTP_HLAK_LEN],
			      uint64_t now_ms);

/* One control packet as the de-framer yielded it (header included). */
void sstp_call_input(struct sstp_call *call, const uint8_t *pkt, size_t len,
		     uint64_t now_ms);

/* Any packet received, data too: the client is alive. */
void sstp_call_activity(struct sstp_call *call, uint64_t now_ms);

/*
 * PPP authentication finished: the HLAK for crypto binding (zeros for PAP
 * and CHAP).  A queued Call Connected is verified now.
 */
void sstp_call_set_hlak(struct sstp_call *call, const uint8_t hlak[SSTP_HLAK_LEN],
			uint64_t now_ms);

/* Our side ends the call: DISCONNECT (orderly) or ABORT (an error). */
void sstp_call_disconnect(struct sstp_call *call, const char *reason, uint64_t now_ms);
void sstp_call_abort(struct sstp_call *call, uint8_t attrib_id, uint32_t status,
		     const char *reason, uint64_t now_ms);

/* The next deadline (ms), and what to do when it has passed. */
uint64_t sstp_call_next_timeout(const struct sstp_call *call);
void sstp_call_timeout(struct sstp_call *call, uint64_t now_ms);

static inline bool sstp_call_is_connected(const struct sstp_call *call)
{
	return call->state == SSTP_CALL_CONNECTED;
}

#endif /* SSTP_CALL_H */
