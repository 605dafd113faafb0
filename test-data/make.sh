#!/usr/bin/env bash
# test-data/make.sh -- regenerate the committed test datasets (run by `make test-data`).
# Deterministic: same htlvpvl, bwa, samtools and zlib give the same bytes. See README.md.
# Needs: $HTLVPVL (default ./htlvpvl), bwa, samtools, and $SHARED/data/laydon (clone sizes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
SHARED=${SHARED:-$ROOT/../shared}
LAYDON=$SHARED/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt
TD=$ROOT/test-data
HOST_SIZE=100000     # autosomal bases of the built-in host (host seed 1)
THREADS=2

for tool in bwa samtools; do
    command -v $tool >/dev/null || { echo "make.sh: $tool not found" >&2; exit 1; }
done
[ -f "$LAYDON" ] || { echo "make.sh: $LAYDON not found (set SHARED)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-td.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$TD"   # relative paths only: they end up in the BAM headers

sim() {  # sim OUTDIR ARGS...: simulate with the shared built-in host, in source order
    local out=$1; shift
    "$HTLVPVL" simulate -o "$out" --host-size $HOST_SIZE --sorted "$@"
}

# --- references: host.fa (built-in host), hybrid_full.fa, hybrid_split.fa ---
rm -rf ref && mkdir ref
sim "$tmp/host" --seed 1 --n-clones 0 --depth 0.01
cp "$tmp/host/host.fa" ref/host.fa
"$HTLVPVL" ref --layout full > "$tmp/v_full.fa"
"$HTLVPVL" ref --layout split > "$tmp/v_split.fa"
cat ref/host.fa "$tmp/v_full.fa" > ref/hybrid_full.fa
cat ref/host.fa "$tmp/v_split.fa" > ref/hybrid_split.fa
for f in host hybrid_full hybrid_split; do samtools faidx ref/$f.fa; done
mkdir -p "$tmp/ref"
for l in full split; do
    cp ref/hybrid_$l.fa "$tmp/ref/hybrid_$l.fa"
    bwa index "$tmp/ref/hybrid_$l.fa" 2>/dev/null
done

# align NAME LAYOUT MARKDUP(0/1) FQDIR: bwa mem -> (fixmate/markdup) -> sorted, indexed BAM.
# FQDIR is relative to $tmp, and bwa runs there, so that the @PG line holds no temporary path.
align() {
    local name=$1 layout=$2 mark=$3 fq=$4
    mkdir -p "$name"
    # -K fixes the batch size, so insert-size estimates (and output) do not depend on -t
    (cd "$tmp" && bwa mem -t $THREADS -K 10000000 -R "@RG\tID:x\tSM:$name" \
        ref/hybrid_$layout.fa "$fq/reads_1.fq.gz" "$fq/reads_2.fq.gz" 2>/dev/null) > "$tmp/$name.sam"
    if [ "$mark" = 1 ]; then
        samtools fixmate --no-PG -m "$tmp/$name.sam" "$tmp/$name.fix.bam"
        samtools sort --no-PG -@ $THREADS -l 9 -o "$tmp/$name.sorted.bam" "$tmp/$name.fix.bam"
        samtools markdup --no-PG -l 9 "$tmp/$name.sorted.bam" "$name/$name.bam" 2>/dev/null ||
            samtools markdup --no-PG "$tmp/$name.sorted.bam" "$name/$name.bam"
    else
        samtools sort --no-PG -@ $THREADS -l 9 -o "$name/$name.bam" "$tmp/$name.sam"
    fi
    samtools index "$name/$name.bam"
}

keep_truth() {  # keep_truth SRCDIR NAME [FASTQ]
    mkdir -p "$2"
    cp "$1/truth.sites.tsv" "$1/truth.json" "$2/"
    if [ "${3:-}" = fastq ]; then cp "$1/reads_1.fq.gz" "$1/reads_2.fq.gz" "$2/"; fi
}

rm -rf oligo oligo_split ham_t0 ham_t1 ham_t2 uninfected defective

# (a) oligo: four clones at 5-35 % of cells (PVL 70), 40x, duplicates marked
sim "$tmp/oligo" --seed 101 --clones clones/oligo.tsv --depth 40 --dup-rate 0.05
keep_truth "$tmp/oligo" oligo fastq
align oligo full 1 oligo
# (c) oligo_split: the same reads on the split layout (duplicates not marked)
sim "$tmp/oligo_split" --seed 101 --clones clones/oligo.tsv --depth 40 --dup-rate 0.05 \
    --layout split
cmp -s "$tmp/oligo/reads_1.fq.gz" "$tmp/oligo_split/reads_1.fq.gz"
keep_truth "$tmp/oligo_split" oligo_split
align oligo_split split 0 oligo_split

# (b) HAM-like patient: 80 clones drawn from a real clone-size distribution, PVL 8 at
# baseline; after infusion 1 (day 14) and 2 (day 98) CCR4+ clones (58 % of infected cells) at 0.2 and 0.05 of baseline
sim "$tmp/ham" --seed 202 --n-clones 80 --clone-dist "$LAYDON" --pvl 8 --ccr4-frac 0.58 \
    --timepoints 0,14,98 --fold ccr4:0.2,0.05 --drift 0.1 --depth 50 --dup-rate 0.05
for k in 0 1 2; do
    keep_truth "$tmp/ham/t$k" ham_t$k fastq
    align ham_t$k full 0 ham/t$k
done

# (d) uninfected
sim "$tmp/uninfected" --seed 303 --n-clones 0 --depth 30 --dup-rate 0.05
keep_truth "$tmp/uninfected" uninfected
align uninfected full 0 uninfected

# (e) defective: 5'-LTR-deleted proviruses on both strands, one internal deletion, one intact
sim "$tmp/defective" --seed 404 --clones clones/defective.tsv --depth 30 --dup-rate 0.05
keep_truth "$tmp/defective" defective
align defective full 0 defective

du -sh --exclude=make.sh "$TD" | sed 's/^/make.sh: test-data total /'
