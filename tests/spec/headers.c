// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled twice, as user space and as a kernel module, to prove that the
 * shared headers are usable unchanged on both sides and agree with the
 * lengths [MS-SSTP] 2.2 gives.  Never loaded: compiling is the test.
 */

#include "sstp_genl.h"
#include "sstp_version.h"
#include "sstp_wire.h"

/* Crypto Binding: header, 3 reserved, hash byte, nonce, cert hash, MAC. */
_Static_assert(SSTP_ATTR_CRYPTO_BINDING_LEN ==
	       SSTP_ATTR_HEADER_LEN + 4 + SSTP_NONCE_LEN + SSTP_CERT_HASH_LEN +
	       SSTP_COMPOUND_MAC_LEN, "crypto binding attribute length");
/* Crypto Binding Request: header, 3 reserved, bitmask, nonce. */
_Static_assert(SSTP_ATTR_CRYPTO_BINDING_REQ_LEN ==
	       SSTP_ATTR_HEADER_LEN + 4 + SSTP_NONCE_LEN, "crypto binding request length");
_Static_assert(SSTP_CONNECTED_LEN == SSTP_CONTROL_HEADER_LEN + SSTP_ATTR_CRYPTO_BINDING_LEN,
	       "call connected length");
_Static_assert(SSTP_CONNECTED_MAC_OFFSET ==
	       SSTP_CONNECTED_LEN - SSTP_COMPOUND_MAC_LEN, "compound MAC ends the packet");
_Static_assert(SSTP_CONNECTED_CERT_HASH_OFFSET ==
	       SSTP_CONNECTED_NONCE_OFFSET + SSTP_NONCE_LEN, "cert hash follows the nonce");
_Static_assert(SSTP_MAX_PACKET_LEN == SSTP_LENGTH_MASK, "12-bit length field");
_Static_assert(SSTP_CMD_MAX >= SSTP_CMD_VERSION_GET, "command enum");
_Static_assert(SSTP_A_INFO_MAX >= SSTP_A_INFO_FEATURES, "attribute enum");

#ifdef __KERNEL__
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("compile test of the shared headers; never loaded");
#else
int main(void)
{
	return sizeof(SSTP_RELEASE) > 1 ? 0 : 1;
}
#endif
