#!/usr/bin/env bash
# tests/data/compare/deep/make.sh -- regenerate the deep time series that the compare tests read.
# A high-PVL HAM/TSP patient (10 clones, 33.5 copies/100 cells, 6 CCR4+) sequenced at 300x on
# the 100-kb test host, at day 0, 14 (CCR4+ clones x 0.25) and 98 (x 0.1), simulated with
# `htlvpvl simulate`, aligned with bwa mem to test-data/ref/hybrid_full.fa and counted with
# `htlvpvl count`. Only count's outputs (NAME.summary.json, NAME.sites.tsv) and the truth
# (NAME.truth.json, NAME.truth.sites.tsv) are kept: the BAMs (5 MB each) are not committed.
# Why: a second, higher-PVL series with more large clones (10-30 junction fragments each) than
# the committed test-data/ham_t* series (250x on a 22-kb host: two clones with 10-13).
# Usage: HTLVPVL=./htlvpvl bash tests/data/compare/deep/make.sh   (needs bwa and samtools)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-deep.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$HTLVPVL" simulate -o "$tmp/sim" --host-size 100000 --sorted --seed 505 \
    --clones "$HERE/clones.tsv" --timepoints 0,14,98 --fold ccr4:0.25,0.1 --drift 0.05 \
    --depth 300 --dup-rate 0.05
cp "$ROOT/test-data/ref/hybrid_full.fa" "$tmp/ref.fa"
bwa index "$tmp/ref.fa" 2>/dev/null
printf 'sample\tsubject\ttimepoint\tsummary\tinfusion\tdose_mg_per_kg\n' > "$HERE/sheet.tsv"
tp=(0 14 98)
for k in 0 1 2; do
    n=deep_t$k
    bwa mem -t 2 -K 10000000 -R "@RG\tID:x\tSM:$n" "$tmp/ref.fa" "$tmp/sim/t$k/reads_1.fq.gz" \
        "$tmp/sim/t$k/reads_2.fq.gz" 2>/dev/null |
        samtools sort --no-PG -@ 2 -o "$tmp/$n.bam" - 2>/dev/null
    samtools index "$tmp/$n.bam"
    (cd "$tmp" && "$HTLVPVL" count -q -t 2 -s "$n" -o "$n" "$n.bam")
    cp "$tmp/$n.summary.json" "$tmp/$n.sites.tsv" "$HERE/"
    cp "$tmp/sim/t$k/truth.json" "$HERE/$n.truth.json"
    cp "$tmp/sim/t$k/truth.sites.tsv" "$HERE/$n.truth.sites.tsv"
    printf '%s\tDEEP\t%s\t%s.summary.json\t%s\t0.3\n' "$n" "${tp[$k]}" "$n" \
        "$([ $k -lt 2 ] && echo yes || echo no)" >> "$HERE/sheet.tsv"
done
