// SPDX-License-Identifier: GPL-2.0
/*
 * SSTP packet codec.  Parsing is strict (see PROTOCOL.md §3) except where
 * real peers differ from the spec: reserved bits and bytes are ignored on
 * receipt and written as zero, the Status Info of ABORT and DISCONNECT is
 * optional, and its AttribID may be anything (Windows sends 0).
 */
#include <string.h>

#include "proto/wire.h"

/*
 * Offsets inside attribute values ([MS-SSTP] 2.2.6 - 2.2.8); every value but
 * the protocol id starts with 3 reserved bytes.
 */
#define STATUS_ATTRIB_ID	3
#define STATUS_STATUS		4
#define STATUS_VALUE		8
#define BINDING_HASH		3
#define BINDING_NONCE		4
#define BINDING_CERT_HASH	(BINDING_NONCE + SSTP_NONCE_LEN)
#define BINDING_MAC		(BINDING_CERT_HASH + SSTP_CERT_HASH_LEN)

/* Which attributes a message may carry and which it must: bit (1 << id). */
struct msg_rule {
	uint8_t allowed;
	uint8_t required;
};

static const struct msg_rule msg_rules[SSTP_MSG_MAX + 1] = {
	[SSTP_MSG_CALL_CONNECT_REQUEST] = {
		.allowed = 1u << SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
		.required = 1u << SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
	},
	[SSTP_MSG_CALL_CONNECT_ACK] = {
		.allowed = 1u << SSTP_ATTR_CRYPTO_BINDING_REQ,
		.required = 1u << SSTP_ATTR_CRYPTO_BINDING_REQ,
	},
	[SSTP_MSG_CALL_CONNECT_NAK] = {
		.allowed = 1u << SSTP_ATTR_STATUS_INFO,
		.required = 1u << SSTP_ATTR_STATUS_INFO,
	},
	[SSTP_MSG_CALL_CONNECTED] = {
		.allowed = 1u << SSTP_ATTR_CRYPTO_BINDING,
		.required = 1u << SSTP_ATTR_CRYPTO_BINDING,
	},
	/* The spec requires a Status Info here; accel-ppp and sstpc omit it. */
	[SSTP_MSG_CALL_ABORT] = {
		.allowed = 1u << SSTP_ATTR_STATUS_INFO,
	},
	[SSTP_MSG_CALL_DISCONNECT] = {
		.allowed = 1u << SSTP_ATTR_STATUS_INFO,
	},
	[SSTP_MSG_CALL_DISCONNECT_ACK] = { 0 },
	[SSTP_MSG_ECHO_REQUEST] = { 0 },
	[SSTP_MSG_ECHO_RESPONSE] = { 0 },
};

static const char *const msg_names[SSTP_MSG_MAX + 1] = {
	[SSTP_MSG_CALL_CONNECT_REQUEST]	= "CALL_CONNECT_REQUEST",
	[SSTP_MSG_CALL_CONNECT_ACK]	= "CALL_CONNECT_ACK",
	[SSTP_MSG_CALL_CONNECT_NAK]	= "CALL_CONNECT_NAK",
	[SSTP_MSG_CALL_CONNECTED]	= "CALL_CONNECTED",
	[SSTP_MSG_CALL_ABORT]		= "CALL_ABORT",
	[SSTP_MSG_CALL_DISCONNECT]	= "CALL_DISCONNECT",
	[SSTP_MSG_CALL_DISCONNECT_ACK]	= "CALL_DISCONNECT_ACK",
	[SSTP_MSG_ECHO_REQUEST]		= "ECHO_REQUEST",
	[SSTP_MSG_ECHO_RESPONSE]	= "ECHO_RESPONSE",
};

static const char *const err_names[] = {
	[0]				= "success",
	[-SSTP_WIRE_ERR_SHORT]		= "packet shorter than its header",
	[-SSTP_WIRE_ERR_VERSION]	= "unsupported SSTP version",
	[-SSTP_WIRE_ERR_LENGTH_SMALL]	= "packet length below 4",
	[-SSTP_WIRE_ERR_TRUNCATED]	= "packet length beyond the data",
	[-SSTP_WIRE_ERR_TRAILING]	= "data beyond the packet length",
	[-SSTP_WIRE_ERR_TOO_LONG]	= "packet longer than 4095 bytes",
	[-SSTP_WIRE_ERR_CONTROL_SHORT]	= "control packet shorter than 8 bytes",
	[-SSTP_WIRE_ERR_MSG_TYPE]	= "unknown control message type",
	[-SSTP_WIRE_ERR_ATTR_TRUNCATED]	= "attribute overruns the packet",
	[-SSTP_WIRE_ERR_ATTR_LENGTH]	= "invalid attribute length",
	[-SSTP_WIRE_ERR_ATTR_COUNT]	= "attribute count does not match the packet",
	[-SSTP_WIRE_ERR_ATTR_UNKNOWN]	= "unknown attribute",
	[-SSTP_WIRE_ERR_ATTR_DUPLICATE]	= "duplicate attribute",
	[-SSTP_WIRE_ERR_ATTR_MISSING]	= "mandatory attribute missing",
	[-SSTP_WIRE_ERR_ATTR_NOT_ALLOWED] = "attribute not allowed in this message",
	[-SSTP_WIRE_ERR_NOSPACE]	= "output buffer too small",
};

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static bool msg_type_known(uint16_t type)
{
	return type >= SSTP_MSG_CALL_CONNECT_REQUEST && type <= SSTP_MSG_MAX;
}

const char *sstp_wire_strerror(int err)
{
	if (err > 0 || err < SSTP_WIRE_ERR_LAST)
		return "unknown error";
	return err_names[-err];
}

const char *sstp_wire_msg_name(uint16_t type)
{
	return msg_type_known(type) ? msg_names[type] : "UNKNOWN";
}

uint32_t sstp_wire_err_status(int err, uint8_t attr_id)
{
	switch (err) {
	case SSTP_WIRE_OK:
		return SSTP_STATUS_NO_ERROR;
	case SSTP_WIRE_ERR_ATTR_TRUNCATED:
	case SSTP_WIRE_ERR_ATTR_LENGTH:
		return SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH;
	case SSTP_WIRE_ERR_ATTR_UNKNOWN:
		return SSTP_STATUS_UNRECOGNIZED_ATTRIBUTE;
	case SSTP_WIRE_ERR_ATTR_DUPLICATE:
		return SSTP_STATUS_DUPLICATE_ATTRIBUTE;
	case SSTP_WIRE_ERR_ATTR_MISSING:
		return SSTP_STATUS_REQUIRED_ATTRIBUTE_MISSING;
	case SSTP_WIRE_ERR_ATTR_NOT_ALLOWED:
		if (attr_id == SSTP_ATTR_STATUS_INFO)
			return SSTP_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG;
		return SSTP_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG;
	default:
		return SSTP_STATUS_INVALID_FRAME_RECEIVED;
	}
}

int sstp_wire_packet_len(const uint8_t *buf, size_t len)
{
	uint16_t plen;

	if (len < SSTP_HEADER_LEN)
		return SSTP_WIRE_ERR_SHORT;
	if (sstp_hdr_version(buf) != SSTP_VERSION)
		return SSTP_WIRE_ERR_VERSION;
	plen = sstp_hdr_length(buf);
	if (plen < SSTP_HEADER_LEN)
		return SSTP_WIRE_ERR_LENGTH_SMALL;
	return plen;
}

/* Decodes one attribute value v[0..vlen) whose id is allowed and new. */
static int parse_attr_value(uint8_t id, const uint8_t *v, size_t vlen,
			    struct sstp_control *msg)
{
	switch (id) {
	case SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID:
		if (vlen != SSTP_ATTR_ENCAP_PROTO_LEN - SSTP_ATTR_HEADER_LEN)
			return SSTP_WIRE_ERR_ATTR_LENGTH;
		msg->has_encap_proto = true;
		msg->encap_proto = get_be16(v);
		return 0;
	case SSTP_ATTR_STATUS_INFO:
		if (vlen < SSTP_ATTR_STATUS_INFO_MIN_LEN - SSTP_ATTR_HEADER_LEN ||
		    vlen > SSTP_ATTR_STATUS_INFO_MAX_LEN - SSTP_ATTR_HEADER_LEN)
			return SSTP_WIRE_ERR_ATTR_LENGTH;
		msg->has_status = true;
		msg->status.attrib_id = v[STATUS_ATTRIB_ID];
		msg->status.status = get_be32(v + STATUS_STATUS);
		msg->status.value_len = (uint8_t)(vlen - STATUS_VALUE);
		memcpy(msg->status.value, v + STATUS_VALUE, vlen - STATUS_VALUE);
		return 0;
	case SSTP_ATTR_CRYPTO_BINDING:
		if (vlen != SSTP_ATTR_CRYPTO_BINDING_LEN - SSTP_ATTR_HEADER_LEN)
			return SSTP_WIRE_ERR_ATTR_LENGTH;
		msg->has_binding = true;
		msg->binding.hash_protocol = v[BINDING_HASH];
		memcpy(msg->binding.nonce, v + BINDING_NONCE, SSTP_NONCE_LEN);
		memcpy(msg->binding.cert_hash, v + BINDING_CERT_HASH,
		       SSTP_CERT_HASH_LEN);
		memcpy(msg->binding.compound_mac, v + BINDING_MAC,
		       SSTP_COMPOUND_MAC_LEN);
		return 0;
	case SSTP_ATTR_CRYPTO_BINDING_REQ:
		if (vlen != SSTP_ATTR_CRYPTO_BINDING_REQ_LEN - SSTP_ATTR_HEADER_LEN)
			return SSTP_WIRE_ERR_ATTR_LENGTH;
		msg->has_binding_req = true;
		msg->binding_req.hash_bitmask = v[BINDING_HASH];
		memcpy(msg->binding_req.nonce, v + BINDING_NONCE, SSTP_NONCE_LEN);
		return 0;
	}
	return SSTP_WIRE_ERR_ATTR_UNKNOWN;
}

/*
 * Parses the attribute at buf[*off..len) and advances *off past it.  seen
 * holds the bits of the attributes already parsed.
 */
static int parse_attr(const uint8_t *buf, size_t len, size_t *off,
		      uint8_t *seen, struct sstp_control *msg)
{
	const uint8_t *a = buf + *off;
	size_t left = len - *off;
	uint16_t alen;
	uint8_t id;

	if (left < SSTP_ATTR_HEADER_LEN) {
		msg->err_attr_id = 0;
		return SSTP_WIRE_ERR_ATTR_TRUNCATED;
	}
	/* a[0] is reserved; the top 4 bits of the length too. */
	id = a[1];
	alen = get_be16(a + 2) & SSTP_LENGTH_MASK;
	msg->err_attr_id = id;
	if (alen < SSTP_ATTR_HEADER_LEN)
		return SSTP_WIRE_ERR_ATTR_LENGTH;
	if (alen > left)
		return SSTP_WIRE_ERR_ATTR_TRUNCATED;
	if (id == SSTP_ATTR_NO_ERROR || id > SSTP_ATTR_MAX)
		return SSTP_WIRE_ERR_ATTR_UNKNOWN;
	if (!(msg_rules[msg->type].allowed & (1u << id)))
		return SSTP_WIRE_ERR_ATTR_NOT_ALLOWED;
	if (*seen & (1u << id))
		return SSTP_WIRE_ERR_ATTR_DUPLICATE;
	*seen |= (uint8_t)(1u << id);
	*off += alen;
	return parse_attr_value(id, a + SSTP_ATTR_HEADER_LEN,
				alen - SSTP_ATTR_HEADER_LEN, msg);
}

/* The lowest attribute id set in bits; bits is not 0. */
static uint8_t first_attr(uint8_t bits)
{
	uint8_t id = 0;

	while (!(bits & (1u << id)))
		id++;
	return id;
}

static int parse_control(const uint8_t *buf, size_t len,
			 struct sstp_control *msg)
{
	size_t off = SSTP_CONTROL_HEADER_LEN;
	uint16_t count, i;
	uint8_t seen = 0, missing;
	int err;

	if (len < SSTP_CONTROL_HEADER_LEN)
		return SSTP_WIRE_ERR_CONTROL_SHORT;
	msg->type = get_be16(buf + 4);
	if (!msg_type_known(msg->type))
		return SSTP_WIRE_ERR_MSG_TYPE;
	count = get_be16(buf + 6);
	for (i = 0; i < count && off < len; i++) {
		err = parse_attr(buf, len, &off, &seen, msg);
		if (err)
			return err;
	}
	msg->err_attr_id = 0;
	if (i != count || off != len)
		return SSTP_WIRE_ERR_ATTR_COUNT;
	missing = msg_rules[msg->type].required & ~seen;
	if (missing) {
		msg->err_attr_id = first_attr(missing);
		return SSTP_WIRE_ERR_ATTR_MISSING;
	}
	return 0;
}

int sstp_wire_parse(const uint8_t *buf, size_t len, struct sstp_packet *pkt)
{
	int plen;

	memset(pkt, 0, sizeof(*pkt));
	if (len > SSTP_MAX_PACKET_LEN)
		return SSTP_WIRE_ERR_TOO_LONG;
	plen = sstp_wire_packet_len(buf, len);
	if (plen < 0)
		return plen;
	if ((size_t)plen > len)
		return SSTP_WIRE_ERR_TRUNCATED;
	if ((size_t)plen < len)
		return SSTP_WIRE_ERR_TRAILING;

	pkt->is_control = sstp_hdr_is_control(buf);
	if (pkt->is_control)
		return parse_control(buf, len, &pkt->ctrl);
	/* A 4-byte data packet is well framed; PPP drops the empty frame. */
	pkt->payload = buf + SSTP_HEADER_LEN;
	pkt->payload_len = len - SSTP_HEADER_LEN;
	return 0;
}

int sstp_wire_build_data(uint8_t *buf, size_t size,
			 const uint8_t *payload, size_t payload_len)
{
	if (payload_len > SSTP_MAX_DATA_LEN)
		return SSTP_WIRE_ERR_TOO_LONG;
	if (size < SSTP_HEADER_LEN + payload_len)
		return SSTP_WIRE_ERR_NOSPACE;
	/* memmove: callers may have put the frame at buf + 4 already. */
	memmove(buf + SSTP_HEADER_LEN, payload, payload_len);
	sstp_hdr_write(buf, 0, (uint16_t)(SSTP_HEADER_LEN + payload_len));
	return (int)(SSTP_HEADER_LEN + payload_len);
}

/* The attribute bits msg says are present. */
static uint8_t control_attrs(const struct sstp_control *msg)
{
	uint8_t bits = 0;

	if (msg->has_encap_proto)
		bits |= 1u << SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID;
	if (msg->has_status)
		bits |= 1u << SSTP_ATTR_STATUS_INFO;
	if (msg->has_binding)
		bits |= 1u << SSTP_ATTR_CRYPTO_BINDING;
	if (msg->has_binding_req)
		bits |= 1u << SSTP_ATTR_CRYPTO_BINDING_REQ;
	return bits;
}

/* Total length of the control packet msg describes, or a negative error. */
static int control_len(const struct sstp_control *msg)
{
	const struct msg_rule *rule;
	uint8_t bits = control_attrs(msg);
	int len = SSTP_CONTROL_HEADER_LEN;

	if (!msg_type_known(msg->type))
		return SSTP_WIRE_ERR_MSG_TYPE;
	rule = &msg_rules[msg->type];
	if (bits & ~rule->allowed)
		return SSTP_WIRE_ERR_ATTR_NOT_ALLOWED;
	if (rule->required & ~bits)
		return SSTP_WIRE_ERR_ATTR_MISSING;

	if (msg->has_encap_proto)
		len += SSTP_ATTR_ENCAP_PROTO_LEN;
	if (msg->has_status) {
		if (msg->status.value_len > SSTP_STATUS_VALUE_MAX_LEN)
			return SSTP_WIRE_ERR_ATTR_LENGTH;
		len += SSTP_ATTR_STATUS_INFO_MIN_LEN + msg->status.value_len;
	}
	if (msg->has_binding)
		len += SSTP_ATTR_CRYPTO_BINDING_LEN;
	if (msg->has_binding_req)
		len += SSTP_ATTR_CRYPTO_BINDING_REQ_LEN;
	return len;
}

/* Writes an attribute header with zeroed reserved fields; returns the value. */
static uint8_t *put_attr(uint8_t *p, uint8_t id, uint16_t len)
{
	memset(p, 0, len);
	p[1] = id;
	put_be16(p + 2, len);
	return p + SSTP_ATTR_HEADER_LEN;
}

/* Writes msg's attributes at p; control_len() has checked msg. */
static void put_attrs(uint8_t *p, const struct sstp_control *msg)
{
	const struct sstp_status_info *st = &msg->status;
	uint8_t *v;

	if (msg->has_encap_proto) {
		v = put_attr(p, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID,
			     SSTP_ATTR_ENCAP_PROTO_LEN);
		put_be16(v, msg->encap_proto);
		p += SSTP_ATTR_ENCAP_PROTO_LEN;
	}
	if (msg->has_status) {
		v = put_attr(p, SSTP_ATTR_STATUS_INFO,
			     SSTP_ATTR_STATUS_INFO_MIN_LEN + st->value_len);
		v[STATUS_ATTRIB_ID] = st->attrib_id;
		put_be32(v + STATUS_STATUS, st->status);
		memcpy(v + STATUS_VALUE, st->value, st->value_len);
		p += SSTP_ATTR_STATUS_INFO_MIN_LEN + st->value_len;
	}
	if (msg->has_binding) {
		v = put_attr(p, SSTP_ATTR_CRYPTO_BINDING,
			     SSTP_ATTR_CRYPTO_BINDING_LEN);
		v[BINDING_HASH] = msg->binding.hash_protocol;
		memcpy(v + BINDING_NONCE, msg->binding.nonce, SSTP_NONCE_LEN);
		memcpy(v + BINDING_CERT_HASH, msg->binding.cert_hash,
		       SSTP_CERT_HASH_LEN);
		memcpy(v + BINDING_MAC, msg->binding.compound_mac,
		       SSTP_COMPOUND_MAC_LEN);
		p += SSTP_ATTR_CRYPTO_BINDING_LEN;
	}
	if (msg->has_binding_req) {
		v = put_attr(p, SSTP_ATTR_CRYPTO_BINDING_REQ,
			     SSTP_ATTR_CRYPTO_BINDING_REQ_LEN);
		v[BINDING_HASH] = msg->binding_req.hash_bitmask;
		memcpy(v + BINDING_NONCE, msg->binding_req.nonce, SSTP_NONCE_LEN);
	}
}

int sstp_wire_build_control(uint8_t *buf, size_t size,
			    const struct sstp_control *msg)
{
	int len = control_len(msg);

	if (len < 0)
		return len;
	if (size < (size_t)len)
		return SSTP_WIRE_ERR_NOSPACE;
	sstp_hdr_write(buf, 1, (uint16_t)len);
	put_be16(buf + 4, msg->type);
	put_be16(buf + 6, (uint16_t)__builtin_popcount(control_attrs(msg)));
	put_attrs(buf + SSTP_CONTROL_HEADER_LEN, msg);
	return len;
}

int sstp_wire_build_connect_request(uint8_t *buf, size_t size,
				    uint16_t encap_proto)
{
	struct sstp_control msg = {
		.type = SSTP_MSG_CALL_CONNECT_REQUEST,
		.has_encap_proto = true,
		.encap_proto = encap_proto,
	};

	return sstp_wire_build_control(buf, size, &msg);
}

int sstp_wire_build_connect_ack(uint8_t *buf, size_t size,
				const struct sstp_crypto_binding_req *req)
{
	struct sstp_control msg = {
		.type = SSTP_MSG_CALL_CONNECT_ACK,
		.has_binding_req = true,
		.binding_req = *req,
	};

	return sstp_wire_build_control(buf, size, &msg);
}

int sstp_wire_build_connected(uint8_t *buf, size_t size,
			      const struct sstp_crypto_binding *binding)
{
	struct sstp_control msg = {
		.type = SSTP_MSG_CALL_CONNECTED,
		.has_binding = true,
		.binding = *binding,
	};

	return sstp_wire_build_control(buf, size, &msg);
}

static int build_status_msg(uint8_t *buf, size_t size, uint16_t type,
			    const struct sstp_status_info *status)
{
	struct sstp_control msg = { .type = type };

	if (status) {
		msg.has_status = true;
		msg.status = *status;
	}
	return sstp_wire_build_control(buf, size, &msg);
}

int sstp_wire_build_connect_nak(uint8_t *buf, size_t size,
				const struct sstp_status_info *status)
{
	return build_status_msg(buf, size, SSTP_MSG_CALL_CONNECT_NAK, status);
}

int sstp_wire_build_abort(uint8_t *buf, size_t size,
			  const struct sstp_status_info *status)
{
	return build_status_msg(buf, size, SSTP_MSG_CALL_ABORT, status);
}

int sstp_wire_build_disconnect(uint8_t *buf, size_t size,
			       const struct sstp_status_info *status)
{
	return build_status_msg(buf, size, SSTP_MSG_CALL_DISCONNECT, status);
}

int sstp_wire_build_bare(uint8_t *buf, size_t size, uint16_t type)
{
	struct sstp_control msg = { .type = type };

	return sstp_wire_build_control(buf, size, &msg);
}
