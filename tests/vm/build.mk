# tests/vm: scenarios in Debian's own kernel under qemu (TCG), one fresh VM each.
#
#   make check-vm                      fetch the kernel, build the initramfs, run every scenario
#   make vm-run SCENARIO=module-load   build, then run one scenario (logs in build/vm/results/)
#   make vm-kernel vm-initramfs        only fetch and extract the kernel, build the initramfs
#
# VM_KVER picks another Debian kernel release (default: the one the module is
# built against), VM_SOURCES an apt sources list to fetch it from, e.g.
#   make vm-run SCENARIO=kernel-has-tls-and-ppp VM_KVER=6.12.95+deb12-amd64 \
#	VM_SOURCES=tests/vm/bookworm-backports.list
# SSTP_KO (environment) names another module to insmod.

VM_KVER    ?= $(KVER)
VM_SOURCES ?=
VM_ENV     := SSTP_BUILD='$(abspath $(BUILD))'
VM_KERNEL  := --kernel '$(VM_KVER)' $(if $(VM_SOURCES),--sources '$(VM_SOURCES)')

.PHONY: check-vm vm-run vm-kernel vm-initramfs
CHECK_LAYERS += check-vm

check-vm:
	@$(VM_ENV) tests/vm/run $(VM_KERNEL)

vm-run: all
	@test -n "$(SCENARIO)" || { echo "usage: make vm-run SCENARIO=NAME (tests/vm/scenarios/NAME.sh)" >&2; exit 2; }
	@$(VM_ENV) tests/vm/run $(VM_KERNEL) $(SCENARIO)

vm-kernel:
	@$(VM_ENV) tests/vm/kernel-fetch $(if $(VM_SOURCES),--sources '$(VM_SOURCES)') '$(VM_KVER)'

vm-initramfs: vm-kernel
	@$(VM_ENV) tests/vm/initramfs-build '$(VM_KVER)'
