// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to sstp.ko over generic netlink, through libnl.
 *
 * The socket is non-blocking.  A request sends one message and reads until
 * its answer (ACK, error, or the end of a dump) comes, waiting in poll():
 * every message with sequence number 0 met on the way is a notification
 * (CONTROL_NTF, SESSION_DOWN_NTF) and is kept, in order, for
 * sstp_genl_dispatch().  libnl 3.7 has no extended-ack helpers: the
 * socket asks for them (NETLINK_EXT_ACK) and the error callback reads the
 * NLMSGERR_ATTR_MSG attribute itself.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "kernel/genl.h"
#include "sstp_genl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The module answers at once; this only bounds a wait for a lost reply. */
#define SSTP_GENL_TIMEOUT_MS	10000
/* Room for bursts of control packets while the daemon is busy. */
#define SSTP_GENL_RCVBUF	(4 << 20)

/* Top-level attributes: those of the info set or the sstp set. */
#define SSTP_GENL_TOP_MAX	((int)SSTP_A_INFO_MAX > (int)SSTP_A_MAX ? (int)SSTP_A_INFO_MAX : (int)SSTP_A_MAX)

/* A notification kept until sstp_genl_dispatch(). */
struct sstp_genl_note {
	struct sstp_genl_note *next;
	size_t len;
	unsigned char msg[];
};

/* The request waiting for its answer. */
struct sstp_genl_req {
	uint32_t seq;
	int (*parse)(struct nlattr **attrs, void *arg);
	void *arg;
	int done;
	int err;	/* 0 or a negative errno */
};

struct sstp_genl {
	struct nl_sock *sock;
	struct nl_cb *cb;
	int family_id;
	uint32_t family_version;
	int events_group;	/* multicast group id, or negative */
	struct sstp_genl_req *req;
	struct sstp_genl_note *notes, **notes_tail;
	size_t notes_count;
	unsigned long overruns;	/* receive buffer overruns: notifications lost */
	char last_error[256];
};

/* libnl reports its own error numbers; map the ones a caller acts on. */
static int errno_from_nl(int nlerr)
{
	switch (-nlerr) {
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AGAIN:
		return -EAGAIN;
	default:
		return -EIO;
	}
}

static int family_lookup(struct sstp_genl *g)
{
	struct nl_cache *cache;
	struct genl_family *family;
	int err;

	err = genl_ctrl_alloc_cache(g->sock, &cache);
	if (err < 0)
		return errno_from_nl(err);
	family = genl_ctrl_search_by_name(cache, SSTP_FAMILY_NAME);
	if (!family) {
		nl_cache_free(cache);
		return -ENOENT;
	}
	g->family_id = genl_family_get_id(family);
	g->family_version = genl_family_get_version(family);
	genl_family_put(family);
	nl_cache_free(cache);
	return 0;
}

static int on_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;	/* sequence numbers are checked in on_valid() */
}

static void note_keep(struct sstp_genl *g, const struct nlmsghdr *nlh)
{
	struct sstp_genl_note *n;

	n = malloc(sizeof(*n) + nlh->nlmsg_len);
	if (!n)
		return;	/* as if the socket had overrun */
	n->next = NULL;
	n->len = nlh->nlmsg_len;
	memcpy(n->msg, nlh, nlh->nlmsg_len);
	*g->notes_tail = n;
	g->notes_tail = &n->next;
	g->notes_count++;
}

static struct sstp_genl_note *note_take(struct sstp_genl *g)
{
	struct sstp_genl_note *n = g->notes;

	if (!n)
		return NULL;
	g->notes = n->next;
	if (!g->notes)
		g->notes_tail = &g->notes;
	g->notes_count--;
	return n;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct sstp_genl *g = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *attrs[SSTP_GENL_TOP_MAX + 1];
	int err;

	if (nlh->nlmsg_type != g->family_id)
		return NL_SKIP;
	if (nlh->nlmsg_seq == 0) {
		note_keep(g, nlh);
		return NL_OK;
	}
	if (!g->req || nlh->nlmsg_seq != g->req->seq || !g->req->parse)
		return NL_SKIP;	/* the late answer of an abandoned request */
	/* Replies of every command have their attributes at the top level. */
	err = genlmsg_parse(nlh, 0, attrs, SSTP_GENL_TOP_MAX, NULL);
	if (err < 0) {
		g->req->err = -EPROTO;
		return NL_SKIP;
	}
	err = g->req->parse(attrs, g->req->arg);
	if (err && !g->req->err)
		g->req->err = err;
	return NL_OK;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct sstp_genl *g = arg;

	if (g->req && nlmsg_hdr(msg)->nlmsg_seq == g->req->seq)
		g->req->done = 1;
	return NL_OK;
}

/* The module's extended-ack message, when the socket asked for one. */
static void error_message(struct sstp_genl *g, const struct nlmsgerr *e)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e - NLMSG_HDRLEN);
	const struct nlattr *nla;
	size_t off = sizeof(*e);
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	nla = (const struct nlattr *)((const char *)e + off);
	rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off);
	for (; nla_ok(nla, rem); nla = nla_next(nla, &rem)) {
		if (nla_type(nla) != NLMSGERR_ATTR_MSG || nla_len(nla) < 1)
			continue;
		snprintf(g->last_error, sizeof(g->last_error), "%.*s", nla_len(nla),
			 (const char *)nla_data(nla));
		/* The kernel counts the NUL in the length. */
		g->last_error[strcspn(g->last_error, "\n")] = '\0';
	}
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct sstp_genl *g = arg;

	(void)who;
	if (!g->req || e->msg.nlmsg_seq != g->req->seq)
		return NL_SKIP;
	g->req->err = e->error < 0 ? e->error : -EPROTO;
	g->req->done = 1;
	error_message(g, e);
	return NL_SKIP;
}

int sstp_genl_open(struct sstp_genl **out)
{
	int one = 1, rcvbuf = SSTP_GENL_RCVBUF;
	struct sstp_genl *g;
	int err, fd;

	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->notes_tail = &g->notes;
	g->sock = nl_socket_alloc();
	if (!g->sock) {
		err = -ENOMEM;
		goto err_free;
	}
	err = genl_connect(g->sock);
	if (err < 0) {
		err = errno_from_nl(err);
		goto err_sock;
	}
	err = family_lookup(g);
	if (err)
		goto err_sock;
	/* Looked up now, while nothing else can arrive on the socket. */
	g->events_group = genl_ctrl_resolve_grp(g->sock, SSTP_FAMILY_NAME, SSTP_MCGRP_EVENTS);

	fd = nl_socket_get_fd(g->sock);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0) {
		err = -errno;
		goto err_sock;
	}
	/* Beyond rmem_max only with CAP_NET_ADMIN; the default otherwise. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	err = nl_socket_set_nonblocking(g->sock);
	if (err < 0) {
		err = errno_from_nl(err);
		goto err_sock;
	}

	g->cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!g->cb) {
		err = -ENOMEM;
		goto err_sock;
	}
	nl_cb_set(g->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, NULL);
	nl_cb_set(g->cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, g);
	nl_cb_set(g->cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, g);
	nl_cb_set(g->cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, g);
	nl_cb_err(g->cb, NL_CB_CUSTOM, on_error, g);
	*out = g;
	return 0;

err_sock:
	nl_socket_free(g->sock);
err_free:
	free(g);
	return err;
}

void sstp_genl_close(struct sstp_genl *g)
{
	struct sstp_genl_note *n;

	if (!g)
		return;
	while ((n = note_take(g)))
		free(n);
	nl_cb_put(g->cb);
	nl_socket_free(g->sock);
	free(g);
}

int sstp_genl_fd(const struct sstp_genl *g)
{
	return nl_socket_get_fd(g->sock);
}

size_t sstp_genl_pending(const struct sstp_genl *g)
{
	return g->notes_count;
}

const char *sstp_genl_last_error(const struct sstp_genl *g)
{
	return g->last_error;
}

int sstp_genl_subscribe_events(struct sstp_genl *g)
{
	int err;

	if (g->events_group < 0)
		return -ENOENT;
	err = nl_socket_add_membership(g->sock, g->events_group);
	return err < 0 ? errno_from_nl(err) : 0;
}

/* Read what the socket holds now.  Return: 0 or a negative errno. */
static int genl_read(struct sstp_genl *g)
{
	int n;

	do {
		n = nl_recvmsgs_report(g->sock, g->cb);
		/* Overrun: notifications were lost, the answer may still come. */
		if (n == -NLE_NOMEM) {
			g->overruns++;
			n = 1;
		}
	} while (n > 0 && !(g->req && g->req->done));
	return n < 0 && n != -NLE_AGAIN ? errno_from_nl(n) : 0;
}

static struct nl_msg *request_new(struct sstp_genl *g, uint8_t cmd, int flags, size_t room)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc_size(room + 1024);
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family_id, 0, flags, cmd,
			 SSTP_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Send msg (freed here) and wait for its answer; parse sees the
 * attributes of each reply.  Return: 0 or a negative errno.
 */
static int request_run(struct sstp_genl *g, struct nl_msg *msg,
		       int (*parse)(struct nlattr **attrs, void *arg), void *arg)
{
	struct sstp_genl_req req = { .parse = parse, .arg = arg };
	struct pollfd pfd = { .fd = nl_socket_get_fd(g->sock), .events = POLLIN };
	int err;

	g->last_error[0] = '\0';
	err = nl_send_auto(g->sock, msg);
	req.seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (err < 0)
		return errno_from_nl(err);

	g->req = &req;
	while (!req.done) {
		err = poll(&pfd, 1, SSTP_GENL_TIMEOUT_MS);
		if (err < 0 && errno == EINTR)
			continue;
		if (err <= 0) {
			req.err = err ? -errno : -ETIMEDOUT;
			break;
		}
		err = genl_read(g);
		if (err) {
			req.err = err;
			break;
		}
	}
	g->req = NULL;
	return req.err;
}

/* The session nest of replies and notifications. */
static int session_parse(struct nlattr *nest, struct sstp_session_info *info,
			 enum sstp_down_reason *reason)
{
	static struct nla_policy policy[SSTP_A_SESSION_MAX + 1] = {
		[SSTP_A_SESSION_ID] = { .type = NLA_U32 },
		[SSTP_A_SESSION_CHANNEL] = { .type = NLA_U32 },
		[SSTP_A_SESSION_STATE] = { .type = NLA_U32 },
		[SSTP_A_SESSION_DOWN_REASON] = { .type = NLA_U32 },
		[SSTP_A_SESSION_CONTROL] = { .type = NLA_UNSPEC },
		[SSTP_A_SESSION_IDLE_MS] = { .type = NLA_U32 },
		[SSTP_A_SESSION_RX_PACKETS] = { .type = NLA_U64 },
		[SSTP_A_SESSION_RX_BYTES] = { .type = NLA_U64 },
		[SSTP_A_SESSION_TX_PACKETS] = { .type = NLA_U64 },
		[SSTP_A_SESSION_TX_BYTES] = { .type = NLA_U64 },
		[SSTP_A_SESSION_RX_ERRORS] = { .type = NLA_U64 },
		[SSTP_A_SESSION_RX_DROPPED] = { .type = NLA_U64 },
		[SSTP_A_SESSION_TX_ERRORS] = { .type = NLA_U64 },
		[SSTP_A_SESSION_TX_DROPPED] = { .type = NLA_U64 },
	};
	struct nlattr *tb[SSTP_A_SESSION_MAX + 1];

	if (!nest || nla_parse_nested(tb, SSTP_A_SESSION_MAX, nest, policy) < 0 ||
	    !tb[SSTP_A_SESSION_ID])
		return -EPROTO;
	memset(info, 0, sizeof(*info));
	info->id = nla_get_u32(tb[SSTP_A_SESSION_ID]);
#define GET(attr, field, get) \
	if (tb[SSTP_A_SESSION_##attr]) \
		info->field = get(tb[SSTP_A_SESSION_##attr])
	GET(CHANNEL, channel, nla_get_u32);
	GET(STATE, state, (enum sstp_session_state)nla_get_u32);
	GET(IDLE_MS, idle_ms, nla_get_u32);
	GET(RX_PACKETS, rx_packets, nla_get_u64);
	GET(RX_BYTES, rx_bytes, nla_get_u64);
	GET(RX_ERRORS, rx_errors, nla_get_u64);
	GET(RX_DROPPED, rx_dropped, nla_get_u64);
	GET(TX_PACKETS, tx_packets, nla_get_u64);
	GET(TX_BYTES, tx_bytes, nla_get_u64);
	GET(TX_ERRORS, tx_errors, nla_get_u64);
	GET(TX_DROPPED, tx_dropped, nla_get_u64);
#undef GET
	if (reason)
		*reason = tb[SSTP_A_SESSION_DOWN_REASON] ?
			  (enum sstp_down_reason)nla_get_u32(tb[SSTP_A_SESSION_DOWN_REASON]) :
			  SSTP_DOWN_REASON_USERSPACE;
	return 0;
}

/* One kept notification to its handler. */
static void note_deliver(const struct sstp_genl_note *n, const struct sstp_genl_events *events,
			 void *ctx)
{
	const struct nlmsghdr *nlh = (const void *)n->msg;
	struct nlattr *attrs[SSTP_A_MAX + 1], *tb[SSTP_A_SESSION_MAX + 1];
	static struct nla_policy policy[SSTP_A_SESSION_MAX + 1] = {
		[SSTP_A_SESSION_ID] = { .type = NLA_U32 },
		[SSTP_A_SESSION_CONTROL] = { .type = NLA_UNSPEC },
	};
	const struct genlmsghdr *ghdr = nlmsg_data(nlh);
	struct sstp_session_info info;
	enum sstp_down_reason reason;

	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, attrs, SSTP_A_MAX, NULL) < 0)
		return;
	switch (ghdr->cmd) {
	case SSTP_CMD_CONTROL_NTF:
		if (!events->control || !attrs[SSTP_A_SESSION] ||
		    nla_parse_nested(tb, SSTP_A_SESSION_MAX, attrs[SSTP_A_SESSION], policy) < 0 ||
		    !tb[SSTP_A_SESSION_ID] || !tb[SSTP_A_SESSION_CONTROL])
			return;
		events->control(ctx, nla_get_u32(tb[SSTP_A_SESSION_ID]),
				nla_data(tb[SSTP_A_SESSION_CONTROL]),
				(size_t)nla_len(tb[SSTP_A_SESSION_CONTROL]));
		break;
	case SSTP_CMD_SESSION_DOWN_NTF:
		if (events->down && !session_parse(attrs[SSTP_A_SESSION], &info, &reason))
			events->down(ctx, info.id, reason, &info);
		break;
	default:
		break;
	}
}

int sstp_genl_dispatch(struct sstp_genl *g, const struct sstp_genl_events *events, void *ctx)
{
	unsigned long overruns = g->overruns;
	struct sstp_genl_note *n;
	int err;

	err = genl_read(g);
	/* Handlers may make requests, which may keep more notifications. */
	while ((n = note_take(g))) {
		note_deliver(n, events, ctx);
		free(n);
	}
	if (!err && g->overruns != overruns)
		err = -ENOBUFS;
	return err;
}

static int version_parse(struct nlattr **attrs, void *arg)
{
	struct sstp_module_info *info = arg;

	if (attrs[SSTP_A_INFO_RELEASE])
		snprintf(info->release, sizeof(info->release), "%s",
			 nla_get_string(attrs[SSTP_A_INFO_RELEASE]));
	if (attrs[SSTP_A_INFO_FEATURES])
		info->features = nla_get_u32(attrs[SSTP_A_INFO_FEATURES]);
	return 0;
}

int sstp_genl_version(struct sstp_genl *g, struct sstp_module_info *info)
{
	struct nl_msg *msg;
	int err;

	memset(info, 0, sizeof(*info));
	info->api_version = g->family_version;
	msg = request_new(g, SSTP_CMD_VERSION_GET, 0, 0);
	if (!msg)
		return -ENOMEM;
	err = request_run(g, msg, version_parse, info);
	if (err)
		return err;
	return info->release[0] ? 0 : -EPROTO;
}

/* A request carrying one session nest; NULL without memory. */
static struct nl_msg *session_request(struct sstp_genl *g, uint8_t cmd, size_t room,
				      struct nlattr **nest)
{
	struct nl_msg *msg;

	msg = request_new(g, cmd, 0, room);
	if (!msg)
		return NULL;
	*nest = nla_nest_start(msg, SSTP_A_SESSION);
	if (!*nest) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int session_reply_parse(struct nlattr **attrs, void *arg)
{
	return session_parse(attrs[SSTP_A_SESSION], arg, NULL);
}

int sstp_genl_session_new(struct sstp_genl *g, int fd, enum sstp_transport transport,
			  unsigned int mru, const void *initial, size_t initial_len,
			  uint32_t *id, uint32_t *channel)
{
	struct sstp_session_info info = { 0 };
	struct nlattr *nest;
	struct nl_msg *msg;
	int err;

	if (fd < 0)
		return -EBADF;
	msg = session_request(g, SSTP_CMD_SESSION_NEW, initial_len, &nest);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SSTP_A_SESSION_FD, (uint32_t)fd) < 0 ||
	    nla_put_u32(msg, SSTP_A_SESSION_TRANSPORT, transport) < 0 ||
	    (mru && nla_put_u32(msg, SSTP_A_SESSION_MRU, mru) < 0) ||
	    (initial_len && nla_put(msg, SSTP_A_SESSION_INITIAL_DATA, (int)initial_len,
				    initial) < 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	err = request_run(g, msg, session_reply_parse, &info);
	if (err)
		return err;
	if (!info.id)
		return -EPROTO;
	*id = info.id;
	*channel = info.channel;
	return 0;
}

/* A request naming one session, with at most one more u32 attribute. */
static int session_simple(struct sstp_genl *g, uint8_t cmd, uint32_t id, int attr, uint32_t value)
{
	struct nlattr *nest;
	struct nl_msg *msg;

	msg = session_request(g, cmd, 0, &nest);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SSTP_A_SESSION_ID, id) < 0 ||
	    (attr && nla_put_u32(msg, attr, value) < 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return request_run(g, msg, NULL, NULL);
}

int sstp_genl_session_del(struct sstp_genl *g, uint32_t id)
{
	return session_simple(g, SSTP_CMD_SESSION_DEL, id, 0, 0);
}

int sstp_genl_session_set_connected(struct sstp_genl *g, uint32_t id)
{
	return session_simple(g, SSTP_CMD_SESSION_SET, id, SSTP_A_SESSION_STATE,
			      SSTP_SESSION_STATE_CONNECTED);
}

int sstp_genl_session_set_mru(struct sstp_genl *g, uint32_t id, uint32_t mru)
{
	return session_simple(g, SSTP_CMD_SESSION_SET, id, SSTP_A_SESSION_MRU, mru);
}

int sstp_genl_control_send(struct sstp_genl *g, uint32_t id, const void *pkt, size_t len)
{
	struct nlattr *nest;
	struct nl_msg *msg;

	msg = session_request(g, SSTP_CMD_CONTROL_SEND, len, &nest);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SSTP_A_SESSION_ID, id) < 0 ||
	    nla_put(msg, SSTP_A_SESSION_CONTROL, (int)len, pkt) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return request_run(g, msg, NULL, NULL);
}

int sstp_genl_session_get(struct sstp_genl *g, uint32_t id, struct sstp_session_info *info)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int err;

	memset(info, 0, sizeof(*info));
	msg = session_request(g, SSTP_CMD_SESSION_GET, 0, &nest);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SSTP_A_SESSION_ID, id) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	err = request_run(g, msg, session_reply_parse, info);
	if (!err && info->id != id)
		err = -EPROTO;
	return err;
}

struct dump_state {
	int (*fn)(const struct sstp_session_info *info, void *ctx);
	void *ctx;
	int stopped;	/* fn's non-zero return, then nothing more to fn */
};

static int dump_parse(struct nlattr **attrs, void *arg)
{
	struct dump_state *st = arg;
	struct sstp_session_info info;

	if (st->stopped)
		return 0;
	if (session_parse(attrs[SSTP_A_SESSION], &info, NULL))
		return -EPROTO;
	st->stopped = st->fn(&info, st->ctx);
	return 0;
}

int sstp_genl_session_dump(struct sstp_genl *g,
			   int (*fn)(const struct sstp_session_info *info, void *ctx), void *ctx)
{
	struct dump_state st = { .fn = fn, .ctx = ctx };
	struct nl_msg *msg;
	int err;

	msg = request_new(g, SSTP_CMD_SESSION_GET, NLM_F_DUMP, 0);
	if (!msg)
		return -ENOMEM;
	/* The dump runs to its end even when fn stops early. */
	err = request_run(g, msg, dump_parse, &st);
	return err ? err : st.stopped;
}

void sstp_genl_features_format(uint32_t features, char *buf, size_t size)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ SSTP_FEATURE_TLS_READ_SOCK, "tls-read-sock" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(features & names[i].bit))
			continue;
		features &= ~names[i].bit;
		used += snprintf(buf + used, used < size ? size - used : 0, "%s%s",
				 used ? "," : "", names[i].name);
	}
	/* Bits from a newer module than this tool are shown, not hidden. */
	if (features)
		used += snprintf(buf + used, used < size ? size - used : 0, "%s0x%x",
				 used ? "," : "", features);
	if (!used)
		snprintf(buf, size, "none");
}

const char *sstp_genl_down_reason_name(enum sstp_down_reason reason)
{
	static const char *const names[] = {
		[SSTP_DOWN_REASON_USERSPACE] = "userspace",
		[SSTP_DOWN_REASON_OWNER_GONE] = "owner-gone",
		[SSTP_DOWN_REASON_PEER_CLOSED] = "peer-closed",
		[SSTP_DOWN_REASON_TRANSPORT_ERROR] = "transport-error",
		[SSTP_DOWN_REASON_TLS_ERROR] = "tls-error",
		[SSTP_DOWN_REASON_TLS_ALERT] = "tls-alert",
		[SSTP_DOWN_REASON_TLS_REKEY] = "tls-rekey",
		[SSTP_DOWN_REASON_BAD_PACKET] = "bad-packet",
		[SSTP_DOWN_REASON_UNLOAD] = "unload",
		[SSTP_DOWN_REASON_CONTROL_FLOOD] = "control-flood",
	};

	if ((unsigned int)reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "unknown";
}
