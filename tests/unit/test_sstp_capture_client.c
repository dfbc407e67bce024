// SPDX-License-Identifier: GPL-2.0
/*
 * The SSTP side of the Windows server in the capture (../shared/data/
 * windows7-sstp-capture, read in place; SSTP_CAPTURE_DIR overrides the
 * path) replayed into our client's parsers and call machine: its HTTP
 * answer, its Call Connect Ack with the crypto binding request, and after
 * our Call Disconnect its Call Disconnect Ack.  Our Call Connected, signed
 * as the Ack asked, is then checked by our server's call machine.
 */

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/binding.h"
#include "proto/deframe.h"
#include "proto/http.h"
#include "proto/sstp.h"
#include "proto/wire.h"

#define STREAM_MAX	8192
#define PACKETS_MAX	32

/* The server's stream, its HTTP head, and its control packets by pcap frame. */
struct server_side {
	uint8_t stream[STREAM_MAX];
	size_t len, head_len;
	struct {
		const uint8_t *pkt;
		size_t len;
		int pcap_frame;
	} ctl[PACKETS_MAX];
	int n;
};

static bool load(struct server_side *c)
{
	const char *dir = getenv("SSTP_CAPTURE_DIR");
	int starts[64], numbers[64], records = 0;
	char path[512], line[4096];
	struct sstp_deframe df;
	const uint8_t *data, *pkt;
	size_t left, pkt_len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/windows7-capture-server.hex",
		 dir ? dir : "../shared/data/windows7-sstp-capture");
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *hex;
		int frame;

		if (line[0] == '#' || sscanf(line, "%d", &frame) != 1)
			continue;
		hex = strrchr(line, ' ');
		assert_non_null(hex);
		assert_true(records < 64);
		starts[records] = (int)c->len;
		numbers[records++] = frame;
		for (hex++; isxdigit((unsigned char)hex[0]) && isxdigit((unsigned char)hex[1]); hex += 2) {
			unsigned int byte;

			assert_true(c->len < STREAM_MAX);
			assert_int_equal(sscanf(hex, "%2x", &byte), 1);
			c->stream[c->len++] = (uint8_t)byte;
		}
	}
	fclose(f);
	/* The first record is the HTTP answer, the rest SSTP. */
	assert_true(records > 1);
	c->head_len = (size_t)starts[1];
	sstp_deframe_init(&df);
	data = c->stream + c->head_len;
	left = c->len - c->head_len;
	while (sstp_deframe_next(&df, &data, &left, &pkt, &pkt_len) == 1) {
		size_t off = (size_t)(pkt - c->stream);
		int rec = 0;

		while (rec + 1 < records && (size_t)starts[rec + 1] <= off)
			rec++;
		if (!sstp_hdr_is_control(pkt))
			continue;
		assert_true(c->n < PACKETS_MAX);
		c->ctl[c->n].pkt = pkt;
		c->ctl[c->n].len = pkt_len;
		c->ctl[c->n++].pcap_frame = numbers[rec];
	}
	assert_int_equal(left, 0);
	return true;
}

static const uint8_t *control(const struct server_side *c, int number, size_t *len)
{
	for (int i = 0; i < c->n; i++) {
		if (c->ctl[i].pcap_frame == number) {
			*len = c->ctl[i].len;
			return c->ctl[i].pkt;
		}
	}
	fail_msg("no control packet in pcap frame %d", number);
	return NULL;
}

/* One end of a call: what it sent and what it said. */
struct end {
	struct sstp_call call;
	uint8_t sent[4][128];
	size_t sent_len[4];
	int sent_count, accepted, connected, closed;
	uint8_t connected_hash;
	char reason[128];
};

static void e_send(void *ctx, const uint8_t *pkt, size_t len)
{
	struct end *e = ctx;

	assert_true(e->sent_count < 4 && len <= 128);
	memcpy(e->sent[e->sent_count], pkt, len);
	e->sent_len[e->sent_count++] = len;
}

static void e_accepted(void *ctx)
{
	((struct end *)ctx)->accepted++;
}

static void e_connected(void *ctx, uint8_t hash)
{
	struct end *e = ctx;

	e->connected++;
	e->connected_hash = hash;
}

static void e_closed(void *ctx, const char *reason)
{
	struct end *e = ctx;

	e->closed++;
	snprintf(e->reason, sizeof(e->reason), "%s", reason);
}

static const struct sstp_call_ops e_ops = {
	.send = e_send,
	.accepted = e_accepted,
	.connected = e_connected,
	.closed = e_closed,
};

static struct sstp_packet parse(const uint8_t *pkt, size_t len)
{
	struct sstp_packet p;

	assert_int_equal(sstp_wire_parse(pkt, len, &p), 0);
	assert_true(p.is_control);
	return p;
}

/* The capture's certificate is unknown here: any hashes serve both ends. */
static const uint8_t cert_sha1[20] = { 0x5e, 0x1 };
static const uint8_t cert_sha256[32] = { 0x5e, 0x25, 0x6 };
static const uint8_t hlak[SSTP_HLAK_LEN] = "a known higher-layer auth key!!";

static struct server_side *cap;

static int group_setup(void **state)
{
	(void)state;
	cap = calloc(1, sizeof(*cap));
	if (!cap)
		return -1;
	if (!load(cap)) {
		free(cap);
		cap = NULL;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(cap);
	return 0;
}

static void test_http_answer(void **state)
{
	struct sstp_http_response r;

	(void)state;
	if (!cap)
		fail_msg("the Windows 7 capture is missing: ../shared/data/windows7-sstp-capture "
			 "beside the checkout, or SSTP_CAPTURE_DIR");
	assert_int_equal(sstp_http_parse_response((const char *)cap->stream, cap->head_len, &r),
			 (int)cap->head_len);
	assert_int_equal(r.status, 200);
	assert_true(r.has_content_length);
	/* Cut anywhere, it asks for more. */
	for (size_t n = 0; n < cap->head_len; n++)
		assert_int_equal(sstp_http_parse_response((const char *)cap->stream, n, &r),
				 SSTP_HTTP_NEED_MORE);
}

static void test_call(void **state)
{
	struct end client = { 0 }, server = { 0 };
	struct sstp_packet ack, req, conn;
	const uint8_t *pkt;
	size_t len = 0;

	(void)state;
	if (!cap)
		fail_msg("the Windows 7 capture is missing: ../shared/data/windows7-sstp-capture "
			 "beside the checkout, or SSTP_CAPTURE_DIR");
	sstp_call_start_client(&client.call, &e_ops, &client, cert_sha1, cert_sha256, 1000);
	assert_int_equal(client.sent_count, 1);
	req = parse(client.sent[0], client.sent_len[0]);
	assert_int_equal(req.ctrl.type, SSTP_MSG_CALL_CONNECT_REQUEST);
	assert_true(req.ctrl.has_encap_proto);
	assert_int_equal(req.ctrl.encap_proto, SSTP_ENCAP_PROTO_PPP);

	/* The server's Ack: SHA-256 offered, its nonce. */
	pkt = control(cap, 13, &len);
	ack = parse(pkt, len);
	assert_int_equal(ack.ctrl.type, SSTP_MSG_CALL_CONNECT_ACK);
	assert_true(ack.ctrl.has_binding_req);
	sstp_call_input(&client.call, pkt, len, 1100);
	assert_int_equal(client.accepted, 1);
	assert_int_equal(client.closed, 0);
	assert_int_equal(client.call.state, SSTP_CALL_CONNECTED_PENDING);

	/* PPP authenticated us: Call Connected, as the Ack asked. */
	sstp_call_send_connected(&client.call, hlak, 1200);
	assert_int_equal(client.sent_count, 2);
	assert_int_equal(client.connected, 1);
	assert_true(sstp_call_is_connected(&client.call));
	conn = parse(client.sent[1], client.sent_len[1]);
	assert_int_equal(conn.ctrl.type, SSTP_MSG_CALL_CONNECTED);
	assert_true(conn.ctrl.has_binding);
	assert_int_equal(conn.ctrl.binding.hash_protocol, SSTP_HASH_SHA256);
	assert_memory_equal(conn.ctrl.binding.nonce, ack.ctrl.binding_req.nonce, SSTP_NONCE_LEN);
	assert_memory_equal(conn.ctrl.binding.cert_hash, cert_sha256, 32);

	/* A server with the same nonce, certificate and HLAK accepts it. */
	sstp_call_start(&server.call, &e_ops, &server, ack.ctrl.binding_req.nonce, cert_sha1,
			cert_sha256, 1000);
	sstp_call_input(&server.call, client.sent[0], client.sent_len[0], 1100);
	sstp_call_set_hlak(&server.call, hlak, 1150);
	sstp_call_input(&server.call, client.sent[1], client.sent_len[1], 1200);
	assert_int_equal(server.connected, 1);
	assert_int_equal(server.connected_hash, SSTP_HASH_SHA256);
	assert_int_equal(server.closed, 0);

	/* We hang up; the capture's Call Disconnect Ack ends the call. */
	sstp_call_disconnect(&client.call, "the user hung up", 5000);
	assert_int_equal(client.sent_count, 3);
	assert_int_equal(parse(client.sent[2], client.sent_len[2]).ctrl.type,
			 SSTP_MSG_CALL_DISCONNECT);
	pkt = control(cap, 127, &len);
	assert_int_equal(parse(pkt, len).ctrl.type, SSTP_MSG_CALL_DISCONNECT_ACK);
	sstp_call_input(&client.call, pkt, len, 5100);
	assert_int_equal(client.closed, 1);
	assert_int_equal(client.call.state, SSTP_CALL_CLOSED);
	assert_false(client.call.refused);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_answer),
		cmocka_unit_test(test_call),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
