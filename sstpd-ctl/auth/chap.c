// SPDX-License-Identifier: GPL-2.0
/*
 * CHAP (RFC 1994) with MD5 and with MS-CHAPv2 (RFC 2759), both ends.
 *
 * Verifier: a Challenge of 16 random bytes, resent unchanged every Restart
 * interval, Max-Configure times. A Response with another identifier is
 * stale and ignored; one repeating the answered identifier gets our last
 * Success/Failure again (it was lost). After a failure, below the failure
 * limit, a fresh Challenge follows; at the limit the link closes. MS-CHAPv2
 * Failure says R=0 (no retry in the same exchange), so clients that give up
 * after one failure, as Windows does, simply close.
 *
 * Prover: answers each Challenge, checks the MS-CHAPv2 authenticator
 * response in Success (mutual authentication) and derives the HLAK.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "auth/mschapv2.h"
#include "ppp/internal.h"

enum {
	CHAP_CHALLENGE = 1,
	CHAP_RESPONSE = 2,
	CHAP_SUCCESS = 3,
	CHAP_FAILURE = 4,
};

#define MD5_LEN			16
/* Peer-Challenge, 8 reserved, NT-Response, Flags (RFC 2759 4). */
#define MSV2_RESPONSE_LEN	49
#define MSV2_NT_OFFSET		24

static const char msg_md5_ok[] = "Access granted";
static const char msg_md5_bad[] = "Access denied";

static bool is_msv2(enum ppp_auth method)
{
	return method == PPP_AUTH_MSCHAPV2;
}

/* MD5(id | secret | challenge), RFC 1994 4.1. */
static int chap_md5(uint8_t id, const char *secret, const uint8_t *challenge, size_t clen,
		    uint8_t out[MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) &&
		 EVP_DigestUpdate(ctx, &id, 1) &&
		 EVP_DigestUpdate(ctx, secret, strlen(secret)) &&
		 EVP_DigestUpdate(ctx, challenge, clen) &&
		 EVP_DigestFinal_ex(ctx, out, &len) && len == MD5_LEN;

	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

static void hex(char *out, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Code, id, length, value-size, value, name: a Challenge or a Response. */
static void send_value(struct ppp *ppp, uint8_t code, uint8_t id, const uint8_t *val,
		       size_t vlen, const char *name)
{
	size_t nlen = strlen(name), len;
	uint8_t *pkt = ppp->tx + 2;

	if (nlen > PPP_NAME_MAX)
		nlen = PPP_NAME_MAX;
	len = CP_HEADER_LEN + 1 + vlen + nlen;
	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)len);
	pkt[4] = (uint8_t)vlen;
	memcpy(pkt + 5, val, vlen);
	memcpy(pkt + 5 + vlen, name, nlen);
	ppp_send(ppp, PPP_CHAP, pkt, len);
}

static void send_reply(struct ppp *ppp)
{
	struct auth_verifier *v = &ppp->verifier;
	uint8_t *pkt = ppp->tx + 2;

	pkt[0] = v->reply_code;
	pkt[1] = v->id;
	put_be16(pkt + 2, (uint16_t)(CP_HEADER_LEN + v->reply_len));
	memcpy(pkt + CP_HEADER_LEN, v->reply, v->reply_len);
	ppp_send(ppp, PPP_CHAP, pkt, CP_HEADER_LEN + v->reply_len);
}

static void set_reply(struct auth_verifier *v, uint8_t code, const char *msg)
{
	v->reply_code = code;
	v->reply_len = strlen(msg);
	if (v->reply_len > sizeof(v->reply))
		v->reply_len = sizeof(v->reply);
	memcpy(v->reply, msg, v->reply_len);
}

static void send_challenge(struct ppp *ppp)
{
	struct auth_verifier *v = &ppp->verifier;

	send_value(ppp, CHAP_CHALLENGE, v->id, v->challenge, sizeof(v->challenge),
		   ppp->cfg.name);
	v->transmits++;
	v->deadline = ppp->now + ppp->cfg.restart_ms;
}

/* A new exchange; challenge is ours already (the C= of a Failure) or NULL. */
static void new_challenge(struct ppp *ppp, const uint8_t *challenge)
{
	struct auth_verifier *v = &ppp->verifier;

	v->state = AUTH_WAIT;
	v->transmits = 0;
	v->id = ppp_new_id(ppp);
	if (challenge)
		memcpy(v->challenge, challenge, sizeof(v->challenge));
	else if (ppp_random(ppp, v->challenge, sizeof(v->challenge)))
		return;		/* the link closes: no guessable challenge goes out */
	send_challenge(ppp);
}

void chap_verifier_start(struct ppp *ppp)
{
	memset(ppp->verifier.hlak, 0, sizeof(ppp->verifier.hlak));
	new_challenge(ppp, NULL);
}

/*
 * Checks a response against the user's secret. For MS-CHAPv2 also writes
 * the Success message and the HLAK.
 */
static bool verify(struct ppp *ppp, uint8_t id, const uint8_t *val, const char *user,
		   char *success, size_t success_size)
{
	struct auth_verifier *v = &ppp->verifier;
	char secret[PPP_SECRET_MAX + 1];
	char auth_resp[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	uint8_t md5[MD5_LEN];
	bool ok = false;

	if (ppp->cfg.get_secret(ppp->cfg.secret_ctx, user, secret, sizeof(secret)) != 0)
		return false;
	secret[sizeof(secret) - 1] = '\0';
	if (!is_msv2(v->method)) {
		ok = !chap_md5(id, secret, v->challenge, sizeof(v->challenge), md5) &&
		     !CRYPTO_memcmp(md5, val, MD5_LEN);
		snprintf(success, success_size, "%s", msg_md5_ok);
	} else if (mschapv2_verify(v->challenge, val, user, secret, val + MSV2_NT_OFFSET)) {
		ok = !mschapv2_authenticator_response(secret, val + MSV2_NT_OFFSET, val,
						      v->challenge, user, auth_resp) &&
		     !mschapv2_hlak(secret, val + MSV2_NT_OFFSET, v->hlak);
		if (!ok)
			ppp_log(ppp, LOG_ERR, "mschapv2: key derivation failed");
		snprintf(success, success_size, "%s M=Access granted", auth_resp);
	}
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(md5, sizeof(md5));
	return ok;
}

static void verifier_input(struct ppp *ppp, uint8_t id, const uint8_t *data, size_t len)
{
	struct auth_verifier *v = &ppp->verifier;
	struct ppp_event_info info = { .method = v->method, .user = v->user };
	size_t vsize, want = is_msv2(v->method) ? MSV2_RESPONSE_LEN : MD5_LEN, nlen;
	uint8_t next[CHAP_CHALLENGE_LEN];
	char msg[AUTH_MSG_MAX], chal[2 * CHAP_CHALLENGE_LEN + 1];

	if ((v->method != PPP_AUTH_CHAP_MD5 && !is_msv2(v->method)) || id != v->id)
		return;
	if (v->state == AUTH_DONE || v->state == AUTH_FAILED) {
		send_reply(ppp);	/* ours was lost */
		return;
	}
	if (v->state != AUTH_WAIT)
		return;
	if (len < 1 || (vsize = data[0]) != want || 1 + vsize > len) {
		ppp_log(ppp, LOG_DEBUG, "chap: malformed Response dropped");
		return;
	}
	nlen = len - 1 - vsize;
	v->deadline = -1;
	/* A NUL inside the name would make the lookup see another user. */
	if (ppp_copy_name(v->user, data + 1 + vsize, nlen) &&
	    verify(ppp, id, data + 1, v->user, msg, sizeof(msg))) {
		set_reply(v, CHAP_SUCCESS, msg);
		send_reply(ppp);
		v->state = AUTH_DONE;
		ppp_log(ppp, LOG_INFO, "%s: peer \"%s\" authenticated",
			ppp_auth_name(v->method), v->user);
		ppp_auth_done(ppp);
		return;
	}
	v->failures++;
	ppp_log(ppp, LOG_WARNING, "%s: authentication of \"%s\" failed (%u of %u)",
		ppp_auth_name(v->method), v->user, v->failures, ppp->cfg.max_auth_failures);
	if (is_msv2(v->method)) {
		/* RFC 2759 6: C= is the challenge of a retry; it must be fresh. */
		ppp_random(ppp, next, sizeof(next));
		hex(chal, next, sizeof(next));
		snprintf(msg, sizeof(msg), "E=691 R=0 C=%s V=3 M=Access denied", chal);
	} else {
		snprintf(msg, sizeof(msg), "%s", msg_md5_bad);
	}
	set_reply(v, CHAP_FAILURE, msg);
	send_reply(ppp);
	ppp_emit(ppp, PPP_EV_AUTH_FAILED, &info);
	if (v->failures >= ppp->cfg.max_auth_failures) {
		v->state = AUTH_FAILED;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_FAILED);
		return;
	}
	new_challenge(ppp, is_msv2(v->method) ? next : NULL);
}

void chap_prover_start(struct ppp *ppp)
{
	struct auth_prover *p = &ppp->prover;

	p->state = AUTH_WAIT;
	p->answered = false;
	memset(p->hlak, 0, sizeof(p->hlak));
	p->deadline = ppp->now + (int64_t)ppp->cfg.restart_ms * ppp->cfg.max_configure;
}

/* Our Response to a new Challenge; false when it cannot be computed. */
static bool make_response(struct ppp *ppp, uint8_t id, const uint8_t *chal, size_t clen)
{
	struct auth_prover *p = &ppp->prover;

	if (!is_msv2(p->method)) {
		p->response_len = MD5_LEN;
		return !chap_md5(id, ppp->cfg.password, chal, clen, p->response);
	}
	memcpy(p->auth_challenge, chal, CHAP_CHALLENGE_LEN);
	if (ppp_random(ppp, p->peer_challenge, sizeof(p->peer_challenge)) ||
	    mschapv2_nt_response(p->auth_challenge, p->peer_challenge, ppp->cfg.user,
				 ppp->cfg.password, p->nt_response))
		return false;
	memset(p->response, 0, sizeof(p->response));
	memcpy(p->response, p->peer_challenge, CHAP_CHALLENGE_LEN);
	memcpy(p->response + MSV2_NT_OFFSET, p->nt_response, sizeof(p->nt_response));
	p->response_len = MSV2_RESPONSE_LEN;
	return true;
}

static void prover_challenge(struct ppp *ppp, uint8_t id, const uint8_t *data, size_t len)
{
	struct auth_prover *p = &ppp->prover;
	size_t vsize;

	if (p->state != AUTH_WAIT && p->state != AUTH_DONE)
		return;
	if (len < 1 || (vsize = data[0]) < 1 || 1 + vsize > len ||
	    (is_msv2(p->method) && vsize != CHAP_CHALLENGE_LEN)) {
		ppp_log(ppp, LOG_DEBUG, "chap: malformed Challenge dropped");
		return;
	}
	/* The same Challenge again: our Response was lost. */
	if (!(p->answered && id == p->id)) {
		if (!make_response(ppp, id, data + 1, vsize)) {
			ppp_log(ppp, LOG_ERR, "%s: cannot compute a response",
				ppp_auth_name(p->method));
			ppp_auth_failed(ppp, PPP_DOWN_INTERNAL);
			return;
		}
		p->id = id;
		p->answered = true;
		/* A re-challenge of an open link (RFC 1994 2) is answered too. */
		if (p->state != AUTH_DONE)
			p->state = AUTH_WAIT;
	}
	send_value(ppp, CHAP_RESPONSE, id, p->response, p->response_len, ppp->cfg.user);
	if (p->state == AUTH_WAIT)
		p->deadline = ppp->now + (int64_t)ppp->cfg.restart_ms * ppp->cfg.max_configure;
}

/* RFC 2759 5: "S=<40 hex digits>", maybe followed by " M=<message>". */
static bool server_proved(struct ppp *ppp, const uint8_t *msg, size_t len)
{
	struct auth_prover *p = &ppp->prover;
	char want[MSCHAPV2_AUTH_RESPONSE_LEN + 1];

	if (len < MSCHAPV2_AUTH_RESPONSE_LEN ||
	    mschapv2_authenticator_response(ppp->cfg.password, p->nt_response,
					    p->peer_challenge, p->auth_challenge,
					    ppp->cfg.user, want))
		return false;
	return !strncasecmp(want, (const char *)msg, MSCHAPV2_AUTH_RESPONSE_LEN);
}

static void prover_result(struct ppp *ppp, uint8_t code, uint8_t id, const uint8_t *data,
			  size_t len)
{
	struct auth_prover *p = &ppp->prover;
	struct ppp_event_info info = { .method = p->method, .user = ppp->cfg.user };
	char text[AUTH_MSG_MAX];

	if (p->state != AUTH_WAIT || !p->answered || id != p->id)
		return;
	ppp_sanitize(text, sizeof(text), data, len);
	p->deadline = -1;
	if (code == CHAP_SUCCESS) {
		if (is_msv2(p->method) && !server_proved(ppp, data, len)) {
			ppp_log(ppp, LOG_WARNING, "mschapv2: the server does not know our "
				"password (bad authenticator response)");
			info.message = "the server did not prove it knows the password "
				       "(wrong MS-CHAPv2 authenticator response)";
			p->state = AUTH_FAILED;
			ppp_emit(ppp, PPP_EV_AUTH_FAILED, &info);
			ppp_auth_failed(ppp, PPP_DOWN_AUTH_FAILED);
			return;
		}
		if (is_msv2(p->method) &&
		    mschapv2_hlak(ppp->cfg.password, p->nt_response, p->hlak)) {
			ppp_log(ppp, LOG_ERR, "mschapv2: key derivation failed");
			p->state = AUTH_FAILED;
			ppp_auth_failed(ppp, PPP_DOWN_INTERNAL);
			return;
		}
		p->state = AUTH_DONE;
		ppp_log(ppp, LOG_INFO, "%s: authenticated as \"%s\"", ppp_auth_name(p->method),
			ppp->cfg.user);
		ppp_auth_done(ppp);
		return;
	}
	p->state = AUTH_FAILED;
	ppp_log(ppp, LOG_WARNING, "%s: peer refused us: \"%s\"", ppp_auth_name(p->method), text);
	snprintf(ppp->auth_message, sizeof(ppp->auth_message), "%s", text);
	info.message = ppp->auth_message;
	ppp_emit(ppp, PPP_EV_AUTH_FAILED, &info);
	ppp_auth_failed(ppp, PPP_DOWN_AUTH_FAILED);
}

void chap_timeout(struct ppp *ppp, bool verifier)
{
	if (!verifier) {
		if (ppp->prover.state != AUTH_WAIT)
			return;
		ppp_log(ppp, LOG_INFO, "chap: the peer did not finish authenticating us");
		ppp->prover.state = AUTH_FAILED;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_TIMEOUT);
		return;
	}
	if (ppp->verifier.state != AUTH_WAIT)
		return;
	if (ppp->verifier.transmits >= ppp->cfg.max_configure) {
		ppp_log(ppp, LOG_INFO, "chap: no Response to %u Challenges",
			ppp->verifier.transmits);
		ppp->verifier.state = AUTH_FAILED;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_TIMEOUT);
		return;
	}
	send_challenge(ppp);
}

void chap_input(struct ppp *ppp, const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < CP_HEADER_LEN)
		return;
	plen = get_be16(pkt + 2);
	if (plen < CP_HEADER_LEN || plen > len)
		return;
	switch (pkt[0]) {
	case CHAP_RESPONSE:
		verifier_input(ppp, pkt[1], pkt + CP_HEADER_LEN, plen - CP_HEADER_LEN);
		break;
	case CHAP_CHALLENGE:
		if (ppp->prover.method == PPP_AUTH_CHAP_MD5 || is_msv2(ppp->prover.method))
			prover_challenge(ppp, pkt[1], pkt + CP_HEADER_LEN, plen - CP_HEADER_LEN);
		break;
	case CHAP_SUCCESS:
	case CHAP_FAILURE:
		if (ppp->prover.method == PPP_AUTH_CHAP_MD5 || is_msv2(ppp->prover.method))
			prover_result(ppp, pkt[0], pkt[1], pkt + CP_HEADER_LEN,
				      plen - CP_HEADER_LEN);
		break;
	default:
		break;
	}
}
