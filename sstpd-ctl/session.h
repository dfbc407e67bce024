/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One client connection, from accept to teardown: TLS handshake, HTTP step,
 * SSTP call, PPP, and (in user mode) IP packets between the TLS stream and a
 * TUN interface.  Every way out ends in session_close(), which releases
 * everything the session holds.
 */
#ifndef SSTP_SESSION_H
#define SSTP_SESSION_H

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

#include "deframe.h"
#include "loop.h"
#include "sstp.h"
#include "tun.h"

struct server;
struct ppp;

enum session_phase {
	SESSION_TLS_HANDSHAKE,
	SESSION_HTTP,
	SESSION_SSTP,		/* SSTP call and PPP under way or up */
	SESSION_FLUSHING,	/* sending a last answer before closing */
	SESSION_CLOSED,
};

struct session_counters {
	uint64_t rx_bytes, tx_bytes;		/* IP bytes through the tunnel */
	uint64_t rx_packets, tx_packets;
	uint64_t rx_dropped, tx_dropped;	/* before connected, or no room */
};

struct session {
	unsigned int id;
	struct server *srv;
	struct session *next, *prev;
	enum session_phase phase;
	char peer[64];			/* outer address, "a.b.c.d:port" */

	struct loop_fd sock;
	SSL *ssl;
	bool want_write;		/* SSL needs EPOLLOUT to progress */
	struct loop_timer timer;	/* the earliest of every deadline below */
	uint64_t phase_deadline_ms;	/* handshake, HTTP, flushing */

	char http[4096];
	size_t http_len;

	struct sstp_deframe deframe;
	struct sstp_call call;
	struct ppp *ppp;

	/* Bytes for SSL_write, in order; control and data share it. */
	uint8_t *out;
	size_t out_len;

	char user[256];
	const char *auth_method;
	struct in_addr addr;		/* from the pool, while has_addr */
	bool has_addr;
	struct tun tun;
	struct loop_fd tun_fd;
	bool tun_paused;		/* output full: stop reading the TUN */
	bool ipv4_up;
	bool ipv6_up;
	uint64_t started_ms;

	struct session_counters counters;
	struct loop_deferred free_work;
};

/* Take a freshly accepted, non-blocking socket; NULL when out of memory. */
struct session *session_new(struct server *srv, int fd, const char *peer);

/* Orderly end (server shutdown, operator kill): PPP and SSTP goodbyes. */
void session_shutdown(struct session *sess, const char *reason);

/* Immediate end: releases everything; the memory goes after this batch. */
void session_close(struct session *sess, const char *reason);

#endif /* SSTP_SESSION_H */
