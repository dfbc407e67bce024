#!/bin/bash
# sstpctl against sstpd in user mode: three clients of ours connected, show
# lists exactly them with their users and addresses, kill ends one on both
# ends, monitor saw its end with the reason, counters move during a ping,
# status and reload answer, and a user without rights is refused.
# timeout: 90
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
sstpctl=$SSTP_BUILD/sstpctl
client=$SSTP_BUILD/tests/tools/sstp-testclient
control=$HOST_TMP/sstpd.sock
ctl() { "$sstpctl" --control "$control" "$@"; }

host_netns_pair cli srv
printf 'alice * pa *\nbob * pb *\ncarol * pc *\n' > "$HOST_TMP/users"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --datapath user --control "$control"
server_pid=$HOST_LAST_PID
host_wait 20 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"

host_step "monitor follows events"
host_bg "$HOST_RESULTS/monitor.log" "$sstpctl" --control "$control" monitor

host_step "three clients"
declare -A pids
for u in alice bob carol; do
	host_bg "$HOST_RESULTS/client-$u.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
		--server "$HOST_SERVER_ADDR:443" --user "$u" --password "p${u:0:1}" --tun "c-$u"
	pids[$u]=$HOST_LAST_PID
done
for u in alice bob carol; do
	host_wait 20 grep -q '^up ' "$HOST_RESULTS/client-$u.log"
done
host_wait 30 test "$(grep -c "up: user" "$HOST_RESULTS/sstpd.log")" -eq 3

host_step "show -j lists exactly the three, with users and addresses"
ctl show -j | tee "$HOST_RESULTS/show.json"
python3 - "$HOST_RESULTS" <<'PY'
import json, sys, glob
d = sys.argv[1]
sessions = json.load(open(d + "/show.json"))
assert len(sessions) == 3, sessions
addrs = {}
for u in ("alice", "bob", "carol"):
    line = next(l for l in open(f"{d}/client-{u}.log") if l.startswith("up "))
    addrs[u] = line.split()[1]
got = {s["user"]: s for s in sessions}
assert sorted(got) == ["alice", "bob", "carol"], got
for u, s in got.items():
    assert s["inner"] == addrs[u], (u, s["inner"], addrs[u])
    assert s["datapath"] == "user" and s["auth"] == "mschapv2" and s["state"] == "up", s
    assert s["role"] == "server", s
    assert s["outer"].startswith("192.0.2.2:"), s
    assert isinstance(s["rx_bytes"], int), s
PY
ctl show
ctl show bob | grep -q bob || host_fail "show bob does not list bob"

host_step "counters move during a ping"
before=$(ctl show -j alice | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["rx_packets"])')
ip netns exec "$HOST_CLIENT_NS" ping -c 5 -i 0.2 -W 2 -I c-alice 10.99.0.1 > /dev/null
after=$(ctl show -j alice | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["rx_packets"])')
[ "$after" -ge $((before + 5)) ] || host_fail "alice's rx_packets went from $before to $after"

host_step "kill bob: his client leaves, show lists two"
ctl kill bob | tee "$HOST_RESULTS/kill.txt"
grep -q '^killed session' "$HOST_RESULTS/kill.txt" || host_fail "kill printed no 'killed session'"
rc=0
wait "${pids[bob]}" || rc=$?
[ "$rc" -eq 0 ] || host_fail "bob's client exited $rc after the kill"
host_wait 30 test "$(ctl show -j | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq 2
ctl show -j | python3 -c 'import json,sys; assert "bob" not in [s["user"] for s in json.load(sys.stdin)]'
host_wait 30 grep -q "^down .*user=bob.*reason=killed by the operator" "$HOST_RESULTS/monitor.log"

host_step "status, reload, not found"
ctl status | tee "$HOST_RESULTS/status.txt"
grep -q '^sessions: 2$' "$HOST_RESULTS/status.txt" || host_fail "status does not count 2 sessions"
printf 'alice * pa *\ndave * pd *\n' > "$HOST_TMP/users"
ctl reload | grep -q '^users: 2$' || host_fail "reload did not report 2 users"
rc=0
ctl kill nobody-here 2> "$HOST_RESULTS/notfound.txt" || rc=$?
[ "$rc" -eq 1 ] || host_fail "kill of an unknown user exited $rc, not 1"
rc=0
ctl frobnicate 2> /dev/null || rc=$?
[ "$rc" -eq 2 ] || host_fail "an unknown command exited $rc, not 2"

host_step "an unprivileged user is refused"
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$sstpctl" --control "$control" show \
	2> "$HOST_RESULTS/unprivileged.txt" || rc=$?
cat "$HOST_RESULTS/unprivileged.txt"
[ "$rc" -eq 2 ] || host_fail "unprivileged show exited $rc, not 2"
grep -q "permission denied" "$HOST_RESULTS/unprivileged.txt" ||
	host_fail "no clear 'permission denied' for the unprivileged user"

kill -TERM "$server_pid"
wait "$server_pid" || host_fail "sstpd exited with status $?"
[ ! -e "$control" ] || host_fail "the control socket is left behind"
