// SPDX-License-Identifier: GPL-2.0
/*
 * SSTP de-framer.  A packet wholly inside the caller's data is handed out in
 * place; only packets split across pieces are copied into the fixed buffer.
 */
#include <string.h>

#include "proto/deframe.h"
#include "proto/wire.h"

void sstp_deframe_init(struct sstp_deframe *df)
{
	df->have = 0;
	df->need = 0;
	df->err = 0;
}

size_t sstp_deframe_buffered(const struct sstp_deframe *df)
{
	return df->have;
}

static int deframe_fail(struct sstp_deframe *df, int err)
{
	df->err = err;
	df->have = 0;
	df->need = 0;
	return err;
}

static void consume(const uint8_t **data, size_t *len, size_t n)
{
	*data += n;
	*len -= n;
}

/* Copies input into df->buf until it holds want bytes or input runs out. */
static void gather(struct sstp_deframe *df, const uint8_t **data,
		   size_t *len, size_t want)
{
	size_t n = want - df->have;

	if (n > *len)
		n = *len;
	if (n == 0)	/* *data may be NULL when *len is 0 */
		return;
	memcpy(df->buf + df->have, *data, n);
	df->have += n;
	consume(data, len, n);
}

/* With nothing buffered: hands out a packet lying whole in the input. */
static int take_in_place(struct sstp_deframe *df, const uint8_t **data,
			 size_t *len, const uint8_t **pkt, size_t *pkt_len)
{
	int plen;

	if (*len < SSTP_HEADER_LEN)
		return 0;
	plen = sstp_wire_packet_len(*data, *len);
	if (plen < 0)
		return deframe_fail(df, plen);
	if ((size_t)plen > *len)
		return 0;
	*pkt = *data;
	*pkt_len = (size_t)plen;
	consume(data, len, (size_t)plen);
	return 1;
}

int sstp_deframe_next(struct sstp_deframe *df, const uint8_t **data,
		      size_t *len, const uint8_t **pkt, size_t *pkt_len)
{
	int plen;

	if (df->err)
		return df->err;
	if (df->have == 0) {
		plen = take_in_place(df, data, len, pkt, pkt_len);
		if (plen)
			return plen;
	}

	if (df->need == 0) {
		gather(df, data, len, SSTP_HEADER_LEN);
		if (df->have < SSTP_HEADER_LEN)
			return 0;
		plen = sstp_wire_packet_len(df->buf, df->have);
		if (plen < 0)
			return deframe_fail(df, plen);
		df->need = (size_t)plen;
	}
	gather(df, data, len, df->need);
	if (df->have < df->need)
		return 0;

	*pkt = df->buf;
	*pkt_len = df->need;
	df->have = 0;
	df->need = 0;
	return 1;
}
