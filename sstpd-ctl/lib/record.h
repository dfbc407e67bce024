/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record lines of the control socket (docs/control.md): a kind, then
 * tab-separated key=value fields, with tab, newline and backslash escaped.
 * Written by sstpd, read by sstpctl.
 */
#ifndef SSTP_RECORD_H
#define SSTP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One output record: kind, then key=value fields (docs/control.md). */
struct record {
	char *buf;
	size_t len;
	size_t cap;
	bool overflow;
};

void record_begin(struct record *r, char *buf, size_t cap, const char *kind);
void record_str(struct record *r, const char *key, const char *value);
void record_u64(struct record *r, const char *key, uint64_t value);
/* Ends the line; false when it did not fit (the record is then empty). */
bool record_end(struct record *r);

#define RECORD_MAX_FIELDS 32

/* A record read back: pointers into the parsed line. */
struct record_fields {
	const char *kind;
	int count;
	const char *key[RECORD_MAX_FIELDS];
	const char *value[RECORD_MAX_FIELDS];
};

/*
 * Split one line (without its newline) in place and unescape the values.
 * Returns 0, or -EINVAL for a field without '=', a bad escape or too many
 * fields.
 */
int record_parse(char *line, struct record_fields *out);

/* The value of key, or NULL. */
const char *record_get(const struct record_fields *f, const char *key);

#endif /* SSTP_RECORD_H */
