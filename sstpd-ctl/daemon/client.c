// SPDX-License-Identifier: GPL-2.0
/*
 * The client role: one outgoing session, kept up.
 *
 *   attempt --TCP, TLS, HTTP, call, PPP--> up --loss--> back-off --> attempt
 *   any --certificate or authentication refused--> exit (1, 3)
 *   any --loss with --once--> exit (4 refused, 5 lost)
 *   any --SIGTERM--> Disconnect, exit 0
 *
 * The session itself is session.c's, in its client role; this file starts
 * it, decides what its end means, and does what only a client does once
 * the tunnel is up: routes and DNS.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "daemon/client.h"
#include "daemon/datapath.h"
#include "daemon/link.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "daemon/tls.h"
#include "kernel/netcfg.h"
#include "lib/log.h"
#include "proto/wire.h"

#define BACKOFF_FIRST_MS	1000
#define BACKOFF_MAX_MS		60000

struct client {
	struct server *srv;
	struct tls_client *tls;
	struct loop_timer retry;
	unsigned int failures;		/* attempts since the tunnel was last up */
	int exit_status;
	/* The server's IPv4 address of this attempt, for --default-route. */
	bool server_is_ipv4;
	struct in_addr server_addr;
	/* What client_network_up() set, for client_network_down(). */
	int ifindex;
	bool routes_set;
	bool host_route_set;
	struct in_addr host_gateway;
	int host_ifindex;
};

static struct client *client_of(const struct server *srv)
{
	return srv->client;
}

struct tls_client *client_tls(struct server *srv)
{
	return client_of(srv)->tls;
}

const char *client_name(const struct server *srv)
{
	const struct config *c = srv->config;

	return c->sni ? c->sni : c->connect_host;
}

void client_auth_methods(const struct config *c, enum ppp_auth out[PPP_AUTH_METHODS_MAX])
{
	static const enum ppp_auth map[] = {
		[CONFIG_AUTH_MSCHAPV2] = PPP_AUTH_MSCHAPV2,
		[CONFIG_AUTH_CHAP] = PPP_AUTH_CHAP_MD5,
		[CONFIG_AUTH_PAP] = PPP_AUTH_PAP,
	};

	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++) {
		if (!c->auth_given)
			out[i] = i == 0 ? PPP_AUTH_MSCHAPV2 : i == 1 ? PPP_AUTH_CHAP_MD5 :
				 PPP_AUTH_PAP;
		else
			out[i] = i < c->auth_count ? map[c->auth[i]] : PPP_AUTH_NONE;
	}
}

/* [MS-SSTP] 2.2.2: the request, with a fresh correlation GUID each time. */
int client_http_request(struct server *srv, char *buf, size_t size)
{
	const struct config *c = srv->config;
	const char *name = client_name(srv);
	bool v6 = strchr(name, ':') != NULL;
	uint8_t g[16];
	char port[8] = "";
	int len;

	if (RAND_bytes(g, sizeof(g)) != 1)
		return -EIO;
	g[6] = (uint8_t)((g[6] & 0x0f) | 0x40);	/* a version 4 GUID */
	g[8] = (uint8_t)((g[8] & 0x3f) | 0x80);
	if (c->connect_port != CONFIG_DEFAULT_PORT)
		snprintf(port, sizeof(port), ":%u", c->connect_port);
	len = snprintf(buf, size,
		       "SSTP_DUPLEX_POST %s HTTP/1.1\r\n"
		       "Host: %s%s%s%s\r\n"
		       "SSTPCORRELATIONID: {%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
		       "%02X%02X%02X%02X%02X%02X}\r\n"
		       "Content-Length: 18446744073709551615\r\n\r\n",
		       SSTP_HTTP_URI, v6 ? "[" : "", name, v6 ? "]" : "", port,
		       g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11],
		       g[12], g[13], g[14], g[15]);
	return len > 0 && (size_t)len < size ? len : -ENOSPC;
}

void client_refuse_certificate(struct session *sess, const char *why)
{
	sess->end = SESSION_END_UNTRUSTED;
	log_error("certificate of '%s' refused: %s", client_name(sess->srv), why);
	session_close(sess, "server certificate refused");
}

static void finish(struct client *cl, int status)
{
	cl->exit_status = status;
	loop_stop(cl->srv->loop);
}

static void schedule_retry(struct client *cl, const char *reason);

/* One attempt: resolve, connect (non-blocking), hand the socket to a session. */
static void attempt(struct client *cl)
{
	const struct config *c = cl->srv->config;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	char port[8], peer[80], host[INET6_ADDRSTRLEN], reason[320];
	struct session *sess;
	SSL *ssl;
	int fd, err;

	snprintf(port, sizeof(port), "%u", c->connect_port);
	err = getaddrinfo(c->connect_host, port, &hints, &res);
	if (err) {
		snprintf(reason, sizeof(reason), "cannot resolve '%s': %s", c->connect_host,
			 gai_strerror(err));
		schedule_retry(cl, reason);
		return;
	}
	cl->server_is_ipv4 = res->ai_family == AF_INET;
	if (cl->server_is_ipv4) {
		cl->server_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
		inet_ntop(AF_INET, &cl->server_addr, host, sizeof(host));
		snprintf(peer, sizeof(peer), "%s:%s", host, port);
	} else {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, host,
			  sizeof(host));
		snprintf(peer, sizeof(peer), "[%s]:%s", host, port);
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || (connect(fd, res->ai_addr, res->ai_addrlen) && errno != EINPROGRESS)) {
		snprintf(reason, sizeof(reason), "connect to %s: %s", peer, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		schedule_retry(cl, reason);
		return;
	}
	freeaddrinfo(res);
	server_tune_socket(fd);
	ssl = tls_client_connect(cl->tls, fd, client_name(cl->srv));
	/* The session takes ssl, and frees it if it cannot be made. */
	sess = ssl ? session_new_client(cl->srv, fd, peer, ssl) : NULL;
	if (!sess) {
		close(fd);
		schedule_retry(cl, "out of memory for a session");
		return;
	}
	server_add_session(cl->srv, sess);
}

static void on_retry(struct loop_timer *timer)
{
	struct client *cl = container_of(timer, struct client, retry);

	if (!cl->srv->stopping)
		attempt(cl);
}

/* 1 s doubling to 60 s, each wait within +-25% so that clients spread out. */
static void schedule_retry(struct client *cl, const char *reason)
{
	uint64_t base = BACKOFF_MAX_MS, wait;
	uint32_t r = 0;

	if (cl->srv->config->once) {
		log_error("%s; exiting (--once)", reason);
		finish(cl, CLIENT_EXIT_LOST);
		return;
	}
	if (cl->failures < 6)
		base = (uint64_t)BACKOFF_FIRST_MS << cl->failures;
	if (base > BACKOFF_MAX_MS)
		base = BACKOFF_MAX_MS;
	cl->failures++;
	RAND_bytes((unsigned char *)&r, sizeof(r));
	wait = base * 3 / 4 + (uint64_t)r % (base / 2 + 1);
	log_warn("%s; reconnecting in %llu.%llu s (attempt %u)", reason,
		 (unsigned long long)(wait / 1000), (unsigned long long)(wait % 1000 / 100),
		 cl->failures + 1);
	loop_timer_arm(cl->srv->loop, &cl->retry, wait);
}

static void remove_routes(struct client *cl)
{
	struct netcfg *nc = cl->srv->netcfg;
	const struct config *c = cl->srv->config;
	struct in_addr none = { 0 };

	if (cl->routes_set) {
		/* They go with the interface too; this is for a renegotiation. */
		for (int i = 0; i < c->route_count; i++)
			netcfg_route4_del(nc, c->routes[i].addr, c->routes[i].prefix, none,
					  cl->ifindex);
		if (c->default_route) {
			netcfg_route4_del(nc, (struct in_addr){ 0 }, 1, none, cl->ifindex);
			netcfg_route4_del(nc, (struct in_addr){ htonl(0x80000000) }, 1, none,
					  cl->ifindex);
		}
		cl->routes_set = false;
	}
	if (cl->host_route_set) {
		netcfg_route4_del(nc, cl->server_addr, 32, cl->host_gateway, cl->host_ifindex);
		cl->host_route_set = false;
	}
}

void client_session_gone(struct server *srv, struct session *sess)
{
	struct client *cl = client_of(srv);
	static const int once_status[] = {
		[SESSION_END_LOST] = CLIENT_EXIT_LOST,
		[SESSION_END_UNTRUSTED] = CLIENT_EXIT_UNTRUSTED,
		[SESSION_END_AUTH] = CLIENT_EXIT_AUTH,
		[SESSION_END_REFUSED] = CLIENT_EXIT_REFUSED,
		[SESSION_END_STOPPED] = CLIENT_EXIT_STOPPED,
	};

	remove_routes(cl);
	if (srv->stopping)
		return;
	/* A tunnel that was up starts the back-off from the beginning. */
	if (sstp_call_is_connected(&sess->call) || sess->up)
		cl->failures = 0;
	/*
	 * The server's Abort is answered with ours and a 1 s linger; a server
	 * that closes the connection on our Abort, as sstpd does, ends the
	 * session from the socket, not the call: still a refusal.
	 */
	if (sess->end == SESSION_END_LOST && sess->call.refused)
		sess->end = SESSION_END_REFUSED;
	switch (sess->end) {
	case SESSION_END_UNTRUSTED:
	case SESSION_END_AUTH:
		/* No retry cures these; the line that says why is logged. */
		finish(cl, once_status[sess->end]);
		return;
	case SESSION_END_REFUSED:
	case SESSION_END_LOST:
		if (srv->config->once) {
			log_error("%s; exiting (--once)", sess->close_reason);
			finish(cl, once_status[sess->end]);
			return;
		}
		break;
	case SESSION_END_STOPPED:
		finish(cl, CLIENT_EXIT_STOPPED);
		return;
	}
	schedule_retry(cl, sess->close_reason);
}

static void write_resolv(struct session *sess, const struct ppp_event_info *info)
{
	const char *path = sess->srv->config->resolv_path;
	char tmp[4096];
	FILE *f;

	if (!path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.sstpd-new", path);
	f = fopen(tmp, "we");
	if (!f) {
		session_log(sess, LOG_LEVEL_ERROR, "resolv %s: %s", tmp, strerror(errno));
		return;
	}
	fprintf(f, "# Written by sstpd: the DNS servers %s offered\n",
		sess->srv->config->connect);
	for (int i = 0; i < 2; i++) {
		if (info->dns[i].s_addr)
			fprintf(f, "nameserver %s\n", inet_ntoa(info->dns[i]));
	}
	if (fclose(f) || rename(tmp, path)) {
		session_log(sess, LOG_LEVEL_ERROR, "resolv %s: %s", path, strerror(errno));
		unlink(tmp);
		return;
	}
	session_log(sess, LOG_LEVEL_INFO, "DNS servers written to %s", path);
}

void client_network_up(struct session *sess, const struct ppp_event_info *info)
{
	struct client *cl = client_of(sess->srv);
	const struct config *c = sess->srv->config;
	struct netcfg *nc = sess->srv->netcfg;
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], dns[2][INET_ADDRSTRLEN];
	struct in_addr none = { 0 };
	int err;

	inet_ntop(AF_INET, &info->local_ipv4, local, sizeof(local));
	inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
	for (int i = 0; i < 2; i++)
		inet_ntop(AF_INET, &info->dns[i], dns[i], sizeof(dns[i]));
	session_log(sess, LOG_LEVEL_INFO, "up: address %s peer %s on %s (%s mode), DNS %s %s",
		    local, peer, sess->link->ifname(sess), sess->link->name,
		    info->dns[0].s_addr ? dns[0] : "none", info->dns[1].s_addr ? dns[1] : "");
	cl->failures = 0;
	remove_routes(cl);
	cl->ifindex = (int)if_nametoindex(sess->link->ifname(sess));
	if (!cl->ifindex) {
		session_log(sess, LOG_LEVEL_ERROR, "routes: no interface %s",
			    sess->link->ifname(sess));
		return;
	}
	if (c->default_route && cl->server_is_ipv4) {
		/* The server itself stays where it was, or the tunnel would carry itself. */
		err = netcfg_route4_get(nc, cl->server_addr, &cl->host_gateway, &cl->host_ifindex);
		if (!err && cl->host_ifindex != cl->ifindex)
			err = netcfg_route4_add(nc, cl->server_addr, 32, cl->host_gateway,
						cl->host_ifindex);
		if (err)
			session_log(sess, LOG_LEVEL_ERROR, "route to the server %s: %s",
				    inet_ntoa(cl->server_addr), strerror(-err));
		else
			cl->host_route_set = cl->host_ifindex != cl->ifindex;
	}
	cl->routes_set = true;
	for (int i = 0; i < c->route_count; i++) {
		err = netcfg_route4_add(nc, c->routes[i].addr, c->routes[i].prefix, none,
					cl->ifindex);
		if (err)
			session_log(sess, LOG_LEVEL_ERROR, "route %s/%u: %s",
				    inet_ntoa(c->routes[i].addr), c->routes[i].prefix,
				    strerror(-err));
	}
	/* Two halves: more specific than any default route, which stays. */
	if (c->default_route) {
		err = netcfg_route4_add(nc, none, 1, none, cl->ifindex);
		if (!err)
			err = netcfg_route4_add(nc, (struct in_addr){ htonl(0x80000000) }, 1,
						none, cl->ifindex);
		if (err)
			session_log(sess, LOG_LEVEL_ERROR, "default route: %s", strerror(-err));
	}
	write_resolv(sess, info);
}

void client_network_down(struct session *sess)
{
	remove_routes(client_of(sess->srv));
}

int client_start(struct server *srv)
{
	struct config *c = (struct config *)srv->config;
	struct client *cl;
	char err[512];
	int ret;

	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		log_error("out of memory");
		return 1;
	}
	srv->client = cl;
	cl->srv = srv;
	cl->retry.on_expire = on_retry;
	cl->exit_status = CLIENT_EXIT_UNTRUSTED;
	if (config_read_password(c, err, sizeof(err))) {
		log_error("%s", err);
		return 1;
	}
	ret = tls_client_new(&(struct tls_client_settings){
				.ca_path = c->ca_path,
				.insecure = c->insecure,
				.pin = c->pin,
				.version = c->tls_version,
				.ciphers = c->ciphers,
				.ciphersuites = c->ciphersuites,
				.ktls = c->datapath != CONFIG_DATAPATH_USER,
			     }, &cl->tls, err, sizeof(err));
	if (ret) {
		log_error("tls: %s", err);
		return 1;
	}
	if (c->pin)
		tls_client_set_pin(cl->tls, c->pin_sha256);
	if (c->insecure)
		log_warn("WARNING: --insecure: the server's certificate is NOT checked; anyone "
			 "between here and %s can read and change this tunnel", c->connect);
	log_info("connecting to %s as '%s', verifying %s, data path %s", c->connect, c->user,
		 c->insecure ? "nothing" : c->pin ? "the pinned SHA-256 fingerprint" :
		 c->ca_path ? c->ca_path : "the system's CA store",
		 srv->genl ? "kernel" : "user");
	cl->exit_status = CLIENT_EXIT_STOPPED;
	attempt(cl);
	return 0;
}

void client_stop(struct server *srv)
{
	struct client *cl = client_of(srv);

	if (!cl)
		return;
	loop_timer_cancel(srv->loop, &cl->retry);
	tls_client_free(cl->tls);
}

int client_exit_status(const struct server *srv)
{
	return srv->client ? client_of(srv)->exit_status : 0;
}
