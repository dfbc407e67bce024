// SPDX-License-Identifier: GPL-2.0
/*
 * OpenSSL contexts: the server's (certificate loading, self-signed
 * generation) and the client's (verification of the server: CA, name, pin).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "daemon/tls.h"
#include "kernel/ktls.h"
#include "lib/log.h"
#include "lib/private_file.h"
#include "proto/binding.h"

#define SELF_SIGNED_DAYS	3650

struct tls_server {
	SSL_CTX *ctx;
	uint8_t cert_sha1[20];
	uint8_t cert_sha256[32];
	char fingerprint[32 * 3];
};

const char *tls_error_string(void)
{
	static char text[256];
	unsigned long code = ERR_get_error();

	if (!code)
		return "no OpenSSL error";
	ERR_error_string_n(code, text, sizeof(text));
	ERR_clear_error();
	return text;
}

static int add_extension(X509 *cert, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (!ext)
		return -1;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static X509 *self_signed_cert(EVP_PKEY *key, const char *host)
{
	X509 *cert = X509_new();
	X509_NAME *name;
	uint8_t serial[16];
	BIGNUM *bn = NULL;
	char san[300];

	if (!cert || RAND_bytes(serial, sizeof(serial)) != 1)
		goto err;
	serial[0] &= 0x7f;	/* a positive serial number */
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	snprintf(san, sizeof(san), "DNS:%s", host);
	name = X509_get_subject_name(cert);
	if (!bn || !X509_set_version(cert, 2) ||
	    !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(cert), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(cert), 60L * 60 * 24 * SELF_SIGNED_DAYS) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					(const unsigned char *)host, -1, -1, 0) ||
	    !X509_set_issuer_name(cert, name) || !X509_set_pubkey(cert, key) ||
	    add_extension(cert, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_extension(cert, NID_key_usage, "critical,digitalSignature,keyEncipherment") ||
	    add_extension(cert, NID_ext_key_usage, "serverAuth") ||
	    add_extension(cert, NID_subject_alt_name, san) ||
	    !X509_sign(cert, key, EVP_sha256()))
		goto err;
	BN_free(bn);
	return cert;

err:
	BN_free(bn);
	X509_free(cert);
	return NULL;
}

static int write_pem(const char *path, mode_t mode, X509 *cert, EVP_PKEY *key)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	FILE *f;
	int ok;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -errno;
	}
	ok = cert ? PEM_write_X509(f, cert) : PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	if (fclose(f) || !ok) {
		unlink(path);
		return -EIO;
	}
	return 0;
}

/* Make the pair once; later starts find it and reuse it. */
static int ensure_self_signed(const char *state_dir, char *cert_path, char *key_path,
			      size_t path_size, char *err, size_t err_size)
{
	char host[256] = "sstpd";
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	int ret;

	snprintf(cert_path, path_size, "%s/cert.pem", state_dir);
	snprintf(key_path, path_size, "%s/key.pem", state_dir);
	if (!access(cert_path, F_OK) && !access(key_path, F_OK))
		return 0;

	if (mkdir(state_dir, 0700) && errno != EEXIST) {
		ret = -errno;
		snprintf(err, err_size, "state directory %s: %s", state_dir, strerror(errno));
		return ret;
	}
	gethostname(host, sizeof(host) - 1);
	key = EVP_RSA_gen(2048);
	cert = key ? self_signed_cert(key, host) : NULL;
	if (!cert) {
		snprintf(err, err_size, "self-signed certificate: %s", tls_error_string());
		ret = -EIO;
		goto out;
	}
	/* A half-written pair from an earlier crash is replaced. */
	unlink(key_path);
	unlink(cert_path);
	ret = write_pem(key_path, 0600, NULL, key);
	if (!ret)
		ret = write_pem(cert_path, 0644, cert, NULL);
	if (ret) {
		unlink(key_path);
		snprintf(err, err_size, "writing %s: %s", ret == -EIO ? cert_path : state_dir,
			 strerror(-ret));
		goto out;
	}
	log_info("generated a self-signed certificate for '%s' in %s", host, cert_path);
out:
	X509_free(cert);
	EVP_PKEY_free(key);
	return ret;
}

static int hash_certificate(struct tls_server *tls)
{
	X509 *cert = SSL_CTX_get0_certificate(tls->ctx);
	unsigned char *der = NULL;
	int len, ret;

	len = cert ? i2d_X509(cert, &der) : -1;
	if (len <= 0)
		return -EIO;
	ret = sstp_binding_cert_hashes(der, (size_t)len, tls->cert_sha1, tls->cert_sha256);
	OPENSSL_free(der);
	for (int i = 0; i < 32; i++)
		snprintf(tls->fingerprint + 3 * i, 4, "%02X%s", tls->cert_sha256[i],
			 i < 31 ? ":" : "");
	return ret;
}

/* Versions, ciphers and kTLS, as the settings say. */
static int apply_settings(SSL_CTX *ctx, const struct tls_settings *settings, char *err,
			  size_t err_size)
{
	int min = settings->version ? settings->version : TLS1_2_VERSION;

	if (!SSL_CTX_set_min_proto_version(ctx, min) ||
	    !SSL_CTX_set_max_proto_version(ctx, settings->version)) {
		snprintf(err, err_size, "TLS version: %s", tls_error_string());
		return -EINVAL;
	}
	if (settings->ciphers && SSL_CTX_set_cipher_list(ctx, settings->ciphers) != 1) {
		snprintf(err, err_size, "ciphers: no cipher in '%s'", settings->ciphers);
		return -EINVAL;
	}
	if (settings->ciphersuites &&
	    SSL_CTX_set_ciphersuites(ctx, settings->ciphersuites) != 1) {
		snprintf(err, err_size, "ciphersuites: no suite in '%s'", settings->ciphersuites);
		return -EINVAL;
	}
	if (settings->ktls && ktls_ctx_enable(ctx)) {
		snprintf(err, err_size, "kTLS: out of memory");
		return -ENOMEM;
	}
	return 0;
}

int tls_server_new(const struct tls_settings *settings, struct tls_server **out, char *err,
		   size_t err_size)
{
	const char *cert_path = settings->cert_path, *key_path = settings->key_path;
	char generated_cert[4096], generated_key[4096];
	struct tls_server *tls;
	int ret;

	if (!cert_path) {
		ret = ensure_self_signed(settings->state_dir, generated_cert, generated_key,
					 sizeof(generated_cert), err, err_size);
		if (ret)
			return ret;
		cert_path = generated_cert;
		key_path = generated_key;
	}

	tls = calloc(1, sizeof(*tls));
	if (!tls)
		return -ENOMEM;
	tls->ctx = SSL_CTX_new(TLS_server_method());
	if (!tls->ctx) {
		snprintf(err, err_size, "TLS context: %s", tls_error_string());
		ret = -ENOMEM;
		goto err_free;
	}
	ret = apply_settings(tls->ctx, settings, err, err_size);
	if (ret)
		goto err_ctx;
	/*
	 * The kernel path cannot follow a renegotiation, and session tickets
	 * would be records OpenSSL writes after the hand-off: both are off.
	 */
	SSL_CTX_set_options(tls->ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
				      SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_num_tickets(tls->ctx, 0);
	SSL_CTX_set_session_cache_mode(tls->ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				   SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);

	if (SSL_CTX_use_certificate_chain_file(tls->ctx, cert_path) != 1) {
		snprintf(err, err_size, "certificate %s: %s", cert_path, tls_error_string());
		ret = -EINVAL;
		goto err_ctx;
	}
	ret = private_file_check(key_path, "key", err, err_size);
	if (ret)
		goto err_ctx;
	if (SSL_CTX_use_PrivateKey_file(tls->ctx, key_path, SSL_FILETYPE_PEM) != 1) {
		snprintf(err, err_size, "key %s: %s", key_path, tls_error_string());
		ret = -EINVAL;
		goto err_ctx;
	}
	if (SSL_CTX_check_private_key(tls->ctx) != 1) {
		snprintf(err, err_size, "key %s does not match certificate %s", key_path,
			 cert_path);
		ret = -EINVAL;
		goto err_ctx;
	}
	ret = hash_certificate(tls);
	if (ret) {
		snprintf(err, err_size, "certificate %s: cannot hash it", cert_path);
		goto err_ctx;
	}
	*out = tls;
	return 0;

err_ctx:
	SSL_CTX_free(tls->ctx);
err_free:
	free(tls);
	return ret;
}

void tls_server_free(struct tls_server *tls)
{
	if (!tls)
		return;
	SSL_CTX_free(tls->ctx);
	free(tls);
}

SSL *tls_server_accept(struct tls_server *tls, int fd)
{
	SSL *ssl = SSL_new(tls->ctx);

	if (!ssl)
		return NULL;
	if (SSL_set_fd(ssl, fd) != 1) {
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_accept_state(ssl);
	return ssl;
}

const uint8_t *tls_server_cert_sha1(const struct tls_server *tls)
{
	return tls->cert_sha1;
}

const uint8_t *tls_server_cert_sha256(const struct tls_server *tls)
{
	return tls->cert_sha256;
}

const char *tls_server_fingerprint(const struct tls_server *tls)
{
	return tls->fingerprint;
}

/* --- the client role -------------------------------------------------- */

struct tls_client {
	SSL_CTX *ctx;
	bool pin, insecure;
	uint8_t pin_sha256[32];
};

int tls_client_new(const struct tls_client_settings *settings, struct tls_client **out,
		   char *err, size_t err_size)
{
	struct tls_client *tls = calloc(1, sizeof(*tls));
	int ret;

	if (!tls)
		return -ENOMEM;
	tls->ctx = SSL_CTX_new(TLS_client_method());
	if (!tls->ctx) {
		snprintf(err, err_size, "TLS context: %s", tls_error_string());
		free(tls);
		return -ENOMEM;
	}
	ret = apply_settings(tls->ctx, &(struct tls_settings){
				.version = settings->version,
				.ciphers = settings->ciphers,
				.ciphersuites = settings->ciphersuites,
				.ktls = settings->ktls,
			     }, err, err_size);
	if (ret)
		goto err;
	/* As on the server: nothing may come after the hand-off but records. */
	SSL_CTX_set_options(tls->ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(tls->ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				   SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
	tls->pin = settings->pin;
	tls->insecure = settings->insecure;
	if (tls->pin || tls->insecure) {
		/* The pin is checked after the handshake (tls_client_peer()). */
		SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_NONE, NULL);
	} else {
		SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_PEER, NULL);
		if (settings->ca_path ?
		    SSL_CTX_load_verify_locations(tls->ctx, settings->ca_path, NULL) != 1 :
		    SSL_CTX_set_default_verify_paths(tls->ctx) != 1) {
			snprintf(err, err_size, "CA certificates %s: %s",
				 settings->ca_path ? settings->ca_path : "(system store)",
				 tls_error_string());
			ret = -EINVAL;
			goto err;
		}
	}
	*out = tls;
	return 0;

err:
	SSL_CTX_free(tls->ctx);
	free(tls);
	return ret;
}

void tls_client_free(struct tls_client *tls)
{
	if (!tls)
		return;
	SSL_CTX_free(tls->ctx);
	free(tls);
}

void tls_client_set_pin(struct tls_client *tls, const uint8_t sha256[32])
{
	memcpy(tls->pin_sha256, sha256, sizeof(tls->pin_sha256));
}

static bool is_address(const char *name)
{
	struct in6_addr a;

	return inet_pton(AF_INET, name, &a) == 1 || inet_pton(AF_INET6, name, &a) == 1;
}

SSL *tls_client_connect(struct tls_client *tls, int fd, const char *name)
{
	SSL *ssl = SSL_new(tls->ctx);
	bool address = is_address(name);
	int ok;

	if (!ssl)
		return NULL;
	ok = SSL_set_fd(ssl, fd) == 1;
	/* RFC 6066 3: SNI carries host names only, never an address. */
	if (ok && !address)
		ok = SSL_set_tlsext_host_name(ssl, name) == 1;
	if (ok && !tls->pin && !tls->insecure)
		ok = address ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) == 1 :
			       SSL_set1_host(ssl, name) == 1;
	if (!ok) {
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_connect_state(ssl);
	return ssl;
}

static void format_fingerprint(const uint8_t sha256[32], char out[97])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 3 * i, 4, "%02X%s", sha256[i], i < 31 ? ":" : "");
}

int tls_client_peer(struct tls_client *tls, SSL *ssl, uint8_t sha1[20], uint8_t sha256[32],
		    char fingerprint[97], char *why, size_t why_size)
{
	X509 *cert = SSL_get1_peer_certificate(ssl);
	unsigned char *der = NULL;
	char want[97];
	int len, ret;

	len = cert ? i2d_X509(cert, &der) : -1;
	X509_free(cert);
	if (len <= 0) {
		snprintf(why, why_size, "the server sent no certificate");
		return -EPERM;
	}
	ret = sstp_binding_cert_hashes(der, (size_t)len, sha1, sha256);
	OPENSSL_free(der);
	if (ret) {
		snprintf(why, why_size, "cannot hash the server's certificate");
		return -EIO;
	}
	format_fingerprint(sha256, fingerprint);
	if (tls->pin && CRYPTO_memcmp(sha256, tls->pin_sha256, 32)) {
		format_fingerprint(tls->pin_sha256, want);
		snprintf(why, why_size, "its SHA-256 fingerprint %s is not the pinned %s",
			 fingerprint, want);
		return -EPERM;
	}
	return 0;
}

bool tls_client_refused(SSL *ssl, const char *name, char *why, size_t why_size)
{
	long result = SSL_get_verify_result(ssl);

	if (result == X509_V_OK)
		return false;
	if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH)
		snprintf(why, why_size, "it is not for '%s' (%s)", name,
			 X509_verify_cert_error_string(result));
	else
		snprintf(why, why_size, "%s", X509_verify_cert_error_string(result));
	return true;
}
