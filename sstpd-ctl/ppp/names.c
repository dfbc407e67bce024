// SPDX-License-Identifier: GPL-2.0
/* Names of states, events and reasons for logs, and the default configuration. */

#include <string.h>

#include "ppp/internal.h"

static const char *const state_names[] = {
	[FSM_INITIAL] = "initial",
	[FSM_STARTING] = "starting",
	[FSM_CLOSED] = "closed",
	[FSM_STOPPED] = "stopped",
	[FSM_CLOSING] = "closing",
	[FSM_STOPPING] = "stopping",
	[FSM_REQ_SENT] = "req-sent",
	[FSM_ACK_RCVD] = "ack-rcvd",
	[FSM_ACK_SENT] = "ack-sent",
	[FSM_OPENED] = "opened",
};

const char *fsm_state_name(enum fsm_state state)
{
	if ((unsigned)state < sizeof(state_names) / sizeof(state_names[0]))
		return state_names[state];
	return "?";
}

static const char *const phase_names[] = {
	[PPP_PHASE_DEAD] = "dead",
	[PPP_PHASE_ESTABLISH] = "establish",
	[PPP_PHASE_AUTHENTICATE] = "authenticate",
	[PPP_PHASE_NETWORK] = "network",
	[PPP_PHASE_TERMINATE] = "terminate",
};

static const char *const event_names[] = {
	[PPP_EV_AUTH_OK] = "auth-ok",
	[PPP_EV_AUTH_FAILED] = "auth-failed",
	[PPP_EV_IPV4_UP] = "ipv4-up",
	[PPP_EV_IPV4_DOWN] = "ipv4-down",
	[PPP_EV_IPV6_UP] = "ipv6-up",
	[PPP_EV_IPV6_DOWN] = "ipv6-down",
	[PPP_EV_DOWN] = "down",
};

static const char *const reason_names[] = {
	[PPP_DOWN_NONE] = "none",
	[PPP_DOWN_ADMIN] = "closed by us",
	[PPP_DOWN_LOWER] = "transport down",
	[PPP_DOWN_PEER_TERMINATE] = "terminated by peer",
	[PPP_DOWN_NEG_TIMEOUT] = "negotiation timeout",
	[PPP_DOWN_NEG_FAILED] = "negotiation failed",
	[PPP_DOWN_PEER_REJECT] = "peer rejected LCP",
	[PPP_DOWN_LOOPBACK] = "looped back",
	[PPP_DOWN_AUTH_REFUSED] = "no common authentication",
	[PPP_DOWN_AUTH_FAILED] = "authentication failed",
	[PPP_DOWN_AUTH_TIMEOUT] = "authentication timeout",
	[PPP_DOWN_NO_NETWORK] = "no network protocol",
	[PPP_DOWN_ECHO_TIMEOUT] = "echo timeout",
	[PPP_DOWN_INTERNAL] = "internal error",
};

static const char *const auth_names[] = {
	[PPP_AUTH_NONE] = "none",
	[PPP_AUTH_PAP] = "pap",
	[PPP_AUTH_CHAP_MD5] = "chap-md5",
	[PPP_AUTH_MSCHAPV2] = "mschapv2",
};

static const char *const input_names[] = {
	[PPP_INPUT_CONTROL] = "control",
	[PPP_INPUT_IPV4] = "ipv4",
	[PPP_INPUT_IPV6] = "ipv6",
	[PPP_INPUT_DROPPED] = "dropped",
};

#define NAME(table, i) \
	((unsigned)(i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "?")

const char *ppp_phase_name(enum ppp_phase phase) { return NAME(phase_names, phase); }
const char *ppp_event_name(enum ppp_event ev) { return NAME(event_names, ev); }
const char *ppp_down_reason_name(enum ppp_down_reason r) { return NAME(reason_names, r); }
const char *ppp_auth_name(enum ppp_auth method) { return NAME(auth_names, method); }
const char *ppp_input_result_name(enum ppp_input_result r) { return NAME(input_names, r); }

void ppp_config_init(struct ppp_config *cfg, enum ppp_role role)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->role = role;
	cfg->auth[0] = PPP_AUTH_MSCHAPV2;
	cfg->name = "sstpd";
	cfg->mru = PPP_MRU_DEFAULT;
	cfg->request_dns = role == PPP_ROLE_CLIENT;
	cfg->restart_ms = 3000;
	cfg->max_configure = 10;
	cfg->max_terminate = 2;
	cfg->max_failure = 5;
	cfg->max_auth_failures = 1;
	cfg->echo_max_failures = 5;
}

bool ppp_config_valid(const struct ppp_config *cfg)
{
	bool any_auth = false;

	if ((cfg->role != PPP_ROLE_SERVER && cfg->role != PPP_ROLE_CLIENT) ||
	    cfg->mru < PPP_MRU_MIN || cfg->mru > PPP_MRU_MAX || !cfg->restart_ms ||
	    !cfg->max_configure || !cfg->max_terminate || !cfg->max_failure ||
	    !cfg->max_auth_failures || (cfg->echo_interval_ms && !cfg->echo_max_failures))
		return false;
	for (int i = 0; i < PPP_AUTH_METHODS_MAX; i++) {
		if ((unsigned)cfg->auth[i] > PPP_AUTH_MSCHAPV2)
			return false;
		any_auth |= cfg->auth[i] != PPP_AUTH_NONE;
	}
	if (!any_auth)
		return true;
	if (cfg->role == PPP_ROLE_SERVER)
		return cfg->get_secret != NULL;
	/* PAP carries both in one-byte length fields. */
	return cfg->user && cfg->password && strlen(cfg->user) <= PPP_NAME_MAX &&
	       strlen(cfg->password) <= PPP_NAME_MAX;
}
