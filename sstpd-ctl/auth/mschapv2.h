/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MS-CHAPv2 (RFC 2759) and its MPPE key derivation (RFC 3079), the source of
 * the Higher-Layer Authentication Key that SSTP crypto binding needs.
 */
#ifndef SSTP_MSCHAPV2_H
#define SSTP_MSCHAPV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAPV2_CHALLENGE_LEN		16
#define MSCHAPV2_NT_RESPONSE_LEN	24
#define MSCHAPV2_HASH_LEN		16
#define MSCHAPV2_AUTH_RESPONSE_LEN	42	/* "S=" and 40 hex digits */
#define MSCHAPV2_HLAK_LEN		32

/*
 * MD4 and single DES live in OpenSSL 3's legacy provider; load it into a
 * private library context so nothing else in the process sees it.
 * Returns 0 or -ENOTSUP when the provider is missing.
 */
int mschapv2_crypto_init(void);
void mschapv2_crypto_free(void);

/* RFC 2759 8.3, NtPasswordHash: MD4 of the UTF-16LE password. */
int mschapv2_nt_password_hash(const char *password, uint8_t hash[MSCHAPV2_HASH_LEN]);

/* RFC 2759 8.1, NT-Response from the password. */
int mschapv2_nt_response(const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
			 const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
			 const char *user, const char *password,
			 uint8_t response[MSCHAPV2_NT_RESPONSE_LEN]);

/*
 * Server side: true when the peer's NT-Response matches the password
 * (compared in constant time).
 */
bool mschapv2_verify(const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
		     const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
		     const char *user, const char *password,
		     const uint8_t response[MSCHAPV2_NT_RESPONSE_LEN]);

/*
 * RFC 2759 8.7, the "S=<40 hex>" string of a Success packet, written with
 * its terminating NUL (MSCHAPV2_AUTH_RESPONSE_LEN + 1 bytes).
 */
int mschapv2_authenticator_response(const char *password,
				    const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
				    const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
				    const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
				    const char *user, char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1]);

/* RFC 3079 3.4, GetMasterKey. */
int mschapv2_master_key(const char *password,
			const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
			uint8_t master_key[MSCHAPV2_HASH_LEN]);

/*
 * RFC 3079 3.4, GetAsymmetricStartKey for a 128-bit key: the send key
 * (send = true) or the receive key, of the server (server = true) or client.
 */
int mschapv2_start_key(const uint8_t master_key[MSCHAPV2_HASH_LEN], bool send,
		       bool server, uint8_t key[MSCHAPV2_HASH_LEN]);

/*
 * [MS-SSTP] 3.2.5.2 HLAK: MasterReceiveKey then MasterSendKey of the server,
 * which are the same 32 bytes as the client's MasterSendKey then
 * MasterReceiveKey.
 */
int mschapv2_hlak(const char *password,
		  const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
		  uint8_t hlak[MSCHAPV2_HLAK_LEN]);

#endif /* SSTP_MSCHAPV2_H */
