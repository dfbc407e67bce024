/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Descriptors whose close() is slow, closed off the event loop.
 *
 * Closing a ppp unit or a TUN device unregisters a net device, and the
 * kernel then waits for RCU grace periods: tens of milliseconds of sleep
 * in an emulated guest, during which a single-threaded daemon answers no
 * one, and thousands of sessions ending together (a restart, a network
 * outage) take minutes.  A few threads close them instead; their waits
 * overlap.  Whatever the caller still needed to undo on the descriptor
 * (addresses, routes) is done before it is handed over.
 */
#ifndef SSTP_CLOSER_H
#define SSTP_CLOSER_H

struct closer;

/* THREADS threads; 0 closes every descriptor at once, in the caller. */
int closer_new(unsigned int threads, struct closer **out);

/* Takes FD over.  Closed in the caller when the queue cannot grow. */
void closer_close(struct closer *c, int fd);

/* Descriptors handed over and not yet closed. */
unsigned int closer_pending(struct closer *c);

/* Closes what is queued, waits for it, ends the threads.  NULL is fine. */
void closer_free(struct closer *c);

#endif
