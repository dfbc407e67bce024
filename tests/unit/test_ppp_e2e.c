// SPDX-License-Identifier: GPL-2.0
/*
 * Our client engine against our server engine through the link ops, from
 * ppp_open to network up and back down, for each authentication method.
 */

#include "ppp_test.h"

struct pair {
	struct t_end s, c;
};

static int group_setup(void **state)
{
	(void)state;
	return mschapv2_crypto_init();
}

static int group_teardown(void **state)
{
	(void)state;
	mschapv2_crypto_free();
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;

	if (p) {
		t_free(&p->s);
		t_free(&p->c);
		free(p);
	}
	return 0;
}

static struct pair *pair(void **state, enum ppp_auth server_auth, enum ppp_auth client_auth)
{
	struct pair *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	t_init(&p->s, "server", PPP_ROLE_SERVER);
	t_init(&p->c, "client", PPP_ROLE_CLIENT);
	p->s.cfg.auth[0] = server_auth;
	p->c.cfg.auth[0] = client_auth;
	inet_pton(AF_INET, "10.0.0.2", &p->s.assign);
	inet_pton(AF_INET, "10.0.0.53", &p->s.cfg.dns[0]);
	inet_pton(AF_INET, "10.0.0.54", &p->s.cfg.dns[1]);
	*state = p;
	return p;
}

static void run(struct pair *p)
{
	t_start(&p->s);
	t_start(&p->c);
	t_pump(&p->s, &p->c);
}

static void check_up(struct pair *p, enum ppp_auth method)
{
	const struct t_event *s_up, *c_up;
	uint8_t s_hlak[32], c_hlak[32], zero[32] = { 0 };

	assert_int_equal(ppp_phase(p->s.ppp), PPP_PHASE_NETWORK);
	assert_int_equal(ppp_phase(p->c.ppp), PPP_PHASE_NETWORK);
	assert_int_equal(t_last(&p->s, PPP_EV_AUTH_OK)->info.method, method);
	assert_string_equal(t_last(&p->s, PPP_EV_AUTH_OK)->info.user, "User");
	assert_int_equal(t_last(&p->c, PPP_EV_AUTH_OK)->info.method, method);
	s_up = t_last(&p->s, PPP_EV_IPV4_UP);
	c_up = t_last(&p->c, PPP_EV_IPV4_UP);
	assert_int_equal(s_up->info.local_ipv4.s_addr, c_up->info.peer_ipv4.s_addr);
	assert_int_equal(s_up->info.peer_ipv4.s_addr, c_up->info.local_ipv4.s_addr);
	assert_int_equal(ntohl(c_up->info.local_ipv4.s_addr), 0x0a000002);
	assert_int_equal(ntohl(c_up->info.peer_ipv4.s_addr), 0x0a000001);
	assert_int_equal(ntohl(c_up->info.dns[0].s_addr), 0x0a000035);
	assert_int_equal(ntohl(c_up->info.dns[1].s_addr), 0x0a000036);
	/* Both ends hold the same crypto binding key. */
	assert_int_equal(ppp_hlak(p->s.ppp, s_hlak), 0);
	assert_int_equal(ppp_hlak(p->c.ppp, c_hlak), 0);
	assert_memory_equal(s_hlak, c_hlak, 32);
	if (method == PPP_AUTH_MSCHAPV2)
		assert_memory_not_equal(s_hlak, zero, 32);
	else
		assert_memory_equal(s_hlak, zero, 32);
	assert_int_equal(ppp_next_timeout(p->s.ppp), -1);
	assert_int_equal(ppp_next_timeout(p->c.ppp), -1);
}

static void test_mschapv2(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);

	run(p);
	check_up(p, PPP_AUTH_MSCHAPV2);
}

static void test_chap_md5(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_CHAP_MD5, PPP_AUTH_CHAP_MD5);

	run(p);
	check_up(p, PPP_AUTH_CHAP_MD5);
}

static void test_pap(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_PAP, PPP_AUTH_PAP);

	run(p);
	check_up(p, PPP_AUTH_PAP);
}

static void test_nak_to_pap(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_PAP);

	p->s.cfg.auth[1] = PPP_AUTH_PAP;
	run(p);
	check_up(p, PPP_AUTH_PAP);
}

static void test_no_common_auth(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_PAP);

	run(p);
	assert_int_equal(t_last(&p->s, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_REFUSED);
	assert_int_equal(t_count(&p->c, PPP_EV_AUTH_OK), 0);
	/* The SSTP layer ends the call; the client sees its transport go. */
	ppp_lower_down(p->c.ppp, 0);
	assert_int_equal(t_last(&p->c, PPP_EV_DOWN)->info.reason, PPP_DOWN_LOWER);
}

static void test_wrong_password(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);

	p->c.cfg.password = "clientpass";
	run(p);
	assert_int_equal(t_count(&p->s, PPP_EV_AUTH_FAILED), 1);
	assert_int_equal(t_count(&p->c, PPP_EV_AUTH_FAILED), 1);
	assert_int_equal(t_last(&p->s, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_FAILED);
	assert_int_equal(t_last(&p->c, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_FAILED);
	assert_int_equal(t_count(&p->s, PPP_EV_IPV4_UP), 0);
}

static void test_ipv6(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);
	const struct t_event *s6, *c6;

	p->s.cfg.ipv6 = true;
	p->c.cfg.ipv6 = true;
	run(p);
	check_up(p, PPP_AUTH_MSCHAPV2);
	s6 = t_last(&p->s, PPP_EV_IPV6_UP);
	c6 = t_last(&p->c, PPP_EV_IPV6_UP);
	assert_memory_equal(s6->info.local_ifid, c6->info.peer_ifid, 8);
	assert_memory_equal(s6->info.peer_ifid, c6->info.local_ifid, 8);
	assert_memory_not_equal(s6->info.local_ifid, s6->info.peer_ifid, 8);
}

/* Only one side speaks IPv6: the other Protocol-Rejects it, IPv4 goes on. */
static void test_ipv6_one_side(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);

	p->c.cfg.ipv6 = true;
	run(p);
	check_up(p, PPP_AUTH_MSCHAPV2);
	assert_int_equal(t_count(&p->c, PPP_EV_IPV6_UP), 0);
}

static void test_client_closes(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);

	run(p);
	ppp_close(p->c.ppp, PPP_DOWN_ADMIN, 0);
	t_pump(&p->s, &p->c);
	assert_int_equal(t_last(&p->c, PPP_EV_DOWN)->info.reason, PPP_DOWN_ADMIN);
	assert_int_equal(t_count(&p->c, PPP_EV_IPV4_DOWN), 1);
	assert_int_equal(t_count(&p->s, PPP_EV_IPV4_DOWN), 1);
	assert_int_equal(ppp_phase(p->s.ppp), PPP_PHASE_TERMINATE);
	t_at(&p->s, 3000);
	assert_int_equal(t_last(&p->s, PPP_EV_DOWN)->info.reason, PPP_DOWN_PEER_TERMINATE);
}

/* LCP renegotiated on an open link: down, authenticate again, up again. */
static void test_renegotiation(void **state)
{
	struct pair *p = pair(state, PPP_AUTH_MSCHAPV2, PPP_AUTH_MSCHAPV2);

	run(p);
	t_feed_hex(&p->s, "c021 01 77 000a 0506 01020304");
	t_pump(&p->s, &p->c);
	assert_int_equal(t_count(&p->s, PPP_EV_IPV4_DOWN), 1);
	assert_int_equal(t_count(&p->c, PPP_EV_IPV4_DOWN), 1);
	assert_int_equal(t_count(&p->s, PPP_EV_AUTH_OK), 2);
	assert_int_equal(t_count(&p->s, PPP_EV_IPV4_UP), 2);
	assert_int_equal(t_count(&p->c, PPP_EV_IPV4_UP), 2);
	check_up(p, PPP_AUTH_MSCHAPV2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_mschapv2, teardown),
		cmocka_unit_test_teardown(test_chap_md5, teardown),
		cmocka_unit_test_teardown(test_pap, teardown),
		cmocka_unit_test_teardown(test_nak_to_pap, teardown),
		cmocka_unit_test_teardown(test_no_common_auth, teardown),
		cmocka_unit_test_teardown(test_wrong_password, teardown),
		cmocka_unit_test_teardown(test_ipv6, teardown),
		cmocka_unit_test_teardown(test_ipv6_one_side, teardown),
		cmocka_unit_test_teardown(test_client_closes, teardown),
		cmocka_unit_test_teardown(test_renegotiation, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
