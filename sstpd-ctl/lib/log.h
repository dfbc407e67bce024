/* SPDX-License-Identifier: GPL-2.0 */
/* One line per event: to stderr in the foreground, to syslog otherwise. */
#ifndef SSTP_LOG_H
#define SSTP_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERROR,	/* needs an operator */
	LOG_LEVEL_WARN,		/* a session ended badly */
	LOG_LEVEL_INFO,		/* session up or down, config loaded */
	LOG_LEVEL_DEBUG,	/* everything else */
};

void log_init(const char *ident, bool foreground, enum log_level level);
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);
int log_level_parse(const char *text, enum log_level *level);

__attribute__((format(printf, 2, 3)))
void log_msg(enum log_level level, const char *fmt, ...);

#define log_error(...)	log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif /* SSTP_LOG_H */
