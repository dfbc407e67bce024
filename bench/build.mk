# Benchmark tools, and the short form of the benchmarks that make check runs
# (bench/run --short: one row of each kind, so that the bench cannot rot).

# N concurrent sessions through the whole call, from one epoll loop.
BENCH_TOOLS := $(BUILD)/bench/sstp-load
$(BUILD)/bench/sstp-load: $(BUILD)/bench/sstp-load.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

# The ceiling of any TLS tunnel: a kTLS socket pair, N streams one way.
BENCH_TOOLS += $(BUILD)/bench/ktls-stream
$(BUILD)/bench/ktls-stream: $(BUILD)/bench/ktls-stream.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS) -lpthread

USER_PROGS += $(BENCH_TOOLS)

# BENCH_KERNEL=6.12 (or its release) boots Debian 12's backported kernel.
BENCH_KERNEL ?=
BENCH_NEXT    = $(filter 6.12 $(VM_KVER_NEXT),$(BENCH_KERNEL))
BENCH_KVER    = $(if $(BENCH_NEXT),$(VM_KVER_NEXT),$(if $(filter-out 6.1,$(BENCH_KERNEL)),$(BENCH_KERNEL),$(KVER)))

.PHONY: check-bench
CHECK_LAYERS += check-bench

check-bench:
	@SSTP_BUILD='$(abspath $(BUILD))' bench/run --short --kernel '$(KVER)'
