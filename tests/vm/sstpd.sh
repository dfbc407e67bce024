# Sourced by VM scenarios that run sstpd against Debian's sstpc + pppd.
# Needs lib.sh first.  Provides:
#   sstpd_start ARGS...    sstpd in namespace "server" on 192.0.2.1:443 with
#                          a users file (alice/"correct horse", bob/"s3cret",
#                          carol/"c4rol");
#                          logs in $VM_RESULTS/sstpd.log (a second start in
#                          the same VM moves the first's to sstpd.1.log, and
#                          so on); sets SSTPD_PID
#   sstpc_start NAME USER PASSWORD PPPD-OPTIONS...
#                          sstpc in namespace "client"; log
#                          $VM_RESULTS/sstpc-NAME.log; sets SSTPC_PID
#   sstpd_fds              descriptors sstpd holds now
#   sstpd_stop             SIGTERM, and sstpd must exit 0
#   tunnel_up USER PASSWORD METHOD PPPD-OPTIONS...
#                          sstpc connects; sets TUN_SESS (sstpd's session),
#                          TUN_ADDR (the client's address), TUN_IFACE
#   tunnel_ping / tunnel_iperf NAME / tunnel_client_leaves
#                          the steps of sstpc_tunnel_check, one by one
#   kernel_sessions        sstp.ko's sessions (tests/tools/sstp-sessions)
#   client_start NAME ARGS...
#                          our client role (sstpd --connect) as alice in
#                          namespace "client", pinned to the server's
#                          certificate, control socket $VM_STATE/client.sock;
#                          log $VM_RESULTS/client-NAME.log; sets CLIENT_PID,
#                          CLIENT_LOG and, once up, CLIENT_ADDR
#   client_sessions / client_field NAME
#                          the same as kernel_sessions / kernel_field, for
#                          sstp.ko's sessions in the client's namespace
#   ctl_session_check NS SOCKET LABEL KEY=VALUE... KEY>=NUMBER...
#                          sstpctl show -j in NS lists one session, with
#                          those values
# SSTPD_MODE (user, the default, or kernel) says which data path the
# checks expect: a TUN sstpN, or a ppp unit and a session of sstp.ko.

SSTPD=$SSTP_BUILD/sstpd
SSTP_SESSIONS=$SSTP_BUILD/tests/tools/sstp-sessions
SSTPCTL=$SSTP_BUILD/sstpctl
vm_need_file "$SSTPD" "sstpd"
VM_STATE=$(mktemp -d /run/sstpd-test.XXXXXX)
SSTPD_MODE=${SSTPD_MODE:-user}

sstpd_start() {
	local n=1
	if [ ! -e /run/netns/server ]; then
		vm_netns_pair client server
	fi
	modprobe tun
	modprobe ppp_generic
	cat > "$VM_STATE/users" <<'USERS'
alice * "correct horse" *
bob * s3cret *
carol * c4rol *
USERS
	# sstpd refuses a users file that other users can read.
	chmod 600 "$VM_STATE/users"
	while [ -e "$VM_RESULTS/sstpd.log" ] && [ -e "$VM_RESULTS/sstpd.$n.log" ]; do
		n=$((n + 1))
	done
	[ ! -e "$VM_RESULTS/sstpd.log" ] || mv "$VM_RESULTS/sstpd.log" "$VM_RESULTS/sstpd.$n.log"
	ip netns exec server "$SSTPD" --foreground --listen "$VM_SERVER_ADDR:443" \
		--state-dir "$VM_STATE" --users "$VM_STATE/users" --pool 10.99.0.0/24 \
		--dns 192.0.2.53 --log-level debug "$@" > "$VM_RESULTS/sstpd.log" 2>&1 &
	SSTPD_PID=$!
	vm_wait 30 grep -q 'listening on' "$VM_RESULTS/sstpd.log"
}

sstpc_start() {
	local name=$1 user=$2 password=$3
	shift 3
	ip netns exec client sstpc --cert-warn --log-stderr --log-level 3 \
		--user "$user" --password "$password" "$VM_SERVER_ADDR" \
		noauth nodefaultroute usepeerdns noccp novj nobsdcomp nodeflate \
		refuse-eap nodetach debug logfile "$VM_RESULTS/pppd-$name.log" "$@" \
		> "$VM_RESULTS/sstpc-$name.log" 2>&1 &
	SSTPC_PID=$!
}

sstpd_fds() {
	ls "/proc/$SSTPD_PID/fd" | wc -l
}

sstpd_fds_are() {
	[ "$(sstpd_fds)" -eq "$1" ]
}

sstpd_stop() {
	kill -TERM "$SSTPD_PID"
	wait "$SSTPD_PID" || vm_fail "sstpd exited with status $? after SIGTERM"
}

# The client's ppp address once IPCP is up.
client_ppp_addr() {
	ip -n client -4 -o addr show dev ppp0 2>/dev/null | awk '{print $4}' | cut -d/ -f1
}

client_has_ppp_addr() {
	[ -n "$(client_ppp_addr)" ]
}

iperf3_listening() {
	ip netns exec server ss -ltn 'sport = :5201' | grep -q 5201
}

# sstpd's session number of the last 'auth ok' of USER.
last_session_of() {
	sed -n "s/.*sess \([0-9]*\): auth ok: user '$1'.*/\1/p" "$VM_RESULTS/sstpd.log" | tail -n 1
}

# tunnel_up USER PASSWORD METHOD PPPD-OPTIONS...: sstpc connects, the
# tunnel is up on the expected data path, with a pool address and DNS.
# TUN_NAME (default METHOD) names its logs.
tunnel_up() {
	local user=$1 password=$2 method=$3 name=${TUN_NAME:-$3} iface
	shift 3
	vm_step "sstpc + pppd connect as $user ($method, $SSTPD_MODE mode)"
	sstpc_start "$name" "$user" "$password" "$@"
	vm_wait 60 client_has_ppp_addr
	TUN_ADDR=$(client_ppp_addr)
	case $TUN_ADDR in 10.99.0.*) ;; *) vm_fail "client address '$TUN_ADDR' is not from the pool" ;; esac
	vm_wait 30 grep -q "auth ok: user '$user' ($method)" "$VM_RESULTS/sstpd.log"
	TUN_SESS=$(last_session_of "$user")
	vm_wait 20 grep -q "sess $TUN_SESS: sstp: call connected, crypto binding verified" \
		"$VM_RESULTS/sstpd.log"
	if [ "$SSTPD_MODE" = kernel ]; then
		iface='ppp[0-9]+'
		grep -q "sess $TUN_SESS: data path kernel: " "$VM_RESULTS/sstpd.log" ||
			vm_fail "sess $TUN_SESS did not get the kernel data path"
	else
		iface="sstp$TUN_SESS"
	fi
	vm_wait 30 grep -Eq "sess $TUN_SESS: up: user '$user' address $TUN_ADDR on $iface \($SSTPD_MODE mode\)" \
		"$VM_RESULTS/sstpd.log"
	TUN_IFACE=$(sed -En "s/.*sess $TUN_SESS: up: .* on ([a-z0-9]+) .*/\1/p" "$VM_RESULTS/sstpd.log")
	vm_wait 30 grep -q 'primary   DNS address 192.0.2.53' "$VM_RESULTS/pppd-$name.log"
}

tunnel_ping() {
	vm_step "ping both ways"
	ip netns exec client ping -c 3 -i 0.3 -W 5 10.99.0.1
	ip netns exec server ping -c 3 -i 0.3 -W 5 "$TUN_ADDR"
}

# tunnel_iperf NAME: iperf3 5 s each way; JSON results in
# $VM_RESULTS/iperf3-{up,down}-NAME.json, a summary line in iperf3-NAME.txt.
tunnel_iperf() {
	local name=$1 dir iperf_pid
	vm_step "iperf3 5 s each way through the tunnel ($name)"
	for dir in up down; do
		ip netns exec server iperf3 -s -1 -B 10.99.0.1 > /dev/null 2>&1 &
		iperf_pid=$!
		vm_wait 30 iperf3_listening
		ip netns exec client iperf3 -c 10.99.0.1 -t 5 -J $([ $dir = down ] && echo -R) \
			> "$VM_RESULTS/iperf3-$dir-$name.json"
		wait "$iperf_pid"
	done
	python3 - "$VM_RESULTS/iperf3-up-$name.json" "$VM_RESULTS/iperf3-down-$name.json" \
		> "$VM_RESULTS/iperf3-$name.txt" <<'PY'
import json, sys
for d, f in zip(("up", "down"), sys.argv[1:]):
    r = json.load(open(f))["end"]["sum_received"]
    print(f"{d} {r['bytes']} bytes {r['bits_per_second'] / 1e6:.1f} Mbit/s")
PY
	cat "$VM_RESULTS/iperf3-$name.txt"
}

# iperf_bytes NAME up|down: payload bytes the receiver counted.
iperf_bytes() {
	awk -v d="$2" '$1 == d { print $2 }' "$VM_RESULTS/iperf3-$1.txt"
}

# tunnel_client_leaves: sstpc disconnects; sstpd keeps nothing of the session.
tunnel_client_leaves() {
	vm_step "sstpc disconnects; sstpd keeps nothing of the session"
	kill -TERM "$SSTPC_PID"
	wait "$SSTPC_PID" || true
	vm_wait 20 grep -q "sess $TUN_SESS: disconnect:" "$VM_RESULTS/sstpd.log"
	grep "sess $TUN_SESS: disconnect:" "$VM_RESULTS/sstpd.log"
	vm_wait 30 grep -q "sess $TUN_SESS: released address $TUN_ADDR, 0 in use" "$VM_RESULTS/sstpd.log"
	vm_wait 30 server_has_no_iface "$TUN_IFACE"
	if [ "$SSTPD_MODE" = kernel ]; then
		vm_wait 30 kernel_has_no_session
	fi
}

server_has_no_iface() {
	! ip -n server -o link show | grep -q " $1:"
}

# sstp.ko's sessions in the server's namespace, one line each.
kernel_sessions() {
	ip netns exec server "$SSTP_SESSIONS"
}

kernel_has_no_session() {
	[ -z "$(kernel_sessions)" ]
}

# kernel_field NAME: a field of the (only) session of sstp.ko.
kernel_field() {
	kernel_sessions | sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -n 1
}

# CPU time in clock ticks: of process PID (user + system), and of the
# whole machine (every CPU, all but idle and iowait).
proc_cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

busy_cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# measured_iperf NAME: tunnel_iperf NAME, and sstpd's share of the CPU
# time the machine spent meanwhile; sets CPU_SSTPD, CPU_BUSY (clock ticks)
# and appends a line to $VM_RESULTS/figures.txt.
measured_iperf() {
	local cpu0 busy0
	cpu0=$(proc_cpu_ticks "$SSTPD_PID")
	busy0=$(busy_cpu_ticks)
	tunnel_iperf "$1"
	CPU_SSTPD=$(($(proc_cpu_ticks "$SSTPD_PID") - cpu0))
	CPU_BUSY=$(($(busy_cpu_ticks) - busy0))
	echo "$1: $(tr '\n' ';' < "$VM_RESULTS/iperf3-$1.txt") sstpd cpu $CPU_SSTPD of $CPU_BUSY ticks" \
		| tee -a "$VM_RESULTS/figures.txt"
}

# kernel_transfer_check NAME: with the tunnel up in kernel mode, iperf3
# 5 s each way (measured_iperf NAME); sstp.ko's counters must account for
# the iperf3 bytes and sstpd's CPU time stay under 5% of the machine's.
kernel_transfer_check() {
	local name=$1 rx0 tx0 rx tx up down
	[ "$(kernel_sessions | wc -l)" -eq 1 ] || vm_fail "sstp.ko does not hold exactly one session"
	[ "$(kernel_field state)" = connected ] || vm_fail "sstp.ko's session is not connected"
	ip netns exec server test -d "/sys/class/net/$TUN_IFACE" || vm_fail "no $TUN_IFACE in the server"
	rx0=$(kernel_field rx_bytes) tx0=$(kernel_field tx_bytes)
	measured_iperf "$name"
	rx=$(($(kernel_field rx_bytes) - rx0)) tx=$(($(kernel_field tx_bytes) - tx0))
	up=$(iperf_bytes "$name" up) down=$(iperf_bytes "$name" down)
	kernel_sessions | tee "$VM_RESULTS/sessions-$name.txt"
	echo "$name: sstp.ko counted rx $rx tx $tx bytes for iperf3 up $up down $down" |
		tee -a "$VM_RESULTS/figures.txt"
	# Each way carries the payload plus IP, TCP and PPP headers, and ACKs.
	[ "$rx" -ge "$up" ] || vm_fail "sstp.ko received $rx bytes, iperf3 sent $up up"
	[ "$tx" -ge "$down" ] || vm_fail "sstp.ko sent $tx bytes, iperf3 sent $down down"
	[ "$rx" -le $((up * 12 / 10 + down / 5 + 1000000)) ] ||
		vm_fail "sstp.ko received $rx bytes: far more than iperf3's $up up"
	[ "$tx" -le $((down * 12 / 10 + up / 5 + 1000000)) ] ||
		vm_fail "sstp.ko sent $tx bytes: far more than iperf3's $down down"
	[ "$((CPU_SSTPD * 100))" -lt "$((CPU_BUSY * 5))" ] ||
		vm_fail "sstpd used $CPU_SSTPD of $CPU_BUSY CPU ticks during the transfer (5% or more)"
	[ "$(kernel_field rx_errors)" = 0 ] || vm_fail "sstp.ko counted receive errors"
}

# sstpc_tunnel_check USER PASSWORD METHOD PPPD-OPTIONS...: a whole session:
# up, DNS, ping both ways, iperf3 5 s each way, clean disconnect, and
# nothing of the session left in sstpd.
sstpc_tunnel_check() {
	local idle_fds
	idle_fds=$(sstpd_fds)
	tunnel_up "$@"
	tunnel_ping
	tunnel_iperf "${TUN_NAME:-$3}"
	tunnel_client_leaves
	# The log line comes first, the descriptors close right after it.
	vm_wait 30 sstpd_fds_are "$idle_fds"
}

# client_start NAME ARGS...: sstpd --connect to the server as alice, in the
# client namespace, and wait until its tunnel is up.
client_start() {
	local name=$1 fingerprint
	shift
	fingerprint=$(sed -n 's/.*certificate SHA-256 fingerprint \([0-9A-F:]*\).*/\1/p' \
		"$VM_RESULTS/sstpd.log" | tail -n 1)
	printf 'correct horse\n' > "$VM_STATE/password"
	CLIENT_LOG=$VM_RESULTS/client-$name.log
	ip netns exec client "$SSTPD" --foreground --connect "$VM_SERVER_ADDR" --user alice \
		--password-file "$VM_STATE/password" --pin-sha256 "$fingerprint" \
		--control "$VM_STATE/client.sock" --log-level debug "$@" > "$CLIENT_LOG" 2>&1 &
	CLIENT_PID=$!
	vm_wait 120 grep -q 'up: address' "$CLIENT_LOG"
	CLIENT_ADDR=$(sed -n 's/.*up: address \([0-9.]*\) .*/\1/p' "$CLIENT_LOG" | tail -n 1)
}

client_sessions() {
	ip netns exec client "$SSTP_SESSIONS"
}

client_field() {
	client_sessions | sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -n 1
}

client_has_no_session() {
	[ -z "$(client_sessions)" ]
}

# ctl_session_check NS SOCKET LABEL CHECK...: sstpctl show -j, run in
# namespace NS (where a kernel-mode session's counters come from), lists
# exactly one session, and each CHECK holds: KEY=VALUE (as a string) or
# KEY>=NUMBER.  The answer is kept in $VM_RESULTS/show-LABEL.json.
ctl_session_check() {
	local ns=$1 sock=$2 label=$3
	shift 3
	ip netns exec "$ns" "$SSTPCTL" --control "$sock" show -j > "$VM_RESULTS/show-$label.json"
	cat "$VM_RESULTS/show-$label.json"
	python3 - "$VM_RESULTS/show-$label.json" "$@" <<'PY' || vm_fail "sstpctl show -j ($label): see above"
import json, sys
sessions = json.load(open(sys.argv[1]))
if len(sessions) != 1:
    sys.exit(f"{len(sessions)} sessions, not one")
s, bad = sessions[0], []
for check in sys.argv[2:]:
    if ">=" in check:
        key, want = check.split(">=")
        ok = isinstance(s.get(key), int) and s[key] >= int(want)
    else:
        key, want = check.split("=", 1)
        ok = str(s.get(key)) == want
    if not ok:
        bad.append(f"{check} (has {key}={s.get(key, '<missing>')!r})")
if bad:
    sys.exit("not so: " + "; ".join(bad))
PY
}
