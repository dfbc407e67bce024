# Sourced by the host-side VM scripts: where things are, and how to fail.
# SSTP_BUILD (the build directory, absolute) may come from make.

# A script elsewhere than tests/vm/ sets repo before sourcing this.
repo=${repo:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${SSTP_BUILD:-$repo/build}
case $build in /*) ;; *) build=$repo/$build ;; esac
vmdir=$build/vm

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# The release of the headers the module is built against, as the Makefile
# computes it (KDIR from tools/kdir, KVER from its utsrelease.h).
default_kver() {
	kdir=${KDIR:-$("$repo/tools/kdir")}
	[ -n "$kdir" ] || die "no kernel headers: run 'make deps', or give a KVER"
	sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null ||
		die "no utsrelease.h under '$kdir'"
}

# The directory holding one extracted kernel: boot/vmlinuz-KVER, lib/modules/KVER.
kernel_dir() {
	echo "$vmdir/kernel-$1"
}

# vm_boot OUT KVER KDIR INITRD LIMIT CPUS MEM CMDLINE [QEMU-ARGS...]: boot one
# guest in the background for the job in OUT/job (results share OUT), killed
# after LIMIT seconds; its console goes to OUT/console.log.  Sets VM_PID.
vm_boot() {
	local out=$1 kver=$2 kdir=$3 initrd=$4 limit=$5 cpus=$6 mem=$7 cmdline=$8
	shift 8
	timeout -k 10 "$limit" qemu-system-x86_64 -accel tcg \
		-m "$mem" -smp "$cpus" -cpu max -nographic -no-reboot "$@" \
		-kernel "$kdir/boot/vmlinuz-$kver" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1${cmdline:+ $cmdline}" \
		-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$out",mount_tag=results,security_model=none \
		< /dev/null > "$out/console.log" 2>&1 &
	VM_PID=$!
}

# What a guest's kernel log must never say.
vm_bad_log='WARNING:|BUG:|BUG [a-z]|Objects remaining|Oops|KASAN|UBSAN|general protection|Call Trace|Kernel panic'
