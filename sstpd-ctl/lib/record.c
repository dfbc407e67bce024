// SPDX-License-Identifier: GPL-2.0
/* Record lines of the control socket: writing and reading them. */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/record.h"

static void record_put(struct record *r, const char *s, size_t n)
{
	if (r->overflow || r->len + n + 2 > r->cap) {
		r->overflow = true;
		return;
	}
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

void record_begin(struct record *r, char *buf, size_t cap, const char *kind)
{
	r->buf = buf;
	r->cap = cap;
	r->len = 0;
	r->overflow = false;
	record_put(r, kind, strlen(kind));
}

void record_str(struct record *r, const char *key, const char *value)
{
	record_put(r, "\t", 1);
	record_put(r, key, strlen(key));
	record_put(r, "=", 1);
	for (const char *p = value ? value : ""; *p; p++) {
		const char *esc = *p == '\t' ? "\\t" : *p == '\n' ? "\\n" :
				  *p == '\\' ? "\\\\" : NULL;

		if (esc)
			record_put(r, esc, 2);
		else
			record_put(r, p, 1);
	}
}

void record_u64(struct record *r, const char *key, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)value);
	record_str(r, key, text);
}

bool record_end(struct record *r)
{
	if (r->overflow) {
		r->len = 0;
		return false;
	}
	r->buf[r->len++] = '\n';
	r->buf[r->len] = '\0';
	return true;
}

int record_parse(char *line, struct record_fields *out)
{
	char *field = strchr(line, '\t');

	out->kind = line;
	out->count = 0;
	if (field)
		*field++ = '\0';
	while (field) {
		char *next = strchr(field, '\t');
		char *eq, *src, *dst;

		if (next)
			*next++ = '\0';
		eq = strchr(field, '=');
		if (!eq || eq == field || out->count == RECORD_MAX_FIELDS)
			return -EINVAL;
		*eq = '\0';
		/* Unescape in place: the result is never longer. */
		for (src = dst = eq + 1; *src; src++) {
			if (*src != '\\') {
				*dst++ = *src;
				continue;
			}
			src++;
			if (*src == 't')
				*dst++ = '\t';
			else if (*src == 'n')
				*dst++ = '\n';
			else if (*src == '\\')
				*dst++ = '\\';
			else
				return -EINVAL;
		}
		*dst = '\0';
		out->key[out->count] = field;
		out->value[out->count] = eq + 1;
		out->count++;
		field = next;
	}
	return 0;
}

const char *record_get(const struct record_fields *f, const char *key)
{
	for (int i = 0; i < f->count; i++) {
		if (!strcmp(f->key[i], key))
			return f->value[i];
	}
	return NULL;
}
