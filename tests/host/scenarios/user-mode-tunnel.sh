#!/bin/bash
# sstpd in user mode and our test client, in two network namespaces: the
# tunnel comes up with MS-CHAPv2 and a verified crypto binding, IP packets
# cross it both ways, and after the client leaves no TUN, pool address or
# descriptor of the session is left in the server.
# timeout: 90
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
client=$SSTP_BUILD/tests/tools/sstp-testclient

host_step "two namespaces, sstpd in one"
host_netns_pair cli srv
printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --dns 192.0.2.53 --datapath user --log-level debug
server_pid=$HOST_LAST_PID
host_wait 20 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"
idle_fds=$(ls "/proc/$server_pid/fd" | wc -l)
# The log line comes first, the descriptors close right after it.
fds_back_to_idle() {
	[ "$(ls "/proc/$server_pid/fd" | wc -l)" -eq "$idle_fds" ]
}

host_step "client connects"
host_bg "$HOST_RESULTS/client.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password "correct horse" \
	--tun sstpc0 --duration 20
client_pid=$HOST_LAST_PID
host_wait 20 grep -q '^up ' "$HOST_RESULTS/client.log"
read -r _ local_addr peer_addr dns < <(grep '^up ' "$HOST_RESULTS/client.log")
[ "$peer_addr" = 10.99.0.1 ] || host_fail "server's tunnel address is '$peer_addr', not 10.99.0.1"
[ "$dns" = 192.0.2.53 ] || host_fail "client got DNS '$dns', not 192.0.2.53"
case $local_addr in 10.99.0.*) ;; *) host_fail "client address '$local_addr' is not from the pool" ;; esac
grep -q "crypto binding verified" "$HOST_RESULTS/sstpd.log" ||
	host_fail "the server never verified the crypto binding"
grep -q "auth ok: user 'alice' (mschapv2)" "$HOST_RESULTS/sstpd.log" ||
	host_fail "no 'auth ok' line for alice"
# The client's IPCP may open a moment before the server's.
server_has_tun() {
	ip -n "$HOST_SERVER_NS" -o link show | grep -q 'sstp1:'
}
host_wait 30 server_has_tun

host_step "ping both ways through the tunnel"
ip netns exec "$HOST_CLIENT_NS" ping -c 3 -i 0.2 -W 2 10.99.0.1
ip netns exec "$HOST_SERVER_NS" ping -c 3 -i 0.2 -W 2 "$local_addr"
ip netns exec "$HOST_CLIENT_NS" ping -c 20 -i 0.01 -s 1300 -W 2 10.99.0.1 > /dev/null

host_step "client leaves; the server keeps nothing of the session"
kill -TERM "$client_pid"
host_wait 15 grep -q 'sess 1: disconnect:' "$HOST_RESULTS/sstpd.log"
wait "$client_pid" || host_fail "client exited with status $?"
grep 'sess 1: disconnect:' "$HOST_RESULTS/sstpd.log"
grep -Eq 'sess 1: disconnect: .*rx [1-9][0-9]* bytes' "$HOST_RESULTS/sstpd.log" ||
	host_fail "the disconnect line counts no received bytes"
if ip -n "$HOST_SERVER_NS" -o link show | grep -q 'sstp1:'; then
	host_fail "TUN sstp1 is still there after the session ended"
fi
host_wait 30 fds_back_to_idle

host_step "a client killed without a goodbye: the TCP close ends its session"
host_bg "$HOST_RESULTS/client-killed.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password "correct horse" --tun sstpc0
client_pid=$HOST_LAST_PID
host_wait 20 grep -q '^up ' "$HOST_RESULTS/client-killed.log"
kill -KILL "$client_pid"
host_wait 15 grep -q 'sess 2: disconnect: TCP connection' "$HOST_RESULTS/sstpd.log"
host_wait 30 grep -q 'sess 2: released address' "$HOST_RESULTS/sstpd.log"
host_wait 30 fds_back_to_idle

host_step "another session works"
host_bg "$HOST_RESULTS/client2.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password "correct horse" \
	--tun sstpc0 --duration 20
client_pid=$HOST_LAST_PID
host_wait 20 grep -q '^up ' "$HOST_RESULTS/client2.log"
ip netns exec "$HOST_CLIENT_NS" ping -c 2 -i 0.2 -W 2 10.99.0.1

host_step "SIGTERM: sstpd disconnects the client and exits cleanly"
kill -TERM "$server_pid"
wait "$server_pid" || host_fail "sstpd exited with status $?"
grep -q 'disconnect: server shutting down' "$HOST_RESULTS/sstpd.log" ||
	host_fail "no 'server shutting down' disconnect line"
wait "$client_pid" || host_fail "client exited with status $? after the server's disconnect"
