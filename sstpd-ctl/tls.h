/* SPDX-License-Identifier: GPL-2.0 */
/* The server's TLS context: certificate, key, protocol settings. */
#ifndef SSTP_TLS_H
#define SSTP_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

struct tls_server;

/*
 * Load cert_path and key_path, or, when both are NULL, the self-signed pair
 * in state_dir, generated on first use (RSA-2048, what every Windows client
 * accepts).  Returns 0 or a negative errno with the reason in err.
 */
int tls_server_new(const char *cert_path, const char *key_path, const char *state_dir,
		   struct tls_server **out, char *err, size_t err_size);
void tls_server_free(struct tls_server *tls);

/* A server-side SSL on a connected, non-blocking socket. */
SSL *tls_server_accept(struct tls_server *tls, int fd);

/* Hashes of the leaf certificate's DER, for crypto binding. */
const uint8_t *tls_server_cert_sha1(const struct tls_server *tls);
const uint8_t *tls_server_cert_sha256(const struct tls_server *tls);

/* "AB:CD:..." SHA-256 fingerprint of the certificate, for the log. */
const char *tls_server_fingerprint(const struct tls_server *tls);

/* The last OpenSSL error queued for this thread, as text; clears the queue. */
const char *tls_error_string(void);

#endif /* SSTP_TLS_H */
