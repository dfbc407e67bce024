// SPDX-License-Identifier: GPL-2.0
/* Listening socket, shared resources, signals and the list of sessions. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "daemon/client.h"
#include "daemon/control.h"
#include "daemon/datapath.h"
#include "daemon/pool.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "daemon/tls.h"
#include "kernel/netcfg.h"
#include "lib/closer.h"
#include "lib/log.h"

/* How long SIGTERM waits for clients to acknowledge the disconnect. */
#define STOP_GRACE_MS		7000
#define ACCEPT_PAUSE_MS		1000
#define GENERATED_USER		"sstp"
#define GENERATED_PASSWORD_LEN	16
/*
 * Closing an interface mostly sleeps on RCU: a few threads overlap the
 * sleeps (the kernel serialises the rest under its rtnl lock anyway).
 */
#define CLOSER_THREADS		4
/* Connections refused at accept are logged together, this often at most. */
#define REFUSAL_REPORT_MS	10000
/*
 * Descriptors: a session holds up to three (its TCP socket; the ppp
 * channel and unit in kernel mode, the TUN in user mode), the daemon some
 * of its own (listeners, epoll, signalfd, netlink sockets, control
 * connections).  A closed session's interfaces may still be with the
 * closer threads for a moment: the margin covers a burst of them.
 */
#define DESCRIPTORS_PER_SESSION	3
#define DESCRIPTORS_OWN		256

static void format_peer(const struct sockaddr_storage *ss, char *out, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		port = ntohs(sin->sin_port);
		snprintf(out, size, "%s:%u", host, port);
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		port = ntohs(sin6->sin6_port);
		snprintf(out, size, "[%s]:%u", host, port);
	}
}

void server_add_session(struct server *srv, struct session *sess)
{
	sess->prev = NULL;
	sess->next = srv->sessions;
	if (srv->sessions)
		srv->sessions->prev = sess;
	srv->sessions = sess;
	srv->session_count++;
}

void server_session_gone(struct server *srv, struct session *sess)
{
	if (sess->prev)
		sess->prev->next = sess->next;
	else
		srv->sessions = sess->next;
	if (sess->next)
		sess->next->prev = sess->prev;
	sess->next = sess->prev = NULL;
	srv->session_count--;
	if (srv->client)
		client_session_gone(srv, sess);
	if (srv->stopping && !srv->session_count)
		loop_stop(srv->loop);
}

/*
 * Keep at most this much unsent in a session's TCP send buffer: the rest
 * waits in the tunnel's own queues (the ppp unit's, the TUN's), where the
 * traffic inside the tunnel sees it.  Megabytes of send buffer would add
 * seconds of delay to every TCP connection in the tunnel, whose windows
 * then grow for minutes.  What is in flight is not counted: the link
 * stays full.  And no Nagle: the call's and PPP's small packets go out at
 * once instead of waiting for the peer's delayed ACK (up to 40 ms each).
 */
#define SESSION_NOTSENT_LOWAT	(128 * 1024)

void server_tune_socket(int fd)
{
	int lowat = SESSION_NOTSENT_LOWAT, one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &lowat, sizeof(lowat)))
		log_warn("setsockopt TCP_NOTSENT_LOWAT: %s", strerror(errno));
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		log_warn("setsockopt TCP_NODELAY: %s", strerror(errno));
}

unsigned int server_established(const struct server *srv)
{
	return srv->session_count - srv->admission.count;
}

bool server_session_authenticated(struct server *srv, struct session *sess)
{
	if (!sess->admission.listed)
		return true;
	admission_remove(&srv->admission, &sess->admission);
	sess->auth_deadline_ms = 0;
	return server_established(srv) <= srv->config->max_sessions;
}

/*
 * Whoever opens connections decides how many are refused: one log line
 * for each would be theirs to write.  A summary at most every 10 s.
 */
static void note_refusal(struct server *srv, const char *peer)
{
	uint64_t now = loop_now(srv->loop);

	srv->refusals_unreported++;
	if (now < srv->refusals_reported_ms + REFUSAL_REPORT_MS)
		return;
	log_warn("refused %llu connections at accept since the last report (the last from %s): "
		 "%u sessions of max-sessions %u, %u not authenticated of max-unauthenticated %u, "
		 "at most %u from one source",
		 (unsigned long long)srv->refusals_unreported, peer,
		 server_established(srv), srv->config->max_sessions, srv->admission.count,
		 srv->config->max_unauthenticated, srv->config->max_unauthenticated_per_source);
	srv->refusals_unreported = 0;
	srv->refusals_reported_ms = now;
}

/*
 * Room for one more connection from KEY: 0, or -1 when it must be closed.
 * At the total limit the oldest connection of the busiest source gives way.
 */
static int admit(struct server *srv, const uint8_t key[ADMISSION_KEY_LEN], const char *peer)
{
	struct admission_entry *evict;

	if (server_established(srv) >= srv->config->max_sessions) {
		srv->refused_full++;
		note_refusal(srv, peer);
		return -1;
	}
	switch (admission_check(&srv->admission, key, &evict)) {
	case ADMISSION_ADMIT:
		return 0;
	case ADMISSION_EVICT:
		session_close(container_of(evict, struct session, admission),
			      "too many connections not authenticated: the oldest of the busiest "
			      "source gives way");
		return 0;
	case ADMISSION_REFUSE:
	default:
		note_refusal(srv, peer);
		return -1;
	}
}

static void on_listener(struct loop_fd *lfd, uint32_t events)
{
	struct server *srv = container_of(lfd, struct server, listener);

	(void)events;
	for (int budget = 64; budget > 0; budget--) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		uint8_t key[ADMISSION_KEY_LEN];
		struct session *sess;
		char peer[64];
		int fd;

		fd = accept4(lfd->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			/*
			 * The connection stays queued and the listener readable:
			 * stop watching it for a second rather than spin.
			 */
			if (errno == EMFILE || errno == ENFILE) {
				log_error("accept: %s: pausing new connections for 1 s",
					  strerror(errno));
				loop_fd_modify(srv->loop, lfd, 0);
				loop_timer_arm(srv->loop, &srv->accept_pause, ACCEPT_PAUSE_MS);
			}
			return;
		}
		format_peer(&ss, peer, sizeof(peer));
		admission_key((struct sockaddr *)&ss, key);
		if (admit(srv, key, peer)) {
			close(fd);
			continue;
		}
		server_tune_socket(fd);
		sess = session_new(srv, fd, peer);
		if (!sess) {
			log_error("refused %s: out of memory", peer);
			close(fd);
			continue;
		}
		admission_add(&srv->admission, &sess->admission, key);
		sess->auth_deadline_ms = sess->started_ms + srv->config->auth_timeout_s * 1000ull;
		session_update_timer(sess);
		server_add_session(srv, sess);
	}
}

static void on_accept_pause_end(struct loop_timer *timer)
{
	struct server *srv = container_of(timer, struct server, accept_pause);

	if (!srv->stopping)
		loop_fd_modify(srv->loop, &srv->listener, EPOLLIN);
}

static void close_remaining(struct loop_timer *timer)
{
	struct server *srv = container_of(timer, struct server, stop_timer);

	while (srv->sessions)
		session_close(srv->sessions, "server shut down before the client answered");
	loop_stop(srv->loop);
}

static void begin_stop(struct server *srv)
{
	struct session *sess, *next;

	if (srv->stopping)
		return;
	srv->stopping = true;
	log_info("shutting down: disconnecting %u sessions", srv->session_count);
	if (srv->listener.fd >= 0)
		loop_fd_remove(srv->loop, &srv->listener);
	for (sess = srv->sessions; sess; sess = next) {
		next = sess->next;
		session_shutdown(sess, srv->client ? "stopped by a signal" : "server shutting down");
	}
	if (!srv->session_count) {
		loop_stop(srv->loop);
		return;
	}
	srv->stop_timer.on_expire = close_remaining;
	loop_timer_arm(srv->loop, &srv->stop_timer, STOP_GRACE_MS);
}

/* A bad file keeps the users loaded before it. */
static int load_users(struct server *srv, const char *path, char *err, size_t err_size)
{
	struct secrets fresh;
	int ret;

	ret = secrets_load(path, &fresh, err, err_size);
	if (ret) {
		log_error("users: %s", err);
		return ret;
	}
	secrets_free(&srv->users);
	srv->users = fresh;
	log_info("users: %zu entries from %s", fresh.count, path);
	return 0;
}

static const char *users_path_of(const struct config *c, char *buf, size_t size)
{
	if (c->users_path)
		return c->users_path;
	snprintf(buf, size, "%s/users", c->state_dir);
	return buf;
}

static const char *users_path(const struct server *srv, char *buf, size_t size)
{
	return users_path_of(srv->config, buf, size);
}

int server_reload_users(struct server *srv, char *err, size_t err_size)
{
	char path[4096];

	if (srv->client) {
		snprintf(err, err_size, "a client-role daemon has no users file to reload");
		return -EINVAL;
	}
	return load_users(srv, users_path(srv, path, sizeof(path)), err, err_size);
}

static void on_signal(struct loop_fd *lfd, uint32_t events)
{
	struct server *srv = container_of(lfd, struct server, signals);
	struct signalfd_siginfo info;
	char err[512];

	(void)events;
	while (read(lfd->fd, &info, sizeof(info)) == (ssize_t)sizeof(info)) {
		if (info.ssi_signo == SIGHUP)
			server_reload_users(srv, err, sizeof(err));
		else
			begin_stop(srv);
	}
}

/*
 * With no users file configured, the first start writes one with a single
 * user and a random password, and prints them once.
 */
static int ensure_users_file(struct server *srv, const char *path)
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char password[GENERATED_PASSWORD_LEN + 1];
	uint8_t random[GENERATED_PASSWORD_LEN];
	FILE *f;
	int fd;

	if (srv->config->users_path || !access(path, F_OK))
		return 0;
	if (mkdir(srv->config->state_dir, 0700) && errno != EEXIST) {
		log_error("state directory %s: %s", srv->config->state_dir, strerror(errno));
		return -1;
	}
	if (RAND_bytes(random, sizeof(random)) != 1) {
		log_error("no random bytes for a generated password");
		return -1;
	}
	for (size_t i = 0; i < sizeof(random); i++)
		password[i] = alphabet[random[i] % (sizeof(alphabet) - 1)];
	password[GENERATED_PASSWORD_LEN] = '\0';

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		log_error("users file %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# Generated by sstpd on first start: client server secret [address]\n"
		   "%s * %s\n", GENERATED_USER, password);
	if (fclose(f)) {
		log_error("users file %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	/*
	 * Shown once to an operator at a terminal; stderr that is not one is
	 * a journal or a log file, which others may read and which is kept:
	 * there the password stays in the file alone (0600).
	 */
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "sstpd: generated user '%s' with password '%s' in %s\n",
			GENERATED_USER, password, path);
	log_info("generated user '%s'; its password is in %s (root only)", GENERATED_USER, path);
	explicit_bzero(password, sizeof(password));
	return 0;
}

static int open_listener(struct server *srv)
{
	const struct config *c = srv->config;
	int fd, one = 1, zero = 0;

	fd = socket(c->listen.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_error("listen %s: %s", c->listen_text, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* "[::]:443" takes IPv4 clients too. */
	if (c->listen.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (const struct sockaddr *)&c->listen, c->listen_len) ||
	    listen(fd, 1024)) {
		log_error("listen %s: %s", c->listen_text, strerror(errno));
		close(fd);
		return -1;
	}
	srv->listener.fd = fd;
	srv->listener.on_event = on_listener;
	srv->accept_pause.on_expire = on_accept_pause_end;
	if (loop_fd_add(srv->loop, &srv->listener, EPOLLIN)) {
		close(fd);
		return -1;
	}
	return 0;
}

static int open_signals(struct server *srv)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv->signals.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (srv->signals.fd < 0) {
		log_error("signalfd: %s", strerror(errno));
		return -1;
	}
	srv->signals.on_event = on_signal;
	return loop_fd_add(srv->loop, &srv->signals, EPOLLIN) ? -1 : 0;
}

/* The client role: the same loop, data path, signals and control socket. */
static int start_client_role(struct server *srv)
{
	char err[512];
	int ret;

	ret = netcfg_open(&srv->netcfg);
	if (ret) {
		log_error("rtnetlink: %s", strerror(-ret));
		return 1;
	}
	if (open_signals(srv))
		return 1;
	ret = control_start(srv, err, sizeof(err));
	if (ret) {
		log_error("%s", err);
		return 1;
	}
	return client_start(srv);
}

static rlim_t descriptors_needed(const struct config *c)
{
	return (rlim_t)c->max_sessions * DESCRIPTORS_PER_SESSION + DESCRIPTORS_OWN;
}

/*
 * The soft limit up to the hard one, and (server role) a max-sessions it
 * cannot carry refused with the numbers: otherwise the listener meets
 * EMFILE at some count and users are turned away with no word of why.
 */
static int ensure_descriptors(const struct config *c, bool server_role)
{
	rlim_t need = descriptors_needed(c);
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim)) {
		log_error("getrlimit RLIMIT_NOFILE: %s", strerror(errno));
		return -1;
	}
	if (lim.rlim_cur < lim.rlim_max) {
		rlim_t was = lim.rlim_cur;

		lim.rlim_cur = lim.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &lim)) {
			log_error("setrlimit RLIMIT_NOFILE to %llu: %s",
				  (unsigned long long)lim.rlim_cur, strerror(errno));
			return -1;
		}
		log_info("descriptors: limit raised from %llu to %llu", (unsigned long long)was,
			 (unsigned long long)lim.rlim_cur);
	}
	if (server_role && lim.rlim_cur < need) {
		log_error("max-sessions %u needs %llu descriptors (%d per session and %d for "
			  "sstpd), but the limit is %llu (hard %llu): lower max-sessions to %llu "
			  "or raise the limit (LimitNOFILE= in a systemd unit, ulimit -Hn)",
			  c->max_sessions, (unsigned long long)need, DESCRIPTORS_PER_SESSION,
			  DESCRIPTORS_OWN, (unsigned long long)lim.rlim_cur,
			  (unsigned long long)lim.rlim_max,
			  lim.rlim_cur > DESCRIPTORS_OWN ?
			  (unsigned long long)(lim.rlim_cur - DESCRIPTORS_OWN) / DESCRIPTORS_PER_SESSION : 0ull);
		return -1;
	}
	return 0;
}

static struct tls_settings tls_settings_of(const struct config *c)
{
	return (struct tls_settings){
		.cert_path = c->cert_path,
		.key_path = c->key_path,
		.state_dir = c->state_dir,
		.version = c->tls_version,
		.ciphers = c->ciphers,
		.ciphersuites = c->ciphersuites,
		/* Kept ready even if sstp.ko comes only later. */
		.ktls = c->datapath != CONFIG_DATAPATH_USER,
	};
}

/*
 * sstpd -n, the server role: what start-up loads (certificate and key,
 * users, control group, pool, descriptors), loaded and let go; nothing is
 * written, bound or generated.  What start-up would generate is said.
 */
int server_check(const struct config *config, char *err, size_t err_size)
{
	struct tls_settings settings = tls_settings_of(config);
	char users[4096], cert[4096], key[4096], why[256];
	const char *users_file;
	struct tls_server *tls;
	struct secrets loaded;
	struct rlimit lim;
	struct pool *pool;
	rlim_t need;
	gid_t gid;
	int ret;

	if (config->connect)
		return 0;
	if (!settings.cert_path) {
		snprintf(cert, sizeof(cert), "%s/cert.pem", config->state_dir);
		snprintf(key, sizeof(key), "%s/key.pem", config->state_dir);
		if (access(cert, F_OK) || access(key, F_OK)) {
			printf("certificate: none yet; the first start makes a self-signed one in %s\n",
			       config->state_dir);
		} else {
			settings.cert_path = cert;
			settings.key_path = key;
		}
	}
	if (settings.cert_path) {
		ret = tls_server_new(&settings, &tls, err, err_size);
		if (ret)
			return ret;
		printf("certificate %s, SHA-256 fingerprint %s\n", settings.cert_path,
		       tls_server_fingerprint(tls));
		tls_server_free(tls);
	}

	users_file = users_path_of(config, users, sizeof(users));
	if (!config->users_path && access(users_file, F_OK)) {
		printf("users: none yet; the first start makes %s with one user\n", users_file);
	} else {
		ret = secrets_load(users_file, &loaded, err, err_size);
		if (ret)
			return ret;
		printf("users: %zu entries from %s\n", loaded.count, users_file);
		secrets_free(&loaded);
	}

	ret = control_group_gid(config, &gid, err, err_size);
	if (ret)
		return ret;
	if (pool_new(config->pool, &pool, why, sizeof(why))) {
		snprintf(err, err_size, "pool: %s", why);
		return -EINVAL;
	}
	pool_free(pool);

	need = descriptors_needed(config);
	if (!getrlimit(RLIMIT_NOFILE, &lim) && lim.rlim_max < need) {
		snprintf(err, err_size, "max-sessions %u needs %llu descriptors; the hard limit is %llu",
			 config->max_sessions, (unsigned long long)need,
			 (unsigned long long)lim.rlim_max);
		return -EMFILE;
	}
	return 0;
}

int server_start(struct server *srv, const struct config *config, struct loop *loop)
{
	struct tls_settings settings;
	char err[512], path[4096];
	const char *users;
	int ret;

	memset(srv, 0, sizeof(*srv));
	srv->config = config;
	srv->loop = loop;
	srv->listener.fd = -1;
	srv->signals.fd = -1;
	srv->genl_fd.fd = -1;
	srv->started_ms = loop_now(loop);

	ret = closer_new(CLOSER_THREADS, &srv->closer);
	if (ret) {
		log_error("cannot start the threads that close interfaces: %s", strerror(-ret));
		return 1;
	}
	if (ensure_descriptors(config, !config->connect) || datapath_start(srv))
		return 1;
	if (config->connect)
		return start_client_role(srv);
	settings = tls_settings_of(config);
	ret = tls_server_new(&settings, &srv->tls, err, sizeof(err));
	if (ret) {
		log_error("tls: %s", err);
		return 1;
	}
	log_info("certificate SHA-256 fingerprint %s", tls_server_fingerprint(srv->tls));

	users = users_path(srv, path, sizeof(path));
	if (ensure_users_file(srv, users) || load_users(srv, users, err, sizeof(err)))
		return 1;
	if (pool_new(config->pool, &srv->pool, err, sizeof(err))) {
		log_error("pool: %s", err);
		return 1;
	}
	if (admission_init(&srv->admission, config->max_unauthenticated,
			   config->max_unauthenticated_per_source)) {
		log_error("admission: out of memory");
		return 1;
	}
	ret = netcfg_open(&srv->netcfg);
	if (ret) {
		log_error("rtnetlink: %s", strerror(-ret));
		return 1;
	}
	if (open_signals(srv) || open_listener(srv))
		return 1;
	ret = control_start(srv, err, sizeof(err));
	if (ret) {
		log_error("%s", err);
		return 1;
	}
	log_info("listening on %s, pool %s (server %s), data path %s", config->listen_text,
		 config->pool, inet_ntoa(pool_server_addr(srv->pool)),
		 srv->genl ? "kernel" : "user");
	return 0;
}

void server_stop(struct server *srv)
{
	/* No retry from the sessions closed here. */
	srv->stopping = true;
	while (srv->sessions)
		session_close(srv->sessions, "server stopped");
	loop_timer_cancel(srv->loop, &srv->stop_timer);
	loop_timer_cancel(srv->loop, &srv->accept_pause);
	control_stop(srv);
	client_stop(srv);
	if (closer_pending(srv->closer))
		log_info("waiting for %u interfaces to go", closer_pending(srv->closer));
	closer_free(srv->closer);
	srv->closer = NULL;
	free(srv->client);
	if (srv->listener.fd >= 0)
		close(srv->listener.fd);
	if (srv->signals.fd >= 0)
		close(srv->signals.fd);
	datapath_stop(srv);
	netcfg_close(srv->netcfg);
	pool_free(srv->pool);
	admission_free(&srv->admission);
	secrets_free(&srv->users);
	tls_server_free(srv->tls);
}
