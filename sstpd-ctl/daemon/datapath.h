/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which data path sessions get: at start, whether the kernel one is there
 * (sstp.ko, tls, ppp_generic, loaded with modprobe if need be); while
 * running, the netlink socket that owns every kernel session and brings
 * their control packets and their end.
 */
#ifndef SSTP_DATAPATH_H
#define SSTP_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>

struct server;

/*
 * Probe per the configuration and log the outcome.  0, or 1 (logged) when
 * datapath is kernel and the kernel path is missing.
 */
int datapath_start(struct server *srv);
void datapath_stop(struct server *srv);

/*
 * Whether a new session may go to the kernel; if not, why (for its log
 * line).  Reconnects when sstp.ko came back after an unload.
 */
bool datapath_kernel_ready(struct server *srv, char *why, size_t why_size);

/* Hand out the notifications waiting on the owner socket now. */
void datapath_dispatch(struct server *srv);

/*
 * After a request on the owner socket: notifications read while it waited
 * for its answer are kept in user space, where epoll cannot see them;
 * hand them out once the current batch of events is done.
 */
void datapath_kick(struct server *srv);

#endif /* SSTP_DATAPATH_H */
