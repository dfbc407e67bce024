#!/bin/bash
# make check's summary counts a test recorded twice (a layer run twice)
# once, by its worst verdict, and fails on any failure.
# timeout: 30
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

results=$HOST_TMP/results.txt
printf 'pass\ta\t\nfail\tb\twhy\npass\ta\t\npass\tb\t\nskip\tc\tno x\npass\tc\t\nskip\td\tno y\n' \
	> "$results"
rc=0
"$SSTP_SRC/tests/lib/summary" "$results" > "$HOST_RESULTS/summary.txt" || rc=$?
cat "$HOST_RESULTS/summary.txt"
[ "$rc" = 1 ] || host_fail "exit $rc with a failure recorded"
[ "$(tail -n 1 "$HOST_RESULTS/summary.txt")" = "2 passed, 1 failed, 1 skipped" ] ||
	host_fail "counts wrong"
grep -qx 'FAIL b: why' "$HOST_RESULTS/summary.txt" || host_fail "the failure is not listed"

printf 'pass\ta\t\npass\ta\t\n' > "$results"
"$SSTP_SRC/tests/lib/summary" "$results" > "$HOST_RESULTS/twice.txt" || host_fail "a pass failed"
[ "$(cat "$HOST_RESULTS/twice.txt")" = "1 passed, 0 failed" ] || host_fail "a pass counted twice"
