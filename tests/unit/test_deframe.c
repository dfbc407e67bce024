// SPDX-License-Identifier: GPL-2.0
/*
 * De-framer: a stream of packets of every size limit, fed whole, one byte at
 * a time and in seeded random pieces, must come out as the same packets; a
 * bad header is an error that sticks.
 */
#include "testutil.h"
#include "proto/deframe.h"
#include "proto/wire.h"

/* Packet lengths of the test stream: the extremes and ordinary sizes. */
static const size_t stream_lens[] = {
	14, 4, 8, SSTP_MAX_PACKET_LEN, 112, 5, 1504, SSTP_MAX_PACKET_LEN, 48, 4,
};
#define NPACKETS (sizeof(stream_lens) / sizeof(stream_lens[0]))

struct stream {
	uint8_t bytes[NPACKETS * SSTP_MAX_PACKET_LEN];
	size_t len;
	size_t off[NPACKETS];		/* where each packet starts */
};

/* Data packets whose bytes differ from packet to packet. */
static void stream_make(struct stream *s)
{
	uint8_t payload[SSTP_MAX_DATA_LEN];
	size_t i, j;
	int n;

	s->len = 0;
	for (i = 0; i < NPACKETS; i++) {
		for (j = 0; j < stream_lens[i] - 4; j++)
			payload[j] = (uint8_t)(i * 31 + j);
		n = sstp_wire_build_data(s->bytes + s->len,
					 sizeof(s->bytes) - s->len, payload,
					 stream_lens[i] - 4);
		assert_int_equal(n, stream_lens[i]);
		s->off[i] = s->len;
		s->len += (size_t)n;
	}
}

/* Checks the packets df yields from data against the stream; *next counts. */
static void feed(struct sstp_deframe *df, const struct stream *s,
		 const uint8_t *data, size_t len, size_t *next)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int r;

	while ((r = sstp_deframe_next(df, &data, &len, &pkt, &pkt_len)) == 1) {
		assert_true(*next < NPACKETS);
		assert_int_equal(pkt_len, stream_lens[*next]);
		assert_memory_equal(pkt, s->bytes + s->off[*next], pkt_len);
		(*next)++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(len, 0);
}

static void test_whole_packet_in_place(void **state)
{
	uint8_t in[14];
	const uint8_t *data = in, *pkt = NULL;
	size_t len = unhex("10 01 00 0E 00 01 00 01 00 01 00 06 00 01", in,
			   sizeof(in)), pkt_len = 0;
	struct sstp_deframe df;

	(void)state;
	sstp_deframe_init(&df);
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 1);
	assert_ptr_equal(pkt, in);
	assert_int_equal(pkt_len, 14);
	assert_ptr_equal(data, in + 14);
	assert_int_equal(len, 0);
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 0);
	assert_int_equal(sstp_deframe_buffered(&df), 0);
}

static void test_all_at_once(void **state)
{
	static struct stream s;
	struct sstp_deframe df;
	size_t next = 0;

	(void)state;
	stream_make(&s);
	sstp_deframe_init(&df);
	feed(&df, &s, s.bytes, s.len, &next);
	assert_int_equal(next, NPACKETS);
	assert_int_equal(sstp_deframe_buffered(&df), 0);
}

static void test_one_byte_at_a_time(void **state)
{
	static struct stream s;
	struct sstp_deframe df;
	size_t i, next = 0;

	(void)state;
	stream_make(&s);
	sstp_deframe_init(&df);
	for (i = 0; i < s.len; i++) {
		feed(&df, &s, s.bytes + i, 1, &next);
		/* Everything not yet handed out is held, nothing more. */
		assert_int_equal(sstp_deframe_buffered(&df),
				 next < NPACKETS ? i + 1 - s.off[next] : 0);
	}
	assert_int_equal(next, NPACKETS);
}

/* Pieces from 1 byte to beyond two whole packets, 300 seeded rounds. */
static void test_random_splits(void **state)
{
	static struct stream s;
	struct sstp_deframe df;
	uint32_t seed = 0x5eed5157;
	size_t off, piece, next;
	int round;

	(void)state;
	stream_make(&s);
	for (round = 0; round < 300; round++) {
		sstp_deframe_init(&df);
		next = 0;
		for (off = 0; off < s.len; off += piece) {
			/* Small pieces are the interesting ones: favour them. */
			piece = 1 + test_rand(&seed) %
				    (round % 2 ? 16 : 2 * SSTP_MAX_PACKET_LEN);
			if (piece > s.len - off)
				piece = s.len - off;
			feed(&df, &s, s.bytes + off, piece, &next);
		}
		assert_int_equal(next, NPACKETS);
		assert_int_equal(sstp_deframe_buffered(&df), 0);
	}
}

static void test_empty_input(void **state)
{
	const uint8_t *data = NULL, *pkt = NULL;
	struct sstp_deframe df;
	size_t len = 0, pkt_len = 0;

	(void)state;
	sstp_deframe_init(&df);
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 0);
	assert_null(pkt);
	assert_int_equal(sstp_deframe_buffered(&df), 0);
}

/* Feeds hex in pieces of step bytes; returns the last result. */
static int feed_hex(struct sstp_deframe *df, const char *hex, size_t step,
		    int *packets)
{
	uint8_t in[64];
	const uint8_t *data = in, *pkt;
	size_t n = unhex(hex, in, sizeof(in)), len, pkt_len;
	int r = 0;

	*packets = 0;
	while (n > 0) {
		len = step < n ? step : n;
		n -= len;
		while ((r = sstp_deframe_next(df, &data, &len, &pkt,
					      &pkt_len)) == 1)
			(*packets)++;
		if (r < 0)
			return r;
	}
	return r;
}

static void expect_sticky(const char *hex, size_t step, int err,
			  int packets_before)
{
	uint8_t good[8];
	const uint8_t *data = good, *pkt;
	size_t len = unhex("10 01 00 08 00 08 00 00", good, sizeof(good));
	size_t pkt_len;
	struct sstp_deframe df;
	int packets;

	sstp_deframe_init(&df);
	assert_int_equal(feed_hex(&df, hex, step, &packets), err);
	assert_int_equal(packets, packets_before);
	/* A good packet afterwards does not revive the stream. */
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len),
			 err);
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len),
			 err);
	/* Only init does. */
	sstp_deframe_init(&df);
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 1);
}

static void test_bad_version_sticks(void **state)
{
	size_t step;

	(void)state;
	for (step = 1; step <= 8; step++) {
		expect_sticky("11 01 00 08 00 08 00 00", step,
			      SSTP_WIRE_ERR_VERSION, 0);
		/* TLS alert or HTTP bytes where SSTP should be. */
		expect_sticky("48 54 54 50 2f 31", step, SSTP_WIRE_ERR_VERSION,
			      0);
	}
}

static void test_short_length_sticks(void **state)
{
	size_t step;

	(void)state;
	for (step = 1; step <= 8; step++) {
		expect_sticky("10 01 00 03", step, SSTP_WIRE_ERR_LENGTH_SMALL, 0);
		expect_sticky("10 00 00 00", step, SSTP_WIRE_ERR_LENGTH_SMALL, 0);
		/* Reserved bits do not make a length. */
		expect_sticky("10 01 f0 00", step, SSTP_WIRE_ERR_LENGTH_SMALL, 0);
	}
}

/* Packets before the bad header are still delivered. */
static void test_error_after_packets(void **state)
{
	size_t step;

	(void)state;
	for (step = 1; step <= 20; step++)
		expect_sticky("10 01 00 08 00 08 00 00  10 00 00 05 21 "
			      "10 01 00 02", step, SSTP_WIRE_ERR_LENGTH_SMALL, 2);
}

/* The reserved top bits of the length are masked, as in the parser. */
static void test_reserved_length_bits(void **state)
{
	struct sstp_deframe df;
	size_t step;
	int packets;

	(void)state;
	for (step = 1; step <= 12; step++) {
		sstp_deframe_init(&df);
		assert_int_equal(feed_hex(&df, "10 01 f0 08 00 08 00 00 "
					  "10 00 30 04", step, &packets), 0);
		assert_int_equal(packets, 2);
	}
}

static void test_partial_packet_held(void **state)
{
	uint8_t in[14];
	const uint8_t *data, *pkt;
	size_t len, pkt_len;
	struct sstp_deframe df;

	(void)state;
	unhex("10 01 00 0E 00 01 00 01 00 01 00 06 00 01", in, sizeof(in));
	sstp_deframe_init(&df);
	data = in;
	len = 3;
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 0);
	assert_int_equal(sstp_deframe_buffered(&df), 3);
	len = 10;
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 0);
	assert_int_equal(sstp_deframe_buffered(&df), 13);
	len = 1;
	assert_int_equal(sstp_deframe_next(&df, &data, &len, &pkt, &pkt_len), 1);
	assert_ptr_equal(pkt, df.buf);
	assert_int_equal(pkt_len, 14);
	assert_memory_equal(pkt, in, 14);
	assert_int_equal(sstp_deframe_buffered(&df), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_packet_in_place),
		cmocka_unit_test(test_all_at_once),
		cmocka_unit_test(test_one_byte_at_a_time),
		cmocka_unit_test(test_random_splits),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_bad_version_sticks),
		cmocka_unit_test(test_short_length_sticks),
		cmocka_unit_test(test_error_after_packets),
		cmocka_unit_test(test_reserved_length_bits),
		cmocka_unit_test(test_partial_packet_held),
	};

	return cmocka_run_group_tests_name("deframe", tests, NULL, NULL);
}
