#!/usr/bin/env bash
# bench_count_lmpcr.sh -- `htlvpvl count --assay lmpcr` against the cost of decoding every
# record, `samtools view -c`, on the same BAM (goal: count / view <= 1.3), at 1 and 2 threads
# (-t 1 vs no -@; -t 2 vs -@ 1: two threads each), with the CPU time (user + sys) of each. The
# BAM: one library, `simulate --assay lmpcr` (BENCH_CELLS cells, default 2,000,000, PVL 10 %,
# 200 clones, about 12 read pairs a fragment, no run-on), `trim`, bwa mem -C against host +
# `htlvpvl ref` (about 2.3 M records; the alignment takes a few minutes on 2 CPUs); or the BAM
# given as BENCH_BAM. Medians of BENCH_REPS (5) runs, the two commands run in turn so that a
# change of load falls on both. On a shared machine compare the CPU times too: wall times there
# measure the load as much as the program.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
CELLS=${BENCH_CELLS:-2000000}
REPS=${BENCH_REPS:-5}
W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

if [ -n "${BENCH_BAM:-}" ]; then
    BAM=$BENCH_BAM
else
    "$HTLVPVL" simulate --assay lmpcr -o "$W/sim" --seed 7 -n 200 --cells "$CELLS" --pvl 10 \
        --spike-cells 2000 --pcr-mean 10 --no-run-on >/dev/null 2>&1
    "$HTLVPVL" trim -q -t 2 -o "$W/t" --read-structure 8M16S+T "$W/sim/reads_1.fq.gz" \
        "$W/sim/reads_2.fq.gz"
    { cat "$W/sim/host.fa"; "$HTLVPVL" ref; } > "$W/ref.fa"
    bwa index "$W/ref.fa" 2>/dev/null
    bwa mem -C -t 2 -v 1 "$W/ref.fa" "$W/t_1.fq.gz" "$W/t_2.fq.gz" 2>/dev/null |
        samtools sort -o "$W/big.bam" - 2>/dev/null
    BAM=$W/big.bam
fi
echo "input: simulated LM-PCR library, $(( $(stat -c %s "$BAM") / 1048576 )) MB," \
     "$(samtools view -c "$BAM") records; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"

# the wall and the CPU (user + sys) seconds of the last timed run, to the millisecond (bash's
# time; /usr/bin/time rounds to 10 ms, a few per cent of these runs)
TIMEFORMAT='%3R %3U %3S'
wall_cpu() {
    local e us sy
    read -r e us sy < "$W/time"
    echo "$e $(awk -v a="$us" -v b="$sy" 'BEGIN { print a + b }')"
}

# pair T SAMTOOLS_ARGS...: REPS runs of count -t T and samtools view -c ARGS in turn; prints the
# median wall and CPU seconds of each: "count_wall count_cpu view_wall view_cpu"
pair() {
    local t=$1 i
    shift
    : > "$W/c" && : > "$W/v"
    for i in $(seq 1 "$REPS"); do
        { time "$HTLVPVL" count --assay lmpcr -q -t "$t" -o "$W/o" "$BAM" > /dev/null 2>&1; } \
            2> "$W/time"
        wall_cpu >> "$W/c"
        { time samtools view -c "$@" "$BAM" > /dev/null 2>&1; } 2> "$W/time"
        wall_cpu >> "$W/v"
    done
    local m=$(( (REPS + 1) / 2 )) f
    for f in c v; do
        printf '%s %s ' "$(cut -d' ' -f1 "$W/$f" | sort -g | sed -n "${m}p")" \
            "$(cut -d' ' -f2 "$W/$f" | sort -g | sed -n "${m}p")"
    done
    echo
}
read -r c1 cu1 v1 vu1 < <(pair 1)
read -r c2 cu2 v2 vu2 < <(pair 2 -@ 1)
awk -v c1="$c1" -v v1="$v1" -v c2="$c2" -v v2="$v2" -v cu1="$cu1" -v vu1="$vu1" \
    -v cu2="$cu2" -v vu2="$vu2" -v n="$REPS" 'BEGIN {
    printf "medians of %d runs\n", n
    printf "count --assay lmpcr -t 1: %.3f s (CPU %.3f s)   samtools view -c: %.3f s (CPU %.3f s)   ratio %.2f, CPU %.2f (goal <= 1.3)\n", c1, cu1, v1, vu1, c1 / v1, cu1 / vu1
    printf "count --assay lmpcr -t 2: %.3f s (CPU %.3f s)   samtools view -c -@ 1: %.3f s (CPU %.3f s)   ratio %.2f, CPU %.2f (goal <= 1.3)\n", c2, cu2, v2, vu2, c2 / v2, cu2 / vu2
}'
