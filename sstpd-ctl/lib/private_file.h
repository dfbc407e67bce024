/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files that hold secrets (the users file, the TLS private key) must be
 * kept from other users: one readable or writable by others is refused,
 * as sshd refuses a host key that others can read.
 */
#ifndef SSTP_PRIVATE_FILE_H
#define SSTP_PRIVATE_FILE_H

#include <stddef.h>

/*
 * 0 when PATH is a regular file that others (neither its owner nor its
 * group) can neither read nor write; otherwise a negative errno, and err
 * says why, naming WHAT, the path and the mode.
 */
int private_file_check(const char *path, const char *what, char *err, size_t err_size);

#endif
