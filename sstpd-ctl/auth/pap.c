// SPDX-License-Identifier: GPL-2.0
/*
 * PAP (RFC 1334 2), both ends. The verifier waits for the peer's
 * Authenticate-Request for as long as a whole LCP negotiation may take; the
 * prover retransmits its request every Restart interval, Max-Configure
 * times. Plain-text passwords are compared in constant time and wiped.
 */

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ppp/internal.h"

enum {
	PAP_REQ = 1,
	PAP_ACK = 2,
	PAP_NAK = 3,
};

static const char msg_ok[] = "Login ok";
static const char msg_bad[] = "Login incorrect";

/* Code, id, length, then a message with its one-byte length. */
static void send_reply(struct ppp *ppp, uint8_t code, uint8_t id, const char *msg)
{
	struct auth_verifier *v = &ppp->verifier;
	size_t mlen = strlen(msg);
	uint8_t *pkt = ppp->tx + 2;

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(CP_HEADER_LEN + 1 + mlen));
	pkt[4] = (uint8_t)mlen;
	memcpy(pkt + 5, msg, mlen);
	v->reply_code = code;
	v->reply_len = 0;	/* PAP replies are rebuilt from the code */
	ppp_send(ppp, PPP_PAP, pkt, CP_HEADER_LEN + 1 + mlen);
}

void pap_verifier_start(struct ppp *ppp)
{
	struct auth_verifier *v = &ppp->verifier;

	v->state = AUTH_WAIT;
	v->deadline = ppp->now + (int64_t)ppp->cfg.restart_ms * ppp->cfg.max_configure;
	memset(v->hlak, 0, sizeof(v->hlak));
}

/* True when the password matches the user's secret. */
static bool check_password(struct ppp *ppp, const char *user, const uint8_t *pw, size_t len)
{
	char secret[PPP_SECRET_MAX + 1];
	bool ok;

	if (ppp->cfg.get_secret(ppp->cfg.secret_ctx, user, secret, sizeof(secret)) != 0)
		return false;
	secret[sizeof(secret) - 1] = '\0';
	ok = strlen(secret) == len && CRYPTO_memcmp(secret, pw, len) == 0;
	OPENSSL_cleanse(secret, sizeof(secret));
	return ok;
}

static void verifier_input(struct ppp *ppp, uint8_t id, const uint8_t *data, size_t len)
{
	struct auth_verifier *v = &ppp->verifier;
	struct ppp_event_info info = { .method = PPP_AUTH_PAP };
	size_t ulen, plen;

	if (v->method != PPP_AUTH_PAP)
		return;
	/* Our Ack got lost: the peer asks again. */
	if (v->state == AUTH_DONE || v->state == AUTH_FAILED) {
		if (id == v->id)
			send_reply(ppp, v->reply_code, id, v->reply_code == PAP_ACK ? msg_ok : msg_bad);
		return;
	}
	if (v->state != AUTH_WAIT)
		return;
	if (len < 1 || (ulen = data[0]) + 2 > len || (plen = data[1 + ulen]) + 2 + ulen > len) {
		ppp_log(ppp, LOG_DEBUG, "pap: malformed Authenticate-Request dropped");
		return;
	}
	v->id = id;
	info.user = v->user;
	/* A NUL inside the name would make the lookup see another user. */
	if (ppp_copy_name(v->user, data + 1, ulen) &&
	    check_password(ppp, v->user, data + 2 + ulen, plen)) {
		send_reply(ppp, PAP_ACK, id, msg_ok);
		v->state = AUTH_DONE;
		v->deadline = -1;
		ppp_log(ppp, LOG_INFO, "pap: peer \"%s\" authenticated", v->user);
		ppp_auth_done(ppp);
		return;
	}
	send_reply(ppp, PAP_NAK, id, msg_bad);
	v->failures++;
	ppp_log(ppp, LOG_WARNING, "pap: authentication of \"%s\" failed (%u of %u)", v->user,
		v->failures, ppp->cfg.max_auth_failures);
	ppp_emit(ppp, PPP_EV_AUTH_FAILED, &info);
	if (v->failures >= ppp->cfg.max_auth_failures) {
		v->state = AUTH_FAILED;
		v->deadline = -1;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_FAILED);
	}
}

static void send_request(struct ppp *ppp)
{
	struct auth_prover *p = &ppp->prover;
	size_t ulen = strlen(ppp->cfg.user), plen = strlen(ppp->cfg.password);
	uint8_t *pkt = ppp->tx + 2;
	size_t len = CP_HEADER_LEN + 2 + ulen + plen;

	pkt[0] = PAP_REQ;
	pkt[1] = p->id;
	put_be16(pkt + 2, (uint16_t)len);
	pkt[4] = (uint8_t)ulen;
	memcpy(pkt + 5, ppp->cfg.user, ulen);
	pkt[5 + ulen] = (uint8_t)plen;
	memcpy(pkt + 6 + ulen, ppp->cfg.password, plen);
	ppp_send(ppp, PPP_PAP, pkt, len);
	OPENSSL_cleanse(pkt + 6 + ulen, plen);
	p->transmits++;
	p->deadline = ppp->now + ppp->cfg.restart_ms;
}

void pap_prover_start(struct ppp *ppp)
{
	struct auth_prover *p = &ppp->prover;

	p->state = AUTH_WAIT;
	p->transmits = 0;
	p->id = ppp_new_id(ppp);
	memset(p->hlak, 0, sizeof(p->hlak));
	send_request(ppp);
}

static void prover_input(struct ppp *ppp, uint8_t code, uint8_t id, const uint8_t *data,
			 size_t len)
{
	struct auth_prover *p = &ppp->prover;
	struct ppp_event_info info = { .method = PPP_AUTH_PAP, .user = ppp->cfg.user };
	char msg[64] = "";

	if (p->method != PPP_AUTH_PAP || p->state != AUTH_WAIT || id != p->id)
		return;
	if (len >= 1 && data[0] <= len - 1)
		ppp_sanitize(msg, sizeof(msg), data + 1, data[0]);
	p->deadline = -1;
	if (code == PAP_ACK) {
		p->state = AUTH_DONE;
		ppp_log(ppp, LOG_INFO, "pap: authenticated as \"%s\"", ppp->cfg.user);
		ppp_auth_done(ppp);
		return;
	}
	p->state = AUTH_FAILED;
	ppp_log(ppp, LOG_WARNING, "pap: peer refused us: \"%s\"", msg);
	snprintf(ppp->auth_message, sizeof(ppp->auth_message), "%s", msg);
	info.message = ppp->auth_message;
	ppp_emit(ppp, PPP_EV_AUTH_FAILED, &info);
	ppp_auth_failed(ppp, PPP_DOWN_AUTH_FAILED);
}

void pap_timeout(struct ppp *ppp, bool verifier)
{
	if (verifier) {
		if (ppp->verifier.state != AUTH_WAIT)
			return;
		ppp_log(ppp, LOG_INFO, "pap: no Authenticate-Request from the peer");
		ppp->verifier.state = AUTH_FAILED;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_TIMEOUT);
		return;
	}
	if (ppp->prover.state != AUTH_WAIT)
		return;
	if (ppp->prover.transmits >= ppp->cfg.max_configure) {
		ppp_log(ppp, LOG_INFO, "pap: no answer to %u Authenticate-Requests",
			ppp->prover.transmits);
		ppp->prover.state = AUTH_FAILED;
		ppp_auth_failed(ppp, PPP_DOWN_AUTH_TIMEOUT);
		return;
	}
	send_request(ppp);
}

void pap_input(struct ppp *ppp, const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < CP_HEADER_LEN)
		return;
	plen = get_be16(pkt + 2);
	if (plen < CP_HEADER_LEN || plen > len)
		return;
	if (pkt[0] == PAP_REQ)
		verifier_input(ppp, pkt[1], pkt + CP_HEADER_LEN, plen - CP_HEADER_LEN);
	else if (pkt[0] == PAP_ACK || pkt[0] == PAP_NAK)
		prover_input(ppp, pkt[0], pkt[1], pkt + CP_HEADER_LEN, plen - CP_HEADER_LEN);
}
