#!/usr/bin/env bash
# bench/validate_art.sh -- the proviral-load estimators on samples from a second, independent
# simulator (issue 9): bench/art_sim.py builds the sequences and draws the fragment counts, ART
# (art_illumina) makes the reads with its own error and quality profiles and fragment sampler;
# nothing of `htlvpvl simulate` is used. A male host of 375 kb (chr1-3, chrX, chrY, chrM) whose
# GC follows the human genome's isochore families (or, --host-gc narrow, stays near 41 %), with
# an N gap the sample holds and a 1-kb repeat in 24 copies; reads aligned with bwa mem, mate
# tags fixed and duplicates marked (samtools fixmate -m, markdup), counted on the BAM and on the
# FASTQ pair (--genome-size: the sampled host's haploid size), and pre/post pairs compared. The
# table (bench/validate_pvl.py: bias/SE, RMSE and CI width over the information limit,
# coverage of the 95 % CI, against the truth in cells) is the same as validate_pvl.sh's; then
# the sites reported against the true clones (bench/art_sim.py sites).
#
# Usage: bench/validate_art.sh [--reduced] [--seeds N] [--jobs J] [--keep DIR] [--check]
#                              [--only A,B]
#   --reduced   the scenarios of tests/e2e/test_pvl_art.sh [seeds 12]
#   --seeds N   seeds per scenario [20]
#   --jobs J    samples simulated/aligned at once [2]
#   --keep DIR  work in DIR and keep it (summaries and truth; reads and BAMs are removed)
#   --check     PASS/FAIL lines (coverage in a binomial band around 95 %, |bias/SE| < 3)
#   --only A,B  only the scenarios named
# Needs: $HTLVPVL (default ./htlvpvl), art_illumina, bwa, samtools, python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTLVPVL=${HTLVPVL:-$ROOT/htlvpvl}
REDUCED=0 SEEDS="" JOBS=2 KEEP="" CHECK="" ONLY=""
while [ $# -gt 0 ]; do
    case $1 in
        --reduced) REDUCED=1 ;;
        --seeds) SEEDS=$2; shift ;;
        --jobs) JOBS=$2; shift ;;
        --keep) KEEP=$2; shift ;;
        --check) CHECK=--check ;;
        --only) ONLY=$2; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "validate_art.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
for tool in art_illumina bwa samtools python3; do
    command -v $tool >/dev/null || { echo "validate_art.sh: $tool not found" >&2; exit 1; }
done

# scenario name, then bench/art_sim.py sample options
if [ $REDUCED = 1 ]; then
    SEEDS=${SEEDS:-12}
    SCENARIOS="art_pvl10_40x_pair --pvl 10 --depth 40 --fold 0.5
art_gc_dup --pvl 10 --depth 40 --gc-bias --dup 0.15
art_sites_hard --pvl 40 --depth 40 --clones 4 --hard"
else
    SEEDS=${SEEDS:-20}
    SCENARIOS="art_pvl10_30x --pvl 10 --depth 30
art_pvl10_60x_pair --pvl 10 --depth 60 --fold 0.5
art_pvl2_30x --pvl 2 --depth 30 --clones 6
art_pvl50_20x --pvl 50 --depth 20 --clones 20
art_strain1.5 --pvl 10 --depth 40 --divergence 0.015
art_100bp --pvl 10 --depth 40 --system HS20 --read-len 100 --frag-mean 250 --frag-sd 50
art_gc_dup --pvl 10 --depth 40 --gc-bias --dup 0.15
art_defective25 --pvl 10 --depth 40 --defective 0.25
art_sites_hard --pvl 40 --depth 40 --clones 4 --hard
art_gc_narrow --pvl 10 --depth 40 --gc-bias --host-gc narrow"
fi
if [ -n "$ONLY" ]; then
    SCENARIOS=$(printf '%s\n' "$SCENARIOS" | awk -v o=",$ONLY," 'index(o, "," $1 ",")')
    [ -n "$SCENARIOS" ] ||
        { echo "validate_art.sh: no scenario named in --only $ONLY" >&2; exit 2; }
fi

if [ -n "$KEEP" ]; then
    W=$KEEP
    mkdir -p "$W"
else
    W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-validate-art.XXXXXX")
    trap 'rm -rf "$W"' EXIT
fi
W=$(cd "$W" && pwd)

# the references: the host as the sample holds it (human-like GC, or narrow), N gap masked, and
# HTLV-1 (full layout)
host_of() { case " $* " in *" --host-gc narrow "*) echo narrow ;; *) echo human ;; esac; }
export -f host_of
for h in $(printf '%s\n' "$SCENARIOS" | while read -r _ opts; do host_of $opts; done | sort -u); do
    r=$W/ref_$h
    [ -f "$r/ref.fa.bwt" ] && continue
    mkdir -p "$r"
    python3 "$ROOT/bench/art_sim.py" reference --host-gc $h --out "$r/host.fa"
    "$HTLVPVL" ref --layout full > "$r/virus.fa"
    cat "$r/host.fa" "$r/virus.fa" > "$r/ref.fa"
    bwa index "$r/ref.fa" 2>/dev/null
done

# count_point DIR(holding reads and truth.json) OUT NAME HOST
count_point() {
    local s=$1 o=$2 name=$3 ref=$W/ref_$4/ref.fa g
    mkdir -p "$o"
    cp "$s/truth.json" "$o/truth.json"
    bwa mem -t 1 -R "@RG\tID:x\tSM:$name" "$ref" "$s/reads_1.fq.gz" "$s/reads_2.fq.gz" \
        2>/dev/null | samtools fixmate -m - - 2>/dev/null | samtools sort - 2>/dev/null |
        samtools markdup - "$o/in.bam" 2>/dev/null
    samtools index "$o/in.bam"
    "$HTLVPVL" count -q -s "$name" -o "$o/bam" "$o/in.bam" >/dev/null 2>&1 ||
        echo "count BAM failed: $o" >&2
    g=$(python3 -c "import json, sys
print('%.0f' % json.load(open(sys.argv[1]))['genome_size_haploid'])" "$s/truth.json")
    "$HTLVPVL" count -q -s "$name" -o "$o/fq" --genome-size "$g" "$s/reads_1.fq.gz" \
        "$s/reads_2.fq.gz" >/dev/null 2>&1 || echo "count FASTQ failed: $o" >&2
    rm -f "$o/in.bam" "$o/in.bam.bai"
}

# one_sample NAME SEED ART_SIM-OPTIONS...
one_sample() {
    local name=$1 seed=$2 d=$W/$1/s$2 h
    shift 2
    h=$(host_of "$@")
    [ -f "$d/done" ] && return 0
    rm -rf "$d" && mkdir -p "$d"
    python3 "$ROOT/bench/art_sim.py" sample --out "$d/sim" --seed "$seed" \
        --virus "$W/ref_$h/virus.fa" "$@" ||
        { echo "art_sim.py failed: $d" >&2; return 1; }
    if [ -d "$d/sim/t0" ]; then
        for t in t0 t1; do count_point "$d/sim/$t" "$d/$t" "$t" $h; done
        for e in bam fq; do
            { printf 'sample\tsubject\ttimepoint\tsummary\n'
              printf '%s\tP\t%s\t%s/%s.summary.json\n' t0 0 t0 $e t1 1 t1 $e; } > "$d/sheet.$e.tsv"
            (cd "$d" && "$HTLVPVL" compare -q -o "cmp.$e" "sheet.$e.tsv" >/dev/null 2>&1) ||
                echo "compare failed: $d ($e)" >&2
        done
    else
        count_point "$d/sim" "$d/t0" t0 $h
    fi
    rm -rf "$d/sim"
    touch "$d/done"
}
export -f one_sample count_point
export W HTLVPVL ROOT

printf '%s\n' "$SCENARIOS" | while read -r name opts; do
    for seed in $(seq 1 "$SEEDS"); do echo "$name $seed $opts"; done
done | xargs -P "$JOBS" -L 1 bash -c 'one_sample "$@"' _

rc=0
names=$(printf '%s\n' "$SCENARIOS" | awk '{print $1}')
python3 "$ROOT/bench/validate_pvl.py" $CHECK "$W" $names || rc=1
echo
python3 "$ROOT/bench/art_sim.py" sites $CHECK $(printf '%s\n' "$SCENARIOS" |
    awk -v w="$W" '{print w "/" $1 "/s*/t*/truth.json"}') || rc=1
exit $rc
