// SPDX-License-Identifier: GPL-2.0
/*
 * Wire codec errors: one test per error code, each with the malformations
 * that must produce it (and the attribute it names), then the error texts
 * and the status an ABORT or NAK answering each would carry.
 */
#include "testutil.h"
#include "proto/wire.h"

#define VEC_REQUEST	"10 01 00 0E 00 01 00 01 00 01 00 06 00 01"

/* A hand-made control packet, for the malformed ones no builder makes. */
struct tpkt {
	uint8_t b[SSTP_MAX_PACKET_LEN + 100];
	size_t len;
};

static void tp_start(struct tpkt *t, uint16_t type, uint16_t count)
{
	memset(t, 0, sizeof(*t));
	t->b[0] = SSTP_VERSION;
	t->b[1] = SSTP_FLAG_CONTROL;
	t->b[4] = (uint8_t)(type >> 8);
	t->b[5] = (uint8_t)type;
	t->b[6] = (uint8_t)(count >> 8);
	t->b[7] = (uint8_t)count;
	t->len = SSTP_CONTROL_HEADER_LEN;
}

/* An attribute claiming alen bytes, with as many as that allows (zeros). */
static void tp_attr(struct tpkt *t, uint8_t id, uint16_t alen)
{
	t->b[t->len + 1] = id;
	t->b[t->len + 2] = (uint8_t)(alen >> 8);
	t->b[t->len + 3] = (uint8_t)alen;
	t->len += alen < SSTP_ATTR_HEADER_LEN ? SSTP_ATTR_HEADER_LEN : alen;
}

/* Writes the header length; the buffer may then be cut to fake a lie. */
static void tp_finish(struct tpkt *t)
{
	t->b[2] = (uint8_t)(t->len >> 8);
	t->b[3] = (uint8_t)t->len;
}

static void expect_err(const uint8_t *buf, size_t len, int err,
		       uint8_t attr_id)
{
	struct sstp_packet pkt;

	assert_int_equal(sstp_wire_parse(buf, len, &pkt), err);
	assert_int_equal(pkt.ctrl.err_attr_id, attr_id);
}

static void expect_hex_err(const char *hex, int err)
{
	uint8_t b[64];
	size_t n = unhex(hex, b, sizeof(b));

	expect_err(b, n, err, 0);
}

static void expect_tp_err(struct tpkt *t, int err, uint8_t attr_id)
{
	expect_err(t->b, t->len, err, attr_id);
}

static void test_err_header(void **state)
{
	uint8_t big[SSTP_MAX_PACKET_LEN + 1] = { 0x10, 0x00, 0x0f, 0xff };

	(void)state;
	expect_hex_err("", SSTP_WIRE_ERR_SHORT);
	expect_hex_err("10", SSTP_WIRE_ERR_SHORT);
	expect_hex_err("10 01 00", SSTP_WIRE_ERR_SHORT);
	expect_hex_err("11 01 00 08 00 08 00 00", SSTP_WIRE_ERR_VERSION);
	expect_hex_err("00 00 00 04", SSTP_WIRE_ERR_VERSION);
	expect_hex_err("20 01 00 08 00 08 00 00", SSTP_WIRE_ERR_VERSION);
	expect_hex_err("10 01 00 00", SSTP_WIRE_ERR_LENGTH_SMALL);
	expect_hex_err("10 00 00 03", SSTP_WIRE_ERR_LENGTH_SMALL);
	expect_hex_err("10 01 f0 02", SSTP_WIRE_ERR_LENGTH_SMALL);
	expect_hex_err("10 01 00 0E 00 01 00 01 00 01 00 06 00",
		       SSTP_WIRE_ERR_TRUNCATED);
	expect_hex_err("10 00 0f ff 00", SSTP_WIRE_ERR_TRUNCATED);
	expect_hex_err(VEC_REQUEST "00", SSTP_WIRE_ERR_TRAILING);
	expect_hex_err("10 00 00 04 00", SSTP_WIRE_ERR_TRAILING);
	expect_err(big, sizeof(big) - 1, 0, 0);
	expect_err(big, sizeof(big), SSTP_WIRE_ERR_TOO_LONG, 0);
	expect_hex_err("10 01 00 04", SSTP_WIRE_ERR_CONTROL_SHORT);
	expect_hex_err("10 01 00 07 00 08 00", SSTP_WIRE_ERR_CONTROL_SHORT);
	expect_hex_err("10 01 00 08 00 00 00 00", SSTP_WIRE_ERR_MSG_TYPE);
	expect_hex_err("10 01 00 08 00 0a 00 00", SSTP_WIRE_ERR_MSG_TYPE);
	expect_hex_err("10 01 00 08 01 08 00 00", SSTP_WIRE_ERR_MSG_TYPE);
	expect_hex_err("10 01 00 08 ff ff 00 00", SSTP_WIRE_ERR_MSG_TYPE);
	assert_int_equal(sstp_wire_packet_len(big, 4), SSTP_MAX_PACKET_LEN);
}

static void test_err_attr_truncated(void **state)
{
	struct tpkt t;

	(void)state;
	/* Two bytes where an attribute header should be. */
	tp_start(&t, SSTP_MSG_CALL_CONNECT_REQUEST, 1);
	t.len += 2;
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_TRUNCATED, 0);
	/* An attribute claiming one byte more than the packet has. */
	tp_start(&t, SSTP_MSG_CALL_CONNECT_REQUEST, 1);
	tp_attr(&t, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 7);
	t.len--;
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_TRUNCATED, 1);
}

static void expect_attr_len_err(uint16_t type, uint8_t id, uint16_t alen)
{
	struct tpkt t;

	tp_start(&t, type, 1);
	tp_attr(&t, id, alen);
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_LENGTH, id);
}

static void test_err_attr_length(void **state)
{
	uint16_t i;

	(void)state;
	for (i = 0; i < SSTP_ATTR_HEADER_LEN; i++)
		expect_attr_len_err(SSTP_MSG_CALL_CONNECT_REQUEST,
				    SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, i);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECT_REQUEST,
			    SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 5);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECT_REQUEST,
			    SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 7);
	expect_attr_len_err(SSTP_MSG_CALL_ABORT, SSTP_ATTR_STATUS_INFO, 11);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECT_NAK, SSTP_ATTR_STATUS_INFO,
			    SSTP_ATTR_STATUS_INFO_MAX_LEN + 1);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECTED, SSTP_ATTR_CRYPTO_BINDING,
			    103);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECTED, SSTP_ATTR_CRYPTO_BINDING,
			    105);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECT_ACK,
			    SSTP_ATTR_CRYPTO_BINDING_REQ, 39);
	expect_attr_len_err(SSTP_MSG_CALL_CONNECT_ACK,
			    SSTP_ATTR_CRYPTO_BINDING_REQ, 41);
}

static void test_err_attr_count(void **state)
{
	struct tpkt t;

	(void)state;
	tp_start(&t, SSTP_MSG_CALL_CONNECT_REQUEST, 0);	/* one too few */
	tp_attr(&t, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6);
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_COUNT, 0);
	tp_start(&t, SSTP_MSG_CALL_CONNECT_REQUEST, 2);	/* one too many */
	tp_attr(&t, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6);
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_COUNT, 0);
	tp_start(&t, SSTP_MSG_ECHO_REQUEST, 0xffff);
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_COUNT, 0);
}

static void test_err_attr_unknown(void **state)
{
	static const uint8_t ids[] = { 0x00, 0x05, 0x80, 0xff };
	struct tpkt t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids); i++) {
		tp_start(&t, SSTP_MSG_CALL_CONNECT_REQUEST, 1);
		tp_attr(&t, ids[i], 6);
		tp_finish(&t);
		expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_UNKNOWN, ids[i]);
	}
}

static void expect_duplicate(uint16_t type, uint8_t id, uint16_t alen)
{
	struct tpkt t;

	tp_start(&t, type, 2);
	tp_attr(&t, id, alen);
	tp_attr(&t, id, alen);
	tp_finish(&t);
	expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_DUPLICATE, id);
}

static void test_err_attr_duplicate(void **state)
{
	(void)state;
	expect_duplicate(SSTP_MSG_CALL_CONNECT_REQUEST,
			 SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6);
	expect_duplicate(SSTP_MSG_CALL_CONNECT_ACK,
			 SSTP_ATTR_CRYPTO_BINDING_REQ, 40);
	expect_duplicate(SSTP_MSG_CALL_CONNECTED, SSTP_ATTR_CRYPTO_BINDING, 104);
	/* A NAK answers one REQUEST attribute: one Status Info. */
	expect_duplicate(SSTP_MSG_CALL_CONNECT_NAK, SSTP_ATTR_STATUS_INFO, 12);
	expect_duplicate(SSTP_MSG_CALL_ABORT, SSTP_ATTR_STATUS_INFO, 12);
	expect_duplicate(SSTP_MSG_CALL_DISCONNECT, SSTP_ATTR_STATUS_INFO, 12);
}

static void test_err_attr_missing(void **state)
{
	static const struct {
		uint16_t type;
		uint8_t id;
	} cases[] = {
		{ SSTP_MSG_CALL_CONNECT_REQUEST, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID },
		{ SSTP_MSG_CALL_CONNECT_ACK, SSTP_ATTR_CRYPTO_BINDING_REQ },
		{ SSTP_MSG_CALL_CONNECT_NAK, SSTP_ATTR_STATUS_INFO },
		{ SSTP_MSG_CALL_CONNECTED, SSTP_ATTR_CRYPTO_BINDING },
	};
	struct sstp_control msg;
	uint8_t out[128];
	struct tpkt t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tp_start(&t, cases[i].type, 0);
		tp_finish(&t);
		expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_MISSING, cases[i].id);
		memset(&msg, 0, sizeof(msg));
		msg.type = cases[i].type;
		assert_int_equal(sstp_wire_build_control(out, sizeof(out), &msg),
				 SSTP_WIRE_ERR_ATTR_MISSING);
	}
	assert_int_equal(sstp_wire_build_connect_nak(out, sizeof(out), NULL),
			 SSTP_WIRE_ERR_ATTR_MISSING);
}

static void test_err_attr_not_allowed(void **state)
{
	static const struct {
		uint16_t type;
		uint8_t id;
		uint16_t alen;
	} cases[] = {
		{ SSTP_MSG_CALL_CONNECT_REQUEST, SSTP_ATTR_STATUS_INFO, 12 },
		{ SSTP_MSG_CALL_CONNECT_ACK, SSTP_ATTR_CRYPTO_BINDING, 104 },
		{ SSTP_MSG_CALL_CONNECT_NAK, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6 },
		{ SSTP_MSG_CALL_CONNECTED, SSTP_ATTR_CRYPTO_BINDING_REQ, 40 },
		{ SSTP_MSG_CALL_ABORT, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6 },
		{ SSTP_MSG_CALL_DISCONNECT, SSTP_ATTR_CRYPTO_BINDING, 104 },
		{ SSTP_MSG_CALL_DISCONNECT_ACK, SSTP_ATTR_STATUS_INFO, 12 },
		{ SSTP_MSG_ECHO_REQUEST, SSTP_ATTR_STATUS_INFO, 12 },
		{ SSTP_MSG_ECHO_RESPONSE, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6 },
	};
	struct sstp_control msg;
	uint8_t out[128];
	struct tpkt t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tp_start(&t, cases[i].type, 1);
		tp_attr(&t, cases[i].id, cases[i].alen);
		tp_finish(&t);
		expect_tp_err(&t, SSTP_WIRE_ERR_ATTR_NOT_ALLOWED, cases[i].id);
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = SSTP_MSG_ECHO_REQUEST;
	msg.has_status = true;
	assert_int_equal(sstp_wire_build_control(out, sizeof(out), &msg),
			 SSTP_WIRE_ERR_ATTR_NOT_ALLOWED);
}

static void test_strerror_and_names(void **state)
{
	int i, j;

	(void)state;
	for (i = SSTP_WIRE_ERR_LAST; i <= 0; i++) {
		assert_non_null(sstp_wire_strerror(i));
		assert_string_not_equal(sstp_wire_strerror(i), "unknown error");
		for (j = SSTP_WIRE_ERR_LAST; j < i; j++)
			assert_string_not_equal(sstp_wire_strerror(i),
						sstp_wire_strerror(j));
	}
	assert_string_equal(sstp_wire_strerror(SSTP_WIRE_ERR_LAST - 1),
			    "unknown error");
	assert_string_equal(sstp_wire_strerror(1), "unknown error");
	assert_string_equal(sstp_wire_msg_name(SSTP_MSG_CALL_CONNECTED),
			    "CALL_CONNECTED");
	assert_string_equal(sstp_wire_msg_name(SSTP_MSG_ECHO_RESPONSE),
			    "ECHO_RESPONSE");
	assert_string_equal(sstp_wire_msg_name(0), "UNKNOWN");
	assert_string_equal(sstp_wire_msg_name(10), "UNKNOWN");
}

static void test_err_status(void **state)
{
	(void)state;
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_OK, 0),
			 SSTP_STATUS_NO_ERROR);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_DUPLICATE, 1),
			 SSTP_STATUS_DUPLICATE_ATTRIBUTE);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_UNKNOWN, 9),
			 SSTP_STATUS_UNRECOGNIZED_ATTRIBUTE);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_LENGTH, 1),
			 SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_TRUNCATED, 1),
			 SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_MISSING, 3),
			 SSTP_STATUS_REQUIRED_ATTRIBUTE_MISSING);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_NOT_ALLOWED, 3),
			 SSTP_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_NOT_ALLOWED,
					      SSTP_ATTR_STATUS_INFO),
			 SSTP_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_MSG_TYPE, 0),
			 SSTP_STATUS_INVALID_FRAME_RECEIVED);
	assert_int_equal(sstp_wire_err_status(SSTP_WIRE_ERR_ATTR_COUNT, 0),
			 SSTP_STATUS_INVALID_FRAME_RECEIVED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_header),
		cmocka_unit_test(test_err_attr_truncated),
		cmocka_unit_test(test_err_attr_length),
		cmocka_unit_test(test_err_attr_count),
		cmocka_unit_test(test_err_attr_unknown),
		cmocka_unit_test(test_err_attr_duplicate),
		cmocka_unit_test(test_err_attr_missing),
		cmocka_unit_test(test_err_attr_not_allowed),
		cmocka_unit_test(test_strerror_and_names),
		cmocka_unit_test(test_err_status),
	};

	return cmocka_run_group_tests_name("wire_errors", tests, NULL, NULL);
}
