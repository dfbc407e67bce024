# Sourced by VM scenarios that run sstpd against Debian's sstpc + pppd.
# Needs lib.sh first.  Provides:
#   sstpd_start ARGS...    sstpd in namespace "server" on 192.0.2.1:443 with
#                          a users file (alice/"correct horse", bob/"s3cret");
#                          logs in $VM_RESULTS/sstpd.log; sets SSTPD_PID
#   sstpc_start NAME USER PASSWORD PPPD-OPTIONS...
#                          sstpc in namespace "client"; log
#                          $VM_RESULTS/sstpc-NAME.log; sets SSTPC_PID
#   sstpd_fds              descriptors sstpd holds now
#   sstpd_stop             SIGTERM, and sstpd must exit 0

SSTPD=$SSTP_BUILD/sstpd
vm_need_file "$SSTPD" "sstpd"
VM_STATE=$(mktemp -d /run/sstpd-test.XXXXXX)

sstpd_start() {
	vm_netns_pair client server
	modprobe tun
	modprobe ppp_generic
	cat > "$VM_STATE/users" <<'USERS'
alice * "correct horse" *
bob * s3cret *
USERS
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

# sstpc_tunnel_check USER PASSWORD METHOD PPPD-OPTIONS...: a whole session:
# up, DNS, ping both ways, iperf3 5 s each way, clean disconnect, and
# nothing of the session left in sstpd.
sstpc_tunnel_check() {
	local user=$1 password=$2 method=$3
	shift 3
	local idle_fds addr sess
	idle_fds=$(sstpd_fds)

	vm_step "sstpc + pppd connect as $user ($method)"
	sstpc_start "$method" "$user" "$password" "$@"
	vm_wait 60 client_has_ppp_addr
	addr=$(client_ppp_addr)
	case $addr in 10.99.0.*) ;; *) vm_fail "client address '$addr' is not from the pool" ;; esac
	grep -q "auth ok: user '$user' ($method)" "$VM_RESULTS/sstpd.log" ||
		vm_fail "no 'auth ok' line for $user with $method"
	vm_wait 20 grep -q 'crypto binding verified' "$VM_RESULTS/sstpd.log"
	sess=$(sed -n "s/.*sess \([0-9]*\): auth ok: user '$user'.*/\1/p" "$VM_RESULTS/sstpd.log" | tail -n 1)
	vm_wait 10 grep -q "sess $sess: up: user '$user' address $addr on sstp$sess" "$VM_RESULTS/sstpd.log"
	vm_wait 10 grep -q 'primary   DNS address 192.0.2.53' "$VM_RESULTS/pppd-$method.log"

	vm_step "ping both ways"
	ip netns exec client ping -c 3 -i 0.3 -W 5 10.99.0.1
	ip netns exec server ping -c 3 -i 0.3 -W 5 "$addr"

	vm_step "iperf3 5 s each way through the tunnel"
	ip netns exec server iperf3 -s -1 -B 10.99.0.1 > "$VM_RESULTS/iperf3-server-$method.log" 2>&1 &
	local iperf_pid=$!
	vm_wait 10 iperf3_listening
	ip netns exec client iperf3 -c 10.99.0.1 -t 5 | tee "$VM_RESULTS/iperf3-up-$method.txt"
	wait "$iperf_pid"
	ip netns exec server iperf3 -s -1 -B 10.99.0.1 > /dev/null 2>&1 &
	iperf_pid=$!
	vm_wait 10 iperf3_listening
	ip netns exec client iperf3 -c 10.99.0.1 -t 5 -R | tee "$VM_RESULTS/iperf3-down-$method.txt"
	wait "$iperf_pid"

	vm_step "sstpc disconnects; sstpd keeps nothing of the session"
	kill -TERM "$SSTPC_PID"
	wait "$SSTPC_PID" || true
	vm_wait 20 grep -q "sess $sess: disconnect:" "$VM_RESULTS/sstpd.log"
	grep "sess $sess: disconnect:" "$VM_RESULTS/sstpd.log"
	vm_wait 5 grep -q "sess $sess: released address $addr, 0 in use" "$VM_RESULTS/sstpd.log"
	if ip -n server -o link show | grep -q "sstp$sess:"; then
		vm_fail "TUN sstp$sess is still there"
	fi
	# The log line comes first, the descriptors close right after it.
	vm_wait 5 sstpd_fds_are "$idle_fds"
}
