# End to end: `count` on the simulated HAM/TSP time series (test-data/ham_t0..2, made by
# test-data/make.sh), then `compare`, checked against the simulator's truth: the change of the
# realised PVL from baseline lies in the reported 95 % CI, and the clones reported as falling
# are the ones the simulator reduced (CCR4+), while clones it left alone are not.
. "$ROOT/tests/lib.sh"
N=3
for k in 0 1 2; do
    if [ ! -f "$TD/ham_t$k/ham_t$k.bam" ] || [ ! -f "$TD/ham_t$k/truth.json" ]; then
        fail "test data $TD/ham_t$k missing (make test-data)"
        exit 0
    fi
done

mkdir -p c
printf 'sample\tsubject\ttimepoint\tsummary\tinfusion\tdose_mg_per_kg\n' > sheet.tsv
for k in 0 1 2; do
    check "count ham_t$k" "$HTLVPVL" count -q -t 2 -s "ham_t$k" -o "c/ham_t$k" "$TD/ham_t$k/ham_t$k.bam"
    tp=$(json_get "$TD/ham_t$k/truth.json" timepoint)
    printf 'ham_t%s\tHAM1\t%s\tc/ham_t%s.summary.json\t%s\t0.3\n' "$k" "$tp" "$k" \
        "$([ "$k" -lt 2 ] && echo yes || echo no)" >> sheet.tsv
done
check_exit 0 "compare on the three count outputs" "$HTLVPVL" compare -q -o cmp sheet.tsv

# PVL change: the truth's realised change lies in the reported CI.
for k in 1 2; do
    t0=$(json_get "$TD/ham_t0/truth.json" pvl_realised)
    tk=$(json_get "$TD/ham_t$k/truth.json" pvl_realised)
    want=$(awk -v a="$t0" -v b="$tk" 'BEGIN{printf "%.4f", 100 * (b / a - 1)}')
    row=$(awk -F'\t' -v s="ham_t$k" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==s{print $h["change_pct"], $h["change_ci_low"], $h["change_ci_high"], $h["beyond_noise"], $h["direction"]}' cmp.pvl.tsv)
    read -r got lo hi bn dir <<< "$row"
    echo "# ham_t$k: truth change $want %, reported $got % (95 % CI $lo to $hi), beyond noise $bn"
    check "ham_t$k: truth change $want % within the reported CI [$lo, $hi]" \
        awk -v w="$want" -v l="$lo" -v h="$hi" 'BEGIN{exit !(l != "NA" && w >= l && w <= h)}'
    if awk -v w="$want" 'BEGIN{exit !(w < -50)}'; then
        check_eq "ham_t$k: a fall of $want % is reported as a fall beyond noise" "$bn $dir" "yes fell"
    fi
done

# Clones: join the reported clones with the truth (same chrom and strand, within 5 bp).
python3 - "$TD" cmp.clones.tsv <<'PY' > clones_check.txt
import csv, sys
td, path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path), delimiter='\t'))
def truth(k):
    return list(csv.DictReader(open(f"{td}/ham_t{k}/truth.sites.tsv"), delimiter='\t'))
out = []
for k in (1, 2):
    tr = truth(k)
    fp = tp = fn = called = powered = 0
    for r in rows:
        if r['sample'] != f'ham_t{k}':
            continue
        m = [t for t in tr if t['chrom'] == r['chrom'] and t['strand'] == r['strand']
             and abs(int(t['pos']) - int(r['pos'])) <= 5]
        if not m:
            continue
        fold = float(m[0]['fold'])
        reduced = fold < 0.75
        fell = r['trend'] == 'fell'
        exp = float(r['expected_fragments']) if r['expected_fragments'] != 'NA' else 0
        called += fell
        if fell and not reduced:
            fp += 1
        if fell and reduced:
            tp += 1
        # well powered: >= 10 fragments expected here had it not changed, and cut >= 2-fold
        if reduced and fold <= 0.5 and exp >= 10:
            powered += 1
            fn += not fell
    out.append(f"t{k} called={called} true={tp} false={fp} powered={powered} missed={fn}")
print("\n".join(out))
PY
cat clones_check.txt | sed 's/^/# /'
while read -r t called tr fa po mi; do
    c=${called#called=}; f=${fa#false=}; p=${po#powered=}; m=${mi#missed=}
    check "$t: some clones reported falling" test "$c" -gt 0
    check_eq "$t: no clone reported falling that the simulator did not reduce" "$f" 0
    check "$t: the well-powered reduced clones ($p) are reported falling (missed $m)" \
        awk -v p="$p" -v m="$m" 'BEGIN{exit !(p > 0 && m <= 0.1 * p)}'
done < clones_check.txt

# Deterministic end to end: count at 4 threads gives the same compare outputs.
for k in 0 1 2; do
    "$HTLVPVL" count -q -t 4 -s "ham_t$k" -o "c/ham_t$k" "$TD/ham_t$k/ham_t$k.bam"
done
"$HTLVPVL" compare -q -o cmp4 sheet.tsv 2>/dev/null
for s in .pvl.tsv .clones.tsv .json .pvl.svg .clones.svg .html; do
    check "compare output $s identical with count -t 4" cmp "cmp$s" "cmp4$s"
done
