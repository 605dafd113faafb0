#!/usr/bin/env bash
# tests/fuzz/run.sh NAME... -- run each libFuzzer harness build-fuzz/fuzz/fuzz_NAME for FUZZ_TIME
# seconds (default 60), one after another in one process each (one core), on a scratch copy of its committed corpus
# tests/fuzz/corpus/NAME plus every reproducer (tests/data/repro); the BAM harness runs a second
# time with a decompression thread pool (FUZZ_THREADS=4). New crashers are written to
# build-fuzz/crash-NAME-*; add them to tests/fuzz/corpus/NAME once fixed. Prints one line per run:
# name, seconds, executions, crashes.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=${FUZZ_TIME:-60}
out=$ROOT/build-fuzz
status=0
run() {  # run NAME THREADS
    local n=$1 th=$2 work log execs crashes
    work=$out/work-$n-t$th
    log=$out/fuzz-$n-t$th.log
    rm -rf "$work" && mkdir -p "$work"
    cp "$ROOT"/tests/fuzz/corpus/"$n"/* "$work"/ 2> /dev/null
    local supp=""
    [ "$th" -gt 2 ] && supp="suppressions=$ROOT/tests/fuzz/lsan-htslib-pool.supp"
    LSAN_OPTIONS=$supp FUZZ_THREADS=$th "$out"/fuzz/fuzz_"$n" -max_total_time="$T" -timeout=30 \
        -rss_limit_mb=4096 -close_fd_mask=3 -artifact_prefix="$out/crash-$n-" "$work" \
        > "$log" 2>&1
    local rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    [ -n "$execs" ] || execs=$(grep -Eo '#[0-9]+' "$log" | tail -1 | tr -d '#')
    crashes=$(ls "$out"/crash-"$n"-* 2> /dev/null | wc -l)
    printf '%s\t-t %s\t%s s\t%s executions\t%s crashes\texit %s\n' "$n" "$th" "$T" "${execs:-?}" \
        "$crashes" "$rc"
    [ "$rc" = 0 ] || status=1
}
for n in "$@"; do
    run "$n" 1
    [ "$n" = bam ] && run "$n" 4
done
exit $status
