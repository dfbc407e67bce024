// SPDX-License-Identifier: GPL-2.0
/*
 * The server's answers on the control socket (docs/control.md): session
 * records, kill, status, reload, and the events monitors follow.  ctl.c
 * owns the socket and the connections; this file knows the server.
 */

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "daemon/control.h"
#include "daemon/ctl.h"
#include "daemon/link.h"
#include "daemon/pool.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "lib/log.h"
#include "lib/record.h"
#include "sstp_version.h"

#define RECORD_LINE_MAX	2048

/* The fields of a session record, into r (after its kind). */
static void session_fields(const struct session_view *v, struct record *r)
{
	record_u64(r, "id", v->id);
	record_str(r, "role", v->role);
	record_str(r, "user", v->user);
	record_str(r, "outer", v->outer);
	record_str(r, "inner", v->inner);
	record_str(r, "auth", v->auth);
	record_str(r, "datapath", v->datapath);
	if (v->kernel_id)
		record_u64(r, "kernel_id", v->kernel_id);
	record_str(r, "tls", v->tls_version);
	record_str(r, "cipher", v->tls_cipher);
	record_str(r, "state", v->state);
	record_u64(r, "uptime", v->uptime_s);
	record_u64(r, "rx_bytes", v->counters.rx_bytes);
	record_u64(r, "rx_packets", v->counters.rx_packets);
	record_u64(r, "tx_bytes", v->counters.tx_bytes);
	record_u64(r, "tx_packets", v->counters.tx_packets);
	record_u64(r, "rx_dropped", v->counters.rx_dropped);
	record_u64(r, "tx_dropped", v->counters.tx_dropped);
}

/* A target is a session id (all digits) or a user name. */
static bool session_matches(const struct session_view *v, const char *target)
{
	char *end;
	unsigned long id;

	if (!target)
		return true;
	id = strtoul(target, &end, 10);
	if (*target >= '0' && *target <= '9' && !*end)
		return v->id == id;
	return *v->user && !strcmp(v->user, target);
}

static int ctl_show(void *ctx, const char *target, ctl_emit_fn emit, void *sink)
{
	struct server *srv = ctx;
	char line[RECORD_LINE_MAX];
	int count = 0;

	for (struct session *sess = srv->sessions; sess; sess = session_next(sess)) {
		struct session_view v;
		struct record r;

		session_view(sess, &v);
		if (!session_matches(&v, target))
			continue;
		record_begin(&r, line, sizeof(line), "session");
		session_fields(&v, &r);
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
		struct session_view v;
		struct record r;

		next = session_next(sess);
		session_view(sess, &v);
		if (!session_matches(&v, target))
			continue;
		record_begin(&r, line, sizeof(line), "killed");
		record_u64(&r, "id", v.id);
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

	for (struct session *sess = srv->sessions; sess; sess = session_next(sess)) {
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
	record_u64(&r, "unauthenticated", srv->admission.count);
	record_u64(&r, "refused_per_source", srv->admission.refused);
	record_u64(&r, "evicted", srv->admission.evicted);
	record_u64(&r, "refused_full", srv->refused_full);
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

static void control_handshake_done(struct server *srv);
static void control_event(struct server *srv, struct session *sess, const char *kind,
			  const char *reason);

static const struct session_observer control_observer = {
	.event = control_event,
	.handshake_done = control_handshake_done,
};

int control_group_gid(const struct config *c, gid_t *gid, char *err, size_t err_size)
{
	struct group *g;

	*gid = 0;
	if (!c->control_group)
		return 0;
	g = getgrnam(c->control_group);
	if (!g) {
		snprintf(err, err_size, "control-group: no such group: '%s'", c->control_group);
		return -EINVAL;
	}
	*gid = g->gr_gid;
	return 0;
}

int control_start(struct server *srv, char *err, size_t err_size)
{
	const struct config *c = srv->config;
	gid_t gid;
	int ret;

	ret = control_group_gid(c, &gid, err, err_size);
	if (ret)
		return ret;
	srv->observer = &control_observer;
	return ctl_open(&srv->ctl, srv->loop, c->control_path, gid, &control_ops, srv, err,
			err_size);
}

void control_stop(struct server *srv)
{
	srv->observer = NULL;
	ctl_close(srv->ctl);
	srv->ctl = NULL;
}

/* A TLS handshake finished, for the handshakes-per-second figure. */
static void control_handshake_done(struct server *srv)
{
	uint64_t now_s = loop_now(srv->loop) / 1000;
	int i = (int)(now_s % CONTROL_RATE_SECONDS);

	if (srv->handshake_second[i] != now_s) {
		srv->handshake_second[i] = now_s;
		srv->handshake_count[i] = 0;
	}
	srv->handshake_count[i]++;
}

/* Tell monitors: kind is connect, up, auth_failed or down (with reason). */
static void control_event(struct server *srv, struct session *sess, const char *kind,
			  const char *reason)
{
	char line[RECORD_LINE_MAX];
	struct session_view v;
	struct record r;

	if (!srv->ctl)
		return;
	session_view(sess, &v);
	record_begin(&r, line, sizeof(line), "event");
	record_str(&r, "kind", kind);
	session_fields(&v, &r);
	if (reason)
		record_str(&r, "reason", reason);
	if (record_end(&r))
		ctl_broadcast(srv->ctl, line, r.len);
}
