/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's one event loop: epoll for descriptors, a min-heap of timers on
 * the monotonic clock.  Single-threaded; callbacks run to completion.
 */
#ifndef SSTP_LOOP_H
#define SSTP_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

/* Embedded in its owner; the callback finds the owner with container_of. */
struct loop_fd {
	int fd;
	uint32_t events;
	void (*on_event)(struct loop_fd *lfd, uint32_t events);
};

struct loop_timer {
	uint64_t deadline_ms;
	size_t heap_index;	/* 0 when not armed */
	void (*on_expire)(struct loop_timer *timer);
};

/*
 * Work run after the current batch of events, when no callback of this
 * batch can still refer to the object: the place to free a session.
 */
struct loop_deferred {
	struct loop_deferred *next;
	void (*run)(struct loop_deferred *deferred);
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

int loop_new(struct loop **out);
void loop_free(struct loop *loop);

/* Run until loop_stop(); returns 0 or a negative errno from epoll. */
int loop_run(struct loop *loop);
void loop_stop(struct loop *loop);

/* Milliseconds on CLOCK_MONOTONIC, read once per loop iteration. */
uint64_t loop_now(const struct loop *loop);

int loop_fd_add(struct loop *loop, struct loop_fd *lfd, uint32_t events);
int loop_fd_modify(struct loop *loop, struct loop_fd *lfd, uint32_t events);
void loop_fd_remove(struct loop *loop, struct loop_fd *lfd);

/* (Re)arm a timer to fire after ms milliseconds; cancel is a no-op if idle. */
int loop_timer_arm(struct loop *loop, struct loop_timer *timer, uint64_t ms);
int loop_timer_arm_at(struct loop *loop, struct loop_timer *timer, uint64_t deadline_ms);
void loop_timer_cancel(struct loop *loop, struct loop_timer *timer);
bool loop_timer_armed(const struct loop_timer *timer);

void loop_defer(struct loop *loop, struct loop_deferred *deferred);

#endif /* SSTP_LOOP_H */
