# Snakemake scatter-gather (config shards: 4): count --shard K/4 jobs then merge give the count
# outputs of one sample byte-identical to the unsharded workflow's (shards: 1).
. "$ROOT/tests/lib.sh"
SMK=$ROOT/pipelines/snakemake/workflow/Snakefile
if ! command -v snakemake > /dev/null; then
    fail "snakemake is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
bam=$TD/ham_t1/ham_t1.bam
[ -f "$bam" ] || { fail "test data missing (make test-data): $bam"; exit 0; }
mkdir -p bin && ln -s "$HTLVPVL" bin/htlvpvl
export PATH=$WORK/bin:$PATH
{
    printf 'sample\tsubject\ttimepoint\tbam\tfastq_1\tfastq_2\tstudy\n'
    printf 'ham_t1\tHAM1\t2\t%s\t\t\tham\n' "$bam"
} > samples.tsv
outs=""
for x in .summary.json .summary.tsv .sites.tsv .sites.bed .sites.vcf.gz .sites.vcf.gz.tbi _mqc.tsv .attrition.tsv; do
    outs="$outs count/ham_t1$x"
done
for n in 1 4; do
    printf 'samples: samples.tsv\noutdir: r%s\ncount_threads: 1\nshards: %s\n' $n $n > c$n.yaml
    snakemake --cores 2 -s "$SMK" --configfile c$n.yaml --printshellcmds \
        $(for o in $outs; do echo r$n/$o; done) > smk$n.log 2>&1
    rc=$?
    check_eq "snakemake shards: $n exits 0" "$rc" 0 || true
    [ "$rc" = 0 ] || sed 's/^/#   /' smk$n.log | tail -30
done
check_eq "shards: 4 ran 4 count --shard jobs and one merge" \
    "$(grep -c -- '--shard [1-4]/4' smk4.log) $(grep -c '^htlvpvl merge' smk4.log)" "4 1"
diffs=""
for o in $outs; do  # the VCF as text without ##source (the command line); its index differs
    case $o in *.tbi) continue ;; esac
    same_output r1/$o r4/$o >/dev/null 2>&1 || diffs="$diffs $o"
done
check_eq "shards: 4 outputs byte-identical to shards: 1" "${diffs:-none}" none
check_eq "the partials are temporary (removed after the merge)" \
    "$(ls r4/count/shards 2>/dev/null | grep -c partial)" 0
