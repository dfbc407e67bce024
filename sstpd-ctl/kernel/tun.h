/* SPDX-License-Identifier: GPL-2.0 */
/* The user-mode data path: one TUN interface per session. */
#ifndef SSTP_TUN_H
#define SSTP_TUN_H

#include <net/if.h>

struct tun {
	int fd;
	int ifindex;
	char name[IF_NAMESIZE];
};

/*
 * Create a non-blocking TUN interface (IP packets, no packet information
 * header) named name, which may hold one "%d".  Returns 0 or -errno.
 */
int tun_open(struct tun *tun, const char *name);

/* Close the descriptor: the kernel removes the interface and its addresses. */
void tun_close(struct tun *tun);

/* Give the descriptor up, unclosed (-1 when none): the caller closes it. */
int tun_release(struct tun *tun);

#endif /* SSTP_TUN_H */
