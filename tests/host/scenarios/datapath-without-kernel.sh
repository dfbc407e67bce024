#!/bin/bash
# Where the kernel data path cannot be had (this machine: no modules, no
# kTLS, no PPP): --datapath kernel refuses to start with the reason, and
# --datapath auto serves the client in user mode, saying why for the
# server and for the session (its TLS context is the kernel-ready one).
# timeout: 90
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
client=$SSTP_BUILD/tests/tools/sstp-testclient

if [ -d /sys/module/sstp ] && [ -d /sys/module/tls ]; then
	host_skip "this machine has sstp.ko and kTLS: the kernel path is there"
fi
printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"

host_step "--datapath kernel refuses to start"
rc=0
"$sstpd" --foreground --listen 127.0.0.1:14443 --state-dir "$HOST_TMP/state" \
	--users "$HOST_TMP/users" --datapath kernel > "$HOST_RESULTS/kernel.log" 2>&1 || rc=$?
cat "$HOST_RESULTS/kernel.log"
[ "$rc" -eq 1 ] || host_fail "sstpd --datapath kernel exited $rc, not 1"
grep -q "error: datapath 'kernel': " "$HOST_RESULTS/kernel.log" ||
	host_fail "no error line saying why the kernel path is missing"

host_step "--datapath auto: user mode, and the session says why"
host_netns_pair cli srv
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --datapath auto --log-level debug
host_wait 20 grep -q 'listening on .*, data path user$' "$HOST_RESULTS/sstpd.log"
grep -q 'info: data path user: ' "$HOST_RESULTS/sstpd.log" ||
	host_fail "sstpd does not say why it runs in user mode"
host_bg "$HOST_RESULTS/client.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password "correct horse" \
	--tun sstpc0 --duration 20
host_wait 20 grep -q '^up ' "$HOST_RESULTS/client.log"
grep -q 'sess 1: data path user: ' "$HOST_RESULTS/sstpd.log" ||
	host_fail "session 1 does not say why it runs in user mode"
host_wait 30 grep -q "sess 1: up: user 'alice' address .* on sstp1 (user mode)" \
	"$HOST_RESULTS/sstpd.log"
ip netns exec "$HOST_CLIENT_NS" ping -c 3 -i 0.2 -W 2 10.99.0.1
