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

#include "ppp_test.h"
#include "ppp_capture.h"

static struct ppp_capture *cap;

static int group_setup(void **state)
{
	(void)state;
	cap = calloc(1, sizeof(*cap));
	if (!cap || mschapv2_crypto_init())
		return -1;
	if (!ppp_capture_load(cap, "windows7-capture-client.hex")) {
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
		fail_msg(CAPTURE_MISSING);
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
	ppp_capture_replay(e, cap, 14, 0);
	t_expect_hex(e, "c021 04 00 0007 0d0306");
	/* Answers to the Windows server's requests, not ours. */
	ppp_capture_replay(e, cap, 16, 0);
	ppp_capture_replay(e, cap, 18, 0);
	ppp_capture_replay(e, cap, 20, 0);
	t_no_frame(e);
	t_feed_hex(e, "ff03 c021 01 01 0012 01040ffb 05064b493f31 0702 0802");
	t_expect_hex(e, "c021 02 01 0012 01040ffb 05064b493f31 0702 0802");
	t_ack(e, req);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	chal = t_take(e);
	t_expect_code(chal, PPP_CHAP, 1);
	ppp_capture_replay(e, cap, 21, 0);
	ppp_capture_replay(e, cap, 23, 0);
	ppp_capture_replay(e, cap, 24, 0);
	t_no_frame(e);
	return chal;
}

static void test_lcp_and_failed_auth(void **state)
{
	struct t_end *e = server(state);
	const struct t_frame *chal = lcp(e);
	uint8_t resp[256];
	size_t len = 0;
	const uint8_t *f = ppp_capture_frame(cap, 27, 0, &len);

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
	memcpy(resp + 7, ppp_capture_frame(cap, 27, 0, &off) + 7, 16);
	assert_int_equal(mschapv2_nt_response(chal->data + 7, resp + 7, "SSTP-TEST\\Eivind",
					      "secret", resp + 7 + 24), 0);
	memcpy(resp + 56, "SSTP-TEST\\Eivind", 16);
	t_feed(e, resp, sizeof(resp));
	t_expect_code(t_take(e), PPP_CHAP, 3);
	ipcp = t_take(e);
	e->read--;
	t_expect_hex(e, "8021 01 02 000a 0306 c0a86464");
	/* Callback-control and IPv6CP are not ours. */
	ppp_capture_replay(e, cap, 31, 0);
	t_expect_hex(e, "c021 08 03 000c c029 0201 00060102");
	ppp_capture_replay(e, cap, 34, 0);
	t_expect_hex(e, "c021 08 04 0014 8057 0104000e010a24bba368e67b35a5");
	/* IPCP: NBNS rejected, twice (its retransmission has a new id). */
	ppp_capture_replay(e, cap, 35, 0);
	t_expect_hex(e, "8021 04 05 0010 8206 00000000 8406 00000000");
	ppp_capture_replay(e, cap, 37, 0);
	t_expect_hex(e, "8021 04 06 0010 8206 00000000 8406 00000000");
	ppp_capture_replay(e, cap, 38, 0);
	t_expect_code(t_take(e), PPP_LCP, 8);
	/* Its Protocol-Reject of the server's CCP and Ack of its IPCP: not ours. */
	ppp_capture_replay(e, cap, 43, 0);
	ppp_capture_replay(e, cap, 44, 0);
	t_no_frame(e);
	ppp_capture_replay(e, cap, 49, 0);
	t_expect_hex(e, "8021 04 09 0010 8206 c0a882e5 8406 c0a882f5");
	t_feed_hex(e, "8021 01 0a 0016 0306 c0a86465 8106 c0a80001 8306 c0a882f5");
	t_expect_hex(e, "8021 02 0a 0016 0306 c0a86465 8106 c0a80001 8306 c0a882f5");
	t_ack(e, ipcp);
	assert_int_equal(ntohl(t_last(e, PPP_EV_IPV4_UP)->info.peer_ipv4.s_addr), 0xc0a86465);
	/* And its first IPv4 packets are data. */
	for (int n = 51; n <= 53; n++) {
		const uint8_t *f = ppp_capture_frame(cap, n, 0, &off);
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
