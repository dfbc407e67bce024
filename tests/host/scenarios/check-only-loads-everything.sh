#!/bin/bash
# sstpd -n loads what a start would (certificate and key, users file,
# control group, pool, descriptor limit), as sshd -t does, and fails with
# the reason (exit 2) where a start would; it writes and generates nothing.
# timeout: 60
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
pki=$HOST_TMP/pki
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=one \
	-keyout "$pki/one.key" -out "$pki/one.pem" 2> /dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=two \
	-keyout "$pki/two.key" -out "$pki/two.pem" 2> /dev/null
printf 'alice * pa *\nbob * pb *\n' > "$HOST_TMP/users"

# check NAME RC TEXT ARGS...: sstpd -n ARGS exits RC and says TEXT.
check() {
	local name=$1 want=$2 text=$3 rc=0
	shift 3
	host_step "$name"
	"$sstpd" -n --state-dir "$HOST_TMP/state" "$@" > "$HOST_RESULTS/$name.log" 2>&1 || rc=$?
	cat "$HOST_RESULTS/$name.log"
	[ "$rc" = "$want" ] || host_fail "$name: exit $rc, not $want"
	grep -qF "$text" "$HOST_RESULTS/$name.log" || host_fail "$name: no '$text'"
}

check all-good 0 "configuration OK" --cert "$pki/one.pem" --key "$pki/one.key" --users "$HOST_TMP/users"
grep -q "users: 2 entries from $HOST_TMP/users" "$HOST_RESULTS/all-good.log" ||
	host_fail "the users were not loaded"
grep -q "certificate $pki/one.pem, SHA-256 fingerprint [0-9A-F:]\{95\}" "$HOST_RESULTS/all-good.log" ||
	host_fail "the certificate was not loaded"

check missing-cert 2 "certificate $pki/none.pem" --cert "$pki/none.pem" --key "$pki/one.key" \
	--users "$HOST_TMP/users"
check wrong-key 2 "key values mismatch" \
	--cert "$pki/one.pem" --key "$pki/two.key" --users "$HOST_TMP/users"
check missing-users 2 "$HOST_TMP/nobody: No such file or directory" \
	--cert "$pki/one.pem" --key "$pki/one.key" --users "$HOST_TMP/nobody"
printf 'alice pa\n' > "$HOST_TMP/bad-users"
check bad-users 2 "$HOST_TMP/bad-users:1" --cert "$pki/one.pem" --key "$pki/one.key" \
	--users "$HOST_TMP/bad-users"
chmod 644 "$HOST_TMP/users"
check open-users 2 "is open to other users (mode 0644)" --cert "$pki/one.pem" \
	--key "$pki/one.key" --users "$HOST_TMP/users"
chmod 600 "$HOST_TMP/users"
check no-group 2 "control-group: no such group: 'no-such-group-here'" \
	--cert "$pki/one.pem" --key "$pki/one.key" --users "$HOST_TMP/users" \
	--control-group no-such-group-here

check first-start 0 "configuration OK"
grep -q "certificate: none yet; the first start makes a self-signed one in $HOST_TMP/state" \
	"$HOST_RESULTS/first-start.log" || host_fail "no word of the certificate to come"
grep -q "users: none yet; the first start makes $HOST_TMP/state/users" \
	"$HOST_RESULTS/first-start.log" || host_fail "no word of the users file to come"
[ ! -e "$HOST_TMP/state" ] || host_fail "sstpd -n made $HOST_TMP/state"
