#!/usr/bin/env bash
# bench/validate_pvl.sh -- statistical validation of the proviral-load estimators (issue 9, item 7).
#
# Simulates many small samples per scenario (htlvpvl simulate: built-in host of a few hundred
# kb), aligns them (bwa mem + samtools sort/index, as tests/e2e/test_count_seeds.sh), runs
# `htlvpvl count` on the BAM and on the FASTQ pair, and `htlvpvl compare` on a pre/post pair,
# then prints per scenario and estimator: bias (mean error over its standard error), RMSE over
# the information limit (Poisson CV 1/sqrt(expected viral fragments) x truth) and the coverage
# of the 95 % CI, all against the truth in cells (truth.json pvl_cells, else pvl_nominal).
# Analysis: bench/validate_pvl.py (python3, stdlib only).
#
# Usage: bench/validate_pvl.sh [--reduced] [--seeds N] [--jobs J] [--keep DIR] [--check]
#   --reduced   the few scenarios of tests/e2e/test_pvl_validation.sh (small host, fewer seeds)
#   --seeds N   seeds per scenario [16; reduced 20]
#   --jobs J    samples simulated/aligned at once [2]
#   --keep DIR  work in DIR and keep it (summaries and truth; reads and BAMs are removed)
#   --check     print PASS/FAIL lines (coverage in a binomial band around 95 %, |bias/SE| < 3)
#   --only A,B  only the scenarios named (e.g. --only gc_bias2,defective30)
# Needs: $HTLVPVL (default ./htlvpvl), bwa, samtools, python3.
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
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "validate_pvl.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
for tool in bwa samtools python3; do
    command -v $tool >/dev/null || { echo "validate_pvl.sh: $tool not found" >&2; exit 1; }
done

# scenario: name host_kb (KB, or KBg: GC blocks) pvl depth clones def_type1 def_type2 divergence gc_bias read_length
# fold (CCR4+ clones at the second time point; "-" = one time point) inputs ("all": BAM and
# FASTQ; "fq": FASTQ only, no alignment)
if [ $REDUCED = 1 ]; then
    SEEDS=${SEEDS:-20}
    SCENARIOS="base 100 10 40 10 0 0 0 0 150 0.5 all
strain2_low_100bp 100 2 30 5 0 0 0.02 0 100 - all
gc_bias2_fq 200 10 40 10 0 0 0 2 150 - fq
defective30_fq 200 10 40 10 0.15 0.15 0 0 150 - fq"
else
    SEEDS=${SEEDS:-16}
    SCENARIOS="pvl10_60x_pair 200 10 60 10 0 0 0 0 150 0.5 all
low_pvl0.5_30x 200 0.5 30 5 0 0 0 0 150 - all
high_pvl70_20x 200 70 20 20 0 0 0 0 150 - all
defective30 200 10 40 10 0.15 0.15 0 0 150 - all
strain1 200 10 40 10 0 0 0.01 0 150 - all
strain2 200 10 40 10 0 0 0.02 0 150 - all
gc_bias2 200 10 40 10 0 0 0 2 150 - all
gc_bias2_spread 200g 10 40 10 0 0 0 2 150 - all
mixed_100bp_pair 200 5 40 15 0.1 0.1 0.015 1 100 0.5 all
defective25_t2 200 10 40 10 0 0.25 0 0 150 - all
defective25_t1 200 10 40 10 0.25 0 0 0 150 - all"
fi
if [ -n "$ONLY" ]; then  # --only NAME,NAME: those scenarios
    SCENARIOS=$(printf '%s\n' "$SCENARIOS" | awk -v o=",$ONLY," 'index(o, "," $1 ",")')
    [ -n "$SCENARIOS" ] || { echo "validate_pvl.sh: no scenario named in --only $ONLY" >&2; exit 2; }
fi

if [ -n "$KEEP" ]; then
    W=$KEEP
    mkdir -p "$W"
else
    W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-validate.XXXXXX")
    trap 'rm -rf "$W"' EXIT
fi
W=$(cd "$W" && pwd)

# the built-in host of a scenario's host field: KB (i.i.d. 40 % GC) or KBg (1-kb blocks of GC
# drawn in 0.33-0.60, a real genome's spread: simulate --host-gc)
host_args() {
    case $1 in
        *g) echo "--host-size $((${1%g} * 1000)) --host-gc 0.33,0.60" ;;
        *) echo "--host-size $(($1 * 1000))" ;;
    esac
}
export -f host_args

# one reference (built-in host, host seed 1, full layout) per host
for kb in $(printf '%s\n' "$SCENARIOS" | awk '$12 == "all" {print $2}' | sort -u); do
    r=$W/ref$kb
    [ -f "$r/ref.fa.bwt" ] && continue
    mkdir -p "$r"
    "$HTLVPVL" simulate -o "$r/h" $(host_args "$kb") --n-clones 0 --depth 0.01 2>/dev/null
    { cat "$r/h/host.fa"; "$HTLVPVL" ref --layout full; } > "$r/ref.fa"
    bwa index "$r/ref.fa" 2>/dev/null
done

# one_sample NAME KB PVL DEPTH CLONES DEF1 DEF2 DIV GC RL FOLD INPUTS SEED
one_sample() {
    local name=$1 kb=$2 pvl=$3 depth=$4 n=$5 d1=$6 d2=$7 div=$8 gc=$9 rl=${10} fold=${11}
    local inputs=${12} seed=${13} d=$W/$1/s${13} ref=$W/ref$2/ref.fa tps=t0 args=()
    [ -f "$d/done" ] && return 0
    rm -rf "$d" && mkdir -p "$d"
    args=(-o "$d/sim" --seed "$seed" $(host_args "$kb") --pvl "$pvl" --depth "$depth"
        -n "$n" --read-length "$rl" --dup-rate 0.05)
    [ "$d1" != 0 ] && args+=(--defective-type1 "$d1")
    [ "$d2" != 0 ] && args+=(--defective-type2 "$d2")
    [ "$div" != 0 ] && args+=(--divergence "$div")
    [ "$gc" != 0 ] && args+=(--gc-bias "$gc")
    if [ "$fold" != - ]; then
        args+=(--timepoints 0,1 --fold "ccr4:$fold")
        tps="t0 t1"
    fi
    "$HTLVPVL" simulate "${args[@]}" 2>/dev/null || { echo "simulate failed: $d" >&2; return 1; }
    for t in $tps; do
        local s=$d/sim
        [ "$fold" != - ] && s=$d/sim/$t
        mkdir -p "$d/$t"
        cp "$s/truth.json" "$d/$t/truth.json"
        if [ "$inputs" = all ]; then
            bwa mem -t 1 -R "@RG\tID:x\tSM:$name.$seed.$t" "$ref" "$s/reads_1.fq.gz" \
                "$s/reads_2.fq.gz" 2>/dev/null | samtools sort -o "$d/$t/in.bam" - 2>/dev/null
            samtools index "$d/$t/in.bam"
            "$HTLVPVL" count -q -s "$t" -o "$d/$t/bam" "$d/$t/in.bam" >/dev/null 2>&1 ||
                echo "count BAM failed: $d/$t" >&2
        fi
        local g
        g=$(python3 "$ROOT/bench/validate_pvl.py" --genome-size "$d/$t/truth.json")
        "$HTLVPVL" count -q -s "$t" -o "$d/$t/fq" --genome-size "$g" "$s/reads_1.fq.gz" \
            "$s/reads_2.fq.gz" >/dev/null 2>&1 || echo "count FASTQ failed: $d/$t" >&2
        rm -f "$d/$t/in.bam" "$d/$t/in.bam.bai"
    done
    if [ "$fold" != - ] && [ "$inputs" = all ]; then
        for e in bam fq; do
            printf 'sample\tsubject\ttimepoint\tsummary\nt0\tP\t0\tt0/%s.summary.json\nt1\tP\t1\tt1/%s.summary.json\n' \
                $e $e > "$d/sheet.$e.tsv"
            (cd "$d" && "$HTLVPVL" compare -q -o "cmp.$e" "sheet.$e.tsv" >/dev/null 2>&1) ||
                echo "compare failed: $d ($e)" >&2
        done
    fi
    rm -rf "$d/sim"
    touch "$d/done"
}
export -f one_sample
export W HTLVPVL ROOT

printf '%s\n' "$SCENARIOS" | while read -r line; do
    for seed in $(seq 1 "$SEEDS"); do echo "$line $seed"; done
done | xargs -P "$JOBS" -L 1 bash -c 'one_sample "$@"' _

python3 "$ROOT/bench/validate_pvl.py" $CHECK "$W" $(printf '%s\n' "$SCENARIOS" | awk '{print $1}')
