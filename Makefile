# One build for the whole project: user space, the kernel module, the tests.
#
#   make          user space (build/) and sstp.ko
#   make deps     install the Debian packages building and testing need
#   make run      deps, build, then sstpd in the foreground with its defaults
#   make check    deps, build, then every test layer; ends "N passed, N failed"
#   make fuzz     run every fuzz target until stopped (FUZZ_SECONDS to bound)
#   make bench    two guests: throughput, CPU per GB, sessions (docs/benchmarks.md)
#
# KDIR selects the kernel headers (default: Debian's linux-headers-amd64).

BUILD      ?= build
CC         ?= cc
CLANG      ?= clang
PYTHON     ?= /usr/bin/python3

USER_CFLAGS  = -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	       -Iinclude -Isstpd-ctl $(CFLAGS)
USER_LDFLAGS = $(LDFLAGS)

KDIR       ?= $(shell tools/kdir)
KVER       := $(shell sed -n "s/.*UTS_RELEASE \"\(.*\)\"/\1/p" $(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# Test data shared beside the checkout (../shared), read in place, never copied.
SSTP_SHARED      ?= $(abspath $(CURDIR)/../shared)
SSTP_CAPTURE_DIR ?= $(SSTP_SHARED)/data/windows7-sstp-capture

export SSTP_RESULTS := $(abspath $(BUILD))/results/results.txt

.PHONY: all user module deps run bench check check-run check-layers fuzz clean
.DEFAULT_GOAL := all

all: user module

module:
	@test -n "$(KVER)" || { echo "no kernel headers at KDIR='$(KDIR)': run 'make deps'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

deps:
	@tools/deps

# Each fragment adds its programs to USER_PROGS and its test runs to CHECK_LAYERS.
USER_PROGS   :=
CHECK_LAYERS :=
include sstpd-ctl/build.mk
include tests/spec/build.mk
include tests/unit/build.mk
include tests/fuzz/build.mk
include tests/tools/build.mk
include tests/host/build.mk
include tests/vm/build.mk
include bench/build.mk

user: $(USER_PROGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Build, then start the server in the foreground with its defaults (as
# root: it binds port 443 and creates TUN interfaces).  RUN_ARGS adds options.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/sstpd --foreground $(RUN_ARGS)

# The benchmarks in two guests (bench/run; figures in build/bench/KVER/).
# BENCH_KERNEL: 6.1 (default: the kernel the module is built against) or
# 6.12 (Debian 12's backports); BENCH_CPUS, BENCH_SECONDS, BENCH_SESSIONS:
# see bench/run.
bench: deps
	@$(MAKE) --no-print-directory all $(if $(BENCH_NEXT),module-next)
	@$(if $(BENCH_NEXT),SSTP_KO='$(KO_NEXT)') SSTP_BUILD='$(abspath $(BUILD))' \
		BENCH_COMMAND='make bench$(if $(BENCH_KERNEL), BENCH_KERNEL=$(BENCH_KERNEL))' \
		bench/run --kernel '$(BENCH_KVER)' $(if $(BENCH_NEXT),--sources '$(VM_SOURCES_NEXT)')

check: deps
	@$(MAKE) --no-print-directory check-run

# A build failure is a failed check; a failing layer does not stop the others.
check-run:
	@rm -rf $(BUILD)/results
	@if $(MAKE) --no-print-directory all; then \
		$(MAKE) --no-print-directory -k check-layers || true; \
	else \
		tests/lib/record fail build "make all failed"; \
	fi
	@tests/lib/summary

check-layers: $(CHECK_LAYERS)

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
