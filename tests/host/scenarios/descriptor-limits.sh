#!/bin/bash
# Descriptors: sstpd raises its soft limit to the hard one, refuses a
# max-sessions the hard limit cannot carry (saying the numbers), and its
# control socket does not spin the event loop when accept() meets EMFILE.
# timeout: 120
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
host_netns_pair cli srv
printf 'alice * pa *\n' > "$HOST_TMP/users"
args=(--foreground --listen "$HOST_SERVER_ADDR:443" --users "$HOST_TMP/users"
      --pool 10.99.0.0/24 --datapath user)

# ticks PID: user + system clock ticks of PID so far.
ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

host_step "a max-sessions the hard limit cannot carry is refused, with the numbers"
rc=0
(
	ulimit -n 1024
	exec ip netns exec "$HOST_SERVER_NS" "$sstpd" "${args[@]}" --state-dir "$HOST_TMP/s1" \
		--control "$HOST_TMP/c1.sock" --max-sessions 1024
) > "$HOST_RESULTS/refused.log" 2>&1 || rc=$?
cat "$HOST_RESULTS/refused.log"
[ "$rc" = 1 ] || host_fail "sstpd exited $rc, not 1 (start-up error)"
grep -q 'max-sessions 1024 needs 3328 descriptors (3 per session and 256 for sstpd), but the limit is 1024 (hard 1024): lower max-sessions to 256' \
	"$HOST_RESULTS/refused.log" || host_fail "no error with the numbers"

host_step "the soft limit goes up to the hard one"
host_bg "$HOST_RESULTS/raised.log" bash -c 'ulimit -Sn 64 && ulimit -Hn 8192 && exec "$@"' _ \
	ip netns exec "$HOST_SERVER_NS" "$sstpd" "${args[@]}" --state-dir "$HOST_TMP/s2" \
	--control "$HOST_TMP/c2.sock" --max-sessions 1024
pid=$HOST_LAST_PID
host_wait 30 grep -q 'listening on' "$HOST_RESULTS/raised.log"
grep -q 'descriptors: limit raised from 64 to 8192' "$HOST_RESULTS/raised.log" ||
	host_fail "no word of the raised limit"
# bash -c exec'd into ip, which exec'd sstpd: the pid is sstpd's.
grep -E '^Max open files +8192 +8192 ' "/proc/$pid/limits" || host_fail "limit not raised"
kill "$pid"
wait "$pid" || true

host_step "the control socket out of descriptors: a pause, no spin"
host_bg "$HOST_RESULTS/emfile.log" bash -c 'ulimit -n 400 && exec "$@"' _ \
	ip netns exec "$HOST_SERVER_NS" "$sstpd" "${args[@]}" --state-dir "$HOST_TMP/s3" \
	--control "$HOST_TMP/c3.sock" --max-sessions 40
pid=$HOST_LAST_PID
host_wait 30 grep -q 'listening on' "$HOST_RESULTS/emfile.log"
# More connections than sstpd has descriptors left, each a monitor (which
# stays open), and some left in the listen backlog.
host_bg "$HOST_RESULTS/holder.log" python3 -c '
import socket, sys, time
held, last = [], time.monotonic()
# Until sstpd stops accepting and its backlog stays full for 3 s (a full
# backlog refuses at once: EAGAIN; then retry a little later).
while len(held) < 500 and time.monotonic() - last < 3:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.setblocking(False)
        s.connect(sys.argv[1])
        # A monitor stays open: the descriptor is not given back.
        s.send(b"monitor\n")
        held.append(s)
        last = time.monotonic()
    except OSError:
        s.close()
        time.sleep(0.02)
print("connected", len(held), flush=True)
time.sleep(60)
' "$HOST_TMP/c3.sock"
host_wait 60 grep -q '^connected' "$HOST_RESULTS/holder.log"
t0=$(ticks "$pid")
sleep 3
t1=$(ticks "$pid")
echo "sstpd used $((t1 - t0)) ticks in 3 s with its control socket out of descriptors"
# A spinning loop takes the whole 3 s (300 ticks at 100 Hz; half that on
# a busy machine), a paused one next to nothing.
[ $((t1 - t0)) -lt 60 ] || host_fail "sstpd spins: $((t1 - t0)) ticks in 3 s"
kill -0 "$pid" || host_fail "sstpd died"
grep -q 'control: accept: Too many open files: pausing for 1 s' "$HOST_RESULTS/emfile.log" ||
	host_fail "sstpd never ran out of descriptors: the test proved nothing"
