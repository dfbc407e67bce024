// SPDX-License-Identifier: GPL-2.0
/* The users file in pppd's chap-secrets format. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/secrets.h"
#include "lib/private_file.h"

/* A users file is small; refuse anything that is clearly not one. */
#define SECRETS_MAX_FILE	(4 << 20)
#define SECRETS_MAX_FIELD	256
#define SECRETS_MAX_FIELDS	4

static void set_err(char *err, size_t size, const char *name, int line,
		    const char *what, const char *value)
{
	if (value[0])
		snprintf(err, size, "%s:%d: %s: '%s'", name, line, what, value);
	else
		snprintf(err, size, "%s:%d: %s", name, line, what);
}

/*
 * Split one line into at most SECRETS_MAX_FIELDS fields.  Returns the count,
 * or -1 with *what set.  A '#' outside quotes starts a comment.
 */
static int split_line(const char *line, size_t len, char fields[][SECRETS_MAX_FIELD + 1],
		      const char **what)
{
	size_t i = 0;
	int count = 0;

	for (;;) {
		size_t out = 0;
		bool quoted = false;

		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i == len || line[i] == '#')
			return count;
		if (count == SECRETS_MAX_FIELDS) {
			*what = "too many fields (client server secret [address])";
			return -1;
		}
		if (line[i] == '"') {
			quoted = true;
			i++;
		}
		for (; i < len; i++) {
			char c = line[i];

			if (quoted && c == '"') {
				quoted = false;
				i++;
				if (i < len && line[i] != ' ' && line[i] != '\t' &&
				    line[i] != '\r' && line[i] != '#') {
					*what = "text after a closing quote";
					return -1;
				}
				break;
			}
			if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '#'))
				break;
			if (quoted && c == '\\' && i + 1 < len &&
			    (line[i + 1] == '"' || line[i + 1] == '\\'))
				c = line[++i];
			if (c == '\0') {
				*what = "NUL byte in field";
				return -1;
			}
			if (out == SECRETS_MAX_FIELD) {
				*what = "field longer than 256 bytes";
				return -1;
			}
			fields[count][out++] = c;
		}
		if (quoted) {
			*what = "unterminated quote";
			return -1;
		}
		fields[count][out] = '\0';
		count++;
	}
}

static int add_entry(struct secrets *s, char fields[][SECRETS_MAX_FIELD + 1], int count)
{
	struct secret *grown, *e;

	grown = realloc(s->entries, (s->count + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	s->entries = grown;
	e = &s->entries[s->count];
	memset(e, 0, sizeof(*e));
	e->client = strdup(fields[0]);
	e->server = strdup(fields[1]);
	e->secret = strdup(fields[2]);
	if (!e->client || !e->server || !e->secret) {
		free(e->client);
		free(e->server);
		free(e->secret);
		return -ENOMEM;
	}
	if (count == 4 && strcmp(fields[3], "*") != 0) {
		e->has_addr = true;
		inet_pton(AF_INET, fields[3], &e->addr);
	}
	s->count++;
	return 0;
}

int secrets_parse(const char *text, const char *name, struct secrets *out,
		  char *err, size_t err_size)
{
	char fields[SECRETS_MAX_FIELDS][SECRETS_MAX_FIELD + 1];
	const char *p = text;
	int line = 0;

	memset(out, 0, sizeof(*out));
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *what = NULL;
		struct in_addr addr;
		int count, err_add;

		line++;
		count = split_line(p, len, fields, &what);
		p += len + (end ? 1 : 0);
		if (count < 0) {
			set_err(err, err_size, name, line, what, "");
			goto err_free;
		}
		if (count == 0)
			continue;
		if (count < 3) {
			set_err(err, err_size, name, line,
				"expected client, server and secret", fields[0]);
			goto err_free;
		}
		if (fields[0][0] == '\0') {
			set_err(err, err_size, name, line, "empty client name", fields[0]);
			goto err_free;
		}
		if (count == 4 && strcmp(fields[3], "*") != 0 &&
		    inet_pton(AF_INET, fields[3], &addr) != 1) {
			set_err(err, err_size, name, line, "not an IPv4 address", fields[3]);
			goto err_free;
		}
		err_add = add_entry(out, fields, count);
		if (err_add) {
			snprintf(err, err_size, "%s:%d: %s", name, line, strerror(-err_add));
			secrets_free(out);
			return err_add;
		}
	}
	return 0;

err_free:
	secrets_free(out);
	return -EINVAL;
}

int secrets_load(const char *path, struct secrets *out, char *err, size_t err_size)
{
	FILE *f;
	char *text;
	size_t len;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = private_file_check(path, "users file", err, err_size);
	if (ret)
		return ret;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return ret;
	}
	text = malloc(SECRETS_MAX_FILE + 1);
	if (!text) {
		fclose(f);
		snprintf(err, err_size, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	len = fread(text, 1, SECRETS_MAX_FILE + 1, f);
	ret = ferror(f) ? -EIO : 0;
	fclose(f);
	if (!ret && len > SECRETS_MAX_FILE) {
		snprintf(err, err_size, "%s: larger than %d bytes", path, SECRETS_MAX_FILE);
		ret = -EFBIG;
	} else if (!ret && memchr(text, '\0', len)) {
		snprintf(err, err_size, "%s: contains a NUL byte", path);
		ret = -EINVAL;
	} else if (ret) {
		snprintf(err, err_size, "%s: read error", path);
	}
	if (!ret) {
		text[len] = '\0';
		ret = secrets_parse(text, path, out, err, err_size);
	}
	free(text);
	return ret;
}

void secrets_free(struct secrets *s)
{
	for (size_t i = 0; i < s->count; i++) {
		/* Secrets are passwords: do not leave them in freed memory. */
		explicit_bzero(s->entries[i].secret, strlen(s->entries[i].secret));
		free(s->entries[i].client);
		free(s->entries[i].server);
		free(s->entries[i].secret);
	}
	free(s->entries);
	s->entries = NULL;
	s->count = 0;
}

static const struct secret *lookup_exact(const struct secrets *s, const char *client,
					 const char *server)
{
	const struct secret *best = NULL;
	int best_score = 0;

	for (size_t i = 0; i < s->count; i++) {
		const struct secret *e = &s->entries[i];
		int score = 1;

		if (!strcmp(e->client, client))
			score += 2;
		else if (strcmp(e->client, "*"))
			continue;
		if (!strcmp(e->server, server))
			score += 1;
		else if (strcmp(e->server, "*"))
			continue;
		if (score > best_score) {
			best = e;
			best_score = score;
		}
	}
	return best;
}

const struct secret *secrets_lookup(const struct secrets *s, const char *client,
				    const char *server)
{
	const struct secret *e = lookup_exact(s, client, server);
	const char *bare = strrchr(client, '\\');
	const struct secret *named;

	if (e && strcmp(e->client, "*"))
		return e;
	/* "DOMAIN\name" without an entry of its own is "name". */
	named = bare ? lookup_exact(s, bare + 1, server) : NULL;
	return named ? named : e;
}
