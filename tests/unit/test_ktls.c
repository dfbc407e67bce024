// SPDX-License-Identifier: GPL-2.0
/*
 * The TLS 1.3 key schedule step kTLS receive needs: HKDF-Expand-Label of
 * the traffic keys against RFC 8448 section 3 (TLS_AES_128_GCM_SHA256), and
 * how the key, IV and record sequence number land in the kernel's
 * structures.  The SHA-384 and 32-byte-key values were computed separately
 * with Python's hmac module.
 */

#include <errno.h>

#include "testutil.h"

#include <openssl/evp.h>

#include "kernel/ktls.h"

/* RFC 8448 3: "{server} derive write traffic keys for application data". */
static const char server_ap_secret[] =
	"a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32"
	"82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";
static const char server_ap_key[] = "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56";
static const char server_ap_iv[] = "cf 78 2b 88 dd 83 54 9a ad f1 e9 84";

/* RFC 8448 3: "{client} derive write traffic keys for application data". */
static const char client_ap_secret[] =
	"9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52"
	"87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";
static const char client_ap_key[] = "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51";
static const char client_ap_iv[] = "5b 78 92 3d ee 08 57 90 33 e5 23 d9";

static void expect_label(const EVP_MD *md, const char *secret_hex, const char *label,
			 const char *want_hex)
{
	uint8_t secret[64], want[64], got[64];
	size_t secret_len = unhex(secret_hex, secret, sizeof(secret));
	size_t want_len = unhex(want_hex, want, sizeof(want));

	assert_int_equal(ktls_hkdf_expand_label(md, secret, secret_len, label, got, want_len), 0);
	assert_memory_equal(got, want, want_len);
}

static void test_rfc8448_server_application_keys(void **state)
{
	(void)state;
	expect_label(EVP_sha256(), server_ap_secret, "key", server_ap_key);
	expect_label(EVP_sha256(), server_ap_secret, "iv", server_ap_iv);
}

static void test_rfc8448_client_application_keys(void **state)
{
	(void)state;
	expect_label(EVP_sha256(), client_ap_secret, "key", client_ap_key);
	expect_label(EVP_sha256(), client_ap_secret, "iv", client_ap_iv);
}

static void test_sha384_and_long_keys(void **state)
{
	static const char secret48[] =
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f";
	static const char secret32[] =
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

	(void)state;
	expect_label(EVP_sha384(), secret48, "key",
		     "6877d022f1c61d24ebb7487c16752d9a4798e40431c75b39320e537c90e23225");
	expect_label(EVP_sha384(), secret48, "iv", "42822531a0fe88648fc09e9f");
	expect_label(EVP_sha256(), secret32, "key",
		     "2ffbc449e87844051c7768f61ffd8ad070830f01ec2c520ef65f08e8296dffa0");
	expect_label(EVP_sha256(), secret32, "iv", "2f41c846a431a163814bcd71");
}

static void test_bad_arguments(void **state)
{
	uint8_t secret[32] = { 0 }, out[16];
	char label[260];

	(void)state;
	memset(label, 'x', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	assert_int_equal(ktls_hkdf_expand_label(EVP_sha256(), secret, sizeof(secret), label,
						out, sizeof(out)), -EINVAL);
	assert_int_equal(ktls_hkdf_expand_label(NULL, secret, sizeof(secret), "key", out,
						sizeof(out)), -EINVAL);
	assert_int_equal(ktls_hkdf_expand_label(EVP_sha256(), secret, sizeof(secret), "key",
						out, 0), -EINVAL);
}

/* AES-128-GCM: salt = IV[0..4], iv = IV[4..12], sequence big-endian. */
static void test_crypto_info_aes128(void **state)
{
	static const uint8_t seq[8] = { 0, 0, 0, 0, 0, 0, 0x01, 0x02 };
	uint8_t secret[32], key[16], iv[12];
	union ktls_crypto_info ci;
	size_t len = 0;

	(void)state;
	unhex(client_ap_secret, secret, sizeof(secret));
	unhex(client_ap_key, key, sizeof(key));
	unhex(client_ap_iv, iv, sizeof(iv));
	assert_int_equal(ktls_crypto_info_tls13(KTLS_TLS13_AES_128_GCM_SHA256, secret,
						sizeof(secret), 0x102, &ci, &len), 0);
	assert_int_equal(len, sizeof(struct tls12_crypto_info_aes_gcm_128));
	assert_int_equal(ci.info.version, TLS_1_3_VERSION);
	assert_int_equal(ci.info.cipher_type, TLS_CIPHER_AES_GCM_128);
	assert_memory_equal(ci.gcm128.key, key, 16);
	assert_memory_equal(ci.gcm128.salt, iv, 4);
	assert_memory_equal(ci.gcm128.iv, iv + 4, 8);
	assert_memory_equal(ci.gcm128.rec_seq, seq, 8);
}

static void test_crypto_info_aes256_and_chacha(void **state)
{
	static const uint8_t seq0[8] = { 0 };
	static const uint8_t seq_max[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };
	uint8_t secret[48], key[32], iv[12];
	union ktls_crypto_info ci;
	size_t len = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)i;

	unhex("6877d022f1c61d24ebb7487c16752d9a4798e40431c75b39320e537c90e23225", key, 32);
	unhex("42822531a0fe88648fc09e9f", iv, 12);
	assert_int_equal(ktls_crypto_info_tls13(KTLS_TLS13_AES_256_GCM_SHA384, secret, 48, 0,
						&ci, &len), 0);
	assert_int_equal(len, sizeof(struct tls12_crypto_info_aes_gcm_256));
	assert_int_equal(ci.info.cipher_type, TLS_CIPHER_AES_GCM_256);
	assert_memory_equal(ci.gcm256.key, key, 32);
	assert_memory_equal(ci.gcm256.salt, iv, 4);
	assert_memory_equal(ci.gcm256.iv, iv + 4, 8);
	assert_memory_equal(ci.gcm256.rec_seq, seq0, 8);

	unhex("2ffbc449e87844051c7768f61ffd8ad070830f01ec2c520ef65f08e8296dffa0", key, 32);
	unhex("2f41c846a431a163814bcd71", iv, 12);
	assert_int_equal(ktls_crypto_info_tls13(KTLS_TLS13_CHACHA20_POLY1305_SHA256, secret, 32,
						UINT64_MAX - 1, &ci, &len), 0);
	assert_int_equal(len, sizeof(struct tls12_crypto_info_chacha20_poly1305));
	assert_int_equal(ci.info.cipher_type, TLS_CIPHER_CHACHA20_POLY1305);
	assert_memory_equal(ci.chacha.key, key, 32);
	assert_memory_equal(ci.chacha.iv, iv, 12);
	assert_memory_equal(ci.chacha.rec_seq, seq_max, 8);
}

static void test_crypto_info_refuses(void **state)
{
	uint8_t secret[48] = { 0 };
	union ktls_crypto_info ci;
	size_t len = 0;

	(void)state;
	/* TLS_AES_128_CCM_SHA256: OpenSSL 3.0 keeps it out of kTLS. */
	assert_int_equal(ktls_crypto_info_tls13(0x1304, secret, 32, 0, &ci, &len), -EOPNOTSUPP);
	/* A SHA-256 suite with a SHA-384-sized secret. */
	assert_int_equal(ktls_crypto_info_tls13(KTLS_TLS13_AES_128_GCM_SHA256, secret, 48, 0,
						&ci, &len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8448_server_application_keys),
		cmocka_unit_test(test_rfc8448_client_application_keys),
		cmocka_unit_test(test_sha384_and_long_keys),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_crypto_info_aes128),
		cmocka_unit_test(test_crypto_info_aes256_and_chacha),
		cmocka_unit_test(test_crypto_info_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
