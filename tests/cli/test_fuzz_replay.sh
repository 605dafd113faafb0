# The committed fuzzing corpus (tests/fuzz/corpus/NAME) and every reproducer (tests/data/repro)
# replayed through each fuzzing harness, built with gcc, ASan and UBSan (make fuzz-replay, a
# prerequisite of make test); the BAM harness also with a decompression thread pool.
. "$ROOT/tests/lib.sh"
B=$ROOT/build-asan/fuzz
mapfile -t repro < <(find "$ROOT/tests/data/repro" -type f | sort)
for n in bam fastq sheet summary sim; do
    for th in 1 4; do
        [ "$n" != bam ] && [ "$th" = 4 ] && continue
        if [ ! -x "$B/replay_$n" ]; then
            fail "replay $n: $B/replay_$n is missing (make fuzz-replay)"
            continue
        fi
        supp=""
        [ "$th" -gt 2 ] && supp="suppressions=$ROOT/tests/fuzz/lsan-htslib-pool.supp"
        LSAN_OPTIONS=$supp FUZZ_THREADS=$th timeout 600 "$B/replay_$n" \
            "$ROOT/tests/fuzz/corpus/$n" "${repro[@]}" > out.txt 2> err.txt
        rc=$?
        if [ "$rc" = 0 ] && ! grep -q 'Sanitizer\|runtime error' err.txt; then
            pass "replay $n -t $th: $(cat out.txt), no sanitizer report"
        else
            fail "replay $n -t $th (exit $rc)" "$(grep -A12 'ERROR\|runtime error' err.txt | head -30)"
        fi
    done
done
