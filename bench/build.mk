# Benchmark tools: programs bench/run and its scenarios drive (not in make check).

# N concurrent sessions through the whole call, from one epoll loop.
BENCH_TOOLS := $(BUILD)/bench/sstp-load
$(BUILD)/bench/sstp-load: $(BUILD)/bench/sstp-load.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

# The ceiling of any TLS tunnel: a kTLS socket pair, N streams one way.
BENCH_TOOLS += $(BUILD)/bench/ktls-stream
$(BUILD)/bench/ktls-stream: $(BUILD)/bench/ktls-stream.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS) -lpthread

USER_PROGS += $(BENCH_TOOLS)
