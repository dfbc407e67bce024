#!/bin/bash
# sstpctl with three Debian sstpc clients on the kernel data path: show -j
# lists exactly the three with their users and addresses, counters (read
# from sstp.ko) move during a ping, kill ends one on both ends (its pppd
# exits) and show then lists two, monitor printed the down event with its
# reason, and a user without rights is refused.
# timeout: 300
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

sstpctl=$SSTP_BUILD/sstpctl
control=$VM_STATE/sstpd.sock
ctl() { "$sstpctl" --control "$control" "$@"; }

vm_load_modules
SSTPD_MODE=kernel
sstpd_start --datapath kernel --control "$control"
"$sstpctl" --control "$control" monitor > "$VM_RESULTS/monitor.log" 2>&1 &
monitor_pid=$!

vm_step "three sstpc clients"
declare -A pids pass=([alice]="correct horse" [bob]=s3cret [carol]=c4rol)
for u in alice bob carol; do
	sstpc_start "$u" "$u" "${pass[$u]}" refuse-pap refuse-chap refuse-mschap
	pids[$u]=$SSTPC_PID
done
three_up() {
	[ "$(grep -c ': up: user' "$VM_RESULTS/sstpd.log")" -eq 3 ]
}
vm_wait 90 three_up

vm_step "show -j lists exactly the three"
ctl show -j | tee "$VM_RESULTS/show.json"
ctl show
python3 - "$VM_RESULTS" <<'PY'
import json, re, sys
d = sys.argv[1]
sessions = json.load(open(d + "/show.json"))
assert len(sessions) == 3, sessions
got = {s["user"]: s for s in sessions}
assert sorted(got) == ["alice", "bob", "carol"], got
for u, s in got.items():
    log = open(f"{d}/pppd-{u}.log").read()
    local = re.search(r"local  IP address (\S+)", log).group(1)
    assert s["inner"] == local, (u, s["inner"], local)
    assert s["datapath"] == "kernel" and s["kernel_id"] > 0 and s["state"] == "up", s
PY

vm_step "counters from sstp.ko move during a ping"
iface=$(sed -n 's/^Using interface \(ppp[0-9]*\)$/\1/p' "$VM_RESULTS/pppd-alice.log")
rx_packets() {
	ctl show -j alice | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["rx_packets"])'
}
before=$(rx_packets)
ip netns exec client ping -c 5 -i 0.2 -W 5 -I "$iface" 10.99.0.1
after=$(rx_packets)
[ "$after" -ge $((before + 5)) ] || vm_fail "alice's rx_packets went from $before to $after"

vm_step "kill bob: his pppd exits, show lists two"
ctl kill bob
wait "${pids[bob]}" || true
two_left() {
	[ "$(ctl show -j | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq 2 ]
}
vm_wait 20 two_left
ctl show -j | python3 -c 'import json,sys; assert "bob" not in [s["user"] for s in json.load(sys.stdin)]'
vm_wait 30 grep -q '^down .*user=bob.*reason=killed by the operator' "$VM_RESULTS/monitor.log"
grep -q 'Connection terminated\|Modem hangup\|LCP terminated by peer' "$VM_RESULTS/pppd-bob.log" ||
	vm_fail "bob's pppd did not see the end"

vm_step "a user without rights is refused; status answers root"
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$sstpctl" --control "$control" show \
	2> "$VM_RESULTS/unprivileged.txt" || rc=$?
[ "$rc" -eq 2 ] || vm_fail "unprivileged show exited $rc, not 2"
grep -q 'permission denied' "$VM_RESULTS/unprivileged.txt" || vm_fail "no clear refusal"
ctl status | tee "$VM_RESULTS/status.txt"
grep -q '^sessions: 2$' "$VM_RESULTS/status.txt" || vm_fail "status does not count 2 sessions"

kill "$monitor_pid"
sstpd_stop
