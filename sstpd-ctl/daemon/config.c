// SPDX-License-Identifier: GPL-2.0
/* sstpd's settings from defaults, a config file and the command line. */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "daemon/config.h"
#include "daemon/pool.h"
#include "sstp_version.h"

#define CONFIG_MAX_FILE		(1 << 20)

static const char *const auth_names[] = {
	[CONFIG_AUTH_MSCHAPV2] = "mschapv2",
	[CONFIG_AUTH_CHAP] = "chap",
	[CONFIG_AUTH_PAP] = "pap",
};

static const char *const datapath_names[] = {
	[CONFIG_DATAPATH_AUTO] = "auto",
	[CONFIG_DATAPATH_KERNEL] = "kernel",
	[CONFIG_DATAPATH_USER] = "user",
};

const char *config_auth_name(enum config_auth auth)
{
	return auth_names[auth];
}

const char *config_datapath_name(enum config_datapath datapath)
{
	return datapath_names[datapath];
}

static int fail(char *err, size_t err_size, const char *where, const char *what,
		const char *value)
{
	snprintf(err, err_size, "%s: %s: '%s'", where, what, value);
	return -EINVAL;
}

static int set_string(char **field, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

/* The digits after "HOST:": a port from 1 to 65535. */
static int parse_port(const char *text, unsigned long *port)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	*port = strtoul(text, &end, 10);
	if (*end || errno || *port == 0 || *port > 65535)
		return -EINVAL;
	return 0;
}

static int parse_listen(struct config *c, const char *value)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&c->listen;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&c->listen;
	char host[INET6_ADDRSTRLEN + 2];
	unsigned long port = CONFIG_DEFAULT_PORT;
	const char *colon;
	size_t host_len;

	/* "[v6]:port", "v4:port", "v4" or "[v6]". */
	if (value[0] == '[') {
		const char *close = strchr(value, ']');

		if (!close)
			return -EINVAL;
		host_len = (size_t)(close - value - 1);
		if (host_len >= sizeof(host))
			return -EINVAL;
		memcpy(host, value + 1, host_len);
		colon = close[1] == ':' ? close + 1 : NULL;
		if (close[1] && !colon)
			return -EINVAL;
	} else {
		colon = strrchr(value, ':');
		host_len = colon ? (size_t)(colon - value) : strlen(value);
		if (host_len >= sizeof(host))
			return -EINVAL;
		memcpy(host, value, host_len);
	}
	host[host_len] = '\0';
	if (colon && parse_port(colon + 1, &port))
		return -EINVAL;

	memset(&c->listen, 0, sizeof(c->listen));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		c->listen_len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		c->listen_len = sizeof(*sin6);
	} else {
		return -EINVAL;
	}
	return set_string(&c->listen_text, value);
}

/* Split a comma list; each item trimmed of blanks, empty items refused. */
static int next_item(const char **cursor, char *item, size_t size)
{
	const char *p = *cursor, *end;
	size_t len;

	while (*p == ' ' || *p == '\t')
		p++;
	end = strchr(p, ',');
	len = end ? (size_t)(end - p) : strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (!len || len >= size)
		return -EINVAL;
	memcpy(item, p, len);
	item[len] = '\0';
	*cursor = end ? end + 1 : p + strlen(p);
	return 0;
}

static int parse_dns(struct config *c, const char *value, const char **bad)
{
	static char item[64];
	const char *cursor = value;
	int count = 0;

	while (*cursor) {
		if (next_item(&cursor, item, sizeof(item))) {
			*bad = value;
			return -EINVAL;
		}
		if (count == CONFIG_MAX_DNS) {
			*bad = "at most 2 DNS servers";
			return -E2BIG;
		}
		if (inet_pton(AF_INET, item, &c->dns[count]) != 1) {
			*bad = item;
			return -EINVAL;
		}
		count++;
	}
	c->dns_count = count;
	return 0;
}

static int parse_auth(struct config *c, const char *value, const char **bad)
{
	static char item[32];
	enum config_auth list[CONFIG_MAX_AUTH];
	const char *cursor = value;
	int count = 0;

	*bad = value;
	if (!*value)
		return -EINVAL;
	while (*cursor) {
		int found = -1;

		if (next_item(&cursor, item, sizeof(item)))
			return -EINVAL;
		for (int i = 0; i < CONFIG_MAX_AUTH; i++) {
			if (!strcmp(item, auth_names[i]))
				found = i;
		}
		*bad = item;
		if (found < 0)
			return -EINVAL;
		for (int i = 0; i < count; i++) {
			if (list[i] == (enum config_auth)found)
				return -EEXIST;
		}
		list[count++] = (enum config_auth)found;
	}
	memcpy(c->auth, list, sizeof(list[0]) * (size_t)count);
	c->auth_count = count;
	return 0;
}

static int parse_uint(const char *value, unsigned long min, unsigned long max,
		      unsigned int *out)
{
	unsigned long v;
	char *end;

	if (value[0] < '0' || value[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (*end || errno || v < min || v > max)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

static int parse_bool(const char *value, bool *out)
{
	if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "off")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

/* Whether OpenSSL finds at least one cipher in a TLS 1.2 list or 1.3 suite list. */
static bool cipher_list_ok(const char *value, bool tls13)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());
	bool ok;

	if (!ctx)
		return false;
	ok = tls13 ? SSL_CTX_set_ciphersuites(ctx, value) == 1 :
		     SSL_CTX_set_cipher_list(ctx, value) == 1;
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

static int parse_choice(const char *value, const char *const *names, int count)
{
	for (int i = 0; i < count; i++) {
		if (!strcmp(value, names[i]))
			return i;
	}
	return -1;
}

static void free_secret(char **field)
{
	if (*field)
		explicit_bzero(*field, strlen(*field));
	free(*field);
	*field = NULL;
}

/* "host", "host:port", "[v6]" or "[v6]:port"; a bare v6 address too. */
static int parse_connect(struct config *c, const char *value)
{
	char host[256];
	const char *colon = NULL;
	unsigned long port = CONFIG_DEFAULT_PORT;
	size_t host_len;
	struct in6_addr a6;

	if (value[0] == '[') {
		const char *close = strchr(value, ']');

		if (!close || (close[1] && close[1] != ':'))
			return -EINVAL;
		host_len = (size_t)(close - value - 1);
		if (host_len >= sizeof(host))
			return -EINVAL;
		memcpy(host, value + 1, host_len);
		host[host_len] = '\0';
		if (inet_pton(AF_INET6, host, &a6) != 1)
			return -EINVAL;
		colon = close[1] ? close + 1 : NULL;
	} else if (inet_pton(AF_INET6, value, &a6) == 1) {
		host_len = strlen(value);
		if (host_len >= sizeof(host))
			return -EINVAL;
		memcpy(host, value, host_len + 1);
	} else {
		colon = strrchr(value, ':');
		host_len = colon ? (size_t)(colon - value) : strlen(value);
		if (!host_len || host_len >= sizeof(host))
			return -EINVAL;
		memcpy(host, value, host_len);
		host[host_len] = '\0';
		if (strpbrk(host, " \t/[]"))
			return -EINVAL;
	}
	if (colon && parse_port(colon + 1, &port))
		return -EINVAL;
	if (set_string(&c->connect_host, host) || set_string(&c->connect, value))
		return -ENOMEM;
	c->connect_port = (unsigned int)port;
	return 0;
}

/* 64 hex digits, optionally in pairs separated by colons (as sstpd logs it). */
static int parse_pin(struct config *c, const char *value)
{
	uint8_t pin[32];
	size_t n = 0;

	for (const char *p = value; *p; ) {
		int hi, lo;

		if (*p == ':') {
			if (p == value || p[1] == ':' || !p[1])
				return -EINVAL;
			p++;
			continue;
		}
		hi = OPENSSL_hexchar2int((unsigned char)p[0]);
		lo = p[1] ? OPENSSL_hexchar2int((unsigned char)p[1]) : -1;
		if (hi < 0 || lo < 0 || n == sizeof(pin))
			return -EINVAL;
		pin[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	if (n != sizeof(pin))
		return -EINVAL;
	memcpy(c->pin_sha256, pin, sizeof(pin));
	c->pin = true;
	return 0;
}

static int parse_cidr(const char *value, struct in_addr *addr, unsigned int *prefix)
{
	char host[INET_ADDRSTRLEN];
	const char *slash = strchr(value, '/');
	size_t len = slash ? (size_t)(slash - value) : strlen(value);
	uint32_t mask;

	if (len >= sizeof(host))
		return -EINVAL;
	memcpy(host, value, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, addr) != 1)
		return -EINVAL;
	*prefix = 32;
	if (slash && parse_uint(slash + 1, 0, 32, prefix))
		return -EINVAL;
	/* Host bits set: a typo more likely than a wish. */
	mask = *prefix ? htonl(~0u << (32 - *prefix)) : 0;
	if (addr->s_addr & ~mask)
		return -EINVAL;
	return 0;
}

int config_read_password(struct config *c, char *err, size_t err_size)
{
	char line[512];
	FILE *f;
	size_t len;

	if (!c->password_file)
		return 0;
	f = fopen(c->password_file, "re");
	if (!f) {
		snprintf(err, err_size, "password-file: %s: '%s'", strerror(errno),
			 c->password_file);
		return -errno;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (!len || len > 255) {
		explicit_bzero(line, sizeof(line));
		snprintf(err, err_size, "password-file: first line empty or longer than 255 bytes: '%s'",
			 c->password_file);
		return -EINVAL;
	}
	free_secret(&c->password);
	c->password = strdup(line);
	explicit_bzero(line, sizeof(line));
	return c->password ? 0 : -ENOMEM;
}

int config_set(struct config *c, const char *key, const char *value, const char *where,
	       char *err, size_t err_size)
{
	char what[160];
	const char *bad = value;
	int ret;

	if (!strcmp(key, "listen")) {
		if (parse_listen(c, value))
			return fail(err, err_size, where, "listen: not ADDRESS[:PORT]", value);
	} else if (!strcmp(key, "cert") || !strcmp(key, "key") || !strcmp(key, "users") ||
		   !strcmp(key, "state-dir")) {
		char **field = !strcmp(key, "cert") ? &c->cert_path :
			       !strcmp(key, "key") ? &c->key_path :
			       !strcmp(key, "users") ? &c->users_path : &c->state_dir;

		snprintf(what, sizeof(what), "%s: empty path", key);
		if (!value[0])
			return fail(err, err_size, where, what, value);
		if (set_string(field, value))
			return -ENOMEM;
	} else if (!strcmp(key, "pool")) {
		char reason[128];
		struct pool *p;

		if (pool_new(value, &p, reason, sizeof(reason))) {
			snprintf(err, err_size, "%s: pool: %s", where, reason);
			return -EINVAL;
		}
		pool_free(p);
		if (set_string(&c->pool, value))
			return -ENOMEM;
	} else if (!strcmp(key, "name")) {
		if (!value[0] || strpbrk(value, " \t\"#"))
			return fail(err, err_size, where, "name: not a server name", value);
		if (set_string(&c->server_name, value))
			return -ENOMEM;
	} else if (!strcmp(key, "dns")) {
		ret = parse_dns(c, value, &bad);
		if (ret == -E2BIG)
			return fail(err, err_size, where, "dns: at most 2 servers", value);
		if (ret)
			return fail(err, err_size, where, "dns: not an IPv4 address", bad);
	} else if (!strcmp(key, "auth")) {
		ret = parse_auth(c, value, &bad);
		if (ret == -EEXIST)
			return fail(err, err_size, where, "auth: method listed twice", bad);
		if (ret)
			return fail(err, err_size, where,
				    "auth: not a list of mschapv2, chap, pap", bad);
		c->auth_given = true;
	} else if (!strcmp(key, "datapath")) {
		ret = parse_choice(value, datapath_names, 3);
		if (ret < 0)
			return fail(err, err_size, where,
				    "datapath: not one of auto, kernel, user", value);
		c->datapath = (enum config_datapath)ret;
	} else if (!strcmp(key, "tls-version")) {
		if (!strcmp(value, "auto"))
			c->tls_version = 0;
		else if (!strcmp(value, "1.2"))
			c->tls_version = TLS1_2_VERSION;
		else if (!strcmp(value, "1.3"))
			c->tls_version = TLS1_3_VERSION;
		else
			return fail(err, err_size, where, "tls-version: not one of auto, 1.2, 1.3",
				    value);
	} else if (!strcmp(key, "ciphers") || !strcmp(key, "ciphersuites")) {
		bool tls13 = !strcmp(key, "ciphersuites");

		snprintf(what, sizeof(what), "%s: OpenSSL knows no %s in it", key,
			 tls13 ? "TLS 1.3 suite" : "TLS 1.2 cipher");
		if (!value[0] || !cipher_list_ok(value, tls13))
			return fail(err, err_size, where, what, value);
		if (set_string(tls13 ? &c->ciphersuites : &c->ciphers, value))
			return -ENOMEM;
	} else if (!strcmp(key, "mru")) {
		if (parse_uint(value, 576, 4087, &c->mru))
			return fail(err, err_size, where, "mru: not a number from 576 to 4087",
				    value);
	} else if (!strcmp(key, "max-sessions")) {
		if (parse_uint(value, 1, 65535, &c->max_sessions))
			return fail(err, err_size, where,
				    "max-sessions: not a number from 1 to 65535", value);
	} else if (!strcmp(key, "max-unauthenticated")) {
		if (parse_uint(value, 1, 65535, &c->max_unauthenticated))
			return fail(err, err_size, where,
				    "max-unauthenticated: not a number from 1 to 65535", value);
	} else if (!strcmp(key, "max-unauthenticated-per-source")) {
		if (parse_uint(value, 1, 65535, &c->max_unauthenticated_per_source))
			return fail(err, err_size, where,
				    "max-unauthenticated-per-source: not a number from 1 to 65535",
				    value);
	} else if (!strcmp(key, "auth-timeout")) {
		if (parse_uint(value, 5, 600, &c->auth_timeout_s))
			return fail(err, err_size, where,
				    "auth-timeout: not a number of seconds from 5 to 600", value);
	} else if (!strcmp(key, "ipv6")) {
		if (parse_bool(value, &c->ipv6))
			return fail(err, err_size, where, "ipv6: not yes or no", value);
	} else if (!strcmp(key, "log-level")) {
		if (log_level_parse(value, &c->log_level))
			return fail(err, err_size, where,
				    "log-level: not one of error, warn, info, debug", value);
	} else if (!strcmp(key, "control")) {
		if (value[0] != '/' || strlen(value) >= 108)
			return fail(err, err_size, where,
				    "control: not an absolute path under 108 bytes", value);
		if (set_string(&c->control_path, value))
			return -ENOMEM;
	} else if (!strcmp(key, "control-group")) {
		if (!value[0] || strpbrk(value, " \t:"))
			return fail(err, err_size, where, "control-group: not a group name", value);
		if (set_string(&c->control_group, value))
			return -ENOMEM;
	} else if (!strcmp(key, "connect")) {
		if (parse_connect(c, value))
			return fail(err, err_size, where, "connect: not HOST[:PORT]", value);
	} else if (!strcmp(key, "user")) {
		if (!value[0] || strlen(value) > 255)
			return fail(err, err_size, where, "user: empty or longer than 255 bytes",
				    value);
		if (set_string(&c->user, value))
			return -ENOMEM;
	} else if (!strcmp(key, "password")) {
		/* Never quoted back: it is a secret. */
		if (!value[0] || strlen(value) > 255) {
			snprintf(err, err_size, "%s: password: empty or longer than 255 bytes",
				 where);
			return -EINVAL;
		}
		free_secret(&c->password);
		if (set_string(&c->password, value))
			return -ENOMEM;
	} else if (!strcmp(key, "password-file") || !strcmp(key, "ca") ||
		   !strcmp(key, "resolv")) {
		char **field = !strcmp(key, "ca") ? &c->ca_path :
			       !strcmp(key, "resolv") ? &c->resolv_path : &c->password_file;

		snprintf(what, sizeof(what), "%s: empty path", key);
		if (!value[0])
			return fail(err, err_size, where, what, value);
		if (set_string(field, value))
			return -ENOMEM;
	} else if (!strcmp(key, "sni")) {
		if (!value[0] || strlen(value) > 253 || strpbrk(value, " \t/:"))
			return fail(err, err_size, where, "sni: not a host name", value);
		if (set_string(&c->sni, value))
			return -ENOMEM;
	} else if (!strcmp(key, "pin-sha256")) {
		if (parse_pin(c, value))
			return fail(err, err_size, where,
				    "pin-sha256: not 32 bytes in hex (colons allowed)", value);
	} else if (!strcmp(key, "route")) {
		if (c->route_count == CONFIG_MAX_ROUTES)
			return fail(err, err_size, where, "route: at most 32 routes", value);
		if (parse_cidr(value, &c->routes[c->route_count].addr,
			       &c->routes[c->route_count].prefix))
			return fail(err, err_size, where, "route: not an IPv4 CIDR", value);
		c->route_count++;
	} else if (!strcmp(key, "insecure") || !strcmp(key, "default-route") ||
		   !strcmp(key, "once")) {
		bool *field = !strcmp(key, "insecure") ? &c->insecure :
			      !strcmp(key, "once") ? &c->once : &c->default_route;

		snprintf(what, sizeof(what), "%s: not yes or no", key);
		if (parse_bool(value, field))
			return fail(err, err_size, where, what, value);
	} else {
		return fail(err, err_size, where, "unknown key", key);
	}
	return 0;
}

void config_init(struct config *c)
{
	char err[128];

	memset(c, 0, sizeof(*c));
	config_set(c, "listen", "0.0.0.0:443", "default", err, sizeof(err));
	config_set(c, "state-dir", "/var/lib/sstpd", "default", err, sizeof(err));
	config_set(c, "pool", "10.99.0.0/24", "default", err, sizeof(err));
	config_set(c, "control", "/run/sstpd/sstpd.sock", "default", err, sizeof(err));
	config_set(c, "name", "sstpd", "default", err, sizeof(err));
	c->auth[0] = CONFIG_AUTH_MSCHAPV2;
	c->auth_count = 1;
	c->datapath = CONFIG_DATAPATH_AUTO;
	c->mru = 1500;
	c->ipv6 = true;
	c->max_sessions = 1024;
	c->max_unauthenticated = 512;
	c->max_unauthenticated_per_source = 16;
	c->auth_timeout_s = 30;
	c->log_level = LOG_LEVEL_INFO;
}

void config_free(struct config *c)
{
	free(c->config_path);
	free(c->listen_text);
	free(c->cert_path);
	free(c->key_path);
	free(c->users_path);
	free(c->state_dir);
	free(c->pool);
	free(c->server_name);
	free(c->control_path);
	free(c->control_group);
	free(c->ciphers);
	free(c->ciphersuites);
	free(c->connect);
	free(c->connect_host);
	free(c->user);
	free_secret(&c->password);
	free(c->password_file);
	free(c->sni);
	free(c->ca_path);
	free(c->resolv_path);
	memset(c, 0, sizeof(*c));
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int parse_text(struct config *c, char *text, const char *path, char *err,
		      size_t err_size)
{
	int line = 0;

	for (char *p = text, *next; *p; p = next) {
		char where[300], *hash, *eq, *key, *value;
		int ret;

		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		else
			next = p + strlen(p);
		line++;
		snprintf(where, sizeof(where), "%s:%d", path, line);
		/* Values never contain '#': paths and lists of names and numbers. */
		hash = strchr(p, '#');
		if (hash)
			*hash = '\0';
		p = trim(p);
		if (!*p)
			continue;
		eq = strchr(p, '=');
		if (!eq)
			return fail(err, err_size, where, "expected 'key = value'", p);
		*eq = '\0';
		key = trim(p);
		value = trim(eq + 1);
		ret = config_set(c, key, value, where, err, err_size);
		if (ret)
			return ret;
	}
	return 0;
}

int config_load_file(struct config *c, const char *path, char *err, size_t err_size)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t len;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return ret;
	}
	text = malloc(CONFIG_MAX_FILE + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	len = fread(text, 1, CONFIG_MAX_FILE + 1, f);
	ret = ferror(f) ? -EIO : 0;
	fclose(f);
	if (ret) {
		snprintf(err, err_size, "%s: read error", path);
	} else if (len > CONFIG_MAX_FILE) {
		snprintf(err, err_size, "%s: larger than %d bytes", path, CONFIG_MAX_FILE);
		ret = -EFBIG;
	} else if (memchr(text, '\0', len)) {
		snprintf(err, err_size, "%s: contains a NUL byte", path);
		ret = -EINVAL;
	} else {
		text[len] = '\0';
		ret = parse_text(c, text, path, err, err_size);
	}
	free(text);
	return ret;
}

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "foreground", no_argument, NULL, 'f' },
	{ "check", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "listen", required_argument, NULL, 0 },
	{ "cert", required_argument, NULL, 0 },
	{ "key", required_argument, NULL, 0 },
	{ "users", required_argument, NULL, 0 },
	{ "pool", required_argument, NULL, 0 },
	{ "dns", required_argument, NULL, 0 },
	{ "auth", required_argument, NULL, 0 },
	{ "datapath", required_argument, NULL, 0 },
	{ "tls-version", required_argument, NULL, 0 },
	{ "ciphers", required_argument, NULL, 0 },
	{ "ciphersuites", required_argument, NULL, 0 },
	{ "state-dir", required_argument, NULL, 0 },
	{ "name", required_argument, NULL, 0 },
	{ "mru", required_argument, NULL, 0 },
	{ "ipv6", required_argument, NULL, 0 },
	{ "max-sessions", required_argument, NULL, 0 },
	{ "max-unauthenticated", required_argument, NULL, 0 },
	{ "max-unauthenticated-per-source", required_argument, NULL, 0 },
	{ "auth-timeout", required_argument, NULL, 0 },
	{ "log-level", required_argument, NULL, 0 },
	{ "control", required_argument, NULL, 0 },
	{ "control-group", required_argument, NULL, 0 },
	{ "connect", required_argument, NULL, 0 },
	{ "user", required_argument, NULL, 0 },
	{ "password-file", required_argument, NULL, 0 },
	{ "password", required_argument, NULL, 0 },
	{ "sni", required_argument, NULL, 0 },
	{ "ca", required_argument, NULL, 0 },
	{ "pin-sha256", required_argument, NULL, 0 },
	{ "route", required_argument, NULL, 0 },
	{ "resolv", required_argument, NULL, 0 },
	{ "insecure", no_argument, NULL, 0 },
	{ "default-route", no_argument, NULL, 0 },
	{ "once", no_argument, NULL, 0 },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sstpd [options]\n"
		"  -c, --config FILE      read settings from FILE (see sstpd.conf(5))\n"
		"  -f, --foreground       stay in the foreground, log to stderr\n"
		"  -n, --check            load the configuration, certificate, key and users; exit\n"
		"      --listen ADDR[:PORT]      default 0.0.0.0:443\n"
		"      --cert FILE --key FILE    default: self-signed, in the state dir\n"
		"      --users FILE              chap-secrets format; default: generated\n"
		"      --pool CIDR               default 10.99.0.0/24\n"
		"      --dns ADDR[,ADDR]         DNS servers offered to clients\n"
		"      --auth LIST               mschapv2,chap,pap; default mschapv2\n"
		"      --datapath auto|kernel|user\n"
		"      --tls-version auto|1.2|1.3  TLS versions offered; default auto (both)\n"
		"      --ciphers LIST            TLS 1.2 ciphers (OpenSSL syntax)\n"
		"      --ciphersuites LIST       TLS 1.3 suites (OpenSSL syntax)\n"
		"      --state-dir DIR           default /var/lib/sstpd\n"
		"      --name NAME               server name in the users file; default sstpd\n"
		"      --mru N --ipv6 yes|no --max-sessions N --log-level LEVEL\n"
		"      --max-unauthenticated N --max-unauthenticated-per-source N\n"
		"      --auth-timeout SECONDS    connections not yet authenticated\n"
		"      --control PATH            control socket; default /run/sstpd/sstpd.sock\n"
		"      --control-group GROUP     may use the control socket besides root\n"
		"The client role (one outgoing session instead of a server):\n"
		"      --connect HOST[:PORT]     the server; default port 443\n"
		"      --user NAME --password-file FILE   credentials (first line of FILE)\n"
		"      --sni NAME                name sent and verified; default HOST\n"
		"      --ca FILE                 trusted CAs; default the system's store\n"
		"      --pin-sha256 HEX          trust the certificate with this fingerprint\n"
		"      --insecure                trust any certificate (tests only)\n"
		"      --route CIDR              through the tunnel; repeatable\n"
		"      --default-route           everything through the tunnel\n"
		"      --resolv FILE             write the DNS servers offered there\n"
		"      --once                    exit on the first loss, no reconnect\n"
		"  -h, --help             this text\n"
		"  -V, --version          print the version\n");
}

int config_from_args(struct config *c, int argc, char **argv, char *err, size_t err_size)
{
	int opt, index, ret;

	/* The file first, wherever --config appears, so options win over it. */
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "c:fnhV", long_options, &index)) != -1) {
		if (opt == 'c' && set_string(&c->config_path, optarg))
			return -ENOMEM;
	}
	if (c->config_path) {
		ret = config_load_file(c, c->config_path, err, err_size);
		if (ret)
			return ret;
	}

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:fnhV", long_options, &index)) != -1) {
		char where[64];

		switch (opt) {
		case 'c':
			break;
		case 'f':
			c->foreground = true;
			break;
		case 'n':
			c->check_only = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("sstpd %s\n", SSTP_RELEASE);
			return 1;
		case 0:
			snprintf(where, sizeof(where), "--%s", long_options[index].name);
			/* A flag on the command line is "yes" in the file. */
			ret = config_set(c, long_options[index].name, optarg ? optarg : "yes",
					 where, err, err_size);
			if (ret)
				return ret;
			break;
		default:
			snprintf(err, err_size, "unknown option or missing value: '%s'",
				 argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(err, err_size, "unexpected argument: '%s'", argv[optind]);
		return -EINVAL;
	}
	if (c->connect) {
		if (!c->user) {
			snprintf(err, err_size, "--connect needs --user: '%s'", c->connect);
			return -EINVAL;
		}
		if (!c->password && !c->password_file) {
			snprintf(err, err_size, "--connect needs --password-file: '%s'", c->connect);
			return -EINVAL;
		}
		if (c->insecure && c->pin) {
			snprintf(err, err_size, "--insecure and --pin-sha256 exclude each other: '%s'",
				 "insecure");
			return -EINVAL;
		}
	}
	if (!c->cert_path != !c->key_path) {
		snprintf(err, err_size, "--cert and --key go together: '%s'",
			 c->cert_path ? c->cert_path : c->key_path);
		return -EINVAL;
	}
	return 0;
}
