/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One client connection, from accept to teardown: TLS handshake, HTTP step,
 * the choice of link (link.h: user or kernel data path), SSTP call and PPP.
 * Every way out ends in session_close(), which releases everything the
 * session holds.
 */
#ifndef SSTP_SESSION_H
#define SSTP_SESSION_H

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/admission.h"
#include "daemon/link.h"
#include "lib/loop.h"
#include "proto/deframe.h"
#include "proto/sstp.h"

struct server;
struct ppp;

/* Client role: why a session ended, for the exit status (client.h). */
enum session_end {
	SESSION_END_LOST,	/* connection, TLS, call or PPP lost: retry */
	SESSION_END_UNTRUSTED,	/* the server's certificate was refused */
	SESSION_END_AUTH,	/* authentication refused, either way */
	SESSION_END_REFUSED,	/* HTTP refusal, Call Connect Nak or an Abort */
	SESSION_END_STOPPED,	/* SIGTERM or the operator */
};

enum session_phase {
	SESSION_CONNECTING,	/* client: TCP connect under way */
	SESSION_TLS_HANDSHAKE,
	SESSION_HTTP,
	SESSION_HANDOFF,	/* answered; emptying OpenSSL for the kernel */
	SESSION_SSTP,		/* SSTP call and PPP under way or up */
	SESSION_FLUSHING,	/* sending a last answer before closing */
	SESSION_CLOSED,
};

struct session {
	unsigned int id;
	struct server *srv;
	struct session *next, *prev;
	enum session_phase phase;
	char peer[64];			/* outer address, "a.b.c.d:port" */
	bool client;			/* we connected out (client role) */
	enum session_end end;		/* client: why it ended */
	char close_reason[160];		/* what session_close() was told */
	uint8_t peer_sha1[20];		/* client: the server's certificate, */
	uint8_t peer_sha256[32];	/* for the crypto binding */

	/* The TCP socket and OpenSSL on it: gone (-1, NULL) in kernel mode. */
	struct loop_fd sock;
	SSL *ssl;
	bool want_write;		/* SSL needs EPOLLOUT to progress */
	struct loop_timer timer;	/* the earliest of every deadline below */
	uint64_t phase_deadline_ms;	/* handshake, HTTP, hand-off, flushing */
	/* Server role: closed at this time unless authenticated (0: it is). */
	uint64_t auth_deadline_ms;
	struct admission_entry admission;	/* listed until authenticated */

	/*
	 * Only while they are needed, so that a kernel-mode session keeps
	 * little more than its call and PPP engine (issue 11): the HTTP head
	 * until it is parsed, what OpenSSL decrypted until the module has it,
	 * the de-framer in user mode only.
	 */
	char *http;
	size_t http_len;
	uint8_t *handoff;		/* SESSION_HANDOFF: for the module */
	size_t handoff_len;
	struct sstp_deframe *deframe;	/* user mode: the SSTP stream */

	struct sstp_call call;
	struct ppp *ppp;

	/*
	 * Bytes for SSL_write, in order; control and data share it.  It grows
	 * as needed (most sessions only ever queue an HTTP answer) and goes
	 * with OpenSSL at the kernel hand-off.
	 */
	uint8_t *out;
	size_t out_len, out_cap;

	/* NULL until the SSTP call starts; then the data path in use. */
	const struct link_ops *link;
	struct link_user ulink;
	struct link_kernel klink;

	char tls_version[16];		/* as OpenSSL names them, for sstpctl */
	char tls_cipher[64];
	char user[256];
	const char *auth_method;
	bool up;			/* IPCP open: the tunnel carries IPv4 */
	struct in_addr addr;		/* from the pool, while has_addr */
	bool has_addr;
	uint64_t started_ms;

	struct loop_deferred free_work;
	/* The read budget ran out with bytes still inside OpenSSL. */
	struct loop_deferred read_again;
	bool read_again_queued;
};

/*
 * Who is told of the sessions' events: the control socket (control.c)
 * registers itself in the server, so that sessions call nothing above them.
 */
struct session_observer {
	/* kind: connect, up, auth_failed, or down with its reason. */
	void (*event)(struct server *srv, struct session *sess, const char *kind,
		      const char *reason);
	/* A TLS handshake finished (for the handshakes-per-second figure). */
	void (*handshake_done)(struct server *srv);
};

/* Take a freshly accepted, non-blocking socket; NULL when out of memory. */
struct session *session_new(struct server *srv, int fd, const char *peer);

/*
 * Client role: a non-blocking socket whose connect() is under way to peer,
 * with ssl on it (tls_client_connect()), which the session takes; NULL
 * when out of memory, ssl freed then (not fd).
 */
struct session *session_new_client(struct server *srv, int fd, const char *peer, SSL *ssl);

/* Orderly end (server shutdown, operator kill): PPP and SSTP goodbyes. */
void session_shutdown(struct session *sess, const char *reason);

/* Immediate end: releases everything; the memory goes after this batch. */
void session_close(struct session *sess, const char *reason);

/* --- within the session (session_call.c) and for the links ----------- */

/* SSTP_DUPLEX_POST answered: the call starts on link (session_call.c). */
void session_call_start(struct session *sess, const struct link_ops *link);

static inline bool session_live(const struct session *sess)
{
	return sess->phase != SESSION_CLOSED;
}

uint64_t session_now(const struct session *sess);

/* Tell the server's observer, if any, of an event of sess. */
void session_report(struct session *sess, const char *kind, const char *reason);

/*
 * What the control socket shows of a session (docs/control.md), so that it
 * reads no session's internals.  The strings live as long as the session.
 */
struct session_view {
	unsigned int id;
	const char *role;		/* client (connected out) or server */
	const char *state;		/* handshake, http, negotiating, up, closing */
	const char *user;		/* "" until authenticated */
	const char *auth;		/* the method, "" until authenticated */
	const char *outer;		/* the peer's address and port */
	char inner[INET_ADDRSTRLEN];	/* the tunnel address, "" before */
	const char *datapath;		/* user, kernel, "" before the HTTP step */
	uint32_t kernel_id;		/* sstp.ko's session, 0 without one */
	const char *tls_version, *tls_cipher;
	uint64_t uptime_s;
	struct link_counters counters;
};

void session_view(struct session *sess, struct session_view *v);
const char *session_state_name(const struct session *sess);

/* The next session of the server's list, for walking it. */
static inline struct session *session_next(const struct session *sess)
{
	return sess->next;
}

__attribute__((format(printf, 3, 4)))
void session_log(const struct session *sess, enum log_level level, const char *fmt, ...);

/* Re-arm the session's timer after the call or PPP engine moved. */
void session_update_timer(struct session *sess);

/*
 * Queue bytes for SSL_write.  Data (droppable) stops at the high mark and
 * returns false; control may use the whole queue, and a client that lets
 * even that fill up is closed.
 */
bool session_queue(struct session *sess, const void *head, size_t head_len,
		   const void *body, size_t body_len, bool droppable);
/* Send what the socket takes of the queue. */
void session_flush(struct session *sess);

/* The MTU of the tunnel interface: what both ends and SSTP can carry. */
unsigned int session_tunnel_mtu(const struct session *sess);

#endif /* SSTP_SESSION_H */
