// SPDX-License-Identifier: GPL-2.0
/*
 * The other side of test_ppp_capture: the PPP frames of a real Windows
 * server (RRAS, ../shared/data/windows7-sstp-capture, read in place;
 * SSTP_CAPTURE_DIR overrides the path) replayed into our engine in its
 * client role, checking each answer.  The server answered a Windows 7
 * client, so where our client differs (its requests, their identifiers)
 * the server's answer to ours is written here as Windows Server would
 * send it.  Its MS-CHAPv2 Success proves a password we do not know: our
 * client must refuse it (no mutual authentication); the NCP part runs after
 * a Success computed here for a known password.
 */

#include "ppp_test.h"
#include "ppp_capture.h"

/* The server's frame with the identifier of our request f (its answer to ours). */
static void replay_as_answer(struct t_end *e, const struct ppp_capture *c, int number,
			     const struct t_frame *f)
{
	uint8_t buf[T_FRAME_MAX];
	size_t len = 0;
	const uint8_t *data = ppp_capture_frame(c, number, 0, &len);

	assert_true(len <= sizeof(buf));
	memcpy(buf, data, len);
	/* Past FF 03 when the server sent it. */
	buf[buf[0] == 0xff ? 5 : 3] = f->data[3];
	t_feed(e, buf, len);
}

static struct ppp_capture *cap;

static int group_setup(void **state)
{
	(void)state;
	cap = calloc(1, sizeof(*cap));
	if (!cap || mschapv2_crypto_init())
		return -1;
	if (!ppp_capture_load(cap, "windows7-capture-server.hex")) {
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

static const uint8_t magic[4] = { 0x0a, 0x0b, 0x0c, 0x0d };
static const uint8_t peer_challenge[16] = "our peer chal.16";

/* Our client, as the user of the capture, with a password we know. */
static struct t_end *client(void **state)
{
	struct t_end *e = calloc(1, sizeof(*e));

	if (!cap) {
		free(e);
		fail_msg(CAPTURE_MISSING);
	}
	assert_non_null(e);
	t_init(e, "client", PPP_ROLE_CLIENT);
	e->cfg.auth[0] = PPP_AUTH_MSCHAPV2;
	e->cfg.auth[1] = PPP_AUTH_CHAP_MD5;
	e->cfg.auth[2] = PPP_AUTH_PAP;
	e->cfg.user = "SSTP-TEST\\Eivind";
	e->cfg.password = "secret";
	e->cfg.request_dns = true;
	t_script(e, magic, sizeof(magic));
	t_script(e, peer_challenge, sizeof(peer_challenge));
	*state = e;
	return e;
}

/*
 * LCP from the capture: the server asks for Callback throughout, and for
 * EAP before MS-CHAPv2.  Returns our Response to its Challenge.
 */
static const struct t_frame *lcp_and_challenge(struct t_end *e)
{
	const struct t_frame *req, *resp;

	t_start(e);
	req = t_take(e);
	t_expect_code(req, PPP_LCP, 1);
	/* Request 0: Callback, Multilink MRRU and Endpoint Discriminator are not ours. */
	ppp_capture_replay(e, cap, 15, 0);
	t_expect_hex(e, "c021 04 00 0022 0d0306 1104064e "
		     "131701fb630ee6acca46aa853b78be65c5c79300000000");
	/* Its Ack of Windows' request: not of ours (other options). */
	ppp_capture_replay(e, cap, 15, 1);
	t_no_frame(e);
	/* Requests 1 and 2 (EAP, then MS-CHAPv2) still ask for Callback. */
	ppp_capture_replay(e, cap, 17, 0);
	t_expect_hex(e, "c021 04 01 0007 0d0306");
	ppp_capture_replay(e, cap, 19, 0);
	t_expect_hex(e, "c021 04 02 0007 0d0306");
	/* As the server goes on after our Rejects: EAP, which we do not speak. */
	t_feed_hex(e, "ff03 c021 01 03 0016 01040ffb 0304c227 050628641e7b 0702 0802");
	t_expect_hex(e, "c021 03 03 0009 0305c22381");
	t_feed_hex(e, "ff03 c021 01 04 0017 01040ffb 0305c22381 050628641e7b 0702 0802");
	t_expect_hex(e, "c021 02 04 0017 01040ffb 0305c22381 050628641e7b 0702 0802");
	t_ack(e, req);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	t_no_frame(e);

	/* The server's Challenge, as captured: our Response, our name. */
	ppp_capture_replay(e, cap, 26, 0);
	resp = t_take(e);
	t_expect_code(resp, PPP_CHAP, 2);
	assert_int_equal(resp->data[3], 0);
	assert_int_equal(resp->data[6], 49);
	assert_memory_equal(resp->data + 7, peer_challenge, 16);
	assert_int_equal(resp->len, 7 + 49 + 16);
	assert_memory_equal(resp->data + 7 + 49, "SSTP-TEST\\Eivind", 16);
	return resp;
}

static void test_lcp_and_unproven_server(void **state)
{
	struct t_end *e = client(state);

	lcp_and_challenge(e);
	/* Its Success proves another password: the server is not trusted. */
	ppp_capture_replay(e, cap, 28, 0);
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 0);
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 1);
	t_expect_code(t_take(e), PPP_LCP, 5);
}

static void test_ncp(void **state)
{
	struct t_end *e = client(state);
	const struct t_frame *resp, *ipcp;
	uint8_t success[6 + MSCHAPV2_AUTH_RESPONSE_LEN] = {
		0xc2, 0x23, 3, 0, 0, 4 + MSCHAPV2_AUTH_RESPONSE_LEN,
	};
	uint8_t challenge[16];
	char auth[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	size_t len = 0;
	const struct t_event *up;

	resp = lcp_and_challenge(e);
	/* The Success the server would send knowing our password. */
	memcpy(challenge, ppp_capture_frame(cap, 26, 0, &len) + 7, 16);
	assert_int_equal(mschapv2_authenticator_response("secret", resp->data + 7 + 24,
							 peer_challenge, challenge,
							 "SSTP-TEST\\Eivind", auth), 0);
	success[3] = resp->data[3];
	memcpy(success + 6, auth, MSCHAPV2_AUTH_RESPONSE_LEN);
	t_feed(e, success, sizeof(success));
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 1);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
	/* We ask for an address and DNS at once. */
	ipcp = t_take(e);
	t_expect_code(ipcp, PPP_IPCP, 1);

	/* Callback Control (CBCP): not a protocol of ours. */
	ppp_capture_replay(e, cap, 29, 0);
	t_expect_hex(e, "c021 08 02 000c c029 0101 00060102");
	ppp_capture_replay(e, cap, 33, 0);
	t_expect_code(t_take(e), PPP_LCP, 8);
	/* IPv6CP is off here: rejected as a protocol too. */
	ppp_capture_replay(e, cap, 40, 0);
	t_expect_code(t_take(e), PPP_LCP, 8);
	/* The server's IPCP request: its address, acked. */
	ppp_capture_replay(e, cap, 41, 0);
	t_expect_hex(e, "8021 02 05 000a 0306c0a86464");
	/* Its Nak of our request: the address and DNS it gives us. */
	replay_as_answer(e, cap, 46, ipcp);
	ipcp = t_take(e);
	t_expect_code(ipcp, PPP_IPCP, 1);
	/* The Ack of the request with its values: up, with them. */
	t_ack(e, ipcp);
	up = t_last(e, PPP_EV_IPV4_UP);
	assert_int_equal(ntohl(up->info.local_ipv4.s_addr), 0xc0a86465);
	assert_int_equal(ntohl(up->info.peer_ipv4.s_addr), 0xc0a86464);
	assert_int_equal(ntohl(up->info.dns[0].s_addr), 0xc0a80001);
	assert_int_equal(ntohl(up->info.dns[1].s_addr), 0xc0a882f5);
	/* The server's Protocol-Reject of Windows' IPv6CP: nothing to say. */
	ppp_capture_replay(e, cap, 47, 0);
	t_no_frame(e);
	/*
	 * Its last frame is the Terminate-Ack of Windows' Terminate-Request:
	 * unsolicited here, so the link renegotiates (RFC 1661 4.1, RTA in
	 * Opened) and IPv4 goes down meanwhile.
	 */
	ppp_capture_replay(e, cap, 125, 0);
	t_expect_code(t_take(e), PPP_LCP, 1);
	assert_int_equal(t_count(e, PPP_EV_IPV4_DOWN), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_lcp_and_unproven_server, teardown),
		cmocka_unit_test_teardown(test_ncp, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
