#!/bin/bash
# The same whole session with PAP, enabled with --auth; then a wrong
# password is refused with a clear log line and pppd sees the failure.
# timeout: 240
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

sstpd_start --datapath user --auth pap,mschapv2
sstpc_tunnel_check bob s3cret pap \
	refuse-chap refuse-mschap refuse-mschap-v2

vm_step "a wrong password is refused"
sstpc_start wrong bob wrong-password \
	refuse-chap refuse-mschap refuse-mschap-v2
rc=0
wait "$SSTPC_PID" || rc=$?
[ "$rc" -ne 0 ] || vm_fail "sstpc exited 0 with a wrong password"
grep -q "auth failed: user 'bob' (pap)" "$VM_RESULTS/sstpd.log" ||
	vm_fail "no 'auth failed' line for bob"
grep -qi 'authentication failed\|PAP authentication failed' "$VM_RESULTS/pppd-wrong.log" ||
	vm_fail "pppd did not report the failure"
sstpd_stop
