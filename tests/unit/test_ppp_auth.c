// SPDX-License-Identifier: GPL-2.0
/*
 * PAP, CHAP-MD5 and MS-CHAPv2 in both roles against scripted peers, with
 * the RFC 2759 9.2 vectors (the challenge injected through the random
 * source) and the RFC 3079 HLAK of PROTOCOL.md 5.
 */

#include <openssl/evp.h>

#include "ppp_test.h"

static const uint8_t magic[4] = { 0x11, 0x22, 0x33, 0x44 };
static const uint8_t auth_challenge[16] = {
	0x5b, 0x5d, 0x7c, 0x7d, 0x7b, 0x3f, 0x2f, 0x3e,
	0x3c, 0x2c, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
};
static const uint8_t peer_challenge[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5e, 0x26, 0x2a,
	0x28, 0x29, 0x5f, 0x2b, 0x3a, 0x33, 0x7c, 0x7e,
};

#define AUTH_CHALLENGE	"5B5D7C7D7B3F2F3E3C2C602132262628"
#define PEER_CHALLENGE	"21402324255E262A28295F2B3A337C7E"
#define NT_RESPONSE	"82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"
/* Response to challenge id 01 from "User". */
#define RFC_RESPONSE	"c223 02 01 003a 31 " PEER_CHALLENGE " 0000000000000000 " \
			NT_RESPONSE " 00 55736572"
#define RFC_SUCCESS	"S=407A5589115FD0D6209F510FE9C04566932CDA56"
#define RFC_HLAK	"D5F0E9521E3EA9589645E86051C82226" "8B7CDC149B993A1BA118CB153F56DCCB"

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
	struct t_end *e = *state;

	if (e) {
		t_free(e);
		free(e);
	}
	return 0;
}

static struct t_end *end(void **state, enum ppp_role role, enum ppp_auth method)
{
	struct t_end *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	t_init(e, role == PPP_ROLE_SERVER ? "server" : "client", role);
	e->cfg.auth[0] = method;
	t_script(e, magic, sizeof(magic));
	*state = e;
	return e;
}

/* Server: LCP open; returns our first authentication frame, if any. */
static const struct t_frame *server_lcp_open(struct t_end *e)
{
	t_start(e);
	t_ack(e, t_take(e));
	t_feed_hex(e, "c021 01 40 0004");
	t_expect_hex(e, "c021 02 40 0004");
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
	return e->read < e->n_out ? t_take(e) : NULL;
}

/* Client: LCP open with the server asking for auth_opt (hex). */
static void client_lcp_open(struct t_end *e, const char *auth_opt_req)
{
	t_start(e);
	t_ack(e, t_take(e));
	t_feed_hex(e, auth_opt_req);
	t_take(e);	/* our Ack */
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_AUTHENTICATE);
}

/* A CHAP or PAP frame: code, id, then msg as the data after the header. */
static void expect_msg(struct t_end *e, uint16_t proto, uint8_t code, uint8_t id,
		       const char *msg, bool pap)
{
	const struct t_frame *f = t_take(e);
	size_t mlen = strlen(msg), off = 6 + pap;

	t_expect_code(f, proto, code);
	assert_int_equal(f->data[3], id);
	assert_int_equal(f->len, off + mlen);
	if (pap)
		assert_int_equal(f->data[6], mlen);
	assert_memory_equal(f->data + off, msg, mlen);
}

static void expect_hlak(struct t_end *e, const char *hex)
{
	uint8_t want[32], got[32];

	unhex(hex, want, sizeof(want));
	assert_int_equal(ppp_hlak(e->ppp, got), 0);
	assert_memory_equal(got, want, sizeof(want));
}

static void test_mschapv2_rfc_vectors(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);
	const struct t_event *ok;
	uint8_t hlak[32];

	t_script(e, auth_challenge, sizeof(auth_challenge));
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 0);
	t_expect_code(server_lcp_open(e), PPP_CHAP, 1);
	e->read--;
	t_expect_hex(e, "c223 01 01 001a 10 " AUTH_CHALLENGE " 7373747064");
	assert_int_equal(ppp_hlak(e->ppp, hlak), -EAGAIN);

	assert_int_equal(t_feed_hex(e, RFC_RESPONSE), PPP_INPUT_CONTROL);
	expect_msg(e, PPP_CHAP, 3, 1, RFC_SUCCESS " M=Access granted", false);
	ok = t_last(e, PPP_EV_AUTH_OK);
	assert_int_equal(ok->info.method, PPP_AUTH_MSCHAPV2);
	assert_string_equal(ok->info.user, "User");
	assert_string_equal(ppp_peer_name(e->ppp), "User");
	assert_int_equal(ppp_auth_method(e->ppp), PPP_AUTH_MSCHAPV2);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
	expect_hlak(e, RFC_HLAK);
	/* No address yet: IPCP waits for the caller. */
	t_no_frame(e);
	assert_int_equal(ppp_next_timeout(e->ppp), -1);
	/* The client did not get our Success: the same again. */
	t_feed_hex(e, RFC_RESPONSE);
	expect_msg(e, PPP_CHAP, 3, 1, RFC_SUCCESS " M=Access granted", false);
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 1);
}

static void test_mschapv2_domain_user(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);

	/* The secret is found by the full name; the hash uses "User" only. */
	e->users[0] = "DOM\\User";
	t_script(e, auth_challenge, sizeof(auth_challenge));
	server_lcp_open(e);
	t_feed_hex(e, "c223 02 01 003e 31 " PEER_CHALLENGE " 0000000000000000 " NT_RESPONSE
		   " 00 444f4d5c55736572");
	expect_msg(e, PPP_CHAP, 3, 1, RFC_SUCCESS " M=Access granted", false);
	assert_string_equal(t_last(e, PPP_EV_AUTH_OK)->info.user, "DOM\\User");
}

static void check_failure(struct t_end *e, uint8_t id)
{
	const struct t_frame *f = t_take(e);
	char msg[128];

	t_expect_code(f, PPP_CHAP, 4);
	assert_int_equal(f->data[3], id);
	assert_true(f->len - 6 < sizeof(msg));
	memcpy(msg, f->data + 6, f->len - 6);
	msg[f->len - 6] = '\0';
	assert_int_equal(strncmp(msg, "E=691 R=0 C=", 12), 0);
	assert_int_equal(strspn(msg + 12, "0123456789ABCDEF"), 32);
	assert_string_equal(msg + 44, " V=3 M=Access denied");
}

static void test_mschapv2_wrong_password(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);
	uint8_t hlak[32];

	e->passwords[0] = "not the password";
	t_script(e, auth_challenge, sizeof(auth_challenge));
	server_lcp_open(e);
	t_feed_hex(e, RFC_RESPONSE);
	check_failure(e, 1);
	assert_int_equal(t_last(e, PPP_EV_AUTH_FAILED)->info.method, PPP_AUTH_MSCHAPV2);
	assert_string_equal(t_last(e, PPP_EV_AUTH_FAILED)->info.user, "User");
	/* One failure is the default limit: the link goes. */
	t_expect_code(t_take(e), PPP_LCP, 5);
	assert_int_equal(ppp_hlak(e->ppp, hlak), -EAGAIN);
	t_feed_hex(e, "c021 06 02 0004");
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_FAILED);
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 0);
}

static void test_mschapv2_failure_limit(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);
	const struct t_frame *f;
	uint8_t chal[16], c[16];

	e->cfg.max_auth_failures = 2;
	e->users[0] = "Someone else";
	t_script(e, auth_challenge, sizeof(auth_challenge));
	server_lcp_open(e);
	t_feed_hex(e, RFC_RESPONSE);
	check_failure(e, 1);
	/* Below the limit: a fresh Challenge, the one announced in C=. */
	e->read--;
	f = t_take(e);
	{
		char hex[33];

		memcpy(hex, f->data + 6 + 12, 32);
		hex[32] = '\0';
		unhex(hex, c, sizeof(c));
	}
	f = t_take(e);
	t_expect_code(f, PPP_CHAP, 1);
	assert_int_equal(f->data[3], 2);
	memcpy(chal, f->data + 7, 16);
	assert_memory_equal(chal, c, 16);
	/* A late answer to the old challenge is stale. */
	t_feed_hex(e, RFC_RESPONSE);
	t_no_frame(e);
	t_feed_hex(e, "c223 02 02 003a 31 " PEER_CHALLENGE " 0000000000000000 " NT_RESPONSE
		   " 00 55736572");
	check_failure(e, 2);
	t_expect_code(t_take(e), PPP_LCP, 5);
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 2);
}

static void test_chap_malformed_responses(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);

	t_script(e, auth_challenge, sizeof(auth_challenge));
	server_lcp_open(e);
	/* Wrong value size, truncated value, length beyond the frame, no data. */
	t_feed_hex(e, "c223 02 01 0039 30 " PEER_CHALLENGE " 0000000000000000 " NT_RESPONSE
		   " 55736572");
	t_feed_hex(e, "c223 02 01 0014 31 " PEER_CHALLENGE);
	t_feed_hex(e, "c223 02 01 0040 31 " PEER_CHALLENGE);
	t_feed_hex(e, "c223 02 01 0004");
	t_feed_hex(e, "c223 02 01");
	t_feed_hex(e, "c223 09 01 0004");
	t_no_frame(e);
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 0);
	/* A NUL in the name is a failure, never a lookup of a shorter name. */
	t_feed_hex(e, "c223 02 01 003b 31 " PEER_CHALLENGE " 0000000000000000 " NT_RESPONSE
		   " 00 5573657200");
	check_failure(e, 1);
	assert_string_equal(t_last(e, PPP_EV_AUTH_FAILED)->info.user, "User?");
}

static void test_challenge_retransmit(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);

	t_script(e, auth_challenge, sizeof(auth_challenge));
	server_lcp_open(e);
	for (int i = 1; i < 10; i++) {
		t_at(e, 3000 * i);
		t_expect_hex(e, "c223 01 01 001a 10 " AUTH_CHALLENGE " 7373747064");
	}
	/* Late but valid: accepted. */
	t_feed_hex(e, RFC_RESPONSE);
	expect_msg(e, PPP_CHAP, 3, 1, RFC_SUCCESS " M=Access granted", false);
}

static void test_challenge_timeout(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_MSCHAPV2);

	server_lcp_open(e);
	for (int i = 1; i < 10; i++) {
		t_at(e, 3000 * i);
		t_expect_code(t_take(e), PPP_CHAP, 1);
	}
	t_at(e, 30000);
	t_expect_code(t_take(e), PPP_LCP, 5);
	ppp_lower_down(e->ppp, e->now);
	assert_int_equal(t_last(e, PPP_EV_DOWN)->info.reason, PPP_DOWN_AUTH_TIMEOUT);
}

static void md5_response(uint8_t id, const char *secret, const uint8_t *chal, uint8_t out[16])
{
	unsigned int len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_true(EVP_DigestInit_ex(ctx, EVP_md5(), NULL));
	assert_true(EVP_DigestUpdate(ctx, &id, 1));
	assert_true(EVP_DigestUpdate(ctx, secret, strlen(secret)));
	assert_true(EVP_DigestUpdate(ctx, chal, 16));
	assert_true(EVP_DigestFinal_ex(ctx, out, &len));
	EVP_MD_CTX_free(ctx);
}

static void chap_md5(void **state, const char *password, bool ok)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_CHAP_MD5);
	const struct t_frame *f;
	uint8_t resp[6 + 1 + 16 + 4] = { 0xc2, 0x23, 2, 0, 0, sizeof(resp) - 2, 16 };
	uint8_t hlak[32], zero[32] = { 0 };

	t_script(e, auth_challenge, sizeof(auth_challenge));
	f = server_lcp_open(e);
	t_expect_code(f, PPP_CHAP, 1);
	assert_int_equal(f->data[6], 16);
	assert_memory_equal(f->data + 7, auth_challenge, 16);
	resp[3] = f->data[3];
	md5_response(f->data[3], password, f->data + 7, resp + 7);
	memcpy(resp + 23, "User", 4);
	t_feed(e, resp, sizeof(resp));
	if (ok) {
		expect_msg(e, PPP_CHAP, 3, 1, "Access granted", false);
		assert_int_equal(t_last(e, PPP_EV_AUTH_OK)->info.method, PPP_AUTH_CHAP_MD5);
		assert_int_equal(ppp_hlak(e->ppp, hlak), 0);
		assert_memory_equal(hlak, zero, 32);
	} else {
		expect_msg(e, PPP_CHAP, 4, 1, "Access denied", false);
		t_expect_code(t_take(e), PPP_LCP, 5);
		assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 1);
	}
}

static void test_chap_md5_success(void **state)
{
	chap_md5(state, "clientPass", true);
}

static void test_chap_md5_failure(void **state)
{
	chap_md5(state, "clientpass", false);
}

#define PAP_REQ(id, pw_hex) "c023 01 " id " 0014 04 55736572 0a " pw_hex

static void test_pap_success(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_PAP);
	uint8_t hlak[32], zero[32] = { 0 };

	assert_null(server_lcp_open(e));
	t_feed_hex(e, PAP_REQ("07", "636c69656e7450617373"));
	expect_msg(e, PPP_PAP, 2, 7, "Login ok", true);
	assert_int_equal(t_last(e, PPP_EV_AUTH_OK)->info.method, PPP_AUTH_PAP);
	assert_int_equal(ppp_hlak(e->ppp, hlak), 0);
	assert_memory_equal(hlak, zero, 32);
	/* A retransmitted request: the Ack again. */
	t_feed_hex(e, PAP_REQ("07", "636c69656e7450617373"));
	expect_msg(e, PPP_PAP, 2, 7, "Login ok", true);
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 1);
}

static void test_pap_failure(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_PAP);

	e->cfg.max_auth_failures = 2;
	server_lcp_open(e);
	/* Same length, one byte off; then a prefix of the password. */
	t_feed_hex(e, PAP_REQ("07", "636c69656e7450617374"));
	expect_msg(e, PPP_PAP, 3, 7, "Login incorrect", true);
	t_no_frame(e);
	t_feed_hex(e, "c023 01 08 0010 04 55736572 06 636c69656e74");
	expect_msg(e, PPP_PAP, 3, 8, "Login incorrect", true);
	t_expect_code(t_take(e), PPP_LCP, 5);
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 2);
	/* Malformed requests never reach the lookup. */
	t_feed_hex(e, "c023 01 09 000a 09 55736572 0a");
	t_no_frame(e);
}

/* A name with a newline would forge log lines: it fails, printed harmless. */
static void test_pap_control_characters(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_PAP);

	e->users[1] = "User\n";
	e->passwords[1] = "clientPass";
	server_lcp_open(e);
	t_feed_hex(e, "c023 01 07 0015 05 557365720a 0a 636c69656e7450617373");
	expect_msg(e, PPP_PAP, 3, 7, "Login incorrect", true);
	assert_string_equal(t_last(e, PPP_EV_AUTH_FAILED)->info.user, "User?");
}

static void test_pap_timeout(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_SERVER, PPP_AUTH_PAP);

	server_lcp_open(e);
	assert_int_equal(ppp_next_timeout(e->ppp), 30000);
	t_at(e, 30000);
	t_expect_code(t_take(e), PPP_LCP, 5);
}

/* The client side with the RFC's numbers: our response is the RFC's. */
static void test_client_mschapv2(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_MSCHAPV2);

	t_script(e, peer_challenge, sizeof(peer_challenge));
	client_lcp_open(e, "c021 01 50 000f 0305c22381 05060a0b0c0d");
	t_no_frame(e);
	t_feed_hex(e, "c223 01 01 0019 10 " AUTH_CHALLENGE " 52524153");
	t_expect_hex(e, RFC_RESPONSE);
	/* The challenge again (our response was lost): the same response. */
	t_feed_hex(e, "c223 01 01 0019 10 " AUTH_CHALLENGE " 52524153");
	t_expect_hex(e, RFC_RESPONSE);
	t_feed_msg(e, PPP_CHAP, 3, 1, RFC_SUCCESS " M=Welcome");
	assert_int_equal(t_last(e, PPP_EV_AUTH_OK)->info.method, PPP_AUTH_MSCHAPV2);
	assert_string_equal(t_last(e, PPP_EV_AUTH_OK)->info.user, "User");
	expect_hlak(e, RFC_HLAK);
	/* A client starts IPCP at once, asking for an address and DNS. */
	t_expect_code(t_take(e), PPP_IPCP, 1);
}

static void test_client_bad_authenticator(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_MSCHAPV2);

	t_script(e, peer_challenge, sizeof(peer_challenge));
	client_lcp_open(e, "c021 01 50 000f 0305c22381 05060a0b0c0d");
	t_feed_hex(e, "c223 01 01 0019 10 " AUTH_CHALLENGE " 52524153");
	t_take(e);
	/* The server does not know our password: no mutual authentication. */
	t_feed_msg(e, PPP_CHAP, 3, 1, "S=407A5589115FD0D6209F510FE9C04566932CDA57");
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 0);
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 1);
	t_expect_code(t_take(e), PPP_LCP, 5);
}

static void test_client_failure(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_MSCHAPV2);

	client_lcp_open(e, "c021 01 50 000f 0305c22381 05060a0b0c0d");
	t_feed_hex(e, "c223 01 01 0019 10 " AUTH_CHALLENGE " 52524153");
	t_take(e);
	t_feed_msg(e, PPP_CHAP, 4, 2, "E=691");	/* wrong id: ignored */
	t_no_frame(e);
	t_feed_msg(e, PPP_CHAP, 4, 1, "E=691 R=0 C=00000000000000000000000000000000 V=3");
	assert_int_equal(t_count(e, PPP_EV_AUTH_FAILED), 1);
	t_expect_code(t_take(e), PPP_LCP, 5);
}

static void test_client_nak_auth(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_PAP);

	t_start(e);
	t_expect_hex(e, "c021 01 00 000a 050611223344");
	/* We only do PAP: Nak MS-CHAPv2 and EAP with it, Ack it. */
	t_feed_hex(e, "c021 01 50 000f 0305c22381 05060a0b0c0d");
	t_expect_hex(e, "c021 03 50 0008 0304c023");
	t_feed_hex(e, "c021 01 51 000e 0304c227 05060a0b0c0d");
	t_expect_hex(e, "c021 03 51 0008 0304c023");
	t_feed_hex(e, "c021 01 52 000e 0304c023 05060a0b0c0d");
	t_expect_hex(e, "c021 02 52 000e 0304c023 05060a0b0c0d");
}

static void test_client_pap(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_PAP);

	client_lcp_open(e, "c021 01 50 000e 0304c023 05060a0b0c0d");
	t_expect_hex(e, PAP_REQ("01", "636c69656e7450617373"));
	t_at(e, 3000);
	t_expect_hex(e, PAP_REQ("01", "636c69656e7450617373"));
	t_feed_hex(e, "c023 02 00 0005 00");	/* another id */
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 0);
	t_feed_hex(e, "c023 02 01 0005 00");
	assert_int_equal(t_count(e, PPP_EV_AUTH_OK), 1);
	assert_int_equal(ppp_phase(e->ppp), PPP_PHASE_NETWORK);
}

static void test_client_without_credentials(void **state)
{
	struct t_end *e = end(state, PPP_ROLE_CLIENT, PPP_AUTH_NONE);

	/* Nothing to authenticate with: reject the option. */
	t_start(e);
	t_take(e);
	t_feed_hex(e, "c021 01 50 000e 0304c023 05060a0b0c0d");
	t_expect_hex(e, "c021 04 50 0008 0304c023");
	/* And a client configuration with methods but no password is refused. */
	e->cfg.auth[0] = PPP_AUTH_PAP;
	e->cfg.password = NULL;
	assert_null(ppp_new(&e->cfg, &t_ops, e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_mschapv2_rfc_vectors, teardown),
		cmocka_unit_test_teardown(test_mschapv2_domain_user, teardown),
		cmocka_unit_test_teardown(test_mschapv2_wrong_password, teardown),
		cmocka_unit_test_teardown(test_mschapv2_failure_limit, teardown),
		cmocka_unit_test_teardown(test_chap_malformed_responses, teardown),
		cmocka_unit_test_teardown(test_challenge_retransmit, teardown),
		cmocka_unit_test_teardown(test_challenge_timeout, teardown),
		cmocka_unit_test_teardown(test_chap_md5_success, teardown),
		cmocka_unit_test_teardown(test_chap_md5_failure, teardown),
		cmocka_unit_test_teardown(test_pap_success, teardown),
		cmocka_unit_test_teardown(test_pap_failure, teardown),
		cmocka_unit_test_teardown(test_pap_control_characters, teardown),
		cmocka_unit_test_teardown(test_pap_timeout, teardown),
		cmocka_unit_test_teardown(test_client_mschapv2, teardown),
		cmocka_unit_test_teardown(test_client_bad_authenticator, teardown),
		cmocka_unit_test_teardown(test_client_failure, teardown),
		cmocka_unit_test_teardown(test_client_nak_auth, teardown),
		cmocka_unit_test_teardown(test_client_pap, teardown),
		cmocka_unit_test_teardown(test_client_without_credentials, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
