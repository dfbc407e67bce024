#!/bin/bash
# The benchmark plan, run by bench/pair in both guests: the client guest
# drives and measures, the server guest's agent does what it is told
# (bench/guest-lib.sh).  Every measurement is one line of KEY=VALUE fields
# appended to rows.txt in the client's results (bench/report reads them).
#
# Environment (from bench/run):
#	BENCH_SECONDS	length of each throughput measurement (default 10)
#	BENCH_SESSIONS	session counts to open (default "100 1000 10000", "" for none)
#	BENCH_PARALLEL	sessions being set up at once (default 32)
#	BENCH_THROUGHPUT 0: sessions and the handshake limit only
#	BENCH_TLS	TLS versions to measure (default "1.3 1.2")
#	BENCH_PATHS	tunnels to measure (default: all four below)
#	BENCH_TESTS	tests to run on each (default: all below)
#	BENCH_SHORT	1: one row of each kind only (make check)
#	BENCH_PROFILE	1: perf profiles instead (profile_plan)
#
# Paths measured, each with TLS 1.2 (ECDHE-RSA-AES128-GCM-SHA256) and
# TLS 1.3 (TLS_AES_256_GCM_SHA384):
#	link		iperf3 on the guests' link, no TLS
#	ktls-pair	bench/ktls-stream: kTLS both ends, 16 KiB records
#	kernel-kernel	our client to our server, both on sstp.ko
#	user-user	our client to our server, both in user mode (TUN)
#	sstpc-kernel	Debian's sstpc + pppd to our server on sstp.ko
#	sstpc-user	Debian's sstpc + pppd to our server in user mode
# Tests: tcp1/tcp4 (iperf3, 1 or 4 streams) up (client to server) and down,
# udp1400 up and down (the highest rate with under 1% loss).
# CPU: busy ticks of each guest over the measurement (/proc/stat), and
# sstpd's own in the server guest.  RTT: ping through each path, idle and
# under one TCP stream.
# timeout: 10800
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=bench/guest-lib.sh
. "$SSTP_SRC/bench/guest-lib.sh"

SECONDS_EACH=${BENCH_SECONDS:-10}
# iperf3 leaves out its first seconds: TCP in TCP ramps up slowly.
OMIT=${BENCH_OMIT:-3}
# The longest a session count may take to set up; then it holds what it has.
SESSIONS_LIMIT=${BENCH_SESSIONS_LIMIT:-600}
SHORT=${BENCH_SHORT:-0}
SSTPD=$SSTP_BUILD/sstpd
LOAD=$SSTP_BUILD/bench/sstp-load
KTLS_STREAM=$SSTP_BUILD/bench/ktls-stream
STATE=/run/bench
TLS12_CIPHER=ECDHE-RSA-AES128-GCM-SHA256
TLS13_CIPHER=TLS_AES_256_GCM_SHA384
HZ=$(getconf CLK_TCK)
ROWS=$VM_RESULTS/rows.txt
SRV_RUNS=0 CLI_RUNS=0 SSTPC_RUNS=0 SRV_PID=""
mkdir -p "$STATE"
# Thousands of sessions: descriptors for sstpd and the load generator.
ulimit -Hn 1048576
ulimit -n 1048576

# ---------------------------------------------------------------- server

listening() {
	[ -n "$(ss -Htln "sport = :$1")" ]
}

srv_init() {
	vm_load_modules
	modprobe tun
	cat > "$STATE/users" <<'USERS'
alice * "correct horse" *
USERS
	chmod 600 "$STATE/users"
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=bench -days 2 \
		-keyout "$STATE/ktls-key.pem" -out "$STATE/ktls-cert.pem" 2> /dev/null
	iperf3 -s -D -I "$STATE/iperf3.pid"
	vm_wait 30 listening 5201
}

# srv_sstpd_start MODE TLS [ARGS...]: sstpd in MODE (kernel, user) offering
# TLS (1.2, 1.3, auto); prints its certificate's fingerprint.
srv_sstpd_start() {
	local mode=$1 tls=$2
	shift 2
	# The log stays in the guest's memory until sstpd stops: each line
	# written to the results share is a 9p round trip, 7% of the server
	# guest's CPU while sessions are set up (bench/run --profile).
	SRV_LOG=$STATE/sstpd-$((++SRV_RUNS)).log
	# The load generator is one source, with many connections at once.
	"$SSTPD" --foreground --listen "$PAIR_SERVER:443" --state-dir "$STATE" \
		--users "$STATE/users" --pool 10.99.0.0/16 --max-sessions 20000 \
		--max-unauthenticated 4096 --max-unauthenticated-per-source 4096 \
		--datapath "$mode" --tls-version "$tls" \
		--ciphers "$TLS12_CIPHER" --ciphersuites "$TLS13_CIPHER" \
		--control "$STATE/server.sock" --log-level info "$@" > "$SRV_LOG" 2>&1 &
	SRV_PID=$!
	vm_wait 60 grep -q 'listening on' "$SRV_LOG"
	sed -n 's/.*certificate SHA-256 fingerprint \([0-9A-F:]*\).*/\1/p' "$SRV_LOG" | tail -n 1
}

srv_sstpd_stop() {
	kill -TERM "$SRV_PID"
	local rc=0
	wait "$SRV_PID" || rc=$?
	cp "$SRV_LOG" "$VM_RESULTS/"
	[ "$rc" = 0 ] || vm_fail "sstpd exited $rc after SIGTERM (see ${SRV_LOG##*/})"
	SRV_PID=""
}

srv_ktls_start() {
	"$KTLS_STREAM" listen --listen "$PAIR_SERVER:4433" --tls "$1" --streams "$2" \
		--cert "$STATE/ktls-cert.pem" --key "$STATE/ktls-key.pem" \
		>> "$VM_RESULTS/ktls-stream.log" 2>&1 &
	SRV_KTLS_PID=$!
	vm_wait 30 listening 4433
}

srv_ktls_stop() {
	kill -TERM "$SRV_KTLS_PID"
	wait "$SRV_KTLS_PID" || true
}

SRV_BUSY0=0 SRV_DAEMON0=0
srv_mark() {
	SRV_BUSY0=$(busy_ticks)
	SRV_DAEMON0=$(proc_ticks "${SRV_PID:-}")
}

# Busy ticks of the guest and of sstpd since srv_mark.
srv_report() {
	echo "$(($(busy_ticks) - SRV_BUSY0)) $(($(proc_ticks "${SRV_PID:-}") - SRV_DAEMON0))"
}

# sstpd's resident set and the kernel's slab, in KiB.
# srv_slabinfo NAME: the slab caches now, into the exchange share.
srv_slabinfo() {
	cat /proc/slabinfo > "$PAIR_X/slabinfo-$1.txt"
}

srv_memory() {
	echo "$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SRV_PID/status")" \
		"$(awk '$1 == "Slab:" { print $2 }' /proc/meminfo)"
}

# The server certificate's signature per second: the handshake limit.
srv_speed() {
	openssl speed -seconds 3 rsa2048 2> /dev/null | awk '$1 == "rsa" && $2 == "2048" { print $6 }'
}

# perf_start NAME / perf_stop NAME: a system-wide profile of this guest
# (cpu-clock: the emulated CPU has no counters), its top symbols kept in
# profile-NAME.txt in this guest's results.
perf_start() {
	perf record -e cpu-clock -a -g -o "$STATE/perf-$1.data" \
		> "$VM_RESULTS/perf-$1.log" 2>&1 &
	PERF_PID=$!
	# It first describes every process and module: slow in an emulated CPU.
	vm_wait 300 test -s "$STATE/perf-$1.data"
}

perf_stop() {
	kill -INT "$PERF_PID"
	wait "$PERF_PID" || true
	perf report -i "$STATE/perf-$1.data" --stdio --no-children -g none \
		--sort dso,sym --percent-limit 0.5 2> /dev/null |
		grep -v '^#' | grep -v '^$' | head -n 60 > "$VM_RESULTS/profile-$1.txt"
	# Inclusive: which system calls and functions the time went under.
	perf report -i "$STATE/perf-$1.data" --stdio --children -g none \
		--sort sym --percent-limit 1 2> /dev/null |
		grep -v '^#' | grep -v '^$' | grep -v '\] 0x0000' |
		head -n 120 > "$VM_RESULTS/profile-$1-inclusive.txt"
	rm -f "$STATE/perf-$1.data"
}

# ---------------------------------------------------------------- client

# row KEY=VALUE...: one measurement, kept and shown.
row() {
	echo "$*" | tee -a "$ROWS"
}

secs() {
	awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'
}

# measure CMD...: run CMD between CPU marks in both guests; sets
# SRV_CPU, CLI_CPU, DAEMON_CPU (seconds busy) and WALL (seconds in all,
# the client's: one vCPU cannot be busy longer).
measure() {
	local busy0 wall0 srv
	on_server srv_mark > /dev/null
	busy0=$(busy_ticks)
	wall0=$(date +%s.%N)
	"$@"
	CLI_CPU=$(secs $(($(busy_ticks) - busy0)))
	WALL=$(awk -v a="$wall0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
	srv=$(on_server srv_report)
	SRV_CPU=$(secs "${srv% *}")
	DAEMON_CPU=$(secs "${srv#* }")
}

# The TCP state of the tunnels' and the kTLS pair's connections (congestion
# window, round trip, bytes unsent and in flight): where a stream waits.
tcp_state() {
	ss -tinm '( sport = :443 or dport = :443 or sport = :4433 or dport = :4433 )'
}

srv_tcp_state() {
	tcp_state > "$VM_RESULTS/tcp-$1.txt"
}

# sampled NAME CMD...: CMD, and both guests' tcp_state half-way through
# the measured seconds, into tcp-NAME.txt in each guest's results.
sampled() {
	local name=$1 sampler rc=0
	shift
	(
		sleep $((OMIT + SECONDS_EACH / 2))
		tcp_state > "$VM_RESULTS/tcp-$name.txt"
		on_server srv_tcp_state "$name"
	) > /dev/null &
	sampler=$!
	"$@" || rc=$?
	wait "$sampler" || true
	return "$rc"
}

# iperf_row PATH TLS CIPHER TEST TARGET: iperf3 for TEST (tcp1-up, tcp4-down,
# ...) to TARGET through PATH.
iperf_row() {
	local path=$1 tls=$2 cipher=$3 test=$4 target=$5 streams dir json
	streams=${test%%-*} streams=${streams#tcp}
	dir=${test#*-}
	json=$VM_RESULTS/iperf3-$path-$tls-$test.json
	measure sampled "$path-$tls-$test" iperf3 -c "$target" -t "$SECONDS_EACH" -O "$OMIT" \
		-P "$streams" $([ "$dir" = down ] && echo -R) -J > "$json" ||
		{ echo "iperf3 failed: $(tail -n 3 "$json")" >&2; return 1; }
	# The rate leaves out the ramp; CPU per GB counts every byte the
	# measured CPU time moved, the ramp's included.
	row kind=tcp path="$path" tls="$tls" cipher="$cipher" test="$test" $(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
bps = r["end"]["sum_received"]["bits_per_second"]
moved = sum(i["sum"]["bytes"] for i in r["intervals"])
secs = sum(i["sum"]["seconds"] for i in r["intervals"])
print(f"seconds={secs:.2f} bytes={moved} mbit={bps / 1e6:.1f}")
' "$json") srv_cpu_s="$SRV_CPU" cli_cpu_s="$CLI_CPU" wall_s="$WALL" srv_daemon_cpu_s="$(daemon_share "$path")"
}

daemon_share() {
	case $1 in link|ktls-pair) echo - ;; *) echo "$DAEMON_CPU" ;; esac
}

# udp_try TARGET DIR RATE JSON: one UDP run; sets UDP_PPS, UDP_LOSS (%),
# UDP_BYTES and UDP_SECS.
udp_try() {
	measure iperf3 -c "$1" -u -l 1400 -b "$3" -t "$SECONDS_EACH" \
		$([ "$2" = down ] && echo -R) -J > "$4" ||
		{ echo "iperf3 failed: $(tail -n 3 "$4")" >&2; return 1; }
	read -r UDP_PPS UDP_LOSS UDP_BYTES UDP_SECS <<< "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["end"]["sum"]
got, secs, lost = s["packets"] - s["lost_packets"], s["seconds"], s["lost_percent"]
print(f"{got / secs:.0f} {lost:.2f} {got * 1400} {secs:.2f}")
' "$4")"
}

# udp_row PATH TLS CIPHER DIR TARGET: 1400-byte datagrams, the highest rate
# with under 1% loss: first as fast as iperf3 sends, then at 95% of what
# arrived, stepping down by a fifth, four tries in all (the row keeps the
# last try and its loss when none stayed under 1%).
udp_row() {
	local path=$1 tls=$2 cipher=$3 dir=$4 target=$5 rate=0 try
	local json=$VM_RESULTS/iperf3-$path-$tls-udp1400-$dir.json
	for try in 1 2 3 4; do
		udp_try "$target" "$dir" "$rate" "$json" || return 1
		echo "udp $path $dir, try $try at $rate bit/s (0: unlimited): $UDP_PPS pps, $UDP_LOSS% lost"
		if awk -v l="$UDP_LOSS" 'BEGIN { exit !(l < 1) }' || [ "$SHORT" = 1 ]; then
			break
		fi
		if [ "$rate" = 0 ]; then
			rate=$((UDP_PPS * 1400 * 8 * 95 / 100))
		else
			rate=$((rate * 4 / 5))
		fi
	done
	row kind=udp path="$path" tls="$tls" cipher="$cipher" test="udp1400-$dir" \
		seconds="$UDP_SECS" bytes="$UDP_BYTES" \
		mbit="$(awk -v b="$UDP_BYTES" -v s="$UDP_SECS" 'BEGIN { printf "%.1f", b * 8 / s / 1e6 }')" \
		pps="$UDP_PPS" loss_pct="$UDP_LOSS" srv_cpu_s="$SRV_CPU" cli_cpu_s="$CLI_CPU" wall_s="$WALL" \
		srv_daemon_cpu_s="$(daemon_share "$path")"
}

# ping_ms TARGET: the average of 10 pings, 0.2 s apart, in ms.
ping_ms() {
	ping -q -c 10 -i 0.2 -W 5 "$1" | awk -F/ '/^rtt/ { print $5 }'
}

# rtt_rows PATH TLS TARGET: the round-trip time through PATH, idle and while
# one TCP stream fills it (up): how long packets wait in its queues.
rtt_rows() {
	local idle loaded iperf
	idle=$(ping_ms "$3")
	iperf3 -c "$3" -t 8 > /dev/null &
	iperf=$!
	sleep 3
	loaded=$(ping_ms "$3")
	wait "$iperf" || true
	row kind=rtt path="$1" tls="$2" idle_ms="${idle:--}" loaded_ms="${loaded:--}"
}

# tests_for PATH: the tests to run through PATH.
tests_for() {
	if [ -n "${BENCH_TESTS:-}" ]; then
		echo "$BENCH_TESTS"
	elif [ "$SHORT" = 1 ]; then
		case $1 in
		link) echo tcp1-up udp1400-up ;;
		*) echo tcp1-up ;;
		esac
	else
		echo tcp1-up tcp1-down tcp4-up tcp4-down udp1400-up udp1400-down
	fi
}

# run_tests PATH TLS CIPHER TARGET
run_tests() {
	local test
	for test in $(tests_for "$1"); do
		case $test in
		udp*) udp_row "$1" "$2" "$3" "${test#*-}" "$4" ;;
		*) iperf_row "$1" "$2" "$3" "$test" "$4" ;;
		esac || row kind=failed path="$1" tls="$2" test="$test"
	done
}

cipher_of() {
	case $1 in 1.2) echo AES128-GCM ;; 1.3) echo AES256-GCM ;; *) echo none ;; esac
}

ktls_row() {
	local tls=$1 test=$2 streams dir out
	streams=${test%%-*} streams=${streams#tcp}
	dir=${test#*-}
	on_server srv_ktls_start "$tls" "$streams"
	measure sampled "ktls-pair-$tls-$test" "$KTLS_STREAM" connect --connect "$PAIR_SERVER:4433" --tls "$tls" \
		--streams "$streams" --seconds "$SECONDS_EACH" --direction "$dir" \
		> "$STATE/ktls.out"
	out=$(< "$STATE/ktls.out")
	echo "$out"
	on_server srv_ktls_stop
	row kind=tcp path=ktls-pair tls="$tls" cipher="$(cipher_of "$tls")" test="$test" \
		"$(field seconds "$out")" "$(field bytes "$out")" "$(field mbit "$out")" \
		srv_cpu_s="$SRV_CPU" cli_cpu_s="$CLI_CPU" wall_s="$WALL" srv_daemon_cpu_s=-
}

# field NAME LINE: NAME=VALUE out of LINE.
field() {
	local f
	for f in $2; do
		case $f in "$1="*) echo "$f"; return ;; esac
	done
	echo "$1=-"
}

# client_up MODE TLS FINGERPRINT: our client role, as alice.
client_up() {
	printf 'correct horse\n' > "$STATE/password"
	CLI_LOG=$VM_RESULTS/client-$((++CLI_RUNS)).log
	"$SSTPD" --foreground --connect "$PAIR_SERVER" --user alice \
		--password-file "$STATE/password" --pin-sha256 "$3" \
		--control "$STATE/client.sock" --datapath "$1" --tls-version "$2" \
		--ciphers "$TLS12_CIPHER" --ciphersuites "$TLS13_CIPHER" \
		--log-level info > "$CLI_LOG" 2>&1 &
	CLI_PID=$!
	vm_wait 120 grep -q 'up: address' "$CLI_LOG"
	grep -q "TLSv$2" "$CLI_LOG" || vm_fail "the client did not get TLS $2 (see $CLI_LOG)"
}

client_down() {
	kill -TERM "$CLI_PID"
	wait "$CLI_PID" || vm_fail "the client exited $? after SIGTERM"
}

sstpc_has_addr() {
	ip -4 -o addr show dev ppp0 2> /dev/null | grep -q 'inet 10\.99\.'
}

sstpc_up() {
	SSTPC_LOG=$VM_RESULTS/sstpc-$((++SSTPC_RUNS)).log
	sstpc --cert-warn --log-stderr --log-level 1 --user alice --password 'correct horse' \
		"$PAIR_SERVER" noauth nodefaultroute noccp novj nobsdcomp nodeflate \
		refuse-eap nodetach logfile "$SSTPC_LOG.pppd" > "$SSTPC_LOG" 2>&1 &
	SSTPC_PID=$!
	vm_wait 120 sstpc_has_addr
}

sstpc_down() {
	kill -TERM "$SSTPC_PID"
	wait "$SSTPC_PID" || true
	vm_wait 60 eval '! ip link show ppp0 > /dev/null 2>&1'
}

# tunnel_rows PATH TLS: the server in its mode, a client, the tests.
tunnel_rows() {
	local path=$1 tls=$2 mode fp
	mode=${path#*-}
	vm_step "$path, TLS $tls"
	fp=$(on_server srv_sstpd_start "$mode" "$tls")
	case $path in
	sstpc-*) sstpc_up ;;
	*) client_up "$mode" "$tls" "$fp" ;;
	esac
	run_tests "$path" "$tls" "$(cipher_of "$tls")" 10.99.0.1
	[ "$SHORT" = 1 ] || rtt_rows "$path" "$tls" 10.99.0.1
	case $path in
	sstpc-*) sstpc_down ;;
	*) client_down ;;
	esac
	on_server srv_sstpd_stop
}

# slab_growth N: the caches that grew most while N sessions were set up,
# in KiB per session (objects times object size).
slab_growth() {
	python3 - "$PAIR_X/slabinfo-$1-before.txt" "$PAIR_X/slabinfo-$1-up.txt" "$1" <<'PY'
import sys
def caches(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) > 3 and not line.startswith(("slabinfo", "#")):
            out[f[0]] = int(f[1]) * int(f[3])
    return out
before, after, n = caches(sys.argv[1]), caches(sys.argv[2]), int(sys.argv[3])
grown = sorted(((after[k] - before.get(k, 0), k) for k in after), reverse=True)
print(f"slab caches that grew with {n} sessions, KiB per session:")
for size, name in grown[:15]:
    print(f"{name:32} {size / 1024 / n:8.2f}")
PY
}

# session_row N: N sessions through the whole call to sstpd in kernel mode.
session_row() {
	local n=$1 out=$VM_RESULTS/load-$1.txt m0 m1 stopped=- rc=0 busy0 srv
	vm_step "$n sessions"
	on_server srv_sstpd_start kernel auto > /dev/null
	m0=$(on_server srv_memory)
	on_server srv_slabinfo "$n-before"
	on_server srv_mark > /dev/null
	busy0=$(busy_ticks)
	# SIGUSR1: sstp-load stops setting up, holds and ends what it has.
	timeout -s USR1 "$SESSIONS_LIMIT" "$LOAD" --server "$PAIR_SERVER:443" --user alice \
		--password 'correct horse' --sessions "$n" --parallel "${BENCH_PARALLEL:-32}" --hold 10 --insecure \
		> "$out" 2> "$out.err" &
	local load=$!
	vm_wait 7200 eval "grep -q '^setup ' '$out' || ! kill -0 $load 2> /dev/null"
	# CPU of the set-up: does the server guest run out of it?
	srv=$(on_server srv_report)
	SRV_CPU=$(secs "${srv% *}") DAEMON_CPU=$(secs "${srv#* }")
	CLI_CPU=$(secs $(($(busy_ticks) - busy0)))
	m1=$(on_server srv_memory)
	on_server srv_slabinfo "$n-up"
	slab_growth "$n" > "$VM_RESULTS/slab-$n.txt" || true
	wait "$load" || rc=$?
	cat "$out"
	if grep -q '^setup stopped' "$out"; then
		stopped=set-up_stopped_after_${SESSIONS_LIMIT}_s
	elif [ "$rc" -ne 0 ]; then
		stopped=$(head -n 1 "$out.err" | tr ' ' _)
	fi
	python3 - "$n" "$out" "$m0" "$m1" "$stopped" "$SRV_CPU" "$DAEMON_CPU" "$CLI_CPU" \
		<<'PY' | tee -a "$ROWS"
import re, sys
n, path, m0, m1, stopped, srv_cpu, daemon_cpu, cli_cpu = sys.argv[1:]
text = open(path).read()
def grab(pattern, default="-"):
    m = re.search(pattern, text)
    return m.group(1) if m else default
up = int(grab(r"setup (\d+) sessions", "0"))
(rss0, slab0), (rss1, slab1) = (map(int, m.split()) for m in (m0, m1))
per = lambda a, b: f"{(b - a) / up:.1f}" if up else "-"
fields = {
    "n": n, "up": up,
    "setup_s": grab(r"sessions in ([0-9.]+) s"),
    "rate": grab(r"([0-9.]+) sessions/s"),
    "rss_kib_per_session": per(rss0, rss1),
    "slab_kib_per_session": per(slab0, slab1),
    "teardown_s": grab(r"teardown \d+ sessions in ([0-9.]+) s"),
    "failed": grab(r"failed (\d+)"),
    "stopped": stopped,
    "setup_srv_cpu_s": srv_cpu, "setup_daemon_cpu_s": daemon_cpu,
    "setup_cli_cpu_s": cli_cpu,
}
print("kind=sessions " + " ".join(f"{k}={v}" for k, v in fields.items()))
PY
	# sstpd ends what is left one session at a time (each ppp unit goes
	# with its own unregister): minutes for thousands.
	on_server --timeout 3600 srv_sstpd_stop
}

# ---------------------------------------------------------------- the plan

# profile_plan (BENCH_PROFILE=1): where the server guest's CPU goes,
# instead of the figures: our client and server in kernel and in user
# mode (BENCH_PATHS, "" for none), TLS 1.3, one stream each way; then
# the set-up and the teardown of BENCH_SESSIONS (default 200, "" for
# none) sessions in kernel mode, profiled apart.
# The client guest is profiled too with BENCH_PROFILE_CLIENT=1 (perf costs
# it a large share of its one vCPU, so the server then gets less to do).
profile_plan() {
	local path mode dir fp name n out load
	on_server srv_init
	for path in ${BENCH_PATHS-kernel-kernel user-user}; do
		mode=${path#*-}
		fp=$(on_server srv_sstpd_start "$mode" 1.3)
		client_up "$mode" 1.3 "$fp"
		for dir in up down; do
			name=$path-$dir
			vm_step "profile: $name"
			on_server perf_start "$name"
			[ "${BENCH_PROFILE_CLIENT:-0}" = 0 ] || perf_start "$name"
			iperf3 -c 10.99.0.1 -t "$SECONDS_EACH" $([ "$dir" = down ] && echo -R) |
				tail -n 4
			[ "${BENCH_PROFILE_CLIENT:-0}" = 0 ] || perf_stop "$name"
			on_server perf_stop "$name"
		done
		client_down
		on_server srv_sstpd_stop
	done
	n=${BENCH_SESSIONS-200}
	n=${n%% *}
	[ -n "$n" ] || return 0
	vm_step "profile: the set-up and the teardown of $n sessions"
	on_server srv_sstpd_start kernel 1.3 > /dev/null
	on_server perf_start sessions-setup
	[ "${BENCH_PROFILE_CLIENT:-0}" = 0 ] || perf_start sessions-setup
	out=$VM_RESULTS/load-profile.txt
	"$LOAD" --server "$PAIR_SERVER:443" --user alice --password 'correct horse' \
		--sessions "$n" --parallel "${BENCH_PARALLEL:-32}" --hold 3600 --insecure > "$out" &
	load=$!
	vm_wait 7200 eval "grep -q '^setup ' '$out' || ! kill -0 $load 2> /dev/null"
	[ "${BENCH_PROFILE_CLIENT:-0}" = 0 ] || perf_stop sessions-setup
	on_server perf_stop sessions-setup
	on_server perf_start sessions-teardown
	# SIGUSR1 during the hold: the load generator ends its sessions now.
	kill -USR1 "$load"
	wait "$load" || true
	on_server perf_stop sessions-teardown
	cat "$out"
	on_server --timeout 3600 srv_sstpd_stop
}

# tls_handshake_row: TLS handshakes alone (TCP connect, handshake, close)
# from the load generator to sstpd in kernel mode, as many at once as the
# sessions' set-up has (BENCH_TLS_HANDSHAKES of them, default 500): the
# rate and the server guest's CPU for each are what the session set-up's
# are measured against (the rest of the call, PPP, the kernel hand-off).
tls_handshake_row() {
	local n=${BENCH_TLS_HANDSHAKES:-500} out=$VM_RESULTS/tls-handshakes.txt rate got
	[ "$SHORT" = 1 ] && n=${BENCH_TLS_HANDSHAKES:-50}
	vm_step "$n TLS handshakes alone"
	on_server srv_sstpd_start kernel auto > /dev/null
	measure "$LOAD" --server "$PAIR_SERVER:443" --user alice --password 'correct horse' \
		--sessions "$n" --parallel "${BENCH_PARALLEL:-32}" --insecure --tls-only \
		> "$out" 2>&1 || true
	on_server srv_sstpd_stop
	# "tls N handshakes in S s: R handshakes/s, failed M"
	got=$(sed -n 's/^tls \([0-9]*\) handshakes in .*/\1/p' "$out")
	rate=$(sed -n 's/^tls .*: \([0-9.]*\) handshakes\/s.*/\1/p' "$out")
	[ -n "$got" ] && [ "$got" -gt 0 ] || { echo "sstp-load --tls-only: $(tail -n 3 "$out")" >&2; return 1; }
	row kind=speed what=tls-handshake per_s="$rate" n="$got" \
		srv_cpu_ms="$(awk -v t="$SRV_CPU" -v n="$got" 'BEGIN { printf "%.2f", 1000 * t / n }')" \
		cli_cpu_ms="$(awk -v t="$CLI_CPU" -v n="$got" 'BEGIN { printf "%.2f", 1000 * t / n }')"
}

client_plan() {
	local n
	on_server srv_init
	local sign
	sign=$(on_server srv_speed)
	row kind=speed what=rsa2048-sign per_s="$sign" handshake_limit="$sign"
	tls_handshake_row || row kind=failed what=tls-handshake
	[ "${BENCH_THROUGHPUT:-1}" = 1 ] && throughput_plan
	for n in ${BENCH_SESSIONS-100 1000 10000}; do
		session_row "$n"
	done
}

throughput_plan() {
	local tls path test
	vm_step "the link"
	run_tests link none none "$PAIR_SERVER"
	[ "$SHORT" = 1 ] || rtt_rows link none "$PAIR_SERVER"

	for tls in ${BENCH_TLS:-1.3 1.2}; do
		[ "$SHORT" = 1 ] && [ "$tls" = 1.2 ] && continue
		vm_step "kTLS pair, TLS $tls"
		for test in $(tests_for ktls-pair); do
			case $test in
			tcp*) ktls_row "$tls" "$test" || row kind=failed path=ktls-pair tls="$tls" test="$test" ;;
			esac
		done
		for path in ${BENCH_PATHS:-kernel-kernel user-user sstpc-kernel sstpc-user}; do
			[ "$SHORT" = 1 ] && [ "$path" = sstpc-user ] && continue
			tunnel_rows "$path" "$tls"
		done
	done
}

pair_up
vm_load_modules
modprobe tun
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	profile_plan
else
	client_plan
fi
pair_down
