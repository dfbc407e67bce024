// SPDX-License-Identifier: GPL-2.0
/*
 * The PPP frames of a real Windows 7 SSTP client (../shared/data/
 * windows7-sstp-capture, read in place; SSTP_CAPTURE_DIR overrides the
 * path) replayed into our server engine, checking each answer. The capture
 * answers a Windows server, so where our server differs (we reject
 * Callback, our identifiers differ) the client's next packet is written
 * here the way Windows would send it. Its MS-CHAPv2 Response cannot pass
 * (the password is unknown): it must fail cleanly, and the NCP part runs
 * after a response computed here for a known password.
 */

#include <ctype.h>

#include "ppp_test.h"

#define STREAM_MAX	32768
#define FRAMES_MAX	128

struct capture {
	uint8_t stream[STREAM_MAX];
	size_t len;
	/* The PPP frames of the SSTP data packets, with their TLS record's frame number. */
	struct {
		const uint8_t *data;
		size_t len;
		int pcap_frame;
	} ppp[FRAMES_MAX];
	int n;
};

static int record_of(const int *starts, const int *numbers, int n, size_t off)
{
	int frame = 0;

	for (int i = 0; i < n && (size_t)starts[i] <= off; i++)
		frame = numbers[i];
	return frame;
}

/* Reads the client's side; false when the capture is not there. */
static bool load(struct capture *c)
{
	static int starts[256], numbers[256];
	const char *dir = getenv("SSTP_CAPTURE_DIR");
	char path[512], line[40000];
	int records = 0;
	size_t off = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/windows7-capture-client.hex",
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
		assert_true(records < 256);
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
	/* The HTTP request, then SSTP packets back to back. */
	for (off = 0; off + 4 <= c->len && memcmp(c->stream + off, "\r\n\r\n", 4); off++)
		;
	assert_true(off + 4 <= c->len);
	for (off += 4; off + 4 <= c->len;) {
		size_t plen = ((c->stream[off + 2] << 8) | c->stream[off + 3]) & 0x0fff;

		assert_int_equal(c->stream[off], 0x10);
		assert_true(plen >= 4 && off + plen <= c->len);
		if (!(c->stream[off + 1] & 1)) {
			assert_true(c->n < FRAMES_MAX);
			c->ppp[c->n].data = c->stream + off + 4;
			c->ppp[c->n].len = plen - 4;
			c->ppp[c->n++].pcap_frame = record_of(starts, numbers, records, off);
		}
		off += plen;
	}
	return true;
}

/* The PPP frame that starts in pcap frame number, or a test failure. */
static const uint8_t *frame(const struct capture *c, int number, size_t *len)
{
	for (int i = 0; i < c->n; i++) {
		if (c->ppp[i].pcap_frame == number) {
			*len = c->ppp[i].len;
			return c->ppp[i].data;
		}
	}
	fail_msg("no PPP frame in pcap frame %d", number);
	return NULL;
}

static void replay(struct t_end *e, const struct capture *c, int number)
{
	size_t len = 0;
	const uint8_t *f = frame(c, number, &len);

	t_feed(e, f, len);
}

static struct capture *cap;

static int group_setup(void **state)
{
	(void)state;
	cap = calloc(1, sizeof(*cap));
	if (!cap || mschapv2_crypto_init())
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
	mschapv2_crypto_free();
	return 0;
}

static int teardown(void **state)
{
	struct t_end *e = *state;

	if (e) {
		t_free(e);
		free(e);
	}
	return 0;
}

/* The addresses the Windows server handed out in the capture. */
static struct t_end *server(void **state)
{
	struct t_end *e = calloc(1, sizeof(*e));

	if (!cap) {
		free(e);
		skip();	/* the shared capture is not there */
	}
	assert_non_null(e);
	t_init(e, "server", PPP_ROLE_SERVER);
	inet_pton(AF_INET, "192.168.100.100", &e->cfg.local_ipv4);
	inet_pton(AF_INET, "192.168.100.101", &e->assign);
	inet_pton(AF_INET, "192.168.0.1", &e->cfg.dns[0]);
	inet_pton(AF_INET, "192.168.130.245", &e->cfg.dns[1]);
	e->users[0] = "SSTP-TEST\\Eivind";
	e->passwords[0] = "secret";
	*state = e;
	return e;
}

/* LCP from the capture, plus what Windows sends after our Reject; returns our Challenge. */
static const struct t_frame *lcp(struct t_end *e)
{
	const struct t_frame *req, *chal;

	t_start(e);
	req = t_take(e);
	t_expect_code(req, PPP_LCP, 1);
	replay(e, cap, 14);
	t_expect_hex(e, "c021 04 00 0007 0d0306");
	/* Answers to the Windows server's requests, not ours. */
	replay(e, cap, 16);
	replay(e, cap, 18);
	replay(e, cap, 20);
	t_no_frame(e);
	t_feed_hex(e, "ff03 c021 01 01 0012 01040ffb 05064b493f31 0702 0802");
	t_expect_hex(e, "c021 02 01 0012 01040ffb 05064b493f31 0702 0802");
	t_ack(e, req);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	chal = t_take(e);
	t_expect_code(chal, PPP_CHAP, 1);
	replay(e, cap, 21);
	replay(e, cap, 23);
	replay(e, cap, 24);
	t_no_frame(e);
	return chal;
}

static void test_lcp_and_failed_auth(void **state)
{
	struct t_end *e = server(state);
	const struct t_frame *chal = lcp(e);
	uint8_t resp[256];
	size_t len = 0;
	const uint8_t *f = frame(cap, 27, &len);

	/* The capture's response answers identifier 0: stale for us. */
	t_feed(e, f, len);
	t_no_frame(e);
	assert_true(len <= sizeof(resp));
	memcpy(resp, f, len);
	resp[3] = chal->data[3];
	t_feed(e, resp, len);
	t_expect_code(t_take(e), PPP_CHAP, 4);
	assert_string_equal(t_last(e, PPP_EV_AUTH_FAILED)->info.user, "SSTP-TEST\\Eivind");
	t_expect_code(t_take(e), PPP_LCP, 5);
}

static void test_ncp(void **state)
{
	struct t_end *e = server(state);
	const struct t_frame *chal, *ipcp;
	uint8_t resp[6 + 1 + 49 + 16] = { 0xc2, 0x23, 2, 0, 0, sizeof(resp) - 2, 49 };
	size_t off = 0;

	chal = lcp(e);
	/* Windows' peer challenge, our challenge, a password we know. */
	resp[3] = chal->data[3];
	memcpy(resp + 7, frame(cap, 27, &off) + 7, 16);
	assert_int_equal(mschapv2_nt_response(chal->data + 7, resp + 7, "SSTP-TEST\\Eivind",
					      "secret", resp + 7 + 24), 0);
	memcpy(resp + 56, "SSTP-TEST\\Eivind", 16);
	t_feed(e, resp, sizeof(resp));
	t_expect_code(t_take(e), PPP_CHAP, 3);
	ipcp = t_take(e);
	e->read--;
	t_expect_hex(e, "8021 01 02 000a 0306 c0a86464");
	/* Callback-control and IPv6CP are not ours. */
	replay(e, cap, 31);
	t_expect_hex(e, "c021 08 03 000c c029 0201 00060102");
	replay(e, cap, 34);
	t_expect_hex(e, "c021 08 04 0014 8057 0104000e010a24bba368e67b35a5");
	/* IPCP: NBNS rejected, twice (its retransmission has a new id). */
	replay(e, cap, 35);
	t_expect_hex(e, "8021 04 05 0010 8206 00000000 8406 00000000");
	replay(e, cap, 37);
	t_expect_hex(e, "8021 04 06 0010 8206 00000000 8406 00000000");
	replay(e, cap, 38);
	t_expect_code(t_take(e), PPP_LCP, 8);
	/* Its Protocol-Reject of the server's CCP and Ack of its IPCP: not ours. */
	replay(e, cap, 43);
	replay(e, cap, 44);
	t_no_frame(e);
	replay(e, cap, 49);
	t_expect_hex(e, "8021 04 09 0010 8206 c0a882e5 8406 c0a882f5");
	t_feed_hex(e, "8021 01 0a 0016 0306 c0a86465 8106 c0a80001 8306 c0a882f5");
	t_expect_hex(e, "8021 02 0a 0016 0306 c0a86465 8106 c0a80001 8306 c0a882f5");
	t_ack(e, ipcp);
	assert_int_equal(ntohl(t_last(e, PPP_EV_IPV4_UP)->info.peer_ipv4.s_addr), 0xc0a86465);
	/* And its first IPv4 packets are data. */
	for (int n = 51; n <= 53; n++) {
		const uint8_t *f = frame(cap, n, &off);
		size_t len = off;

		assert_int_equal(ppp_input(e->ppp, f, len, 0, &off), PPP_INPUT_IPV4);
		assert_int_equal(off, 1);
		assert_int_equal(f[off] >> 4, 4);
	}
	t_no_frame(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_lcp_and_failed_auth, teardown),
		cmocka_unit_test_teardown(test_ncp, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
