#!/usr/bin/env bash
# bench_count_lmpcr.sh -- `htlvpvl count --assay lmpcr` against the cost of decoding every
# record, `samtools view -c`, on the same BAM (goal: count / view <= 1.3), at 1 and 2 threads
# (-t 1 vs no -@; -t 2 vs -@ 1). The BAM: `simulate --assay lmpcr` (200,000 cells, PVL 10 %),
# `trim`, bwa mem -C against host + `htlvpvl ref`, then BENCH_COPIES (default 40) copies
# concatenated (about 5 M records). Medians of BENCH_REPS (3) runs.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
COPIES=${BENCH_COPIES:-40}
REPS=${BENCH_REPS:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

"$HTLVPVL" simulate --assay lmpcr -o "$W/sim" --seed 7 -n 200 --cells 200000 --pvl 10 \
    --spike-cells 500 >/dev/null 2>&1
"$HTLVPVL" trim -q -t 2 -o "$W/t" --read-structure 8M16S+T "$W/sim/reads_1.fq.gz" \
    "$W/sim/reads_2.fq.gz"
{ cat "$W/sim/host.fa"; "$HTLVPVL" ref; } > "$W/ref.fa"
bwa index "$W/ref.fa" 2>/dev/null
bwa mem -C -t 2 -v 1 "$W/ref.fa" "$W/t_1.fq.gz" "$W/t_2.fq.gz" 2>/dev/null |
    samtools sort -o "$W/one.bam" - 2>/dev/null
args=()
for _ in $(seq 1 "$COPIES"); do args+=("$W/one.bam"); done
samtools cat -o "$W/big.bam" "${args[@]}"
echo "input: simulated LM-PCR x $COPIES = $(( $(stat -c %s "$W/big.bam") / 1048576 )) MB," \
     "$(samtools view -c "$W/big.bam") records; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"

# run CMD... REPS times; print the median seconds
measure() {
    local i t=()
    for i in $(seq 1 "$REPS"); do
        /usr/bin/time -f "%e" -o "$W/time" "$@" > /dev/null 2>&1
        t+=("$(cat "$W/time")")
    done
    printf '%s\n' "${t[@]}" | sort -g | sed -n "$(( (REPS + 1) / 2 ))p"
}
c1=$(measure "$HTLVPVL" count --assay lmpcr -q -t 1 -o "$W/o1" "$W/big.bam")
v1=$(measure samtools view -c "$W/big.bam")
c2=$(measure "$HTLVPVL" count --assay lmpcr -q -t 2 -o "$W/o2" "$W/big.bam")
v2=$(measure samtools view -c -@ 1 "$W/big.bam")
awk -v c1="$c1" -v v1="$v1" -v c2="$c2" -v v2="$v2" 'BEGIN {
    printf "count --assay lmpcr -t 1: %.2f s   samtools view -c: %.2f s   ratio %.2f (goal <= 1.3)\n", c1, v1, c1 / v1
    printf "count --assay lmpcr -t 2: %.2f s   samtools view -c -@ 1: %.2f s   ratio %.2f (goal <= 1.3)\n", c2, v2, c2 / v2
}'
