# Snakemake workflow (pipelines/snakemake) run for real with Debian's snakemake on the test data,
# --cores 2: count per sample (BAM and CRAM), compare per study, MultiQC. Its numbers must be
# the ones of running the same commands by hand (compare tables byte-identical). FASTQ input:
# test_snakemake_fastq.sh.
. "$ROOT/tests/lib.sh"

SMK=$ROOT/pipelines/snakemake/workflow/Snakefile
if ! command -v snakemake > /dev/null; then
    fail "snakemake is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
mkdir -p bin && ln -s "$HTLVPVL" bin/htlvpvl
export PATH=$WORK/bin:$PATH

missing=""
for f in ham_t0/ham_t0.bam ham_t1/ham_t1.bam ham_t2/ham_t2.bam oligo/oligo.bam \
    ref/hybrid_full.fa; do
    [ -f "$TD/$f" ] || missing="$missing test-data/$f"
done
if [ -n "$missing" ]; then
    fail "test data missing (make test-data):$missing"
    exit 0
fi

# Two studies: the three HAM time points (with infusions), and oligo from BAM and from CRAM
# (with its reference, a sheet column).
samtools view -C -T "$TD/ref/hybrid_full.fa" -o oligo.cram "$TD/oligo/oligo.bam" &&
    samtools index oligo.cram || fail "samtools: CRAM of oligo.bam"
{
    printf 'sample\tsubject\ttimepoint\tbam\tfastq_1\tfastq_2\t'
    printf 'infusion\tdose_mg_per_kg\tbaseline\tstudy\treference\n'
    printf 'ham_t0\tHAM1\t0\t%s\t\t\t0\t0\tyes\tham\t\n' "$TD/ham_t0/ham_t0.bam"
    printf 'ham_t1\tHAM1\t2\t%s\t\t\t1\t0.3\tno\tham\t\n' "$TD/ham_t1/ham_t1.bam"
    printf 'ham_t2\tHAM1\t24\t%s\t\t\t2\t0.3\tno\tham\t\n' "$TD/ham_t2/ham_t2.bam"
    printf 'oligo\tATL1\t0\t%s\t\t\t\t\t\tatl\t\n' "$TD/oligo/oligo.bam"
    printf 'oligo_cram\tATL3\t0\t%s\t\t\t\t\t\tatl\t%s\n' "$WORK/oligo.cram" \
        "$TD/ref/hybrid_full.fa"
} > samples.tsv
cat > config.yaml <<EOF
samples: samples.tsv
outdir: results
count_threads: 2
EOF

t0=$(date +%s)
snakemake --cores 2 --keep-going -s "$SMK" --configfile config.yaml --printshellcmds > smk.log 2>&1
rc=$?
check_eq "snakemake --cores 2 exits 0" "$rc" 0 || true
[ "$rc" = 0 ] || sed 's/^/#   /' smk.log | tail -30
echo "# snakemake run: $(( $(date +%s) - t0 )) s"

samples="ham_t0 ham_t1 ham_t2 oligo oligo_cram"
absent=""
for s in $samples; do
    for x in .summary.json .summary.tsv .sites.tsv .sites.bed .sites.vcf.gz .sites.vcf.gz.tbi _mqc.tsv .attrition.tsv; do
        [ -s "results/count/$s$x" ] || absent="$absent count/$s$x"
    done
    [ -f "results/logs/count/$s.log" ] || absent="$absent logs/count/$s.log"
    [ -f "results/benchmarks/count/$s.tsv" ] || absent="$absent benchmarks/count/$s.tsv"
done
for st in ham atl; do
    for x in .pvl.tsv .clones.tsv .json _mqc.json .pvl.svg .clones.svg .html; do
        [ -s "results/compare/$st$x" ] || absent="$absent compare/$st$x"
    done
    [ -f "results/logs/compare/$st.log" ] || absent="$absent logs/compare/$st.log"
done
for f in multiqc/multiqc_report.html multiqc/multiqc_data logs/multiqc.log; do
    [ -e "results/$f" ] || absent="$absent $f"
done
check_eq "every declared output, log and benchmark is there" "${absent:-none}" none
# the wrapper writes its command line at the top of the job's log
check_grep "count ran through the wrapper with -t {threads} (2)" \
    "^\\$ htlvpvl count -t 2 -s ham_t0 -o results/count/ham_t0 $TD/ham_t0/ham_t0.bam$" \
    results/logs/count/ham_t0.log
check_grep "CRAM: the sheet's reference became --reference" \
    "^\\$ htlvpvl count -t 2 -s oligo_cram --reference $TD/ref/hybrid_full.fa " \
    results/logs/count/oligo_cram.log
check_grep "compare ran through the wrapper" "^\\$ htlvpvl compare -o results/compare/ham " \
    results/logs/compare/ham.log
check_grep "compare sheet: summary paths relative to the sheet's folder" \
    "^ham_t0	HAM1	0	\.\./count/ham_t0\.summary\.json" results/compare/ham.sheet.tsv
check "a second run has nothing to do (outputs declared, up to date)" \
    sh -c "snakemake --cores 2 -s '$SMK' --configfile config.yaml -n 2>&1 |
        grep -q 'Nothing to be done'"

# --- the same commands by hand (-t 1: thread count must not matter) ---------------------------
mkdir -p hand
hand_count() {
    "$HTLVPVL" count -t 1 -s "$1" -o "hand/$1" "${@:2}" > "hand/$1.log" 2>&1 ||
        fail "hand count $1" "$(cat "hand/$1.log")"
}
hand_count ham_t0 "$TD/ham_t0/ham_t0.bam"
hand_count ham_t1 "$TD/ham_t1/ham_t1.bam"
hand_count ham_t2 "$TD/ham_t2/ham_t2.bam"
hand_count oligo "$TD/oligo/oligo.bam"
hand_count oligo_cram --reference "$TD/ref/hybrid_full.fa" "$WORK/oligo.cram"
for s in $samples; do
    check "count $s: summary.tsv equals the hand-run one" \
        cmp "results/count/$s.summary.tsv" "hand/$s.summary.tsv"
    check "count $s: sites.tsv equals the hand-run one" \
        cmp "results/count/$s.sites.tsv" "hand/$s.sites.tsv"
done
{
    printf 'sample\tsubject\ttimepoint\tsummary\tinfusion\tdose_mg_per_kg\tbaseline\n'
    printf 'ham_t0\tHAM1\t0\t%s\t0\t0\tyes\n' "$WORK/hand/ham_t0.summary.json"
    printf 'ham_t1\tHAM1\t2\t%s\t1\t0.3\tno\n' "$WORK/hand/ham_t1.summary.json"
    printf 'ham_t2\tHAM1\t24\t%s\t2\t0.3\tno\n' "$WORK/hand/ham_t2.summary.json"
} > hand/ham.sheet.tsv
{
    printf 'sample\tsubject\ttimepoint\tsummary\n'
    printf 'oligo\tATL1\t0\t%s\n' "$WORK/hand/oligo.summary.json"
    printf 'oligo_cram\tATL3\t0\t%s\n' "$WORK/hand/oligo_cram.summary.json"
} > hand/atl.sheet.tsv
for st in ham atl; do
    "$HTLVPVL" compare -o "hand/$st" "hand/$st.sheet.tsv" > "hand/$st.log" 2>&1 ||
        fail "hand compare $st" "$(cat "hand/$st.log")"
    check "compare $st: pvl table equals the hand-run one" \
        cmp "results/compare/$st.pvl.tsv" "hand/$st.pvl.tsv"
    check "compare $st: clones table equals the hand-run one" \
        cmp "results/compare/$st.clones.tsv" "hand/$st.clones.tsv"
done
check_eq "ham: three time points in the compare table" \
    "$(tail -n +2 results/compare/ham.pvl.tsv | grep -c .)" 3
# col TABLE SAMPLE COLUMN: a cell of a compare table, by sample and column name
col() {
    awk -F'\t' -v s="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $h["sample"] == s { print $h[c] }' "$1"
}
pvl=results/compare/ham.pvl.tsv
check_num "compare's ham_t0 PVL is count's headline" "$(col results/compare/ham.pvl.tsv ham_t0 pvl)" \
    "$(json_get results/count/ham_t0.summary.json pvl.headline.copies_per_100_cells)" 0.0001
check_eq "sheet columns reach compare: ham_t1 infusion, dose, baseline" \
    "$(col $pvl ham_t1 infusion) $(col $pvl ham_t1 dose_mg_per_kg) $(col $pvl ham_t0 baseline)" \
    "1 0.3 yes"

# --- MultiQC ran on the htlvpvl outputs -------------------------------------------------------
gs=results/multiqc/multiqc_data/multiqc_general_stats.txt
check_grep "MultiQC general stats: htlvpvl columns" "htlvpvl" "$gs"
for s in $samples; do
    check_grep "MultiQC general stats: row $s" "^$s	" "$gs"
done

# --- a bad input fails its job, the error is in that job's log, no outputs left ---------------
printf 'not a bam\n' > bad.bam
{
    head -1 samples.tsv
    printf 'bad\tX1\t0\t%s\t\t\t\t\t\tbad\n' "$WORK/bad.bam"
} > bad.tsv
snakemake --cores 2 -s "$SMK" --configfile config.yaml --config samples=bad.tsv outdir=bad \
    > bad.log 2>&1
check_eq "snakemake fails on a non-BAM" "$?" 1
check_grep "the job's log has htlvpvl's one-line error" "^htlvpvl count: " bad/logs/count/bad.log
no_files "no outputs of the failed job" bad/count/bad.summary.json bad/count/bad_mqc.tsv

# --- sample sheet errors are reported before anything runs ------------------------------------
printf 'sample\tsubject\tbam\nx\tX\t%s\n' "$WORK/bad.bam" > nocol.tsv
snakemake --cores 2 -s "$SMK" --configfile config.yaml --config samples=nocol.tsv -n \
    > nocol.log 2>&1
check_eq "sample sheet without timepoint: snakemake fails" "$?" 1
check_grep "... and says which column (schema validation of the row)" \
    "sample sheet nocol.tsv: line 2: 'timepoint' is a required property" nocol.log
printf 'sample\tsubject\ttimepoint\tbam\nx\tX\tday1\t%s\n' "$WORK/bad.bam" > badtp.tsv
snakemake --cores 2 -s "$SMK" --configfile config.yaml --config samples=badtp.tsv -n \
    > badtp.log 2>&1
check_eq "sample sheet with a time point that is not a number: snakemake fails" "$?" 1
check_grep "... naming the column" "line 2: column 'timepoint': 'day1' does not match" badtp.log
snakemake --cores 2 -s "$SMK" --configfile config.yaml --config count_threads=two -n \
    > badcfg.log 2>&1
check_eq "config with count_threads=two: snakemake fails (config schema)" "$?" 1
check_grep "... saying why" "'two' is not of type 'integer'" badcfg.log

# --- the profiles parse (Snakemake 7) and their settings apply (dry runs on the test sheet;
# the documented example itself runs for real in test_docs_commands.sh) -----------------------
for prof in slurm slurm-sync local; do
    snakemake --profile "$ROOT/pipelines/snakemake/profiles/$prof" --cores 16 -n -s "$SMK" \
        --configfile config.yaml --config outdir=prof_$prof > prof_$prof.log 2>&1
    check_eq "$prof profile: dry run succeeds" "$?" 0
done
for prof in slurm slurm-sync; do
    check "$prof profile: count jobs get the profile's threads" sh -c \
        "grep -A12 '^rule count:' prof_$prof.log | grep -Eq '^ +threads: (8|4)$'"
    check_grep "$prof profile: the sheet of compare is written locally, not as a cluster job" \
        "^localrule compare_sheet:" prof_$prof.log
done

# --- cluster execution with the SLURM profile (profiles/slurm-sync: --cluster-sync "sbatch --wait
# ..."): every job in its own Snakemake process from a job script, as on SLURM nodes. sbatch is a
# stand-in that records what each job asks for and runs the job script with bash ---------------
cat > bin/sbatch <<'SB'
#!/usr/bin/env bash
# sbatch stand-in: --wait semantics (run the job script now, exit with its status)
args=("$@")
echo "${args[*]:0:${#args[@]}-1}" >> "$SBATCH_LOG"
echo "$$"
bash "${args[-1]}"
SB
chmod +x bin/sbatch
export SBATCH_LOG=$WORK/sbatch.log
{
    printf 'sample\tsubject\ttimepoint\tbam\tstudy\n'
    printf 'ham_t0\tHAM1\t0\t%s\tham2\n' "$TD/ham_t0/ham_t0.bam"
    printf 'ham_t2\tHAM1\t24\t%s\tham2\n' "$TD/ham_t2/ham_t2.bam"
} > cluster.tsv
t0=$(date +%s)
snakemake --profile "$ROOT/pipelines/snakemake/profiles/slurm-sync" --jobs 2 -s "$SMK" \
    --configfile config.yaml --config samples=cluster.tsv outdir=cluster count_threads=2 \
    --set-threads count=2 > cluster.log 2>&1
check_eq "SLURM profile run (--cluster-sync sbatch --wait, 2 jobs at once) exits 0" "$?" 0
echo "# cluster run: $(( $(date +%s) - t0 )) s"
check_grep "cluster run: Snakemake ran in cluster mode" "^Provided cluster nodes: 2" cluster.log
check_eq "cluster run: one sbatch per job (2 count, compare, multiqc), none for the local rules" \
    "$(grep -c . sbatch.log) $(grep -c 'htlvpvl.compare_sheet' sbatch.log)" "4 0"
check_grep "cluster run: a count job asked for its threads, memory and time" \
    "--job-name=htlvpvl.count.[0-9]+ --cpus-per-task=2 --mem=1000M --time=60 " sbatch.log
check_grep "cluster run: MultiQC submitted as a job too" "--job-name=htlvpvl.multiqc" sbatch.log
for s in ham_t0 ham_t2; do
    check "cluster-style run: $s summary.tsv equals the hand-run one" \
        cmp cluster/count/$s.summary.tsv hand/$s.summary.tsv
done
{
    printf 'sample\tsubject\ttimepoint\tsummary\n'
    printf 'ham_t0\tHAM1\t0\t%s\n' "$WORK/hand/ham_t0.summary.json"
    printf 'ham_t2\tHAM1\t24\t%s\n' "$WORK/hand/ham_t2.summary.json"
} > hand/ham2.sheet.tsv
"$HTLVPVL" compare -o hand/ham2 hand/ham2.sheet.tsv > hand/ham2.log 2>&1
check "cluster-style run: pvl table equals the hand-run one" \
    cmp cluster/compare/ham2.pvl.tsv hand/ham2.pvl.tsv
