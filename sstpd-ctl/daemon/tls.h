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

/* --- the client role -------------------------------------------------- */

struct tls_client;

struct tls_client_settings {
	const char *ca_path;	/* NULL: the system's CA store */
	bool insecure;		/* no check at all (a loud warning is the caller's) */
	bool pin;		/* trust exactly one certificate (tls_client_set_pin()) */
	int version;		/* as for the server */
	const char *ciphers, *ciphersuites;
	bool ktls;
};

/* A client context; 0 or a negative errno with the reason in err. */
int tls_client_new(const struct tls_client_settings *settings, struct tls_client **out,
		   char *err, size_t err_size);
void tls_client_free(struct tls_client *tls);
/* Trust the certificate whose SHA-256 is this, instead of a chain and a name. */
void tls_client_set_pin(struct tls_client *tls, const uint8_t sha256[32]);

/*
 * A client-side SSL on a connected, non-blocking socket: SNI is name (not
 * for an address), and the chain must lead to a trusted CA and name (a DNS
 * name or an IP address) must be in the certificate, unless pinned or
 * insecure.  NULL when out of memory.
 */
SSL *tls_client_connect(struct tls_client *tls, int fd, const char *name);

/*
 * After the handshake: the server's certificate hashes for crypto binding
 * and its "AB:CD:..." fingerprint (97 bytes); 0, or -EPERM when it is not
 * trusted (the pin does not match) with why set.
 */
int tls_client_peer(struct tls_client *tls, SSL *ssl, uint8_t sha1[20], uint8_t sha256[32],
		    char fingerprint[97], char *why, size_t why_size);

/*
 * The handshake failed: if it was the certificate, why it was refused
 * (one line for the operator) and true.
 */
bool tls_client_refused(SSL *ssl, const char *name, char *why, size_t why_size);

/* The last OpenSSL error queued for this thread, as text; clears the queue. */
const char *tls_error_string(void);

#endif /* SSTP_TLS_H */
