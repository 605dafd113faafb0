# The alignment step the workflows and the README document, run for real on test-data/oligo:
# the hybrid reference is the host FASTA plus `htlvpvl ref` (equal to the bundled hybrid), bwa
# mem WITHOUT -M, samtools sort + index. The same reads aligned WITH -M have their split-read
# parts flagged secondary: count must say so on stderr, once, and the junction PVL drops.
. "$ROOT/tests/lib.sh"

for t in bwa samtools; do
    command -v $t > /dev/null || { fail "$t is not installed (scripts/install-deps.sh --test)"; exit 0; }
done
[ -f "$TD/oligo/reads_1.fq.gz" ] || { fail "test data missing (make test-data)"; exit 0; }

cat "$TD/ref/host.fa" > hybrid.fa && "$HTLVPVL" ref >> hybrid.fa
check "hybrid = host + htlvpvl ref is the bundled test-data/ref/hybrid_full.fa" \
    cmp hybrid.fa "$TD/ref/hybrid_full.fa"
bwa index hybrid.fa 2> index.log || fail "bwa index" "$(cat index.log)"
for m in noM M; do
    flag=""; [ $m = M ] && flag=-M
    bwa mem -t 2 $flag -R '@RG\tID:oligo\tSM:oligo' hybrid.fa "$TD/oligo/reads_1.fq.gz" \
        "$TD/oligo/reads_2.fq.gz" 2> bwa_$m.log | samtools sort -o $m.bam - 2> sort_$m.log &&
        samtools index $m.bam || fail "align ($m)" "$(cat bwa_$m.log sort_$m.log)"
    "$HTLVPVL" count -t 2 -o $m $m.bam 2> count_$m.log || fail "count $m.bam" "$(cat count_$m.log)"
done
check_eq "without -M: split parts are supplementary (0x800), none secondary with SA" \
    "$(samtools view -f 0x100 noM.bam | grep -c 'SA:Z:')" 0
check "with -M: bwa flags split parts secondary (0x100) with an SA tag" \
    sh -c "[ \$(samtools view -f 0x100 M.bam | grep -c 'SA:Z:') -gt 0 ]"
check_eq "count without -M: no -M warning" "$(grep -c 'bwa mem -M' count_noM.log)" 0
check_eq "count with -M: the warning, once" "$(grep -c 'warning: .*bwa mem -M' count_M.log)" 1
n=$(samtools view -f 0x100 M.bam | grep -c 'SA:Z:')
check_grep "the warning gives the number of such records ($n)" "M.bam: $n split-read parts" count_M.log
j_no=$(json_get noM.summary.json pvl.junction.copies_per_100_cells)
j_m=$(json_get M.summary.json pvl.junction.copies_per_100_cells)
echo "# junction PVL: $j_no without -M, $j_m with -M"
check "with -M the junction PVL is lower (split reads lost): $j_m < $j_no" \
    awk -v a="$j_m" -v b="$j_no" 'BEGIN { exit !(a < b) }'
t_truth=$(json_get "$TD/oligo/truth.json" pvl_realised 2>/dev/null)
[ -n "$t_truth" ] && echo "# truth PVL (realised): $t_truth"
# the workflow's alignment equals this one (test-data/oligo/oligo.bam was made the same way)
check_eq "the alignment gives the bundled oligo.bam's sites" \
    "$(cut -f1-4 noM.sites.tsv | md5sum)" \
    "$("$HTLVPVL" count -q -o bundled "$TD/oligo/oligo.bam" && cut -f1-4 bundled.sites.tsv | md5sum)"
check_eq "summary.json reads.secondary_split: $n with -M, 0 without" \
    "$(json_get M.summary.json reads.secondary_split) $(json_get noM.summary.json reads.secondary_split)" \
    "$n 0"
