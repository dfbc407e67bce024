/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Admission: the connections that have not authenticated yet, counted
 * apart from the sessions, in total and per source (an IPv4 address, an
 * IPv6 /64), so that idle or stalled connections from a few sources cannot
 * lock real users out.  A source at its limit gets no more; at the total
 * limit the oldest connection of the busiest source goes first.
 *
 * Plain bookkeeping, no I/O: the server asks before accepting and closes
 * what it is told to.  Bounded by the total limit: the sources are an
 * array searched in a line (a few hundred entries).
 */
#ifndef SSTP_ADMISSION_H
#define SSTP_ADMISSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define ADMISSION_KEY_LEN	16

/* Embedded in each connection not yet authenticated. */
struct admission_entry {
	struct admission_entry *prev, *next;	/* oldest first */
	uint8_t key[ADMISSION_KEY_LEN];
	bool listed;
};

struct admission_source {
	uint8_t key[ADMISSION_KEY_LEN];
	unsigned int count;
};

struct admission {
	unsigned int max_total, max_per_source;
	unsigned int count;
	struct admission_entry *oldest, *newest;
	struct admission_source *sources;	/* max_total of them */
	unsigned int source_count;
	/* Since the start, for sstpctl status. */
	uint64_t refused, evicted;
};

enum admission_verdict {
	ADMISSION_ADMIT,	/* room: add it */
	ADMISSION_EVICT,	/* room once *evict is closed (the server does it) */
	ADMISSION_REFUSE,	/* its source is at its limit: close it */
};

int admission_init(struct admission *a, unsigned int max_total, unsigned int max_per_source);
void admission_free(struct admission *a);

/* The source of a peer: the IPv4 address, or the /64 of an IPv6 one. */
void admission_key(const struct sockaddr *peer, uint8_t key[ADMISSION_KEY_LEN]);

/* May a new connection from KEY come in?  Counts refusals and evictions. */
enum admission_verdict admission_check(struct admission *a, const uint8_t key[ADMISSION_KEY_LEN],
				       struct admission_entry **evict);

/* A connection from KEY came in (after ADMIT, or EVICT and the close). */
void admission_add(struct admission *a, struct admission_entry *e,
		   const uint8_t key[ADMISSION_KEY_LEN]);

/* It authenticated, or it is gone; nothing when it was not listed. */
void admission_remove(struct admission *a, struct admission_entry *e);

#endif
