# Sourced by a script bench/pair runs in both guests (bash, as root), after
# tests/vm/lib.sh.  The client guest drives; the server guest runs an
# agent that takes its commands one at a time from the exchange share
# (a directory both guests mount over 9p):
#
#	pair_up			the link up (server 192.0.2.1, client 192.0.2.2
#				on eth0), the exchange share mounted; in the
#				server this then runs the agent until told to
#				stop, and exits
#	on_server CMD...	(client) run CMD... in the server's agent shell,
#				so that variables and background processes it
#				starts stay for later commands; its stdout is
#				ours, a failure is ours
#	pair_down		(client) the agent exits, the server powers off
#
# Waits poll without forking (a read with a timeout on a FIFO nobody
# writes), so that an idle agent costs the server guest nothing measurable.

: "${BENCH_ROLE:?}"
PAIR_SERVER=192.0.2.1
PAIR_CLIENT=192.0.2.2
PAIR_X=/run/exchange
# The last command's number, in a file: on_server runs in $(...) too.
PAIR_SEQ_FILE=/run/pair-seq

# pair_nap: a fifth of a second, without a fork.
pair_nap() {
	read -r -t 0.2 -u "$PAIR_NAP_FD" _ || true
}

pair_up() {
	local addr peer
	mkfifo /run/pair-nap
	exec {PAIR_NAP_FD}<> /run/pair-nap
	mkdir -p "$PAIR_X"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 exchange "$PAIR_X" ||
		vm_fail "cannot mount the exchange share"
	modprobe virtio_net || vm_fail "modprobe virtio_net"
	vm_wait 60 test -e /sys/class/net/eth0
	if [ "$BENCH_ROLE" = server ]; then
		addr=$PAIR_SERVER peer=$PAIR_CLIENT
	else
		addr=$PAIR_CLIENT peer=$PAIR_SERVER
	fi
	hostname "bench-$BENCH_ROLE"
	ip addr add "$addr/24" dev eth0
	ip link set eth0 up
	vm_step "link up: $addr, peer $peer"
	if [ "$BENCH_ROLE" = server ]; then
		pair_agent
		exit 0
	fi
	# The first ping also waits for the server guest to boot.
	vm_wait 300 ping -c 1 -W 1 "$PAIR_SERVER" > /dev/null
	pair_wait_file "$PAIR_X/agent-ready" 300
}

# pair_wait_file PATH SECONDS: until PATH exists; fail early when the
# server's agent is gone.
pair_wait_file() {
	local deadline=$((SECONDS + $2))
	until [ -e "$1" ]; do
		if [ -e "$PAIR_X/agent-exit" ]; then
			vm_fail "the server's agent exited $(cat "$PAIR_X/agent-exit") (see the server's output.log)"
		fi
		[ "$SECONDS" -lt "$deadline" ] || vm_fail "timed out waiting for $1"
		pair_nap
	done
}

# The agent: command N is the file cmd.N, its status rc.N and its output
# out.N; each file appears whole (written aside, then renamed).
pair_agent() {
	local n=1 cmd rc
	trap 'echo $? > "$PAIR_X/agent-exit"' EXIT
	touch "$PAIR_X/agent-ready"
	while :; do
		until [ -e "$PAIR_X/cmd.$n" ]; do
			pair_nap
		done
		cmd=$(< "$PAIR_X/cmd.$n")
		[ "$cmd" != pair-stop ] || break
		echo "== agent $n: $cmd"
		eval "$cmd" > "$PAIR_X/.out.$n"
		rc=$?
		mv "$PAIR_X/.out.$n" "$PAIR_X/out.$n"
		echo "$rc" > "$PAIR_X/.rc.$n"
		mv "$PAIR_X/.rc.$n" "$PAIR_X/rc.$n"
		n=$((n + 1))
	done
	trap - EXIT
}

# on_server [--timeout SECONDS] CMD...: default 600 s.
on_server() {
	local limit=600 rc n
	if [ "$1" = --timeout ]; then
		limit=$2
		shift 2
	fi
	n=$(pair_send "$*")
	pair_wait_file "$PAIR_X/rc.$n" "$limit"
	cat "$PAIR_X/out.$n"
	rc=$(< "$PAIR_X/rc.$n")
	[ "$rc" -eq 0 ] || vm_fail "on the server, '$*' exited $rc"
}

# pair_send CMD: hand the agent its next command; prints its number.
pair_send() {
	local n=1
	[ ! -e "$PAIR_SEQ_FILE" ] || n=$(($(< "$PAIR_SEQ_FILE") + 1))
	echo "$n" > "$PAIR_SEQ_FILE"
	printf '%s\n' "$1" > "$PAIR_X/.cmd.$n"
	mv "$PAIR_X/.cmd.$n" "$PAIR_X/cmd.$n"
	echo "$n"
}

pair_down() {
	pair_send pair-stop > /dev/null
}

# CPU time in clock ticks: the whole guest busy (user, nice, system, irq,
# softirq, steal: every CPU), and one process (user + system).
busy_ticks() {
	local _ user nice system idle iowait irq softirq steal
	read -r _ user nice system idle iowait irq softirq steal _ < /proc/stat
	echo $((user + nice + system + irq + softirq + steal))
}

proc_ticks() {
	local stat
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
	stat=$(< "/proc/$1/stat")
	stat=${stat##*) }
	set -- $stat
	echo $((${12} + ${13}))
}
