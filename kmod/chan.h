/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SSTP_CHAN_H
#define SSTP_CHAN_H

struct sstp_session;

int sstp_chan_register(struct sstp_session *s);
void sstp_chan_unregister(struct sstp_session *s);

#endif /* SSTP_CHAN_H */
