/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handing a TLS connection from OpenSSL to the kernel (kTLS), after the
 * HTTP step, so that sstp.ko can read and write plaintext on the socket.
 *
 *	ktls_ctx_enable(ctx);			before any handshake
 *	... handshake, HTTP request and answer through SSL_read/SSL_write ...
 *	ktls_possible(ssl, why)			false: stay in user mode
 *	ktls_drain(ssl, buf, size, &len)	until 0 (-EAGAIN: wait for input)
 *	ktls_install(ssl, why)			both directions in the kernel
 *
 * After ktls_install() the socket carries plaintext both ways, buf holds
 * what OpenSSL had already decrypted, and OpenSSL must never read or write
 * that socket again (SSL_free() only, no SSL_shutdown()).
 */
#ifndef SSTP_KTLS_H
#define SSTP_KTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/tls.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

/* TLS 1.3 cipher suites whose receive side we can give the kernel. */
#define KTLS_TLS13_AES_128_GCM_SHA256		0x1301
#define KTLS_TLS13_AES_256_GCM_SHA384		0x1302
#define KTLS_TLS13_CHACHA20_POLY1305_SHA256	0x1303

/* What setsockopt(SOL_TLS, TLS_RX) takes, for each of them. */
union ktls_crypto_info {
	struct tls_crypto_info info;
	struct tls12_crypto_info_aes_gcm_128 gcm128;
	struct tls12_crypto_info_aes_gcm_256 gcm256;
	struct tls12_crypto_info_chacha20_poly1305 chacha;
};

/*
 * Ask OpenSSL to install kTLS where it can, and watch for what we need to
 * do the rest (TLS 1.3 receive).  0 or a negative errno.
 */
int ktls_ctx_enable(SSL_CTX *ctx);

/*
 * Whether this connection, handshake done, can go to the kernel in both
 * directions; if not, why holds the reason for the log.
 */
bool ktls_possible(SSL *ssl, char *why, size_t why_size);

/*
 * Read what OpenSSL has decrypted or buffered, appending it to buf (len
 * bytes already there, size in all).  0: OpenSSL holds nothing more of the
 * client's; -EAGAIN: a record is half read, call again when the socket is
 * readable; -ENOBUFS: more than size bytes; -EPIPE: the client closed the
 * connection or TLS failed (the reason is in OpenSSL's error queue or
 * SSL_get_error()).
 */
int ktls_drain(SSL *ssl, uint8_t *buf, size_t size, size_t *len);

/*
 * Complete kTLS on the socket of ssl once ktls_drain() returned 0: receive
 * for TLS 1.3 (OpenSSL already set everything else), then check that both
 * directions are in the kernel.  Key material is wiped either way.
 * 0, or a negative errno with the reason in why.
 */
int ktls_install(SSL *ssl, char *why, size_t why_size);

/* The session stays in user mode: wipe what was kept for ktls_install(). */
void ktls_forget(SSL *ssl);

/*
 * HKDF-Expand-Label(secret, label, "", out_len) of RFC 8446 7.1, with the
 * hash md; label without the "tls13 " prefix.  0 or -EINVAL.
 */
int ktls_hkdf_expand_label(const EVP_MD *md, const uint8_t *secret, size_t secret_len,
			   const char *label, uint8_t *out, size_t out_len);

/*
 * The TLS_RX (or TLS_TX) parameters for TLS 1.3 suite from a traffic
 * secret, with seq the number of the next record: key and IV by
 * HKDF-Expand-Label; AES-GCM takes the IV as a 4-byte salt and 8 bytes of
 * IV, ChaCha20-Poly1305 takes it whole.  0, -EOPNOTSUPP for another suite
 * or -EINVAL; *ci_len is the size to hand to setsockopt().  The caller
 * wipes ci.
 */
int ktls_crypto_info_tls13(uint16_t suite, const uint8_t *secret, size_t secret_len,
			   uint64_t seq, union ktls_crypto_info *ci, size_t *ci_len);

#endif /* SSTP_KTLS_H */
