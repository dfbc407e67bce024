/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server: listening sockets, the shared resources every session draws
 * on (TLS context, users, address pool), and the list of sessions.
 */
#ifndef SSTP_SERVER_H
#define SSTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "daemon/admission.h"
#include "daemon/config.h"
#include "daemon/secrets.h"
#include "lib/loop.h"

struct session;
struct tls_server;
struct pool;
struct netcfg;
struct ctl;
struct sstp_genl;
struct client;
struct closer;

struct server {
	const struct config *config;
	struct loop *loop;
	struct loop_fd listener;
	struct loop_timer accept_pause;	/* out of descriptors: retry later */
	struct loop_fd signals;
	struct tls_server *tls;
	struct secrets users;
	struct pool *pool;
	struct netcfg *netcfg;
	/* Closes ppp units and TUN devices off the loop (lib/closer.h). */
	struct closer *closer;
	/* The kernel data path (datapath.c): sstp.ko's owner socket, or NULL. */
	struct sstp_genl *genl;
	struct loop_fd genl_fd;
	bool genl_gone;			/* sstp.ko unloaded: close after dispatch */
	struct loop_deferred genl_kick;	/* dispatch after this batch ... */
	bool genl_kick_queued;		/* ... once */
	struct session *sessions;	/* doubly linked through session->next/prev */
	unsigned int session_count;	/* all, authenticated or not */
	/* Those not yet authenticated (server role), per source. */
	struct admission admission;
	uint64_t refused_full;		/* at accept, max-sessions reached */
	/* Refusals are logged together, at most once in a while. */
	uint64_t refusals_unreported;
	uint64_t refusals_reported_ms;
	unsigned int next_session_id;
	struct ctl *ctl;		/* the control socket (control.c) */
	/* Told of sessions' events (control.c), or NULL. */
	const struct session_observer *observer;
	uint64_t started_ms;
	/* Handshakes finished in each of the last seconds, for sstpctl status. */
	uint64_t handshake_second[10];
	uint32_t handshake_count[10];
	bool stopping;			/* SIGTERM: disconnecting everyone */
	struct loop_timer stop_timer;	/* gives up on slow disconnects */
	struct client *client;		/* client role (client.c); NULL: server */
};

/* Set up from the configuration; startup errors are logged, 1 returned. */
int server_start(struct server *srv, const struct config *config, struct loop *loop);
/* The TCP options every session's socket gets, either role. */
void server_tune_socket(int fd);
void server_stop(struct server *srv);

/* sstpd -n: load what start-up would, say what it would make; 0 or an error. */
int server_check(const struct config *config, char *err, size_t err_size);

/* Re-read the users file; on an error the loaded users stay, err says why. */
int server_reload_users(struct server *srv, char *err, size_t err_size);

/* A session the client role started joins the list. */
void server_add_session(struct server *srv, struct session *sess);

/* Sessions that have authenticated (server role). */
unsigned int server_established(const struct server *srv);

/*
 * A session authenticated: it leaves the admission count.  False when the
 * server already has max-sessions authenticated ones: close it.
 */
bool server_session_authenticated(struct server *srv, struct session *sess);

/* Called by a session when it is gone, so that shutdown can finish. */
void server_session_gone(struct server *srv, struct session *sess);

#endif /* SSTP_SERVER_H */
