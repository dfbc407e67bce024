#!/bin/bash
# sstpd --connect --default-route, both ends in user mode in two namespaces.
# The client's host reaches the server's public address 198.51.100.1
# through a gateway (192.0.2.1, its old default route).  While the tunnel
# is up the client's namespace has 0.0.0.0/1 and 128.0.0.0/1 through the
# tunnel, a host route to the server via the old gateway (the TLS session
# keeps flowing outside the tunnel), and the old default route untouched;
# traffic to another address goes through the tunnel.  The same after the
# server's operator kills the session and the client reconnects.  After
# SIGTERM the three routes are gone and the old default route remains.
# timeout: 180
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
sstpctl=$SSTP_BUILD/sstpctl
control=$HOST_TMP/server.sock
server_public=198.51.100.1
# An address of the server's network that the client reaches only by route.
beyond=203.0.113.1

host_netns_pair cli srv
ip -n "$HOST_SERVER_NS" addr add "$server_public/32" dev lo
ip -n "$HOST_SERVER_NS" addr add "$beyond/32" dev lo
ip -n "$HOST_CLIENT_NS" route add default via "$HOST_SERVER_ADDR" dev veth-c

printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"
printf 'correct horse\n' > "$HOST_TMP/password"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$server_public:443" --users "$HOST_TMP/users" --state-dir "$HOST_TMP/state" \
	--pool 10.99.0.0/24 --datapath user --control "$control" --log-level debug
host_wait 30 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"
fingerprint=$(sed -n 's/.*certificate SHA-256 fingerprint \([0-9A-F:]*\).*/\1/p' \
	"$HOST_RESULTS/sstpd.log")

routes() { ip -n "$HOST_CLIENT_NS" -4 route show; }
via() { ip -n "$HOST_CLIENT_NS" -4 route get "$1"; }
tx_packets() {
	ip netns exec "$HOST_CLIENT_NS" cat "/sys/class/net/$ifname/statistics/tx_packets"
}
# has_route LINE: routes holds exactly this line.
has_route() { routes | sed 's/ *$//' | grep -qx "$1"; }

# tunnel_routes_up N: the Nth up line, then every route as it should be.
tunnel_routes_up() {
	local n=$1 before after
	ups() { [ "$(grep -c 'up: address' "$HOST_RESULTS/client.log")" -ge "$n" ]; }
	host_wait 60 ups
	local_addr=$(sed -n 's/.*up: address \([0-9.]*\) .*/\1/p' "$HOST_RESULTS/client.log" |
		tail -n 1)
	# Each session has its own interface: sstp1, then sstp2.
	ifname=$(sed -n 's/.*up: address .* on \([a-z0-9]*\) .*/\1/p' "$HOST_RESULTS/client.log" |
		tail -n 1)
	server_up() { ip -n "$HOST_SERVER_NS" -o addr show | grep -q "peer $local_addr/32"; }
	host_wait 30 server_up
	routes
	has_route "0.0.0.0/1 dev $ifname proto static scope link" ||
		host_fail "no 0.0.0.0/1 through $ifname"
	has_route "128.0.0.0/1 dev $ifname proto static scope link" ||
		host_fail "no 128.0.0.0/1 through $ifname"
	has_route "$server_public via $HOST_SERVER_ADDR dev veth-c proto static" ||
		host_fail "no host route to the server via the old gateway"
	has_route "default via $HOST_SERVER_ADDR dev veth-c" ||
		host_fail "the old default route is gone"
	via "$server_public" | grep -q "via $HOST_SERVER_ADDR dev veth-c" ||
		host_fail "the server is not reached via the old gateway: $(via "$server_public")"
	via "$beyond" | grep -q "dev $ifname " ||
		host_fail "$beyond is not reached through the tunnel: $(via "$beyond")"

	# Through the tunnel, while TLS to the server still takes the old way.
	before=$(tx_packets)
	ip netns exec "$HOST_CLIENT_NS" ping -c 3 -i 0.2 -W 2 "$beyond"
	after=$(tx_packets)
	[ $((after - before)) -ge 3 ] ||
		host_fail "the pings to $beyond did not go into the tunnel ($before -> $after packets)"
}

host_step "up with --default-route"
host_bg "$HOST_RESULTS/client.log" ip netns exec "$HOST_CLIENT_NS" "$sstpd" --foreground \
	--connect "$server_public" --user alice --password-file "$HOST_TMP/password" \
	--pin-sha256 "$fingerprint" --datapath user --default-route \
	--control "$HOST_TMP/client.sock"
client_pid=$HOST_LAST_PID
tunnel_routes_up 1

host_step "the operator kills the session: the client reconnects, the routes come back"
"$sstpctl" --control "$control" kill alice
host_wait 30 grep -q 'reconnecting in' "$HOST_RESULTS/client.log"
tunnel_routes_up 2
grep -q 'error' "$HOST_RESULTS/client.log" && host_fail "the client logged an error"

host_step "SIGTERM: the tunnel's routes and the host route go, the old default stays"
kill -TERM "$client_pid"
rc=0
wait "$client_pid" || rc=$?
[ "$rc" -eq 0 ] || host_fail "client exited $rc after SIGTERM, not 0"
routes
routes | grep -q 'dev sstp' && host_fail "a route through the tunnel is left"
routes | grep -q "^$server_public " && host_fail "the host route to the server is left"
has_route "default via $HOST_SERVER_ADDR dev veth-c" || host_fail "the old default route is gone"
via "$beyond" | grep -q "via $HOST_SERVER_ADDR dev veth-c" ||
	host_fail "$beyond does not take the old default route again: $(via "$beyond")"
true
