/* SPDX-License-Identifier: GPL-2.0 */
/* User-space side of the "sstp" generic netlink family (libnl-genl). */
#ifndef SSTP_USER_GENL_H
#define SSTP_USER_GENL_H

#include <stdint.h>

struct sstp_genl;

struct sstp_module_info {
	char release[33];
	uint32_t api_version;	/* the family version the kernel registered */
	uint32_t features;	/* enum sstp_feature bits */
};

/*
 * Connect to the family.  Returns 0, -ENOENT when the module is not loaded
 * (the family is unknown), or another negative errno.
 */
int sstp_genl_open(struct sstp_genl **out);
void sstp_genl_close(struct sstp_genl *g);

int sstp_genl_version(struct sstp_genl *g, struct sstp_module_info *info);

/* Comma-separated names of the feature bits into buf; "none" when empty. */
void sstp_genl_features_format(uint32_t features, char *buf, size_t size);

#endif /* SSTP_USER_GENL_H */
