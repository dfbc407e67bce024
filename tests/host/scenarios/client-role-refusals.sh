#!/bin/bash
# sstpd --connect --once against servers that refuse or cheat
# (tests/tools/sstp-badserver, real TLS and SSTP, our PPP engine as the
# server): each refusal ends the client with its one line and exit status.
#   - a Call Connect Nak: status 4, "server refused the call";
#   - a Call Abort: status 4, "server aborted the call", after answering
#     with our own Abort (the server then closes, as sstpd does);
#   - an MS-CHAPv2 Success whose authenticator response (S=) is wrong, the
#     password being right: status 3, "the server did not prove it knows
#     the password", and the client sent neither Call Connected nor any
#     network-protocol frame (IPCP, IP) to that server.
# timeout: 180
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
badserver=$SSTP_BUILD/tests/tools/sstp-badserver

host_netns_pair cli srv
printf 'correct horse\n' > "$HOST_TMP/password"

# badserver MODE PORT: one bad server in the server namespace, its own
# self-signed certificate; its log is bad-MODE.log.
badserver() {
	local mode=$1 port=$2 log=$HOST_RESULTS/bad-$1.log
	host_bg "$log" ip netns exec "$HOST_SERVER_NS" "$badserver" \
		--listen "$HOST_SERVER_ADDR:$port" --state-dir "$HOST_TMP/state-$mode" \
		--mode "$mode" --user alice --password 'correct horse'
	host_wait 30 grep -q '^listening on' "$log"
}

host_step "three bad servers: Nak on 4431, Abort on 4432, a wrong authenticator on 4433"
badserver nak 4431
badserver abort 4432
badserver bad-authenticator 4433

# refused LOG STATUS PATTERN ARGS...: the client, run to its end (60 s at
# most, so that a client that accepts what it should refuse fails here
# rather than at the scenario's timeout), exits STATUS with the line
# PATTERN, said once.
refused() {
	local log=$1 want=$2 pattern=$3 rc=0
	shift 3
	timeout 60 ip netns exec "$HOST_CLIENT_NS" "$sstpd" --foreground --once \
		--user alice --password-file "$HOST_TMP/password" --datapath user \
		--control "$HOST_TMP/client.sock" "$@" > "$HOST_RESULTS/$log" 2>&1 || rc=$?
	cat "$HOST_RESULTS/$log"
	[ "$rc" -eq "$want" ] || host_fail "$log: exit status $rc, not $want"
	grep -Eq "$pattern" "$HOST_RESULTS/$log" || host_fail "$log: no line '$pattern'"
	[ "$(grep -Ec "$pattern" "$HOST_RESULTS/$log")" -eq 1 ] ||
		host_fail "$log: the refusal is said more than once"
}

# served MODE: the bad server's summary of the one connection it had.
served() {
	local log=$HOST_RESULTS/bad-$1.log
	host_wait 30 grep -q '^summary:' "$log"
	cat "$log"
}

host_step "refused: the server Naks the call"
refused nak.log 4 '^[0-9:.]+ error: server refused the call \(Call Connect Nak, status 4\); exiting \(--once\)$' \
	--connect "$HOST_SERVER_ADDR:4431" --insecure
served nak
grep -q '^sent CALL_CONNECT_NAK$' "$HOST_RESULTS/bad-nak.log" || host_fail "the bad server sent no Nak"
grep -q '^recv ppp' "$HOST_RESULTS/bad-nak.log" && host_fail "the client ran PPP after a Nak"
grep -q 'ppp:' "$HOST_RESULTS/nak.log" && host_fail "the client's PPP ran after a Nak"

host_step "refused: the server aborts the call"
refused abort.log 4 '^[0-9:.]+ error: server aborted the call \(status 6\); exiting \(--once\)$' \
	--connect "$HOST_SERVER_ADDR:4432" --insecure
served abort
grep -q '^sent CALL_ABORT$' "$HOST_RESULTS/bad-abort.log" || host_fail "the bad server sent no Abort"
# [MS-SSTP] 3.1.5.1: an Abort is answered with an Abort.
grep -q '^recv CALL_ABORT' "$HOST_RESULTS/bad-abort.log" ||
	host_fail "the client did not answer the Abort with its own"
grep -q '^recv ppp' "$HOST_RESULTS/bad-abort.log" && host_fail "the client ran PPP after an Abort"

host_step "refused: the server says Success but its authenticator response is wrong"
fingerprint=$(sed -n 's/.*certificate SHA-256 fingerprint \([0-9A-F:]*\)$/\1/p' \
	"$HOST_RESULTS/bad-bad-authenticator.log")
refused authenticator.log 3 "^[0-9:.]+ error: authentication as 'alice' \(mschapv2\) refused: the server did not prove it knows the password \(wrong MS-CHAPv2 authenticator response\)$" \
	--connect "$HOST_SERVER_ADDR:4433" --pin-sha256 "$fingerprint"
served bad-authenticator
log=$HOST_RESULTS/bad-bad-authenticator.log
# The exchange was real: the password was right and the server knew it was.
grep -q '^ppp: mschapv2: peer "alice" authenticated$' "$log" ||
	host_fail "the bad server did not authenticate the client"
grep -q '^sent MS-CHAPv2 Success with a corrupted authenticator response$' "$log" ||
	host_fail "the bad server sent no corrupted Success"
grep -q '^recv CALL_CONNECTED' "$log" && host_fail "the client sent Call Connected to a server that proved nothing"
grep -q '^summary: call connected 0, network frames 0$' "$log" ||
	host_fail "the client sent Call Connected or network frames: $(grep '^summary:' "$log")"
grep -q 'up: address' "$HOST_RESULTS/authenticator.log" && host_fail "the client came up"
true
