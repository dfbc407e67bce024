// SPDX-License-Identifier: GPL-2.0
/*
 * The server's answers on the control socket (docs/control.md): session
 * records, kill, status, reload, and the events monitors follow.  ctl.c
 * owns the socket and the connections; this file knows the server.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ssl.h>

#include "control.h"
#include "ctl.h"
#include "link.h"
#include "log.h"
#include "pool.h"
#include "record.h"
#include "server.h"
#include "session.h"
#include "sstp_version.h"

#define RECORD_LINE_MAX	2048

/* The fields of a session record, into r (after its kind). */
static void session_fields(struct session *sess, struct record *r)
{
	struct link_counters counters = { 0 };
	char inner[INET_ADDRSTRLEN] = "";

	if (sess->has_addr)
		inet_ntop(AF_INET, &sess->addr, inner, sizeof(inner));
	if (sess->link)
		sess->link->counters(sess, &counters);
	record_u64(r, "id", sess->id);
	record_str(r, "role", session_role_name(sess));
	record_str(r, "user", sess->auth_method ? sess->user : "");
	record_str(r, "outer", sess->peer);
	record_str(r, "inner", inner);
	record_str(r, "auth", sess->auth_method ? sess->auth_method : "");
	record_str(r, "datapath", sess->link ? sess->link->name : "");
	if (sess->link == &link_kernel_ops && sess->klink.id)
		record_u64(r, "kernel_id", sess->klink.id);
	record_str(r, "tls", sess->tls_version);
	record_str(r, "cipher", sess->tls_cipher);
	record_str(r, "state", session_state_name(sess));
	record_u64(r, "uptime", (session_now(sess) - sess->started_ms) / 1000);
	record_u64(r, "rx_bytes", counters.rx_bytes);
	record_u64(r, "rx_packets", counters.rx_packets);
	record_u64(r, "tx_bytes", counters.tx_bytes);
	record_u64(r, "tx_packets", counters.tx_packets);
	record_u64(r, "rx_dropped", counters.rx_dropped);
	record_u64(r, "tx_dropped", counters.tx_dropped);
}

/* A target is a session id (all digits) or a user name. */
static bool session_matches(const struct session *sess, const char *target)
{
	char *end;
	unsigned long id;

	if (!target)
		return true;
	id = strtoul(target, &end, 10);
	if (*target >= '0' && *target <= '9' && !*end)
		return sess->id == id;
	return sess->auth_method && !strcmp(sess->user, target);
}

static int ctl_show(void *ctx, const char *target, ctl_emit_fn emit, void *sink)
{
	struct server *srv = ctx;
	char line[RECORD_LINE_MAX];
	int count = 0;

	for (struct session *sess = srv->sessions; sess; sess = sess->next) {
		struct record r;

		if (!session_matches(sess, target))
			continue;
		record_begin(&r, line, sizeof(line), "session");
		session_fields(sess, &r);
		if (record_end(&r) && !emit(sink, line, r.len))
			break;
		count++;
	}
	return count;
}

static int ctl_kill(void *ctx, const char *target, ctl_emit_fn emit, void *sink)
{
	struct server *srv = ctx;
	struct session *sess, *next;
	char line[64];
	int count = 0;

	for (sess = srv->sessions; sess; sess = next) {
		struct record r;

		next = sess->next;
		if (!session_matches(sess, target))
			continue;
		record_begin(&r, line, sizeof(line), "killed");
		record_u64(&r, "id", sess->id);
		if (record_end(&r))
			emit(sink, line, r.len);
		session_log(sess, LOG_LEVEL_INFO, "killed by the operator");
		session_shutdown(sess, "killed by the operator");
		count++;
	}
	return count;
}

/* Over the last CONTROL_RATE_SECONDS, with one decimal. */
static void handshakes_per_second(const struct server *srv, uint64_t now_ms, char *out,
				  size_t size)
{
	uint64_t now_s = now_ms / 1000, total = 0;

	for (int i = 0; i < CONTROL_RATE_SECONDS; i++) {
		if (srv->handshake_second[i] + CONTROL_RATE_SECONDS > now_s)
			total += srv->handshake_count[i];
	}
	snprintf(out, size, "%.1f", (double)total / CONTROL_RATE_SECONDS);
}

static void ctl_status(void *ctx, ctl_emit_fn emit, void *sink)
{
	struct server *srv = ctx;
	uint64_t now = loop_now(srv->loop);
	unsigned int up = 0, negotiating = 0;
	char line[RECORD_LINE_MAX], rate[32];
	struct record r;

	for (struct session *sess = srv->sessions; sess; sess = sess->next) {
		if (!strcmp(session_state_name(sess), "up"))
			up++;
		else
			negotiating++;
	}
	record_begin(&r, line, sizeof(line), "status");
	record_str(&r, "version", SSTP_RELEASE);
	record_str(&r, "role", srv->config->connect ? "client" : "server");
	record_u64(&r, "uptime", (now - srv->started_ms) / 1000);
	record_str(&r, "mode", config_datapath_name(srv->config->datapath));
	record_str(&r, "kernel", srv->genl ? "available" : "unavailable");
	record_u64(&r, "sessions", srv->session_count);
	record_u64(&r, "sessions_up", up);
	record_u64(&r, "sessions_negotiating", negotiating);
	handshakes_per_second(srv, now, rate, sizeof(rate));
	record_str(&r, "handshakes_per_second", rate);
	record_str(&r, "pool", srv->pool ? srv->config->pool : "");
	record_u64(&r, "pool_in_use", srv->pool ? pool_in_use(srv->pool) : 0);
	if (record_end(&r))
		emit(sink, line, r.len);
}

static int ctl_reload(void *ctx, ctl_emit_fn emit, void *sink, char *why, size_t why_size)
{
	struct server *srv = ctx;
	char line[128];
	struct record r;
	int err;

	err = server_reload_users(srv, why, why_size);
	if (err)
		return err;
	record_begin(&r, line, sizeof(line), "reloaded");
	record_u64(&r, "users", srv->users.count);
	if (record_end(&r))
		emit(sink, line, r.len);
	return 0;
}

static const struct ctl_ops control_ops = {
	.show = ctl_show,
	.kill = ctl_kill,
	.status = ctl_status,
	.reload = ctl_reload,
};

int control_start(struct server *srv, char *err, size_t err_size)
{
	const struct config *c = srv->config;
	gid_t gid = 0;

	if (c->control_group) {
		struct group *g = getgrnam(c->control_group);

		if (!g) {
			snprintf(err, err_size, "control-group: no such group: '%s'", c->control_group);
			return -EINVAL;
		}
		gid = g->gr_gid;
	}
	return ctl_open(&srv->ctl, srv->loop, c->control_path, gid, &control_ops, srv, err,
			err_size);
}

void control_stop(struct server *srv)
{
	ctl_close(srv->ctl);
	srv->ctl = NULL;
}

void control_handshake_done(struct server *srv)
{
	uint64_t now_s = loop_now(srv->loop) / 1000;
	int i = (int)(now_s % CONTROL_RATE_SECONDS);

	if (srv->handshake_second[i] != now_s) {
		srv->handshake_second[i] = now_s;
		srv->handshake_count[i] = 0;
	}
	srv->handshake_count[i]++;
}

void control_event(struct session *sess, const char *kind, const char *reason)
{
	char line[RECORD_LINE_MAX];
	struct record r;

	if (!sess->srv->ctl)
		return;
	record_begin(&r, line, sizeof(line), "event");
	record_str(&r, "kind", kind);
	session_fields(sess, &r);
	if (reason)
		record_str(&r, "reason", reason);
	if (record_end(&r))
		ctl_broadcast(sess->srv->ctl, line, r.len);
}
