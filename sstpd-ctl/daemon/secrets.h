/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The users file, in pppd's chap-secrets format:
 *
 *	# client	server	secret		IP addresses
 *	alice		*	"s3cret pw"	10.8.0.10
 *	bob		sstpd	hunter2		*
 *
 * Fields are separated by blanks; "..." quotes a field (\" and \\ inside);
 * '*' in client or server matches any name; an IP address fixes the client's
 * inner address, '*' or nothing lets the pool choose.
 */
#ifndef SSTP_SECRETS_H
#define SSTP_SECRETS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

struct secret {
	char *client;
	char *server;
	char *secret;
	bool has_addr;
	struct in_addr addr;
};

struct secrets {
	struct secret *entries;
	size_t count;
};

/*
 * Parse text (named name in messages).  Returns 0, or -EINVAL with
 * "name:line: what is wrong: 'value'" in err.
 */
int secrets_parse(const char *text, const char *name, struct secrets *out,
		  char *err, size_t err_size);

/* Read and parse a file; -errno with the reason in err when it cannot be read. */
int secrets_load(const char *path, struct secrets *out, char *err, size_t err_size);

void secrets_free(struct secrets *s);

/*
 * The entry for this user on this server: an exact name beats '*', the
 * client name weighs more than the server name, and among equals the first
 * line wins (as in pppd).  A user given as "DOMAIN\name" that has no entry of
 * its own is looked up as "name".  NULL when there is none.
 */
const struct secret *secrets_lookup(const struct secrets *s, const char *client,
				    const char *server);

#endif /* SSTP_SECRETS_H */
