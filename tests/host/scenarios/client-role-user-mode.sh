#!/bin/bash
# sstpd --connect, our client role, against our server, both in user mode in
# two namespaces: the tunnel comes up with MS-CHAPv2 and a SHA-256 binding,
# ping crosses it both ways, --route and --resolv are applied; sstpctl show
# -j on each end lists the session with its role (client, server), state
# up, the client's tunnel address and counters that moved; an operator's
# kill on the server makes the client reconnect by itself; and each refusal
# ends the client with its one line and exit status before any PPP:
# untrusted certificate (1), pin mismatch (1), name mismatch (1), wrong
# password (3, with the server's MS-CHAPv2 failure text).  With --once a
# lost server ends the client with status 5.
# timeout: 240
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
sstpctl=$SSTP_BUILD/sstpctl
control=$HOST_TMP/server.sock
pki=$HOST_TMP/pki

host_step "a CA and a server certificate for 192.0.2.1 and vpn.example.test"
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca \
	-keyout "$pki/ca.key" -out "$pki/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=vpn.example.test \
	-keyout "$pki/server.key" -out "$pki/server.csr" 2> /dev/null
printf 'subjectAltName=IP:192.0.2.1,DNS:vpn.example.test\n' > "$pki/ext"
openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" \
	-CAcreateserial -days 2 -extfile "$pki/ext" -out "$pki/server.pem" 2> /dev/null

host_netns_pair cli srv
printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"
printf 'correct horse\n' > "$HOST_TMP/password"
printf 'wrong horse\n' > "$HOST_TMP/wrong"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --cert "$pki/server.pem" --key "$pki/server.key" \
	--users "$HOST_TMP/users" --state-dir "$HOST_TMP/state" --pool 10.99.0.0/24 \
	--dns 192.0.2.53 --datapath user --control "$control" --log-level debug
server_pid=$HOST_LAST_PID
host_wait 20 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"
fingerprint=$(sed -n 's/.*certificate SHA-256 fingerprint \([0-9A-F:]*\).*/\1/p' \
	"$HOST_RESULTS/sstpd.log")

# Our client role in the client namespace, in the foreground.
client_cmd=(ip netns exec "$HOST_CLIENT_NS" "$sstpd" --foreground --connect "$HOST_SERVER_ADDR"
	--user alice --datapath user --control "$HOST_TMP/client.sock")
# client LOG ARGS...: run it to its end.
client() {
	local log=$1
	shift
	"${client_cmd[@]}" "$@" > "$HOST_RESULTS/$log" 2>&1
}

# refused LOG STATUS PATTERN ARGS...: the client exits STATUS with the line
# PATTERN, and nothing of PPP was sent.
refused() {
	local log=$1 want=$2 pattern=$3 rc=0
	shift 3
	client "$log" "$@" || rc=$?
	cat "$HOST_RESULTS/$log"
	[ "$rc" -eq "$want" ] || host_fail "$log: exit status $rc, not $want"
	grep -Eq "$pattern" "$HOST_RESULTS/$log" || host_fail "$log: no line '$pattern'"
	[ "$(grep -Ec "$pattern" "$HOST_RESULTS/$log")" -eq 1 ] ||
		host_fail "$log: the refusal is said more than once"
}

host_step "refused: a certificate no CA we trust signed (the system store)"
refused untrusted.log 1 "error: certificate of '192.0.2.1' refused: unable to get local issuer certificate" \
	--password-file "$HOST_TMP/password"
if grep -q 'ppp:' "$HOST_RESULTS/untrusted.log"; then
	host_fail "PPP ran with an untrusted server"
fi

host_step "refused: a pin that is not the server's"
refused pin.log 1 "error: certificate of '192.0.2.1' refused: its SHA-256 fingerprint $fingerprint is not the pinned 00:11:" \
	--password-file "$HOST_TMP/password" \
	--pin-sha256 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff
grep -q 'ppp:' "$HOST_RESULTS/pin.log" && host_fail "PPP ran with a server whose pin differs"

host_step "refused: a trusted certificate for another name"
refused name.log 1 "error: certificate of 'other.example.test' refused: it is not for 'other.example.test' \(hostname mismatch\)" \
	--password-file "$HOST_TMP/password" --ca "$pki/ca.pem" --sni other.example.test
grep -q 'ppp:' "$HOST_RESULTS/name.log" && host_fail "PPP ran with a server of another name"

host_step "refused: the wrong password, with the server's words"
refused password.log 3 "error: authentication as 'alice' \(mschapv2\) refused: E=691 R=0 C=[0-9A-F]+ V=3 M=Access denied" \
	--password-file "$HOST_TMP/wrong" --ca "$pki/ca.pem"
grep -q "auth failed: user 'alice' (mschapv2)" "$HOST_RESULTS/sstpd.log" ||
	host_fail "the server logged no failed authentication"

host_step "the pin alone is trust enough: up with --pin-sha256 (colons, lower case)"
host_bg "$HOST_RESULTS/pinned.log" "${client_cmd[@]}" --password-file "$HOST_TMP/password" \
	--pin-sha256 "$(printf '%s' "$fingerprint" | tr 'A-F' 'a-f')"
pinned_pid=$HOST_LAST_PID
host_wait 60 grep -q 'up: address' "$HOST_RESULTS/pinned.log"
kill -TERM "$pinned_pid"
rc=0
wait "$pinned_pid" || rc=$?
[ "$rc" -eq 0 ] || host_fail "client stopped by SIGTERM exited $rc, not 0"

host_step "up with the CA, a route and a resolv file"
host_bg "$HOST_RESULTS/client.log" "${client_cmd[@]}" --password-file "$HOST_TMP/password" \
	--ca "$pki/ca.pem" --route 10.98.0.0/24 --resolv "$HOST_TMP/resolv.conf"
client_pid=$HOST_LAST_PID
host_wait 60 grep -q 'up: address' "$HOST_RESULTS/client.log"
grep -E 'up: address 10\.99\.0\.[0-9]+ peer 10\.99\.0\.1 on sstp1 \(user mode\), DNS 192\.0\.2\.53' \
	"$HOST_RESULTS/client.log" || host_fail "no up line with the address, peer and DNS"
grep -q 'sstp: call connected, crypto binding verified (SHA-256)' "$HOST_RESULTS/sstpd.log" ||
	host_fail "the server did not verify a SHA-256 binding"
grep -qx 'nameserver 192.0.2.53' "$HOST_TMP/resolv.conf" || host_fail "resolv file without the DNS"
ip -n "$HOST_CLIENT_NS" route show 10.98.0.0/24 | grep -q 'dev sstp1' ||
	host_fail "no route 10.98.0.0/24 through sstp1"
local_addr=$(sed -n 's/.*up: address \([0-9.]*\) .*/\1/p' "$HOST_RESULTS/client.log" | tail -n 1)
server_up() { ip -n "$HOST_SERVER_NS" -o addr show | grep -q "peer $local_addr/32"; }
host_wait 30 server_up

host_step "ping both ways through the tunnel"
ip netns exec "$HOST_CLIENT_NS" ping -c 3 -i 0.2 -W 2 10.99.0.1
ip netns exec "$HOST_SERVER_NS" ping -c 3 -i 0.2 -W 2 "$local_addr"
ip netns exec "$HOST_CLIENT_NS" ping -c 20 -i 0.01 -s 1300 -W 2 10.99.0.1 > /dev/null

host_step "sstpctl show -j on each end: role, state, tunnel address, counters"
"$sstpctl" --control "$HOST_TMP/client.sock" show -j | tee "$HOST_RESULTS/show-client.json"
"$sstpctl" --control "$control" show -j | tee "$HOST_RESULTS/show-server.json"
python3 - "$HOST_RESULTS" "$local_addr" "$HOST_SERVER_ADDR" <<'PY' || host_fail "sstpctl show -j: see above"
import json, sys
d, addr, server = sys.argv[1:]
want = {
    "client": {"role": "client", "state": "up", "inner": addr, "user": "alice",
               "auth": "mschapv2", "datapath": "user", "outer": server + ":443"},
    "server": {"role": "server", "state": "up", "inner": addr, "user": "alice",
               "auth": "mschapv2", "datapath": "user"},
}
bad = []
for end, fields in want.items():
    sessions = json.load(open(f"{d}/show-{end}.json"))
    # The server may still be closing the sessions of earlier attempts.
    if end == "server":
        sessions = [s for s in sessions if s.get("inner") == addr]
    if len(sessions) != 1:
        sys.exit(f"{end}: {len(sessions)} sessions with the tunnel address, not one")
    s = sessions[0]
    bad += [f"{end}: {k}={s.get(k, '<missing>')!r}, not {v!r}" for k, v in fields.items() if s.get(k) != v]
    # 26 pings each way, 20 of them 1328 bytes: the counters moved.
    bad += [f"{end}: {k}={s.get(k)!r}" for k in ("rx_bytes", "tx_bytes")
            if not isinstance(s.get(k), int) or s[k] < 10 * 1300]
    bad += [f"{end}: {k}={s.get(k)!r}" for k in ("rx_packets", "tx_packets")
            if not isinstance(s.get(k), int) or s[k] < 10]
sys.exit("\n".join(bad) if bad else 0)
PY
"$sstpctl" --control "$HOST_TMP/client.sock" status | tee "$HOST_RESULTS/status-client.txt"
grep -qx 'role: client' "$HOST_RESULTS/status-client.txt" || host_fail "status does not say role client"
# A client has no users file: reload says so instead of failing on a path.
rc=0
"$sstpctl" --control "$HOST_TMP/client.sock" reload > "$HOST_RESULTS/reload-client.txt" 2>&1 || rc=$?
cat "$HOST_RESULTS/reload-client.txt"
[ "$rc" -ne 0 ] || host_fail "reload on a client-role daemon succeeded"
grep -q 'no users file to reload' "$HOST_RESULTS/reload-client.txt" ||
	host_fail "reload on the client does not say why it cannot"
"$sstpctl" --control "$HOST_TMP/client.sock" show | tee "$HOST_RESULTS/show-client.txt"
grep -q '^ID  *ROLE ' "$HOST_RESULTS/show-client.txt" || host_fail "show has no ROLE column"
grep -Eq '^[0-9]+ +client ' "$HOST_RESULTS/show-client.txt" || host_fail "show does not say client"

host_step "the operator kills the session on the server: the client comes back"
"$sstpctl" --control "$control" kill alice
host_wait 30 grep -q 'reconnecting in' "$HOST_RESULTS/client.log"
grep 'reconnecting in' "$HOST_RESULTS/client.log"
up_twice() { [ "$(grep -c 'up: address' "$HOST_RESULTS/client.log")" -ge 2 ]; }
host_wait 60 up_twice
local_addr=$(sed -n 's/.*up: address \([0-9.]*\) .*/\1/p' "$HOST_RESULTS/client.log" | tail -n 1)
host_wait 30 server_up
ip netns exec "$HOST_CLIENT_NS" ping -c 3 -i 0.2 -W 2 10.99.0.1
ip netns exec "$HOST_SERVER_NS" ping -c 3 -i 0.2 -W 2 "$local_addr"

host_step "SIGTERM: the client disconnects in order and exits 0"
kill -TERM "$client_pid"
rc=0
wait "$client_pid" || rc=$?
[ "$rc" -eq 0 ] || host_fail "client exited $rc after SIGTERM, not 0"
host_wait 15 grep -q "disconnect: client disconnected" "$HOST_RESULTS/sstpd.log"

host_step "--once: the server goes away, the client exits 5"
host_bg "$HOST_RESULTS/once.log" "${client_cmd[@]}" --password-file "$HOST_TMP/password" \
	--ca "$pki/ca.pem" --once
once_pid=$HOST_LAST_PID
host_wait 60 grep -q 'up: address' "$HOST_RESULTS/once.log"
kill -TERM "$server_pid"
rc=0
wait "$once_pid" || rc=$?
cat "$HOST_RESULTS/once.log" | tail -n 5
[ "$rc" -eq 5 ] || host_fail "--once client exited $rc when the server left, not 5"
grep -q 'exiting (--once)' "$HOST_RESULTS/once.log" || host_fail "no line saying why --once exited"
