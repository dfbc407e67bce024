// SPDX-License-Identifier: GPL-2.0
/* The control socket: connections, requests and the record format. */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/ctl.h"
#include "lib/log.h"
#include "lib/loop.h"

#define CTL_LINE_MAX		256
#define CTL_REQUEST_TIMEOUT_MS	5000
/* Out of descriptors: the listener is left alone this long. */
#define CTL_ACCEPT_PAUSE_MS	1000
/* An answer may list every session; a monitor that falls this far behind is dropped. */
#define CTL_ANSWER_MAX		(16 << 20)
#define CTL_MONITOR_MAX		(1 << 20)

struct ctl_conn {
	struct loop_fd lfd;
	struct ctl *ctl;
	struct ctl_conn *next, *prev;
	char in[CTL_LINE_MAX + 1];
	size_t in_len;
	char *out;
	size_t out_len, out_cap;
	bool monitor;		/* stays open for events */
	bool answered;		/* close once out is flushed */
	bool dead;
	struct loop_timer timer;
	struct loop_deferred free_work;
};

struct ctl {
	struct loop *loop;
	struct loop_fd listener;
	struct loop_timer accept_pause;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	gid_t gid;
	const struct ctl_ops *ops;
	void *ctx;
	struct ctl_conn *conns;
};

/* --- requests -------------------------------------------------------- */

int ctl_request_parse(char *line, struct ctl_request *req, const char **why)
{
	static const struct {
		const char *word;
		enum ctl_command command;
		bool target_allowed, target_required;
	} commands[] = {
		{ "show", CTL_SHOW, true, false },
		{ "kill", CTL_KILL, true, true },
		{ "status", CTL_STATUS, false, false },
		{ "reload", CTL_RELOAD, false, false },
		{ "monitor", CTL_MONITOR, false, false },
	};
	char *space = strchr(line, ' ');

	if (space) {
		*space = '\0';
		req->target = space + 1;
		if (!*req->target || strchr(req->target, ' ')) {
			*why = "one argument at most, separated by one space";
			return -EINVAL;
		}
	} else {
		req->target = NULL;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(line, commands[i].word))
			continue;
		if (req->target && !commands[i].target_allowed) {
			*why = "this request takes no argument";
			return -EINVAL;
		}
		if (!req->target && commands[i].target_required) {
			*why = "this request needs a session id or user name";
			return -EINVAL;
		}
		req->command = commands[i].command;
		return 0;
	}
	*why = "unknown request (show, kill, status, reload, monitor)";
	return -EINVAL;
}

/* --- connections ----------------------------------------------------- */

static void conn_close(struct ctl_conn *c);

static bool conn_emit(void *sink, const char *line, size_t len)
{
	struct ctl_conn *c = sink;
	size_t limit = c->monitor ? CTL_MONITOR_MAX : CTL_ANSWER_MAX;

	if (c->dead || c->out_len + len > limit)
		return false;
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		char *grown;

		while (cap < c->out_len + len)
			cap *= 2;
		grown = realloc(c->out, cap);
		if (!grown)
			return false;
		c->out = grown;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, line, len);
	c->out_len += len;
	return true;
}

static void emit_simple(struct ctl_conn *c, const char *kind, const char *code,
			const char *message)
{
	char buf[512];
	struct record r;

	record_begin(&r, buf, sizeof(buf), kind);
	if (code)
		record_str(&r, "code", code);
	if (message)
		record_str(&r, "message", message);
	if (record_end(&r))
		conn_emit(c, buf, r.len);
}

static void conn_flush(struct ctl_conn *c)
{
	while (c->out_len) {
		ssize_t n = send(c->lfd.fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			conn_close(c);
			return;
		}
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	if (!c->out_len && c->answered) {
		conn_close(c);
		return;
	}
	/* A request may come in pieces; a monitor's close must be seen. */
	loop_fd_modify(c->ctl->loop, &c->lfd, (c->monitor || !c->answered ? EPOLLIN : 0) |
					      (c->out_len ? EPOLLOUT : 0));
}

static void run_request(struct ctl_conn *c, char *line)
{
	const struct ctl_ops *ops = c->ctl->ops;
	struct ctl_request req;
	const char *why;
	char reason[256];

	if (ctl_request_parse(line, &req, &why)) {
		emit_simple(c, "error", "usage", why);
		c->answered = true;
		return;
	}
	switch (req.command) {
	case CTL_SHOW:
		if (!ops->show(c->ctl->ctx, req.target, conn_emit, c) && req.target) {
			c->out_len = 0;
			emit_simple(c, "error", "notfound", "no such session or user");
			c->answered = true;
			return;
		}
		break;
	case CTL_KILL:
		if (!ops->kill(c->ctl->ctx, req.target, conn_emit, c)) {
			emit_simple(c, "error", "notfound", "no such session or user");
			c->answered = true;
			return;
		}
		break;
	case CTL_STATUS:
		ops->status(c->ctl->ctx, conn_emit, c);
		break;
	case CTL_RELOAD:
		if (ops->reload(c->ctl->ctx, conn_emit, c, reason, sizeof(reason))) {
			emit_simple(c, "error", "invalid", reason);
			c->answered = true;
			return;
		}
		break;
	case CTL_MONITOR:
		/* No end: events follow until the client goes away. */
		c->monitor = true;
		loop_timer_cancel(c->ctl->loop, &c->timer);
		return;
	}
	emit_simple(c, "end", NULL, NULL);
	c->answered = true;
}

static void conn_read(struct ctl_conn *c)
{
	char *newline;
	ssize_t n;

	n = recv(c->lfd.fd, c->in + c->in_len, CTL_LINE_MAX - c->in_len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_close(c);
		return;
	}
	if (n < 0 || c->monitor)
		return;	/* a monitor says nothing more; input is ignored */
	c->in_len += (size_t)n;
	c->in[c->in_len] = '\0';
	newline = memchr(c->in, '\n', c->in_len);
	if (!newline && c->in_len == CTL_LINE_MAX) {
		emit_simple(c, "error", "usage", "request line longer than 256 bytes");
		c->answered = true;
	} else if (newline) {
		*newline = '\0';
		run_request(c, c->in);
	}
}

static void conn_event(struct loop_fd *lfd, uint32_t events)
{
	struct ctl_conn *c = container_of(lfd, struct ctl_conn, lfd);

	if (c->dead)
		return;
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR) && !c->answered)
		conn_read(c);
	if (!c->dead)
		conn_flush(c);
}

static void conn_timeout(struct loop_timer *t)
{
	struct ctl_conn *c = container_of(t, struct ctl_conn, timer);

	conn_close(c);
}

static void conn_free(struct loop_deferred *d)
{
	struct ctl_conn *c = container_of(d, struct ctl_conn, free_work);

	free(c->out);
	free(c);
}

static void conn_close(struct ctl_conn *c)
{
	struct ctl *ctl = c->ctl;

	if (c->dead)
		return;
	c->dead = true;
	loop_timer_cancel(ctl->loop, &c->timer);
	loop_fd_remove(ctl->loop, &c->lfd);
	close(c->lfd.fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		ctl->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	loop_defer(ctl->loop, &c->free_work);
}

/* uid 0, or a member (primary or supplementary) of the control group. */
static bool peer_allowed(const struct ctl *ctl, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct passwd *pw;
	gid_t groups[256];
	int count = 256;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return false;
	if (cred.uid == 0 || (ctl->gid && cred.gid == ctl->gid))
		return true;
	if (!ctl->gid)
		return false;
	pw = getpwuid(cred.uid);
	if (!pw || getgrouplist(pw->pw_name, pw->pw_gid, groups, &count) < 0)
		return false;
	for (int i = 0; i < count; i++) {
		if (groups[i] == ctl->gid)
			return true;
	}
	return false;
}

static void on_accept_pause_end(struct loop_timer *timer)
{
	struct ctl *ctl = container_of(timer, struct ctl, accept_pause);

	loop_fd_modify(ctl->loop, &ctl->listener, EPOLLIN);
}

static void on_accept(struct loop_fd *lfd, uint32_t events)
{
	struct ctl *ctl = container_of(lfd, struct ctl, listener);

	(void)events;
	for (int budget = 16; budget > 0; budget--) {
		int fd = accept4(lfd->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct ctl_conn *c;

		if (fd < 0) {
			/*
			 * The connection stays queued and the listener readable:
			 * without a pause the loop would spin on it.
			 */
			if (errno == EMFILE || errno == ENFILE) {
				log_error("control: accept: %s: pausing for 1 s", strerror(errno));
				loop_fd_modify(ctl->loop, lfd, 0);
				loop_timer_arm(ctl->loop, &ctl->accept_pause, CTL_ACCEPT_PAUSE_MS);
			}
			return;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->ctl = ctl;
		c->lfd.fd = fd;
		c->lfd.on_event = conn_event;
		c->timer.on_expire = conn_timeout;
		c->free_work.run = conn_free;
		c->next = ctl->conns;
		if (ctl->conns)
			ctl->conns->prev = c;
		ctl->conns = c;
		if (loop_fd_add(ctl->loop, &c->lfd, EPOLLIN)) {
			c->dead = true;
			ctl->conns = c->next;
			if (c->next)
				c->next->prev = NULL;
			close(fd);
			free(c);
			continue;
		}
		loop_timer_arm(ctl->loop, &c->timer, CTL_REQUEST_TIMEOUT_MS);
		if (!peer_allowed(ctl, fd)) {
			emit_simple(c, "error", "permission",
				    "root or the control group only");
			c->answered = true;
			conn_flush(c);
		}
	}
}

int ctl_open(struct ctl **out, struct loop *loop, const char *path, gid_t gid,
	     const struct ctl_ops *ops, void *ctx, char *err, size_t err_size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char dir[sizeof(addr.sun_path)];
	struct ctl *ctl;
	char *slash;
	int fd, ret;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		snprintf(err, err_size, "control socket path too long: '%s'", path);
		return -ENAMETOOLONG;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			ret = -errno;
			snprintf(err, err_size, "control directory %s: %s", dir, strerror(errno));
			return ret;
		}
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, err_size, "control socket: %s", strerror(errno));
		return ret;
	}
	/* A socket file left by a daemon that died is in the way: remove it. */
	unlink(path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    chown(addr.sun_path, 0, gid) || chmod(addr.sun_path, 0660) || listen(fd, 64)) {
		ret = -errno;
		snprintf(err, err_size, "control socket %s: %s", addr.sun_path, strerror(-ret));
		close(fd);
		unlink(path);
		return ret;
	}
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl) {
		close(fd);
		unlink(path);
		return -ENOMEM;
	}
	ctl->loop = loop;
	ctl->gid = gid;
	ctl->ops = ops;
	ctl->ctx = ctx;
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	ctl->listener.fd = fd;
	ctl->listener.on_event = on_accept;
	ctl->accept_pause.on_expire = on_accept_pause_end;
	ret = loop_fd_add(loop, &ctl->listener, EPOLLIN);
	if (ret) {
		snprintf(err, err_size, "control socket: %s", strerror(-ret));
		close(fd);
		unlink(path);
		free(ctl);
		return ret;
	}
	*out = ctl;
	return 0;
}

void ctl_close(struct ctl *ctl)
{
	if (!ctl)
		return;
	while (ctl->conns)
		conn_close(ctl->conns);
	loop_timer_cancel(ctl->loop, &ctl->accept_pause);
	loop_fd_remove(ctl->loop, &ctl->listener);
	close(ctl->listener.fd);
	unlink(ctl->path);
	free(ctl);
}

void ctl_broadcast(struct ctl *ctl, const char *line, size_t len)
{
	struct ctl_conn *c, *next;

	if (!ctl)
		return;
	for (c = ctl->conns; c; c = next) {
		next = c->next;
		if (!c->monitor || c->dead)
			continue;
		if (!conn_emit(c, line, len)) {
			log_warn("control: dropping a monitor that stopped reading");
			conn_close(c);
			continue;
		}
		conn_flush(c);
	}
}
