/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#ifndef _UAPI_SSTP_GENL_H
#define _UAPI_SSTP_GENL_H

#define SSTP_FAMILY_NAME	"sstp"
#define SSTP_FAMILY_VERSION	1

/*
 * Capabilities of the kernel the module runs on that decide how sstpd may use
 * it.
 */
enum sstp_feature {
	/*
	 * The kernel's TLS offers read_sock (Linux 6.6+): decrypted records can be
	 * read without an extra copy.
	 */
	SSTP_FEATURE_TLS_READ_SOCK = 1,
	/*
	 * The kernel accepts a new TLS_RX key after a TLS 1.3 KeyUpdate (Linux
	 * 6.14+); on older kernels a KeyUpdate ends the session.
	 */
	SSTP_FEATURE_TLS_RX_REKEY = 2,
};

enum {
	/* Release of the loaded module, e.g. "0.1.0". */
	SSTP_A_INFO_RELEASE = 1,
	/* Bit set of the feature flags above. */
	SSTP_A_INFO_FEATURES = 2,

	__SSTP_A_INFO_MAX,
	SSTP_A_INFO_MAX = (__SSTP_A_INFO_MAX - 1)
};

enum {
	/*
	 * Report the module's release and the kernel features it can use. Open to
	 * any user: it reveals nothing about sessions.
	 */
	SSTP_CMD_VERSION_GET = 1,

	__SSTP_CMD_MAX,
	SSTP_CMD_MAX = (__SSTP_CMD_MAX - 1)
};

#endif /* _UAPI_SSTP_GENL_H */
