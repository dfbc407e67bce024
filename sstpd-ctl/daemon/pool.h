/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 address pool from a CIDR: the first host address is the server's end
 * of every tunnel, the rest go to clients, one per session.
 */
#ifndef SSTP_POOL_H
#define SSTP_POOL_H

#include <netinet/in.h>
#include <stddef.h>

struct pool;

/*
 * "10.8.0.0/24" gives server 10.8.0.1 and clients 10.8.0.2-10.8.0.254.
 * Prefixes from /8 to /30.  Returns 0, or -EINVAL with the reason in err.
 */
int pool_new(const char *cidr, struct pool **out, char *err, size_t err_size);
void pool_free(struct pool *p);

struct in_addr pool_server_addr(const struct pool *p);
size_t pool_size(const struct pool *p);
size_t pool_in_use(const struct pool *p);

/* A free address, or -ENOSPC when none is left. */
int pool_alloc(struct pool *p, struct in_addr *addr);

/*
 * A given address (a user's fixed address): -ERANGE when it is not a client
 * address of the pool, -EBUSY when another session holds it.
 */
int pool_claim(struct pool *p, struct in_addr addr);

/* Give back an address; releasing one that is not held is reported. */
int pool_release(struct pool *p, struct in_addr addr);

#endif /* SSTP_POOL_H */
