/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels sstp.ko builds for (Debian 12's 6.1 and
 * bookworm-backports' 6.12); no version test belongs anywhere else.
 */
#ifndef SSTP_COMPAT_H
#define SSTP_COMPAT_H

#include <linux/version.h>

#include "sstp_genl.h"

/* What the running kernel's TLS can do, reported by SSTP_CMD_VERSION_GET. */
static inline u32 sstp_compat_features(void)
{
	u32 features = 0;

	/* tls_sw_read_sock(), 662fbcec32f4, first in 6.6. */
	if (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0))
		features |= SSTP_FEATURE_TLS_READ_SOCK;
	/* TLS_RX may be set again after a KeyUpdate, 0471b1093e3a, first in 6.14. */
	if (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0))
		features |= SSTP_FEATURE_TLS_RX_REKEY;
	return features;
}

#endif /* SSTP_COMPAT_H */
