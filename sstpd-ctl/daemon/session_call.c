// SPDX-License-Identifier: GPL-2.0
/*
 * A session's SSTP call and the PPP engine under it, whichever link carries
 * them: their callbacks, authentication and the pool address, and the
 * network going up and down on the link's interface.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "daemon/client.h"
#include "daemon/pool.h"
#include "daemon/secrets.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "daemon/tls.h"
#include "lib/log.h"
#include "ppp/ppp.h"

static void call_send(void *ctx, const uint8_t *pkt, size_t len)
{
	struct session *sess = ctx;

	sess->link->send_control(sess, pkt, len);
}

static int start_ppp(struct session *sess);

static void call_accepted(void *ctx)
{
	struct session *sess = ctx;

	if (start_ppp(sess))
		session_close(sess, "out of memory for the PPP engine");
}

static void call_connected(void *ctx, uint8_t hash_protocol)
{
	struct session *sess = ctx;

	session_log(sess, LOG_LEVEL_DEBUG, "sstp: call connected, crypto binding %s (%s)",
		    sess->client ? "sent" : "verified",
		    hash_protocol == SSTP_HASH_SHA256 ? "SHA-256" : "SHA-1");
	sess->link->call_connected(sess);
}

static void call_closed(void *ctx, const char *reason)
{
	struct session *sess = ctx;

	if (sess->client && sess->call.refused && sess->end == SESSION_END_LOST)
		sess->end = SESSION_END_REFUSED;
	session_close(sess, reason);
}

static void call_log(void *ctx, enum log_level level, const char *msg)
{
	session_log(ctx, level, "%s", msg);
}

static const struct sstp_call_ops call_ops = {
	.send = call_send,
	.accepted = call_accepted,
	.connected = call_connected,
	.closed = call_closed,
	.log = call_log,
};

/*
 * Client: Call Connected, signed with the HLAK, once PPP authenticated us.
 * Windows sends it before its first NCP packet; our engine starts the NCPs
 * before it reports AUTH_OK, so the first NCP frame sends it too.
 */
static void client_send_connected(struct session *sess)
{
	uint8_t hlak[PPP_HLAK_LEN];

	if (!sess->client || sess->call.state != SSTP_CALL_CONNECTED_PENDING ||
	    ppp_hlak(sess->ppp, hlak))
		return;
	sstp_call_send_connected(&sess->call, hlak, session_now(sess));
	OPENSSL_cleanse(hlak, sizeof(hlak));
}

static void ppp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct session *sess = ctx;
	uint16_t proto = len >= 2 ? (uint16_t)(frame[0] << 8 | frame[1]) : 0;

	if (sess->client && (proto == PPP_IPCP || proto == PPP_IPV6CP))
		client_send_connected(sess);
	sess->link->send_frame(sess, frame, len);
}

static int ppp_get_secret(void *ctx, const char *user, char *secret, size_t size)
{
	struct session *sess = ctx;
	const struct secret *e = secrets_lookup(&sess->srv->users, user,
						sess->srv->config->server_name);

	if (!e || strlen(e->secret) >= size)
		return -ENOENT;
	memcpy(secret, e->secret, strlen(e->secret) + 1);
	return 0;
}

/* The user's fixed address, or one from the pool. */
static int assign_address(struct session *sess)
{
	const struct secret *e = secrets_lookup(&sess->srv->users, sess->user,
						sess->srv->config->server_name);
	int err;

	if (e && e->has_addr) {
		err = pool_claim(sess->srv->pool, e->addr);
		if (err == -EBUSY)
			session_log(sess, LOG_LEVEL_WARN, "fixed address %s of %s is in use",
				    inet_ntoa(e->addr), sess->user);
		else if (err == -ERANGE)
			session_log(sess, LOG_LEVEL_WARN,
				    "fixed address %s of %s is outside the pool",
				    inet_ntoa(e->addr), sess->user);
		if (err)
			return err;
		sess->addr = e->addr;
	} else {
		err = pool_alloc(sess->srv->pool, &sess->addr);
		if (err) {
			session_log(sess, LOG_LEVEL_WARN, "address pool %s is exhausted",
				    sess->srv->config->pool);
			return err;
		}
	}
	sess->has_addr = true;
	return 0;
}

static void on_auth_ok(struct session *sess, const struct ppp_event_info *info)
{
	const char *user = info->user ? info->user : "";
	uint8_t hlak[PPP_HLAK_LEN];

	if (sess->client) {
		if (!sess->auth_method) {
			snprintf(sess->user, sizeof(sess->user), "%s", user);
			sess->auth_method = ppp_auth_name(info->method);
			session_log(sess, LOG_LEVEL_INFO, "auth ok: as '%s' (%s)", sess->user,
				    sess->auth_method);
		}
		client_send_connected(sess);
		return;
	}

	/* An LCP renegotiation authenticates again: it must be the same user. */
	if (sess->auth_method) {
		if (strcmp(sess->user, user))
			session_shutdown(sess, "user changed on re-authentication");
		return;
	}
	snprintf(sess->user, sizeof(sess->user), "%s", user);
	sess->auth_method = ppp_auth_name(info->method);
	session_log(sess, LOG_LEVEL_INFO, "auth ok: user '%s' (%s)", sess->user, sess->auth_method);
	if (!server_session_authenticated(sess->srv, sess)) {
		session_shutdown(sess, "server full (max-sessions)");
		return;
	}
	if (ppp_hlak(sess->ppp, hlak) == 0) {
		sstp_call_set_hlak(&sess->call, hlak, session_now(sess));
		OPENSSL_cleanse(hlak, sizeof(hlak));
	}
	if (!session_live(sess))
		return;
	if (assign_address(sess)) {
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)session_now(sess));
		return;
	}
	ppp_set_peer_ipv4(sess->ppp, sess->addr, (int64_t)session_now(sess));
}

unsigned int session_tunnel_mtu(const struct session *sess)
{
	unsigned int mtu = ppp_lcp_info(sess->ppp).peer_mru;

	if (mtu > sess->srv->config->mru)
		mtu = sess->srv->config->mru;
	return mtu < LINK_MTU_MAX ? mtu : LINK_MTU_MAX;
}

static void on_ipv4_up(struct session *sess, const struct ppp_event_info *info)
{
	char peer[INET_ADDRSTRLEN];

	if (sess->link->network_up(sess, false, info)) {
		ppp_close(sess->ppp, PPP_DOWN_ADMIN, (int64_t)session_now(sess));
		return;
	}
	if (sess->client) {
		sess->addr = info->local_ipv4;
		sess->has_addr = true;
		sess->up = true;
		client_network_up(sess, info);
		session_report(sess, "up", NULL);
		return;
	}
	inet_ntop(AF_INET, &info->peer_ipv4, peer, sizeof(peer));
	session_log(sess, LOG_LEVEL_INFO, "up: user '%s' address %s on %s (%s mode)",
		    sess->user, peer, sess->link->ifname(sess), sess->link->name);
	sess->up = true;
	session_report(sess, "up", NULL);
}

static void on_ipv6_up(struct session *sess, const struct ppp_event_info *info)
{
	/* IPv4 may still serve: IPv6 stays off for this session. */
	if (!sess->link->network_up(sess, true, info))
		session_log(sess, LOG_LEVEL_DEBUG, "ipv6cp up on %s", sess->link->ifname(sess));
}

/*
 * From inside the engine, before the packet on which the client may open
 * the NCP: the interface must pass its data by then.  No ppp_close() here
 * (ppp.h); a failure was logged, and network_up() runs again, with the
 * power to end the session, when the NCP opens on our side.
 */
static void ppp_ncp_ready(void *ctx, bool ipv6, const struct ppp_event_info *info)
{
	struct session *sess = ctx;

	if (session_live(sess))
		sess->link->network_up(sess, ipv6, info);
}

static void ppp_ncp_unready(void *ctx, bool ipv6)
{
	struct session *sess = ctx;

	if (session_live(sess))
		sess->link->network_down(sess, ipv6);
}

static void ppp_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct session *sess = ctx;

	if (!session_live(sess))
		return;
	switch (ev) {
	case PPP_EV_AUTH_OK:
		on_auth_ok(sess, info);
		break;
	case PPP_EV_AUTH_FAILED:
		if (sess->client) {
			sess->end = SESSION_END_AUTH;
			log_error("authentication as '%s' (%s) refused: %s", info->user ? info->user : "",
				  ppp_auth_name(info->method),
				  info->message ? info->message : "no reason given");
			session_report(sess, "auth_failed", NULL);
			break;
		}
		snprintf(sess->user, sizeof(sess->user), "%s", info->user ? info->user : "");
		session_log(sess, LOG_LEVEL_WARN, "auth failed: user '%s' (%s)",
			    info->user ? info->user : "", ppp_auth_name(info->method));
		session_report(sess, "auth_failed", NULL);
		break;
	case PPP_EV_IPV4_UP:
		on_ipv4_up(sess, info);
		break;
	case PPP_EV_IPV4_DOWN:
		/* The interface followed at once (ppp_ncp_unready). */
		if (sess->client && sess->up)
			client_network_down(sess);
		sess->up = false;
		break;
	case PPP_EV_IPV6_UP:
		on_ipv6_up(sess, info);
		break;
	case PPP_EV_IPV6_DOWN:
		break;
	case PPP_EV_DOWN: {
		char reason[96];

		snprintf(reason, sizeof(reason), "ppp: %s", ppp_down_reason_name(info->reason));
		sstp_call_disconnect(&sess->call, reason, session_now(sess));
		break;
	}
	}
	session_update_timer(sess);
}

static void ppp_log(void *ctx, int level, const char *msg)
{
	enum log_level ours = level <= LOG_ERR ? LOG_LEVEL_ERROR :
			      level == LOG_WARNING ? LOG_LEVEL_WARN :
			      level <= LOG_INFO ? LOG_LEVEL_INFO : LOG_LEVEL_DEBUG;

	session_log(ctx, ours, "ppp: %s", msg);
}

static const struct ppp_link_ops ppp_ops = {
	.send = ppp_send,
	.event = ppp_event,
	.ncp_ready = ppp_ncp_ready,
	.ncp_unready = ppp_ncp_unready,
	.log = ppp_log,
};

/* Client: we authenticate to the server with what the configuration allows. */
static int start_client_ppp(struct session *sess)
{
	const struct config *c = sess->srv->config;
	struct ppp_config cfg;

	ppp_config_init(&cfg, PPP_ROLE_CLIENT);
	client_auth_methods(c, cfg.auth);
	cfg.user = c->user;
	cfg.password = c->password;
	cfg.request_dns = true;
	cfg.mru = (uint16_t)c->mru;
	cfg.ipv6 = c->ipv6;
	sess->ppp = ppp_new(&cfg, &ppp_ops, sess);
	if (!sess->ppp)
		return -ENOMEM;
	ppp_open(sess->ppp, (int64_t)session_now(sess));
	return 0;
}

static int start_ppp(struct session *sess)
{
	const struct config *c = sess->srv->config;
	struct ppp_config cfg;

	if (sess->client)
		return start_client_ppp(sess);

	ppp_config_init(&cfg, PPP_ROLE_SERVER);
	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++) {
		static const enum ppp_auth map[] = {
			[CONFIG_AUTH_MSCHAPV2] = PPP_AUTH_MSCHAPV2,
			[CONFIG_AUTH_CHAP] = PPP_AUTH_CHAP_MD5,
			[CONFIG_AUTH_PAP] = PPP_AUTH_PAP,
		};

		cfg.auth[i] = i < c->auth_count ? map[c->auth[i]] : PPP_AUTH_NONE;
	}
	cfg.name = c->server_name;
	cfg.get_secret = ppp_get_secret;
	cfg.secret_ctx = sess;
	cfg.mru = (uint16_t)c->mru;
	cfg.local_ipv4 = pool_server_addr(sess->srv->pool);
	for (int i = 0; i < c->dns_count; i++)
		cfg.dns[i] = c->dns[i];
	cfg.ipv6 = c->ipv6;
	sess->ppp = ppp_new(&cfg, &ppp_ops, sess);
	if (!sess->ppp)
		return -ENOMEM;
	ppp_open(sess->ppp, (int64_t)session_now(sess));
	return 0;
}

/* The session moves to its link; in kernel mode sstp.ko de-frames the stream. */
static bool start_link(struct session *sess, const struct link_ops *link)
{
	if (link == &link_user_ops) {
		sess->deframe = malloc(sizeof(*sess->deframe));
		if (!sess->deframe) {
			session_close(sess, "out of memory for the SSTP de-framer");
			return false;
		}
		sstp_deframe_init(sess->deframe);
	}
	sess->link = link;
	sess->phase = SESSION_SSTP;
	sess->phase_deadline_ms = 0;
	return true;
}

void session_call_start(struct session *sess, const struct link_ops *link)
{
	uint8_t nonce[SSTP_NONCE_LEN];

	if (sess->client) {
		if (!start_link(sess, link))
			return;
		sstp_call_start_client(&sess->call, &call_ops, sess, sess->peer_sha1,
				       sess->peer_sha256, session_now(sess));
		return;
	}
	if (RAND_bytes(nonce, sizeof(nonce)) != 1) {
		session_close(sess, "no random bytes for the crypto binding nonce");
		return;
	}
	if (!start_link(sess, link))
		return;
	sstp_call_start(&sess->call, &call_ops, sess, nonce,
			tls_server_cert_sha1(sess->srv->tls),
			tls_server_cert_sha256(sess->srv->tls), session_now(sess));
}
