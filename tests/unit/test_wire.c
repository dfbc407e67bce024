// SPDX-License-Identifier: GPL-2.0
/*
 * Wire codec: the byte vectors of PROTOCOL.md §3, every message built and
 * parsed back, reserved bits ignored, builders refusing what the parser
 * would.  The error paths are in test_wire_errors.c.
 */
#include "testutil.h"
#include "proto/wire.h"

#define VEC_REQUEST	"10 01 00 0E 00 01 00 01 00 01 00 06 00 01"
/* The capture's ACK (server frame 13). */
#define VEC_ACK		"10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02" \
			CAPTURE_NONCE
#define CAPTURE_NONCE	"a5aa1bc47ab1cefd6e59a68c342ed73e" \
			"6f11f26da07e6dd4780c6c19aab24db4"
#define VEC_NAK		"10 01 00 16 00 03 00 01 00 02 00 0E " \
			"00 00 00 01 00 00 00 04 00 02"
#define VEC_DISCONNECT	"10 01 00 14 00 06 00 01 00 02 00 0C " \
			"00 00 00 00 00 00 00 00"
#define VEC_ABORT	"10 01 00 14 00 05 00 01 00 02 00 0C " \
			"00 00 00 03 00 00 00 04"

/* Parses hex, checks it is a control message, and builds it back. */
static void parse_vector(const char *hex, struct sstp_packet *pkt)
{
	uint8_t in[128], out[128];
	size_t n = unhex(hex, in, sizeof(in));

	assert_int_equal(sstp_wire_parse(in, n, pkt), 0);
	assert_true(pkt->is_control);
	assert_int_equal(sstp_wire_build_control(out, sizeof(out), &pkt->ctrl),
			 n);
	assert_memory_equal(in, out, n);
}

static void assert_status_equal(const struct sstp_status_info *a,
				const struct sstp_status_info *b)
{
	assert_int_equal(a->attrib_id, b->attrib_id);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->value_len, b->value_len);
	assert_memory_equal(a->value, b->value, a->value_len);
}

static void fill(uint8_t *p, size_t n, uint8_t first)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(first + i);
}

static void test_request_vector(void **state)
{
	struct sstp_packet pkt;
	uint8_t want[14], out[14];

	(void)state;
	parse_vector(VEC_REQUEST, &pkt);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_CONNECT_REQUEST);
	assert_true(pkt.ctrl.has_encap_proto);
	assert_int_equal(pkt.ctrl.encap_proto, SSTP_ENCAP_PROTO_PPP);
	assert_false(pkt.ctrl.has_status || pkt.ctrl.has_binding ||
		     pkt.ctrl.has_binding_req);

	unhex(VEC_REQUEST, want, sizeof(want));
	assert_int_equal(sstp_wire_build_connect_request(out, sizeof(out),
							 SSTP_ENCAP_PROTO_PPP),
			 14);
	assert_memory_equal(out, want, 14);
}

static void test_ack_vector(void **state)
{
	struct sstp_crypto_binding_req req = { .hash_bitmask = SSTP_HASH_SHA256 };
	struct sstp_packet pkt;
	uint8_t want[48], out[48];

	(void)state;
	unhex(CAPTURE_NONCE, req.nonce, sizeof(req.nonce));
	parse_vector(VEC_ACK, &pkt);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_CONNECT_ACK);
	assert_true(pkt.ctrl.has_binding_req);
	assert_int_equal(pkt.ctrl.binding_req.hash_bitmask, SSTP_HASH_SHA256);
	assert_memory_equal(pkt.ctrl.binding_req.nonce, req.nonce,
			    SSTP_NONCE_LEN);

	unhex(VEC_ACK, want, sizeof(want));
	assert_int_equal(sstp_wire_build_connect_ack(out, sizeof(out), &req),
			 48);
	assert_memory_equal(out, want, 48);
}

/* CONNECTED layout as PROTOCOL.md gives it, with a SHA1 binding. */
static void test_connected_layout(void **state)
{
	struct sstp_crypto_binding cb = { .hash_protocol = SSTP_HASH_SHA1 };
	uint8_t head[16], out[SSTP_CONNECTED_LEN], zero[12] = { 0 };
	struct sstp_packet pkt;

	(void)state;
	fill(cb.nonce, SSTP_NONCE_LEN, 0x40);
	fill(cb.cert_hash, 20, 0x80);
	fill(cb.compound_mac, 20, 0xc0);
	assert_int_equal(sstp_wire_build_connected(out, sizeof(out), &cb),
			 SSTP_CONNECTED_LEN);
	unhex("10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 01", head,
	      sizeof(head));
	assert_memory_equal(out, head, sizeof(head));
	assert_int_equal(out[SSTP_CONNECTED_HASH_OFFSET], SSTP_HASH_SHA1);
	assert_memory_equal(out + SSTP_CONNECTED_NONCE_OFFSET, cb.nonce, 32);
	assert_memory_equal(out + SSTP_CONNECTED_CERT_HASH_OFFSET,
			    cb.cert_hash, 20);
	assert_memory_equal(out + SSTP_CONNECTED_CERT_HASH_OFFSET + 20, zero, 12);
	assert_memory_equal(out + SSTP_CONNECTED_MAC_OFFSET, cb.compound_mac, 20);
	assert_memory_equal(out + SSTP_CONNECTED_MAC_OFFSET + 20, zero, 12);

	assert_int_equal(sstp_wire_parse(out, sizeof(out), &pkt), 0);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_CONNECTED);
	assert_true(pkt.ctrl.has_binding);
	assert_memory_equal(&pkt.ctrl.binding, &cb, sizeof(cb));
}

static void test_nak_vector(void **state)
{
	struct sstp_status_info st = {
		.attrib_id = SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
		.status = SSTP_STATUS_VALUE_NOT_SUPPORTED,
		.value_len = 2, .value = { 0x00, 0x02 },
	};
	struct sstp_packet pkt;
	uint8_t want[22], out[22];

	(void)state;
	parse_vector(VEC_NAK, &pkt);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_CONNECT_NAK);
	assert_true(pkt.ctrl.has_status);
	assert_status_equal(&pkt.ctrl.status, &st);

	unhex(VEC_NAK, want, sizeof(want));
	assert_int_equal(sstp_wire_build_connect_nak(out, sizeof(out), &st), 22);
	assert_memory_equal(out, want, 22);
}

/* Windows' DISCONNECT: AttribID 0 where the spec says 2. */
static void test_disconnect_vector(void **state)
{
	struct sstp_status_info st = { .attrib_id = SSTP_ATTR_NO_ERROR };
	struct sstp_packet pkt;
	uint8_t want[20], out[20];

	(void)state;
	parse_vector(VEC_DISCONNECT, &pkt);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_DISCONNECT);
	assert_true(pkt.ctrl.has_status);
	assert_int_equal(pkt.ctrl.status.attrib_id, 0);
	assert_int_equal(pkt.ctrl.status.status, SSTP_STATUS_NO_ERROR);
	assert_int_equal(pkt.ctrl.status.value_len, 0);

	unhex(VEC_DISCONNECT, want, sizeof(want));
	assert_int_equal(sstp_wire_build_disconnect(out, sizeof(out), &st), 20);
	assert_memory_equal(out, want, 20);
}

static void test_abort_vector(void **state)
{
	struct sstp_status_info st = {
		.attrib_id = SSTP_ATTR_CRYPTO_BINDING,
		.status = SSTP_STATUS_VALUE_NOT_SUPPORTED,
	};
	struct sstp_packet pkt;
	uint8_t want[20], out[20];

	(void)state;
	parse_vector(VEC_ABORT, &pkt);
	assert_int_equal(pkt.ctrl.type, SSTP_MSG_CALL_ABORT);
	assert_status_equal(&pkt.ctrl.status, &st);

	unhex(VEC_ABORT, want, sizeof(want));
	assert_int_equal(sstp_wire_build_abort(out, sizeof(out), &st), 20);
	assert_memory_equal(out, want, 20);
}

/* ABORT and DISCONNECT without Status Info (accel-ppp, sstpc), and bare. */
static void test_no_attribute_messages(void **state)
{
	static const uint16_t types[] = {
		SSTP_MSG_CALL_ABORT, SSTP_MSG_CALL_DISCONNECT,
		SSTP_MSG_CALL_DISCONNECT_ACK, SSTP_MSG_ECHO_REQUEST,
		SSTP_MSG_ECHO_RESPONSE,
	};
	uint8_t want[8], out[8];
	struct sstp_packet pkt;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		unhex("10 01 00 08 00 00 00 00", want, sizeof(want));
		want[5] = (uint8_t)types[i];
		assert_int_equal(sstp_wire_build_bare(out, sizeof(out), types[i]),
				 8);
		assert_memory_equal(out, want, 8);
		assert_int_equal(sstp_wire_parse(out, 8, &pkt), 0);
		assert_int_equal(pkt.ctrl.type, types[i]);
		assert_false(pkt.ctrl.has_status);
	}
	assert_int_equal(sstp_wire_build_abort(out, sizeof(out), NULL), 8);
	assert_int_equal(out[5], SSTP_MSG_CALL_ABORT);
	assert_int_equal(sstp_wire_build_disconnect(out, sizeof(out), NULL), 8);
	assert_int_equal(out[5], SSTP_MSG_CALL_DISCONNECT);
}

/* Every message type and value shape: build, parse, compare, rebuild. */
static void test_roundtrip_all(void **state)
{
	struct sstp_control msgs[11];
	uint8_t a[SSTP_MAX_PACKET_LEN], b[SSTP_MAX_PACKET_LEN];
	struct sstp_packet pkt;
	size_t i, n = 0;
	uint16_t t;
	int len;

	(void)state;
	memset(msgs, 0, sizeof(msgs));
	for (t = SSTP_MSG_CALL_ABORT; t <= SSTP_MSG_MAX; t++)
		msgs[n++].type = t;
	msgs[n].type = SSTP_MSG_CALL_CONNECT_REQUEST;
	msgs[n].has_encap_proto = true;
	msgs[n++].encap_proto = 0xbeef;
	msgs[n].type = SSTP_MSG_CALL_CONNECT_ACK;
	msgs[n].has_binding_req = true;
	msgs[n].binding_req.hash_bitmask = 0x03;
	fill(msgs[n++].binding_req.nonce, SSTP_NONCE_LEN, 1);
	msgs[n].type = SSTP_MSG_CALL_CONNECTED;
	msgs[n].has_binding = true;
	msgs[n].binding.hash_protocol = SSTP_HASH_SHA256;
	fill(msgs[n].binding.nonce, SSTP_NONCE_LEN, 2);
	fill(msgs[n].binding.cert_hash, SSTP_CERT_HASH_LEN, 3);
	fill(msgs[n++].binding.compound_mac, SSTP_COMPOUND_MAC_LEN, 4);
	for (i = 0; i < 3; i++) {
		static const uint16_t st[] = { SSTP_MSG_CALL_CONNECT_NAK,
			SSTP_MSG_CALL_ABORT, SSTP_MSG_CALL_DISCONNECT };

		msgs[n].type = st[i];
		msgs[n].has_status = true;
		msgs[n].status.attrib_id = (uint8_t)(0xf0 + i);
		msgs[n].status.status = 0xdeadbeef;
		msgs[n].status.value_len = (uint8_t)(i * 32);
		fill(msgs[n++].status.value, i * 32, 5);
	}
	assert_int_equal(n, 11);

	for (i = 0; i < n; i++) {
		len = sstp_wire_build_control(a, sizeof(a), &msgs[i]);
		assert_true(len >= SSTP_CONTROL_HEADER_LEN);
		assert_int_equal(sstp_wire_parse(a, (size_t)len, &pkt), 0);
		assert_true(pkt.is_control);
		assert_memory_equal(&pkt.ctrl, &msgs[i], sizeof(msgs[i]));
		assert_int_equal(sstp_wire_build_control(b, sizeof(b), &pkt.ctrl),
				 len);
		assert_memory_equal(a, b, (size_t)len);
	}
}

static void test_data_packets(void **state)
{
	static uint8_t payload[SSTP_MAX_DATA_LEN + 1], out[SSTP_MAX_PACKET_LEN];
	static const size_t lens[] = { 0, 1, 2, 1500, SSTP_MAX_DATA_LEN };
	struct sstp_packet pkt;
	size_t i;

	(void)state;
	fill(payload, sizeof(payload), 0);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		assert_int_equal(sstp_wire_build_data(out, sizeof(out), payload,
						      lens[i]),
				 lens[i] + 4);
		assert_int_equal(out[0], 0x10);
		assert_int_equal(out[1], 0x00);
		assert_int_equal(sstp_wire_parse(out, lens[i] + 4, &pkt), 0);
		assert_false(pkt.is_control);
		assert_ptr_equal(pkt.payload, out + 4);
		assert_int_equal(pkt.payload_len, lens[i]);
		assert_memory_equal(pkt.payload, payload, lens[i]);
	}
	assert_int_equal(sstp_wire_build_data(out, sizeof(out), payload,
					      SSTP_MAX_DATA_LEN + 1),
			 SSTP_WIRE_ERR_TOO_LONG);

	/* The frame may already sit after room for the header. */
	fill(out + 4, 100, 7);
	assert_int_equal(sstp_wire_build_data(out, sizeof(out), out + 4, 100),
			 104);
	fill(payload, 100, 7);
	assert_memory_equal(out + 4, payload, 100);
}

/* Reserved bits and bytes are ignored on receipt, written as zero. */
static void test_reserved_ignored(void **state)
{
	static const char *const vecs[] = { VEC_ABORT, VEC_NAK, VEC_ACK,
					    VEC_REQUEST };
	uint8_t clean[128], dirty[128], out[128];
	struct sstp_packet a, b;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		n = unhex(vecs[i], clean, sizeof(clean));
		memcpy(dirty, clean, n);
		dirty[1] |= 0xfe;		/* 7 bits next to C */
		dirty[2] |= 0xf0;		/* 4 bits before the length */
		dirty[8] = 0xff;		/* attribute reserved byte */
		dirty[10] |= 0xf0;		/* bits before its length */
		if (clean[5] != SSTP_MSG_CALL_CONNECT_REQUEST)
			memset(dirty + 12, 0xff, 3);	/* reserved value bytes */
		assert_int_equal(sstp_wire_parse(clean, n, &a), 0);
		assert_int_equal(sstp_wire_parse(dirty, n, &b), 0);
		assert_true(b.is_control);
		assert_memory_equal(&a.ctrl, &b.ctrl, sizeof(a.ctrl));
		assert_int_equal(sstp_wire_build_control(out, sizeof(out),
							 &b.ctrl), n);
		assert_memory_equal(out, clean, n);
	}
	/* A data packet with the 7 reserved bits set is still data. */
	unhex("10 fe 00 06 21 45", dirty, sizeof(dirty));
	assert_int_equal(sstp_wire_parse(dirty, 6, &a), 0);
	assert_false(a.is_control);
	assert_int_equal(a.payload_len, 2);
}

static void test_build_refusals(void **state)
{
	struct sstp_status_info st = { .value_len = SSTP_STATUS_VALUE_MAX_LEN };
	uint8_t out[SSTP_MAX_PACKET_LEN];
	struct sstp_control msg = { .type = 0 };

	(void)state;
	assert_int_equal(sstp_wire_build_control(out, sizeof(out), &msg),
			 SSTP_WIRE_ERR_MSG_TYPE);
	msg.type = SSTP_MSG_MAX + 1;
	assert_int_equal(sstp_wire_build_control(out, sizeof(out), &msg),
			 SSTP_WIRE_ERR_MSG_TYPE);
	assert_int_equal(sstp_wire_build_abort(out, sizeof(out), &st),
			 8 + 12 + 64);
	st.value_len++;
	assert_int_equal(sstp_wire_build_abort(out, sizeof(out), &st),
			 SSTP_WIRE_ERR_ATTR_LENGTH);
	assert_int_equal(sstp_wire_build_bare(out, sizeof(out),
					      SSTP_MSG_CALL_CONNECTED),
			 SSTP_WIRE_ERR_ATTR_MISSING);
}

/* A too small buffer is refused before anything is written. */
static void test_build_nospace(void **state)
{
	static const char *const vecs[] = { VEC_REQUEST, VEC_ACK, VEC_NAK,
					    VEC_ABORT, VEC_DISCONNECT };
	uint8_t in[64], out[64], canary[64];
	struct sstp_packet pkt;
	size_t i, n, size;

	(void)state;
	memset(canary, 0xa5, sizeof(canary));
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		n = unhex(vecs[i], in, sizeof(in));
		assert_int_equal(sstp_wire_parse(in, n, &pkt), 0);
		for (size = 0; size < n; size++) {
			memset(out, 0xa5, sizeof(out));
			assert_int_equal(sstp_wire_build_control(out, size,
								 &pkt.ctrl),
					 SSTP_WIRE_ERR_NOSPACE);
			assert_memory_equal(out, canary, sizeof(out));
		}
	}
	assert_int_equal(sstp_wire_build_data(out, 13, in, 10),
			 SSTP_WIRE_ERR_NOSPACE);
	assert_int_equal(sstp_wire_build_data(out, 14, in, 10), 14);
	assert_int_equal(sstp_wire_build_bare(out, 7, SSTP_MSG_ECHO_REQUEST),
			 SSTP_WIRE_ERR_NOSPACE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_vector),
		cmocka_unit_test(test_ack_vector),
		cmocka_unit_test(test_connected_layout),
		cmocka_unit_test(test_nak_vector),
		cmocka_unit_test(test_disconnect_vector),
		cmocka_unit_test(test_abort_vector),
		cmocka_unit_test(test_no_attribute_messages),
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_data_packets),
		cmocka_unit_test(test_reserved_ignored),
		cmocka_unit_test(test_build_refusals),
		cmocka_unit_test(test_build_nospace),
	};

	return cmocka_run_group_tests_name("wire", tests, NULL, NULL);
}
