/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * SSTP wire format ([MS-SSTP] sections 2.2.1 - 2.2.13), shared unchanged by
 * sstp.ko and user space.  Everything on the wire is big-endian.
 *
 * Only constants and byte-level accessors live here: no structs, so that no
 * compiler padding or alignment question can arise on either side.
 */
#ifndef SSTP_WIRE_H
#define SSTP_WIRE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
#endif

/* Packet header: version, C bit, 4 reserved bits + 12-bit length. */
#define SSTP_VERSION			0x10
#define SSTP_HEADER_LEN			4
#define SSTP_FLAG_CONTROL		0x01
#define SSTP_LENGTH_MASK		0x0fff
#define SSTP_MAX_PACKET_LEN		4095
#define SSTP_MAX_DATA_LEN		(SSTP_MAX_PACKET_LEN - SSTP_HEADER_LEN)

/* Control packet: header, message type (2), attribute count (2). */
#define SSTP_CONTROL_HEADER_LEN		8
#define SSTP_ATTR_HEADER_LEN		4

enum sstp_msg_type {
	SSTP_MSG_CALL_CONNECT_REQUEST	= 0x0001,
	SSTP_MSG_CALL_CONNECT_ACK	= 0x0002,
	SSTP_MSG_CALL_CONNECT_NAK	= 0x0003,
	SSTP_MSG_CALL_CONNECTED		= 0x0004,
	SSTP_MSG_CALL_ABORT		= 0x0005,
	SSTP_MSG_CALL_DISCONNECT	= 0x0006,
	SSTP_MSG_CALL_DISCONNECT_ACK	= 0x0007,
	SSTP_MSG_ECHO_REQUEST		= 0x0008,
	SSTP_MSG_ECHO_RESPONSE		= 0x0009,
};
#define SSTP_MSG_MAX			SSTP_MSG_ECHO_RESPONSE

enum sstp_attr_id {
	SSTP_ATTR_NO_ERROR		= 0x00,	/* only inside a Status Info */
	SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID = 0x01,
	SSTP_ATTR_STATUS_INFO		= 0x02,
	SSTP_ATTR_CRYPTO_BINDING	= 0x03,
	SSTP_ATTR_CRYPTO_BINDING_REQ	= 0x04,
};
#define SSTP_ATTR_MAX			SSTP_ATTR_CRYPTO_BINDING_REQ

/* Total attribute lengths, 4-byte attribute header included. */
#define SSTP_ATTR_ENCAP_PROTO_LEN	6
#define SSTP_ATTR_STATUS_INFO_MIN_LEN	12
#define SSTP_ATTR_STATUS_INFO_MAX_LEN	(12 + SSTP_STATUS_VALUE_MAX_LEN)
#define SSTP_ATTR_CRYPTO_BINDING_LEN	104
#define SSTP_ATTR_CRYPTO_BINDING_REQ_LEN 40

#define SSTP_STATUS_VALUE_MAX_LEN	64
#define SSTP_ENCAP_PROTO_PPP		0x0001

/* Crypto binding: hash protocol bits, nonce, certificate hash, MAC. */
#define SSTP_HASH_SHA1			0x01
#define SSTP_HASH_SHA256		0x02
#define SSTP_NONCE_LEN			32
#define SSTP_CERT_HASH_LEN		32
#define SSTP_COMPOUND_MAC_LEN		32

/* Offsets inside a whole CALL_CONNECTED packet (112 bytes). */
#define SSTP_CONNECTED_LEN		112
#define SSTP_CONNECTED_HASH_OFFSET	15
#define SSTP_CONNECTED_NONCE_OFFSET	16
#define SSTP_CONNECTED_CERT_HASH_OFFSET	48
#define SSTP_CONNECTED_MAC_OFFSET	80

enum sstp_status {
	SSTP_STATUS_NO_ERROR			= 0x00000000,
	SSTP_STATUS_DUPLICATE_ATTRIBUTE		= 0x00000001,
	SSTP_STATUS_UNRECOGNIZED_ATTRIBUTE	= 0x00000002,
	SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH	= 0x00000003,
	SSTP_STATUS_VALUE_NOT_SUPPORTED		= 0x00000004,
	SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED	= 0x00000005,
	SSTP_STATUS_RETRY_COUNT_EXCEEDED	= 0x00000006,
	SSTP_STATUS_INVALID_FRAME_RECEIVED	= 0x00000007,
	SSTP_STATUS_NEGOTIATION_TIMEOUT		= 0x00000008,
	SSTP_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG	= 0x00000009,
	SSTP_STATUS_REQUIRED_ATTRIBUTE_MISSING	= 0x0000000a,
	SSTP_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG = 0x0000000b,
};

/* The HTTPS step before any SSTP packet ([MS-SSTP] 2.2.2, 2.2.3). */
#define SSTP_HTTP_METHOD	"SSTP_DUPLEX_POST"
#define SSTP_HTTP_URI		"/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/"
#define SSTP_HTTP_CONTENT_LENGTH "18446744073709551615"

/* Accessors for the 4-byte packet header; @p must hold SSTP_HEADER_LEN bytes. */
static inline __u8 sstp_hdr_version(const __u8 *p)
{
	return p[0];
}

static inline int sstp_hdr_is_control(const __u8 *p)
{
	return p[1] & SSTP_FLAG_CONTROL;
}

/* The reserved high 4 bits are masked on receipt, as the spec says. */
static inline __u16 sstp_hdr_length(const __u8 *p)
{
	return (__u16)(((p[2] << 8) | p[3]) & SSTP_LENGTH_MASK);
}

static inline void sstp_hdr_write(__u8 *p, int control, __u16 length)
{
	p[0] = SSTP_VERSION;
	p[1] = control ? SSTP_FLAG_CONTROL : 0;
	p[2] = (__u8)((length >> 8) & 0x0f);
	p[3] = (__u8)(length & 0xff);
}

#endif /* SSTP_WIRE_H */
