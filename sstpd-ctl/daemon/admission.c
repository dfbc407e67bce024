// SPDX-License-Identifier: GPL-2.0
/* Connections not yet authenticated, per source (daemon/admission.h). */

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/admission.h"

int admission_init(struct admission *a, unsigned int max_total, unsigned int max_per_source)
{
	memset(a, 0, sizeof(*a));
	a->max_total = max_total;
	a->max_per_source = max_per_source;
	a->sources = calloc(max_total, sizeof(*a->sources));
	return a->sources ? 0 : -ENOMEM;
}

void admission_free(struct admission *a)
{
	free(a->sources);
	a->sources = NULL;
}

void admission_key(const struct sockaddr *peer, uint8_t key[ADMISSION_KEY_LEN])
{
	memset(key, 0, ADMISSION_KEY_LEN);
	if (peer->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)peer;

		/* As ::ffff:a.b.c.d, the whole address. */
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &sin->sin_addr, 4);
	} else if (peer->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)peer;
		const uint8_t *addr = sin6->sin6_addr.s6_addr;
		static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };

		/* An IPv4 client of a dual-stack listener is its address, else its /64. */
		memcpy(key, addr, !memcmp(addr, v4mapped, 12) ? 16 : 8);
	}
}

static struct admission_source *find_source(struct admission *a,
					    const uint8_t key[ADMISSION_KEY_LEN])
{
	for (unsigned int i = 0; i < a->source_count; i++) {
		if (!memcmp(a->sources[i].key, key, ADMISSION_KEY_LEN))
			return &a->sources[i];
	}
	return NULL;
}

/* The oldest connection of the source with the most. */
static struct admission_entry *busiest_oldest(struct admission *a)
{
	unsigned int most = 0;
	struct admission_entry *e;

	for (unsigned int i = 0; i < a->source_count; i++) {
		if (a->sources[i].count > most)
			most = a->sources[i].count;
	}
	for (e = a->oldest; e; e = e->next) {
		if (find_source(a, e->key)->count == most)
			return e;
	}
	return NULL;
}

enum admission_verdict admission_check(struct admission *a, const uint8_t key[ADMISSION_KEY_LEN],
				       struct admission_entry **evict)
{
	struct admission_source *s = find_source(a, key);

	*evict = NULL;
	if (s && s->count >= a->max_per_source) {
		a->refused++;
		return ADMISSION_REFUSE;
	}
	if (a->count < a->max_total)
		return ADMISSION_ADMIT;
	*evict = busiest_oldest(a);
	if (!*evict) {
		a->refused++;
		return ADMISSION_REFUSE;
	}
	a->evicted++;
	return ADMISSION_EVICT;
}

void admission_add(struct admission *a, struct admission_entry *e,
		   const uint8_t key[ADMISSION_KEY_LEN])
{
	struct admission_source *s = find_source(a, key);

	/* The caller asked first: there is room for it and its source. */
	if (!s) {
		if (a->source_count == a->max_total)
			return;
		s = &a->sources[a->source_count++];
		memcpy(s->key, key, ADMISSION_KEY_LEN);
		s->count = 0;
	}
	s->count++;
	memcpy(e->key, key, ADMISSION_KEY_LEN);
	e->next = NULL;
	e->prev = a->newest;
	if (a->newest)
		a->newest->next = e;
	else
		a->oldest = e;
	a->newest = e;
	e->listed = true;
	a->count++;
}

void admission_remove(struct admission *a, struct admission_entry *e)
{
	struct admission_source *s;

	if (!e->listed)
		return;
	if (e->prev)
		e->prev->next = e->next;
	else
		a->oldest = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		a->newest = e->prev;
	e->prev = e->next = NULL;
	e->listed = false;
	a->count--;
	s = find_source(a, e->key);
	if (s && !--s->count)
		*s = a->sources[--a->source_count];
}
