// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the de-framer.  Input: a count k (first byte, mod 16), k
 * bytes giving piece sizes in turn, then the stream.  The stream is fed in
 * those pieces and, as a reference, in one piece; every packet must be the
 * next slice of the stream with the length its header gives, the two runs
 * must agree, and an error must match the header it stopped at and stick.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/deframe.h"
#include "proto/wire.h"

struct run {
	size_t packets;
	size_t pos;		/* stream offset after the last packet */
	int result;		/* 0 or the error */
};

/* Piece size from one control byte: 1..128, or 64..8192 in steps of 64. */
static size_t piece_size(uint8_t v)
{
	return v < 128 ? (size_t)v + 1 : (size_t)(v - 127) * 64;
}

static void check_packet(const uint8_t *stream, size_t len, struct run *r,
			 const uint8_t *pkt, size_t pkt_len)
{
	if (pkt_len < SSTP_HEADER_LEN || pkt_len > SSTP_MAX_PACKET_LEN ||
	    pkt_len > len - r->pos ||
	    memcmp(pkt, stream + r->pos, pkt_len) ||
	    sstp_wire_packet_len(pkt, pkt_len) != (int)pkt_len)
		abort();
	r->pos += pkt_len;
	r->packets++;
}

static void feed(struct sstp_deframe *df, const uint8_t *stream, size_t len,
		 struct run *r, const uint8_t *piece, size_t piece_len)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int ret;

	while ((ret = sstp_deframe_next(df, &piece, &piece_len, &pkt,
					&pkt_len)) == 1)
		check_packet(stream, len, r, pkt, pkt_len);
	if (ret < 0)
		r->result = ret;
	else if (ret != 0 || piece_len != 0)
		abort();
}

static void run(const uint8_t *ctl, size_t k, const uint8_t *stream,
		size_t len, struct run *r)
{
	static struct sstp_deframe df;
	size_t off = 0, n, i = 0, pkt_len;
	const uint8_t *pkt, *again = stream;

	memset(r, 0, sizeof(*r));
	sstp_deframe_init(&df);
	while (off < len && !r->result) {
		n = k ? piece_size(ctl[i++ % k]) : len;
		if (n > len - off)
			n = len - off;
		feed(&df, stream, len, r, stream + off, n);
		off += n;
	}
	if (r->result) {
		/* It failed at the header after the last packet... */
		if (sstp_wire_packet_len(stream + r->pos, len - r->pos) !=
		    r->result)
			abort();
		/* ...and stays failed, taking nothing. */
		n = len;
		if (sstp_deframe_next(&df, &again, &n, &pkt, &pkt_len) !=
		    r->result || n != len)
			abort();
		return;
	}
	/* No error: what is left is one incomplete packet, held. */
	if (sstp_deframe_buffered(&df) != len - r->pos ||
	    len - r->pos >= SSTP_MAX_PACKET_LEN)
		abort();
	if (len - r->pos >= SSTP_HEADER_LEN &&
	    sstp_wire_packet_len(stream + r->pos, len - r->pos) <=
	    (int)(len - r->pos))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run pieces, whole;
	size_t k;

	if (size == 0)
		return 0;
	k = data[0] % 16;
	if (size < 1 + k)
		return 0;
	run(data + 1, k, data + 1 + k, size - 1 - k, &pieces);
	run(NULL, 0, data + 1 + k, size - 1 - k, &whole);
	if (pieces.packets != whole.packets || pieces.pos != whole.pos ||
	    pieces.result != whole.result)
		abort();
	return 0;
}
