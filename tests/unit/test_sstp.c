// SPDX-License-Identifier: GPL-2.0
/* The server's SSTP call state machine against a scripted client. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "proto/binding.h"
#include "proto/sstp.h"
#include "proto/wire.h"

struct harness {
	struct sstp_call call;
	uint8_t sent[8][128];
	size_t sent_len[8];
	int sent_count;
	int accepted;
	int connected;
	uint8_t connected_hash;
	int closed;
	char reason[128];
	uint64_t now;
};

static const struct sstp_call_ops ops;

static void h_send(void *ctx, const uint8_t *pkt, size_t len)
{
	struct harness *h = ctx;

	assert_true(h->sent_count < 8 && len <= 128);
	memcpy(h->sent[h->sent_count], pkt, len);
	h->sent_len[h->sent_count++] = len;
}

static void h_accepted(void *ctx)
{
	struct harness *h = ctx;

	/* PPP may start only once the ACK is on its way. */
	assert_int_equal(h->sent_count, 1);
	h->accepted++;
}

static void h_connected(void *ctx, uint8_t hash)
{
	struct harness *h = ctx;

	h->connected++;
	h->connected_hash = hash;
}

static void h_closed(void *ctx, const char *reason)
{
	struct harness *h = ctx;

	h->closed++;
	snprintf(h->reason, sizeof(h->reason), "%s", reason);
}

static const struct sstp_call_ops ops = {
	.send = h_send,
	.accepted = h_accepted,
	.connected = h_connected,
	.closed = h_closed,
};

static const uint8_t nonce[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const uint8_t cert_sha1[20] = { 0xc1 };
static const uint8_t cert_sha256[32] = { 0xc2, 0x56 };

static void start(struct harness *h)
{
	memset(h, 0, sizeof(*h));
	h->now = 1000;
	sstp_call_start(&h->call, &ops, h, nonce, cert_sha1, cert_sha256, h->now);
}

/* The last packet the server sent, parsed. */
static struct sstp_control last_sent(struct harness *h)
{
	struct sstp_packet pkt;

	assert_true(h->sent_count > 0);
	assert_int_equal(sstp_wire_parse(h->sent[h->sent_count - 1],
					 h->sent_len[h->sent_count - 1], &pkt), 0);
	assert_true(pkt.is_control);
	return pkt.ctrl;
}

static void feed(struct harness *h, const uint8_t *pkt, size_t len)
{
	sstp_call_input(&h->call, pkt, len, h->now);
}

static const uint8_t request[] = {
	0x10, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x01,
	0x00, 0x01, 0x00, 0x06, 0x00, 0x01,
};

/* A Call Connected as a client signs it with this HLAK and hash. */
static void build_connected(uint8_t hash, const uint8_t hlak[32], uint8_t out[112])
{
	struct sstp_crypto_binding b = { .hash_protocol = hash };

	memcpy(b.nonce, nonce, 32);
	if (hash == SSTP_HASH_SHA1)
		memcpy(b.cert_hash, cert_sha1, 20);
	else
		memcpy(b.cert_hash, cert_sha256, 32);
	assert_int_equal(sstp_wire_build_connected(out, 112, &b), 112);
	assert_int_equal(sstp_binding_mac(hash, hlak, out, out + SSTP_CONNECTED_MAC_OFFSET), 0);
}

static void test_request_gets_ack_with_nonce(void **state)
{
	struct harness h;
	struct sstp_control ack;

	(void)state;
	start(&h);
	feed(&h, request, sizeof(request));
	ack = last_sent(&h);
	assert_int_equal(ack.type, SSTP_MSG_CALL_CONNECT_ACK);
	assert_true(ack.has_binding_req);
	assert_int_equal(ack.binding_req.hash_bitmask, SSTP_HASH_SHA1 | SSTP_HASH_SHA256);
	assert_memory_equal(ack.binding_req.nonce, nonce, 32);
	assert_int_equal(h.call.state, SSTP_CALL_CONNECTED_PENDING);
	assert_int_equal(h.accepted, 1);
}

static void test_connected_before_auth_is_queued(void **state)
{
	uint8_t hlak[32] = { 0x42 }, connected[112];
	struct harness h;

	(void)state;
	start(&h);
	feed(&h, request, sizeof(request));
	build_connected(SSTP_HASH_SHA256, hlak, connected);
	feed(&h, connected, sizeof(connected));
	/* Nothing happens until PPP authentication gives the HLAK. */
	assert_int_equal(h.connected, 0);
	assert_int_equal(h.call.state, SSTP_CALL_CONNECTED_PENDING);
	sstp_call_set_hlak(&h.call, hlak, h.now);
	assert_int_equal(h.connected, 1);
	assert_int_equal(h.connected_hash, SSTP_HASH_SHA256);
	assert_true(sstp_call_is_connected(&h.call));
}

static void test_connected_after_auth_sha1(void **state)
{
	uint8_t hlak[32] = { 0 }, connected[112];
	struct harness h;

	(void)state;
	start(&h);
	feed(&h, request, sizeof(request));
	sstp_call_set_hlak(&h.call, hlak, h.now);
	build_connected(SSTP_HASH_SHA1, hlak, connected);
	feed(&h, connected, sizeof(connected));
	assert_int_equal(h.connected, 1);
	assert_int_equal(h.connected_hash, SSTP_HASH_SHA1);
}

static void test_wrong_mac_aborts(void **state)
{
	uint8_t hlak[32] = { 0x42 }, wrong[32] = { 0x43 }, connected[112];
	struct sstp_control abort_msg;
	struct harness h;

	(void)state;
	start(&h);
	feed(&h, request, sizeof(request));
	build_connected(SSTP_HASH_SHA256, wrong, connected);
	feed(&h, connected, sizeof(connected));
	sstp_call_set_hlak(&h.call, hlak, h.now);
	assert_int_equal(h.connected, 0);
	abort_msg = last_sent(&h);
	assert_int_equal(abort_msg.type, SSTP_MSG_CALL_ABORT);
	assert_int_equal(abort_msg.status.attrib_id, SSTP_ATTR_CRYPTO_BINDING);
	assert_int_equal(abort_msg.status.status, SSTP_STATUS_VALUE_NOT_SUPPORTED);
	assert_int_equal(h.call.state, SSTP_CALL_ABORT_PENDING);
	/* The client's own abort, or 3 s, ends it. */
	h.now += SSTP_ABORT_PENDING_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 1);
	assert_string_equal(h.reason, "crypto binding failed: compound MAC mismatch");
}

static void test_wrong_nonce_and_cert_abort(void **state)
{
	uint8_t hlak[32] = { 0 }, connected[112];
	struct harness h;

	(void)state;
	for (int which = 0; which < 2; which++) {
		start(&h);
		feed(&h, request, sizeof(request));
		sstp_call_set_hlak(&h.call, hlak, h.now);
		build_connected(SSTP_HASH_SHA256, hlak, connected);
		connected[which ? SSTP_CONNECTED_CERT_HASH_OFFSET : SSTP_CONNECTED_NONCE_OFFSET] ^= 1;
		/* Re-sign so that only the field is wrong, not the MAC. */
		assert_int_equal(sstp_binding_mac(SSTP_HASH_SHA256, hlak, connected,
						  connected + SSTP_CONNECTED_MAC_OFFSET), 0);
		feed(&h, connected, sizeof(connected));
		assert_int_equal(h.connected, 0);
		assert_int_equal(last_sent(&h).type, SSTP_MSG_CALL_ABORT);
		feed(&h, (const uint8_t[]){ 0x10, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00 }, 8);
		assert_int_equal(h.closed, 1);
		assert_string_equal(h.reason, which ? "crypto binding failed: certificate hash mismatch"
						    : "crypto binding failed: nonce mismatch");
	}
}

static void test_bad_protocol_naks_then_aborts(void **state)
{
	uint8_t bad[sizeof(request)];
	struct sstp_control msg;
	struct harness h;

	(void)state;
	start(&h);
	memcpy(bad, request, sizeof(bad));
	bad[13] = 0x02;
	for (int i = 0; i < SSTP_MAX_NAKS; i++) {
		feed(&h, bad, sizeof(bad));
		msg = last_sent(&h);
		assert_int_equal(msg.type, SSTP_MSG_CALL_CONNECT_NAK);
		assert_int_equal(msg.status.attrib_id, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID);
		assert_int_equal(msg.status.status, SSTP_STATUS_VALUE_NOT_SUPPORTED);
		assert_int_equal(msg.status.value_len, 2);
		assert_int_equal(msg.status.value[1], 1);
	}
	feed(&h, bad, sizeof(bad));
	msg = last_sent(&h);
	assert_int_equal(msg.type, SSTP_MSG_CALL_ABORT);
	assert_int_equal(msg.status.status, SSTP_STATUS_RETRY_COUNT_EXCEEDED);
	/* A good request after the limit changes nothing. */
	feed(&h, request, sizeof(request));
	assert_int_equal(h.call.state, SSTP_CALL_ABORT_PENDING);
}

static void test_negotiation_timeouts(void **state)
{
	struct harness h;

	(void)state;
	start(&h);
	h.now += SSTP_NEGOTIATION_TIMEOUT_MS - 1;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.sent_count, 0);
	h.now += 1;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(last_sent(&h).status.status, SSTP_STATUS_NEGOTIATION_TIMEOUT);

	/* The timer restarts at ACK: 60 s more for Call Connected. */
	start(&h);
	h.now += 30000;
	feed(&h, request, sizeof(request));
	h.now += SSTP_NEGOTIATION_TIMEOUT_MS - 1;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.call.state, SSTP_CALL_CONNECTED_PENDING);
	h.now += 1;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.call.state, SSTP_CALL_ABORT_PENDING);
}

static void connect_call(struct harness *h)
{
	uint8_t hlak[32] = { 0 }, connected[112];

	start(h);
	feed(h, request, sizeof(request));
	sstp_call_set_hlak(&h->call, hlak, h->now);
	build_connected(SSTP_HASH_SHA256, hlak, connected);
	feed(h, connected, sizeof(connected));
	assert_true(sstp_call_is_connected(&h->call));
}

static const uint8_t echo_request[] = { 0x10, 0x01, 0x00, 0x08, 0x00, 0x08, 0x00, 0x00 };
static const uint8_t echo_response[] = { 0x10, 0x01, 0x00, 0x08, 0x00, 0x09, 0x00, 0x00 };

static void test_echo_both_ways(void **state)
{
	struct harness h;

	(void)state;
	connect_call(&h);
	feed(&h, echo_request, sizeof(echo_request));
	assert_int_equal(last_sent(&h).type, SSTP_MSG_ECHO_RESPONSE);

	/* Idle for the hello interval: we ask. */
	h.now += SSTP_HELLO_TIMEOUT_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(last_sent(&h).type, SSTP_MSG_ECHO_REQUEST);
	h.now += 100;
	feed(&h, echo_response, sizeof(echo_response));
	/* Answered: the next interval asks again rather than closing. */
	h.now += SSTP_HELLO_TIMEOUT_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 0);
	assert_int_equal(last_sent(&h).type, SSTP_MSG_ECHO_REQUEST);
	/* Unanswered: gone, without an abort. */
	int sent = h.sent_count;
	h.now += SSTP_HELLO_TIMEOUT_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 1);
	assert_int_equal(h.sent_count, sent);
	assert_string_equal(h.reason, "client stopped answering echo requests");
}

static void test_data_keeps_the_call_alive(void **state)
{
	struct harness h;

	(void)state;
	connect_call(&h);
	for (int i = 0; i < 5; i++) {
		h.now += SSTP_HELLO_TIMEOUT_MS - 1;
		sstp_call_activity(&h.call, h.now);
		sstp_call_timeout(&h.call, h.now);
	}
	assert_int_equal(last_sent(&h).type, SSTP_MSG_CALL_CONNECT_ACK);
}

static void test_client_disconnect(void **state)
{
	static const uint8_t disconnect[] = {
		0x10, 0x01, 0x00, 0x14, 0x00, 0x06, 0x00, 0x01,
		0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	struct harness h;

	(void)state;
	connect_call(&h);
	feed(&h, disconnect, sizeof(disconnect));
	assert_int_equal(last_sent(&h).type, SSTP_MSG_CALL_DISCONNECT_ACK);
	assert_int_equal(h.call.state, SSTP_CALL_DISCONNECT_TIMEOUT_PENDING);
	/* Anything now is ignored; after 1 s the call is over. */
	feed(&h, echo_request, sizeof(echo_request));
	assert_int_equal(last_sent(&h).type, SSTP_MSG_CALL_DISCONNECT_ACK);
	h.now += SSTP_DISCONNECT_TIMEOUT_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 1);
	assert_string_equal(h.reason, "client disconnected");
}

static void test_server_disconnect(void **state)
{
	static const uint8_t ack[] = { 0x10, 0x01, 0x00, 0x08, 0x00, 0x07, 0x00, 0x00 };
	struct sstp_control msg;
	struct harness h;

	(void)state;
	connect_call(&h);
	sstp_call_disconnect(&h.call, "server shutting down", h.now);
	msg = last_sent(&h);
	assert_int_equal(msg.type, SSTP_MSG_CALL_DISCONNECT);
	assert_true(msg.has_status);	/* sstpc answers only with one */
	assert_false(sstp_call_is_connected(&h.call));
	feed(&h, ack, sizeof(ack));
	assert_int_equal(h.closed, 1);
	assert_string_equal(h.reason, "server shutting down");

	/* No ACK: 5 s, then it is over anyway. */
	connect_call(&h);
	sstp_call_disconnect(&h.call, "kill", h.now);
	h.now += SSTP_DISCONNECT_ACK_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 1);
}

static void test_client_abort(void **state)
{
	static const uint8_t client_abort[] = {
		0x10, 0x01, 0x00, 0x14, 0x00, 0x05, 0x00, 0x01,
		0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x07,
	};
	struct harness h;

	(void)state;
	start(&h);
	feed(&h, request, sizeof(request));
	feed(&h, client_abort, sizeof(client_abort));
	assert_int_equal(last_sent(&h).type, SSTP_MSG_CALL_ABORT);
	assert_int_equal(h.call.state, SSTP_CALL_ABORT_TIMEOUT_PENDING);
	h.now += SSTP_ABORT_TIMEOUT_MS;
	sstp_call_timeout(&h.call, h.now);
	assert_int_equal(h.closed, 1);
	assert_string_equal(h.reason, "client aborted the call (status 7)");
}

static void test_wrong_state_and_malformed_abort(void **state)
{
	struct sstp_control msg;
	struct harness h;

	(void)state;
	/* An echo before the call is connected. */
	start(&h);
	feed(&h, echo_request, sizeof(echo_request));
	msg = last_sent(&h);
	assert_int_equal(msg.type, SSTP_MSG_CALL_ABORT);
	assert_int_equal(msg.status.status, SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED);

	/* A REQUEST whose attribute overruns the packet. */
	start(&h);
	{
		uint8_t bad[sizeof(request)];

		memcpy(bad, request, sizeof(bad));
		bad[11] = 0x08;
		feed(&h, bad, sizeof(bad));
	}
	msg = last_sent(&h);
	assert_int_equal(msg.type, SSTP_MSG_CALL_ABORT);
	assert_int_not_equal(msg.status.status, SSTP_STATUS_NO_ERROR);
	assert_int_equal(h.connected, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_gets_ack_with_nonce),
		cmocka_unit_test(test_connected_before_auth_is_queued),
		cmocka_unit_test(test_connected_after_auth_sha1),
		cmocka_unit_test(test_wrong_mac_aborts),
		cmocka_unit_test(test_wrong_nonce_and_cert_abort),
		cmocka_unit_test(test_bad_protocol_naks_then_aborts),
		cmocka_unit_test(test_negotiation_timeouts),
		cmocka_unit_test(test_echo_both_ways),
		cmocka_unit_test(test_data_keeps_the_call_alive),
		cmocka_unit_test(test_client_disconnect),
		cmocka_unit_test(test_server_disconnect),
		cmocka_unit_test(test_client_abort),
		cmocka_unit_test(test_wrong_state_and_malformed_abort),
	};

	return cmocka_run_group_tests_name("sstp", tests, NULL, NULL);
}
