# tests/vm: scenarios in Debian's own kernel under qemu (TCG), one fresh VM each.
#
#   make check-vm                      every scenario on both kernels (below)
#   make vm-run SCENARIO=module-load   build, then run one scenario (logs in build/vm/results/)
#   make vm-kernel vm-initramfs        only fetch and extract the kernel, build the initramfs
#   make module-next                   sstp.ko for the second kernel, in $(KMOD_NEXT)
#
# Two kernels: the one the module is built against (Debian 12's 6.1) and
# VM_KVER_NEXT, Debian's 6.12 from bookworm-backports, whose headers are
# fetched into build/vm/ (tests/vm/headers-fetch) and the module built from
# a copy of its sources into build/kmod-VM_KVER_NEXT/.
#
# VM_KVER picks another Debian kernel release for vm-run (default: the one
# the module is built against), VM_SOURCES an apt sources list to fetch it
# from; for VM_KVER_NEXT both the sources and the module come by themselves:
#   make vm-run SCENARIO=module-load VM_KVER=6.12.95+deb12-amd64
# SSTP_KO (environment) names another module to insmod.

VM_KVER_NEXT    ?= 6.12.95+deb12-amd64
VM_SOURCES_NEXT ?= tests/vm/bookworm-backports.list
KMOD_NEXT       := $(BUILD)/kmod-$(VM_KVER_NEXT)
KO_NEXT         := $(abspath $(KMOD_NEXT))/sstp.ko

VM_KVER    ?= $(KVER)
VM_SOURCES ?=
VM_ENV     := SSTP_BUILD='$(abspath $(BUILD))'
ifeq ($(VM_KVER),$(VM_KVER_NEXT))
VM_SOURCES := $(or $(VM_SOURCES),$(VM_SOURCES_NEXT))
VM_ENV     += SSTP_KO='$(KO_NEXT)'
vm-run: module-next
endif
VM_KERNEL  := --kernel '$(VM_KVER)' $(if $(VM_SOURCES),--sources '$(VM_SOURCES)')

.PHONY: check-vm vm-run vm-kernel vm-initramfs module-next
CHECK_LAYERS += check-vm

# A failure on one kernel does not keep the other from running.  The two
# kernels run side by side: a guest keeps about one core busy, and the
# machine has two.  The first kernel's output is shown once it is done.
check-vm:
	@status=0; mkdir -p '$(BUILD)/vm'; \
	SSTP_BUILD='$(abspath $(BUILD))' tests/vm/run --kernel '$(KVER)' \
		> '$(BUILD)/vm/check-$(KVER).log' 2>&1 & first=$$!; \
	if $(MAKE) --no-print-directory module-next; then \
		SSTP_BUILD='$(abspath $(BUILD))' SSTP_KO='$(KO_NEXT)' tests/vm/run \
			--kernel '$(VM_KVER_NEXT)' --sources '$(VM_SOURCES_NEXT)' || status=1; \
	else \
		tests/lib/record fail 'kmod/$(VM_KVER_NEXT)/build' "building sstp.ko for $(VM_KVER_NEXT) failed"; \
		status=1; \
	fi; \
	wait $$first || status=1; \
	cat '$(BUILD)/vm/check-$(KVER).log'; \
	exit $$status

vm-run: all
	@test -n "$(SCENARIO)" || { echo "usage: make vm-run SCENARIO=NAME (tests/vm/scenarios/NAME.sh)" >&2; exit 2; }
	@$(VM_ENV) tests/vm/run $(VM_KERNEL) $(SCENARIO)

vm-kernel:
	@$(VM_ENV) tests/vm/kernel-fetch $(if $(VM_SOURCES),--sources '$(VM_SOURCES)') '$(VM_KVER)'

vm-initramfs: vm-kernel
	@$(VM_ENV) tests/vm/initramfs-build '$(VM_KVER)'

# kbuild wants the sources beside their Kbuild: a copy, timestamps kept so
# that it rebuilds only what changed.
module-next:
	@kdir=$$(SSTP_BUILD='$(abspath $(BUILD))' tests/vm/headers-fetch \
		--sources '$(VM_SOURCES_NEXT)' '$(VM_KVER_NEXT)') || exit 1; \
	mkdir -p '$(KMOD_NEXT)/kmod' '$(KMOD_NEXT)/include' && \
	cp -p Kbuild '$(KMOD_NEXT)/' && cp -p kmod/*.[ch] '$(KMOD_NEXT)/kmod/' && \
	cp -p include/*.h '$(KMOD_NEXT)/include/' && \
	$(MAKE) -C "$$kdir" M='$(abspath $(KMOD_NEXT))' W=1 modules
