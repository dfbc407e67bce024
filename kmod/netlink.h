/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_NETLINK_H
#define SSTP_NETLINK_H

#include <linux/types.h>

struct sstp_session;

int sstp_nl_register(void);
void sstp_nl_unregister(void);
int sstp_nl_notify_control(struct sstp_session *s, const u8 *pkt, unsigned int len);
void sstp_nl_notify_down(struct sstp_session *s);

#endif /* SSTP_NETLINK_H */
