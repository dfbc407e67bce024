/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client role: sstpd --connect HOST[:PORT] runs one outgoing session
 * in the same event loop, with the same session, links and data path as
 * the server's, and keeps it up: on any loss it connects again after an
 * exponential back-off (1 s doubling to 60 s, with jitter), unless --once
 * or a refusal no retry can cure (certificate, authentication) ends it.
 */
#ifndef SSTP_CLIENT_H
#define SSTP_CLIENT_H

#include <stddef.h>

#include "daemon/config.h"
#include "ppp/ppp.h"

struct server;
struct session;
struct tls_client;

/* sstpd's exit status in the client role (docs/man/sstpd.8). */
enum client_exit {
	CLIENT_EXIT_STOPPED = 0,	/* SIGTERM or SIGINT: disconnected in order */
	CLIENT_EXIT_UNTRUSTED = 1,	/* certificate refused; or a startup error */
	CLIENT_EXIT_CONFIG = 2,		/* configuration or command line */
	CLIENT_EXIT_AUTH = 3,		/* authentication refused (either side) */
	CLIENT_EXIT_REFUSED = 4,	/* --once: HTTP refusal, Nak or Abort */
	CLIENT_EXIT_LOST = 5,		/* --once: connection, call or PPP lost */
};

/* Set up and start the first attempt; 1 after logging a startup error. */
int client_start(struct server *srv);
void client_stop(struct server *srv);

/* The exit status once the loop has stopped. */
int client_exit_status(const struct server *srv);

/* The session ended (server_session_gone()): retry, or stop the loop. */
void client_session_gone(struct server *srv, struct session *sess);

/* For session.c: the TLS context, the name verified, the HTTP request. */
struct tls_client *client_tls(struct server *srv);
const char *client_name(const struct server *srv);
int client_http_request(struct server *srv, char *buf, size_t size);

/* The server's certificate is not trusted: one line, exit status 1. */
void client_refuse_certificate(struct session *sess, const char *why);

/* The methods we authenticate with: auth if given, else all three. */
void client_auth_methods(const struct config *c, enum ppp_auth out[PPP_AUTH_METHODS_MAX]);

/* IPCP up or down on the client's session: routes, DNS. */
void client_network_up(struct session *sess, const struct ppp_event_info *info);
void client_network_down(struct session *sess);

#endif /* SSTP_CLIENT_H */
