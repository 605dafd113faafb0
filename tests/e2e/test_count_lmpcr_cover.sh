# count --assay lmpcr over 20 seeds of simulate --assay lmpcr (40 clones, 40,000 cells, PVL 4 %,
# a spike of 200 cells; clone sizes from Laydon's distribution when ../shared is present),
# trimmed and aligned with bwa mem -C: coverage of the spike-calibrated PVL's 95 % CI over the
# realised truth (at least 17 of 20: below that has a chance under 2 % for a true 95 % CI), and
# the estimated cells of all clones >= 10 cells pooled over the seeds (median and 90th
# percentile of the relative error, saturated clones included), and sites exact in every seed.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
H=$HTLVPVL
EVAL=$ROOT/tests/e2e/count_lmpcr_eval.py
LAYDON=${SHARED:-/nonexistent}/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt
dist=()
[ -f "$LAYDON" ] && dist=(--clone-dist "$LAYDON")
SEEDS=${LMPCR_SEEDS:-$(seq 101 120)}
n=0 bad=0
: > stats.txt
for seed in $SEEDS; do
    d=s$seed
    "$H" simulate --assay lmpcr -o $d --seed $seed -n 40 --cells 40000 --pvl 4 \
        --spike-cells 200 "${dist[@]}" >/dev/null 2>&1 || { fail "seed $seed: simulate"; continue; }
    "$H" trim -q -o $d/t --read-structure 8M16S+T $d/reads_1.fq.gz $d/reads_2.fq.gz
    if [ ! -f ref.fa.bwt ]; then
        { cat $d/host.fa; "$H" ref; } > ref.fa && samtools faidx ref.fa && bwa index ref.fa 2>/dev/null
    fi
    bwa mem -C -t 2 ref.fa $d/t_1.fq.gz $d/t_2.fq.gz 2>/dev/null | samtools sort -o $d/t.bam - 2>/dev/null
    sp=$(awk -F'\t' '$5 == 1 { print $2 ":" $3 ":" $4 }' $d/truth.clones.tsv)
    "$H" count --assay lmpcr -q -o $d/c --reference ref.fa --spike "$sp" --spike-cells 200 \
        --input-cells 40000 $d/t.bam || { fail "seed $seed: count"; continue; }
    python3 "$EVAL" $d $d/c --calibrated > $d/v.txt
    grep -q '^FAIL.*\(exact position\|no artefact\)' $d/v.txt && bad=$((bad + 1))
    grep '^stat' $d/v.txt >> stats.txt
    n=$((n + 1))
done
check_eq "sites exact and no artefact site in every seed" "$bad" 0
python3 - stats.txt > cover.txt <<'PY'
import math, sys
rows = [dict(kv.split("=", 1) for kv in l.rstrip("\n").split("\t")[1].split()) for l in open(sys.argv[1])]
cov = sum(int(r["covered"]) for r in rows)
rel = [float(x) for r in rows for x in r["rel"].split(",") if x]
q = lambda v, p: sorted(v)[max(0, math.ceil(p * len(v)) - 1)]
inside = sum(int(r["site_ci_in"]) for r in rows); nsite = sum(int(r["site_n"]) for r in rows)
err = [abs(float(r["pvl"]) / float(r["true"]) - 1) for r in rows]
print(f"info\tspike PVL CI covers the truth in {cov} of {len(rows)} seeds; |PVL/true - 1|: median "
      f"{q(err, .5):.3f}, max {max(err):.3f}")
print(f"info\testimated cells, {len(rel)} clones >= 10 cells over {len(rows)} seeds: median rel. "
      f"error {q(rel, .5):.3f}, 90th pct {q(rel, .9):.3f}; true cells in the site CI: {inside} of "
      f"{nsite}")
print(("PASS" if cov >= 17 * len(rows) / 20 else "FAIL") + "\tspike PVL 95 % CI coverage >= 17/20")
print(("PASS" if q(rel, .5) < 0.3 else "FAIL") + "\testimated cells: pooled median rel. error < 0.3")
print(("PASS" if q(rel, .9) < 0.7 else "FAIL") + "\testimated cells: pooled 90th pct < 0.7")
print(("PASS" if inside >= 0.9 * nsite else "FAIL") + "\tsite CIs cover the true cells >= 90 %")
PY
check_eq "all seeds ran" "$n" "$(echo $SEEDS | wc -w)"
check_verdicts cover.txt
