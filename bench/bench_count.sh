#!/usr/bin/env bash
# bench_count.sh -- `htlvpvl count -t 2` against the cost of decoding every record:
#   samtools view -c -@ 1   (2 threads; goal: count / view <= 1.3)
#   samtools flagstat -@ 1  (2 threads; goal: count / flagstat <= 1.0)
# on one BAM of about BENCH_MB (default 300) MB made by concatenating a test-data BAM, and the
# peak RSS of count at 1x and 4x that size (goal < 200 MB and flat). Medians of BENCH_REPS runs.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
MB=${BENCH_MB:-300}
REPS=${BENCH_REPS:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

src=""
for n in ham_t0 oligo ham_t1 oligo_split; do
    [ -f "$ROOT/test-data/$n/$n.bam" ] && { src=$ROOT/test-data/$n/$n.bam; break; }
done
if [ -z "$src" ]; then  # no committed test data: a simulated fixture aligned with bwa
    "$HTLVPVL" ref > "$W/v.fa"
    python3 "$ROOT/tests/e2e/count_fixture.py" "$W" "$W/v.fa" full 1 40 \
        chr1:10000:+:0.3,chr2:20000:-:0.2 >/dev/null
    bwa index "$W/ref.fa" 2>/dev/null
    bwa mem -t 2 -v 1 "$W/ref.fa" "$W/r1.fq" "$W/r2.fq" 2>/dev/null |
        samtools sort -o "$W/src.bam" - 2>/dev/null
    src=$W/src.bam
fi
size=$(stat -c %s "$src")
copies=$(( (MB * 1048576 + size - 1) / size ))
[ "$copies" -ge 4 ] || copies=4
mk() { local n=$1 out=$2 args=(); for _ in $(seq 1 "$n"); do args+=("$src"); done; samtools cat -o "$out" "${args[@]}"; }
mk "$copies" "$W/big.bam"
mk "$(( copies / 4 ))" "$W/quarter.bam"
echo "input: $(basename "$src") x $copies = $(( $(stat -c %s "$W/big.bam") / 1048576 )) MB," \
     "$(samtools view -c -@ 2 "$W/big.bam") records; $(nproc) CPUs"

# run CMD... REPS times; print "median_seconds max_rss_kb"
measure() {
    local i t=() m=0
    for i in $(seq 1 "$REPS"); do
        /usr/bin/time -f "%e %M" -o "$W/time" "$@" > /dev/null 2>&1
        read -r s k < "$W/time"
        t+=("$s")
        [ "$k" -gt "$m" ] && m=$k
    done
    printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -g | sed -n "$(( (REPS + 1) / 2 ))p")" "$m"
}
read -r tc rc < <(measure "$HTLVPVL" count -q -t 2 -o "$W/out" "$W/big.bam")
read -r tv _ < <(measure samtools view -c -@ 1 "$W/big.bam")
read -r tf _ < <(measure samtools flagstat -@ 1 "$W/big.bam")
read -r _ rq < <(REPS=1 measure "$HTLVPVL" count -q -t 2 -o "$W/outq" "$W/quarter.bam")
awk -v c="$tc" -v v="$tv" -v f="$tf" -v rc="$rc" -v rq="$rq" 'BEGIN {
    printf "count -t 2: %.2f s   samtools view -c -@ 1: %.2f s   samtools flagstat -@ 1: %.2f s\n", c, v, f
    printf "ratio count/view:     %.2f (goal <= 1.3)\n", c / v
    printf "ratio count/flagstat: %.2f (goal <= 1.0)\n", c / f
    printf "peak RSS count: %.0f MB at 1x, %.0f MB at 4x input (goal < 200 MB, flat)\n", rq / 1024, rc / 1024
}'
