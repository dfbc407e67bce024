#!/bin/bash
# The users file and the TLS key must be kept from other users: sstpd
# refuses to start when others can read or write either, naming the path
# and the mode, and a reload keeps the users it has when the file has
# been opened up.  The group may read them (Debian's keys: root:ssl-cert
# 0640).
# timeout: 120
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
sstpctl=$SSTP_BUILD/sstpctl
host_netns_pair cli srv
pki=$HOST_TMP/pki
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vpn.example.test \
	-keyout "$pki/server.key" -out "$pki/server.pem" 2> /dev/null
printf 'alice * pa *\n' > "$HOST_TMP/users"

# start NAME: sstpd in the foreground until it is listening or exits;
# its log in NAME.log.  Sets pid.
start() {
	host_bg "$HOST_RESULTS/$1.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
		--listen "$HOST_SERVER_ADDR:443" --cert "$pki/server.pem" --key "$pki/server.key" \
		--users "$HOST_TMP/users" --state-dir "$HOST_TMP/state" --pool 10.99.0.0/24 \
		--datapath user --control "$HOST_TMP/$1.sock"
	pid=$HOST_LAST_PID
	host_wait 30 grep -q 'listening on\|sstpd stopped' "$HOST_RESULTS/$1.log"
}

# refused NAME WHY: sstpd exited 1 and said WHY.
refused() {
	local rc=0
	wait "$pid" || rc=$?
	cat "$HOST_RESULTS/$1.log"
	[ "$rc" = 1 ] || host_fail "$1: sstpd exited $rc, not 1"
	grep -qF "$2" "$HOST_RESULTS/$1.log" || host_fail "$1: no '$2'"
}

host_step "a users file others can read"
chmod 644 "$HOST_TMP/users"
start users-644
refused users-644 "users file $HOST_TMP/users is open to other users (mode 0644): chmod o-rw $HOST_TMP/users"

host_step "a key others can write"
chmod 640 "$HOST_TMP/users"
chmod 602 "$pki/server.key"
start key-602
refused key-602 "key $pki/server.key is open to other users (mode 0602): chmod o-rw $pki/server.key"

host_step "0640 for both: sstpd starts"
chmod 640 "$pki/server.key"
start ok
grep -q 'listening on' "$HOST_RESULTS/ok.log" || host_fail "sstpd did not start"

host_step "a reload after the users file was opened up keeps the users"
printf 'alice * pa *\nbob * pb *\n' > "$HOST_TMP/users"
chmod 604 "$HOST_TMP/users"
rc=0
"$sstpctl" --control "$HOST_TMP/ok.sock" reload > "$HOST_RESULTS/reload.txt" 2>&1 || rc=$?
cat "$HOST_RESULTS/reload.txt"
[ "$rc" != 0 ] || host_fail "the reload was taken"
grep -q 'is open to other users (mode 0604)' "$HOST_RESULTS/reload.txt" ||
	host_fail "the refusal does not say why"
grep -q 'users: 1 entries' "$HOST_RESULTS/ok.log" || host_fail "the first load is not in the log"
if grep -q 'users: 2 entries' "$HOST_RESULTS/ok.log"; then
	host_fail "the opened-up file was loaded"
fi
kill -0 "$pid" || host_fail "sstpd died"
