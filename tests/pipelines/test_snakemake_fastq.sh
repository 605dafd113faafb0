# Snakemake workflow on FASTQ input (the sheet's fastq_1/fastq_2 columns): the three HAM time
# points from their read pairs, counted (rule count_fastq: its five outputs, count_fastq_extra
# reaching the command), compared and put through MultiQC; the tables equal those of the same
# commands run by hand.
. "$ROOT/tests/lib.sh"

SMK=$ROOT/pipelines/snakemake/workflow/Snakefile
if ! command -v snakemake > /dev/null; then
    fail "snakemake is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
mkdir -p bin && ln -s "$HTLVPVL" bin/htlvpvl
export PATH=$WORK/bin:$PATH
for k in 0 1 2; do
    for r in 1 2; do
        if [ ! -f "$TD/ham_t$k/reads_$r.fq.gz" ]; then
            fail "test data test-data/ham_t$k/reads_$r.fq.gz is missing (make test-data)"
            exit 0
        fi
    done
done

{
    printf 'sample\tsubject\ttimepoint\tbam\tfastq_1\tfastq_2\tinfusion\tbaseline\n'
    for row in "ham_t0 0 no yes" "ham_t1 2 yes no" "ham_t2 24 yes no"; do
        set -- $row
        printf '%s\tHAM1\t%s\t\t%s\t%s\t%s\t%s\n' $1 $2 "$TD/$1/reads_1.fq.gz" \
            "$TD/$1/reads_2.fq.gz" $3 $4
    done
} > samples.tsv
# the HAM host is 22 kb (test-data/README.md): the FASTQ estimator needs its size (FASTQ-only)
gsize=--genome-size=22000
cat > config.yaml <<EOF
samples: samples.tsv
outdir: results
count_threads: 2
study: ham
count_fastq_extra: "$gsize"
EOF

snakemake --cores 2 --keep-going -s "$SMK" --configfile config.yaml --printshellcmds \
    > smk.log 2>&1
rc=$?
check_eq "snakemake --cores 2 on FASTQ pairs exits 0" "$rc" 0 || true
check_grep "count_fastq got both reads of a pair and count_fastq_extra" \
    "htlvpvl count -t 2 -s ham_t0 $gsize -o results/count/ham_t0 .*/reads_1.fq.gz .*/reads_2.fq.gz" \
    smk.log
absent=""
for s in ham_t0 ham_t1 ham_t2; do
    for x in .summary.json .summary.tsv .sites.tsv .flanks.fa _mqc.tsv .attrition.tsv; do
        [ -s "results/count/$s$x" ] || absent="$absent count/$s$x"
    done
done
check_eq "every declared count output is there" "${absent:-none}" none

mkdir -p hand
for k in 0 1 2; do
    s=ham_t$k
    "$HTLVPVL" count -t 1 -s $s $gsize -o hand/$s "$TD/$s/reads_1.fq.gz" "$TD/$s/reads_2.fq.gz" \
        > hand/$s.log 2>&1 || fail "hand count $s" "$(cat hand/$s.log)"
    check "count $s (FASTQ): summary.tsv equals the hand-run one (-t 1)" \
        cmp results/count/$s.summary.tsv hand/$s.summary.tsv
    check "count $s (FASTQ): sites.tsv equals the hand-run one (-t 1)" \
        cmp results/count/$s.sites.tsv hand/$s.sites.tsv
done

absent=""
for x in .pvl.tsv .clones.tsv .json _mqc.json .table_mqc.json .pvl.svg .clones.svg .html; do
    [ -s "results/compare/ham$x" ] || absent="$absent compare/ham$x"
done
if [ -n "$absent" ]; then
    fail "compare of the FASTQ time series ran" "$(grep -h 'htlvpvl compare' results/logs/compare/*.log)"
else
    pass "compare of the FASTQ time series ran"
    printf 'sample\tsubject\ttimepoint\tsummary\tinfusion\tbaseline\n' > hand/ham.sheet.tsv
    printf 'ham_t0\tHAM1\t0\tham_t0.summary.json\tno\tyes\n' >> hand/ham.sheet.tsv
    printf 'ham_t1\tHAM1\t2\tham_t1.summary.json\tyes\tno\n' >> hand/ham.sheet.tsv
    printf 'ham_t2\tHAM1\t24\tham_t2.summary.json\tyes\tno\n' >> hand/ham.sheet.tsv
    "$HTLVPVL" compare -o hand/ham hand/ham.sheet.tsv > hand/compare.log 2>&1 ||
        fail "hand compare" "$(cat hand/compare.log)"
    check "compare (FASTQ): pvl table equals the hand-run one" \
        cmp results/compare/ham.pvl.tsv hand/ham.pvl.tsv
    check "compare (FASTQ): clones table equals the hand-run one" \
        cmp results/compare/ham.clones.tsv hand/ham.clones.tsv
    check_grep "MultiQC general stats: row ham_t1" "^ham_t1	" \
        results/multiqc/multiqc_data/multiqc_general_stats.txt
fi
