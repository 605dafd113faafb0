# Seed sweep of the PVL estimators against the truth in cells (issue 9): small hosts, fast.
# Scenario A: PVL 10 at 60x, 5 drawn clones, intact; B: PVL 20 at 40x, 8 clones, a quarter of
# them carrying a type 2 (5' LTR) deletion and a quarter an internal one. Each sample is
# simulated, aligned with bwa mem and counted; tests/e2e/pvl_sweep_eval.py then checks, per
# scenario, the depth and headline estimates: |bias / SE| < 3 and CI coverage inside the
# binomial band around 95 %. PVL_SWEEP_SEEDS (default 20) sets the seeds per scenario.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
N=${PVL_SWEEP_SEEDS:-20}
"$HTLVPVL" simulate -o host --seed 1 --host-size 30000 --n-clones 0 --depth 0.01 >/dev/null 2>&1
{ cat host/host.fa; "$HTLVPVL" ref; } > ref.fa
bwa index ref.fa 2>/dev/null
run() {  # run DIR SIMULATE-ARGS...
    local d=$1; shift
    "$HTLVPVL" simulate -o $d --host-size 30000 "$@" >/dev/null 2>&1 || { fail "$d: simulate"; return; }
    bwa mem -t 2 -R "@RG\tID:x\tSM:$d" ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    "$HTLVPVL" count -q -t 2 -o $d/out $d/in.bam || fail "$d: count"
    rm -f $d/reads_?.fq.gz
    [ -n "${PVL_SWEEP_KEEP:-}" ] || rm -f $d/in.bam*
}
dirs=()
for s in $(seq 1 $N); do
    run A.$s --seed $((1000 + s)) --depth 60 --pvl 10 -n 5
    run B.$s --seed $((2000 + s)) --depth 40 --pvl 20 -n 8 --defective 5ltr:0.25 \
        --defective internal:0.25
    dirs+=(A.$s B.$s)
done
python3 "$ROOT/tests/e2e/pvl_sweep_eval.py" --check depth,headline "${dirs[@]}" > sweep.tsv
rc=$?
sed 's/^/# /' sweep.tsv
check "seed sweep ($N seeds per scenario): depth and headline unbiased, CIs cover the truth in cells" test $rc = 0
