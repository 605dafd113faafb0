# End to end: `count` on the simulated HAM/TSP time series (test-data/ham_t0..2, made by
# test-data/make.sh: 250x on a 22-kb host, PVL 8, two large clones at 3.3 % (CCR4+) and 2.8 %
# (CCR4-) of cells with 10-13 junction fragments at baseline), then `compare`, checked against
# the simulator's truth: the change of the realised PVL from baseline lies in the reported 95 %
# CI and a fall of more than half is reported as beyond noise; no clone the simulator left alone
# (CCR4-) is reported as falling, the reduced ones with the fragments to show it are, and the
# large CCR4- clones are still seen.
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
    tp=$(json_get "$TD/ham_t$k/truth.json" timepoint_label)  # days from the first infusion
    printf 'ham_t%s\tHAM1\t%s\tc/ham_t%s.summary.json\t%s\t0.3\n' "$k" "$tp" "$k" \
        "$([ "$k" -lt 2 ] && echo yes || echo no)" >> sheet.tsv
done
check_exit 0 "compare on the three count outputs" "$HTLVPVL" compare -q -o cmp sheet.tsv

# PVL change: the truth's change (in cells) lies in the reported CI; a fall the data can show
# (baseline with >= 50 viral fragments) of more than half is reported as beyond noise.
k0=$(awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2=="ham_t0"{print $h["viral_fragments"]}' cmp.pvl.tsv)
for k in 1 2; do
    t0=$(json_get "$TD/ham_t0/truth.json" pvl_cells)
    tk=$(json_get "$TD/ham_t$k/truth.json" pvl_cells)
    want=$(awk -v a="$t0" -v b="$tk" 'BEGIN{printf "%.4f", 100 * (b / a - 1)}')
    row=$(awk -F'\t' -v s="ham_t$k" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==s{print $h["change_pct"], $h["change_ci_low"], $h["change_ci_high"], $h["beyond_noise"], $h["direction"], $h["viral_fragments"]}' cmp.pvl.tsv)
    read -r got lo hi bn dir kk <<< "$row"
    echo "# ham_t$k: truth change $want %, reported $got % (95 % CI $lo to $hi) from $kk vs $k0 viral fragments, beyond noise: $bn"
    check_in_ci "ham_t$k: truth change $want % within the reported CI [$lo, $hi]" "$want" "$lo" "$hi"
    if awk -v w="$want" -v k="$k0" 'BEGIN{exit !(w < -50 && k >= 50)}'; then
        check_eq "ham_t$k: a fall of $want % is reported as a fall beyond noise" "$bn $dir" "yes fell"
    else
        echo "# ham_t$k: change $want %, $k0 baseline viral fragments: a fall beyond noise not required"
    fi
done

# Clones against the truth (tests/data/compare/truth_check.py says what is checked).
run_checker clones_check.txt python3 "$ROOT/tests/data/compare/truth_check.py" cmp.clones.tsv \
    ham_t1="$TD/ham_t1/truth.sites.tsv" ham_t2="$TD/ham_t2/truth.sites.tsv"

# Large clones the simulator left alone (CCR4-, >= 10 junction fragments at baseline in the
# truth) are still reported (status persisting) at every later time point.
python3 - cmp.clones.tsv "$TD/ham_t0/truth.sites.tsv" ham_t1="$TD/ham_t1/truth.sites.tsv" \
    ham_t2="$TD/ham_t2/truth.sites.tsv" > persist_check.txt <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
base = list(csv.DictReader(open(sys.argv[2]), delimiter='\t'))
big = [t for t in base if t['ccr4'] == '0' and int(t['junction_fragments']) >= 10]
for arg in sys.argv[3:]:
    sample = arg.split('=', 1)[0]
    for t in big:
        m = [r for r in rows if r['sample'] == sample and r['chrom'] == t['chrom']
             and r['strand'] == t['strand'] and abs(int(r['pos']) - int(t['pos'])) <= 600]
        st = ' '.join(f"{r['status']}/{r['trend']}" for r in m) or 'not reported'
        ok = bool(m) and all(r['status'] == 'persisting' and r['trend'] != 'fell' for r in m)
        print(('PASS' if ok else 'FAIL') + f"\t{sample}: CCR4- clone {t['chrom']}:{t['pos']}"
              f" ({t['junction_fragments']} baseline junction fragments) persisting: {st}")
if not big:
    print('#\tno CCR4- clone with >= 10 baseline junction fragments in the truth')
PY
check_verdicts persist_check.txt

# Deterministic end to end: count at 4 threads gives the same compare outputs.
for k in 0 1 2; do
    "$HTLVPVL" count -q -t 4 -s "ham_t$k" -o "c/ham_t$k" "$TD/ham_t$k/ham_t$k.bam"
done
"$HTLVPVL" compare -q -o cmp4 sheet.tsv 2>/dev/null
for s in .pvl.tsv .clones.tsv .json .pvl.svg .clones.svg .html; do
    check "compare output $s identical with count -t 4" cmp "cmp$s" "cmp4$s"
done
