/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space side of the "sstp" generic netlink family (libnl-genl): the
 * requests sstpd and sstpctl make of sstp.ko, and the notifications it sends.
 *
 * One struct sstp_genl is one netlink socket.  Sessions belong to the socket
 * that created them (they end when it closes), and the module sends that
 * socket the control packets of its sessions (CONTROL_NTF) and their end
 * (SESSION_DOWN_NTF).  Notifications that arrive while a request waits for
 * its answer are kept and handed out by sstp_genl_dispatch(), never from
 * inside a request, so a handler may make requests of its own.
 */
#ifndef SSTP_USER_GENL_H
#define SSTP_USER_GENL_H

#include <stddef.h>
#include <stdint.h>

#include "sstp_genl.h"

struct sstp_genl;

struct sstp_module_info {
	char release[33];
	uint32_t api_version;	/* the family version the kernel registered */
	uint32_t features;	/* enum sstp_feature bits */
};

struct sstp_session_info {
	uint32_t id;
	uint32_t channel;
	enum sstp_session_state state;
	uint32_t idle_ms;
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
};

struct sstp_genl_events {
	/* One SSTP control packet from the client of session id. */
	void (*control)(void *ctx, uint32_t id, const uint8_t *pkt, size_t len);
	/* Session id ended; final holds its last counters. */
	void (*down)(void *ctx, uint32_t id, enum sstp_down_reason reason,
		     const struct sstp_session_info *final);
};

/*
 * Connect to the family.  Returns 0, -ENOENT when the module is not loaded
 * (the family is unknown), or another negative errno.
 */
int sstp_genl_open(struct sstp_genl **out);
void sstp_genl_close(struct sstp_genl *g);

/* The socket's descriptor, to watch for notifications in an event loop. */
int sstp_genl_fd(const struct sstp_genl *g);

/*
 * Notifications kept during requests and not yet dispatched.  The socket
 * does not become readable for them: call sstp_genl_dispatch() after a
 * request when this is not zero.
 */
size_t sstp_genl_pending(const struct sstp_genl *g);

/* Join the "events" multicast group (every session's end, any owner). */
int sstp_genl_subscribe_events(struct sstp_genl *g);

/*
 * Read what is waiting on the socket without blocking and hand every
 * notification, kept or new, to events.  Returns 0, -ENOBUFS when the
 * socket overran and notifications were lost, or another negative errno.
 */
int sstp_genl_dispatch(struct sstp_genl *g, const struct sstp_genl_events *events, void *ctx);

int sstp_genl_version(struct sstp_genl *g, struct sstp_module_info *info);

/*
 * Hand a connected socket to the module.  initial holds plaintext already
 * read past the HTTP request (may be empty).  On success *id and *channel
 * name the new session and its ppp channel.  Errors are negative errnos;
 * the module's extended-ack message, if any, is in sstp_genl_last_error().
 */
int sstp_genl_session_new(struct sstp_genl *g, int fd, enum sstp_transport transport,
			  unsigned int mru, const void *initial, size_t initial_len,
			  uint32_t *id, uint32_t *channel);
int sstp_genl_session_del(struct sstp_genl *g, uint32_t id);
int sstp_genl_session_set_connected(struct sstp_genl *g, uint32_t id);
int sstp_genl_session_set_mru(struct sstp_genl *g, uint32_t id, uint32_t mru);
int sstp_genl_control_send(struct sstp_genl *g, uint32_t id, const void *pkt, size_t len);
int sstp_genl_session_get(struct sstp_genl *g, uint32_t id, struct sstp_session_info *info);
/* Calls fn for every session; a non-zero return from fn stops and is returned. */
int sstp_genl_session_dump(struct sstp_genl *g,
			   int (*fn)(const struct sstp_session_info *info, void *ctx), void *ctx);

/* The kernel's extended-ack message of the last failed request, or "". */
const char *sstp_genl_last_error(const struct sstp_genl *g);

/* Comma-separated names of the feature bits into buf; "none" when empty. */
void sstp_genl_features_format(uint32_t features, char *buf, size_t size);
const char *sstp_genl_down_reason_name(enum sstp_down_reason reason);

#endif /* SSTP_USER_GENL_H */
