/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SSTP crypto binding ([MS-SSTP] 3.2.5.2): the compound MAC in Call Connected
 * ties the PPP authentication (through its HLAK) to this TLS connection
 * (through the server certificate's hash).
 */
#ifndef SSTP_BINDING_H
#define SSTP_BINDING_H

#include <stddef.h>
#include <stdint.h>

#include "sstp_wire.h"

#define SSTP_HLAK_LEN 32

enum sstp_binding_result {
	SSTP_BINDING_OK,
	SSTP_BINDING_BAD_HASH_TYPE,	/* not exactly one hash we offered */
	SSTP_BINDING_BAD_NONCE,
	SSTP_BINDING_BAD_CERT_HASH,
	SSTP_BINDING_BAD_MAC,
	SSTP_BINDING_CRYPTO_ERROR,
};

/* What the server sent and knows, to check a client's Call Connected. */
struct sstp_binding_expect {
	uint8_t hash_bitmask;			/* offered in Call Connect Ack */
	uint8_t nonce[SSTP_NONCE_LEN];		/* sent in Call Connect Ack */
	uint8_t cert_sha1[20];			/* of this connection's certificate */
	uint8_t cert_sha256[32];
	uint8_t hlak[SSTP_HLAK_LEN];		/* zeros for PAP and CHAP */
};

const char *sstp_binding_result_name(enum sstp_binding_result result);

/* Digest length of an SSTP hash protocol: 20, 32, or 0 when unknown. */
size_t sstp_binding_hash_len(uint8_t hash_type);

/* Both certificate hashes of a DER-encoded certificate. */
int sstp_binding_cert_hashes(const uint8_t *der, size_t der_len,
			     uint8_t sha1[20], uint8_t sha256[32]);

/* CMK = HMAC-H(HLAK, "SSTP inner method derived CMK" | LEN | 0x01). */
int sstp_binding_cmk(uint8_t hash_type, const uint8_t hlak[SSTP_HLAK_LEN],
		     uint8_t cmk[32]);

/*
 * The compound MAC of a 112-byte Call Connected (its MAC field taken as
 * zeros), zero-padded to 32 bytes.
 */
int sstp_binding_mac(uint8_t hash_type, const uint8_t hlak[SSTP_HLAK_LEN],
		     const uint8_t connected[SSTP_CONNECTED_LEN],
		     uint8_t mac[SSTP_COMPOUND_MAC_LEN]);

/* Check a whole Call Connected packet as received. */
enum sstp_binding_result sstp_binding_verify(const struct sstp_binding_expect *expect,
					     const uint8_t connected[SSTP_CONNECTED_LEN]);

#endif /* SSTP_BINDING_H */
