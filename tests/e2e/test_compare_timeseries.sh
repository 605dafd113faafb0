# End to end: `count` on the simulated HAM/TSP time series (test-data/ham_t0..2, made by
# test-data/make.sh), then `compare`, checked against the simulator's truth: the change of the
# realised PVL from baseline lies in the reported 95 % CI, and no clone the simulator left alone
# (CCR4-) is reported as falling. This series (50x) has about 16 pX fragments at baseline and at
# most one junction fragment per clone, so what needs power is checked on the deeper series in
# test_compare_deep.sh.
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

# PVL change: the truth's realised change lies in the reported CI; a fall the data can show
# (baseline with >= 50 viral fragments) of more than half is reported as beyond noise.
k0=$(awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2=="ham_t0"{print $h["viral_fragments"]}' cmp.pvl.tsv)
for k in 1 2; do
    t0=$(json_get "$TD/ham_t0/truth.json" pvl_realised)
    tk=$(json_get "$TD/ham_t$k/truth.json" pvl_realised)
    want=$(awk -v a="$t0" -v b="$tk" 'BEGIN{printf "%.4f", 100 * (b / a - 1)}')
    row=$(awk -F'\t' -v s="ham_t$k" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==s{print $h["change_pct"], $h["change_ci_low"], $h["change_ci_high"], $h["beyond_noise"], $h["direction"], $h["viral_fragments"]}' cmp.pvl.tsv)
    read -r got lo hi bn dir kk <<< "$row"
    echo "# ham_t$k: truth change $want %, reported $got % (95 % CI $lo to $hi) from $kk vs $k0 viral fragments, beyond noise: $bn"
    check "ham_t$k: truth change $want % within the reported CI [$lo, $hi]" \
        awk -v w="$want" -v l="$lo" -v h="$hi" 'BEGIN{exit !(l != "NA" && w >= l && w <= h)}'
    if awk -v w="$want" -v k="$k0" 'BEGIN{exit !(w < -50 && k >= 50)}'; then
        check_eq "ham_t$k: a fall of $want % is reported as a fall beyond noise" "$bn $dir" "yes fell"
    else
        echo "# ham_t$k: $k0 baseline viral fragments: too few to require the fall beyond noise"
    fi
done

# Clones against the truth (tests/data/compare/truth_check.py says what is checked).
python3 "$ROOT/tests/data/compare/truth_check.py" cmp.clones.tsv \
    ham_t1="$TD/ham_t1/truth.sites.tsv" ham_t2="$TD/ham_t2/truth.sites.tsv" > clones_check.txt
while IFS=$'\t' read -r verdict what; do
    case $verdict in
        PASS) pass "$what" ;;
        FAIL) fail "$what" ;;
        *) echo "# $what" ;;
    esac
done < clones_check.txt

# Deterministic end to end: count at 4 threads gives the same compare outputs.
for k in 0 1 2; do
    "$HTLVPVL" count -q -t 4 -s "ham_t$k" -o "c/ham_t$k" "$TD/ham_t$k/ham_t$k.bam"
done
"$HTLVPVL" compare -q -o cmp4 sheet.tsv 2>/dev/null
for s in .pvl.tsv .clones.tsv .json .pvl.svg .clones.svg .html; do
    check "compare output $s identical with count -t 4" cmp "cmp$s" "cmp4$s"
done
