/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket (docs/control.md): a Unix stream socket on which local
 * programs (sstpctl) list and kill sessions, ask for status, reload users and
 * follow events.  This module owns the socket, the connections and the
 * record format; what the records say comes from the server through ops.
 */
#ifndef SSTP_CTL_H
#define SSTP_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/record.h"

struct loop;
struct ctl;

/* What a request asks for, as parsed from its line. */
enum ctl_command {
	CTL_SHOW,
	CTL_KILL,
	CTL_STATUS,
	CTL_RELOAD,
	CTL_MONITOR,
};

struct ctl_request {
	enum ctl_command command;
	const char *target;	/* "ID" or "USER" for show and kill; NULL: all */
};

/*
 * Parse one request line (NUL-terminated, without its newline) in place.
 * Returns 0, or -EINVAL with a sentence for the client in *why.
 */
int ctl_request_parse(char *line, struct ctl_request *req, const char **why);

/*
 * The server's side.  Each callback writes its records with emit(), which
 * copies them out; emit returns false when the client's buffer is full.
 */
typedef bool (*ctl_emit_fn)(void *sink, const char *line, size_t len);

struct ctl_ops {
	/* Records of sessions matching target (NULL: all); how many matched. */
	int (*show)(void *ctx, const char *target, ctl_emit_fn emit, void *sink);
	/* End sessions matching target; how many. */
	int (*kill)(void *ctx, const char *target, ctl_emit_fn emit, void *sink);
	void (*status)(void *ctx, ctl_emit_fn emit, void *sink);
	/* 0, or a negative errno with the reason in why. */
	int (*reload)(void *ctx, ctl_emit_fn emit, void *sink, char *why, size_t why_size);
};

/*
 * Listen on path (created 0660 with group gid, the directory made if
 * missing).  Returns 0 or a negative errno with the reason in err.
 */
int ctl_open(struct ctl **out, struct loop *loop, const char *path, gid_t gid,
	     const struct ctl_ops *ops, void *ctx, char *err, size_t err_size);
/* Close every connection and remove the socket file. */
void ctl_close(struct ctl *ctl);

/* Send one event record line (with its newline) to every monitor. */
void ctl_broadcast(struct ctl *ctl, const char *line, size_t len);

#endif /* SSTP_CTL_H */
