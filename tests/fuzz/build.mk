# tests/fuzz: one libFuzzer target per parser, built with clang, ASan and
# UBSan into $(BUILD)/fuzz, apart from the regular build.
#
#   make fuzz          run every target at once until stopped (FUZZ_SECONDS
#                      to bound each); logs in $(BUILD)/fuzz/logs
#   make check-fuzz    run each for FUZZ_CHECK_SECONDS; one verdict each
#
# Corpora: the committed seeds in tests/fuzz/corpus/<target>, seeds cut from
# the capture into $(BUILD)/fuzz/seeds/<target>, and what the fuzzer finds in
# $(BUILD)/fuzz/corpus/<target>.  Crashes land in $(BUILD)/fuzz/artifacts.

FUZZ_SECONDS       ?= 0
FUZZ_CHECK_SECONDS ?= 30

FUZZ_DIR      := $(BUILD)/fuzz
FUZZ_TARGETS  := wire deframe http ppp
FUZZ_BINS     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB_OBJS := $(CODEC_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_OBJS     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o)
FUZZ_SEEDS    := $(FUZZ_DIR)/seeds/.stamp
FUZZ_CFLAGS    = -std=gnu11 -g -O1 -fno-omit-frame-pointer \
		 -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Isstpd-ctl \
		 -fsanitize=address,undefined -fno-sanitize-recover=all

# The PPP engine is the other parser facing the network; it needs libcrypto.
FUZZ_PPP_OBJS := $(PPP_SRCS:%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/sstpd-ctl/auth/mschapv2.o
$(FUZZ_DIR)/fuzz_ppp: $(FUZZ_PPP_OBJS)
$(FUZZ_DIR)/fuzz_ppp: FUZZ_LDLIBS = -lcrypto

$(FUZZ_LIB_OBJS) $(FUZZ_OBJS) $(FUZZ_PPP_OBJS): $(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LDLIBS)

$(FUZZ_SEEDS): tests/fuzz/capture-seeds $(wildcard $(SSTP_CAPTURE_DIR)/*.hex)
	rm -rf $(FUZZ_DIR)/seeds
	$(PYTHON) tests/fuzz/capture-seeds '$(SSTP_CAPTURE_DIR)' $(FUZZ_DIR)/seeds
	touch $@

.PHONY: fuzz-build check-fuzz
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)

# All targets at once, so that an unbounded run fuzzes each of them.
fuzz: fuzz-build
	@echo "fuzzing $(FUZZ_TARGETS) for $(if $(filter 0,$(FUZZ_SECONDS)),ever (Ctrl-C stops),$(FUZZ_SECONDS) s); logs in $(FUZZ_DIR)/logs"
	@pids=; \
	for t in $(FUZZ_TARGETS); do \
		tests/fuzz/run $(FUZZ_DIR) $$t $(FUZZ_SECONDS) & pids="$$pids $$!"; \
	done; \
	status=0; \
	for p in $$pids; do wait $$p || status=1; done; \
	exit $$status

# Built here rather than as a prerequisite so that a build failure is
# recorded as a failed check instead of silently skipping the layer.
check-fuzz:
	@if $(MAKE) --no-print-directory fuzz-build; then \
		status=0; \
		for t in $(FUZZ_TARGETS); do \
			tests/fuzz/run $(FUZZ_DIR) $$t $(FUZZ_CHECK_SECONDS) record || status=1; \
		done; \
		exit $$status; \
	else \
		tests/lib/record fail fuzz/build "building the fuzz targets failed"; \
		exit 1; \
	fi

CHECK_LAYERS += check-fuzz
