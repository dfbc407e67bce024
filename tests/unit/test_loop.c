// SPDX-License-Identifier: GPL-2.0
/* The event loop: timer order, cancel and re-arm, descriptors, deferred work. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/loop.h"

struct probe {
	struct loop_timer timer;
	int id;
};

static struct loop *test_loop;
static int fired[64];
static int fired_count;

static void record_expiry(struct loop_timer *timer)
{
	struct probe *p = container_of(timer, struct probe, timer);

	fired[fired_count++] = p->id;
	if (fired_count == 4)
		loop_stop(test_loop);
}

static void test_timers_fire_in_deadline_order(void **state)
{
	struct probe probes[6];
	/* Deadlines relative to now: ids come out sorted by them. */
	const uint64_t at[6] = { 30, 10, 50, 20, 40, 5 };

	(void)state;
	assert_int_equal(loop_new(&test_loop), 0);
	fired_count = 0;
	for (int i = 0; i < 6; i++) {
		probes[i].id = i;
		probes[i].timer.on_expire = record_expiry;
		probes[i].timer.heap_index = 0;
		assert_int_equal(loop_timer_arm(test_loop, &probes[i].timer, at[i]), 0);
	}
	/* Cancel one in the middle and move another later. */
	loop_timer_cancel(test_loop, &probes[3].timer);
	assert_false(loop_timer_armed(&probes[3].timer));
	assert_int_equal(loop_timer_arm(test_loop, &probes[5].timer, 45), 0);
	assert_int_equal(loop_run(test_loop), 0);
	assert_int_equal(fired_count, 4);
	assert_int_equal(fired[0], 1);	/* 10 */
	assert_int_equal(fired[1], 0);	/* 30 */
	assert_int_equal(fired[2], 4);	/* 40 */
	assert_int_equal(fired[3], 5);	/* 45 */
	assert_true(loop_timer_armed(&probes[2].timer));
	loop_free(test_loop);
}

static void test_many_timers_stay_ordered(void **state)
{
	enum { N = 500 };
	struct loop_timer *timers = calloc(N, sizeof(*timers));
	struct loop *loop;
	uint64_t last = 0;

	(void)state;
	assert_int_equal(loop_new(&loop), 0);
	srand(7);
	for (int i = 0; i < N; i++)
		assert_int_equal(loop_timer_arm(loop, &timers[i], (uint64_t)(rand() % 100000)), 0);
	for (int i = 0; i < N; i += 3)
		loop_timer_cancel(loop, &timers[i]);
	/* Pop everything through cancel of the earliest, checking the order. */
	for (;;) {
		struct loop_timer *earliest = NULL;

		for (int i = 0; i < N; i++) {
			if (loop_timer_armed(&timers[i]) &&
			    (!earliest || timers[i].deadline_ms < earliest->deadline_ms))
				earliest = &timers[i];
		}
		if (!earliest)
			break;
		assert_true(earliest->deadline_ms >= last);
		last = earliest->deadline_ms;
		loop_timer_cancel(loop, earliest);
	}
	loop_free(loop);
	free(timers);
}

struct pipe_probe {
	struct loop_fd lfd;
	struct loop_deferred deferred;
	struct loop *loop;
	int reads;
	int deferred_runs;
};

static void on_deferred(struct loop_deferred *d)
{
	struct pipe_probe *p = container_of(d, struct pipe_probe, deferred);

	p->deferred_runs++;
	loop_stop(p->loop);
}

static void on_readable(struct loop_fd *lfd, uint32_t events)
{
	struct pipe_probe *p = container_of(lfd, struct pipe_probe, lfd);
	char c;

	assert_true(events & EPOLLIN);
	assert_int_equal(read(lfd->fd, &c, 1), 1);
	p->reads++;
	loop_fd_remove(p->loop, lfd);
	loop_defer(p->loop, &p->deferred);
	/* Deferred work runs after this callback, not inside it. */
	assert_int_equal(p->deferred_runs, 0);
}

static void test_fd_events_and_deferred_work(void **state)
{
	struct pipe_probe p = { 0 };
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(loop_new(&p.loop), 0);
	p.lfd.fd = fds[0];
	p.lfd.on_event = on_readable;
	p.deferred.run = on_deferred;
	assert_int_equal(loop_fd_add(p.loop, &p.lfd, EPOLLIN), 0);
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_int_equal(loop_run(p.loop), 0);
	assert_int_equal(p.reads, 1);
	assert_int_equal(p.deferred_runs, 1);
	loop_free(p.loop);
	close(fds[0]);
	close(fds[1]);
}

struct ordered {
	struct loop_deferred d;
	int id;
};

static int order[4], order_count;

static struct loop *order_loop;

static void record_order(struct loop_deferred *d)
{
	order[order_count++] = container_of(d, struct ordered, d)->id;
	if (order_count == 3)
		loop_stop(order_loop);
}

/* Work runs in the order it was queued: a session's free comes last. */
static void test_deferred_work_is_fifo(void **state)
{
	struct ordered work[3] = { { .id = 0 }, { .id = 1 }, { .id = 2 } };
	struct loop *loop;

	(void)state;
	assert_int_equal(loop_new(&loop), 0);
	order_loop = loop;
	order_count = 0;
	for (int i = 0; i < 3; i++) {
		work[i].d.run = record_order;
		loop_defer(loop, &work[i].d);
	}
	/* Queued work makes the loop not wait for descriptors. */
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(order_count, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(order[i], i);
	loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers_fire_in_deadline_order),
		cmocka_unit_test(test_many_timers_stay_ordered),
		cmocka_unit_test(test_fd_events_and_deferred_work),
		cmocka_unit_test(test_deferred_work_is_fifo),
	};

	return cmocka_run_group_tests_name("loop", tests, NULL, NULL);
}
