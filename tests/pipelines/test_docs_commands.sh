# Every documented command, run as written: the `sh` blocks of docs/pipelines.md, of
# pipelines/README.md and of the README's Alignment and Pipelines sections, in order, from a copy
# of the repository layout (pipelines/ and test-data/ linked), htlvpvl on PATH. That includes the
# documented Snakemake run end to end on the example sheet: a BAM subject (HAM1), a FASTQ subject
# (HAM1_fq) and a subject aligned by the workflow to CRAM (ATL1) -- alignment, count, compare,
# MultiQC -- then lint and report. Afterwards the same run must fail, before doing anything, on an
# invalid sample sheet. Blocks marked `console` (Nextflow, clusters, installing) may only hold
# such commands; they are covered by the other tests.
. "$ROOT/tests/lib.sh"

for t in snakemake bwa samtools multiqc; do
    command -v $t > /dev/null || { fail "$t is not installed (scripts/install-deps.sh --test)"; exit 0; }
done
[ -f "$TD/oligo/reads_1.fq.gz" ] || { fail "test data missing (make test-data)"; exit 0; }
mkdir -p bin ex
ln -s "$HTLVPVL" bin/htlvpvl
# Snakemake 7.21's --report downloads stylesheets and licence texts: offline, they are stubbed
# (everything else of the report is built for real)
SMK_REAL=$(command -v snakemake)
SMK_PY=$(head -1 "$SMK_REAL" | sed 's/^#! *//')
cat > bin/snakemake <<SH
#!/usr/bin/env bash
case " \$* " in
*" --report "*) exec $SMK_PY "$WORK/smk_offline.py" "\$@" ;;
*) exec "$SMK_REAL" "\$@" ;;
esac
SH
cat > smk_offline.py <<'PY'
import sys
import requests
class Offline:
    status_code = 200
    text = ""
    content = b""
    def raise_for_status(self):
        pass
requests.get = lambda *args, **kwargs: Offline()
import snakemake
sys.argv[0] = "snakemake"
snakemake.main()
PY
chmod +x bin/snakemake
export PATH=$WORK/bin:$PATH
ln -s "$ROOT/pipelines" ex/pipelines && ln -s "$ROOT/test-data" ex/test-data

# run_blocks FILE [SECTION...]: each sh block of FILE (under those sections) run in ex/
n_blocks=0
run_blocks() {
    local file=$1 i=0 rc
    shift
    while IFS= read -r -d '' block; do
        i=$((i + 1)) n_blocks=$((n_blocks + 1))
        printf '%s' "$block" > "block_$n_blocks.sh"
        (cd ex && bash -euo pipefail "../block_$n_blocks.sh") > "block_$n_blocks.log" 2>&1
        rc=$?
        check_eq "${file#"$ROOT"/} sh block $i ($(head -1 "block_$n_blocks.sh" | cut -c1-60)...) exits 0" \
            "$rc" 0 || true
        [ "$rc" = 0 ] || tail -15 "block_$n_blocks.log" | sed 's/^/#   /'
    done < <(python3 "$ROOT/tests/pipelines/doc_blocks.py" "$file" sh "$@")
}
t0=$(date +%s)
run_blocks "$ROOT/docs/pipelines.md"
run_blocks "$ROOT/pipelines/README.md"
run_blocks "$ROOT/README.md" Alignment Pipelines
echo "# $n_blocks documented blocks: $(( $(date +%s) - t0 )) s"
check "the docs have documented sh blocks (alignment, run, lint + report, MultiQC; README's)" \
    test "$n_blocks" -ge 7

# --- what the documented Snakemake run made ----------------------------------------------------
R=ex/results
absent=""
for s in ham_t0 ham_t1 ham_t2 oligo; do
    for x in .summary.json .summary.tsv .sites.tsv .sites.bed .sites.vcf.gz .sites.vcf.gz.tbi _mqc.tsv .attrition.tsv; do
        [ -s "$R/count/$s$x" ] || absent="$absent count/$s$x"
    done
done
for s in ham_t0_fq ham_t1_fq ham_t2_fq; do
    for x in .summary.json .summary.tsv .sites.tsv .flanks.fa _mqc.tsv .attrition.tsv; do
        [ -s "$R/count/$s$x" ] || absent="$absent count/$s$x"
    done
done
for x in .pvl.tsv .clones.tsv .json _mqc.json .table_mqc.json .pvl.svg .clones.svg .html; do
    [ -s "$R/compare/study$x" ] || absent="$absent compare/study$x"
done
for f in reference/hybrid.fa reference/hybrid.fa.bwt aligned/oligo.cram aligned/oligo.cram.crai \
    multiqc/multiqc_report.html report.html multiqc_all/multiqc_report.html; do
    [ -s "$R/$f" ] || absent="$absent $f"
done
check_eq "documented run: every output (BAM, FASTQ, aligned-CRAM samples; compare; MultiQC)" \
    "${absent:-none}" none
check "the workflow's hybrid reference = test-data/ref/hybrid_full.fa" \
    cmp "$R/reference/hybrid.fa" "$TD/ref/hybrid_full.fa"
check_eq "compare: rows per subject (HAM1 3 BAM, HAM1_fq 3 FASTQ, ATL1 1 CRAM)" \
    "$(tail -n +2 "$R/compare/study.pvl.tsv" | cut -f1 | sort | uniq -c | awk '{print $2 ":" $1}' |
        tr '\n' ' ')" "ATL1:1 HAM1:3 HAM1_fq:3 "
check_grep "count of the aligned CRAM got the hybrid as --reference" \
    "^\\$ htlvpvl count -t [0-9]+ -s oligo --reference results/reference/hybrid.fa .*oligo.cram$" \
    "$R/logs/count/oligo.log"
check_eq "the workflow's alignment = the documented one by hand (oligo: same sites)" \
    "$(cut -f1-4 "$R/count/oligo.sites.tsv" | md5sum)" "$(cut -f1-4 ex/oligo.sites.tsv | md5sum)"
check_eq "no -M warning in any count log" "$(cat "$R"/logs/count/*.log | grep -c 'bwa mem -M')" 0
gs=$R/multiqc/multiqc_data/multiqc_general_stats.txt
check_eq "MultiQC general stats: one row per sample (7)" "$(tail -n +2 "$gs" | grep -c .)" 7
check_grep "report: the compare plots and MultiQC, as report() outputs" "study.pvl.svg" "$R/report.html"
check_grep "report: the clone plot's caption" "Abundance of each integration site" "$R/report.html"
lint=$(grep -l -- '--lint' block_*.sh | head -1)
check_grep "snakemake --lint: nothing to report" "^Congratulations, your workflow is in a good condition" \
    "${lint%.sh}.log"
check_eq "snakemake --lint: no lints" "$(grep -c '^Lints for' "${lint%.sh}.log")" 0

# --- the documented command on invalid sample sheets: fails before running anything -------------
bad_run() {  # bad_run NAME AWK-PROGRAM WANT: the example sheet changed by AWK
    awk -F'\t' -v OFS='\t' "$2" "$ROOT/pipelines/snakemake/config/samples.tsv" > "ex/bad_$1.tsv"
    sed -e "s|^samples: .*|samples: bad_$1.tsv|" -e "s|^outdir: .*|outdir: bad_$1|" \
        "$ROOT/pipelines/snakemake/config/config.yaml" > "ex/bad_$1.yaml"
    (cd ex && snakemake --cores 4 -s pipelines/snakemake/workflow/Snakefile \
        --configfile "bad_$1.yaml") > "bad_$1.log" 2>&1
    check_eq "documented run, sheet with $1: exits 1" "$?" 1
    check_grep "... saying why" "$3" "bad_$1.log"
    check "... having run nothing" test ! -e "ex/bad_$1"
}
bad_run "a subject mixing BAM and FASTQ" 'NR == 7 { $2 = "HAM1" } 1' \
    "line 7: subject 'HAM1' mixes FASTQ-counted and aligned"
bad_run "a time point that is not a number" 'NR == 3 { $3 = "week2" } 1' \
    "line 3: column 'timepoint': 'week2' does not match"
bad_run "align=yes on a BAM row" 'NR == 2 { $7 = "yes" } 1' \
    "line 2: give either 'bam' or both 'fastq_1' and 'fastq_2'"
sed -n '/WorkflowError/,+1p' "bad_a subject mixing BAM and FASTQ.log" | sed 's/^/# shown: /'

# --- console blocks hold only what cannot run here ---------------------------------------------
others=""
for f in "$ROOT/docs/pipelines.md" "$ROOT/pipelines/README.md" "$ROOT/README.md"; do
    while IFS= read -r -d '' block; do
        while IFS= read -r line; do
            case $line in
                "" | " "* | "#"*) ;;
                nextflow\ * | nf-test\ * | "make install"* | "make uninstall"* | "make dist" | \
                    "conda build"*) ;;
                "snakemake --profile pipelines/snakemake/profiles/slurm"*) ;;
                *) others="$others
$line" ;;
            esac
        done <<< "$block"
    done < <(python3 "$ROOT/tests/pipelines/doc_blocks.py" "$f" console)
done
check_eq "console blocks: only Nextflow, nf-test, cluster, install and conda commands" "$others" ""
