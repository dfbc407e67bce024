/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/* The one release number of sstp.ko, sstpd and sstpctl. */
#ifndef SSTP_VERSION_H
#define SSTP_VERSION_H

#define SSTP_RELEASE "0.1.0"

#endif /* SSTP_VERSION_H */
