// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the PPP engine, the other parser facing the network.
 * Input: a configuration byte (role, methods, IPv6, DNS), then records of
 * [time step][length, 2 bytes][frame].  Each frame goes to ppp_input() at the
 * time so far, timers run in between, and an engine that authenticated a
 * server-side peer is given an address, as sstpd does.  Every frame the
 * engine sends must fit an SSTP packet and start with a protocol number.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/mschapv2.h"
#include "ppp/ppp.h"
#include "sstp_wire.h"

struct harness {
	struct ppp *ppp;
	int64_t now;
	bool server;
	uint32_t random_state;
};

static void on_send(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	/* Our frames go out as SSTP data packets behind FF 03. */
	if (len < 2 || len + SSTP_HEADER_LEN + 2 > SSTP_MAX_PACKET_LEN)
		abort();
	(void)frame[len - 1];
}

static void on_event(void *ctx, enum ppp_event ev, const struct ppp_event_info *info)
{
	struct harness *h = ctx;
	struct in_addr peer = { .s_addr = 0x0200000a };

	(void)info;
	if (ev == PPP_EV_AUTH_OK && h->server)
		ppp_set_peer_ipv4(h->ppp, peer, h->now);
}

static void on_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	(void)level;
	(void)msg;
}

static int get_secret(void *ctx, const char *user, char *secret, size_t size)
{
	(void)ctx;
	if (strcmp(user, "user") || size < 9)
		return -1;
	memcpy(secret, "password", 9);
	return 0;
}

/* Deterministic "random" bytes, so that a crash replays. */
static int fake_random(void *ctx, void *buf, size_t len)
{
	struct harness *h = ctx;
	uint8_t *out = buf;

	for (size_t i = 0; i < len; i++) {
		h->random_state = h->random_state * 1103515245u + 12345u;
		out[i] = (uint8_t)(h->random_state >> 16);
	}
	return 0;
}

static const struct ppp_link_ops ops = {
	.send = on_send,
	.event = on_event,
	.log = on_log,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return mschapv2_crypto_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ppp_auth methods[4][3] = {
		{ PPP_AUTH_MSCHAPV2 },
		{ PPP_AUTH_PAP, PPP_AUTH_MSCHAPV2 },
		{ PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP, PPP_AUTH_MSCHAPV2 },
		{ PPP_AUTH_NONE },
	};
	struct harness h = { .now = 1000, .random_state = 1 };
	struct ppp_config cfg;
	uint8_t conf;

	if (size < 1)
		return 0;
	conf = data[0];
	data++;
	size--;
	h.server = !(conf & 0x01);
	ppp_config_init(&cfg, h.server ? PPP_ROLE_SERVER : PPP_ROLE_CLIENT);
	memcpy(cfg.auth, methods[(conf >> 1) & 3], sizeof(cfg.auth));
	if (h.server && cfg.auth[0] == PPP_AUTH_NONE)
		cfg.auth[0] = PPP_AUTH_MSCHAPV2;
	cfg.ipv6 = conf & 0x08;
	cfg.request_dns = conf & 0x10;
	if (conf & 0x20)
		cfg.dns[0].s_addr = 0x35000a0a;
	cfg.name = "sstpd";
	cfg.user = "user";
	cfg.password = "password";
	cfg.get_secret = get_secret;
	cfg.random = fake_random;
	cfg.random_ctx = &h;
	cfg.local_ipv4.s_addr = h.server ? 0x0100000a : 0;
	cfg.echo_interval_ms = conf & 0x40 ? 5000 : 0;

	h.ppp = ppp_new(&cfg, &ops, &h);
	if (!h.ppp)
		abort();
	ppp_open(h.ppp, h.now);
	while (size >= 3) {
		size_t len = (size_t)data[1] << 8 | data[2];
		size_t off = 0;
		enum ppp_input_result r;

		h.now += (int64_t)data[0] * 100;
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		ppp_timeout(h.ppp, h.now);
		r = ppp_input(h.ppp, data, len, h.now, &off);
		if ((r == PPP_INPUT_IPV4 || r == PPP_INPUT_IPV6) && off > len)
			abort();
		data += len;
		size -= len;
	}
	if (conf & 0x80)
		ppp_close(h.ppp, PPP_DOWN_ADMIN, h.now);
	else
		ppp_lower_down(h.ppp, h.now);
	ppp_free(h.ppp);
	return 0;
}
