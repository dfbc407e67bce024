// SPDX-License-Identifier: GPL-2.0
/* IPv4 address pool: a bitmap over the client addresses of one prefix. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/pool.h"

struct pool {
	uint32_t network;	/* host order */
	uint32_t first;		/* first client address, host order */
	size_t size;		/* client addresses */
	size_t in_use;
	size_t cursor;		/* next index to try */
	uint8_t *used;		/* one bit per client address */
};

int pool_new(const char *cidr, struct pool **out, char *err, size_t err_size)
{
	char addr_text[INET_ADDRSTRLEN];
	const char *slash = strchr(cidr, '/');
	struct in_addr addr;
	struct pool *p;
	unsigned long prefix;
	uint32_t mask;
	char *end;

	if (!slash || (size_t)(slash - cidr) >= sizeof(addr_text)) {
		snprintf(err, err_size, "not an IPv4 prefix (ADDRESS/LENGTH): '%s'", cidr);
		return -EINVAL;
	}
	memcpy(addr_text, cidr, (size_t)(slash - cidr));
	addr_text[slash - cidr] = '\0';
	errno = 0;
	prefix = strtoul(slash + 1, &end, 10);
	if (inet_pton(AF_INET, addr_text, &addr) != 1 || *end || end == slash + 1 ||
	    errno || slash[1] == '-' || slash[1] == '+') {
		snprintf(err, err_size, "not an IPv4 prefix (ADDRESS/LENGTH): '%s'", cidr);
		return -EINVAL;
	}
	if (prefix < 8 || prefix > 30) {
		snprintf(err, err_size, "prefix length must be 8 to 30: '%s'", cidr);
		return -EINVAL;
	}
	mask = ~0u << (32 - prefix);
	if (ntohl(addr.s_addr) & ~mask) {
		snprintf(err, err_size, "host bits set in prefix: '%s'", cidr);
		return -EINVAL;
	}

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->network = ntohl(addr.s_addr);
	/* Network, server and broadcast addresses are not for clients. */
	p->first = p->network + 2;
	p->size = ((size_t)1 << (32 - prefix)) - 3;
	p->used = calloc((p->size + 7) / 8, 1);
	if (!p->used) {
		free(p);
		return -ENOMEM;
	}
	*out = p;
	return 0;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	free(p->used);
	free(p);
}

struct in_addr pool_server_addr(const struct pool *p)
{
	return (struct in_addr){ .s_addr = htonl(p->network + 1) };
}

size_t pool_size(const struct pool *p)
{
	return p->size;
}

size_t pool_in_use(const struct pool *p)
{
	return p->in_use;
}

static int bit_test(const struct pool *p, size_t i)
{
	return p->used[i / 8] & (1u << (i % 8));
}

static void bit_set(struct pool *p, size_t i)
{
	p->used[i / 8] |= (uint8_t)(1u << (i % 8));
	p->in_use++;
}

/*
 * Next-fit: an address just given back is the last to be handed out again,
 * so stale ARP entries and connection tracking of the old session age out.
 */
int pool_alloc(struct pool *p, struct in_addr *addr)
{
	if (p->in_use == p->size)
		return -ENOSPC;
	for (size_t n = 0; n < p->size; n++) {
		size_t i = (p->cursor + n) % p->size;

		if (!bit_test(p, i)) {
			bit_set(p, i);
			p->cursor = (i + 1) % p->size;
			addr->s_addr = htonl(p->first + (uint32_t)i);
			return 0;
		}
	}
	return -ENOSPC;
}

static int index_of(const struct pool *p, struct in_addr addr, size_t *i)
{
	uint32_t a = ntohl(addr.s_addr);

	if (a < p->first || a - p->first >= p->size)
		return -ERANGE;
	*i = a - p->first;
	return 0;
}

int pool_claim(struct pool *p, struct in_addr addr)
{
	size_t i;
	int err = index_of(p, addr, &i);

	if (err)
		return err;
	if (bit_test(p, i))
		return -EBUSY;
	bit_set(p, i);
	return 0;
}

int pool_release(struct pool *p, struct in_addr addr)
{
	size_t i;
	int err = index_of(p, addr, &i);

	if (err)
		return err;
	if (!bit_test(p, i))
		return -ENOENT;
	p->used[i / 8] &= (uint8_t)~(1u << (i % 8));
	p->in_use--;
	return 0;
}
