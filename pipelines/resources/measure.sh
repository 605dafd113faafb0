#!/usr/bin/env bash
# Resource needs of each workflow step, measured with /usr/bin/time -v: wall time and peak
# memory (maximum resident set size), per GB of BAM for count. Steps: hybrid reference, bwa
# index, bwa mem + samtools sort/index, count (BAM, at -t 1 and -t 2), compare, MultiQC.
#   bash pipelines/resources/measure.sh [BIG_MB]      (from the repository root; needs bwa,
#                                                      samtools, multiqc, GNU time)
# Inputs: the bundled test BAMs; a simulated sample (htlvpvl simulate, 2 Mb host, 30x) aligned
# here; and a larger BAM of about BIG_MB MB (default 1024): copies of that one concatenated
# (samtools cat: the compression of a real BAM; not sorted as a whole, so count runs it without
# an index, which changes only the wild-type second pass of the few sites).
# Prints one TSV row per step: step, input, input_MB, threads, wall_s, peak_rss_MB.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
BIG_MB=${1:-1024}
W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-measure.XXXXXX")
trap 'rm -rf "$W"' EXIT

# measure STEP INPUT THREADS CMD...: run CMD under /usr/bin/time -v, print the row
measure() {
    local step=$1 in=$2 t=$3
    shift 3
    /usr/bin/time -v -o "$W/time" "$@" > "$W/out" 2> "$W/err" || {
        echo "measure.sh: $step failed:" >&2
        tail -5 "$W/err" >&2
        exit 1
    }
    local mb wall rss
    mb=$(du -smL "$in" 2> /dev/null | awk '{ s += $1 } END { print s + 0 }')
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time")
    printf '%s\t%s\t%s\t%s\t%.2f\t%.0f\n' "$step" "$(basename "$in")" "$mb" "$t" "$wall" \
        "$((rss / 1024))"
}

printf 'step\tinput\tinput_MB\tthreads\twall_s\tpeak_rss_MB\n'
cd "$W"
measure hybrid_reference "$ROOT/test-data/ref/host.fa" 1 \
    sh -c "cat '$ROOT/test-data/ref/host.fa' > hybrid.fa && '$HTLVPVL' ref >> hybrid.fa"
"$HTLVPVL" simulate -o sim -s 7 --host-size 2000000 -d 30 -p 5 > /dev/null 2>&1
cat sim/host.fa > simhyb.fa && "$HTLVPVL" ref >> simhyb.fa
measure bwa_index simhyb.fa 1 bwa index simhyb.fa
measure bwa_mem_sort sim/reads_1.fq.gz 2 sh -c \
    "bwa mem -t 2 simhyb.fa sim/reads_1.fq.gz sim/reads_2.fq.gz 2> /dev/null |
     samtools sort -@ 1 -o sim.bam - && samtools index sim.bam"
for b in "$ROOT"/test-data/*/*.bam sim.bam; do
    measure count "$b" 2 "$HTLVPVL" count -q -t 2 -o "c_$(basename "$b" .bam)" "$b"
done
size=$(stat -c %s sim.bam)
n=$(( (BIG_MB * 1048576 + size - 1) / size ))
args=()
for _ in $(seq 1 "$n"); do args+=(sim.bam); done
samtools cat -o big.bam "${args[@]}"
for t in 1 2; do measure count big.bam "$t" "$HTLVPVL" count -q -t "$t" -o "big$t" big.bam; done
{
    printf 'sample\tsubject\ttimepoint\tsummary\n'
    for k in 0 1 2; do printf 'ham_t%s\tHAM1\t%s\tc_ham_t%s.summary.json\n' $k $k $k; done
} > sheet.tsv
measure compare sheet.tsv 1 "$HTLVPVL" compare -o cmp sheet.tsv
measure multiqc c_ham_t0_mqc.tsv 1 multiqc --force -q -c "$ROOT/pipelines/multiqc_config.yaml" \
    -o mqc c_*_mqc.tsv cmp_mqc.json cmp.table_mqc.json
