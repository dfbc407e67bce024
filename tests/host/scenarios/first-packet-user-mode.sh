#!/bin/bash
# Issue 17 in user mode: 50 sessions of our test client with --probe
# against sstpd --datapath user; each sends an ICMP echo request (and an
# ICMPv6 one) in the same turn of its loop that sees IPCP (IPv6CP) open,
# and every first request must be answered.  The client tells a lost
# request by order (a later one answered first), not by a timer.  The
# kernel data path has the same test in the VM (first-packet-after-ncp-up).
# timeout: 600
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
client=$SSTP_BUILD/tests/tools/sstp-testclient
sessions=${FIRST_PACKET_SESSIONS:-50}
parallel=${FIRST_PACKET_PARALLEL:-4}

host_step "two namespaces, sstpd in user mode in one"
host_netns_pair cli srv
printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --dns 192.0.2.53 --datapath user --ipv6 yes --log-level debug
host_wait 20 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"

host_step "$sessions sessions, $parallel at a time, each probing at NCP up"
pids=()
for i in $(seq 1 "$sessions"); do
	# The oldest client first: they finish in about the order they start.
	if [ "${#pids[@]}" -ge "$parallel" ]; then
		wait "${pids[0]}" || true
		pids=("${pids[@]:1}")
	fi
	ip netns exec "$HOST_CLIENT_NS" "$client" --server "$HOST_SERVER_ADDR:443" --user alice \
		--password "correct horse" --probe --duration 120 \
		> "$HOST_RESULTS/client-$i.log" 2>&1 &
	pids+=($!)
	host_pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid" || true
done

answered4=$(cat "$HOST_RESULTS"/client-*.log | grep -c '^probe ipv4 answered$' || true)
answered6=$(cat "$HOST_RESULTS"/client-*.log | grep -c '^probe ipv6 answered$' || true)
lost=$(cat "$HOST_RESULTS"/client-*.log | grep -c '^probe .* lost' || true)
echo "user mode: first ipv4 request answered in $answered4 of $sessions sessions," \
	"ipv6 in $answered6; lost $lost"
grep -h '^probe ' "$HOST_RESULTS"/client-*.log | sort | uniq -c
[ "$answered4" -eq "$sessions" ] && [ "$answered6" -eq "$sessions" ] ||
	host_fail "a first packet went unanswered (see $HOST_RESULTS)"
for i in $(seq 1 "$sessions"); do
	grep -q '^up 10\.99\.0\.' "$HOST_RESULTS/client-$i.log" || host_fail "client $i never came up"
	grep -q 'sstp-testclient: done:' "$HOST_RESULTS/client-$i.log" ||
		host_fail "client $i did not end cleanly"
done
all_gone() {
	[ "$(grep -c ': disconnect: ' "$HOST_RESULTS/sstpd.log")" -eq "$sessions" ]
}
host_wait 60 all_gone
no_tun_left() {
	! ip -n "$HOST_SERVER_NS" -o link show | grep -q ' sstp[0-9]*:'
}
host_wait 30 no_tun_left
