/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sstpd's settings: defaults, then the config file, then the command line.
 * The file has one "key = value" per line; '#' starts a comment.  Every key
 * is also a long option: "pool = 10.8.0.0/24" is "--pool 10.8.0.0/24".
 */
#ifndef SSTP_CONFIG_H
#define SSTP_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "lib/log.h"

#define CONFIG_MAX_DNS		2
#define CONFIG_MAX_AUTH		3
#define CONFIG_DEFAULT_PORT	443
#define CONFIG_MAX_ROUTES	32

enum config_auth {
	CONFIG_AUTH_MSCHAPV2,
	CONFIG_AUTH_CHAP,
	CONFIG_AUTH_PAP,
};

enum config_datapath {
	CONFIG_DATAPATH_AUTO,
	CONFIG_DATAPATH_KERNEL,
	CONFIG_DATAPATH_USER,
};

struct config {
	char *config_path;		/* NULL: none given */
	struct sockaddr_storage listen;
	socklen_t listen_len;
	char *listen_text;
	char *cert_path;		/* NULL: self-signed in state_dir */
	char *key_path;
	char *users_path;		/* NULL: generated in state_dir */
	char *state_dir;
	char *pool;			/* CIDR */
	char *server_name;		/* the server column of chap-secrets */
	struct in_addr dns[CONFIG_MAX_DNS];
	int dns_count;
	enum config_auth auth[CONFIG_MAX_AUTH];
	int auth_count;
	bool auth_given;		/* set by the file or command line */
	enum config_datapath datapath;
	int tls_version;		/* 0: 1.2 and 1.3; else TLS1_2_VERSION or TLS1_3_VERSION */
	char *ciphers;			/* TLS 1.2 cipher list; NULL: OpenSSL's */
	char *ciphersuites;		/* TLS 1.3 suites; NULL: OpenSSL's */
	unsigned int mru;
	bool ipv6;
	unsigned int max_sessions;	/* authenticated sessions */
	/* Connections not yet authenticated: in all, from one source (an IPv4
	 * address, an IPv6 /64), and how long each may take to authenticate. */
	unsigned int max_unauthenticated;
	unsigned int max_unauthenticated_per_source;
	unsigned int auth_timeout_s;
	enum log_level log_level;
	char *control_path;		/* the control socket */
	char *control_group;		/* may use it besides root; NULL: none */
	bool foreground;
	bool check_only;		/* -n: check the configuration and exit */

	/* The client role (connect set): one outgoing session. */
	char *connect;			/* "HOST[:PORT]" as given; NULL: server role */
	char *connect_host;		/* HOST without brackets */
	unsigned int connect_port;
	char *user;
	char *password;			/* --password (tests), or read from ... */
	char *password_file;		/* ... its first line, at start */
	char *sni;			/* name sent and verified; NULL: HOST */
	char *ca_path;			/* NULL: the system's CA store */
	bool pin;
	uint8_t pin_sha256[32];
	bool insecure;
	struct {
		struct in_addr addr;
		unsigned int prefix;
	} routes[CONFIG_MAX_ROUTES];
	int route_count;
	bool default_route;
	char *resolv_path;		/* DNS servers offered go there */
	bool once;			/* exit on the first loss instead of reconnecting */
};

void config_init(struct config *c);
void config_free(struct config *c);

/*
 * Set one key.  where names the source in messages ("file:line" or
 * "--key").  Returns 0 or -EINVAL with "where: what is wrong: 'value'" in err.
 */
int config_set(struct config *c, const char *key, const char *value, const char *where,
	       char *err, size_t err_size);

/* Read a config file; -errno or -EINVAL with the message in err. */
int config_load_file(struct config *c, const char *path, char *err, size_t err_size);

/*
 * The whole command line: a --config file first, then every other option
 * over it.  Returns 0, 1 when --help or --version was answered, or -EINVAL
 * with the message in err.
 */
int config_from_args(struct config *c, int argc, char **argv, char *err, size_t err_size);

/* The client's password: --password, or the first line of --password-file. */
int config_read_password(struct config *c, char *err, size_t err_size);

const char *config_auth_name(enum config_auth auth);
const char *config_datapath_name(enum config_datapath datapath);

#endif /* SSTP_CONFIG_H */
