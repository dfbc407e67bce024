// SPDX-License-Identifier: GPL-2.0
/* sstpctl: the operator's command for sstpd and sstp.ko. */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "genl.h"
#include "sstp_version.h"

enum {
	EXIT_OK = 0,
	EXIT_NOT_FOUND = 1,
	EXIT_USAGE = 2,
};

static int cmd_version(int argc, char **argv)
{
	struct sstp_module_info info;
	struct sstp_genl *g;
	char features[128];
	int err;

	if (argc != 1) {
		fprintf(stderr, "Usage: %s version\n", argv[-1]);
		return EXIT_USAGE;
	}
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

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *description;
} commands[] = {
	{ "version", cmd_version, "Print the versions of sstpctl and of the loaded module" },
};

static void usage(FILE *out, const char *prog)
{
	fprintf(out, "Usage: %s <command> [<args>]\n\nAvailable commands:\n", prog);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].description);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr, argv[0]);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout, argv[0]);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: invalid command: '%s'\n", argv[0], argv[1]);
	usage(stderr, argv[0]);
	return EXIT_USAGE;
}
