// SPDX-License-Identifier: GPL-2.0
/* MS-CHAPv2 (RFC 2759) and MPPE start keys (RFC 3079) on OpenSSL 3. */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/sha.h>

#include "auth/mschapv2.h"

/* RFC 2759 allows passwords of up to 256 Unicode characters. */
#define PASSWORD_MAX_UTF16	256

static OSSL_LIB_CTX *legacy_ctx;
static OSSL_PROVIDER *legacy_provider;
static OSSL_PROVIDER *default_provider;

int mschapv2_crypto_init(void)
{
	if (legacy_ctx)
		return 0;
	legacy_ctx = OSSL_LIB_CTX_new();
	if (!legacy_ctx)
		return -ENOMEM;
	legacy_provider = OSSL_PROVIDER_load(legacy_ctx, "legacy");
	default_provider = OSSL_PROVIDER_load(legacy_ctx, "default");
	if (!legacy_provider || !default_provider) {
		mschapv2_crypto_free();
		return -ENOTSUP;
	}
	return 0;
}

void mschapv2_crypto_free(void)
{
	if (legacy_provider)
		OSSL_PROVIDER_unload(legacy_provider);
	if (default_provider)
		OSSL_PROVIDER_unload(default_provider);
	OSSL_LIB_CTX_free(legacy_ctx);
	legacy_provider = NULL;
	default_provider = NULL;
	legacy_ctx = NULL;
}

/* UTF-8 to UTF-16LE; returns the byte length or -EINVAL for bad UTF-8. */
static int utf8_to_utf16le(const char *in, uint8_t *out, size_t out_units)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t units = 0;

	while (*s) {
		uint32_t cp;
		int extra;

		if (s[0] < 0x80) {
			cp = s[0];
			extra = 0;
		} else if ((s[0] & 0xe0) == 0xc0) {
			cp = s[0] & 0x1f;
			extra = 1;
		} else if ((s[0] & 0xf0) == 0xe0) {
			cp = s[0] & 0x0f;
			extra = 2;
		} else if ((s[0] & 0xf8) == 0xf0) {
			cp = s[0] & 0x07;
			extra = 3;
		} else {
			return -EINVAL;
		}
		for (int i = 1; i <= extra; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return -EINVAL;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		/* Overlong forms, surrogates and values past Unicode are not text. */
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -EINVAL;
		s += extra + 1;

		if (cp >= 0x10000) {
			if (units + 2 > out_units)
				return -EINVAL;
			cp -= 0x10000;
			uint16_t hi = 0xd800 | (cp >> 10), lo = 0xdc00 | (cp & 0x3ff);
			out[2 * units] = hi & 0xff;
			out[2 * units + 1] = hi >> 8;
			out[2 * units + 2] = lo & 0xff;
			out[2 * units + 3] = lo >> 8;
			units += 2;
		} else {
			if (units + 1 > out_units)
				return -EINVAL;
			out[2 * units] = cp & 0xff;
			out[2 * units + 1] = cp >> 8;
			units++;
		}
	}
	return (int)(2 * units);
}

struct span {
	const void *data;
	size_t len;
};

/* SHA-1 over the concatenation of the spans. */
static int sha1_spans(const struct span *spans, size_t n, uint8_t out[SHA_DIGEST_LENGTH])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);

	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, spans[i].data, spans[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

static int md4(const uint8_t *in, size_t len, uint8_t out[MSCHAPV2_HASH_LEN])
{
	EVP_MD *md;
	int ok;

	if (!legacy_ctx)
		return -ENOTSUP;
	md = EVP_MD_fetch(legacy_ctx, "MD4", NULL);
	if (!md)
		return -ENOTSUP;
	ok = EVP_Digest(in, len, out, NULL, md, NULL);
	EVP_MD_free(md);
	return ok ? 0 : -EIO;
}

int mschapv2_nt_password_hash(const char *password, uint8_t hash[MSCHAPV2_HASH_LEN])
{
	uint8_t unicode[2 * PASSWORD_MAX_UTF16];
	int len, err;

	len = utf8_to_utf16le(password, unicode, PASSWORD_MAX_UTF16);
	if (len < 0)
		return len;
	err = md4(unicode, (size_t)len, hash);
	OPENSSL_cleanse(unicode, sizeof(unicode));
	return err;
}

/* RFC 2759 8.2: the user name without any "DOMAIN\" in front. */
static int challenge_hash(const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
			  const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
			  const char *user, uint8_t out[8])
{
	const char *name = strrchr(user, '\\');
	uint8_t digest[SHA_DIGEST_LENGTH];
	int err;

	name = name ? name + 1 : user;
	err = sha1_spans((const struct span[]){
		{ peer_challenge, MSCHAPV2_CHALLENGE_LEN },
		{ auth_challenge, MSCHAPV2_CHALLENGE_LEN },
		{ name, strlen(name) },
	}, 3, digest);
	memcpy(out, digest, 8);
	return err;
}

/* Spread 56 key bits over 8 bytes, leaving each low (parity) bit clear. */
static void des_key_expand(const uint8_t in[7], uint8_t out[8])
{
	out[0] = in[0] & 0xfe;
	for (int i = 1; i < 7; i++)
		out[i] = (uint8_t)(((in[i - 1] << (8 - i)) | (in[i] >> i)) & 0xfe);
	out[7] = (uint8_t)(in[6] << 1);
}

static int des_encrypt(const uint8_t key7[7], const uint8_t clear[8], uint8_t cypher[8])
{
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER *des;
	uint8_t key[8];
	int len = 0, ok;

	des = EVP_CIPHER_fetch(legacy_ctx, "DES-ECB", NULL);
	if (!des)
		return -ENOTSUP;
	ctx = EVP_CIPHER_CTX_new();
	des_key_expand(key7, key);
	ok = ctx && EVP_EncryptInit_ex2(ctx, des, key, NULL, NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_EncryptUpdate(ctx, cypher, &len, clear, 8) && len == 8;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(des);
	OPENSSL_cleanse(key, sizeof(key));
	return ok ? 0 : -EIO;
}

/* RFC 2759 8.5: three DES blocks keyed by the zero-padded password hash. */
static int challenge_response(const uint8_t challenge[8],
			      const uint8_t password_hash[MSCHAPV2_HASH_LEN],
			      uint8_t response[MSCHAPV2_NT_RESPONSE_LEN])
{
	uint8_t padded[21] = { 0 };
	int err = 0;

	memcpy(padded, password_hash, MSCHAPV2_HASH_LEN);
	for (int i = 0; i < 3 && !err; i++)
		err = des_encrypt(padded + 7 * i, challenge, response + 8 * i);
	OPENSSL_cleanse(padded, sizeof(padded));
	return err;
}

int mschapv2_nt_response(const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
			 const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
			 const char *user, const char *password,
			 uint8_t response[MSCHAPV2_NT_RESPONSE_LEN])
{
	uint8_t challenge[8], hash[MSCHAPV2_HASH_LEN];
	int err;

	err = challenge_hash(peer_challenge, auth_challenge, user, challenge);
	if (!err)
		err = mschapv2_nt_password_hash(password, hash);
	if (!err)
		err = challenge_response(challenge, hash, response);
	OPENSSL_cleanse(hash, sizeof(hash));
	return err;
}

bool mschapv2_verify(const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
		     const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
		     const char *user, const char *password,
		     const uint8_t response[MSCHAPV2_NT_RESPONSE_LEN])
{
	uint8_t expected[MSCHAPV2_NT_RESPONSE_LEN];
	bool ok;

	if (mschapv2_nt_response(auth_challenge, peer_challenge, user, password, expected))
		return false;
	ok = CRYPTO_memcmp(expected, response, sizeof(expected)) == 0;
	OPENSSL_cleanse(expected, sizeof(expected));
	return ok;
}

static int password_hash_hash(const char *password, uint8_t out[MSCHAPV2_HASH_LEN])
{
	uint8_t hash[MSCHAPV2_HASH_LEN];
	int err;

	err = mschapv2_nt_password_hash(password, hash);
	if (!err)
		err = md4(hash, sizeof(hash), out);
	OPENSSL_cleanse(hash, sizeof(hash));
	return err;
}

int mschapv2_authenticator_response(const char *password,
				    const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
				    const uint8_t peer_challenge[MSCHAPV2_CHALLENGE_LEN],
				    const uint8_t auth_challenge[MSCHAPV2_CHALLENGE_LEN],
				    const char *user, char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1])
{
	static const char magic1[] = "Magic server to client signing constant";
	static const char magic2[] = "Pad to make it do more than one iteration";
	uint8_t hash_hash[MSCHAPV2_HASH_LEN], digest[SHA_DIGEST_LENGTH], challenge[8];
	int err;

	err = password_hash_hash(password, hash_hash);
	if (!err)
		err = sha1_spans((const struct span[]){
			{ hash_hash, sizeof(hash_hash) },
			{ nt_response, MSCHAPV2_NT_RESPONSE_LEN },
			{ magic1, sizeof(magic1) - 1 },
		}, 3, digest);
	OPENSSL_cleanse(hash_hash, sizeof(hash_hash));
	if (!err)
		err = challenge_hash(peer_challenge, auth_challenge, user, challenge);
	if (!err)
		err = sha1_spans((const struct span[]){
			{ digest, sizeof(digest) },
			{ challenge, sizeof(challenge) },
			{ magic2, sizeof(magic2) - 1 },
		}, 3, digest);
	if (err)
		return err;

	out[0] = 'S';
	out[1] = '=';
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(out + 2 + 2 * i, 3, "%02X", digest[i]);
	return 0;
}

int mschapv2_master_key(const char *password,
			const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
			uint8_t master_key[MSCHAPV2_HASH_LEN])
{
	static const char magic1[] = "This is the MPPE Master Key";
	uint8_t hash_hash[MSCHAPV2_HASH_LEN], digest[SHA_DIGEST_LENGTH];
	int err;

	err = password_hash_hash(password, hash_hash);
	if (!err)
		err = sha1_spans((const struct span[]){
			{ hash_hash, sizeof(hash_hash) },
			{ nt_response, MSCHAPV2_NT_RESPONSE_LEN },
			{ magic1, sizeof(magic1) - 1 },
		}, 3, digest);
	memcpy(master_key, digest, MSCHAPV2_HASH_LEN);
	OPENSSL_cleanse(hash_hash, sizeof(hash_hash));
	OPENSSL_cleanse(digest, sizeof(digest));
	return err;
}

int mschapv2_start_key(const uint8_t master_key[MSCHAPV2_HASH_LEN], bool send,
		       bool server, uint8_t key[MSCHAPV2_HASH_LEN])
{
	static const char magic2[] =
		"On the client side, this is the send key; "
		"on the server side, it is the receive key.";
	static const char magic3[] =
		"On the client side, this is the receive key; "
		"on the server side, it is the send key.";
	uint8_t pad1[40], pad2[40], digest[SHA_DIGEST_LENGTH];
	const char *magic = send == server ? magic3 : magic2;
	int err;

	memset(pad1, 0x00, sizeof(pad1));
	memset(pad2, 0xf2, sizeof(pad2));
	err = sha1_spans((const struct span[]){
		{ master_key, MSCHAPV2_HASH_LEN },
		{ pad1, sizeof(pad1) },
		{ magic, strlen(magic) },
		{ pad2, sizeof(pad2) },
	}, 4, digest);
	memcpy(key, digest, MSCHAPV2_HASH_LEN);
	OPENSSL_cleanse(digest, sizeof(digest));
	return err;
}

int mschapv2_hlak(const char *password,
		  const uint8_t nt_response[MSCHAPV2_NT_RESPONSE_LEN],
		  uint8_t hlak[MSCHAPV2_HLAK_LEN])
{
	uint8_t master_key[MSCHAPV2_HASH_LEN];
	int err;

	err = mschapv2_master_key(password, nt_response, master_key);
	if (err)
		return err;
	err = mschapv2_start_key(master_key, false, true, hlak);
	if (!err)
		err = mschapv2_start_key(master_key, true, true, hlak + MSCHAPV2_HASH_LEN);
	OPENSSL_cleanse(master_key, sizeof(master_key));
	return err;
}
