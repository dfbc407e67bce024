// SPDX-License-Identifier: GPL-2.0
/* sstpd: the SSTP VPN server, or with --connect its client. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/mschapv2.h"
#include "daemon/client.h"
#include "daemon/config.h"
#include "daemon/server.h"
#include "lib/log.h"
#include "lib/loop.h"
#include "sstp_version.h"

enum {
	EXIT_STARTUP = 1,	/* a resource could not be set up */
	EXIT_CONFIG = 2,	/* invalid configuration or command line */
};

int main(int argc, char **argv)
{
	struct config config;
	struct server srv;
	struct loop *loop;
	char err[512];
	int ret, status;

	config_init(&config);
	ret = config_from_args(&config, argc, argv, err, sizeof(err));
	if (ret) {
		config_free(&config);
		if (ret > 0)
			return 0;
		fprintf(stderr, "sstpd: %s\n", err);
		return EXIT_CONFIG;
	}
	if (config.check_only) {
		ret = server_check(&config, err, sizeof(err));
		config_free(&config);
		if (ret) {
			fprintf(stderr, "sstpd: %s\n", err);
			return EXIT_CONFIG;
		}
		printf("configuration OK\n");
		return 0;
	}

	log_init("sstpd", config.foreground, config.log_level);
	if (mschapv2_crypto_init()) {
		log_error("OpenSSL's legacy provider (MD4, DES) is missing: MS-CHAPv2 cannot work");
		config_free(&config);
		return EXIT_STARTUP;
	}
	if (!config.foreground && daemon(0, 1)) {
		log_error("daemon: %s", strerror(errno));
		return EXIT_STARTUP;
	}
	if (loop_new(&loop)) {
		log_error("event loop: %s", strerror(errno));
		return EXIT_STARTUP;
	}
	log_info("sstpd %s starting", SSTP_RELEASE);
	ret = server_start(&srv, &config, loop);
	if (!ret) {
		ret = loop_run(loop);
		if (ret)
			log_error("event loop: %s", strerror(-ret));
	}
	status = ret ? EXIT_STARTUP : client_exit_status(&srv);
	server_stop(&srv);
	loop_free(loop);
	mschapv2_crypto_free();
	config_free(&config);
	log_info("sstpd stopped");
	return status;
}
