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
# HAM series: its own small host, sequenced deep (junction fragments scale with depth x cell
# fraction, file size with depth x host size), so that its large clones can be followed
HAM_HOST_SIZE=22000
HAM_MT_COPIES=18     # chrM read density (ends lose depth on a 2-kb contig) stays > 7 x autosomal
HAM_DEPTH=250
HAM_CLONES=18        # drawn from Laydon's clone sizes (seed HAM_DRAW_SEED), re-sited on a grid
HAM_DRAW_SEED=241
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
ham_sim() {  # ham_sim OUTDIR ARGS...: the same with the HAM series' host
    local out=$1; shift
    "$HTLVPVL" simulate -o "$out" --host-size $HAM_HOST_SIZE --mt-copies $HAM_MT_COPIES --sorted "$@"
}

# --- references: host.fa (built-in host), hybrid_full.fa, hybrid_split.fa; ham_host.fa and
# ham_hybrid_full.fa (the HAM series' smaller host) ---
rm -rf ref && mkdir ref
sim "$tmp/host" --seed 1 --n-clones 0 --depth 0.01
cp "$tmp/host/host.fa" ref/host.fa
"$HTLVPVL" ref --layout full > "$tmp/v_full.fa"
"$HTLVPVL" ref --layout split > "$tmp/v_split.fa"
cat ref/host.fa "$tmp/v_full.fa" > ref/hybrid_full.fa
cat ref/host.fa "$tmp/v_split.fa" > ref/hybrid_split.fa
ham_sim "$tmp/ham_host" --seed 1 --n-clones 0 --depth 0.01
cp "$tmp/ham_host/host.fa" ref/ham_host.fa
cat ref/ham_host.fa "$tmp/v_full.fa" > ref/ham_hybrid_full.fa
for f in host hybrid_full hybrid_split ham_host ham_hybrid_full; do samtools faidx ref/$f.fa; done
mkdir -p "$tmp/ref"
for r in hybrid_full hybrid_split ham_hybrid_full; do
    cp ref/$r.fa "$tmp/ref/$r.fa"
    bwa index "$tmp/ref/$r.fa" 2>/dev/null
done

# align NAME REF MARKDUP(0/1) FQDIR: bwa mem on ref/REF.fa -> (fixmate/markdup) -> sorted BAM.
# FQDIR is relative to $tmp, and bwa runs there, so that the @PG line holds no temporary path.
align() {
    local name=$1 ref=$2 mark=$3 fq=$4
    mkdir -p "$name"
    # -K fixes the batch size, so insert-size estimates (and output) do not depend on -t
    (cd "$tmp" && bwa mem -t $THREADS -K 10000000 -R "@RG\tID:x\tSM:$name" \
        ref/$ref.fa "$fq/reads_1.fq.gz" "$fq/reads_2.fq.gz" 2>/dev/null) > "$tmp/$name.sam"
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
align oligo hybrid_full 1 oligo
# (c) oligo_split: the same reads on the split layout (duplicates not marked)
sim "$tmp/oligo_split" --seed 101 --clones clones/oligo.tsv --depth 40 --dup-rate 0.05 \
    --layout split
cmp -s "$tmp/oligo/reads_1.fq.gz" "$tmp/oligo_split/reads_1.fq.gz"
keep_truth "$tmp/oligo_split" oligo_split
align oligo_split hybrid_split 0 oligo_split

# (b) HAM-like patient on its own 22-kb host at high depth: clone sizes, strands and CCR4 status
# drawn by simulate from a real clone-size distribution (Laydon), PVL 8 at baseline; the sites
# are then re-spaced evenly over the autosomes (at least 700 bp from contig ends, about 1 kb
# apart) so that neighbouring clones' junction fragments do not mix. After infusion 1 (day 14)
# and 2 (day 98) CCR4+ clones (58 % of infected cells) at 0.2 and 0.05 of baseline, every clone
# with log-normal drift 0.1. The draw (seed 241, 18 clones) is the first with 18 clones on this
# host, of seeds 202-261 scanned, whose largest clone holds at most 45 % of the infected cells
# (FIELD.md section 1: 0.3-45 %) with a CCR4+ clone at >= 2.5 % and a CCR4- clone at >= 1 % of
# cells: a fall of a large CCR4+ clone next to a large CCR4- one that persists.
ham_sim "$tmp/ham_draw" --seed $HAM_DRAW_SEED --n-clones $HAM_CLONES --clone-dist "$LAYDON" \
    --pvl 8 --ccr4-frac 0.58 --depth 0.01
awk -F'\t' -v OFS='\t' -v n=$HAM_CLONES -v m=700 '
    FNR == NR { if ($1 ~ /^chr[0-9]+$/) { name[++nc] = $1; len[nc] = $2; u += $2 - 2 * m }; next }
    FNR == 1 { for (i = 1; i <= NF; i++) h[$i] = i
               print "chrom", "pos", "strand", "cell_fraction", "ccr4"; next }
    {   # k-th drawn clone (in contig/position order) goes to the k-th of n evenly spaced slots
        off = int((k++ + 0.5) * u / n)
        for (c = 1; off >= len[c] - 2 * m; c++) off -= len[c] - 2 * m
        print name[c], m + off, $h["strand"], $h["cell_fraction"], $h["ccr4"] }' \
    ref/ham_host.fa.fai "$tmp/ham_draw/truth.sites.tsv" > clones/ham.tsv
# Read seed 204: the first from 202 whose truth (nothing measured) shows what the series is for:
# a realised PVL fall at day 98 of more than half (202: 44 %) and at least 12 junction fragments
# of the largest CCR4+ clone at baseline (203: 4; 204: 13, fall 62 %).
ham_sim "$tmp/ham" --seed 204 --clones clones/ham.tsv --timepoints 0,14,98 \
    --fold ccr4:0.2,0.05 --drift 0.1 --depth $HAM_DEPTH --dup-rate 0.05
for k in 0 1 2; do
    keep_truth "$tmp/ham/t$k" ham_t$k fastq
    align ham_t$k ham_hybrid_full 0 ham/t$k
done

# (d) uninfected
sim "$tmp/uninfected" --seed 303 --n-clones 0 --depth 30 --dup-rate 0.05
keep_truth "$tmp/uninfected" uninfected
align uninfected hybrid_full 0 uninfected

# (e) defective: 5'-LTR-deleted proviruses on both strands, one internal deletion, one intact
sim "$tmp/defective" --seed 404 --clones clones/defective.tsv --depth 30 --dup-rate 0.05
keep_truth "$tmp/defective" defective
align defective hybrid_full 0 defective

du -sh --exclude=make.sh "$TD" | sed 's/^/make.sh: test-data total /'
