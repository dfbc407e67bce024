#!/bin/bash
# sstpd's client role in kernel mode against sstpd in kernel mode, in two
# namespaces of one guest: MS-CHAPv2 with a SHA-256 crypto binding, once
# with TLS 1.3 and once with TLS 1.2.  Both ends run their session on
# sstp.ko (kTLS both ways, a ppp unit); ping crosses both ways and iperf3
# runs 5 s each way; the module's counters on both ends account for the
# iperf3 bytes, and neither daemon's CPU time grows by 5% of the machine's
# busy ticks during the transfer.  sstpctl show -j on each end lists the
# session with its role (client, server), state up, the client's tunnel
# address and the module's counters.
# timeout: 900
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=kernel
sstpd_start --datapath kernel --control "$VM_STATE/server.sock"

# round NAME TLS-VERSION: one whole session of our client, checked.
round() {
	local name=$1 tls=$2 log=$VM_RESULTS/client-$1.log sess addr kid
	local srx0 stx0 crx0 ctx0 ccpu0 srx stx crx ctx up down ccpu
	vm_step "our client, kernel mode, TLS $tls"
	client_start "$name" --datapath kernel --tls-version "$tls"
	grep -E "sess 1: data path kernel: TLSv$tls " "$log" ||
		vm_fail "the client did not run its session on sstp.ko with TLS $tls"
	grep -E 'sess 1: up: address 10\.99\.0\.[0-9]+ peer 10\.99\.0\.1 on ppp[0-9]+ \(kernel mode\), DNS 192\.0\.2\.53' \
		"$log" || vm_fail "no up line with address, peer and DNS on a ppp unit"
	addr=$CLIENT_ADDR
	vm_wait 20 grep -q "auth ok: user 'alice' (mschapv2)" "$VM_RESULTS/sstpd.log"
	sess=$(last_session_of alice)
	grep -q "sess $sess: data path kernel: TLSv$tls " "$VM_RESULTS/sstpd.log" ||
		vm_fail "the server did not run sess $sess on sstp.ko with TLS $tls"
	grep -q "sess $sess: sstp: call connected, crypto binding verified (SHA-256)" \
		"$VM_RESULTS/sstpd.log" || vm_fail "the server did not verify a SHA-256 binding"
	vm_wait 20 grep -Eq "sess $sess: up: user 'alice' address $addr on ppp[0-9]+ \(kernel mode\)" \
		"$VM_RESULTS/sstpd.log"
	TUN_ADDR=$addr
	TUN_IFACE=$(sed -En "s/.*sess $sess: up: .* on ([a-z0-9]+) .*/\1/p" "$VM_RESULTS/sstpd.log")
	[ "$(client_sessions | wc -l)" -eq 1 ] || vm_fail "the client's sstp.ko holds not one session"
	[ "$(client_field state)" = connected ] || vm_fail "the client's session is not connected"
	tunnel_ping
	srx0=$(kernel_field rx_bytes) stx0=$(kernel_field tx_bytes)
	crx0=$(client_field rx_bytes) ctx0=$(client_field tx_bytes)
	ccpu0=$(proc_cpu_ticks "$CLIENT_PID")
	measured_iperf "$name"
	ccpu=$(($(proc_cpu_ticks "$CLIENT_PID") - ccpu0))
	srx=$(($(kernel_field rx_bytes) - srx0)) stx=$(($(kernel_field tx_bytes) - stx0))
	crx=$(($(client_field rx_bytes) - crx0)) ctx=$(($(client_field tx_bytes) - ctx0))
	up=$(iperf_bytes "$name" up) down=$(iperf_bytes "$name" down)
	echo "$name: server sstp.ko rx $srx tx $stx, client sstp.ko rx $crx tx $ctx," \
		"iperf3 up $up down $down; cpu server $CPU_SSTPD client $ccpu of $CPU_BUSY ticks" |
		tee -a "$VM_RESULTS/figures.txt"
	# Each way carries the payload plus IP, TCP and PPP headers, and ACKs.
	for pair in "server-rx $srx $up $down" "server-tx $stx $down $up" \
		    "client-tx $ctx $up $down" "client-rx $crx $down $up"; do
		set -- $pair
		[ "$2" -ge "$3" ] || vm_fail "$1: sstp.ko counted $2 bytes, iperf3 moved $3"
		[ "$2" -le $(($3 * 12 / 10 + $4 / 5 + 1000000)) ] ||
			vm_fail "$1: sstp.ko counted $2 bytes, far more than iperf3's $3"
	done
	[ "$(kernel_field rx_errors)" = 0 ] || vm_fail "the server's sstp.ko counted receive errors"
	[ "$(client_field rx_errors)" = 0 ] || vm_fail "the client's sstp.ko counted receive errors"
	# The data does not pass through either daemon.
	[ "$((CPU_SSTPD * 100))" -lt "$((CPU_BUSY * 5))" ] ||
		vm_fail "the server's sstpd used $CPU_SSTPD of $CPU_BUSY CPU ticks during the transfer (5% or more)"
	[ "$((ccpu * 100))" -lt "$((CPU_BUSY * 5))" ] ||
		vm_fail "the client's sstpd used $ccpu of $CPU_BUSY CPU ticks during the transfer (5% or more)"

	vm_step "sstpctl show -j on both ends: role, state, tunnel address, counters"
	kid=$(client_sessions | sed -n 's/^id=\([0-9]*\) .*/\1/p')
	ctl_session_check client "$VM_STATE/client.sock" "client-$name" role=client state=up \
		inner="$addr" user=alice auth=mschapv2 datapath=kernel kernel_id="$kid" \
		tls="TLSv$tls" outer="$VM_SERVER_ADDR:443" tx_bytes\>="$up" rx_bytes\>="$down"
	ctl_session_check server "$VM_STATE/server.sock" "server-$name" role=server state=up \
		inner="$addr" user=alice datapath=kernel rx_bytes\>="$up" tx_bytes\>="$down"

	vm_step "the client stops: both ends keep nothing"
	kill -TERM "$CLIENT_PID"
	wait "$CLIENT_PID" || vm_fail "the client exited $? after SIGTERM"
	vm_wait 20 grep -q "sess $sess: disconnect: client disconnected" "$VM_RESULTS/sstpd.log"
	vm_wait 30 kernel_has_no_session
	vm_wait 30 client_has_no_session
	vm_wait 30 server_has_no_iface "$TUN_IFACE"
}

round tls13 1.3
round tls12 1.2
sstpd_stop
