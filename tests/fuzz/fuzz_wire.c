// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the packet codec, both ways:
 *  - the input as a packet: whatever parses must build back to the same bytes
 *    once the reserved bits and bytes the parser ignores are zeroed;
 *  - the input as message fields: whatever builds must parse back to the
 *    same message.
 * Any disagreement abort()s, so libFuzzer keeps the input.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/wire.h"

/* Zeroes what the parser ignores, walking the packet it accepted. */
static void canonicalize(uint8_t *p, size_t len)
{
	size_t off, alen;

	p[1] &= SSTP_FLAG_CONTROL;
	p[2] &= SSTP_LENGTH_MASK >> 8;
	if (!(p[1] & SSTP_FLAG_CONTROL))
		return;
	for (off = SSTP_CONTROL_HEADER_LEN; off < len; off += alen) {
		p[off] = 0;
		p[off + 2] &= SSTP_LENGTH_MASK >> 8;
		alen = (size_t)(p[off + 2] << 8 | p[off + 3]);
		/* Every value but the protocol id starts with 3 reserved. */
		if (p[off + 1] != SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID)
			memset(p + off + SSTP_ATTR_HEADER_LEN, 0, 3);
	}
}

static int build(uint8_t *out, size_t size, const struct sstp_packet *pkt)
{
	if (pkt->is_control)
		return sstp_wire_build_control(out, size, &pkt->ctrl);
	return sstp_wire_build_data(out, size, pkt->payload,
				    pkt->payload_len);
}

static void check_parse(const uint8_t *data, size_t size)
{
	static uint8_t canon[SSTP_MAX_PACKET_LEN], out[SSTP_MAX_PACKET_LEN];
	struct sstp_packet pkt;
	int err, n;

	err = sstp_wire_parse(data, size, &pkt);
	if (err < SSTP_WIRE_ERR_LAST || err > 0 ||
	    !strcmp(sstp_wire_strerror(err), "unknown error"))
		abort();
	(void)sstp_wire_err_status(err, pkt.ctrl.err_attr_id);
	if (err)
		return;
	if (size < SSTP_HEADER_LEN || size > SSTP_MAX_PACKET_LEN)
		abort();

	memcpy(canon, data, size);
	canonicalize(canon, size);
	n = build(out, sizeof(out), &pkt);
	if (n < 0 || (size_t)n != size || memcmp(out, canon, size))
		abort();
	if (build(out, size - 1, &pkt) != SSTP_WIRE_ERR_NOSPACE)
		abort();
}

/* Takes n bytes from the input, or zeros once it runs out. */
static void take(const uint8_t **data, size_t *size, void *out, size_t n)
{
	size_t k = n < *size ? n : *size;

	memset(out, 0, n);
	if (k)
		memcpy(out, *data, k);
	*data += k;
	*size -= k;
}

static uint8_t take8(const uint8_t **data, size_t *size)
{
	uint8_t v;

	take(data, size, &v, 1);
	return v;
}

/* Message fields from the input; bools from bits, never from raw bytes. */
static void make_msg(const uint8_t *data, size_t size, struct sstp_control *m)
{
	uint8_t flags;

	memset(m, 0, sizeof(*m));
	m->type = take8(&data, &size) % (SSTP_MSG_MAX + 2);
	flags = take8(&data, &size);
	m->has_encap_proto = flags & 1;
	m->has_status = flags & 2;
	m->has_binding = flags & 4;
	m->has_binding_req = flags & 8;
	m->encap_proto = (uint16_t)(take8(&data, &size) << 8 |
				    take8(&data, &size));
	m->status.attrib_id = take8(&data, &size);
	take(&data, &size, &m->status.status, sizeof(m->status.status));
	m->status.value_len = take8(&data, &size) % (SSTP_STATUS_VALUE_MAX_LEN + 4);
	take(&data, &size, m->status.value, sizeof(m->status.value));
	m->binding.hash_protocol = take8(&data, &size);
	take(&data, &size, m->binding.nonce, SSTP_NONCE_LEN);
	take(&data, &size, m->binding.cert_hash, SSTP_CERT_HASH_LEN);
	take(&data, &size, m->binding.compound_mac, SSTP_COMPOUND_MAC_LEN);
	m->binding_req.hash_bitmask = take8(&data, &size);
	take(&data, &size, m->binding_req.nonce, SSTP_NONCE_LEN);
}

static void check_build(const uint8_t *data, size_t size)
{
	static uint8_t out[SSTP_MAX_PACKET_LEN];
	const struct sstp_control *p;
	struct sstp_control m;
	struct sstp_packet pkt;
	int n;

	make_msg(data, size, &m);
	n = sstp_wire_build_control(out, sizeof(out), &m);
	if (n < 0)
		return;
	if (sstp_wire_parse(out, (size_t)n, &pkt) || !pkt.is_control)
		abort();
	p = &pkt.ctrl;
	if (p->type != m.type || p->has_encap_proto != m.has_encap_proto ||
	    p->has_status != m.has_status || p->has_binding != m.has_binding ||
	    p->has_binding_req != m.has_binding_req)
		abort();
	if (m.has_encap_proto && p->encap_proto != m.encap_proto)
		abort();
	if (m.has_status &&
	    (p->status.attrib_id != m.status.attrib_id ||
	     p->status.status != m.status.status ||
	     p->status.value_len != m.status.value_len ||
	     memcmp(p->status.value, m.status.value, m.status.value_len)))
		abort();
	if (m.has_binding && memcmp(&p->binding, &m.binding, sizeof(m.binding)))
		abort();
	if (m.has_binding_req &&
	    (p->binding_req.hash_bitmask != m.binding_req.hash_bitmask ||
	     memcmp(p->binding_req.nonce, m.binding_req.nonce, SSTP_NONCE_LEN)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_parse(data, size);
	check_build(data, size);
	return 0;
}
