// SPDX-License-Identifier: GPL-2.0
/* Descriptors closed by a few threads off the event loop (lib/closer.h). */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/closer.h"

#define CLOSER_THREADS_MAX	16

struct closer {
	pthread_mutex_t lock;
	pthread_cond_t work;
	int *fds;		/* a stack: the order of closes does not matter */
	unsigned int count, capacity;
	unsigned int closing;	/* taken off the stack, close() under way */
	bool stopping;
	unsigned int threads;
	pthread_t thread[CLOSER_THREADS_MAX];
};

static void *closer_thread(void *arg)
{
	struct closer *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		int fd;

		while (!c->count && !c->stopping)
			pthread_cond_wait(&c->work, &c->lock);
		if (!c->count)
			break;
		fd = c->fds[--c->count];
		c->closing++;
		pthread_mutex_unlock(&c->lock);
		close(fd);
		pthread_mutex_lock(&c->lock);
		c->closing--;
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int closer_new(unsigned int threads, struct closer **out)
{
	struct closer *c = calloc(1, sizeof(*c));
	sigset_t all, old;
	int err = 0;

	if (!c)
		return -ENOMEM;
	if (threads > CLOSER_THREADS_MAX)
		threads = CLOSER_THREADS_MAX;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->work, NULL);
	/* The event loop takes every signal through its signalfd. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; c->threads < threads; c->threads++) {
		err = -pthread_create(&c->thread[c->threads], NULL, closer_thread, c);
		if (err)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		closer_free(c);
		return err;
	}
	*out = c;
	return 0;
}

void closer_close(struct closer *c, int fd)
{
	if (fd < 0)
		return;
	if (!c || !c->threads) {
		close(fd);
		return;
	}
	pthread_mutex_lock(&c->lock);
	if (c->count == c->capacity) {
		unsigned int grown = c->capacity ? 2 * c->capacity : 64;
		int *fds = realloc(c->fds, grown * sizeof(*fds));

		if (!fds) {
			pthread_mutex_unlock(&c->lock);
			close(fd);
			return;
		}
		c->fds = fds;
		c->capacity = grown;
	}
	c->fds[c->count++] = fd;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
}

unsigned int closer_pending(struct closer *c)
{
	unsigned int n;

	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	n = c->count + c->closing;
	pthread_mutex_unlock(&c->lock);
	return n;
}

void closer_free(struct closer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->lock);
	for (unsigned int i = 0; i < c->threads; i++)
		pthread_join(c->thread[i], NULL);
	/* Without threads nothing was queued; with them, they drained it. */
	for (unsigned int i = 0; i < c->count; i++)
		close(c->fds[i]);
	pthread_cond_destroy(&c->work);
	pthread_mutex_destroy(&c->lock);
	free(c->fds);
	free(c);
}
