# Benchmark tools: programs bench/run and its scenarios drive (not in make check).

# N concurrent sessions through the whole call, from one epoll loop.
BENCH_TOOLS := $(BUILD)/bench/sstp-load
$(BUILD)/bench/sstp-load: $(BUILD)/bench/sstp-load.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(BENCH_TOOLS)
