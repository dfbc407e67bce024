# Sourced by every host scenario (bash, as root, on the host itself):
#	. "$SSTP_SRC/tests/host/lib.sh"
#
# The runner (tests/host/run) passes SSTP_SRC (the repository), SSTP_BUILD
# (the build directory) and HOST_RESULTS (a directory kept with the logs).
# Everything a scenario makes (network namespaces, processes, files) is
# registered here and removed on exit, pass or fail.  Exit 0 to pass, 77
# (host_skip) to skip, anything else to fail.

set -eEuo pipefail
shopt -s inherit_errexit
trap 'echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR

: "${SSTP_SRC:?} ${SSTP_BUILD:?} ${HOST_RESULTS:?}"

# Files made here are the scenario's alone: sstpd refuses a users file or
# key that other users can read.
umask 077

host_namespaces=()
host_pids=()
HOST_TMP=$(mktemp -d /tmp/sstp-host.XXXXXX)

host_cleanup() {
	local pid ns
	for pid in "${host_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${host_pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for ns in "${host_namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$HOST_TMP"
}
trap host_cleanup EXIT

# host_fail MESSAGE: end the scenario as failed.
host_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# host_skip REASON: end the scenario as skipped; the reason is the last line.
host_skip() {
	echo "$*"
	exit 77
}

# host_step TEXT: say what comes next, for whoever reads the log.
host_step() {
	echo "== $*"
}

# host_wait SECONDS COMMAND...: retry COMMAND every 0.1 s until it succeeds.
host_wait() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || host_fail "timed out waiting for: $*"
		sleep 0.1
	done
}

# host_netns_pair CLIENT SERVER: two namespaces joined by a veth pair;
# the server is 192.0.2.1/24, the client 192.0.2.2/24.  Names get the
# runner's pid appended, so parallel runs do not collide: use the
# variables HOST_CLIENT_NS and HOST_SERVER_NS.
host_netns_pair() {
	HOST_CLIENT_NS=$1-$$
	HOST_SERVER_NS=$2-$$
	HOST_SERVER_ADDR=192.0.2.1
	HOST_CLIENT_ADDR=192.0.2.2
	ip netns add "$HOST_CLIENT_NS"
	host_namespaces+=("$HOST_CLIENT_NS")
	ip netns add "$HOST_SERVER_NS"
	host_namespaces+=("$HOST_SERVER_NS")
	ip link add veth-c type veth peer name veth-s
	ip link set veth-c netns "$HOST_CLIENT_NS"
	ip link set veth-s netns "$HOST_SERVER_NS"
	ip -n "$HOST_CLIENT_NS" addr add "$HOST_CLIENT_ADDR/24" dev veth-c
	ip -n "$HOST_SERVER_NS" addr add "$HOST_SERVER_ADDR/24" dev veth-s
	for ns in "$HOST_CLIENT_NS" "$HOST_SERVER_NS"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$HOST_CLIENT_NS" link set veth-c up
	ip -n "$HOST_SERVER_NS" link set veth-s up
}

# host_bg LOGFILE COMMAND...: start COMMAND in the background, output to
# LOGFILE; it is killed at the end.  Sets HOST_LAST_PID.
host_bg() {
	local log=$1
	shift
	"$@" > "$log" 2>&1 &
	HOST_LAST_PID=$!
	host_pids+=("$HOST_LAST_PID")
}
