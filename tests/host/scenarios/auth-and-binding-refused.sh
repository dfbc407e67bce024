#!/bin/bash
# What must not get through does not: a wrong password is refused with a
# clear log line and the client sees the failure; a Call Connected with a
# wrong compound MAC makes the server abort the call, and no IP packet of
# that client is forwarded.
# timeout: 90
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
client=$SSTP_BUILD/tests/tools/sstp-testclient

host_netns_pair cli srv
printf 'alice * secret *\n' > "$HOST_TMP/users"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --datapath user --auth mschapv2,pap
host_wait 20 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"

host_step "wrong password"
rc=0
ip netns exec "$HOST_CLIENT_NS" timeout 30 "$client" --server "$HOST_SERVER_ADDR:443" \
	--user alice --password wrong > "$HOST_RESULTS/wrong.log" 2>&1 || rc=$?
cat "$HOST_RESULTS/wrong.log"
[ "$rc" -eq 2 ] || host_fail "client exit status $rc, not 2 (authentication failed)"
grep -q "sess 1: auth failed: user 'alice' (mschapv2)" "$HOST_RESULTS/sstpd.log" ||
	host_fail "no 'auth failed' line for alice"
host_wait 30 grep -q 'sess 1: disconnect:' "$HOST_RESULTS/sstpd.log"

host_step "wrong compound MAC"
host_bg "$HOST_RESULTS/badmac.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password secret --tun sstpc0 --bad-mac
client_pid=$HOST_LAST_PID
host_wait 20 grep -q 'crypto binding failed' "$HOST_RESULTS/sstpd.log"
grep -q 'sess 2: sstp: aborting call: crypto binding failed: compound MAC mismatch' \
	"$HOST_RESULTS/sstpd.log" || host_fail "no abort for the wrong MAC"
rc=0
wait "$client_pid" || rc=$?
[ "$rc" -eq 3 ] || host_fail "client exit status $rc, not 3 (call aborted by the server)"
grep -q '^aborted 4$' "$HOST_RESULTS/badmac.log" ||
	host_fail "the client did not see an abort with status 4 (value not supported)"
host_wait 30 grep -q 'sess 2: disconnect:' "$HOST_RESULTS/sstpd.log"
grep -Eq 'sess 2: disconnect: .* rx 0 bytes 0 packets, tx 0 bytes 0 packets' \
	"$HOST_RESULTS/sstpd.log" || host_fail "data crossed a call whose binding failed"
if grep -q 'sess 2: up:' "$HOST_RESULTS/sstpd.log"; then
	# IPCP may finish before the abort; data still must not flow.
	echo "note: IPCP came up before the abort"
fi
