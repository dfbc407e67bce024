// SPDX-License-Identifier: GPL-2.0
/* epoll and a binary min-heap of timers. */

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "lib/loop.h"

#define LOOP_MAX_EVENTS 64

struct loop {
	int epfd;
	bool stopping;
	uint64_t now_ms;
	/* 1-based heap: heap[1] is the earliest deadline, heap[0] unused. */
	struct loop_timer **heap;
	size_t heap_len;
	size_t heap_cap;
	/* FIFO, so that work queued for a session runs before its free. */
	struct loop_deferred *deferred, **deferred_tail;
};

static uint64_t clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int loop_new(struct loop **out)
{
	struct loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return -ENOMEM;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int err = -errno;

		free(loop);
		return err;
	}
	loop->now_ms = clock_ms();
	*out = loop;
	return 0;
}

void loop_free(struct loop *loop)
{
	if (!loop)
		return;
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

void loop_stop(struct loop *loop)
{
	loop->stopping = true;
}

uint64_t loop_now(const struct loop *loop)
{
	return loop->now_ms;
}

int loop_fd_add(struct loop *loop, struct loop_fd *lfd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = lfd };

	lfd->events = events;
	return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, lfd->fd, &ev) ? -errno : 0;
}

int loop_fd_modify(struct loop *loop, struct loop_fd *lfd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = lfd };

	if (lfd->events == events)
		return 0;
	lfd->events = events;
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, lfd->fd, &ev) ? -errno : 0;
}

void loop_fd_remove(struct loop *loop, struct loop_fd *lfd)
{
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, lfd->fd, NULL);
}

static void heap_place(struct loop *loop, size_t i, struct loop_timer *t)
{
	loop->heap[i] = t;
	t->heap_index = i;
}

static void heap_up(struct loop *loop, size_t i)
{
	struct loop_timer *t = loop->heap[i];

	while (i > 1 && loop->heap[i / 2]->deadline_ms > t->deadline_ms) {
		heap_place(loop, i, loop->heap[i / 2]);
		i /= 2;
	}
	heap_place(loop, i, t);
}

static void heap_down(struct loop *loop, size_t i)
{
	struct loop_timer *t = loop->heap[i];

	for (;;) {
		size_t child = 2 * i;

		if (child > loop->heap_len)
			break;
		if (child < loop->heap_len &&
		    loop->heap[child + 1]->deadline_ms < loop->heap[child]->deadline_ms)
			child++;
		if (loop->heap[child]->deadline_ms >= t->deadline_ms)
			break;
		heap_place(loop, i, loop->heap[child]);
		i = child;
	}
	heap_place(loop, i, t);
}

void loop_timer_cancel(struct loop *loop, struct loop_timer *timer)
{
	size_t i = timer->heap_index;
	struct loop_timer *last;

	if (!i)
		return;
	timer->heap_index = 0;
	last = loop->heap[loop->heap_len--];
	if (last == timer)
		return;
	heap_place(loop, i, last);
	heap_up(loop, i);
	heap_down(loop, last->heap_index);
}

int loop_timer_arm_at(struct loop *loop, struct loop_timer *timer, uint64_t deadline_ms)
{
	loop_timer_cancel(loop, timer);
	if (loop->heap_len + 1 >= loop->heap_cap) {
		size_t cap = loop->heap_cap ? 2 * loop->heap_cap : 64;
		struct loop_timer **heap = realloc(loop->heap, cap * sizeof(*heap));

		if (!heap)
			return -ENOMEM;
		loop->heap = heap;
		loop->heap_cap = cap;
	}
	timer->deadline_ms = deadline_ms;
	loop->heap_len++;
	heap_place(loop, loop->heap_len, timer);
	heap_up(loop, loop->heap_len);
	return 0;
}

int loop_timer_arm(struct loop *loop, struct loop_timer *timer, uint64_t ms)
{
	return loop_timer_arm_at(loop, timer, loop->now_ms + ms);
}

bool loop_timer_armed(const struct loop_timer *timer)
{
	return timer->heap_index != 0;
}

static int next_timeout(const struct loop *loop)
{
	uint64_t deadline;

	if (loop->deferred)
		return 0;
	if (!loop->heap_len)
		return -1;
	deadline = loop->heap[1]->deadline_ms;
	if (deadline <= loop->now_ms)
		return 0;
	return deadline - loop->now_ms > 60000 ? 60000 : (int)(deadline - loop->now_ms);
}

static void run_timers(struct loop *loop)
{
	/* A callback may arm timers again; each expiry runs once per pass. */
	while (loop->heap_len && loop->heap[1]->deadline_ms <= loop->now_ms &&
	       !loop->stopping) {
		struct loop_timer *t = loop->heap[1];

		loop_timer_cancel(loop, t);
		t->on_expire(t);
	}
}

void loop_defer(struct loop *loop, struct loop_deferred *deferred)
{
	deferred->next = NULL;
	if (!loop->deferred)
		loop->deferred_tail = &loop->deferred;
	*loop->deferred_tail = deferred;
	loop->deferred_tail = &deferred->next;
}

static void run_deferred(struct loop *loop)
{
	while (loop->deferred) {
		struct loop_deferred *d = loop->deferred;

		loop->deferred = d->next;
		d->run(d);
	}
}

int loop_run(struct loop *loop)
{
	struct epoll_event events[LOOP_MAX_EVENTS];

	loop->stopping = false;
	while (!loop->stopping) {
		int n = epoll_wait(loop->epfd, events, LOOP_MAX_EVENTS, next_timeout(loop));

		if (n < 0 && errno != EINTR)
			return -errno;
		loop->now_ms = clock_ms();
		for (int i = 0; i < n; i++) {
			struct loop_fd *lfd = events[i].data.ptr;

			lfd->on_event(lfd, events[i].events);
		}
		run_timers(loop);
		run_deferred(loop);
	}
	run_deferred(loop);
	return 0;
}
