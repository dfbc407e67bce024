// SPDX-License-Identifier: GPL-2.0
/*
 * LCP and the RFC 1661 automaton against a scripted peer: what Windows 7
 * sends, Nak/Reject loops, the counters and the restart timer on injected
 * time, Terminate both ways, Protocol- and Code-Reject, malformed packets.
 */

#include "ppp_test.h"

static const uint8_t magic[4] = { 0x11, 0x22, 0x33, 0x44 };

/* Our first request with the default configuration and the magic above. */
#define OUR_REQ "c021 01 00 000f 0305c22381 050611223344"

static struct t_end *server(void **state)
{
	struct t_end *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	t_init(e, "server", PPP_ROLE_SERVER);
	t_script(e, magic, sizeof(magic));
	*state = e;
	return e;
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

/* LCP opened: the peer asks for magic only and acks our request. */
static void open_lcp(struct t_end *e)
{
	t_start(e);
	t_expect_hex(e, OUR_REQ);
	t_feed_hex(e, "c021 01 40 000a 0506 0a0b0c0d");
	t_expect_hex(e, "c021 02 40 000a 0506 0a0b0c0d");
	t_feed_hex(e, "c021 02 00 000f 0305c22381 050611223344");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	t_expect_code(t_take(e), PPP_CHAP, 1);	/* the challenge */
}

static void test_windows7_request(void **state)
{
	struct t_end *e = server(state);
	struct ppp_lcp_info info;

	t_start(e);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_ESTABLISH);
	t_expect_hex(e, OUR_REQ);
	/* PROTOCOL.md 6: MRU 4091, magic, PFC, ACFC, Callback 6. */
	assert_int_equal(t_feed_hex(e, "ff03 c021 01 00 0015 01040ffb 05064b493f31 0702 0802 0d0306"),
			 PPP_INPUT_CONTROL);
	t_expect_hex(e, "c021 04 00 0007 0d0306");
	t_feed_hex(e, "ff03 c021 01 01 0012 01040ffb 05064b493f31 0702 0802");
	t_expect_hex(e, "c021 02 01 0012 01040ffb 05064b493f31 0702 0802");
	t_no_frame(e);
	t_feed_hex(e, "ff03 c021 02 00 000f 0305c22381 050611223344");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	t_expect_code(t_take(e), PPP_CHAP, 1);
	info = ppp_lcp_info(e->ppp);
	assert_int_equal(info.peer_mru, 4091);
	assert_int_equal(info.local_mru, 1500);
	assert_true(info.peer_pfc);
	assert_true(info.peer_acfc);
	/* Its three Identification packets change nothing. */
	t_feed_hex(e, "c021 0c 01 0012 4b493f31 4d5352415356352e3230");
	t_feed_hex(e, "c021 0c 02 001f 4b493f31 4d535241532d302d574753454131313233362d57494e37");
	t_feed_hex(e, "c021 0c 03 0018 4b493f31 ac8c520d4e463a42a3999470e234bc54");
	t_no_frame(e);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
}

static void test_pppd_request(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* asyncmap 0, magic, pcomp, accomp. */
	t_feed_hex(e, "c021 01 01 0014 0206 00000000 0506 2cf1a3b2 0702 0802");
	t_expect_hex(e, "c021 02 01 0014 0206 00000000 0506 2cf1a3b2 0702 0802");
}

static void test_reject_unknown_options(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* MRRU 1614, Endpoint Discriminator, an unknown 99, Quality (4). */
	t_feed_hex(e, "c021 01 07 0020 0506 01020304 1104064e 1307 0102030405 6303aa 0408 c0250000 0000");
	t_expect_hex(e, "c021 04 07 001a 1104064e 1307 0102030405 6303aa 0408 c0250000 0000");
}

static void test_malformed(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* Option length 1, an option past the end, length field past the frame. */
	t_feed_hex(e, "c021 01 05 0006 0501");
	t_feed_hex(e, "c021 01 05 0008 0506 0102");
	t_feed_hex(e, "c021 01 05 0010 0104 05dc");
	t_feed_hex(e, "c021 01 05 0003");
	t_feed_hex(e, "c021 01");
	t_feed_hex(e, "c0");
	assert_int_equal(t_feed_hex(e, "ff05 c021 01 05 0004"), PPP_INPUT_DROPPED);
	assert_int_equal(t_feed_hex(e, "c020 01 05 0004"), PPP_INPUT_DROPPED);
	assert_int_equal(t_feed_hex(e, ""), PPP_INPUT_DROPPED);
	t_no_frame(e);
	/* Known options of the wrong size are rejected, padding is ignored. */
	t_feed_hex(e, "c021 01 06 0011 010305 0207aabbccddee 070300 ffff");
	t_expect_hex(e, "c021 04 06 0011 010305 0207aabbccddee 070300");
	/* An Ack that is not our request is no Ack. */
	t_feed_hex(e, "c021 02 00 000f 0305c22381 050611223345");
	t_feed_hex(e, "c021 02 09 000f 0305c22381 050611223344");
	t_no_frame(e);
	t_feed_hex(e, "c021 01 08 0004");
	t_expect_hex(e, "c021 02 08 0004");
	t_feed_hex(e, "c021 02 00 000f 0305c22381 050611223344");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
}

static void test_magic_and_mru_naks(void **state)
{
	struct t_end *e = server(state);
	const struct t_frame *f;

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	t_feed_hex(e, "c021 01 01 000e 0104 0040 0506 00000000");
	f = t_take(e);
	t_expect_code(f, PPP_LCP, 3);
	assert_int_equal(f->len, 16);
	assert_memory_equal(f->data + 6, "\x01\x04\x00\x80\x05\x06", 6);
	assert_memory_not_equal(f->data + 12, "\0\0\0\0", 4);
}

/* A peer that keeps sending a magic of zero: 5 Naks, then Rejects. */
static void test_max_failure(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	for (int i = 0; i < 5; i++) {
		char req[64];

		snprintf(req, sizeof(req), "c021 01 %02x 000a 0506 00000000", i);
		t_feed_hex(e, req);
		t_expect_code(t_take(e), PPP_LCP, 3);
	}
	t_feed_hex(e, "c021 01 05 000a 0506 00000000");
	t_expect_hex(e, "c021 04 05 000a 0506 00000000");
	/* An Ack resets the count. */
	t_feed_hex(e, "c021 01 06 0004");
	t_expect_hex(e, "c021 02 06 0004");
	t_feed_hex(e, "c021 01 07 000a 0506 00000000");
	t_expect_code(t_take(e), PPP_LCP, 3);
}

/* A silent peer: Max-Configure requests 3 s apart, then the link is finished. */
static void test_max_configure(void **state)
{
	struct t_end *e = server(state);
	const struct t_event *ev;

	t_start(e);
	assert_int_equal(ppp_next_timeout(e->ppp), 3000);
	t_expect_hex(e, OUR_REQ);
	t_at(e, 2999);
	t_no_frame(e);
	for (int i = 1; i < 10; i++) {
		t_at(e, 3000 * i);
		/* Retransmissions keep their identifier. */
		t_expect_hex(e, OUR_REQ);
		assert_int_equal(ppp_next_timeout(e->ppp), 3000 * (i + 1));
	}
	assert_int_equal(t_count(e, PPP_EV_DOWN), 0);
	t_at(e, 30000);
	t_no_frame(e);
	ev = t_last(e, PPP_EV_DOWN);
	assert_int_equal(ev->info.reason, PPP_DOWN_NEG_TIMEOUT);
	assert_int_equal(ppp_next_timeout(e->ppp), -1);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_DEAD);
	/* Finished is final. */
	assert_int_equal(t_feed_hex(e, "c021 01 01 0004"), PPP_INPUT_DROPPED);
	t_no_frame(e);
}

/* A peer that Naks us forever: we give up after Max-Configure Naks. */
static void test_peer_never_converges(void **state)
{
	struct t_end *e = server(state);
	const struct t_frame *f;
	int naks = 0;

	t_start(e);
	for (;;) {
		uint8_t nak[16];

		f = t_take(e);
		if (f->data[2] != 1)
			break;
		assert_int_equal(f->data[2], 1);
		memcpy(nak, "\xc0\x21\x03\x00\x00\x08\x01\x04\x00\x40", 10);
		nak[3] = f->data[3];
		t_feed(e, nak, 10);
		naks++;
		assert_true(naks < 20);
	}
	assert_int_equal(naks, 11);
	t_expect_code(f, PPP_LCP, 5);
	t_feed_hex(e, "c021 06 00 0004");
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_NEG_FAILED);
}

/*
 * A looped line. (With authentication configured the reflected request
 * asks us to authenticate, which a server rejects, and the reflected
 * Reject ends the link sooner, as "no common authentication".)
 */
static void test_loopback(void **state)
{
	struct t_end *e = server(state);

	e->cfg.auth[0] = PPP_AUTH_NONE;
	t_start(e);
	/* Everything we send comes straight back. */
	for (int i = 0; i < 100 && !t_count(e, PPP_EV_DOWN); i++) {
		const struct t_frame *f = t_take(e);

		t_feed(e, f->data, f->len);
	}
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_LOOPBACK);
}

static void test_terminate_by_peer(void **state)
{
	struct t_end *e = server(state);

	open_lcp(e);
	e->now = 1000;
	t_feed_hex(e, "c021 05 07 0008 62796521");
	t_expect_hex(e, "c021 06 07 0004");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_TERMINATE);
	/* One restart period for the Ack to arrive (RFC 1661 zrc). */
	assert_int_equal(ppp_next_timeout(e->ppp), 4000);
	assert_int_equal(t_count(e, PPP_EV_DOWN), 0);
	t_at(e, 4000);
	t_no_frame(e);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_PEER_TERMINATE);
}

static void test_terminate_by_us(void **state)
{
	struct t_end *e = server(state);

	open_lcp(e);
	ppp_close(e->ppp, PPP_DOWN_ADMIN, e->now);
	t_expect_hex(e, "c021 05 02 0010 636c6f7365642062792075 73");	/* "closed by us" */
	assert_int_equal(t_count(e, PPP_EV_DOWN), 0);
	t_feed_hex(e, "c021 06 02 0004");
	assert_int_equal(t_count(e, PPP_EV_DOWN), 1);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_ADMIN);
	/* Once only. */
	ppp_close(e->ppp, PPP_DOWN_ADMIN, e->now);
	ppp_lower_down(e->ppp, e->now);
	assert_int_equal(t_count(e, PPP_EV_DOWN), 1);
}

static void test_terminate_unanswered(void **state)
{
	struct t_end *e = server(state);

	open_lcp(e);
	ppp_close(e->ppp, PPP_DOWN_ADMIN, 0);
	t_expect_code(t_take(e), PPP_LCP, 5);
	t_at(e, 3000);
	t_expect_code(t_take(e), PPP_LCP, 5);	/* Max-Terminate is 2 */
	t_at(e, 6000);
	t_no_frame(e);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_ADMIN);
}

static void test_close_before_open(void **state)
{
	struct t_end *e = server(state);

	e->ppp = ppp_new(&e->cfg, &t_ops, e);
	ppp_close(e->ppp, PPP_DOWN_ADMIN, 0);
	t_no_frame(e);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_ADMIN);
}

static void test_lower_down(void **state)
{
	struct t_end *e = server(state);

	open_lcp(e);
	ppp_lower_down(e->ppp, 10);
	t_no_frame(e);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_LOWER);
	assert_int_equal(ppp_next_timeout(e->ppp), -1);
}

static void test_protocol_reject(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* Not before LCP is open (RFC 1661 3.4). */
	assert_int_equal(t_feed_hex(e, "80fd 01 01 000a 1206 01000001"), PPP_INPUT_DROPPED);
	t_no_frame(e);
	t_feed_hex(e, "c021 01 40 0004");
	t_expect_hex(e, "c021 02 40 0004");
	t_feed_hex(e, "c021 02 00 000f 0305c22381 050611223344");
	t_take(e);	/* challenge, id 1 */
	/* CCP: we do no MPPE. */
	assert_int_equal(t_feed_hex(e, "80fd 01 01 000a 1206 01000001"), PPP_INPUT_CONTROL);
	t_expect_hex(e, "c021 08 02 0010 80fd 0101000a12060100 0001");
	/* CBCP, after we rejected Callback. */
	t_feed_hex(e, "ff03 c029 02 01 0006 0102");
	t_expect_hex(e, "c021 08 03 000c c029 0201 00060102");
	/* IPv6CP when IPv6 is off, even before the network phase. */
	t_feed_hex(e, "8057 01 04 000e 010a 24bba368e67b35a5");
	t_expect_hex(e, "c021 08 04 0014 8057 0104000e010a24bba368e67b35a5");
}

static void test_code_reject(void **state)
{
	struct t_end *e = server(state);

	open_lcp(e);
	t_feed_hex(e, "c021 20 05 0006 abcd");
	t_expect_hex(e, "c021 07 02 000a 20050006abcd");
	/* The peer Code-Rejects a Configure-Request: nothing to negotiate with. */
	t_feed_hex(e, "c021 07 09 0008 01000004");
	t_expect_code(t_take(e), PPP_LCP, 5);
	t_at(e, 3000);
	t_at(e, 6000);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_PEER_REJECT);
}

static void test_echo(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* SoftEther echoes before LCP is open: ignored. */
	t_feed_hex(e, "c021 09 01 0008 00000000");
	t_no_frame(e);
	t_feed_hex(e, "c021 01 40 000a 0506 0a0b0c0d");
	t_take(e);
	t_feed_hex(e, "c021 02 00 000f 0305c22381 050611223344");
	t_take(e);
	t_feed_hex(e, "c021 09 07 000c 0a0b0c0d 74657374");
	t_expect_hex(e, "c021 0a 07 000c 11223344 74657374");
	t_feed_hex(e, "c021 09 07 0006 0a0b");	/* too short for a magic */
	t_feed_hex(e, "c021 0b 08 0008 0a0b0c0d");	/* Discard-Request */
	t_feed_hex(e, "c021 0d 09 000c 0a0b0c0d 00000e10");	/* Time-Remaining */
	t_feed_hex(e, "c021 0a 07 0008 0a0b0c0d");	/* an unasked reply */
	t_no_frame(e);
}

/* Our own keepalive: answered echoes keep the link, unanswered ones end it. */
static void test_echo_keepalive(void **state)
{
	struct t_end *e = server(state);

	e->cfg.echo_interval_ms = 10000;
	e->cfg.echo_max_failures = 2;
	e->cfg.auth[0] = PPP_AUTH_NONE;
	t_start(e);
	t_expect_hex(e, "c021 01 00 000a 050611223344");
	t_feed_hex(e, "c021 01 40 0004");
	t_expect_hex(e, "c021 02 40 0004");
	t_feed_hex(e, "c021 02 00 000a 050611223344");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
	assert_int_equal(ppp_next_timeout(e->ppp), 10000);
	t_at(e, 10000);
	t_expect_hex(e, "c021 09 01 0008 11223344");
	t_feed_hex(e, "c021 0a 01 0008 0a0b0c0d");
	t_at(e, 20000);
	t_expect_hex(e, "c021 09 02 0008 11223344");
	t_at(e, 30000);
	t_expect_hex(e, "c021 09 03 0008 11223344");
	t_at(e, 40000);
	t_expect_code(t_take(e), PPP_LCP, 5);
	t_feed_hex(e, "c021 06 04 0004");
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_ECHO_TIMEOUT);
}

/* A peer that Code-Rejects Echo-Request gets no more of them. */
static void test_echo_rejected(void **state)
{
	struct t_end *e = server(state);

	e->cfg.echo_interval_ms = 10000;
	e->cfg.auth[0] = PPP_AUTH_NONE;
	t_start(e);
	t_take(e);
	t_feed_hex(e, "c021 01 40 0004");
	t_take(e);
	t_feed_hex(e, "c021 02 00 000a 050611223344");
	t_at(e, 10000);
	t_expect_hex(e, "c021 09 01 0008 11223344");
	t_feed_hex(e, "c021 07 05 000c 09010008 11223344");
	assert_int_equal(ppp_next_timeout(e->ppp), -1);
	t_at(e, 100000);
	t_no_frame(e);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
}

static void test_header_forms(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* FF 03 and a full protocol, as Windows sends LCP. */
	t_feed_hex(e, "ff03 c021 01 01 0004");
	t_expect_hex(e, "c021 02 01 0004");
	/* Without FF 03 (ACFC). */
	t_feed_hex(e, "c021 01 02 0004");
	t_expect_hex(e, "c021 02 02 0004");
	/* Data before the network phase is nobody's. */
	assert_int_equal(t_feed_hex(e, "21 4500"), PPP_INPUT_DROPPED);
	assert_int_equal(t_feed_hex(e, "0021 4500"), PPP_INPUT_DROPPED);
	assert_int_equal(t_feed_hex(e, "ff03 21 4500"), PPP_INPUT_DROPPED);
	t_no_frame(e);
}

static void test_auth_nak_allowed(void **state)
{
	struct t_end *e = server(state);

	e->cfg.auth[0] = PPP_AUTH_PAP;
	e->cfg.auth[1] = PPP_AUTH_MSCHAPV2;
	t_start(e);
	t_expect_hex(e, "c021 01 00 000e 0304c023 050611223344");
	/* Windows Naks for MS-CHAPv2 (it Nak'd EAP so in the capture). */
	t_feed_hex(e, "c021 03 00 0009 0305c22381");
	t_expect_hex(e, "c021 01 01 000f 0305c22381 050611223344");
	t_feed_hex(e, "c021 01 40 0004");
	t_expect_hex(e, "c021 02 40 0004");
	t_feed_hex(e, "c021 02 01 000f 0305c22381 050611223344");
	t_expect_code(t_take(e), PPP_CHAP, 1);
}

static void test_auth_nak_disallowed(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* PAP is not ours to accept, and nothing else is configured. */
	t_feed_hex(e, "c021 03 00 0008 0304c023");
	t_expect_code(t_take(e), PPP_LCP, 5);
	t_feed_hex(e, "c021 06 03 0004");
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_REFUSED);
}

static void test_auth_nak_disallowed_next(void **state)
{
	struct t_end *e = server(state);

	e->cfg.auth[1] = PPP_AUTH_CHAP_MD5;
	t_start(e);
	t_expect_hex(e, OUR_REQ);
	/* PAP is not allowed: we go on with the next configured method. */
	t_feed_hex(e, "c021 03 00 0008 0304c023");
	t_expect_hex(e, "c021 01 01 000f 0305c22305 050611223344");
	/* Nak'd again, back to MS-CHAPv2 which it refused before: give up. */
	t_feed_hex(e, "c021 03 01 0009 0305c22381");
	t_expect_code(t_take(e), PPP_LCP, 5);
}

static void test_auth_rejected(void **state)
{
	struct t_end *e = server(state);

	t_start(e);
	t_expect_hex(e, OUR_REQ);
	t_feed_hex(e, "c021 04 00 0009 0305c22381");
	t_expect_code(t_take(e), PPP_LCP, 5);
	ppp_lower_down(e->ppp, 0);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_REFUSED);
}

static void test_reject_of_magic_and_mru(void **state)
{
	struct t_end *e = server(state);

	e->cfg.mru = 1400;
	t_start(e);
	t_expect_hex(e, "c021 01 00 0013 0104 0578 0305c22381 050611223344");
	/* SoftEther-like: rejects the magic number, Naks the MRU to 1500. */
	t_feed_hex(e, "c021 04 00 000a 050611223344");
	t_expect_hex(e, "c021 01 01 000d 0104 0578 0305c22381");
	t_feed_hex(e, "c021 03 01 0008 0104 05dc");
	t_expect_hex(e, "c021 01 02 0009 0305c22381");
	/* Nak'd larger than we take: ignored, same request again. */
	t_feed_hex(e, "c021 03 02 0008 0104 0ffb");
	t_expect_hex(e, "c021 01 03 0009 0305c22381");
	/* Malformed Nak: discarded. */
	t_feed_hex(e, "c021 03 03 0007 0103 05");
	t_no_frame(e);
}

/* Random frames into engines in every phase: no crash, nothing oversized. */
static void test_garbage(void **state)
{
	static const uint16_t protos[] = { 0xc021, 0x8021, 0x8057, 0xc023, 0xc223, 0x0021,
					   0x80fd, 0x1234 };
	struct t_end *e = server(state);
	uint32_t seed = 42;
	uint8_t buf[300];

	for (int round = 0; round < 200; round++) {
		if (e->ppp) {
			ppp_free(e->ppp);
			e->ppp = NULL;
		}
		e->n_out = e->read = 0;
		e->n_ev = 0;
		e->cfg.ipv6 = round & 1;
		e->cfg.auth[0] = (enum ppp_auth)(1 + round % 3);
		e->now = 0;
		t_start(e);
		for (int i = 0; i < 300; i++) {
			size_t len = test_rand(&seed) % sizeof(buf);

			for (size_t j = 0; j < len; j++)
				buf[j] = (uint8_t)test_rand(&seed);
			if (len >= 6 && test_rand(&seed) % 4) {
				uint16_t p = protos[test_rand(&seed) % 8];

				buf[0] = (uint8_t)(p >> 8);
				buf[1] = (uint8_t)p;
				buf[2] = (uint8_t)(1 + test_rand(&seed) % 14);
				buf[4] = 0;
				buf[5] = (uint8_t)(len - 2 - test_rand(&seed) % 3);
			}
			/* Sometimes answer our own last request with an Ack. */
			if (e->n_out && test_rand(&seed) % 8 == 0) {
				const struct t_frame *f = &e->out[e->n_out - 1];

				if (f->len >= 6 && f->data[2] == 1)
					t_ack(e, f);
			}
			t_feed(e, buf, len);
			if (test_rand(&seed) % 16 == 0)
				t_at(e, e->now + 1000);
			for (unsigned k = 0; k < e->n_out; k++)
				assert_true(e->out[k].len <= 2 + PPP_MRU_MAX);
			if (e->n_out > T_FRAMES - 8)
				e->n_out = e->read = 0;
			if (e->n_ev > T_EVENTS - 8)
				e->n_ev = 0;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_windows7_request, teardown),
		cmocka_unit_test_teardown(test_pppd_request, teardown),
		cmocka_unit_test_teardown(test_reject_unknown_options, teardown),
		cmocka_unit_test_teardown(test_malformed, teardown),
		cmocka_unit_test_teardown(test_magic_and_mru_naks, teardown),
		cmocka_unit_test_teardown(test_max_failure, teardown),
		cmocka_unit_test_teardown(test_max_configure, teardown),
		cmocka_unit_test_teardown(test_peer_never_converges, teardown),
		cmocka_unit_test_teardown(test_loopback, teardown),
		cmocka_unit_test_teardown(test_terminate_by_peer, teardown),
		cmocka_unit_test_teardown(test_terminate_by_us, teardown),
		cmocka_unit_test_teardown(test_terminate_unanswered, teardown),
		cmocka_unit_test_teardown(test_close_before_open, teardown),
		cmocka_unit_test_teardown(test_lower_down, teardown),
		cmocka_unit_test_teardown(test_protocol_reject, teardown),
		cmocka_unit_test_teardown(test_code_reject, teardown),
		cmocka_unit_test_teardown(test_echo, teardown),
		cmocka_unit_test_teardown(test_echo_keepalive, teardown),
		cmocka_unit_test_teardown(test_echo_rejected, teardown),
		cmocka_unit_test_teardown(test_header_forms, teardown),
		cmocka_unit_test_teardown(test_auth_nak_allowed, teardown),
		cmocka_unit_test_teardown(test_auth_nak_disallowed, teardown),
		cmocka_unit_test_teardown(test_auth_nak_disallowed_next, teardown),
		cmocka_unit_test_teardown(test_auth_rejected, teardown),
		cmocka_unit_test_teardown(test_reject_of_magic_and_mru, teardown),
		cmocka_unit_test_teardown(test_garbage, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
