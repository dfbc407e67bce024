/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_NETLINK_H
#define SSTP_NETLINK_H

int sstp_nl_register(void);
void sstp_nl_unregister(void);

#endif /* SSTP_NETLINK_H */
