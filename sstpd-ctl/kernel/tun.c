// SPDX-License-Identifier: GPL-2.0
/* TUN devices for the user-mode data path. */

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernel/tun.h"

int tun_open(struct tun *tun, const char *name)
{
	struct ifreq ifr;
	int err;

	memset(tun, 0, sizeof(*tun));
	tun->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (tun->fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(tun->fd, TUNSETIFF, &ifr) < 0)
		goto err;
	memcpy(tun->name, ifr.ifr_name, sizeof(tun->name));
	tun->name[sizeof(tun->name) - 1] = '\0';
	tun->ifindex = (int)if_nametoindex(tun->name);
	if (!tun->ifindex)
		goto err;
	return 0;

err:
	err = -errno;
	close(tun->fd);
	tun->fd = -1;
	return err;
}

int tun_release(struct tun *tun)
{
	int fd = tun->fd;

	tun->fd = -1;
	tun->ifindex = 0;
	return fd;
}

void tun_close(struct tun *tun)
{
	int fd = tun_release(tun);

	if (fd >= 0)
		close(fd);
}
