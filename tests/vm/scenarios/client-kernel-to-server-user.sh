#!/bin/bash
# sstpd's client role in kernel mode (sstp.ko, kTLS both ways, a ppp unit)
# against sstpd in user mode (TUN), TLS 1.2, MS-CHAPv2 with a SHA-256
# crypto binding: ping crosses both ways and iperf3 runs 5 s each way; the
# client's sstp.ko counts the iperf3 bytes and the client's sstpd stays
# out of the data (under 5% of the machine's busy CPU ticks); sstpctl
# show -j lists the session with role client on the client (the module's
# counters) and role server on the server.  The client stops: nothing is
# left.
# timeout: 600
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=user
sstpd_start --datapath user --control "$VM_STATE/server.sock"

vm_step "our client, kernel mode, TLS 1.2"
client_start tls12 --datapath kernel --tls-version 1.2
grep -q 'sess 1: data path kernel: TLSv1.2 ' "$CLIENT_LOG" ||
	vm_fail "the client did not run its session on sstp.ko with TLS 1.2"
grep -E 'sess 1: up: address 10\.99\.0\.[0-9]+ peer 10\.99\.0\.1 on ppp[0-9]+ \(kernel mode\), DNS 192\.0\.2\.53' \
	"$CLIENT_LOG" || vm_fail "no up line with address, peer and DNS on a ppp unit"
vm_wait 30 grep -q "auth ok: user 'alice' (mschapv2)" "$VM_RESULTS/sstpd.log"
sess=$(last_session_of alice)
grep -q "sess $sess: data path kernel" "$VM_RESULTS/sstpd.log" &&
	vm_fail "the server took the kernel data path"
grep -q "sess $sess: sstp: call connected, crypto binding verified (SHA-256)" \
	"$VM_RESULTS/sstpd.log" || vm_fail "the server did not verify a SHA-256 binding"
vm_wait 30 grep -q "sess $sess: up: user 'alice' address $CLIENT_ADDR on sstp$sess (user mode)" \
	"$VM_RESULTS/sstpd.log"
TUN_ADDR=$CLIENT_ADDR
[ "$(client_sessions | wc -l)" -eq 1 ] || vm_fail "the client's sstp.ko holds not one session"
[ "$(client_field state)" = connected ] || vm_fail "the client's session is not connected"

tunnel_ping
crx0=$(client_field rx_bytes) ctx0=$(client_field tx_bytes)
ccpu0=$(proc_cpu_ticks "$CLIENT_PID")
measured_iperf tls12
ccpu=$(($(proc_cpu_ticks "$CLIENT_PID") - ccpu0))
crx=$(($(client_field rx_bytes) - crx0)) ctx=$(($(client_field tx_bytes) - ctx0))
up=$(iperf_bytes tls12 up) down=$(iperf_bytes tls12 down)
echo "tls12: client sstp.ko rx $crx tx $ctx, iperf3 up $up down $down;" \
	"cpu client $ccpu of $CPU_BUSY ticks" | tee -a "$VM_RESULTS/figures.txt"
# Each way carries the payload plus IP, TCP and PPP headers, and ACKs.
[ "$ctx" -ge "$up" ] || vm_fail "the client's sstp.ko sent $ctx bytes, iperf3 sent $up up"
[ "$crx" -ge "$down" ] || vm_fail "the client's sstp.ko received $crx bytes, iperf3 sent $down down"
[ "$ctx" -le $((up * 12 / 10 + down / 5 + 1000000)) ] ||
	vm_fail "the client's sstp.ko sent $ctx bytes: far more than iperf3's $up up"
[ "$crx" -le $((down * 12 / 10 + up / 5 + 1000000)) ] ||
	vm_fail "the client's sstp.ko received $crx bytes: far more than iperf3's $down down"
[ "$(client_field rx_errors)" = 0 ] || vm_fail "the client's sstp.ko counted receive errors"
[ "$((ccpu * 100))" -lt "$((CPU_BUSY * 5))" ] ||
	vm_fail "the client's sstpd used $ccpu of $CPU_BUSY CPU ticks during the transfer (5% or more)"

vm_step "sstpctl show -j on both ends"
kid=$(client_sessions | sed -n 's/^id=\([0-9]*\) .*/\1/p')
ctl_session_check client "$VM_STATE/client.sock" client role=client state=up \
	inner="$CLIENT_ADDR" user=alice auth=mschapv2 datapath=kernel kernel_id="$kid" \
	tls=TLSv1.2 tx_bytes\>="$up" rx_bytes\>="$down"
ctl_session_check server "$VM_STATE/server.sock" server role=server state=up \
	inner="$CLIENT_ADDR" user=alice datapath=user rx_bytes\>="$up" tx_bytes\>="$down"

vm_step "the client stops: both ends keep nothing"
kill -TERM "$CLIENT_PID"
wait "$CLIENT_PID" || vm_fail "the client exited $? after SIGTERM"
vm_wait 30 grep -q "sess $sess: disconnect: client disconnected" "$VM_RESULTS/sstpd.log"
vm_wait 30 client_has_no_session
vm_wait 30 grep -q "sess $sess: released address $CLIENT_ADDR, 0 in use" "$VM_RESULTS/sstpd.log"
vm_wait 30 server_has_no_iface "sstp$sess"
sstpd_stop
