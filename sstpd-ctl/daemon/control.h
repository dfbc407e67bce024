/* SPDX-License-Identifier: GPL-2.0 */
/* The server's side of the control socket (docs/control.md). */
#ifndef SSTP_CONTROL_H
#define SSTP_CONTROL_H

#include <stddef.h>
#include <sys/types.h>

struct config;
struct server;
struct session;

/* Handshakes per second are averaged over this many seconds. */
#define CONTROL_RATE_SECONDS 10

/*
 * Listen on the configured control socket and watch the sessions (the
 * server's session observer); 0 or -errno with err set.
 */
int control_start(struct server *srv, char *err, size_t err_size);

/* The control group's id (0 when none is set); an error names a missing group. */
int control_group_gid(const struct config *c, gid_t *gid, char *err, size_t err_size);
void control_stop(struct server *srv);

#endif /* SSTP_CONTROL_H */
