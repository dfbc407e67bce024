// SPDX-License-Identifier: GPL-2.0
/* Descriptors closed off the event loop (lib/closer.h). */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/closer.h"

#define PIPES	300

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0 || errno != EBADF;
}

/* The read end sees the end of the stream once the write end is closed. */
static bool wait_eof(int read_fd)
{
	struct pollfd p = { .fd = read_fd, .events = POLLIN };
	char c;

	/* Generous: the machine may be loaded; a working closer takes microseconds. */
	if (poll(&p, 1, 60000) != 1)
		return false;
	return read(read_fd, &c, 1) == 0;
}

static void test_closes_without_the_caller(void **state)
{
	int rd[PIPES], wr[PIPES];
	struct closer *c;

	(void)state;
	assert_int_equal(closer_new(4, &c), 0);
	for (int i = 0; i < PIPES; i++) {
		int p[2];

		assert_int_equal(pipe(p), 0);
		rd[i] = p[0];
		wr[i] = p[1];
		closer_close(c, wr[i]);
	}
	/* Closed while the caller goes on, not at closer_free(). */
	for (int i = 0; i < PIPES; i++) {
		assert_true(wait_eof(rd[i]));
		close(rd[i]);
	}
	for (int i = 0; i < 600 && closer_pending(c); i++)
		usleep(100000);
	assert_int_equal(closer_pending(c), 0);
	closer_free(c);
}

/*
 * A close that sleeps, as an interface's does: a TCP socket whose peer
 * reads nothing, with data unsent and SO_LINGER, blocks in close() until
 * the peer reads.  Sets *peer to the peer's end.
 */
static int lingering_socket(int *peer)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct linger linger = { .l_onoff = 1, .l_linger = 20 };
	socklen_t alen = sizeof(a);
	int lsn = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int small = 4096, flags;
	char chunk[4096] = { 0 };

	assert_true(lsn >= 0 && fd >= 0);
	assert_int_equal(bind(lsn, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lsn, 1), 0);
	assert_int_equal(getsockname(lsn, (struct sockaddr *)&a, &alen), 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	*peer = accept(lsn, NULL, NULL);
	assert_true(*peer >= 0);
	setsockopt(*peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	close(lsn);
	/* Fill both buffers, then block again, lingering. */
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (write(fd, chunk, sizeof(chunk)) > 0)
		;
	assert_int_equal(errno, EAGAIN);
	fcntl(fd, F_SETFL, flags);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof(linger)), 0);
	return fd;
}

/* The caller goes on while the close sleeps; it ends when the peer reads. */
static void test_a_sleeping_close_does_not_hold_the_caller(void **state)
{
	struct closer *c;
	char buf[65536];
	ssize_t n;
	int peer;

	(void)state;
	assert_int_equal(closer_new(1, &c), 0);
	closer_close(c, lingering_socket(&peer));
	/* Here, not 20 s later: the close is still under way. */
	assert_int_equal(closer_pending(c), 1);
	while ((n = read(peer, buf, sizeof(buf))) > 0)
		;
	assert_int_equal(n, 0);
	close(peer);
	for (int i = 0; i < 600 && closer_pending(c); i++)
		usleep(100000);
	assert_int_equal(closer_pending(c), 0);
	closer_free(c);
}

static void test_free_closes_what_is_queued(void **state)
{
	int fds[PIPES];
	struct closer *c;

	(void)state;
	assert_int_equal(closer_new(2, &c), 0);
	for (int i = 0; i < PIPES; i++) {
		fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		assert_true(fds[i] >= 0);
		closer_close(c, fds[i]);
	}
	closer_free(c);
	for (int i = 0; i < PIPES; i++)
		assert_false(fd_open(fds[i]));
}

static void test_no_threads_closes_at_once(void **state)
{
	struct closer *c;
	int fd;

	(void)state;
	assert_int_equal(closer_new(0, &c), 0);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	closer_close(c, fd);
	assert_false(fd_open(fd));
	assert_int_equal(closer_pending(c), 0);
	closer_free(c);

	/* Without a closer at all, too. */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	closer_close(NULL, fd);
	assert_false(fd_open(fd));
	closer_free(NULL);
}

/* SigBlk of thread TID, from /proc. */
static unsigned long long blocked_signals(const char *tid)
{
	char path[64], line[256];
	unsigned long long mask = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%s/status", tid);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigBlk: %llx", &mask) == 1)
			break;
	fclose(f);
	return mask;
}

/* SIGTERM and SIGHUP belong to the daemon's signalfd, never to a closer thread. */
static void test_threads_take_no_signal(void **state)
{
	unsigned long long want = (1ull << (SIGTERM - 1)) | (1ull << (SIGHUP - 1)) |
				  (1ull << (SIGINT - 1));
	struct closer *c;
	struct dirent *d;
	char self[16];
	int others = 0;
	DIR *dir;

	(void)state;
	assert_int_equal(closer_new(3, &c), 0);
	dir = opendir("/proc/self/task");
	assert_non_null(dir);
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || atoi(d->d_name) == getpid())
			continue;
		others++;
		assert_int_equal(blocked_signals(d->d_name) & want, want);
	}
	closedir(dir);
	assert_int_equal(others, 3);
	/* The caller's own mask is left as it was. */
	snprintf(self, sizeof(self), "%d", getpid());
	assert_int_equal(blocked_signals(self) & want, 0);
	closer_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closes_without_the_caller),
		cmocka_unit_test(test_a_sleeping_close_does_not_hold_the_caller),
		cmocka_unit_test(test_free_closes_what_is_queued),
		cmocka_unit_test(test_no_threads_closes_at_once),
		cmocka_unit_test(test_threads_take_no_signal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
