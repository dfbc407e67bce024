# Sourced by every VM scenario (bash, as root, inside the guest):
#	. "$SSTP_SRC/tests/vm/lib.sh"
#
# The harness (tests/vm/run) passes:
#	SSTP_SRC	the repository, at the same absolute path as on the host
#	SSTP_BUILD	the build directory (sstpctl is $SSTP_BUILD/sstpctl)
#	SSTP_KO		the module to test (default $SSTP_SRC/sstp.ko)
#	KVER		the guest kernel's release
#	VM_RESULTS	a directory whose files the host keeps with the logs
# The host's root is the guest's, read-only under a tmpfs overlay: every
# installed program runs; writes stay in the guest.  Exit 0 to pass,
# 77 (vm_skip) to skip, anything else to fail.  The harness checks the
# kernel log for warnings after the scenario.

set -eEuo pipefail
shopt -s inherit_errexit
trap 'echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR

: "${SSTP_SRC:?} ${SSTP_BUILD:?} ${KVER:?}"
SSTP_KO=${SSTP_KO:-$SSTP_SRC/sstp.ko}

# vm_fail MESSAGE: end the scenario as failed.
vm_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# vm_skip REASON: end the scenario as skipped; the reason is the last line.
vm_skip() {
	echo "$*"
	exit 77
}

# vm_step TEXT: say what comes next, for whoever reads the log.
vm_step() {
	echo "== $*"
}

# vm_need_file PATH WHAT: fail clearly when a build product is missing.
vm_need_file() {
	[ -e "$1" ] || vm_fail "$2 not found at $1 (run 'make' on the host)"
}

# vm_load_modules: load kTLS and PPP, then the project's module.
vm_load_modules() {
	vm_load_cpu_crypto
	modprobe tls || vm_fail "modprobe tls"
	modprobe ppp_generic || vm_fail "modprobe ppp_generic"
	vm_need_file "$SSTP_KO" "the module"
	local magic
	magic=$(modinfo -F vermagic "$SSTP_KO")
	[ "${magic%% *}" = "$KVER" ] ||
		vm_fail "$SSTP_KO is built for '${magic%% *}', the VM runs '$KVER'"
	insmod "$SSTP_KO" || vm_fail "insmod $SSTP_KO"
}

# vm_load_cpu_crypto: the kernel's AES-NI and CLMUL ciphers, which udev
# loads at boot on a real machine from the CPU's features (the guest has no
# udev).  Without them kTLS runs AES in C, while OpenSSL in user space uses
# AES-NI: the kernel data path would be measured with a handicap.
vm_load_cpu_crypto() {
	if grep -qw aes /proc/cpuinfo; then
		modprobe aesni_intel || vm_fail "modprobe aesni_intel"
	fi
	if grep -qw pclmulqdq /proc/cpuinfo; then
		modprobe ghash_clmulni_intel || vm_fail "modprobe ghash_clmulni_intel"
	fi
}

# vm_unload_module: remove the project's module; fails if it is busy.
vm_unload_module() {
	rmmod sstp || vm_fail "rmmod sstp"
}

# vm_wait SECONDS COMMAND...: retry COMMAND every 0.1 s until it succeeds;
# fail after SECONDS.
vm_wait() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || vm_fail "timed out waiting for: $*"
		sleep 0.1
	done
}

# vm_netns_pair [CLIENT SERVER]: two network namespaces (default "client"
# and "server") joined by a veth pair, loopback up in each.  The server is
# 192.0.2.1/24 and 2001:db8::1/64, the client 192.0.2.2/24 and 2001:db8::2/64
# (documentation prefixes: nothing leaves the guest, which has no NIC).
# Run commands in them with "ip netns exec NAME ...".
vm_netns_pair() {
	local client=${1:-client} server=${2:-server}
	ip netns add "$client"
	ip netns add "$server"
	ip link add veth-c netns "$client" type veth peer name veth-s netns "$server"
	vm_netns_addr "$client" veth-c 192.0.2.2/24 2001:db8::2/64
	vm_netns_addr "$server" veth-s 192.0.2.1/24 2001:db8::1/64
	export VM_CLIENT_ADDR=192.0.2.2 VM_SERVER_ADDR=192.0.2.1
	export VM_CLIENT_ADDR6=2001:db8::2 VM_SERVER_ADDR6=2001:db8::1
}

vm_netns_addr() {
	local ns=$1 dev=$2
	ip -n "$ns" link set lo up
	ip -n "$ns" addr add "$3" dev "$dev"
	ip -n "$ns" addr add "$4" dev "$dev" nodad
	ip -n "$ns" link set "$dev" up
}

# vm_tcp_sockets: TCP sockets the kernel holds (allocated full sockets;
# TIME_WAIT leftovers are not counted).
vm_tcp_sockets() {
	awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "alloc") print $(i + 1) }' \
		/proc/net/sockstat
}

# vm_wait_tcp_sockets N: wait up to 60 s until at most N TCP sockets remain.
vm_wait_tcp_sockets() {
	local deadline=$((SECONDS + 60))
	until [ "$(vm_tcp_sockets)" -le "$1" ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			ss -tanp >&2 || true
			vm_fail "$(vm_tcp_sockets) TCP sockets left, expected at most $1"
		fi
		sleep 0.1
	done
}
