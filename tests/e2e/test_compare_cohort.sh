# `compare` for a trial: the identity check on two unrelated test samples given as one subject
# (fires) and on the HAM series (does not), the plausibility flag on FASTQ input with a wrong
# --genome-size, a dosing table with ISO dates, and a 6-subject cohort view.
. "$ROOT/tests/lib.sh"
for s in ham_t0 ham_t1 ham_t2 oligo; do
    if [ ! -f "$TD/$s/$s.bam" ]; then
        fail "test data $TD/$s missing (make test-data)"
        exit 0
    fi
done
col() {  # col FILE SAMPLE COLUMN
    awk -F'\t' -v k="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==k{print $h[c]; exit}' "$1"
}
mkdir -p c
for s in ham_t0 ham_t1 ham_t2 oligo; do
    "$HTLVPVL" count -q -t 2 -s "$s" -o "c/$s" "$TD/$s/$s.bam"
done

# Identity: oligo and ham_t0 are different simulated patients (no clone in common).
printf 'sample\tsubject\ttimepoint\tsummary\nham_t0\tX\t0\tc/ham_t0.summary.json\noligo\tX\t14\tc/oligo.summary.json\n' > swap.tsv
"$HTLVPVL" compare -o swap swap.tsv 2> swap.err
check_eq "two unrelated samples as one subject: possible_swap" "$(col swap.pvl.tsv oligo identity)" possible_swap
check_grep "... and a warning on stderr" "possible sample swap or mislabel: oligo shares 0 clones" swap.err
check "... P of sharing none below 0.001" awk -v p="$(col swap.pvl.tsv oligo p_identity)" 'BEGIN{exit !(p < 0.001)}'
check_grep "... marked in the HTML report" "possible swap" swap.html
# -q as in every command: errors only on stderr; the flag stays in the outputs
"$HTLVPVL" compare -q -o swapq swap.tsv 2> swapq.err
check_eq "compare -q: nothing on stderr (no warning either)" "$(cat swapq.err)" ""
check_eq "... the swap still flagged in the table" "$(col swapq.pvl.tsv oligo identity)" possible_swap
printf 'sample\tsubject\ttimepoint\tsummary\n' > ham.tsv
for k in 0 1 2; do
    printf 'ham_t%s\tHAM1\t%s\tc/ham_t%s.summary.json\n' "$k" "$(json_get "$TD/ham_t$k/truth.json" timepoint_label)" "$k" >> ham.tsv
done
"$HTLVPVL" compare -o ham ham.tsv 2> ham.err
check_eq "HAM series (one patient, CCR4+ clones cleared): no swap at t1, t2" "$(col ham.pvl.tsv ham_t1 identity) $(col ham.pvl.tsv ham_t2 identity)" "ok ok"
check_eq "... no swap warning" "$(grep -c 'sample swap' ham.err)" 0
check_eq "HAM: every QC flag clear" "$(cut -f2 ham.pvl.tsv | tail -n +2 | while read -r s; do col ham.pvl.tsv "$s" qc; done | sort -u)" ok

# Plausibility: FASTQ with the default (human) genome size on a 22-kb host.
"$HTLVPVL" count -t 2 -s fq -o fq "$TD/ham_t0/reads_1.fq.gz" "$TD/ham_t0/reads_2.fq.gz" 2> fq.err
check_eq "wrong --genome-size: qc flags in summary.json" "$(json_get fq.summary.json qc.flags)" "pvl_above_200,genome_size"
check_grep "... a warning on stderr" "QC genome_size: .*--genome-size 3[.]1e[+]09 bp is too large" fq.err
check_eq "... the qc column of summary.tsv" "$(awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}{print $h["qc"]}' fq.summary.tsv)" "pvl_above_200,genome_size"
check_grep "... the MultiQC cell, with a fail rule" "	pvl_above_200,genome_size$" fq_mqc.tsv
check_grep "... fail rule in the MultiQC header" "fail: \[{s_ne: 'ok'}\]" fq_mqc.tsv
"$HTLVPVL" count -q -t 2 -s fq2 -o fq2 --genome-size 22000 "$TD/ham_t0/reads_1.fq.gz" "$TD/ham_t0/reads_2.fq.gz"
check_eq "the host's genome size (22 kb): no genome_size flag" "$(json_get fq2.summary.json qc.flags | grep -c genome_size)" 0
printf 'sample\tsubject\ttimepoint\tsummary\nfq\tF\t0\tfq.summary.json\n' > fq.tsv
"$HTLVPVL" compare -o fqc fq.tsv 2> fqc.err
check_eq "compare carries the flag" "$(col fqc.pvl.tsv fq qc)" "pvl_above_200,genome_size"
check_grep "compare warns" "fq: QC genome_size" fqc.err
check_grep "compare's HTML shows it first" "Check before reading the numbers" fqc.html

# Doses apart from samples, ISO dates: days from the first dose, days since the last dose.
printf 'sample\tsubject\ttimepoint\tsummary\nham_t0\tD\t2024-01-10\tc/ham_t0.summary.json\nham_t1\tD\t2024-01-29\tc/ham_t1.summary.json\nham_t2\tD\t2024-04-22\tc/ham_t2.summary.json\n' > dates.tsv
printf 'subject\tdate\tdose_mg_per_kg\tdrug\nD\t2024-01-15\t0.3\tmogamulizumab\nD\t2024-04-08\t0.3\tmogamulizumab\n' > doses.tsv
check_exit 0 "dates and a dosing table" "$HTLVPVL" compare -q --doses doses.tsv -o dd dates.tsv
check_eq "days from the first dose (2024-01-15)" "$(col dd.pvl.tsv ham_t0 timepoint) $(col dd.pvl.tsv ham_t1 timepoint) $(col dd.pvl.tsv ham_t2 timepoint)" "-5 14 98"
check_eq "days since the last dose" "$(col dd.pvl.tsv ham_t0 days_since_dose) $(col dd.pvl.tsv ham_t1 days_since_dose) $(col dd.pvl.tsv ham_t2 days_since_dose)" "NA 14 14"
check_eq "dose markers at the dosing days (84 is no sample day)" "$(grep -c 'dose: D at day 84' dd.pvl.svg)" 1
printf 'subject\tday\tdose_mg_per_kg\nD\t5\t0.3\n' > daydose.tsv
check_exit 1 "dates in the sheet, days in the doses: refused" "$HTLVPVL" compare -q --doses daydose.tsv -o mix dates.tsv
no_files "... no outputs" mix.pvl.tsv mix.html

# A 6-subject cohort (the HAM series and the deep series under several subject names).
D=$ROOT/tests/data/compare/deep
printf 'sample\tsubject\ttimepoint\tsummary\n' > cohort.tsv
for p in 1 2 3; do
    for k in 0 1 2; do
        sed "s/\"sample\": \"ham_t$k\"/\"sample\": \"P${p}_t$k\"/" "c/ham_t$k.summary.json" > "c/P${p}_t$k.summary.json"
        cp "c/ham_t$k.sites.tsv" "c/P${p}_t$k.sites.tsv"
        printf 'P%s_t%s\tP%s\t%s\tc/P%s_t%s.summary.json\n' "$p" "$k" "$p" "$(json_get "$TD/ham_t$k/truth.json" timepoint_label)" "$p" "$k" >> cohort.tsv
    done
done
for p in 4 5 6; do
    for k in 0 1 2; do
        sed "s/\"sample\": \"deep_t$k\"/\"sample\": \"P${p}_t$k\"/" "$D/deep_t$k.summary.json" > "c/P${p}_t$k.summary.json"
        cp "$D/deep_t$k.sites.tsv" "c/P${p}_t$k.sites.tsv"
        printf 'P%s_t%s\tP%s\t%s\tc/P%s_t%s.summary.json\n' "$p" "$k" "$p" "$(awk -F'\t' -v s="deep_t$k" '$1==s{print $3}' "$D/sheet.tsv")" "$p" "$k" >> cohort.tsv
    done
done
check_exit 0 "6-subject cohort" "$HTLVPVL" compare -q -o coh cohort.tsv
check_eq "one cohort panel per subject" "$(grep -c 'font-size="13" font-weight="bold"' coh.cohort.svg)" 6
check_grep "waterfall: share of subjects beyond noise" "6 of 6 subjects [(]100 %[)] beyond noise" coh.waterfall.svg
check_eq "waterfall: one bar per subject" "$(grep -c '<rect [^>]*><title>P[1-6] ' coh.waterfall.svg)" 6
check_eq "HTML: waterfall, cohort panels and clones (not the one crowded PVL panel)" "$(grep -c '<svg' coh.html)" 3

# A viral contig with no reads (split layout, the LTR contig's reads removed): flagged.
if command -v samtools > /dev/null; then
    samtools view -h "$TD/oligo_split/oligo_split.bam" |
        awk -F'\t' '/^@/ || ($3 != "HTLV1_LTR" && $7 != "HTLV1_LTR")' | samtools view -b -o noltr.bam -
    samtools index noltr.bam
    "$HTLVPVL" count -t 2 -s noltr -o noltr noltr.bam 2> noltr.err
    check_grep "empty LTR contig: flagged in summary.json" "empty_viral_contig" noltr.summary.json
    check_grep "... warning names the contig" "QC empty_viral_contig: viral contig HTLV1_LTR has no reads" noltr.err
    "$HTLVPVL" count -q -t 2 -s split -o split "$TD/oligo_split/oligo_split.bam"
    check_eq "the intact split-layout sample: no flag" "$(json_get split.summary.json qc.flags)" ok
else
    fail "samtools not installed: empty viral contig not checked"
fi
