/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels sstp.ko builds for (Debian 12's 6.1 and
 * bookworm-backports' 6.12); no version test belongs anywhere else.
 */
#ifndef SSTP_COMPAT_H
#define SSTP_COMPAT_H

#include <linux/fs.h>
#include <linux/version.h>
#include <net/sock.h>

#include "sstp_genl.h"

/*
 * kTLS offers read_sock (tls_sw_read_sock(), 662fbcec32f4, first in 6.6):
 * decrypted records reach an actor without a copy into a buffer.  Before,
 * sock->ops->read_sock of a kTLS socket is tcp_read_sock(): ciphertext.
 */
static inline bool sstp_compat_tls_read_sock(void)
{
	return LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0);
}

/* What the running kernel's TLS can do, reported by SSTP_CMD_VERSION_GET. */
static inline u32 sstp_compat_features(void)
{
	u32 features = 0;

	if (sstp_compat_tls_read_sock())
		features |= SSTP_FEATURE_TLS_READ_SOCK;
	return features;
}

/*
 * Sending from a work item must not use the page_frag of whatever task
 * runs it.  sk_use_task_frag came with 6.2 and was backported to 6.1.y;
 * Debian 12's 6.1 kernels have it.
 */
static inline void sstp_compat_sk_no_task_frag(struct sock *sk)
{
	sk->sk_use_task_frag = false;
}

/*
 * A reference on a file only while it still has one: a count of zero means
 * its release has begun.  f_count is an atomic_long_t up to 6.12 (file_ref_t
 * from 6.13).
 */
static inline bool sstp_compat_file_get_unless_zero(struct file *file)
{
	return atomic_long_inc_not_zero(&file->f_count);
}

#endif /* SSTP_COMPAT_H */
