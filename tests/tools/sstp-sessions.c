// SPDX-License-Identifier: GPL-2.0
/*
 * sstp-sessions: the sessions sstp.ko holds, one line each, for VM
 * scenarios (sstpctl's own session commands come with the control socket):
 *
 *   id=1 channel=2 state=connected idle_ms=12 rx_packets=... rx_bytes=...
 *   rx_errors=... rx_dropped=... tx_packets=... tx_bytes=... tx_errors=...
 *   tx_dropped=...
 *
 * (one line, space-separated).  Exit 0 (also with no session), 2 when the
 * module is not loaded, 1 on other errors.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kernel/genl.h"

static int print_session(const struct sstp_session_info *s, void *ctx)
{
	(void)ctx;
	printf("id=%" PRIu32 " channel=%" PRIu32 " state=%s idle_ms=%" PRIu32
	       " rx_packets=%" PRIu64 " rx_bytes=%" PRIu64 " rx_errors=%" PRIu64
	       " rx_dropped=%" PRIu64 " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64
	       " tx_errors=%" PRIu64 " tx_dropped=%" PRIu64 "\n",
	       s->id, s->channel,
	       s->state == SSTP_SESSION_STATE_CONNECTED ? "connected" : "negotiating",
	       s->idle_ms, s->rx_packets, s->rx_bytes, s->rx_errors, s->rx_dropped,
	       s->tx_packets, s->tx_bytes, s->tx_errors, s->tx_dropped);
	return 0;
}

int main(int argc, char **argv)
{
	struct sstp_genl *g;
	int err;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: sstp-sessions\n");
		return 1;
	}
	err = sstp_genl_open(&g);
	if (err) {
		fprintf(stderr, "sstp-sessions: %s\n",
			err == -ENOENT ? "sstp.ko is not loaded" : strerror(-err));
		return err == -ENOENT ? 2 : 1;
	}
	err = sstp_genl_session_dump(g, print_session, NULL);
	sstp_genl_close(g);
	if (err) {
		fprintf(stderr, "sstp-sessions: dump: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
