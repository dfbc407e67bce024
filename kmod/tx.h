/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_TX_H
#define SSTP_TX_H

#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

struct sstp_session;

int sstp_tx_frame(struct sstp_session *s, struct sk_buff *skb);
int sstp_tx_control(struct sstp_session *s, const void *pkt, unsigned int len,
		    struct netlink_ext_ack *extack);
void sstp_tx_work(struct work_struct *work);
void sstp_tx_close(struct sstp_session *s);
void sstp_tx_flush(struct sstp_session *s);
void sstp_tx_free(struct sstp_session *s);

#endif /* SSTP_TX_H */
