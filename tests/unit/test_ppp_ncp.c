// SPDX-License-Identifier: GPL-2.0
/*
 * IPCP and IPv6CP against scripted peers: address assignment (also when the
 * address arrives after authentication), DNS, what Windows and pppd ask
 * for, the interface identifier, data frames once a protocol is open.
 */

#include "ppp_test.h"

static const uint8_t magic[4] = { 0x11, 0x22, 0x33, 0x44 };
static const uint8_t ifid[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

#define OUR_IPCP_REQ(id) "8021 01 " id " 000a 0306 0a000001"

static int teardown(void **state)
{
	struct t_end *e = *state;

	if (e) {
		t_free(e);
		free(e);
	}
	return 0;
}

static struct t_end *end(void **state, enum ppp_role role)
{
	struct t_end *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	t_init(e, role == PPP_ROLE_SERVER ? "server" : "client", role);
	e->cfg.auth[0] = PPP_AUTH_PAP;
	t_script(e, magic, sizeof(magic));
	*state = e;
	return e;
}

static struct t_end *server(void **state, bool assign, bool dns)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER);

	if (assign)
		inet_pton(AF_INET, "10.0.0.2", &e->assign);
	if (dns) {
		inet_pton(AF_INET, "10.0.0.53", &e->cfg.dns[0]);
		inet_pton(AF_INET, "10.0.0.54", &e->cfg.dns[1]);
	}
	return e;
}

/*
 * The link's ncp_ready / ncp_unready calls, in order, each with the number
 * of frames the engine had sent when it came: "before the Ack" is checked
 * as "at == the Ack's index".
 */
struct ready_call {
	bool ready, ipv6;
	unsigned at;
	struct ppp_event_info info;
};

static struct ready_call calls[16];
static unsigned n_calls;

static void rec_ready(void *ctx, bool ipv6, const struct ppp_event_info *info)
{
	struct t_end *e = ctx;

	assert_true(n_calls < 16);
	calls[n_calls++] = (struct ready_call){ .ready = true, .ipv6 = ipv6, .at = e->n_out,
						.info = *info };
}

static void rec_unready(void *ctx, bool ipv6)
{
	struct t_end *e = ctx;

	assert_true(n_calls < 16);
	calls[n_calls++] = (struct ready_call){ .ready = false, .ipv6 = ipv6, .at = e->n_out };
}

static const struct ppp_link_ops ready_ops = {
	.send = t_send,
	.event = t_event,
	.ncp_ready = rec_ready,
	.ncp_unready = rec_unready,
	.log = t_log,
};

/* t_ops, or ready_ops for the tests of the ready calls. */
static const struct ppp_link_ops *start_ops = &t_ops;

/* LCP open and the peer is authenticated by PAP. */
static void authenticate(struct t_end *e)
{
	e->ppp = ppp_new(&e->cfg, start_ops, e);
	assert_non_null(e->ppp);
	ppp_open(e->ppp, e->now);
	t_ack(e, t_take(e));
	t_feed_hex(e, "c021 01 40 0004");
	t_take(e);
	/* Before the network phase NCP packets are dropped. */
	assert_int_equal(t_feed_hex(e, "8021 01 05 000a 0306 00000000"), PPP_INPUT_DROPPED);
	t_no_frame(e);
	t_feed_hex(e, "c023 01 07 0014 04 55736572 0a 636c69656e7450617373");
	t_expect_code(t_take(e), PPP_PAP, 2);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
}

static void test_windows_ipcp(void **state)
{
	struct t_end *e = server(state, true, true);
	const struct t_event *up;
	size_t off = 0;
	uint8_t data[] = { 0xff, 0x03, 0x00, 0x21, 0x45, 0x00 };

	authenticate(e);
	t_expect_hex(e, OUR_IPCP_REQ("01"));
	/* PROTOCOL.md 6: 0.0.0.0, DNS 129/131 and NBNS 130/132. */
	t_feed_hex(e, "8021 01 05 0022 0306 00000000 8106 00000000 8206 00000000 8306 00000000"
		   " 8406 00000000");
	t_expect_hex(e, "8021 04 05 0010 8206 00000000 8406 00000000");
	t_feed_hex(e, "8021 01 06 0016 0306 00000000 8106 00000000 8306 00000000");
	t_expect_hex(e, "8021 03 06 0016 0306 0a000002 8106 0a000035 8306 0a000036");
	t_feed_hex(e, "8021 01 07 0016 0306 0a000002 8106 0a000035 8306 0a000036");
	t_expect_hex(e, "8021 02 07 0016 0306 0a000002 8106 0a000035 8306 0a000036");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 0);
	assert_int_equal(t_feed_hex(e, "0021 4500"), PPP_INPUT_DROPPED);
	t_feed_hex(e, "8021 02 01 000a 0306 0a000001");
	up = t_last(e, PPP_EV_IPV4_UP);
	assert_int_equal(ntohl(up->info.local_ipv4.s_addr), 0x0a000001);
	assert_int_equal(ntohl(up->info.peer_ipv4.s_addr), 0x0a000002);
	assert_int_equal(ntohl(up->info.dns[0].s_addr), 0x0a000035);
	assert_int_equal(ntohl(up->info.dns[1].s_addr), 0x0a000036);
	t_no_frame(e);

	/* Data: the engine says where the packet starts, whatever the header. */
	assert_int_equal(ppp_input(e->ppp, data, sizeof(data), 0, &off), PPP_INPUT_IPV4);
	assert_int_equal(off, 4);
	assert_int_equal(ppp_input(e->ppp, data + 2, 4, 0, &off), PPP_INPUT_IPV4);
	assert_int_equal(off, 2);
	assert_int_equal(ppp_input(e->ppp, data + 3, 3, 0, &off), PPP_INPUT_IPV4);
	assert_int_equal(off, 1);
	/* IPv6 is off: its data is protocol-rejected like IPv6CP. */
	assert_int_equal(t_feed_hex(e, "0057 6000"), PPP_INPUT_CONTROL);
	t_expect_hex(e, "c021 08 02 0008 0057 6000");
	t_no_frame(e);

	/* The link going down takes IPv4 with it. */
	ppp_lower_down(e->ppp, 0);
	assert_int_equal(t_count(e, PPP_EV_IPV4_DOWN), 1);
	assert_int_equal(ntohl(t_last(e, PPP_EV_IPV4_DOWN)->info.peer_ipv4.s_addr), 0x0a000002);
	assert_int_equal(t_count(e, PPP_EV_DOWN), 1);
	assert_int_equal(ppp_input(e->ppp, data, sizeof(data), 0, &off), PPP_INPUT_DROPPED);
}

static void test_no_dns_configured(void **state)
{
	struct t_end *e = server(state, true, false);

	authenticate(e);
	t_take(e);
	t_feed_hex(e, "8021 01 05 0016 0306 00000000 8106 00000000 8306 00000000");
	t_expect_hex(e, "8021 04 05 0010 8106 00000000 8306 00000000");
}

static void test_waits_for_address(void **state)
{
	struct t_end *e = server(state, false, true);
	struct in_addr a = { 0 };

	authenticate(e);
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 1);
	t_no_frame(e);
	/* The client's request is kept, not answered. */
	assert_int_equal(t_feed_hex(e, "8021 01 05 000a 0306 00000000"), PPP_INPUT_CONTROL);
	t_no_frame(e);
	assert_int_equal(ppp_set_peer_ipv4(e->ppp, a, 0), -EINVAL);
	inet_pton(AF_INET, "10.0.0.9", &a);
	assert_int_equal(ppp_set_peer_ipv4(e->ppp, a, 0), 0);
	t_expect_hex(e, OUR_IPCP_REQ("01"));
	t_expect_hex(e, "8021 03 05 000a 0306 0a000009");
	assert_int_equal(ppp_set_peer_ipv4(e->ppp, a, 0), 0);	/* the same: fine */
	inet_pton(AF_INET, "10.0.0.10", &a);
	assert_int_equal(ppp_set_peer_ipv4(e->ppp, a, 0), -EBUSY);
	t_no_frame(e);
	t_feed_hex(e, "8021 01 06 000a 0306 0a000009");
	t_expect_hex(e, "8021 02 06 000a 0306 0a000009");
	t_feed_hex(e, "8021 02 01 000a 0306 0a000001");
	assert_int_equal(ntohl(t_last(e, PPP_EV_IPV4_UP)->info.peer_ipv4.s_addr), 0x0a000009);
}

static void test_pppd_ipcp(void **state)
{
	struct t_end *e = server(state, true, true);

	authenticate(e);
	t_take(e);
	/* VJ compression, 0.0.0.0. */
	t_feed_hex(e, "8021 01 05 0010 0206 002d0f01 0306 00000000");
	t_expect_hex(e, "8021 04 05 000a 0206 002d0f01");
	t_feed_hex(e, "8021 01 06 000a 0306 00000000");
	t_expect_hex(e, "8021 03 06 000a 0306 0a000002");
}

static void test_address_hint(void **state)
{
	struct t_end *e = server(state, true, true);

	authenticate(e);
	t_take(e);
	/* No IP-Address option: we say which one it gets. */
	t_feed_hex(e, "8021 01 05 000a 8106 00000000");
	t_expect_hex(e, "8021 03 05 0010 8106 0a000035 0306 0a000002");
	t_feed_hex(e, "8021 01 06 000a 8106 0a000035");
	t_expect_hex(e, "8021 03 06 000a 0306 0a000002");
	/* A malformed IPCP request is dropped. */
	t_feed_hex(e, "8021 01 07 000a 0305 0a000002");
	t_no_frame(e);
}

static void test_ipcp_rejected_by_peer(void **state)
{
	struct t_end *e = server(state, true, true);

	authenticate(e);
	t_take(e);
	t_feed_hex(e, "c021 08 09 0010 8021 0101000a03060a000001");
	/* Nothing left to carry: the link goes. */
	t_expect_code(t_take(e), PPP_LCP, 5);
	t_feed_hex(e, "c021 06 03 0004");
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_NO_NETWORK);
}

static void test_ipv6cp(void **state)
{
	struct t_end *e = server(state, true, true);
	const struct t_frame *f;
	const struct t_event *up;

	e->cfg.ipv6 = true;
	t_script(e, ifid, sizeof(ifid));
	authenticate(e);
	t_expect_hex(e, "8057 01 01 000e 010a 0102030405060708");
	t_expect_hex(e, OUR_IPCP_REQ("02"));
	/* Zero: Nak with something else, non-zero, not ours. */
	t_feed_hex(e, "8057 01 09 000e 010a 0000000000000000");
	f = t_take(e);
	t_expect_code(f, PPP_IPV6CP, 3);
	assert_int_equal(f->len, 16);
	assert_memory_equal(f->data + 6, "\x01\x0a", 2);
	assert_memory_not_equal(f->data + 8, "\0\0\0\0\0\0\0\0", 8);
	assert_memory_not_equal(f->data + 8, ifid, 8);
	/* Ours: the same. */
	t_feed_hex(e, "8057 01 0a 000e 010a 0102030405060708");
	f = t_take(e);
	t_expect_code(f, PPP_IPV6CP, 3);
	assert_memory_not_equal(f->data + 8, ifid, 8);
	/* Compression is rejected. */
	t_feed_hex(e, "8057 01 0b 0012 010a 1112131415161718 0204002d");
	t_expect_hex(e, "8057 04 0b 0008 0204002d");
	t_feed_hex(e, "8057 01 0c 000e 010a 1112131415161718");
	t_expect_hex(e, "8057 02 0c 000e 010a 1112131415161718");
	assert_int_equal(t_feed_hex(e, "0057 6000"), PPP_INPUT_DROPPED);
	t_feed_hex(e, "8057 02 01 000e 010a 0102030405060708");
	up = t_last(e, PPP_EV_IPV6_UP);
	assert_memory_equal(up->info.local_ifid, ifid, 8);
	assert_memory_equal(up->info.peer_ifid, "\x11\x12\x13\x14\x15\x16\x17\x18", 8);
	assert_int_equal(t_feed_hex(e, "0057 6000"), PPP_INPUT_IPV6);
	t_no_frame(e);
	ppp_close(e->ppp, PPP_DOWN_ADMIN, 0);
	assert_int_equal(t_count(e, PPP_EV_IPV6_DOWN), 1);
}

static void test_ipv6cp_nak_of_ours(void **state)
{
	struct t_end *e = server(state, true, true);
	const struct t_frame *f;
	uint8_t rej[16];

	e->cfg.ipv6 = true;
	t_script(e, ifid, sizeof(ifid));
	authenticate(e);
	t_take(e);
	t_take(e);
	t_feed_hex(e, "8057 03 01 000e 010a aabbccddeeff0011");
	t_expect_hex(e, "8057 01 03 000e 010a aabbccddeeff0011");
	/* A zero suggestion is no suggestion: a fresh one of ours. */
	t_feed_hex(e, "8057 03 03 000e 010a 0000000000000000");
	f = t_take(e);
	t_expect_code(f, PPP_IPV6CP, 1);
	assert_memory_not_equal(f->data + 8, "\0\0\0\0\0\0\0\0", 8);
	/* A Reject of an identifier we never sent answers nothing of ours. */
	t_feed_hex(e, "8057 04 04 000e 010a 0000000000000000");
	t_no_frame(e);
	/* A real one means no identifier option at all. */
	memcpy(rej, f->data, f->len);
	rej[2] = 4;
	t_feed(e, rej, f->len);
	t_expect_hex(e, "8057 01 05 0004");
}

static void test_client_ipcp(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT);
	const struct t_event *up;

	t_start(e);
	t_ack(e, t_take(e));
	t_feed_hex(e, "c021 01 50 000e 0304c023 05060a0b0c0d");
	t_take(e);
	t_take(e);	/* our PAP request */
	t_feed_hex(e, "c023 02 01 0005 00");
	t_expect_hex(e, "8021 01 02 0016 0306 00000000 8106 00000000 8306 00000000");
	/* SoftEther-like: the secondary DNS is rejected, then the rest Nak'd. */
	t_feed_hex(e, "8021 04 02 000a 8306 00000000");
	t_expect_hex(e, "8021 01 03 0010 0306 00000000 8106 00000000");
	t_feed_hex(e, "8021 03 03 0010 0306 0a000002 8106 0a000035");
	t_expect_hex(e, "8021 01 04 0010 0306 0a000002 8106 0a000035");
	/* The server's own request: any address of its own is fine. */
	t_feed_hex(e, "8021 01 07 000a 0306 0a000001");
	t_expect_hex(e, "8021 02 07 000a 0306 0a000001");
	/* It wants an address from us? We have none to give. */
	t_feed_hex(e, "8021 01 08 000a 0306 00000000");
	t_expect_hex(e, "8021 04 08 000a 0306 00000000");
	t_feed_hex(e, "8021 01 09 000a 0306 0a000001");
	t_expect_hex(e, "8021 02 09 000a 0306 0a000001");
	t_feed_hex(e, "8021 02 04 0010 0306 0a000002 8106 0a000035");
	up = t_last(e, PPP_EV_IPV4_UP);
	assert_int_equal(ntohl(up->info.local_ipv4.s_addr), 0x0a000002);
	assert_int_equal(ntohl(up->info.peer_ipv4.s_addr), 0x0a000001);
	assert_int_equal(ntohl(up->info.dns[0].s_addr), 0x0a000035);
	assert_int_equal(up->info.dns[1].s_addr, 0);
}

static void test_client_gets_no_address(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT);

	e->cfg.request_dns = false;
	t_start(e);
	t_ack(e, t_take(e));
	t_feed_hex(e, "c021 01 50 000e 0304c023 05060a0b0c0d");
	t_take(e);
	t_take(e);
	t_feed_hex(e, "c023 02 01 0005 00");
	t_expect_hex(e, "8021 01 02 000a 0306 00000000");
	/* A server that rejects the address option leaves us with none. */
	t_feed_hex(e, "8021 04 02 000a 0306 00000000");
	t_expect_hex(e, "8021 01 03 0004");
	t_feed_hex(e, "8021 01 07 0004");
	t_expect_hex(e, "8021 02 07 0004");
	t_feed_hex(e, "8021 02 03 0004");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 0);
	t_expect_code(t_take(e), PPP_IPCP, 5);
}

static struct t_end *ready_server(void **state, bool ipv6)
{
	struct t_end *e = server(state, true, true);

	e->cfg.ipv6 = ipv6;
	if (ipv6)
		t_script(e, ifid, sizeof(ifid));
	n_calls = 0;
	start_ops = &ready_ops;
	authenticate(e);
	start_ops = &t_ops;
	return e;
}

/* The next frame is the one a ready call came just before. */
static void expect_ready_before(struct t_end *e, unsigned call, const char *hex)
{
	assert_true(call < n_calls);
	assert_true(calls[call].ready);
	assert_int_equal(calls[call].at, e->read);
	t_expect_hex(e, hex);
}

/*
 * Windows' order: we ack its request first, it opens when it acks ours,
 * and may send at once: the interface is ready before our Ack leaves.
 */
static void test_ready_before_our_ack(void **state)
{
	struct t_end *e = ready_server(state, false);

	t_expect_hex(e, OUR_IPCP_REQ("01"));
	t_feed_hex(e, "8021 01 05 000a 0306 00000000");
	t_expect_hex(e, "8021 03 05 000a 0306 0a000002");
	assert_int_equal(n_calls, 0);
	t_feed_hex(e, "8021 01 06 000a 0306 0a000002");
	assert_int_equal(n_calls, 1);
	assert_false(calls[0].ipv6);
	assert_int_equal(ntohl(calls[0].info.local_ipv4.s_addr), 0x0a000001);
	assert_int_equal(ntohl(calls[0].info.peer_ipv4.s_addr), 0x0a000002);
	expect_ready_before(e, 0, "8021 02 06 000a 0306 0a000002");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 0);
	/* Its Ack opens us too: the up event, nothing more to prepare. */
	t_feed_hex(e, "8021 02 01 000a 0306 0a000001");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 1);
	assert_int_equal(n_calls, 1);
	/* The layer going down undoes it at once. */
	ppp_close(e->ppp, PPP_DOWN_ADMIN, 0);
	assert_int_equal(n_calls, 2);
	assert_false(calls[1].ready);
	assert_false(calls[1].ipv6);
	assert_int_equal(t_count(e, PPP_EV_IPV4_DOWN), 1);
}

/* It acked ours first: our Ack opens both ends; ready still comes first. */
static void test_ready_before_the_ack_that_opens_us(void **state)
{
	struct t_end *e = ready_server(state, false);

	t_ack(e, t_take(e));
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 0);
	t_feed_hex(e, "8021 01 05 000a 0306 0a000002");
	assert_int_equal(n_calls, 1);
	expect_ready_before(e, 0, "8021 02 05 000a 0306 0a000002");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 1);
	t_no_frame(e);
}

/* An Ack withdrawn (we Nak its next request) is no longer ready. */
static void test_ready_withdrawn(void **state)
{
	struct t_end *e = ready_server(state, false);

	t_take(e);
	t_feed_hex(e, "8021 01 05 000a 0306 0a000002");
	expect_ready_before(e, 0, "8021 02 05 000a 0306 0a000002");
	t_feed_hex(e, "8021 01 06 000a 0306 00000000");
	t_expect_hex(e, "8021 03 06 000a 0306 0a000002");
	assert_int_equal(n_calls, 2);
	assert_false(calls[1].ready);
	/* A retransmission of ours in Req-Sent readies nothing. */
	t_at(e, 3000);
	t_expect_hex(e, OUR_IPCP_REQ("01"));
	assert_int_equal(n_calls, 2);
	ppp_lower_down(e->ppp, 3000);
	assert_int_equal(n_calls, 2);
}

/*
 * The peer renegotiates an open IPCP: ready again before our Ack, and no
 * undo in between, so its data never stops passing.
 */
static void test_ready_through_renegotiation(void **state)
{
	struct t_end *e = ready_server(state, false);

	t_ack(e, t_take(e));
	t_feed_hex(e, "8021 01 05 000a 0306 0a000002");
	expect_ready_before(e, 0, "8021 02 05 000a 0306 0a000002");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 1);
	t_feed_hex(e, "8021 01 06 000a 0306 0a000002");
	assert_int_equal(t_count(e, PPP_EV_IPV4_DOWN), 1);
	t_expect_hex(e, OUR_IPCP_REQ("02"));
	expect_ready_before(e, 1, "8021 02 06 000a 0306 0a000002");
	assert_int_equal(n_calls, 2);
	t_feed_hex(e, "8021 02 02 000a 0306 0a000001");
	assert_int_equal(t_count(e, PPP_EV_IPV4_UP), 2);
	assert_int_equal(n_calls, 2);
}

/*
 * IPv6CP: we acked, then the peer Naks our identifier.  It opens when it
 * acks our next request, so that one leaves only after the interface has
 * the new identifier.
 */
static void test_ready_follows_our_ifid(void **state)
{
	struct t_end *e = ready_server(state, true);
	static const uint8_t theirs[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11 };

	t_take(e);
	t_take(e);
	t_feed_hex(e, "8057 01 09 000e 010a 1112131415161718");
	assert_int_equal(n_calls, 1);
	assert_true(calls[0].ipv6);
	assert_memory_equal(calls[0].info.local_ifid, ifid, 8);
	assert_memory_equal(calls[0].info.peer_ifid, "\x11\x12\x13\x14\x15\x16\x17\x18", 8);
	expect_ready_before(e, 0, "8057 02 09 000e 010a 1112131415161718");
	t_feed_hex(e, "8057 03 01 000e 010a aabbccddeeff0011");
	assert_int_equal(n_calls, 2);
	assert_memory_equal(calls[1].info.local_ifid, theirs, 8);
	expect_ready_before(e, 1, "8057 01 03 000e 010a aabbccddeeff0011");
	t_feed_hex(e, "8057 02 03 000e 010a aabbccddeeff0011");
	assert_memory_equal(t_last(e, PPP_EV_IPV6_UP)->info.local_ifid, theirs, 8);
	assert_int_equal(n_calls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_windows_ipcp, teardown),
		cmocka_unit_test_teardown(test_no_dns_configured, teardown),
		cmocka_unit_test_teardown(test_waits_for_address, teardown),
		cmocka_unit_test_teardown(test_pppd_ipcp, teardown),
		cmocka_unit_test_teardown(test_address_hint, teardown),
		cmocka_unit_test_teardown(test_ipcp_rejected_by_peer, teardown),
		cmocka_unit_test_teardown(test_ipv6cp, teardown),
		cmocka_unit_test_teardown(test_ipv6cp_nak_of_ours, teardown),
		cmocka_unit_test_teardown(test_client_ipcp, teardown),
		cmocka_unit_test_teardown(test_client_gets_no_address, teardown),
		cmocka_unit_test_teardown(test_ready_before_our_ack, teardown),
		cmocka_unit_test_teardown(test_ready_before_the_ack_that_opens_us, teardown),
		cmocka_unit_test_teardown(test_ready_withdrawn, teardown),
		cmocka_unit_test_teardown(test_ready_through_renegotiation, teardown),
		cmocka_unit_test_teardown(test_ready_follows_our_ifid, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
