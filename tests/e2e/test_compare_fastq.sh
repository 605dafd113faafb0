# End to end: `count` on the FASTQ pairs of the HAM time series (no alignment: pvl.reads), then
# `compare`: the truth's realised change from baseline lies in the reported 95 % CI, a fall of
# more than half is beyond noise, the estimator is named; a subject mixing aligned and FASTQ
# samples is refused (exit 1, no outputs), since a change must compare like with like.
. "$ROOT/tests/lib.sh"
for k in 0 1 2; do
    if [ ! -f "$TD/ham_t$k/reads_1.fq.gz" ]; then
        fail "test data $TD/ham_t$k FASTQ missing (make test-data)"
        exit 0
    fi
done
# haploid host size the simulated reads sample (as in test_fastq_truth.sh)
gsize=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['depth']
print(d['host_bases'] * d['autosomal_length'] / d['autosomal_bases'])" "$TD/ham_t0/truth.json")
printf 'sample\tsubject\ttimepoint\tsummary\n' > sheet.tsv
for k in 0 1 2; do
    check "count FASTQ ham_t$k" "$HTLVPVL" count -q -t 2 -s "ham_t$k" --genome-size "$gsize" \
        -o "fq_t$k" "$TD/ham_t$k/reads_1.fq.gz" "$TD/ham_t$k/reads_2.fq.gz"
    printf 'ham_t%s\tHAM1\t%s\tfq_t%s.summary.json\n' "$k" "$(json_get "$TD/ham_t$k/truth.json" timepoint_label)" "$k" >> sheet.tsv
done
check_exit 0 "compare on FASTQ summaries" "$HTLVPVL" compare -q -o cmp sheet.tsv
col() { awk -F'\t' -v s="$1" -v c="$2" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==s{print $h[c]}' cmp.pvl.tsv; }
t0=$(json_get "$TD/ham_t0/truth.json" pvl_nominal)  # truth in cells
for k in 1 2; do
    tk=$(json_get "$TD/ham_t$k/truth.json" pvl_nominal)
    want=$(awk -v a="$t0" -v b="$tk" 'BEGIN{printf "%.4f", 100 * (b / a - 1)}')
    lo=$(col "ham_t$k" change_ci_low) hi=$(col "ham_t$k" change_ci_high)
    echo "# ham_t$k (FASTQ): truth change $want %, reported $(col "ham_t$k" change_pct) % ($lo to $hi)"
    check_in_ci "ham_t$k: truth change $want % within the reported CI [$lo, $hi]" "$want" "$lo" "$hi"
    if awk -v w="$want" 'BEGIN{exit !(w < -50)}'; then
        check_eq "ham_t$k: a fall of $want % is beyond noise" "$(col "ham_t$k" beyond_noise) $(col "ham_t$k" direction)" "yes fell"
    fi
    check_eq "ham_t$k: estimator named" "$(col "ham_t$k" estimator)" reads
done
check_eq "JSON names the estimator" "$(python3 -c "
import json; d = json.load(open('cmp.json'))
def walk(v):
    if isinstance(v, dict):
        if 'estimator' in v: yield v['estimator']
        for x in v.values(): yield from walk(x)
    elif isinstance(v, list):
        for x in v: yield from walk(x)
print(sorted(set(walk(d))))")" "['reads']"

# mixing aligned (pvl.depth) and FASTQ (pvl.reads) samples within one subject: refused
check "count BAM ham_t0" "$HTLVPVL" count -q -t 2 -s ham_t0 -o bam_t0 "$TD/ham_t0/ham_t0.bam"
printf 'sample\tsubject\ttimepoint\tsummary\nham_t0\tHAM1\t0\tbam_t0.summary.json\nham_t1\tHAM1\t14\tfq_t1.summary.json\n' > mix.tsv
check_exit 1 "subject mixing aligned and FASTQ estimates: exit 1" "$HTLVPVL" compare -o mix mix.tsv
check "the message names both estimators" sh -c "'$HTLVPVL' compare -o mix mix.tsv 2>&1 | grep -q 'mixes PVL estimators'"
no_files "no outputs after the refusal" mix.pvl.tsv mix.json mix.html mix.pvl.svg
# different subjects may use different inputs
printf 'sample\tsubject\ttimepoint\tsummary\nham_t0\tA\t0\tbam_t0.summary.json\nham_t1\tB\t14\tfq_t1.summary.json\n' > two.tsv
check_exit 0 "aligned and FASTQ samples of different subjects: accepted" "$HTLVPVL" compare -q -o two two.tsv
