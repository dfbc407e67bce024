#!/bin/bash
# The first start without a users file makes one with a generated user and
# password.  The password is shown only on a terminal: with stderr a file
# (a journal, a log), it appears in neither stdout nor stderr, and stays
# in the users file, which only root may read.
# timeout: 60
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
host_netns_pair cli srv
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --pool 10.99.0.0/24 \
	--datapath user --control "$HOST_TMP/c.sock"
host_wait 30 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"
cat "$HOST_RESULTS/sstpd.log"
users=$HOST_TMP/state/users
password=$(awk '$1 == "sstp" { print $3 }' "$users")
[ "${#password}" = 16 ] || host_fail "no generated password in $users"
if grep -qF "$password" "$HOST_RESULTS/sstpd.log"; then
	host_fail "the generated password is in the log"
fi
grep -q "generated user 'sstp'; its password is in $users (root only)" "$HOST_RESULTS/sstpd.log" ||
	host_fail "the log does not say where the password is"
[ "$(stat -c %a "$users")" = 600 ] || host_fail "$users is mode $(stat -c %a "$users")"
