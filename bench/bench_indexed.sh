#!/usr/bin/env bash
# bench_indexed.sh -- `htlvpvl count` in indexed mode against the full scan and against
# `samtools view -c -@ 1`, on a BAM of >= 400 MB with a host of >= 30 Mb, and on one of half the
# host (how the cost grows: a projection to a 30x human BAM of 100 GB).
#
# The BAMs: test-data/oligo/oligo.bam (simulated, bwa-aligned: 4 clones, PVL about 75, host
# chr1-3 at 41x) plus BENCH_CONTIGS (16, and half of that) host autosomes of 4 Mb each (chr4,
# chr5, ...) holding read pairs made by bench/gen_host_sam.c at the same depth: random sequence,
# proper pairs, varied base qualities. Made in coordinate order (no sort), cached under
# bench/work/ (remove it to rebuild). Times: medians of BENCH_REPS (5) runs of the indexed mode
# and of `samtools view -c`, of BENCH_REPS_FULL (5) full scans, all in this one run; peak RSS
# from /usr/bin/time. Then thread scaling on the smaller BAM: both modes at each -t of
# BENCH_SCALING ("1 2"), the same medians, and whether the outputs are the same bytes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
W=${BENCH_WORK:-$ROOT/bench/work}
NC=${BENCH_CONTIGS:-16}
CLEN=4000000
DEPTH=41
REPS=${BENCH_REPS:-5}
REPS_FULL=${BENCH_REPS_FULL:-5}
T=${BENCH_THREADS:-2}
SRC=$ROOT/test-data/oligo/oligo.bam
mkdir -p "$W"
[ -f "$SRC" ] || { echo "bench_indexed: $SRC missing (make test-data)" >&2; exit 1; }
[ -x "$W/gen_host_sam" ] && [ "$W/gen_host_sam" -nt "$ROOT/bench/gen_host_sam.c" ] ||
    ${CC:-cc} -O2 -o "$W/gen_host_sam" "$ROOT/bench/gen_host_sam.c" -lm

build() {  # build N: the BAM with N extra contigs
    local n=$1 out=$W/host$1.bam args=()
    if [ ! -s "$out" ]; then
        echo "building $out ..." >&2
        for i in $(seq 4 $((n + 3))); do args+=("chr$i:$CLEN"); done
        {
            samtools view -H "$SRC" | grep -v '^@PG'
            for i in $(seq 4 $((n + 3))); do printf '@SQ\tSN:chr%d\tLN:%d\n' "$i" "$CLEN"; done
            samtools view "$SRC"
            "$W/gen_host_sam" "$DEPTH" 1 "${args[@]}"
        } | samtools view -b -@ 1 -o "$out.tmp" - && mv "$out.tmp" "$out"
        samtools index "$out"
    fi
}

measure() {  # measure REPS CMD...: "median_wall_s max_rss_kb median_cpu_s" (cpu = user + sys)
    # times from bash's `time` (milliseconds: /usr/bin/time prints hundredths, too coarse for
    # the indexed mode's 0.05 s); peak RSS from /usr/bin/time on the first run
    local reps=$1 i s u y t=() c=() m TIMEFORMAT='%3R %3U %3S'
    shift
    for i in $(seq 1 "$reps"); do
        if [ "$i" = 1 ]; then
            { time /usr/bin/time -f "%M" -o "$W/rss" "$@" > /dev/null 2>&1; } 2> "$W/time"
        else
            { time "$@" > /dev/null 2>&1; } 2> "$W/time"
        fi
        read -r s u y < "$W/time"
        t+=("$s")
        c+=("$(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }')")
    done
    m=$(cat "$W/rss")
    local mid=$(((reps + 1) / 2))
    printf '%s %s %s\n' "$(printf '%s\n' "${t[@]}" | sort -g | sed -n "${mid}p")" "$m" \
        "$(printf '%s\n' "${c[@]}" | sort -g | sed -n "${mid}p")"
}

half=$((NC / 2))
build "$half"
build "$NC"
echo "$(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg); count -t $T; medians of $REPS" \
    "(indexed, view -c) and $REPS_FULL (full scan) runs"
echo "times: wall seconds (CPU seconds, user + sys); the machine is shared, so CPU seconds are"
echo "the steadier measure; ratios from both"
printf '%-7s %6s %7s %15s %15s %15s %13s %13s %8s %8s\n' BAM MB host_Mb indexed_s \
    full_scan_s view_c_s full/idx view/idx idx_RSS full_RSS
for n in "$half" "$NC"; do
    b=$W/host$n.bam
    mb=$(( $(stat -c %s "$b") / 1048576 ))
    host=$(samtools view -H "$b" |
        awk -F'\t' '$2 ~ /^SN:chr[0-9]+$/ { s += substr($3, 4) } END { printf "%.1f", s / 1e6 }')
    read -r ti ri ci < <(measure "$REPS" "$HTLVPVL" count -q -t "$T" -o "$W/i$n" "$b")
    read -r tf rf cf < <(measure "$REPS_FULL" "$HTLVPVL" count -q -t "$T" --full-scan \
        -o "$W/f$n" "$b")
    read -r tv _ cv < <(measure "$REPS" samtools view -c -@ 1 "$b")
    awk -v n="host$n" -v mb="$mb" -v h="$host" -v ti="$ti" -v tf="$tf" -v tv="$tv" -v ri="$ri" \
        -v rf="$rf" -v ci="$ci" -v cf="$cf" -v cv="$cv" 'BEGIN {
        if (ti < 0.001) ti = 0.001; if (ci < 0.001) ci = 0.001  # below the timer resolution
        printf "%-7s %6d %7s %6.3f (%5.3f) %6.2f (%5.2f) %6.2f (%5.2f)", n, mb, h, ti, ci, tf,
            cf, tv, cv
        printf " %5.0f (%5.0f) %5.0f (%5.0f) %5.1fMB %5.1fMB\n", tf / ti, cf / ci, tv / ti,
            cv / ci, ri / 1024, rf / 1024 }'
    echo "$n $mb $ti $tf $ci $cf" >> "$W/sizes.$$"
done
"$HTLVPVL" count -t "$T" -o "$W/i$NC" "$W/host$NC.bam" 2> "$W/i.log"
nrec=$(sed -n 's/.*indexed mode: \([0-9]*\) records read.*/\1/p' "$W/i.log")
echo "indexed mode on host$NC read $nrec of $(samtools view -c -@ 1 "$W/host$NC.bam") records"
echo "indexed against full scan on host$NC (tests/e2e/idx_compare.py):"
python3 "$ROOT/tests/e2e/idx_compare.py" "$W/i$NC" "$W/f$NC" --min-frag 3 | sed 's/^/  /' || true
# projection: cost = a + b * size in each mode, from the two sizes, to a 100 GB BAM
awk 'NR == 1 { m1 = $2; i1 = $5; f1 = $6 } NR == 2 { m2 = $2; i2 = $5; f2 = $6 } END {
    bi = (i2 - i1) / (m2 - m1); bf = (f2 - f1) / (m2 - m1)
    pi = i2 + bi * (102400 - m2); pf = f2 + bf * (102400 - m2)
    printf "cost growth (CPU s per GB of BAM): indexed %.3g, full scan %.3g\n", bi * 1024,
        bf * 1024
    # indexed: CPU per record read, times the records it reads in a 30x human BAM (host
    # sample 1/1000 of 800 M records, viral contigs and site windows about 50,000 more)
    pr = nrec > 0 ? i2 / nrec : 0; ph = pr * 850000; if (ph <= 0) ph = 0.01
    printf "projection to a 30x human BAM of 100 GB: full scan %.0f CPU s (%.0f min, linear in" \
        " BAM size); indexed %.1f CPU s (%.2g us per record read x 850,000 records); ratio %.0f\n",
        pf, pf / 60, ph, pr * 1e6, pf / ph }' nrec="$nrec" "$W/sizes.$$"
rm -f "$W/sizes.$$"
# thread scaling on the smaller BAM
echo "thread scaling on host$half: wall s (CPU s), medians of $REPS_FULL full scans and" \
    "$REPS indexed runs; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-4s %17s %17s\n' -t full_scan indexed
same=yes
for t in ${BENCH_SCALING:-1 2}; do
    read -r tf _ cf < <(measure "$REPS_FULL" "$HTLVPVL" count -q -t "$t" --full-scan \
        -o "$W/sf$t" "$W/host$half.bam")
    read -r ti _ ci < <(measure "$REPS" "$HTLVPVL" count -q -t "$t" -o "$W/si$t" \
        "$W/host$half.bam")
    printf '%-4s %8.2f (%6.2f) %8.3f (%6.3f)\n' "$t" "$tf" "$cf" "$ti" "$ci"
    for m in sf si; do
        for x in summary.json sites.tsv sites.vcf; do
            cmp -s "$W/${m}1.$x" "$W/$m$t.$x" || same=no
        done
    done
done
echo "outputs the same bytes at every -t (each mode): $same"
