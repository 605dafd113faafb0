# `compare` on a deep simulated time series (tests/data/compare/deep: count outputs of a 300x
# high-PVL patient at day 0, 14 and 98, CCR4+ clones cut to 0.25 and 0.1; regenerate with its
# make.sh), against the simulator's truth: the realised PVL change lies in the reported CI and
# is reported as a fall beyond noise, and the clones reported as falling are the reduced ones.
. "$ROOT/tests/lib.sh"
D=$ROOT/tests/data/compare/deep
check_exit 0 "compare on the deep series" "$HTLVPVL" compare -q -o cmp "$D/sheet.tsv"
t0=$(json_get "$D/deep_t0.truth.json" pvl_cells)
for k in 1 2; do
    tk=$(json_get "$D/deep_t$k.truth.json" pvl_cells)
    want=$(awk -v a="$t0" -v b="$tk" 'BEGIN{printf "%.4f", 100 * (b / a - 1)}')
    row=$(awk -F'\t' -v s="deep_t$k" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==s{print $h["change_pct"], $h["change_ci_low"], $h["change_ci_high"], $h["beyond_noise"], $h["direction"]}' cmp.pvl.tsv)
    read -r got lo hi bn dir <<< "$row"
    echo "# deep_t$k: truth change $want %, reported $got % (95 % CI $lo to $hi)"
    check_in_ci "deep_t$k: truth change $want % within the reported CI [$lo, $hi]" "$want" "$lo" "$hi"
    check_eq "deep_t$k: reported as a fall beyond noise" "$bn $dir" "yes fell"
done
run_checker clones_check.txt python3 "$ROOT/tests/data/compare/truth_check.py" cmp.clones.tsv \
    deep_t1="$D/deep_t1.truth.sites.tsv" deep_t2="$D/deep_t2.truth.sites.tsv"
# The same set of clones, named: at day 98 the significant falls are exactly the CCR4+ clones
# with >= 10 baseline fragments.
got=$(awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $h["sample"]=="deep_t2" && $h["trend"]=="fell"{print $2}' cmp.clones.tsv | sort | tr '\n' ' ')
want=$(python3 - "$D" <<'PY'
import csv, sys
d = sys.argv[1]
t0 = {(r['chrom'], r['pos'], r['strand']): r for r in csv.DictReader(open(f"{d}/deep_t0.sites.tsv"), delimiter='\t')}
tr = csv.DictReader(open(f"{d}/deep_t2.truth.sites.tsv"), delimiter='\t')
out = [f"{r['chrom']}:{r['pos']}:{r['strand']}" for r in tr
       if r['ccr4'] == '1' and float(t0.get((r['chrom'], r['pos'], r['strand']), {'fragments': 0})['fragments']) >= 10]
print(' '.join(sorted(out)) + ' ')
PY
)
check_eq "deep_t2: falling clones = CCR4+ clones with >= 10 baseline fragments" "$got" "$want"
