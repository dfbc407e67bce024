// SPDX-License-Identifier: GPL-2.0
/*
 * Moving a TLS connection from OpenSSL to the kernel (kTLS).
 *
 * OpenSSL 3.0 installs kTLS itself for TLS 1.2, both directions at the
 * ChangeCipherSpec, and for TLS 1.3 transmit at the server's application
 * key, when SSL_OP_ENABLE_KTLS is set and the cipher suits the kernel.  TLS
 * 1.3 receive it leaves in user space (that came with OpenSSL 3.2), so we
 * set TLS_RX ourselves:
 *
 * - the key and IV come from the peer's application traffic secret (the
 *   client's on a server, the server's on a client), which OpenSSL hands
 *   to the key log callback at the very moment it switches its read side
 *   to that secret (tls13_change_cipher_state(), read
 *   sequence reset just before);
 * - the record sequence number is the count of records OpenSSL read under
 *   that secret, which the message callback sees one record header at a
 *   time (SSL3_RT_HEADER, once per record, ssl3_get_record()).  Read-ahead
 *   stays off, so OpenSSL never holds bytes of a record it has not counted,
 *   and ktls_drain() waits out a record it has only begun to read.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

#include "kernel/ktls.h"

#ifndef SOL_TLS
#define SOL_TLS		282
#endif

#define TLS13_IV_LEN		12
#define TLS13_LABEL_PREFIX	"tls13 "

/* What the key log and message callbacks keep of one SSL, for TLS 1.3 receive. */
struct ktls_rx {
	uint8_t secret[EVP_MAX_MD_SIZE];	/* the peer's current traffic secret */
	size_t secret_len;			/* 0: none seen */
	uint64_t records;			/* records read under it */
};

static int ex_index = -1;

static void rx_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
		    void *argp)
{
	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	OPENSSL_clear_free(ptr, sizeof(struct ktls_rx));
}

static struct ktls_rx *rx_get(const SSL *ssl)
{
	return ex_index < 0 ? NULL : SSL_get_ex_data(ssl, ex_index);
}

static int unhex(const char *hex, size_t hex_len, uint8_t *out, size_t size)
{
	if (hex_len % 2 || hex_len / 2 > size)
		return -1;
	for (size_t i = 0; i < hex_len / 2; i++) {
		int v = OPENSSL_hexchar2int((unsigned char)hex[2 * i]) << 4 |
			OPENSSL_hexchar2int((unsigned char)hex[2 * i + 1]);

		if (v < 0)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)(hex_len / 2);
}

/*
 * "LABEL <client random> <secret>", in hex (NSS key log format).  Only the
 * peer's application secret is kept, what we read with; OpenSSL logs it
 * right after it reset its read sequence number, so the count of records
 * starts here.
 */
static void on_keylog(const SSL *ssl, const char *line)
{
	static const char *const client_labels[] = {
		"CLIENT_TRAFFIC_SECRET_0 ",
		"CLIENT_TRAFFIC_SECRET_N ",	/* after a KeyUpdate of the client */
	};
	static const char *const server_labels[] = {
		"SERVER_TRAFFIC_SECRET_0 ",
		"SERVER_TRAFFIC_SECRET_N ",
	};
	const char *const *labels = SSL_is_server(ssl) ? client_labels : server_labels;
	uint8_t random[SSL3_RANDOM_SIZE], logged[SSL3_RANDOM_SIZE];
	struct ktls_rx *rx;
	const char *p = NULL, *space;
	int len;

	for (size_t i = 0; i < 2 && !p; i++) {
		if (!strncmp(line, labels[i], strlen(labels[i])))
			p = line + strlen(labels[i]);
	}
	if (!p || ex_index < 0)
		return;
	space = strchr(p, ' ');
	/* The line belongs to ssl, but say so only if its client random agrees. */
	if (!space || unhex(p, (size_t)(space - p), logged, sizeof(logged)) != SSL3_RANDOM_SIZE ||
	    SSL_get_client_random(ssl, random, sizeof(random)) != sizeof(random) ||
	    CRYPTO_memcmp(random, logged, sizeof(random)))
		return;
	rx = rx_get(ssl);
	if (!rx) {
		rx = OPENSSL_zalloc(sizeof(*rx));
		if (!rx || !SSL_set_ex_data((SSL *)ssl, ex_index, rx)) {
			OPENSSL_free(rx);
			return;
		}
	}
	len = unhex(space + 1, strlen(space + 1), rx->secret, sizeof(rx->secret));
	rx->secret_len = len > 0 ? (size_t)len : 0;
	rx->records = 0;
}

static void on_message(int write_p, int version, int content_type, const void *buf,
		       size_t len, SSL *ssl, void *arg)
{
	struct ktls_rx *rx;

	(void)version, (void)buf, (void)len, (void)arg;
	if (write_p || content_type != SSL3_RT_HEADER)
		return;
	rx = rx_get(ssl);
	if (rx && rx->secret_len)
		rx->records++;
}

int ktls_ctx_enable(SSL_CTX *ctx)
{
	if (ex_index < 0) {
		ex_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, rx_free);
		if (ex_index < 0)
			return -ENOMEM;
	}
	SSL_CTX_set_options(ctx, SSL_OP_ENABLE_KTLS);
	/* Every byte past a record must stay in the socket for the kernel. */
	SSL_CTX_set_read_ahead(ctx, 0);
	SSL_CTX_set_keylog_callback(ctx, on_keylog);
	SSL_CTX_set_msg_callback(ctx, on_message);
	return 0;
}

void ktls_forget(SSL *ssl)
{
	struct ktls_rx *rx = rx_get(ssl);

	if (!rx)
		return;
	SSL_set_ex_data(ssl, ex_index, NULL);
	OPENSSL_clear_free(rx, sizeof(*rx));
}

int ktls_hkdf_expand_label(const EVP_MD *md, const uint8_t *secret, size_t secret_len,
			   const char *label, uint8_t *out, size_t out_len)
{
	size_t label_len = strlen(TLS13_LABEL_PREFIX) + strlen(label);
	uint8_t info[2 + 1 + 255 + 1];
	OSSL_PARAM params[5], *p = params;
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	size_t info_len;
	int ok;

	if (!md || label_len > 255 || out_len > 0xffff || !out_len)
		return -EINVAL;
	/* struct HkdfLabel: length, "tls13 " label, empty context. */
	info[0] = (uint8_t)(out_len >> 8);
	info[1] = (uint8_t)out_len;
	info[2] = (uint8_t)label_len;
	memcpy(info + 3, TLS13_LABEL_PREFIX, strlen(TLS13_LABEL_PREFIX));
	memcpy(info + 3 + strlen(TLS13_LABEL_PREFIX), label, strlen(label));
	info[3 + label_len] = 0;
	info_len = 3 + label_len + 1;

	kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_HKDF, NULL);
	kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	EVP_KDF_free(kdf);
	if (!kctx)
		return -EINVAL;
	*p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)EVP_MD_get0_name(md), 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)secret,
						 secret_len);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, info_len);
	*p = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(kctx, out, out_len, params) == 1;
	EVP_KDF_CTX_free(kctx);
	return ok ? 0 : -EINVAL;
}

static void put_seq(unsigned char rec_seq[8], uint64_t seq)
{
	for (int i = 7; i >= 0; i--, seq >>= 8)
		rec_seq[i] = (unsigned char)seq;
}

int ktls_crypto_info_tls13(uint16_t suite, const uint8_t *secret, size_t secret_len,
			   uint64_t seq, union ktls_crypto_info *ci, size_t *ci_len)
{
	uint8_t key[32], iv[TLS13_IV_LEN];
	const EVP_MD *md;
	size_t key_len;
	int ret;

	switch (suite) {
	case KTLS_TLS13_AES_128_GCM_SHA256:
		md = EVP_sha256();
		key_len = TLS_CIPHER_AES_GCM_128_KEY_SIZE;
		break;
	case KTLS_TLS13_AES_256_GCM_SHA384:
		md = EVP_sha384();
		key_len = TLS_CIPHER_AES_GCM_256_KEY_SIZE;
		break;
	case KTLS_TLS13_CHACHA20_POLY1305_SHA256:
		md = EVP_sha256();
		key_len = TLS_CIPHER_CHACHA20_POLY1305_KEY_SIZE;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (secret_len != (size_t)EVP_MD_get_size(md))
		return -EINVAL;
	ret = ktls_hkdf_expand_label(md, secret, secret_len, "key", key, key_len);
	if (!ret)
		ret = ktls_hkdf_expand_label(md, secret, secret_len, "iv", iv, sizeof(iv));
	if (ret)
		goto out;

	/* As OpenSSL fills them for TX (ssl/ktls.c): GCM splits the IV. */
	memset(ci, 0, sizeof(*ci));
	ci->info.version = TLS_1_3_VERSION;
	switch (suite) {
	case KTLS_TLS13_AES_128_GCM_SHA256:
		ci->info.cipher_type = TLS_CIPHER_AES_GCM_128;
		memcpy(ci->gcm128.salt, iv, TLS_CIPHER_AES_GCM_128_SALT_SIZE);
		memcpy(ci->gcm128.iv, iv + TLS_CIPHER_AES_GCM_128_SALT_SIZE,
		       TLS_CIPHER_AES_GCM_128_IV_SIZE);
		memcpy(ci->gcm128.key, key, key_len);
		put_seq(ci->gcm128.rec_seq, seq);
		*ci_len = sizeof(ci->gcm128);
		break;
	case KTLS_TLS13_AES_256_GCM_SHA384:
		ci->info.cipher_type = TLS_CIPHER_AES_GCM_256;
		memcpy(ci->gcm256.salt, iv, TLS_CIPHER_AES_GCM_256_SALT_SIZE);
		memcpy(ci->gcm256.iv, iv + TLS_CIPHER_AES_GCM_256_SALT_SIZE,
		       TLS_CIPHER_AES_GCM_256_IV_SIZE);
		memcpy(ci->gcm256.key, key, key_len);
		put_seq(ci->gcm256.rec_seq, seq);
		*ci_len = sizeof(ci->gcm256);
		break;
	default:
		ci->info.cipher_type = TLS_CIPHER_CHACHA20_POLY1305;
		memcpy(ci->chacha.iv, iv, TLS_CIPHER_CHACHA20_POLY1305_IV_SIZE);
		memcpy(ci->chacha.key, key, key_len);
		put_seq(ci->chacha.rec_seq, seq);
		*ci_len = sizeof(ci->chacha);
		break;
	}
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(iv, sizeof(iv));
	return ret;
}

static uint16_t suite_of(const SSL *ssl)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);

	return c ? SSL_CIPHER_get_protocol_id(c) : 0;
}

static const char *cipher_name(const SSL *ssl)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);

	return c ? SSL_CIPHER_get_name(c) : "no cipher";
}

bool ktls_possible(SSL *ssl, char *why, size_t why_size)
{
	int version = SSL_version(ssl);
	struct ktls_rx *rx = rx_get(ssl);
	uint16_t suite = suite_of(ssl);

	if (version != TLS1_2_VERSION && version != TLS1_3_VERSION) {
		snprintf(why, why_size, "%s: no kTLS for this version", SSL_get_version(ssl));
		return false;
	}
	/* OpenSSL tried at the key change; it declines a cipher the kernel lacks. */
	if (!BIO_get_ktls_send(SSL_get_wbio(ssl))) {
		snprintf(why, why_size, "%s %s: OpenSSL did not move transmit to kTLS "
			 "(cipher not offloadable, or no kTLS in this kernel)",
			 SSL_get_version(ssl), cipher_name(ssl));
		return false;
	}
	if (version == TLS1_2_VERSION) {
		if (BIO_get_ktls_recv(SSL_get_rbio(ssl)))
			return true;
		snprintf(why, why_size, "%s %s: OpenSSL did not move receive to kTLS",
			 SSL_get_version(ssl), cipher_name(ssl));
		return false;
	}
	if (suite != KTLS_TLS13_AES_128_GCM_SHA256 && suite != KTLS_TLS13_AES_256_GCM_SHA384 &&
	    suite != KTLS_TLS13_CHACHA20_POLY1305_SHA256) {
		snprintf(why, why_size, "TLSv1.3 %s: no kTLS receive for this cipher",
			 cipher_name(ssl));
		return false;
	}
	if (!rx || !rx->secret_len) {
		snprintf(why, why_size, "TLSv1.3 %s: the peer's traffic secret was not captured",
			 cipher_name(ssl));
		return false;
	}
	return true;
}

int ktls_drain(SSL *ssl, uint8_t *buf, size_t size, size_t *len)
{
	for (;;) {
		int n, err;

		if (*len == size)
			return SSL_pending(ssl) || SSL_has_pending(ssl) ? -ENOBUFS : -EAGAIN;
		n = SSL_read(ssl, buf + *len, (int)(size - *len));
		if (n > 0) {
			*len += (size_t)n;
			continue;
		}
		err = SSL_get_error(ssl, n);
		if (err == SSL_ERROR_WANT_READ)
			break;
		/* Renegotiation is off: a write here is a protocol violation too. */
		return -EPIPE;
	}
	/*
	 * OpenSSL wants input: no decrypted byte is left, but part of a record
	 * may be (a header, or a body cut by TCP); it must be read whole.
	 */
	if (SSL_pending(ssl) || SSL_has_pending(ssl) || strcmp(SSL_rstate_string(ssl), "RH"))
		return -EAGAIN;
	return 0;
}

static int install_rx13(SSL *ssl, int fd, char *why, size_t why_size)
{
	struct ktls_rx *rx = rx_get(ssl);
	union ktls_crypto_info ci;
	size_t ci_len = 0;
	int ret;

	if (!rx || !rx->secret_len) {
		snprintf(why, why_size, "TLSv1.3: the peer's traffic secret was not captured");
		return -ENOKEY;
	}
	ret = ktls_crypto_info_tls13(suite_of(ssl), rx->secret, rx->secret_len, rx->records,
				     &ci, &ci_len);
	if (ret) {
		snprintf(why, why_size, "TLSv1.3 %s: cannot derive the receive key",
			 cipher_name(ssl));
	} else if (setsockopt(fd, SOL_TLS, TLS_RX, &ci, (socklen_t)ci_len)) {
		ret = -errno;
		snprintf(why, why_size, "TLSv1.3 %s: setsockopt TLS_RX at record %llu: %s",
			 cipher_name(ssl), (unsigned long long)rx->records, strerror(errno));
	}
	OPENSSL_cleanse(&ci, sizeof(ci));
	return ret;
}

int ktls_install(SSL *ssl, char *why, size_t why_size)
{
	int fd = SSL_get_rfd(ssl);
	int ret = 0;

	if (!ktls_possible(ssl, why, why_size))
		ret = -EOPNOTSUPP;
	else if (SSL_version(ssl) == TLS1_3_VERSION)
		ret = install_rx13(ssl, fd, why, why_size);
	ktls_forget(ssl);
	return ret;
}
