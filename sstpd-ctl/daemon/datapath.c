// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel data path at the server level: finding sstp.ko, kTLS and
 * /dev/ppp at start (modprobe when running as root), the owner netlink
 * socket in the event loop, and its notifications handed to the sessions
 * they name.
 */

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/datapath.h"
#include "daemon/link.h"
#include "daemon/server.h"
#include "daemon/session.h"
#include "kernel/genl.h"
#include "lib/log.h"

#define MODPROBE	"/sbin/modprobe"

extern char **environ;

/* modprobe -q name; true when it exited 0. */
static bool modprobe(const char *name)
{
	char *argv[] = { "modprobe", "-q", (char *)name, NULL };
	int status;
	pid_t pid;

	if (geteuid() != 0 || posix_spawn(&pid, MODPROBE, NULL, NULL, argv, environ))
		return false;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return false;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool have_tls(void)
{
	return !access("/proc/net/tls_stat", F_OK) || !access("/sys/module/tls", F_OK);
}

/* Opening /dev/ppp needs ppp_generic and CAP_NET_ADMIN. */
static int try_dev_ppp(void)
{
	int fd = open("/dev/ppp", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static struct session *find_session(struct server *srv, uint32_t id)
{
	for (struct session *sess = srv->sessions; sess; sess = sess->next) {
		if (sess->link == &link_kernel_ops && sess->klink.id == id)
			return sess;
	}
	return NULL;
}

static void on_control(void *ctx, uint32_t id, const uint8_t *pkt, size_t len)
{
	struct session *sess = find_session(ctx, id);

	if (sess)
		link_kernel_control(sess, pkt, len);
}

static void on_down(void *ctx, uint32_t id, enum sstp_down_reason reason,
		    const struct sstp_session_info *final)
{
	struct server *srv = ctx;
	struct session *sess = find_session(srv, id);
	char why[64];

	if (reason == SSTP_DOWN_REASON_UNLOAD)
		srv->genl_gone = true;
	if (!sess)
		return;
	snprintf(why, sizeof(why), "sstp.ko: %s", sstp_genl_down_reason_name(reason));
	link_kernel_down(sess, why, &(struct link_counters){
		.rx_bytes = final->rx_bytes, .rx_packets = final->rx_packets,
		.tx_bytes = final->tx_bytes, .tx_packets = final->tx_packets,
		.rx_dropped = final->rx_dropped, .tx_dropped = final->tx_dropped,
	});
}

static const struct sstp_genl_events events = {
	.control = on_control,
	.down = on_down,
};

static void close_genl(struct server *srv)
{
	if (!srv->genl)
		return;
	loop_fd_remove(srv->loop, &srv->genl_fd);
	sstp_genl_close(srv->genl);
	srv->genl = NULL;
	srv->genl_fd.fd = -1;
}

void datapath_dispatch(struct server *srv)
{
	int err;

	if (!srv->genl)
		return;
	err = sstp_genl_dispatch(srv->genl, &events, srv);
	if (err == -ENOBUFS)
		log_error("sstp.ko netlink: receive buffer overrun (ENOBUFS): notifications were lost");
	else if (err && err != -EAGAIN)
		log_warn("sstp.ko netlink: %s", strerror(-err));
	if (srv->genl_gone) {
		/* Every session went down with it; the family is gone too. */
		srv->genl_gone = false;
		close_genl(srv);
		log_warn("sstp.ko was unloaded: new sessions %s", srv->config->datapath ==
			 CONFIG_DATAPATH_KERNEL ? "are refused until it is back" :
			 "run in user mode until it is back");
	}
}

static void run_kick(struct loop_deferred *d)
{
	struct server *srv = container_of(d, struct server, genl_kick);

	srv->genl_kick_queued = false;
	datapath_dispatch(srv);
}

void datapath_kick(struct server *srv)
{
	if (srv->genl_kick_queued)
		return;
	srv->genl_kick_queued = true;
	srv->genl_kick.run = run_kick;
	loop_defer(srv->loop, &srv->genl_kick);
}

static void on_genl(struct loop_fd *lfd, uint32_t events)
{
	struct server *srv = container_of(lfd, struct server, genl_fd);

	(void)events;
	datapath_dispatch(srv);
}

/* Connect to sstp.ko and check it speaks our API; 0 or -errno, why set. */
static int open_genl(struct server *srv, bool load, char *why, size_t why_size)
{
	struct sstp_module_info info;
	struct sstp_genl *g;
	char features[128];
	int err;

	err = sstp_genl_open(&g);
	if (err == -ENOENT && load && modprobe("sstp"))
		err = sstp_genl_open(&g);
	if (err) {
		snprintf(why, why_size, err == -ENOENT ? "sstp.ko is not loaded" :
			 "sstp.ko netlink: %s", strerror(-err));
		return err;
	}
	err = sstp_genl_version(g, &info);
	if (err) {
		snprintf(why, why_size, "sstp.ko version: %s", strerror(-err));
	} else if (info.api_version != SSTP_FAMILY_VERSION) {
		err = -EPROTO;
		snprintf(why, why_size, "sstp.ko speaks netlink API %u, sstpd %u",
			 info.api_version, SSTP_FAMILY_VERSION);
	}
	if (err) {
		sstp_genl_close(g);
		return err;
	}
	srv->genl = g;
	srv->genl_fd.fd = sstp_genl_fd(g);
	srv->genl_fd.on_event = on_genl;
	err = loop_fd_add(srv->loop, &srv->genl_fd, EPOLLIN);
	if (err) {
		snprintf(why, why_size, "epoll: %s", strerror(-err));
		close_genl(srv);
		return err;
	}
	sstp_genl_features_format(info.features, features, sizeof(features));
	log_info("kernel data path: sstp.ko %s, netlink API %u, features %s", info.release,
		 info.api_version, features);
	return 0;
}

/* tls, ppp_generic and sstp.ko, each loaded if missing. */
static int probe(struct server *srv, char *why, size_t why_size)
{
	int err;

	if (!have_tls() && !modprobe("tls") && !have_tls()) {
		snprintf(why, why_size, "no kernel TLS (module tls)");
		return -ENOENT;
	}
	err = try_dev_ppp();
	if (err == -ENOENT || err == -ENODEV || err == -ENXIO) {
		modprobe("ppp_generic");
		err = try_dev_ppp();
	}
	if (err) {
		snprintf(why, why_size, "/dev/ppp: %s", strerror(-err));
		return err;
	}
	return open_genl(srv, true, why, why_size);
}

int datapath_start(struct server *srv)
{
	enum config_datapath mode = srv->config->datapath;
	char why[192];

	srv->genl_fd.fd = -1;
	if (mode == CONFIG_DATAPATH_USER)
		return 0;
	if (probe(srv, why, sizeof(why))) {
		if (mode == CONFIG_DATAPATH_KERNEL) {
			log_error("datapath 'kernel': %s", why);
			return 1;
		}
		log_info("data path user: %s", why);
	}
	return 0;
}

void datapath_stop(struct server *srv)
{
	close_genl(srv);
}

bool datapath_kernel_ready(struct server *srv, char *why, size_t why_size)
{
	if (srv->config->datapath == CONFIG_DATAPATH_USER) {
		snprintf(why, why_size, "datapath user");
		return false;
	}
	if (srv->genl)
		return true;
	/* sstp.ko may have come back (or come at all) since. */
	return open_genl(srv, false, why, why_size) == 0;
}
