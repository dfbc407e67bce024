// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the decrypted Windows 7 capture (README.md next to it): the first
 * record of each direction is the HTTP step, the rest an SSTP byte stream.
 * Every record must de-frame and every packet parse, and every packet built
 * again from its parsed values must equal the captured bytes.
 *
 * The directory comes from $SSTP_CAPTURE_DIR (the make variable of the same
 * name); it is read in place, never copied.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "proto/deframe.h"
#include "proto/http.h"
#include "proto/wire.h"

/* Beside the checkout, when run from its top (make check does). */
#define CAPTURE_DIR_DEFAULT	"../shared/data/windows7-sstp-capture"
#define MAX_RECORDS		256

struct capture {
	const char *file;
	bool loaded;
	uint8_t bytes[64 * 1024];	/* the direction's whole stream */
	size_t len;
	size_t nrec;
	unsigned long frame[MAX_RECORDS];
	size_t off[MAX_RECORDS], rec_len[MAX_RECORDS];
};

/* What the stream replay saw. */
struct replay {
	size_t packets, data;
	size_t control[SSTP_MSG_MAX + 1];	/* by message type */
	struct sstp_control last[SSTP_MSG_MAX + 1];
	unsigned long frame[SSTP_MSG_MAX + 1];	/* the last one's frame */
	unsigned long cur_frame;		/* frame being replayed */
};

static struct capture client = { .file = "windows7-capture-client.hex" };
static struct capture server = { .file = "windows7-capture-server.hex" };

/* Appends one "FRAME TIME HEX" line as a record. */
static void add_record(struct capture *c, const char *line, unsigned lineno)
{
	char hex[3] = "", *end;
	const char *p;
	unsigned long frame = strtoul(line, &end, 10);
	size_t n = 0;

	if (end == line || *end != ' ' || c->nrec == MAX_RECORDS)
		fail_msg("%s:%u: bad record", c->file, lineno);
	p = strchr(end + 1, ' ');
	if (!p)
		fail_msg("%s:%u: no hex column", c->file, lineno);
	for (p++; p[0] && p[0] != '\n'; p += 2) {
		if (!p[1] || p[1] == '\n' || c->len + n == sizeof(c->bytes))
			fail_msg("%s:%u: odd hex or too long", c->file, lineno);
		hex[0] = p[0];
		hex[1] = p[1];
		unhex(hex, c->bytes + c->len + n, 1);
		n++;
	}
	c->frame[c->nrec] = frame;
	c->off[c->nrec] = c->len;
	c->rec_len[c->nrec] = n;
	c->nrec++;
	c->len += n;
}

static struct capture *load(struct capture *c)
{
	const char *dir = getenv("SSTP_CAPTURE_DIR");
	char path[4096], *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	FILE *f;

	if (c->loaded)
		return c;
	c->len = 0;
	c->nrec = 0;
	if (!dir || !*dir)
		dir = CAPTURE_DIR_DEFAULT;
	snprintf(path, sizeof(path), "%s/%s", dir, c->file);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open the capture '%s' (set SSTP_CAPTURE_DIR)",
			 path);
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] != '#' && line[0] != '\n')
			add_record(c, line, lineno);
	}
	free(line);
	fclose(f);
	assert_true(c->nrec >= 2);
	c->loaded = true;
	return c;
}

/* Parses a packet, rebuilds it from the parsed values, compares, counts. */
static void check_packet(const uint8_t *p, size_t len, struct replay *r)
{
	uint8_t out[SSTP_MAX_PACKET_LEN];
	struct sstp_packet pkt;
	int n;

	assert_int_equal(sstp_wire_parse(p, len, &pkt), 0);
	if (pkt.is_control) {
		n = sstp_wire_build_control(out, sizeof(out), &pkt.ctrl);
		r->control[pkt.ctrl.type]++;
		r->last[pkt.ctrl.type] = pkt.ctrl;
		r->frame[pkt.ctrl.type] = r->cur_frame;
	} else {
		n = sstp_wire_build_data(out, sizeof(out), pkt.payload,
					 pkt.payload_len);
		r->data++;
	}
	assert_int_equal(n, len);
	assert_memory_equal(out, p, len);
	r->packets++;
}

/* Feeds data to df as one piece and checks every packet it yields. */
static void replay_piece(struct sstp_deframe *df, const uint8_t *data,
			 size_t len, struct replay *r)
{
	const uint8_t *pkt;
	size_t pkt_len;
	int ret;

	while ((ret = sstp_deframe_next(df, &data, &len, &pkt, &pkt_len)) == 1)
		check_packet(pkt, pkt_len, r);
	assert_int_equal(ret, 0);
}

/* The SSTP stream, record by record as TLS delivered it. */
static void replay_records(const struct capture *c, struct replay *r)
{
	struct sstp_deframe df;
	size_t i;

	memset(r, 0, sizeof(*r));
	sstp_deframe_init(&df);
	for (i = 1; i < c->nrec; i++) {
		r->cur_frame = c->frame[i];
		replay_piece(&df, c->bytes + c->off[i], c->rec_len[i], r);
	}
	assert_int_equal(sstp_deframe_buffered(&df), 0);
}

static void test_client_http_request(void **state)
{
	struct capture *c = load(&client);
	struct sstp_http_request req;

	(void)state;
	assert_int_equal(sstp_http_parse_request((const char *)c->bytes,
						 c->rec_len[0], &req),
			 c->rec_len[0]);
	assert_string_equal(req.host, "n3zz-dc1.sstp-test.net");
	assert_string_equal(req.correlation_id,
			    "{0D528CAC-464E-423A-A399-9470E234BC54}");
	/* With the SSTP stream behind it, the request still ends there. */
	assert_int_equal(sstp_http_parse_request((const char *)c->bytes, c->len,
						 &req),
			 c->rec_len[0]);
}

static void test_server_http_response(void **state)
{
	struct capture *c = load(&server);
	struct sstp_http_response resp;

	(void)state;
	assert_int_equal(sstp_http_parse_response((const char *)c->bytes,
						  c->rec_len[0], &resp),
			 c->rec_len[0]);
	assert_int_equal(resp.status, 200);
	assert_true(resp.has_content_length);
}

/* 64 records, 81 packets: REQUEST, CONNECTED, DISCONNECT and 78 PPP frames. */
static void test_client_stream(void **state)
{
	struct capture *c = load(&client);
	const struct sstp_status_info *st;
	struct replay r;

	(void)state;
	assert_int_equal(c->nrec, 65);
	replay_records(c, &r);
	assert_int_equal(r.packets, 81);
	assert_int_equal(r.data, 78);
	assert_int_equal(r.control[SSTP_MSG_CALL_CONNECT_REQUEST], 1);
	assert_int_equal(r.control[SSTP_MSG_CALL_CONNECTED], 1);
	assert_int_equal(r.control[SSTP_MSG_CALL_DISCONNECT], 1);
	assert_int_equal(r.frame[SSTP_MSG_CALL_CONNECT_REQUEST], 12);
	assert_int_equal(r.frame[SSTP_MSG_CALL_CONNECTED], 30);
	assert_int_equal(r.last[SSTP_MSG_CALL_CONNECT_REQUEST].encap_proto,
			 SSTP_ENCAP_PROTO_PPP);
	/* Windows' DISCONNECT: Status Info with AttribID 0, status 0. */
	st = &r.last[SSTP_MSG_CALL_DISCONNECT].status;
	assert_true(r.last[SSTP_MSG_CALL_DISCONNECT].has_status);
	assert_int_equal(st->attrib_id, SSTP_ATTR_NO_ERROR);
	assert_int_equal(st->status, SSTP_STATUS_NO_ERROR);
	assert_int_equal(st->value_len, 0);
}

/* 15 records, 16 packets (frame 15 packs two): ACK, DISCONNECT_ACK, PPP. */
static void test_server_stream(void **state)
{
	struct capture *c = load(&server);
	struct replay r;

	(void)state;
	assert_int_equal(c->nrec, 16);
	replay_records(c, &r);
	assert_int_equal(r.packets, 16);
	assert_int_equal(r.data, 14);
	assert_int_equal(r.control[SSTP_MSG_CALL_CONNECT_ACK], 1);
	assert_int_equal(r.control[SSTP_MSG_CALL_DISCONNECT_ACK], 1);
	assert_int_equal(r.frame[SSTP_MSG_CALL_CONNECT_ACK], 13);
	assert_int_equal(r.frame[SSTP_MSG_CALL_DISCONNECT_ACK], 127);
}

/* The same streams in one piece and one byte at a time. */
static void test_streams_any_split(void **state)
{
	struct capture *caps[] = { load(&client), load(&server) };
	struct sstp_deframe df;
	struct replay whole, bytes, records;
	size_t i, k, start;

	(void)state;
	for (k = 0; k < 2; k++) {
		start = caps[k]->rec_len[0];
		replay_records(caps[k], &records);

		memset(&whole, 0, sizeof(whole));
		sstp_deframe_init(&df);
		replay_piece(&df, caps[k]->bytes + start,
			     caps[k]->len - start, &whole);

		memset(&bytes, 0, sizeof(bytes));
		sstp_deframe_init(&df);
		for (i = start; i < caps[k]->len; i++)
			replay_piece(&df, caps[k]->bytes + i, 1, &bytes);

		assert_int_equal(whole.packets, records.packets);
		assert_int_equal(bytes.packets, records.packets);
		assert_int_equal(whole.data, records.data);
		assert_int_equal(bytes.data, records.data);
	}
}

/* The client's CALL_CONNECTED binds to the server's ACK (frames 13, 30). */
static void test_crypto_binding(void **state)
{
	uint8_t hash_head[4], hash_tail[2];
	struct replay c, s;
	const struct sstp_crypto_binding *cb;
	const struct sstp_crypto_binding_req *req;

	(void)state;
	replay_records(load(&client), &c);
	replay_records(load(&server), &s);
	cb = &c.last[SSTP_MSG_CALL_CONNECTED].binding;
	req = &s.last[SSTP_MSG_CALL_CONNECT_ACK].binding_req;
	assert_int_equal(req->hash_bitmask, SSTP_HASH_SHA256);
	assert_int_equal(cb->hash_protocol, SSTP_HASH_SHA256);
	assert_memory_equal(cb->nonce, req->nonce, SSTP_NONCE_LEN);
	/* SHA-256 of the server certificate, e65423f1...a11e (README.md). */
	unhex("e65423f1", hash_head, sizeof(hash_head));
	unhex("a11e", hash_tail, sizeof(hash_tail));
	assert_memory_equal(cb->cert_hash, hash_head, 4);
	assert_memory_equal(cb->cert_hash + 30, hash_tail, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_http_request),
		cmocka_unit_test(test_server_http_response),
		cmocka_unit_test(test_client_stream),
		cmocka_unit_test(test_server_stream),
		cmocka_unit_test(test_streams_any_split),
		cmocka_unit_test(test_crypto_binding),
	};

	return cmocka_run_group_tests_name("capture", tests, NULL, NULL);
}
