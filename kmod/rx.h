/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_RX_H
#define SSTP_RX_H

#include <linux/netlink.h>
#include <linux/workqueue.h>

struct sstp_session;

int sstp_rx_init(struct sstp_session *s, const struct nlattr *initial);
void sstp_rx_work(struct work_struct *work);
void sstp_rx_free(struct sstp_session *s);

#endif /* SSTP_RX_H */
