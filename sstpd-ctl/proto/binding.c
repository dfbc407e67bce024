// SPDX-License-Identifier: GPL-2.0
/* SSTP crypto binding: CMK, compound MAC and the Call Connected checks. */

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proto/binding.h"

static const char cmk_seed[] = "SSTP inner method derived CMK";

const char *sstp_binding_result_name(enum sstp_binding_result result)
{
	switch (result) {
	case SSTP_BINDING_OK:
		return "ok";
	case SSTP_BINDING_BAD_HASH_TYPE:
		return "hash protocol not offered";
	case SSTP_BINDING_BAD_NONCE:
		return "nonce mismatch";
	case SSTP_BINDING_BAD_CERT_HASH:
		return "certificate hash mismatch";
	case SSTP_BINDING_BAD_MAC:
		return "compound MAC mismatch";
	case SSTP_BINDING_CRYPTO_ERROR:
		return "crypto error";
	}
	return "unknown";
}

static const EVP_MD *hash_md(uint8_t hash_type)
{
	switch (hash_type) {
	case SSTP_HASH_SHA1:
		return EVP_sha1();
	case SSTP_HASH_SHA256:
		return EVP_sha256();
	default:
		return NULL;
	}
}

size_t sstp_binding_hash_len(uint8_t hash_type)
{
	switch (hash_type) {
	case SSTP_HASH_SHA1:
		return 20;
	case SSTP_HASH_SHA256:
		return 32;
	default:
		return 0;
	}
}

int sstp_binding_cert_hashes(const uint8_t *der, size_t der_len,
			     uint8_t sha1[20], uint8_t sha256[32])
{
	if (!EVP_Digest(der, der_len, sha1, NULL, EVP_sha1(), NULL) ||
	    !EVP_Digest(der, der_len, sha256, NULL, EVP_sha256(), NULL))
		return -EIO;
	return 0;
}

int sstp_binding_cmk(uint8_t hash_type, const uint8_t hlak[SSTP_HLAK_LEN],
		     uint8_t cmk[32])
{
	const EVP_MD *md = hash_md(hash_type);
	size_t len = sstp_binding_hash_len(hash_type);
	uint8_t seed[sizeof(cmk_seed) - 1 + 3];
	unsigned int out_len = 0;

	if (!md)
		return -EINVAL;
	/* One PRF+ block: seed, the output length (little-endian, 2 bytes), 1. */
	memcpy(seed, cmk_seed, sizeof(cmk_seed) - 1);
	seed[sizeof(cmk_seed) - 1] = (uint8_t)len;
	seed[sizeof(cmk_seed)] = 0;
	seed[sizeof(cmk_seed) + 1] = 1;
	memset(cmk, 0, 32);
	if (!HMAC(md, hlak, SSTP_HLAK_LEN, seed, sizeof(seed), cmk, &out_len) ||
	    out_len != len)
		return -EIO;
	return 0;
}

int sstp_binding_mac(uint8_t hash_type, const uint8_t hlak[SSTP_HLAK_LEN],
		     const uint8_t connected[SSTP_CONNECTED_LEN],
		     uint8_t mac[SSTP_COMPOUND_MAC_LEN])
{
	size_t len = sstp_binding_hash_len(hash_type);
	uint8_t zeroed[SSTP_CONNECTED_LEN], cmk[32];
	unsigned int out_len = 0;
	int err;

	err = sstp_binding_cmk(hash_type, hlak, cmk);
	if (err)
		return err;
	memcpy(zeroed, connected, SSTP_CONNECTED_LEN);
	memset(zeroed + SSTP_CONNECTED_MAC_OFFSET, 0, SSTP_COMPOUND_MAC_LEN);
	memset(mac, 0, SSTP_COMPOUND_MAC_LEN);
	if (!HMAC(hash_md(hash_type), cmk, len, zeroed, sizeof(zeroed), mac, &out_len) ||
	    out_len != len)
		err = -EIO;
	OPENSSL_cleanse(cmk, sizeof(cmk));
	return err;
}

enum sstp_binding_result sstp_binding_verify(const struct sstp_binding_expect *expect,
					     const uint8_t connected[SSTP_CONNECTED_LEN])
{
	uint8_t hash_type = connected[SSTP_CONNECTED_HASH_OFFSET];
	uint8_t cert_hash[SSTP_CERT_HASH_LEN] = { 0 };
	uint8_t mac[SSTP_COMPOUND_MAC_LEN];
	int bad;

	/* Exactly one hash protocol, and one that we offered. */
	if ((hash_type != SSTP_HASH_SHA1 && hash_type != SSTP_HASH_SHA256) ||
	    !(expect->hash_bitmask & hash_type))
		return SSTP_BINDING_BAD_HASH_TYPE;
	if (CRYPTO_memcmp(connected + SSTP_CONNECTED_NONCE_OFFSET, expect->nonce,
			  SSTP_NONCE_LEN))
		return SSTP_BINDING_BAD_NONCE;

	/* A SHA-1 hash is 20 bytes followed by 12 zero bytes. */
	if (hash_type == SSTP_HASH_SHA1)
		memcpy(cert_hash, expect->cert_sha1, sizeof(expect->cert_sha1));
	else
		memcpy(cert_hash, expect->cert_sha256, sizeof(expect->cert_sha256));
	if (CRYPTO_memcmp(connected + SSTP_CONNECTED_CERT_HASH_OFFSET, cert_hash,
			  SSTP_CERT_HASH_LEN))
		return SSTP_BINDING_BAD_CERT_HASH;

	if (sstp_binding_mac(hash_type, expect->hlak, connected, mac))
		return SSTP_BINDING_CRYPTO_ERROR;
	bad = CRYPTO_memcmp(connected + SSTP_CONNECTED_MAC_OFFSET, mac, sizeof(mac));
	OPENSSL_cleanse(mac, sizeof(mac));
	return bad ? SSTP_BINDING_BAD_MAC : SSTP_BINDING_OK;
}
