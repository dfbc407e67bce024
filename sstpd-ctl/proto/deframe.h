/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SSTP de-framer: cuts a byte stream, arriving in pieces of any size, into
 * whole packets.  TLS records and SSTP packets are independent: a record may
 * hold several packets and a packet may span records.
 */
#ifndef SSTPD_DEFRAME_H
#define SSTPD_DEFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "sstp_wire.h"

struct sstp_deframe {
	uint8_t buf[SSTP_MAX_PACKET_LEN];	/* the packet being gathered */
	size_t have;				/* bytes in buf */
	size_t need;				/* its length, 0 until known */
	int err;				/* sticky: 0 or SSTP_WIRE_ERR_* */
};

void sstp_deframe_init(struct sstp_deframe *df);

/*
 * Consumes bytes from *data (*len of them), advancing both, until a packet is
 * whole.  Returns 1 and sets *pkt and *pkt_len to it, 0 once all the input is
 * consumed (a partial packet is kept), or SSTP_WIRE_ERR_VERSION or
 * SSTP_WIRE_ERR_LENGTH_SMALL on a bad header, after which the stream is
 * unusable and every call returns that error again.  *pkt points into *data
 * or into df and stays valid until the next call or until *data changes.
 * Only the 4-byte header is checked: use sstp_wire_parse() on the packet.
 */
int sstp_deframe_next(struct sstp_deframe *df, const uint8_t **data,
		      size_t *len, const uint8_t **pkt, size_t *pkt_len);

/* Bytes of an incomplete packet held in df. */
size_t sstp_deframe_buffered(const struct sstp_deframe *df);

#endif /* SSTPD_DEFRAME_H */
