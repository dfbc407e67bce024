// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto binding against the [MS-SSTP] 4.6 vectors, and the MS-CHAPv2 HLAK
 * chain of RFC 3079 against a CMK computed independently (PROTOCOL.md 5).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/mschapv2.h"
#include "proto/binding.h"

static void hex_to_bytes(const char *hex, uint8_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned int byte;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
		out[i] = (uint8_t)byte;
	}
	assert_int_equal(strlen(hex), 2 * len);
}

struct vector {
	uint8_t hash_type;
	const char *hlak, *nonce, *cert, *cmk, *mac;
};

static const struct vector sha256_vector = {
	SSTP_HASH_SHA256,
	"2A1BB40D55AB0F5EF32F06F2B3CC73C48FD3FAC41D7A1315A19228D9024CA164",
	"412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435",
	"7993EF314C493DACE9F02D60E7E61C84B6690AAFE9D7AEEA92CBBE8AD599422D",
	"ECF59AC9FE155CF0A9E7D66ADC1B363C1AD7BA91A9217F0CEC2A534298828DF6",
	"52A68EFD8CFFBF52770B8F0FE8EC73716583AF6D611EB6D179B3B20840985449",
};

static const struct vector sha1_vector = {
	SSTP_HASH_SHA1,
	"4B3128F43925D9006EEFB1C4E86515A1D88E56BAB3CA2BDF0373B7F5A8A13B19",
	"0F1A2D58D4A3E3000FAD3CE4906E07B707AA9E441CCEAC5CBD7B2CC1C9D86CDF",
	"5826B629BDA59B8E6FD8DCD2622FD34C534805A5",
	"A98B862A38CC7E224B42CD128586ACB22F0BD1E9",
	"69915DD583D8062FEF16F61DB2F03290EC27CB6C",
};

/* A Call Connected as a client builds it, MAC field zero (PROTOCOL.md 3). */
static void build_connected(const struct vector *v, uint8_t pkt[SSTP_CONNECTED_LEN])
{
	static const uint8_t head[15] = {
		0x10, 0x01, 0x00, 0x70, 0x00, 0x04, 0x00, 0x01,
		0x00, 0x03, 0x00, 0x68, 0x00, 0x00, 0x00,
	};
	size_t len = sstp_binding_hash_len(v->hash_type);

	memset(pkt, 0, SSTP_CONNECTED_LEN);
	memcpy(pkt, head, sizeof(head));
	pkt[SSTP_CONNECTED_HASH_OFFSET] = v->hash_type;
	hex_to_bytes(v->nonce, pkt + SSTP_CONNECTED_NONCE_OFFSET, SSTP_NONCE_LEN);
	hex_to_bytes(v->cert, pkt + SSTP_CONNECTED_CERT_HASH_OFFSET, len);
}

static void check_vector(const struct vector *v)
{
	size_t len = sstp_binding_hash_len(v->hash_type);
	uint8_t hlak[32], cmk[32], expected[32], pkt[SSTP_CONNECTED_LEN], mac[32];

	hex_to_bytes(v->hlak, hlak, sizeof(hlak));
	assert_int_equal(sstp_binding_cmk(v->hash_type, hlak, cmk), 0);
	hex_to_bytes(v->cmk, expected, len);
	assert_memory_equal(cmk, expected, len);

	build_connected(v, pkt);
	assert_int_equal(sstp_binding_mac(v->hash_type, hlak, pkt, mac), 0);
	memset(expected, 0, sizeof(expected));
	hex_to_bytes(v->mac, expected, len);
	assert_memory_equal(mac, expected, sizeof(expected));

	/* Whatever sits in the MAC field is not part of what is signed. */
	memset(pkt + SSTP_CONNECTED_MAC_OFFSET, 0xaa, SSTP_COMPOUND_MAC_LEN);
	assert_int_equal(sstp_binding_mac(v->hash_type, hlak, pkt, mac), 0);
	assert_memory_equal(mac, expected, sizeof(expected));
}

static void test_spec_vector_sha256(void **state)
{
	(void)state;
	check_vector(&sha256_vector);
}

static void test_spec_vector_sha1(void **state)
{
	(void)state;
	check_vector(&sha1_vector);
}

static void expect_from_vector(const struct vector *v, struct sstp_binding_expect *e)
{
	memset(e, 0, sizeof(*e));
	e->hash_bitmask = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
	hex_to_bytes(v->nonce, e->nonce, sizeof(e->nonce));
	hex_to_bytes(v->hlak, e->hlak, sizeof(e->hlak));
	if (v->hash_type == SSTP_HASH_SHA1)
		hex_to_bytes(v->cert, e->cert_sha1, sizeof(e->cert_sha1));
	else
		hex_to_bytes(v->cert, e->cert_sha256, sizeof(e->cert_sha256));
}

static void signed_connected(const struct vector *v, uint8_t pkt[SSTP_CONNECTED_LEN])
{
	uint8_t hlak[32];

	build_connected(v, pkt);
	hex_to_bytes(v->hlak, hlak, sizeof(hlak));
	assert_int_equal(sstp_binding_mac(v->hash_type, hlak, pkt,
					  pkt + SSTP_CONNECTED_MAC_OFFSET), 0);
}

static void test_verify_accepts_and_rejects(void **state)
{
	const struct vector *vectors[] = { &sha256_vector, &sha1_vector };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct sstp_binding_expect e;
		uint8_t pkt[SSTP_CONNECTED_LEN], bad[SSTP_CONNECTED_LEN];

		expect_from_vector(vectors[i], &e);
		signed_connected(vectors[i], pkt);
		assert_int_equal(sstp_binding_verify(&e, pkt), SSTP_BINDING_OK);

		memcpy(bad, pkt, sizeof(bad));
		bad[SSTP_CONNECTED_MAC_OFFSET + 3] ^= 0x01;
		assert_int_equal(sstp_binding_verify(&e, bad), SSTP_BINDING_BAD_MAC);

		memcpy(bad, pkt, sizeof(bad));
		bad[SSTP_CONNECTED_NONCE_OFFSET] ^= 0x80;
		assert_int_equal(sstp_binding_verify(&e, bad), SSTP_BINDING_BAD_NONCE);

		memcpy(bad, pkt, sizeof(bad));
		bad[SSTP_CONNECTED_CERT_HASH_OFFSET + 5] ^= 0x10;
		assert_int_equal(sstp_binding_verify(&e, bad), SSTP_BINDING_BAD_CERT_HASH);

		/* Both bits at once is not a choice; nor is a hash not offered. */
		memcpy(bad, pkt, sizeof(bad));
		bad[SSTP_CONNECTED_HASH_OFFSET] = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
		assert_int_equal(sstp_binding_verify(&e, bad), SSTP_BINDING_BAD_HASH_TYPE);
		e.hash_bitmask = vectors[i]->hash_type == SSTP_HASH_SHA1 ? SSTP_HASH_SHA256
									 : SSTP_HASH_SHA1;
		assert_int_equal(sstp_binding_verify(&e, pkt), SSTP_BINDING_BAD_HASH_TYPE);

		/* A MAC made with another HLAK (say, zeros for PAP) fails. */
		expect_from_vector(vectors[i], &e);
		memset(e.hlak, 0, sizeof(e.hlak));
		assert_int_equal(sstp_binding_verify(&e, pkt), SSTP_BINDING_BAD_MAC);
	}
}

static void test_mschapv2_hlak_chain(void **state)
{
	static const uint8_t nt_response[24] = {
		0x82, 0x30, 0x9e, 0xcd, 0x8d, 0x70, 0x8b, 0x5e,
		0xa0, 0x8f, 0xaa, 0x39, 0x81, 0xcd, 0x83, 0x54,
		0x42, 0x33, 0x11, 0x4a, 0x3d, 0x85, 0xd6, 0xdf,
	};
	uint8_t hlak[32], cmk[32], expected[32];

	(void)state;
	assert_int_equal(mschapv2_crypto_init(), 0);
	assert_int_equal(mschapv2_hlak("clientPass", nt_response, hlak), 0);
	assert_int_equal(sstp_binding_cmk(SSTP_HASH_SHA256, hlak, cmk), 0);
	hex_to_bytes("150707E682B16F4CA9430560C562894AFD10050DB4182D35C3E9E06284445271",
		     expected, sizeof(expected));
	assert_memory_equal(cmk, expected, sizeof(expected));
	mschapv2_crypto_free();
}

static void test_unknown_hash_type(void **state)
{
	uint8_t hlak[32] = { 0 }, cmk[32], pkt[SSTP_CONNECTED_LEN] = { 0 }, mac[32];

	(void)state;
	assert_int_equal(sstp_binding_hash_len(0x04), 0);
	assert_int_equal(sstp_binding_cmk(0x03, hlak, cmk), -EINVAL);
	assert_int_equal(sstp_binding_mac(0x00, hlak, pkt, mac), -EINVAL);
}

static void test_cert_hashes(void **state)
{
	/* SHA-1 and SHA-256 of "abc" (FIPS 180-2 examples). */
	static const uint8_t abc_sha1[20] = {
		0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
		0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
	};
	static const uint8_t abc_sha256[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t sha1[20], sha256[32];

	(void)state;
	assert_int_equal(sstp_binding_cert_hashes((const uint8_t *)"abc", 3, sha1, sha256), 0);
	assert_memory_equal(sha1, abc_sha1, sizeof(sha1));
	assert_memory_equal(sha256, abc_sha256, sizeof(sha256));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_vector_sha256),
		cmocka_unit_test(test_spec_vector_sha1),
		cmocka_unit_test(test_verify_accepts_and_rejects),
		cmocka_unit_test(test_mschapv2_hlak_chain),
		cmocka_unit_test(test_unknown_hash_type),
		cmocka_unit_test(test_cert_hashes),
	};

	return cmocka_run_group_tests_name("binding", tests, NULL, NULL);
}
