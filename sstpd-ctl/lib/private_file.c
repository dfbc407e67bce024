// SPDX-License-Identifier: GPL-2.0
/* Files of secrets kept from other users (lib/private_file.h). */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/private_file.h"

int private_file_check(const char *path, const char *what, char *err, size_t err_size)
{
	struct stat st;

	if (stat(path, &st)) {
		int ret = -errno;

		snprintf(err, err_size, "%s %s: %s", what, path, strerror(errno));
		return ret;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, err_size, "%s %s: not a regular file", what, path);
		return -EINVAL;
	}
	/* The group may read it: Debian's keys are root:ssl-cert 0640. */
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, err_size,
			 "%s %s is open to other users (mode %04o): chmod o-rw %s",
			 what, path, (unsigned int)(st.st_mode & 07777), path);
		return -EPERM;
	}
	return 0;
}
