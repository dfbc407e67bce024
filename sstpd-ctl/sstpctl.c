// SPDX-License-Identifier: GPL-2.0
/*
 * sstpctl: the operator's command for sstpd and sstp.ko.
 *
 * It asks sstpd over its control socket (docs/control.md) and the module
 * over generic netlink (docs/netlink.md): in kernel mode the counters come
 * straight from the module.
 */

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "kernel/genl.h"
#include "lib/record.h"
#include "sstp_version.h"

#define DEFAULT_CONTROL "/run/sstpd/sstpd.sock"

enum {
	EXIT_OK = 0,
	EXIT_NOT_FOUND = 1,
	EXIT_USAGE = 2,		/* also: permission, no daemon */
};

struct options {
	const char *control;
	bool json;
};

/* Counters the module keeps for kernel-mode sessions, by their kernel id. */
static const char *const counter_keys[] = {
	"rx_bytes", "rx_packets", "tx_bytes", "tx_packets", "rx_dropped", "tx_dropped",
};

static const char *const numeric_keys[] = {
	"id", "kernel_id", "uptime", "rx_bytes", "rx_packets", "tx_bytes", "tx_packets",
	"rx_dropped", "tx_dropped", "sessions", "sessions_up", "sessions_negotiating",
	"pool_in_use", "users", "handshakes_per_second", "unauthenticated",
	"refused_per_source", "evicted", "refused_full",
};

/* --- the control socket ---------------------------------------------- */

static int ctl_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "sstpctl: control socket path too long: '%s'\n", path);
		return -1;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return fd;
	if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "sstpctl: permission denied: '%s' (root or the control group)\n",
			path);
	else if (errno == ENOENT || errno == ECONNREFUSED)
		fprintf(stderr, "sstpctl: sstpd is not running (no socket at '%s')\n", path);
	else
		fprintf(stderr, "sstpctl: cannot connect to '%s': %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* A growing line reader over the control connection. */
struct reader {
	int fd;
	char buf[65536];
	size_t len;
	size_t start;
};

/* The next line without its newline, or NULL at the end of the stream. */
static char *reader_line(struct reader *r)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->len - r->start);
		ssize_t n;

		if (nl) {
			char *line = r->buf + r->start;

			*nl = '\0';
			r->start = (size_t)(nl - r->buf) + 1;
			return line;
		}
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
		if (r->len == sizeof(r->buf) - 1)
			return NULL;	/* a line longer than any record can be */
		n = read(r->fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len);
		if (n <= 0)
			return NULL;
		r->len += (size_t)n;
	}
}

static int ctl_send(int fd, const char *request)
{
	char line[300];
	int len = snprintf(line, sizeof(line), "%s\n", request);

	if (len < 0 || (size_t)len >= sizeof(line) || write(fd, line, (size_t)len) != len) {
		fprintf(stderr, "sstpctl: cannot send the request: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* An error record as a message; its exit status. */
static int report_error(const struct record_fields *f)
{
	const char *code = record_get(f, "code");
	const char *message = record_get(f, "message");

	fprintf(stderr, "sstpctl: %s\n", message ? message : "error");
	return code && !strcmp(code, "notfound") ? EXIT_NOT_FOUND : EXIT_USAGE;
}

/* --- output ---------------------------------------------------------- */

static bool is_numeric_key(const char *key)
{
	for (size_t i = 0; i < sizeof(numeric_keys) / sizeof(numeric_keys[0]); i++) {
		if (!strcmp(key, numeric_keys[i]))
			return true;
	}
	return false;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_object(const struct record_fields *f)
{
	putchar('{');
	for (int i = 0; i < f->count; i++) {
		const char *v = f->value[i];

		if (i)
			putchar(',');
		json_string(f->key[i]);
		putchar(':');
		if (is_numeric_key(f->key[i]) && *v && strspn(v, "0123456789.") == strlen(v))
			fputs(v, stdout);
		else
			json_string(v);
	}
	putchar('}');
}

static const char *field_or_dash(const struct record_fields *f, const char *key)
{
	const char *v = record_get(f, key);

	return v && *v ? v : "-";
}

static void human_bytes(const char *text, char *out, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = text ? strtod(text, NULL) : 0;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(out, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static void table_header(void)
{
	printf("%-6s %-6s %-16s %-22s %-15s %-8s %-6s %-7s %-9s %-10s %-10s\n", "ID", "ROLE",
	       "USER", "OUTER", "INNER", "AUTH", "PATH", "TLS", "UPTIME", "RX", "TX");
}

static void table_row(const struct record_fields *f)
{
	char rx[32], tx[32], uptime[32];
	unsigned long secs = strtoul(field_or_dash(f, "uptime"), NULL, 10);

	human_bytes(record_get(f, "rx_bytes"), rx, sizeof(rx));
	human_bytes(record_get(f, "tx_bytes"), tx, sizeof(tx));
	snprintf(uptime, sizeof(uptime), "%lu:%02lu:%02lu", secs / 3600, secs / 60 % 60,
		 secs % 60);
	printf("%-6s %-6s %-16s %-22s %-15s %-8s %-6s %-7s %-9s %-10s %-10s\n",
	       field_or_dash(f, "id"), field_or_dash(f, "role"), field_or_dash(f, "user"),
	       field_or_dash(f, "outer"),
	       field_or_dash(f, "inner"), field_or_dash(f, "auth"), field_or_dash(f, "datapath"),
	       field_or_dash(f, "tls"), uptime, rx, tx);
}

/* --- kernel counters ------------------------------------------------- */

/*
 * A kernel-mode session's counters as the module keeps them, replacing the
 * daemon's copy.  The module may be gone (or not ours to ask): keep then the
 * daemon's figures.
 */
static void merge_kernel_counters(struct sstp_genl *g, struct record_fields *f,
				  char storage[][24])
{
	const char *kid = record_get(f, "kernel_id");
	struct sstp_session_info info;
	uint64_t values[6];

	if (!g || !kid || !*kid || sstp_genl_session_get(g, (uint32_t)strtoul(kid, NULL, 10), &info))
		return;
	values[0] = info.rx_bytes;
	values[1] = info.rx_packets;
	values[2] = info.tx_bytes;
	values[3] = info.tx_packets;
	values[4] = info.rx_dropped;
	values[5] = info.tx_dropped;
	for (int k = 0; k < 6; k++) {
		snprintf(storage[k], 24, "%llu", (unsigned long long)values[k]);
		for (int i = 0; i < f->count; i++) {
			if (!strcmp(f->key[i], counter_keys[k]))
				f->value[i] = storage[k];
		}
	}
}

/* --- commands -------------------------------------------------------- */

static int cmd_show(const struct options *o, const char *target)
{
	char request[300], storage[6][24];
	struct sstp_genl *g = NULL;
	struct reader r = { 0 };
	int count = 0, status = EXIT_OK;
	char *line;

	r.fd = ctl_connect(o->control);
	if (r.fd < 0)
		return EXIT_USAGE;
	snprintf(request, sizeof(request), target ? "show %s" : "show", target);
	if (ctl_send(r.fd, request)) {
		close(r.fd);
		return EXIT_USAGE;
	}
	if (sstp_genl_open(&g))
		g = NULL;
	if (o->json)
		putchar('[');
	while ((line = reader_line(&r))) {
		struct record_fields f;

		if (record_parse(line, &f))
			continue;
		if (!strcmp(f.kind, "error")) {
			status = report_error(&f);
			break;
		}
		if (!strcmp(f.kind, "end"))
			break;
		if (strcmp(f.kind, "session"))
			continue;
		merge_kernel_counters(g, &f, storage);
		if (o->json) {
			if (count)
				putchar(',');
			json_object(&f);
		} else {
			if (!count)
				table_header();
			table_row(&f);
		}
		count++;
	}
	if (o->json && status == EXIT_OK)
		printf("]\n");
	sstp_genl_close(g);
	close(r.fd);
	return status;
}

/* kill, status and reload: records out as they come, then end. */
static int cmd_simple(const struct options *o, const char *request)
{
	struct reader r = { 0 };
	int status = EXIT_OK;
	char *line;

	r.fd = ctl_connect(o->control);
	if (r.fd < 0)
		return EXIT_USAGE;
	if (ctl_send(r.fd, request)) {
		close(r.fd);
		return EXIT_USAGE;
	}
	while ((line = reader_line(&r))) {
		struct record_fields f;

		if (record_parse(line, &f))
			continue;
		if (!strcmp(f.kind, "error")) {
			status = report_error(&f);
			break;
		}
		if (!strcmp(f.kind, "end"))
			break;
		if (o->json) {
			json_object(&f);
			putchar('\n');
		} else if (!strcmp(f.kind, "killed")) {
			printf("killed session %s\n", field_or_dash(&f, "id"));
		} else {
			for (int i = 0; i < f.count; i++)
				printf("%s: %s\n", f.key[i], f.value[i]);
		}
	}
	close(r.fd);
	if (!line && status == EXIT_OK) {
		fprintf(stderr, "sstpctl: sstpd closed the connection without an answer\n");
		return EXIT_USAGE;
	}
	return status;
}

static void print_event(const struct options *o, struct record_fields *f)
{
	if (o->json) {
		json_object(f);
		putchar('\n');
	} else {
		printf("%s", field_or_dash(f, "kind"));
		for (int i = 0; i < f->count; i++) {
			if (strcmp(f->key[i], "kind"))
				printf(" %s=%s", f->key[i], f->value[i]);
		}
		putchar('\n');
	}
	fflush(stdout);
}

static void on_kernel_control(void *ctx, uint32_t id, const uint8_t *pkt, size_t len)
{
	(void)ctx;
	(void)id;
	(void)pkt;
	(void)len;
}

static void on_kernel_down(void *ctx, uint32_t id, enum sstp_down_reason reason,
			   const struct sstp_session_info *final)
{
	const struct options *o = ctx;
	char line[512];
	struct record_fields f;
	struct record rec;

	record_begin(&rec, line, sizeof(line), "event");
	record_str(&rec, "kind", "kernel_down");
	record_u64(&rec, "kernel_id", id);
	record_str(&rec, "reason", sstp_genl_down_reason_name(reason));
	record_u64(&rec, "rx_bytes", final->rx_bytes);
	record_u64(&rec, "tx_bytes", final->tx_bytes);
	if (!record_end(&rec))
		return;
	line[rec.len - 1] = '\0';
	if (!record_parse(line, &f))
		print_event(o, &f);
}

/*
 * Events from the daemon (every mode) and, when the module is loaded, its
 * session-down notifications with the kernel's reason.
 */
static int cmd_monitor(const struct options *o)
{
	static const struct sstp_genl_events kernel_events = {
		.control = on_kernel_control,
		.down = on_kernel_down,
	};
	struct sstp_genl *g = NULL;
	struct reader r = { 0 };

	r.fd = ctl_connect(o->control);
	if (r.fd < 0 || ctl_send(r.fd, "monitor"))
		return EXIT_USAGE;
	if (!sstp_genl_open(&g) && sstp_genl_subscribe_events(g)) {
		sstp_genl_close(g);
		g = NULL;
	}
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = r.fd, .events = POLLIN },
			{ .fd = g ? sstp_genl_fd(g) : -1, .events = POLLIN },
		};

		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN)
			sstp_genl_dispatch(g, &kernel_events, (void *)o);
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			char *line;
			ssize_t n = read(r.fd, r.buf + r.len, sizeof(r.buf) - 1 - r.len);

			if (n <= 0) {
				fprintf(stderr, "sstpctl: sstpd closed the connection\n");
				break;
			}
			r.len += (size_t)n;
			while (memchr(r.buf + r.start, '\n', r.len - r.start) &&
			       (line = reader_line(&r))) {
				struct record_fields f;

				if (record_parse(line, &f))
					continue;
				if (!strcmp(f.kind, "error")) {
					sstp_genl_close(g);
					close(r.fd);
					return report_error(&f);
				}
				print_event(o, &f);
			}
			memmove(r.buf, r.buf + r.start, r.len - r.start);
			r.len -= r.start;
			r.start = 0;
		}
	}
	sstp_genl_close(g);
	close(r.fd);
	return EXIT_USAGE;
}

static int cmd_version(const struct options *o)
{
	struct sstp_module_info info;
	struct sstp_genl *g;
	char features[128];
	int err;

	(void)o;
	printf("sstpctl %s\n", SSTP_RELEASE);
	err = sstp_genl_open(&g);
	if (err == -ENOENT) {
		fprintf(stderr, "sstpctl: module 'sstp' is not loaded (no generic netlink family 'sstp')\n");
		return EXIT_NOT_FOUND;
	}
	if (err) {
		fprintf(stderr, "sstpctl: cannot reach generic netlink: %s\n", strerror(-err));
		return EXIT_USAGE;
	}
	err = sstp_genl_version(g, &info);
	sstp_genl_close(g);
	if (err) {
		fprintf(stderr, "sstpctl: version query to module 'sstp' failed: %s\n",
			strerror(-err));
		return EXIT_NOT_FOUND;
	}
	sstp_genl_features_format(info.features, features, sizeof(features));
	printf("module %s\n", info.release);
	printf("api %u\n", info.api_version);
	printf("features %s\n", features);
	return EXIT_OK;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sstpctl [-j] [--control PATH] [<command> [<args>]]\n\n"
		"Commands:\n"
		"  show [ID|USER]   sessions, one line each (the default command)\n"
		"  kill ID|USER     end sessions, with Call Disconnect to the peer\n"
		"  status           server version, uptime, mode, sessions by state\n"
		"  reload           re-read the users file\n"
		"  monitor          follow session events as they happen\n"
		"  version          versions of sstpctl and of the loaded module\n\n"
		"  -j, --json       JSON for programs instead of tables\n"
		"  --control PATH   sstpd's control socket (default %s)\n", DEFAULT_CONTROL);
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "control", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .control = DEFAULT_CONTROL };
	const char *command, *arg;
	char request[300];
	int opt;

	/* Options may come before or after the command, as in wg and ip. */
	while ((opt = getopt_long(argc, argv, "jh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			o.json = true;
			break;
		case 'c':
			o.control = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	command = optind < argc ? argv[optind] : "show";
	arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (optind + 2 < argc) {
		fprintf(stderr, "sstpctl: too many arguments: '%s'\n", argv[optind + 2]);
		return EXIT_USAGE;
	}
	if (arg && (strchr(arg, ' ') || strchr(arg, '\n') || strlen(arg) > 255)) {
		fprintf(stderr, "sstpctl: not a session id or user name: '%s'\n", arg);
		return EXIT_USAGE;
	}

	if (!strcmp(command, "show"))
		return cmd_show(&o, arg);
	if (!strcmp(command, "kill")) {
		if (!arg) {
			fprintf(stderr, "sstpctl: kill needs a session id or user name\n");
			return EXIT_USAGE;
		}
		snprintf(request, sizeof(request), "kill %s", arg);
		return cmd_simple(&o, request);
	}
	if (!strcmp(command, "status") || !strcmp(command, "reload") ||
	    !strcmp(command, "monitor") || !strcmp(command, "version")) {
		if (arg) {
			fprintf(stderr, "sstpctl: %s takes no argument: '%s'\n", command, arg);
			return EXIT_USAGE;
		}
		if (!strcmp(command, "monitor"))
			return cmd_monitor(&o);
		if (!strcmp(command, "version"))
			return cmd_version(&o);
		return cmd_simple(&o, command);
	}
	if (!strcmp(command, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "sstpctl: invalid command: '%s'\n", command);
	usage(stderr);
	return EXIT_USAGE;
}
