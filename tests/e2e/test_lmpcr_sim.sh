# simulate --assay lmpcr -> trim -> genome-free sites and abundance, against the simulated truth,
# over three seeds (clone sizes from Laydon's distribution when ../shared is present): read
# attrition per artefact class, every clone with >= 3 distinct (shear, UMI) at its exact flank,
# no artefact site, theta against sequenced fragments, spike-calibrated cells and PVL.
. "$ROOT/tests/lib.sh"
H=$HTLVPVL
EVAL=$ROOT/tests/e2e/lmpcr_eval.py
LAYDON=${SHARED:-/nonexistent}/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt
dist=()
if [ -f "$LAYDON" ]; then dist=(--clone-dist "$LAYDON"); else
    echo "# Laydon clone sizes absent (../shared): log-normal clone sizes"; fi
for seed in 1 2 3; do
    d=s$seed
    check "seed $seed: simulate" "$H" simulate --assay lmpcr -o $d --seed $seed -n 40 \
        --cells 40000 --pvl 4 --spike-cells 200 "${dist[@]}"
    check "seed $seed: trim" "$H" trim -q -t 2 -o $d/t --read-structure 8M16S+T --flanks 24 \
        $d/reads_1.fq.gz $d/reads_2.fq.gz
    python3 "$EVAL" $d $d/t $d/frag.tsv trim > $d/v1.txt 2>&1 ||
        fail "seed $seed: eval" "$(cat $d/v1.txt)"
    check_verdicts $d/v1.txt
    check "seed $seed: abundance" "$H" abundance -o $d/ab.tsv $d/frag.tsv
    python3 "$EVAL" $d $d/t $d/frag.tsv $d/ab.tsv > $d/v2.txt 2>&1 ||
        fail "seed $seed: eval" "$(cat $d/v2.txt)"
    check_verdicts $d/v2.txt
done
"$H" simulate --assay lmpcr -o r1 --seed 5 >/dev/null 2>&1
"$H" simulate --assay lmpcr -o r2 --seed 5 >/dev/null 2>&1
check "same bytes for the same seed" cmp r1/reads_1.fq.gz r2/reads_1.fq.gz
check "same truth for the same seed" cmp r1/truth.clones.tsv r2/truth.clones.tsv
check_exit 2 "--assay other" "$H" simulate --assay chip -o x
check_exit 2 "lmpcr: no -o" "$H" simulate --assay lmpcr
