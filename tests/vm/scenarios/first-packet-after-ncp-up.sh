#!/bin/bash
# Issue 17: a client that sends IP the instant its IPCP or IPv6CP opens (as
# Windows does: DNS, NetBIOS, the first SYN) gets it answered.  50 sessions
# of our test client with --probe against sstpd in kernel mode, then 50 in
# user mode: each sends an ICMP echo request (and an ICMPv6 one) in the
# same turn of its loop that sees the NCP open, and every first request
# must be answered.  The client tells a lost request by order (a later one
# answered first), not by a timer.  Counts go to figures.txt.
# timeout: 1200
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

client=$SSTP_BUILD/tests/tools/sstp-testclient
vm_need_file "$client" "sstp-testclient"
sessions=${FIRST_PACKET_SESSIONS:-50}
parallel=${FIRST_PACKET_PARALLEL:-4}

# probe_sessions MODE: $sessions clients, $parallel at a time; each must
# have both first requests answered, each on MODE's data path.
probe_sessions() {
	local mode=$1 i answered4 answered6 lost dir=$VM_RESULTS/$1 pids=()
	mkdir -p "$dir"
	vm_step "$sessions sessions in $mode mode, $parallel at a time, each probing at NCP up"
	for i in $(seq 1 "$sessions"); do
		# The oldest client first: they finish in about the order they start.
		if [ "${#pids[@]}" -ge "$parallel" ]; then
			wait "${pids[0]}" || true
			pids=("${pids[@]:1}")
		fi
		ip netns exec client "$client" --server "$VM_SERVER_ADDR:443" --user alice \
			--password "correct horse" --probe --duration 300 \
			> "$dir/client-$i.log" 2>&1 &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || true
	done
	answered4=$(cat "$dir"/client-*.log | grep -c '^probe ipv4 answered$' || true)
	answered6=$(cat "$dir"/client-*.log | grep -c '^probe ipv6 answered$' || true)
	lost=$(cat "$dir"/client-*.log | grep -c '^probe .* lost' || true)
	echo "$mode mode on $KVER: first ipv4 request answered in $answered4 of $sessions" \
		"sessions, ipv6 in $answered6; lost $lost" | tee -a "$VM_RESULTS/figures.txt"
	grep -h '^probe ' "$dir"/client-*.log | sort | uniq -c
	[ "$answered4" -eq "$sessions" ] && [ "$answered6" -eq "$sessions" ] ||
		vm_fail "$mode mode: a first packet went unanswered (see $dir)"
	for i in $(seq 1 "$sessions"); do
		grep -q '^up 10\.99\.0\.' "$dir/client-$i.log" || vm_fail "client $i never came up"
		grep -q 'sstp-testclient: done:' "$dir/client-$i.log" ||
			vm_fail "client $i did not end cleanly"
	done
	if [ "$mode" = kernel ]; then
		[ "$(grep -c ': data path kernel: ' "$VM_RESULTS/sstpd.log")" -eq "$sessions" ] ||
			vm_fail "not every session ran on the kernel data path"
	fi
	all_gone() {
		[ "$(grep -c ': disconnect: ' "$VM_RESULTS/sstpd.log")" -eq "$sessions" ]
	}
	vm_wait 60 all_gone
	if [ "$mode" = kernel ]; then
		vm_wait 30 kernel_has_no_session
	fi
}

vm_load_modules
sstpd_start --datapath kernel
probe_sessions kernel
sstpd_stop

sstpd_start --datapath user
probe_sessions user
sstpd_stop
