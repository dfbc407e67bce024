/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_SOCK_H
#define SSTP_SOCK_H

#include <linux/netlink.h>

struct sstp_session;

int sstp_sock_take(struct sstp_session *s, int fd, const struct nlattr *fd_attr,
		   struct netlink_ext_ack *extack);
void sstp_sock_release(struct sstp_session *s);
void sstp_sock_shutdown(struct sstp_session *s);

#endif /* SSTP_SOCK_H */
