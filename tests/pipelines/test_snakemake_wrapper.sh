# Snakemake wrappers (pipelines/snakemake/wrappers, snakemake-wrappers layout) run for real the
# way snakemake-wrappers tests them: each wrapper's test/Snakefile in a copy of its test/
# directory, with --wrapper-prefix file://DIR/ where DIR/master/bio/htlvpvl/<tool> is the wrapper.
. "$ROOT/tests/lib.sh"

if ! command -v snakemake > /dev/null; then
    fail "snakemake is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
mkdir -p bin && ln -s "$HTLVPVL" bin/htlvpvl
export PATH=$WORK/bin:$PATH
WR=$ROOT/pipelines/snakemake/wrappers
mkdir -p prefix && ln -s "$WR" prefix/master

for tool in count compare; do
    for f in wrapper.py environment.yaml meta.yaml test/Snakefile; do
        check "wrapper $tool has $f" test -s "$WR/bio/htlvpvl/$tool/$f"
    done
    check "wrapper $tool: meta.yaml and environment.yaml are YAML" python3 -c \
        "import yaml; yaml.safe_load(open('$WR/bio/htlvpvl/$tool/meta.yaml')); \
         assert 'htlvpvl' in str(yaml.safe_load(open('$WR/bio/htlvpvl/$tool/environment.yaml')))"
done

for f in oligo/oligo.bam oligo/reads_1.fq.gz oligo/reads_2.fq.gz ham_t0/ham_t0.bam \
    ham_t1/ham_t1.bam; do
    if [ ! -f "$TD/$f" ]; then
        fail "test data test-data/$f is missing (make test-data)"
        exit 0
    fi
done

# --- count wrapper: a BAM and a FASTQ pair ----------------------------------------------------
cp -r "$WR/bio/htlvpvl/count/test" count_test
mkdir -p count_test/data
ln -s "$TD/oligo/oligo.bam" count_test/data/oligo.bam
ln -s "$TD/oligo/oligo.bam.bai" count_test/data/oligo.bam.bai
mkdir -p count_test/data/index
ln -s "$TD/oligo/oligo.bam.bai" count_test/data/index/oligo_index.bai
ln -s "$TD/oligo/reads_1.fq.gz" count_test/data/reads_1.fq.gz
ln -s "$TD/oligo/reads_2.fq.gz" count_test/data/reads_2.fq.gz
(cd count_test && snakemake --cores 2 --wrapper-prefix "file://$WORK/prefix/" \
    --printshellcmds out/oligo.summary.json out/idx.summary.json > ../count.log 2>&1)
check_eq "count wrapper test (BAM rules): snakemake exits 0" "$?" 0
(cd count_test && snakemake --cores 2 --wrapper-prefix "file://$WORK/prefix/" \
    --printshellcmds out/fq.summary.json > ../count_fq.log 2>&1)
check_eq "count wrapper test (FASTQ rule): snakemake exits 0" "$?" 0
check_grep "count wrapper: -t {threads}, -s params.sample" "htlvpvl count -t 2 -s oligo " count.log
for x in .summary.json .summary.tsv .sites.tsv .sites.bed .sites.vcf.gz .sites.vcf.gz.tbi _mqc.tsv .attrition.tsv; do
    check "count wrapper: out/oligo$x" test -s "count_test/out/oligo$x"
done
check "count wrapper (FASTQ): out/fq.summary.json" test -s count_test/out/fq.summary.json
check "count wrapper (FASTQ): out/fq.flanks.fa" test -s count_test/out/fq.flanks.fa
"$HTLVPVL" count -t 1 -s fq --genome-size 100000 -o hand_fq "$TD/oligo/reads_1.fq.gz" \
    "$TD/oligo/reads_2.fq.gz" > /dev/null 2>&1
check "count wrapper (FASTQ): summary.tsv equals the hand-run one" \
    cmp count_test/out/fq.summary.tsv hand_fq.summary.tsv
check "count wrapper: log written" test -f count_test/logs/htlvpvl_count/oligo.log
"$HTLVPVL" count -t 1 -s oligo -o hand_oligo "$TD/oligo/oligo.bam" > /dev/null 2>&1
check "count wrapper: summary.tsv equals the hand-run one" \
    cmp count_test/out/oligo.summary.tsv hand_oligo.summary.tsv
check_grep "count wrapper: an index named otherwise is passed as ##idx##" \
    "oligo.bam##idx##data/index/oligo_index.bai" count.log
check "count wrapper: ... and used (same numbers as with the index beside the BAM)" \
    cmp count_test/out/idx.summary.tsv hand_oligo.summary.tsv

# --- compare wrapper on two counted time points -----------------------------------------------
cp -r "$WR/bio/htlvpvl/compare/test" compare_test
mkdir -p compare_test/data
for s in ham_t0 ham_t1; do
    "$HTLVPVL" count -t 2 -s $s -o compare_test/data/$s "$TD/$s/$s.bam" > /dev/null 2>&1 ||
        fail "count $s for the compare wrapper"
done
{
    printf 'sample\tsubject\ttimepoint\tsummary\n'
    printf 'ham_t0\tHAM1\t0\t%s\n' "$WORK/compare_test/data/ham_t0.summary.json"
    printf 'ham_t1\tHAM1\t2\t%s\n' "$WORK/compare_test/data/ham_t1.summary.json"
} > compare_test/data/sheet.tsv
(cd compare_test && snakemake --cores 1 --wrapper-prefix "file://$WORK/prefix/" \
    --printshellcmds > ../compare.log 2>&1)
check_eq "compare wrapper test: snakemake exits 0" "$?" 0
for x in .pvl.tsv .clones.tsv .json _mqc.json .pvl.svg .clones.svg .html; do
    check "compare wrapper: out/study$x" test -s "compare_test/out/study$x"
done
"$HTLVPVL" compare -o hand_study compare_test/data/sheet.tsv > /dev/null 2>&1
check "compare wrapper: pvl table equals the hand-run one" \
    cmp compare_test/out/study.pvl.tsv hand_study.pvl.tsv
