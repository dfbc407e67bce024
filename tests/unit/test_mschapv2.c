// SPDX-License-Identifier: GPL-2.0
/* MS-CHAPv2 and MPPE key derivation against RFC 2759 9.2 and RFC 3079 3.5.3. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/mschapv2.h"

static const char user[] = "User";
static const char password[] = "clientPass";
static const uint8_t auth_challenge[16] = {
	0x5b, 0x5d, 0x7c, 0x7d, 0x7b, 0x3f, 0x2f, 0x3e,
	0x3c, 0x2c, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
};
static const uint8_t peer_challenge[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5e, 0x26, 0x2a,
	0x28, 0x29, 0x5f, 0x2b, 0x3a, 0x33, 0x7c, 0x7e,
};
static const uint8_t nt_response[24] = {
	0x82, 0x30, 0x9e, 0xcd, 0x8d, 0x70, 0x8b, 0x5e,
	0xa0, 0x8f, 0xaa, 0x39, 0x81, 0xcd, 0x83, 0x54,
	0x42, 0x33, 0x11, 0x4a, 0x3d, 0x85, 0xd6, 0xdf,
};

static int setup(void **state)
{
	(void)state;
	return mschapv2_crypto_init();
}

static int teardown(void **state)
{
	(void)state;
	mschapv2_crypto_free();
	return 0;
}

static void test_password_hash(void **state)
{
	static const uint8_t expected[16] = {
		0x44, 0xeb, 0xba, 0x8d, 0x53, 0x12, 0xb8, 0xd6,
		0x11, 0x47, 0x44, 0x11, 0xf5, 0x69, 0x89, 0xae,
	};
	uint8_t hash[16];

	(void)state;
	assert_int_equal(mschapv2_nt_password_hash(password, hash), 0);
	assert_memory_equal(hash, expected, sizeof(expected));
}

static void test_nt_response(void **state)
{
	uint8_t response[24];

	(void)state;
	assert_int_equal(mschapv2_nt_response(auth_challenge, peer_challenge, user,
					      password, response), 0);
	assert_memory_equal(response, nt_response, sizeof(nt_response));
}

static void test_domain_is_not_hashed(void **state)
{
	uint8_t response[24];

	(void)state;
	assert_int_equal(mschapv2_nt_response(auth_challenge, peer_challenge,
					      "EXAMPLE\\User", password, response), 0);
	assert_memory_equal(response, nt_response, sizeof(nt_response));
}

static void test_verify(void **state)
{
	uint8_t wrong[24];

	(void)state;
	assert_true(mschapv2_verify(auth_challenge, peer_challenge, user, password,
				    nt_response));
	assert_false(mschapv2_verify(auth_challenge, peer_challenge, user, "clientpass",
				     nt_response));
	memcpy(wrong, nt_response, sizeof(wrong));
	wrong[23] ^= 1;
	assert_false(mschapv2_verify(auth_challenge, peer_challenge, user, password, wrong));
}

static void test_authenticator_response(void **state)
{
	char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1];

	(void)state;
	assert_int_equal(mschapv2_authenticator_response(password, nt_response,
							 peer_challenge, auth_challenge,
							 user, out), 0);
	assert_string_equal(out, "S=407A5589115FD0D6209F510FE9C04566932CDA56");
}

static void test_master_and_start_keys(void **state)
{
	static const uint8_t master[16] = {
		0xfd, 0xec, 0xe3, 0x71, 0x7a, 0x8c, 0x83, 0x8c,
		0xb3, 0x88, 0xe5, 0x27, 0xae, 0x3c, 0xdd, 0x31,
	};
	/* RFC 3079 3.5.3 SendStartKey128: K(Magic3), the server's send key. */
	static const uint8_t send_start_key[16] = {
		0x8b, 0x7c, 0xdc, 0x14, 0x9b, 0x99, 0x3a, 0x1b,
		0xa1, 0x18, 0xcb, 0x15, 0x3f, 0x56, 0xdc, 0xcb,
	};
	uint8_t key[16], other[16];

	(void)state;
	assert_int_equal(mschapv2_master_key(password, nt_response, key), 0);
	assert_memory_equal(key, master, sizeof(master));

	assert_int_equal(mschapv2_start_key(master, true, true, key), 0);
	assert_memory_equal(key, send_start_key, sizeof(key));
	/* The two ends agree: one side's send key is the other's receive key. */
	assert_int_equal(mschapv2_start_key(master, false, false, other), 0);
	assert_memory_equal(other, send_start_key, sizeof(other));
	assert_int_equal(mschapv2_start_key(master, true, false, key), 0);
	assert_int_equal(mschapv2_start_key(master, false, true, other), 0);
	assert_memory_equal(key, other, sizeof(key));
	assert_memory_not_equal(key, send_start_key, sizeof(key));
}

static void test_hlak(void **state)
{
	/* K(Magic2) | K(Magic3), computed independently (PROTOCOL.md 5). */
	static const uint8_t expected[32] = {
		0xd5, 0xf0, 0xe9, 0x52, 0x1e, 0x3e, 0xa9, 0x58,
		0x96, 0x45, 0xe8, 0x60, 0x51, 0xc8, 0x22, 0x26,
		0x8b, 0x7c, 0xdc, 0x14, 0x9b, 0x99, 0x3a, 0x1b,
		0xa1, 0x18, 0xcb, 0x15, 0x3f, 0x56, 0xdc, 0xcb,
	};
	uint8_t hlak[32];

	(void)state;
	assert_int_equal(mschapv2_hlak(password, nt_response, hlak), 0);
	assert_memory_equal(hlak, expected, sizeof(expected));
}

static void test_unicode_password(void **state)
{
	uint8_t a[16], b[16];

	(void)state;
	/* U+00E9 and a character outside the BMP (a surrogate pair). */
	assert_int_equal(mschapv2_nt_password_hash("caf\xc3\xa9\xf0\x9f\x94\x91", a), 0);
	assert_int_equal(mschapv2_nt_password_hash("cafe", b), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	/* Overlong, truncated and surrogate encodings are refused. */
	assert_int_equal(mschapv2_nt_password_hash("\xc0\xaf", a), -EINVAL);
	assert_int_equal(mschapv2_nt_password_hash("abc\xe2\x82", a), -EINVAL);
	assert_int_equal(mschapv2_nt_password_hash("\xed\xa0\x80", a), -EINVAL);
	assert_int_equal(mschapv2_nt_password_hash("\xff", a), -EINVAL);
}

static void test_password_length_limit(void **state)
{
	char longest[257], too_long[258];
	uint8_t hash[16];

	(void)state;
	memset(longest, 'x', 256);
	longest[256] = '\0';
	memset(too_long, 'x', 257);
	too_long[257] = '\0';
	assert_int_equal(mschapv2_nt_password_hash(longest, hash), 0);
	assert_int_equal(mschapv2_nt_password_hash(too_long, hash), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash),
		cmocka_unit_test(test_nt_response),
		cmocka_unit_test(test_domain_is_not_hashed),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_authenticator_response),
		cmocka_unit_test(test_master_and_start_keys),
		cmocka_unit_test(test_hlak),
		cmocka_unit_test(test_unicode_password),
		cmocka_unit_test(test_password_length_limit),
	};

	return cmocka_run_group_tests_name("mschapv2", tests, setup, teardown);
}
