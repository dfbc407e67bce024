/* SPDX-License-Identifier: GPL-2.0 */
/* The server's TLS context: certificate, key, protocol settings. */
#ifndef SSTP_TLS_H
#define SSTP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

struct tls_server;

struct tls_settings {
	/* Both NULL: the self-signed pair in state_dir, made on first use. */
	const char *cert_path, *key_path;
	const char *state_dir;
	int version;		/* 0: TLS 1.2 and 1.3; else only this one */
	const char *ciphers;	/* TLS 1.2 cipher list; NULL: OpenSSL's */
	const char *ciphersuites;	/* TLS 1.3 suites; NULL: OpenSSL's */
	bool ktls;		/* prepare sessions for the kernel (ktls.h) */
};

/*
 * A server context from settings: the certificate (a generated one is
 * RSA-2048, what every Windows client accepts) and the protocol choices.
 * Returns 0 or a negative errno with the reason in err.
 */
int tls_server_new(const struct tls_settings *settings, struct tls_server **out, char *err,
		   size_t err_size);
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
