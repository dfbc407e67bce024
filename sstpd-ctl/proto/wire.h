/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SSTP packet codec: parse and build data and control packets ([MS-SSTP]
 * 2.2.4 - 2.2.13).  No I/O and no allocation; parsing never reads outside the
 * buffer it is given, and every malformation has its own error code.
 */
#ifndef SSTPD_WIRE_H
#define SSTPD_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sstp_wire.h"

/*
 * Errors are negative so that functions returning a length can return them
 * too.  Numbers are stable: tests and logs may refer to them.
 */
enum sstp_wire_err {
	SSTP_WIRE_OK			= 0,
	SSTP_WIRE_ERR_SHORT		= -1,	/* fewer than 4 bytes */
	SSTP_WIRE_ERR_VERSION		= -2,	/* version byte is not 0x10 */
	SSTP_WIRE_ERR_LENGTH_SMALL	= -3,	/* length field below 4 */
	SSTP_WIRE_ERR_TRUNCATED		= -4,	/* length field beyond the buffer */
	SSTP_WIRE_ERR_TRAILING		= -5,	/* buffer longer than the packet */
	SSTP_WIRE_ERR_TOO_LONG		= -6,	/* more than 4095 bytes */
	SSTP_WIRE_ERR_CONTROL_SHORT	= -7,	/* control packet below 8 bytes */
	SSTP_WIRE_ERR_MSG_TYPE		= -8,	/* unknown message type */
	SSTP_WIRE_ERR_ATTR_TRUNCATED	= -9,	/* attribute overruns the packet */
	SSTP_WIRE_ERR_ATTR_LENGTH	= -10,	/* wrong length for the attribute */
	SSTP_WIRE_ERR_ATTR_COUNT	= -11,	/* count disagrees with contents */
	SSTP_WIRE_ERR_ATTR_UNKNOWN	= -12,	/* unknown attribute id */
	SSTP_WIRE_ERR_ATTR_DUPLICATE	= -13,	/* attribute given twice */
	SSTP_WIRE_ERR_ATTR_MISSING	= -14,	/* mandatory attribute absent */
	SSTP_WIRE_ERR_ATTR_NOT_ALLOWED	= -15,	/* attribute not valid in message */
	SSTP_WIRE_ERR_NOSPACE		= -16,	/* build: output buffer too small */
};
#define SSTP_WIRE_ERR_LAST		SSTP_WIRE_ERR_NOSPACE

/* Status Info ([MS-SSTP] 2.2.8); value holds the offending attribute's value. */
struct sstp_status_info {
	uint8_t attrib_id;
	uint32_t status;		/* enum sstp_status */
	uint8_t value_len;		/* 0 .. SSTP_STATUS_VALUE_MAX_LEN */
	uint8_t value[SSTP_STATUS_VALUE_MAX_LEN];
};

/* Crypto Binding ([MS-SSTP] 2.2.7), sent by the client in CALL_CONNECTED. */
struct sstp_crypto_binding {
	uint8_t hash_protocol;		/* one SSTP_HASH_* bit, if valid */
	uint8_t nonce[SSTP_NONCE_LEN];
	uint8_t cert_hash[SSTP_CERT_HASH_LEN];
	uint8_t compound_mac[SSTP_COMPOUND_MAC_LEN];
};

/* Crypto Binding Request ([MS-SSTP] 2.2.6), sent by the server in the ACK. */
struct sstp_crypto_binding_req {
	uint8_t hash_bitmask;		/* SSTP_HASH_* bits offered */
	uint8_t nonce[SSTP_NONCE_LEN];
};

/*
 * A control message.  Each message allows at most one kind of attribute and
 * each kind at most once, so one slot per kind describes any valid message.
 * (The spec lets a NAK carry several Status Infos, one per rejected REQUEST
 * attribute; a REQUEST has only one, so a second is refused as a duplicate.)
 * Values are kept as received: whether they are acceptable (protocol id, hash
 * type, nonce) is for the state machine to decide and answer.
 */
struct sstp_control {
	uint16_t type;			/* enum sstp_msg_type */
	bool has_encap_proto;
	uint16_t encap_proto;
	bool has_status;
	struct sstp_status_info status;
	bool has_binding;
	struct sstp_crypto_binding binding;
	bool has_binding_req;
	struct sstp_crypto_binding_req binding_req;
	/* After an attribute error: the attribute id it is about, else 0. */
	uint8_t err_attr_id;
};

/* A parsed packet; payload points into the parsed buffer. */
struct sstp_packet {
	bool is_control;
	const uint8_t *payload;		/* data packet: the PPP frame */
	size_t payload_len;
	struct sstp_control ctrl;	/* control packet */
};

/*
 * Checks the 4-byte header at buf (len bytes available) and returns the
 * packet length it declares, or SSTP_WIRE_ERR_SHORT, _VERSION or
 * _LENGTH_SMALL.  The length may exceed len: the packet is then incomplete.
 */
int sstp_wire_packet_len(const uint8_t *buf, size_t len);

/*
 * Parses exactly one packet filling buf[0..len), as the de-framer yields
 * them; returns 0 or a negative error.  On an error pkt is partly filled and
 * only pkt->ctrl.err_attr_id is meaningful.
 */
int sstp_wire_parse(const uint8_t *buf, size_t len, struct sstp_packet *pkt);

/*
 * Builders write one packet to buf (size bytes) and return its length or a
 * negative error; they refuse what the parser would refuse.
 */
int sstp_wire_build_data(uint8_t *buf, size_t size,
			 const uint8_t *payload, size_t payload_len);
int sstp_wire_build_control(uint8_t *buf, size_t size,
			    const struct sstp_control *msg);
int sstp_wire_build_connect_request(uint8_t *buf, size_t size,
				    uint16_t encap_proto);
int sstp_wire_build_connect_ack(uint8_t *buf, size_t size,
				const struct sstp_crypto_binding_req *req);
int sstp_wire_build_connect_nak(uint8_t *buf, size_t size,
				const struct sstp_status_info *status);
int sstp_wire_build_connected(uint8_t *buf, size_t size,
			      const struct sstp_crypto_binding *binding);
/* ABORT or DISCONNECT; status may be NULL for none. */
int sstp_wire_build_abort(uint8_t *buf, size_t size,
			  const struct sstp_status_info *status);
int sstp_wire_build_disconnect(uint8_t *buf, size_t size,
			       const struct sstp_status_info *status);
/* DISCONNECT_ACK, ECHO_REQUEST, ECHO_RESPONSE: no attributes. */
int sstp_wire_build_bare(uint8_t *buf, size_t size, uint16_t type);

const char *sstp_wire_strerror(int err);
const char *sstp_wire_msg_name(uint16_t type);

/*
 * The status an ABORT or NAK answering parse error err should carry in its
 * Status Info, whose AttribID is attr_id (the message's err_attr_id).
 */
uint32_t sstp_wire_err_status(int err, uint8_t attr_id);

#endif /* SSTPD_WIRE_H */
