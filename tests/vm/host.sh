# Sourced by the host-side VM scripts: where things are, and how to fail.
# SSTP_BUILD (the build directory, absolute) may come from make.

repo=$(cd "$(dirname "$0")/../.." && pwd)
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
