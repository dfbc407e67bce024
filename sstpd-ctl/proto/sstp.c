// SPDX-License-Identifier: GPL-2.0
/*
 * The SSTP call state machine, server side:
 *
 *   CONNECT_REQUEST_PENDING --REQUEST ok/ACK--> CONNECTED_PENDING
 *   CONNECTED_PENDING --CONNECTED verified--> CONNECTED
 *   any --our ABORT--> ABORT_PENDING --their ABORT or 3 s--> CLOSED
 *   any --their ABORT/our ABORT--> ABORT_TIMEOUT_PENDING --1 s--> CLOSED
 *   any --our DISCONNECT--> DISCONNECT_ACK_PENDING --ACK or 5 s--> CLOSED
 *   any --their DISCONNECT/our ACK--> DISCONNECT_TIMEOUT_PENDING --1 s--> CLOSED
 *
 * Client side ([MS-SSTP] 3.1):
 *
 *   CONNECT_ACK_PENDING --ACK--> CONNECTED_PENDING (PPP authenticates)
 *   CONNECT_ACK_PENDING --NAK--> CLOSED (we ask only for PPP)
 *   CONNECTED_PENDING --HLAK known/CONNECTED sent--> CONNECTED
 *   and the same abort and disconnect states as the server.
 *
 * A message the state does not expect aborts the call ([MS-SSTP] 3.2.5).
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "proto/binding.h"
#include "proto/sstp.h"
#include "proto/wire.h"

/* What the server offers in Call Connect Ack: clients pick SHA-256. */
#define OFFERED_HASHES	(SSTP_HASH_SHA1 | SSTP_HASH_SHA256)

static const char *const state_names[] = {
	[SSTP_CALL_CONNECT_REQUEST_PENDING] = "connect-request-pending",
	[SSTP_CALL_CONNECTED_PENDING] = "connected-pending",
	[SSTP_CALL_CONNECT_ACK_PENDING] = "connect-ack-pending",
	[SSTP_CALL_CONNECTED] = "connected",
	[SSTP_CALL_ABORT_PENDING] = "abort-pending",
	[SSTP_CALL_ABORT_TIMEOUT_PENDING] = "abort-timeout-pending",
	[SSTP_CALL_DISCONNECT_ACK_PENDING] = "disconnect-ack-pending",
	[SSTP_CALL_DISCONNECT_TIMEOUT_PENDING] = "disconnect-timeout-pending",
	[SSTP_CALL_CLOSED] = "closed",
};

const char *sstp_call_state_name(enum sstp_call_state state)
{
	return state_names[state];
}

__attribute__((format(printf, 3, 4)))
static void call_log(struct sstp_call *call, enum log_level level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!call->ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	call->ops->log(call->ctx, level, msg);
}

static void set_state(struct sstp_call *call, enum sstp_call_state state,
		      uint64_t deadline_ms)
{
	if (call->state != state)
		call_log(call, LOG_LEVEL_DEBUG, "sstp: %s -> %s", state_names[call->state],
			 state_names[state]);
	call->state = state;
	call->deadline_ms = deadline_ms;
}

static void send_packet(struct sstp_call *call, const uint8_t *pkt, int len)
{
	/* Our own builders on our own values cannot fail; a bug must not send. */
	if (len <= 0) {
		call_log(call, LOG_LEVEL_ERROR, "sstp: cannot build a packet: %s",
			 sstp_wire_strerror(len));
		return;
	}
	call->ops->send(call->ctx, pkt, (size_t)len);
}

static void send_bare(struct sstp_call *call, uint16_t type)
{
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN];

	send_packet(call, pkt, sstp_wire_build_bare(pkt, sizeof(pkt), type));
}

static void close_call(struct sstp_call *call, const char *reason)
{
	if (call->state == SSTP_CALL_CLOSED)
		return;
	set_state(call, SSTP_CALL_CLOSED, 0);
	OPENSSL_cleanse(call->expect.hlak, sizeof(call->expect.hlak));
	call->ops->closed(call->ctx, reason);
}

static void remember_reason(struct sstp_call *call, const char *reason)
{
	snprintf(call->close_reason, sizeof(call->close_reason), "%s", reason);
}

void sstp_call_abort(struct sstp_call *call, uint8_t attrib_id, uint32_t status,
		     const char *reason, uint64_t now_ms)
{
	struct sstp_status_info info = { .attrib_id = attrib_id, .status = status };
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MIN_LEN];

	if (call->state >= SSTP_CALL_ABORT_PENDING)
		return;
	call_log(call, LOG_LEVEL_WARN, "sstp: aborting call: %s (status %u)", reason,
		 (unsigned int)status);
	remember_reason(call, reason);
	send_packet(call, pkt, sstp_wire_build_abort(pkt, sizeof(pkt), &info));
	set_state(call, SSTP_CALL_ABORT_PENDING, now_ms + SSTP_ABORT_PENDING_MS);
}

void sstp_call_disconnect(struct sstp_call *call, const char *reason, uint64_t now_ms)
{
	/* Exactly one Status Info, or sstpc never answers with an ACK. */
	struct sstp_status_info info = {
		.attrib_id = SSTP_ATTR_NO_ERROR,
		.status = SSTP_STATUS_NO_ERROR,
	};
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MIN_LEN];

	if (call->state >= SSTP_CALL_ABORT_PENDING)
		return;
	remember_reason(call, reason);
	send_packet(call, pkt, sstp_wire_build_disconnect(pkt, sizeof(pkt), &info));
	set_state(call, SSTP_CALL_DISCONNECT_ACK_PENDING, now_ms + SSTP_DISCONNECT_ACK_MS);
}

void sstp_call_start(struct sstp_call *call, const struct sstp_call_ops *ops, void *ctx,
		     const uint8_t nonce[SSTP_NONCE_LEN], const uint8_t cert_sha1[20],
		     const uint8_t cert_sha256[32], uint64_t now_ms)
{
	memset(call, 0, sizeof(*call));
	call->ops = ops;
	call->ctx = ctx;
	call->expect.hash_bitmask = OFFERED_HASHES;
	memcpy(call->expect.nonce, nonce, SSTP_NONCE_LEN);
	memcpy(call->expect.cert_sha1, cert_sha1, sizeof(call->expect.cert_sha1));
	memcpy(call->expect.cert_sha256, cert_sha256, sizeof(call->expect.cert_sha256));
	call->state = SSTP_CALL_CONNECT_REQUEST_PENDING;
	call->deadline_ms = now_ms + SSTP_NEGOTIATION_TIMEOUT_MS;
}

static void on_connect_request(struct sstp_call *call, const struct sstp_control *msg,
			       uint64_t now_ms)
{
	struct sstp_crypto_binding_req req = { .hash_bitmask = OFFERED_HASHES };
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MAX_LEN];

	if (msg->encap_proto != SSTP_ENCAP_PROTO_PPP) {
		/* The NAK carries the value we would take: PPP. */
		struct sstp_status_info info = {
			.attrib_id = SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
			.status = SSTP_STATUS_VALUE_NOT_SUPPORTED,
			.value_len = 2,
			.value = { 0x00, SSTP_ENCAP_PROTO_PPP },
		};

		if (call->naks_sent == SSTP_MAX_NAKS) {
			sstp_call_abort(call, SSTP_ATTR_STATUS_INFO,
					SSTP_STATUS_RETRY_COUNT_EXCEEDED,
					"client kept asking for another protocol", now_ms);
			return;
		}
		call->naks_sent++;
		call_log(call, LOG_LEVEL_INFO, "sstp: refused encapsulated protocol %u",
			 msg->encap_proto);
		send_packet(call, pkt, sstp_wire_build_connect_nak(pkt, sizeof(pkt), &info));
		return;
	}
	memcpy(req.nonce, call->expect.nonce, SSTP_NONCE_LEN);
	send_packet(call, pkt, sstp_wire_build_connect_ack(pkt, sizeof(pkt), &req));
	set_state(call, SSTP_CALL_CONNECTED_PENDING, now_ms + SSTP_NEGOTIATION_TIMEOUT_MS);
	call->ops->accepted(call->ctx);
}

static void verify_connected(struct sstp_call *call, uint64_t now_ms)
{
	enum sstp_binding_result result;
	uint8_t hash = call->connected_pkt[SSTP_CONNECTED_HASH_OFFSET];

	result = sstp_binding_verify(&call->expect, call->connected_pkt);
	call->connected_queued = false;
	if (result != SSTP_BINDING_OK) {
		char reason[80];

		snprintf(reason, sizeof(reason), "crypto binding failed: %s",
			 sstp_binding_result_name(result));
		sstp_call_abort(call, SSTP_ATTR_CRYPTO_BINDING, SSTP_STATUS_VALUE_NOT_SUPPORTED,
				reason, now_ms);
		return;
	}
	set_state(call, SSTP_CALL_CONNECTED, 0);
	call->hello_deadline_ms = now_ms + SSTP_HELLO_TIMEOUT_MS;
	call->ops->connected(call->ctx, hash);
}

static void on_connected(struct sstp_call *call, const uint8_t *pkt, size_t len,
			 uint64_t now_ms)
{
	/* The parser let a whole CONNECTED through: it is exactly 112 bytes. */
	if (len != SSTP_CONNECTED_LEN) {
		sstp_call_abort(call, SSTP_ATTR_CRYPTO_BINDING,
				SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH,
				"Call Connected of the wrong length", now_ms);
		return;
	}
	memcpy(call->connected_pkt, pkt, len);
	call->connected_queued = true;
	/* sstpc sends it before PPP authentication ends: verify it then. */
	if (call->hlak_known)
		verify_connected(call, now_ms);
	else
		call_log(call, LOG_LEVEL_DEBUG,
			 "sstp: Call Connected waits for the end of PPP authentication");
}

static void on_their_abort(struct sstp_call *call, const struct sstp_control *msg,
			   uint64_t now_ms)
{
	struct sstp_status_info info = {
		.attrib_id = SSTP_ATTR_NO_ERROR,
		.status = SSTP_STATUS_NO_ERROR,
	};
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_STATUS_INFO_MIN_LEN];
	char reason[64];

	if (call->state == SSTP_CALL_ABORT_PENDING) {
		close_call(call, call->close_reason);
		return;
	}
	snprintf(reason, sizeof(reason), "%s aborted the call (status %u)",
		 call->client ? "server" : "client",
		 msg->has_status ? (unsigned int)msg->status.status : 0u);
	if (call->client && call->state != SSTP_CALL_CONNECTED)
		call->refused = true;
	remember_reason(call, reason);
	send_packet(call, pkt, sstp_wire_build_abort(pkt, sizeof(pkt), &info));
	set_state(call, SSTP_CALL_ABORT_TIMEOUT_PENDING, now_ms + SSTP_ABORT_TIMEOUT_MS);
}

static void on_their_disconnect(struct sstp_call *call, uint64_t now_ms)
{
	if (call->state != SSTP_CALL_DISCONNECT_ACK_PENDING)
		remember_reason(call, call->client ? "server disconnected" : "client disconnected");
	send_bare(call, SSTP_MSG_CALL_DISCONNECT_ACK);
	set_state(call, SSTP_CALL_DISCONNECT_TIMEOUT_PENDING,
		  now_ms + SSTP_DISCONNECT_TIMEOUT_MS);
}

static void on_connect_ack(struct sstp_call *call, const struct sstp_control *msg,
			   uint64_t now_ms);
static void on_connect_nak(struct sstp_call *call, const struct sstp_control *msg);

/* Messages every live state handles the same way; false if not one. */
static bool common_input(struct sstp_call *call, const struct sstp_control *msg,
			 uint64_t now_ms)
{
	switch (msg->type) {
	case SSTP_MSG_CALL_ABORT:
		on_their_abort(call, msg, now_ms);
		return true;
	case SSTP_MSG_CALL_DISCONNECT:
		on_their_disconnect(call, now_ms);
		return true;
	default:
		return false;
	}
}

static void unexpected(struct sstp_call *call, const struct sstp_control *msg,
		       uint64_t now_ms)
{
	char reason[96];

	snprintf(reason, sizeof(reason), "unexpected %s in state %s",
		 sstp_wire_msg_name(msg->type), state_names[call->state]);
	sstp_call_abort(call, SSTP_ATTR_NO_ERROR, SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED,
			reason, now_ms);
}

void sstp_call_input(struct sstp_call *call, const uint8_t *pkt, size_t len,
		     uint64_t now_ms)
{
	struct sstp_packet parsed;
	int err;

	sstp_call_activity(call, now_ms);
	err = sstp_wire_parse(pkt, len, &parsed);
	if (call->state >= SSTP_CALL_ABORT_PENDING) {
		/* Lingering states: only the answer they wait for counts. */
		if (err || !parsed.is_control)
			return;
		if (call->state == SSTP_CALL_ABORT_PENDING &&
		    parsed.ctrl.type == SSTP_MSG_CALL_ABORT)
			close_call(call, call->close_reason);
		else if (call->state == SSTP_CALL_DISCONNECT_ACK_PENDING &&
			 (parsed.ctrl.type == SSTP_MSG_CALL_DISCONNECT_ACK ||
			  parsed.ctrl.type == SSTP_MSG_CALL_ABORT))
			close_call(call, call->close_reason);
		else if (call->state == SSTP_CALL_DISCONNECT_ACK_PENDING &&
			 parsed.ctrl.type == SSTP_MSG_CALL_DISCONNECT)
			on_their_disconnect(call, now_ms);
		return;
	}
	if (err) {
		char reason[96];

		snprintf(reason, sizeof(reason), "malformed control packet: %s",
			 sstp_wire_strerror(err));
		sstp_call_abort(call, parsed.ctrl.err_attr_id,
				sstp_wire_err_status(err, parsed.ctrl.err_attr_id), reason, now_ms);
		return;
	}
	if (!parsed.is_control || common_input(call, &parsed.ctrl, now_ms))
		return;

	switch (call->state) {
	case SSTP_CALL_CONNECT_REQUEST_PENDING:
		if (parsed.ctrl.type == SSTP_MSG_CALL_CONNECT_REQUEST)
			on_connect_request(call, &parsed.ctrl, now_ms);
		else
			unexpected(call, &parsed.ctrl, now_ms);
		break;
	case SSTP_CALL_CONNECT_ACK_PENDING:
		if (parsed.ctrl.type == SSTP_MSG_CALL_CONNECT_ACK)
			on_connect_ack(call, &parsed.ctrl, now_ms);
		else if (parsed.ctrl.type == SSTP_MSG_CALL_CONNECT_NAK)
			on_connect_nak(call, &parsed.ctrl);
		else
			unexpected(call, &parsed.ctrl, now_ms);
		break;
	case SSTP_CALL_CONNECTED_PENDING:
		if (call->client)
			unexpected(call, &parsed.ctrl, now_ms);
		else if (parsed.ctrl.type == SSTP_MSG_CALL_CONNECTED && !call->connected_queued)
			on_connected(call, pkt, len, now_ms);
		else
			unexpected(call, &parsed.ctrl, now_ms);
		break;
	case SSTP_CALL_CONNECTED:
		if (parsed.ctrl.type == SSTP_MSG_ECHO_REQUEST)
			send_bare(call, SSTP_MSG_ECHO_RESPONSE);
		else if (parsed.ctrl.type == SSTP_MSG_ECHO_RESPONSE)
			call->echo_outstanding = false;
		else
			unexpected(call, &parsed.ctrl, now_ms);
		break;
	default:
		break;
	}
}

/* --- client ----------------------------------------------------------- */

void sstp_call_start_client(struct sstp_call *call, const struct sstp_call_ops *ops, void *ctx,
			    const uint8_t cert_sha1[20], const uint8_t cert_sha256[32],
			    uint64_t now_ms)
{
	uint8_t pkt[SSTP_CONTROL_HEADER_LEN + 8];

	memset(call, 0, sizeof(*call));
	call->ops = ops;
	call->ctx = ctx;
	call->client = true;
	memcpy(call->expect.cert_sha1, cert_sha1, sizeof(call->expect.cert_sha1));
	memcpy(call->expect.cert_sha256, cert_sha256, sizeof(call->expect.cert_sha256));
	call->state = SSTP_CALL_CONNECT_ACK_PENDING;
	call->deadline_ms = now_ms + SSTP_NEGOTIATION_TIMEOUT_MS;
	send_packet(call, pkt, sstp_wire_build_connect_request(pkt, sizeof(pkt),
								SSTP_ENCAP_PROTO_PPP));
}

static void on_connect_ack(struct sstp_call *call, const struct sstp_control *msg,
			   uint64_t now_ms)
{
	uint8_t hashes = msg->binding_req.hash_bitmask;

	/* We can sign with SHA-1 or SHA-256; a server offering neither is no peer. */
	if (!(hashes & (SSTP_HASH_SHA1 | SSTP_HASH_SHA256))) {
		call->refused = true;
		sstp_call_abort(call, SSTP_ATTR_CRYPTO_BINDING_REQ,
				SSTP_STATUS_VALUE_NOT_SUPPORTED,
				"server offers no crypto binding hash we know", now_ms);
		return;
	}
	call->expect.hash_bitmask = hashes;
	memcpy(call->expect.nonce, msg->binding_req.nonce, SSTP_NONCE_LEN);
	set_state(call, SSTP_CALL_CONNECTED_PENDING, now_ms + SSTP_NEGOTIATION_TIMEOUT_MS);
	call->ops->accepted(call->ctx);
}

static void on_connect_nak(struct sstp_call *call, const struct sstp_control *msg)
{
	char reason[96];

	snprintf(reason, sizeof(reason), "server refused the call (Call Connect Nak, status %u)",
		 msg->has_status ? (unsigned int)msg->status.status : 0u);
	call->refused = true;
	remember_reason(call, reason);
	close_call(call, call->close_reason);
}

void sstp_call_send_connected(struct sstp_call *call, const uint8_t hlak[SSTP_HLAK_LEN],
			      uint64_t now_ms)
{
	struct sstp_crypto_binding b = { 0 };
	uint8_t pkt[SSTP_CONNECTED_LEN];
	int len;

	if (!call->client || call->state != SSTP_CALL_CONNECTED_PENDING)
		return;
	/* The strongest hash the server offered ([MS-SSTP] 3.1.5.2.2). */
	b.hash_protocol = call->expect.hash_bitmask & SSTP_HASH_SHA256 ? SSTP_HASH_SHA256 :
			  SSTP_HASH_SHA1;
	memcpy(b.nonce, call->expect.nonce, SSTP_NONCE_LEN);
	if (b.hash_protocol == SSTP_HASH_SHA256)
		memcpy(b.cert_hash, call->expect.cert_sha256, 32);
	else
		memcpy(b.cert_hash, call->expect.cert_sha1, 20);
	len = sstp_wire_build_connected(pkt, sizeof(pkt), &b);
	if (len != SSTP_CONNECTED_LEN ||
	    sstp_binding_mac(b.hash_protocol, hlak, pkt, pkt + SSTP_CONNECTED_MAC_OFFSET)) {
		OPENSSL_cleanse(pkt, sizeof(pkt));
		sstp_call_abort(call, SSTP_ATTR_NO_ERROR, SSTP_STATUS_NO_ERROR,
				"cannot sign Call Connected", now_ms);
		return;
	}
	send_packet(call, pkt, len);
	OPENSSL_cleanse(pkt, sizeof(pkt));
	set_state(call, SSTP_CALL_CONNECTED, 0);
	call->hello_deadline_ms = now_ms + SSTP_HELLO_TIMEOUT_MS;
	call->ops->connected(call->ctx, b.hash_protocol);
}

void sstp_call_activity(struct sstp_call *call, uint64_t now_ms)
{
	if (call->state == SSTP_CALL_CONNECTED) {
		call->hello_deadline_ms = now_ms + SSTP_HELLO_TIMEOUT_MS;
		call->echo_outstanding = false;
	}
}

void sstp_call_set_hlak(struct sstp_call *call, const uint8_t hlak[SSTP_HLAK_LEN],
			uint64_t now_ms)
{
	memcpy(call->expect.hlak, hlak, SSTP_HLAK_LEN);
	call->hlak_known = true;
	if (call->state == SSTP_CALL_CONNECTED_PENDING && call->connected_queued)
		verify_connected(call, now_ms);
}

uint64_t sstp_call_next_timeout(const struct sstp_call *call)
{
	if (call->state == SSTP_CALL_CONNECTED)
		return call->hello_deadline_ms;
	if (call->state == SSTP_CALL_CLOSED)
		return UINT64_MAX;
	return call->deadline_ms;
}

void sstp_call_timeout(struct sstp_call *call, uint64_t now_ms)
{
	if (now_ms < sstp_call_next_timeout(call))
		return;
	switch (call->state) {
	case SSTP_CALL_CONNECT_REQUEST_PENDING:
	case SSTP_CALL_CONNECTED_PENDING:
	case SSTP_CALL_CONNECT_ACK_PENDING:
		sstp_call_abort(call, SSTP_ATTR_NO_ERROR, SSTP_STATUS_NEGOTIATION_TIMEOUT,
				call->state == SSTP_CALL_CONNECT_REQUEST_PENDING ?
				"no Call Connect Request in time" :
				call->state == SSTP_CALL_CONNECT_ACK_PENDING ?
				"no Call Connect Ack in time" :
				call->client ? "PPP authentication did not finish in time" :
				"no Call Connected in time", now_ms);
		break;
	case SSTP_CALL_CONNECTED:
		/* Silent for a hello interval: ask; silent for another: gone. */
		if (call->echo_outstanding) {
			remember_reason(call, call->client ? "server stopped answering echo requests" :
					"client stopped answering echo requests");
			close_call(call, call->close_reason);
			break;
		}
		send_bare(call, SSTP_MSG_ECHO_REQUEST);
		call->echo_outstanding = true;
		call->hello_deadline_ms = now_ms + SSTP_HELLO_TIMEOUT_MS;
		break;
	case SSTP_CALL_ABORT_PENDING:
	case SSTP_CALL_ABORT_TIMEOUT_PENDING:
	case SSTP_CALL_DISCONNECT_ACK_PENDING:
	case SSTP_CALL_DISCONNECT_TIMEOUT_PENDING:
		close_call(call, call->close_reason);
		break;
	case SSTP_CALL_CLOSED:
		break;
	}
}
