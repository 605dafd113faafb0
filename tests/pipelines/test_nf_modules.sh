# Nextflow modules htlvpvl/count and htlvpvl/compare without Nextflow: the command of each
# module's script: block is extracted (tests/pipelines/nf_script.py), filled in the way Nextflow
# would, and run with the real binary in a task directory with staged (symlinked) inputs; every
# declared output must then exist. The stub: blocks must create every declared output too. A
# deliberately mutated copy of each module must be rejected by the CLI with exit 2, which shows
# that this test fails when a module drifts from the command line.
. "$ROOT/tests/lib.sh"

NF=$ROOT/pipelines/nextflow/modules/local/htlvpvl
NFL=$ROOT/pipelines/nextflow/modules/local
nfs() { python3 "$ROOT/tests/pipelines/nf_script.py" "$@"; }
mkdir -p bin && ln -s "$HTLVPVL" bin/htlvpvl
export PATH=$WORK/bin:$PATH

need() {  # need FILE...: the test data is there, else one failure that says so
    local f
    for f in "$@"; do
        if [ ! -f "$f" ]; then
            fail "test data ${f#"$ROOT"/} is missing (make test-data)"
            return 1
        fi
    done
}

# task DIR FILE...: a fresh task directory with FILEs staged as symlinks (as Nextflow does)
task() {
    local dir=$1 f
    shift
    mkdir -p "$dir"
    for f in "$@"; do ln -sf "$f" "$dir/$(basename "$f")"; done
}

# run_block MAIN_NF script|stub DIR VAR=VALUE...: write DIR/.command.sh and run it there the way
# Nextflow does (bash -ue); returns its exit code (3: the extraction itself failed).
run_block() {
    local main=$1 blk=$2 dir=$3
    shift 3
    nfs "$main" "$blk" "$@" > "$dir/.command.sh" 2> "$dir/.command.err" || return 3
    (cd "$dir" && bash -ue .command.sh > .command.log 2>&1)
}

# outputs_ok WHAT MAIN_NF DIR VAR=VALUE...: every required output pattern of the module matches
# a file (ALL=1 in the environment: the optional ones too, as a stub must make them all)
outputs_ok() {
    local what=$1 main=$2 dir=$3 pat missing="" n=0
    shift 3
    while IFS= read -r pat; do
        case $pat in "?"*) [ "${ALL:-0}" = 1 ] || continue; pat=${pat#\?} ;; esac
        n=$((n + 1))
        (cd "$dir" && compgen -G "$pat" > /dev/null) || missing="$missing $pat"
    done < <(nfs "$main" outputs "$@")
    if [ "$n" -gt 0 ] && [ -z "$missing" ]; then
        pass "$what ($n output patterns)"
    else
        fail "$what" "outputs missing:$missing (of $n)"
    fi
}

# run_ok WHAT MAIN_NF DIR VAR=VALUE...: the script block exits 0 and makes every output
run_ok() {
    local what=$1 main=$2 dir=$3 rc
    shift 3
    run_block "$main" script "$dir" "$@"
    rc=$?
    if [ "$rc" = 0 ]; then
        pass "$what: exit 0"
        outputs_ok "$what: declared outputs made" "$main" "$dir" "$@"
    else
        fail "$what: exit $rc" \
            "$(cat "$dir/.command.sh" "$dir/.command.err" "$dir/.command.log" 2>/dev/null)"
    fi
}

# --- count: the module's own version command --------------------------------------------------
v=$(cd "$WORK" && bash -c "$(nfs "$NF/count/main.nf" versions)")
check_eq "count: versions eval gives the version" "$v" \
    "$("$HTLVPVL" --version | sed -n 1p | sed 's/^htlvpvl //')"
check "count: version is X.Y.Z" sh -c "echo '$v' | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+'"
v2=$(cd "$WORK" && bash -c "$(nfs "$NF/compare/main.nf" versions)")
check_eq "compare: same versions eval" "$v2" "$v"

# --- count on a BAM (meta map, index staged, -t from task.cpus) -------------------------------
if need "$TD/oligo/oligo.bam"; then
    bai=$(ls "$TD"/oligo/oligo.bam.bai "$TD"/oligo/oligo.bam.csi 2>/dev/null | head -1)
    task t_bam "$TD/oligo/oligo.bam" $bai
    run_ok "count BAM" "$NF/count/main.nf" t_bam task.cpus=2 meta.id=oligo reads=oligo.bam fasta=
    check "count BAM: the optional BED and VCF are made" \
        test -s t_bam/oligo.sites.bed -a -s t_bam/oligo.sites.vcf.gz -a -s t_bam/oligo.sites.vcf.gz.tbi
    if [ -f t_bam/oligo.summary.json ]; then
        check_eq "count BAM: -s meta.id is the sample" \
            "$(json_get t_bam/oligo.summary.json sample)" oligo
        # the same command by hand gives the same numbers
        "$HTLVPVL" count -t 1 -s oligo -o hand_oligo "$TD/oligo/oligo.bam" > /dev/null 2>&1
        check "count BAM: summary.tsv equals the hand-run one (-t 1)" \
            cmp t_bam/oligo.summary.tsv hand_oligo.summary.tsv
    fi
    # task.ext.args and task.ext.prefix reach the command line
    task t_ext "$TD/oligo/oligo.bam"
    run_ok "count ext.args=-q ext.prefix" "$NF/count/main.nf" t_ext task.cpus=1 meta.id=oligo \
        reads=oligo.bam fasta= task.ext.args=-q task.ext.prefix=oligo_q
    check "count ext.prefix names the outputs" test -f t_ext/oligo_q.summary.json
    check_grep "count ext.args reaches the command line" '^ +-q \\$' t_ext/.command.sh
fi

# --- count on a CRAM with its reference (meta2/fasta input -> --reference) --------------------
if command -v samtools > /dev/null && need "$TD/oligo/oligo.bam" "$TD/ref/hybrid_full.fa"; then
    samtools view -C -T "$TD/ref/hybrid_full.fa" -o oligo.cram "$TD/oligo/oligo.bam" &&
        samtools index oligo.cram
    task t_cram "$WORK/oligo.cram" "$WORK/oligo.cram.crai" "$TD/ref/hybrid_full.fa"
    run_ok "count CRAM + fasta" "$NF/count/main.nf" t_cram task.cpus=2 meta.id=oligo \
        reads=oligo.cram fasta=hybrid_full.fa
    check_grep "count CRAM: the fasta input became --reference" \
        '^ +--reference hybrid_full.fa \\$' t_cram/.command.sh
    "$HTLVPVL" count -t 1 -s oligo --reference "$TD/ref/hybrid_full.fa" -o hand_ref \
        "$TD/oligo/oligo.bam" > /dev/null 2>&1
    check "count CRAM: summary.tsv equals the hand-run one on the BAM" \
        cmp t_cram/oligo.summary.tsv hand_ref.summary.tsv
fi

# --- count on a FASTQ pair (reads is a list of two paths) -------------------------------------
if need "$TD/ham_t0/reads_1.fq.gz" "$TD/ham_t0/reads_2.fq.gz"; then
    task t_fq "$TD/ham_t0/reads_1.fq.gz" "$TD/ham_t0/reads_2.fq.gz"
    run_ok "count FASTQ pair" "$NF/count/main.nf" t_fq task.cpus=2 meta.id=ham_t0_fq \
        reads="reads_1.fq.gz reads_2.fq.gz" fasta=
    check "count FASTQ: the optional flanks.fa is made" test -s t_fq/ham_t0_fq.flanks.fa
fi

# --- count: bad data is exit 1 (not a code Nextflow retries), no outputs ----------------------
printf 'not a bam\n' > garbage.bam
task t_bad "$WORK/garbage.bam"
run_block "$NF/count/main.nf" script t_bad task.cpus=2 meta.id=bad reads=garbage.bam fasta=
check_eq "count on a non-BAM: exit 1 (not retried by Nextflow)" "$?" 1
no_files "count on a non-BAM: no outputs" t_bad/bad.summary.json t_bad/bad_mqc.tsv

# --- compare on the counts of three time points (summaries staged by name) --------------------
if need "$TD/ham_t0/ham_t0.bam" "$TD/ham_t1/ham_t1.bam" "$TD/ham_t2/ham_t2.bam"; then
    mkdir -p counts
    for s in ham_t0 ham_t1 ham_t2; do
        "$HTLVPVL" count -t 2 -s $s -o counts/$s "$TD/$s/$s.bam" > counts/$s.log 2>&1 ||
            fail "count $s for compare" "$(cat counts/$s.log)"
    done
    # staged as Nextflow does: each summary.json and the sites.tsv compare reads beside it
    task t_cmp "$WORK"/counts/ham_t[012].summary.json "$WORK"/counts/ham_t[012].sites.tsv
    printf 'sample\tsubject\ttimepoint\tsummary\n' > t_cmp/ham.sheet.tsv
    printf 'ham_t0\tHAM1\t0\tham_t0.summary.json\n' >> t_cmp/ham.sheet.tsv
    printf 'ham_t1\tHAM1\t2\tham_t1.summary.json\n' >> t_cmp/ham.sheet.tsv
    printf 'ham_t2\tHAM1\t24\tham_t2.summary.json\n' >> t_cmp/ham.sheet.tsv
    run_ok "compare" "$NF/compare/main.nf" t_cmp meta.id=ham sheet=ham.sheet.tsv
fi

# --- shard + merge (--shards 4): four shard tasks, one merge task; the merged outputs are the
# count module's on the whole BAM, byte for byte (staged names: the input is ham_t1.bam in both)
if need "$TD/ham_t1/ham_t1.bam"; then
    for k in 1 2 3 4; do
        task t_sh$k "$TD/ham_t1/ham_t1.bam" "$TD/ham_t1/ham_t1.bam.bai"
        run_ok "shard $k/4" "$NF/shard/main.nf" t_sh$k task.cpus=1 meta.id=ham_t1 \
            reads=ham_t1.bam shard=$k shards=4 fasta=
    done
    task t_mrg "$TD/ham_t1/ham_t1.bam" "$TD/ham_t1/ham_t1.bam.bai" "$WORK"/t_sh[1-4]/*.partial
    run_ok "merge of the 4 shards" "$NF/merge/main.nf" t_mrg meta.id=ham_t1 \
        partials="ham_t1.4.partial ham_t1.2.partial ham_t1.1.partial ham_t1.3.partial"
    task t_whole "$TD/ham_t1/ham_t1.bam" "$TD/ham_t1/ham_t1.bam.bai"
    run_ok "count ham_t1 (whole)" "$NF/count/main.nf" t_whole task.cpus=2 meta.id=ham_t1 \
        reads=ham_t1.bam fasta=
    diffs=""
    for x in .summary.json .summary.tsv .sites.tsv .sites.bed .sites.vcf.gz _mqc.tsv .attrition.tsv; do
        same_output t_whole/ham_t1$x t_mrg/ham_t1$x >/dev/null 2>&1 || diffs="$diffs $x"
    done
    check_eq "shard + merge modules: outputs byte-identical to the count module's" "${diffs:-none}" none
    for m in shard merge; do
        task s_$m
        v="task.cpus=1 meta.id=ham_t1 reads=ham_t1.bam shard=1 shards=4 fasta= partials=p.partial"
        # shellcheck disable=SC2086
        run_block "$NF/$m/main.nf" stub s_$m $v
        # shellcheck disable=SC2086
        ALL=1 outputs_ok "$m stub makes every output" "$NF/$m/main.nf" s_$m $v
    done
fi

# --- alignment: hybrid reference (host + htlvpvl ref), bwa index, bwa mem | sort, index -------
if command -v bwa > /dev/null && command -v samtools > /dev/null &&
    need "$TD/ref/host.fa" "$TD/ref/hybrid_full.fa" "$TD/oligo/reads_1.fq.gz"; then
    task t_hyb "$TD/ref/host.fa"
    run_ok "hybrid" "$NF/hybrid/main.nf" t_hyb meta.id=host host=host.fa
    check "hybrid of test-data/ref/host.fa = test-data/ref/hybrid_full.fa" \
        cmp t_hyb/host_hybrid.fa "$TD/ref/hybrid_full.fa"
    task t_idx "$TD/ref/hybrid_full.fa"
    run_ok "bwa index" "$NFL/bwa/index/main.nf" t_idx meta.id=hybrid fasta=hybrid_full.fa \
        fasta.baseName=hybrid_full
    task t_mem "$TD/oligo/reads_1.fq.gz" "$TD/oligo/reads_2.fq.gz" "$WORK/t_idx/bwa"
    run_ok "bwa mem | samtools sort, index" "$NFL/bwa/mem/main.nf" t_mem task.cpus=2 \
        meta.id=oligo reads="reads_1.fq.gz reads_2.fq.gz"
    check "bwa mem: read group = sample" sh -c \
        "samtools view -H t_mem/oligo.bam | grep -q '^@RG.ID:oligo.SM:oligo'"
    task t_aln "$WORK/t_mem/oligo.bam" "$WORK/t_mem/oligo.bam.bai"
    run_ok "count on the aligned BAM" "$NF/count/main.nf" t_aln task.cpus=2 meta.id=oligo \
        reads=oligo.bam fasta=
    check_eq "count on the aligned BAM: no bwa -M warning" \
        "$(grep -c 'bwa mem -M' t_aln/.command.log)" 0
    "$HTLVPVL" count -t 1 -s oligo -o hand_bundled "$TD/oligo/oligo.bam" > /dev/null 2>&1
    check_eq "count on the aligned BAM: the bundled oligo.bam's sites (same alignment)" \
        "$(cut -f1-4 t_aln/oligo.sites.tsv | md5sum)" "$(cut -f1-4 hand_bundled.sites.tsv | md5sum)"
    # the module with -M added: count sees the secondary split parts and says so
    mkdir -p mut/mem_M
    sed 's/-t \${task.cpus}/-M -t ${task.cpus}/' "$NFL/bwa/mem/main.nf" > mut/mem_M/main.nf
    check "the -M mutation changed the module" sh -c "! cmp -s mut/mem_M/main.nf '$NFL/bwa/mem/main.nf'"
    task t_memM "$TD/oligo/reads_1.fq.gz" "$TD/oligo/reads_2.fq.gz" "$WORK/t_idx/bwa"
    run_block mut/mem_M/main.nf script t_memM task.cpus=2 meta.id=oligo \
        reads="reads_1.fq.gz reads_2.fq.gz" || fail "bwa mem -M (mutated module)"
    "$HTLVPVL" count -t 2 -o t_memM/c t_memM/oligo.bam 2> t_memM/count.log
    check_grep "bwa mem -M (mutated module): count warns" "warning: .*bwa mem -M" t_memM/count.log
fi

# --- stub blocks create every declared output -------------------------------------------------
mkdir -p s_count s_cmp
run_block "$NF/count/main.nf" stub s_count task.cpus=2 meta.id=oligo reads=oligo.bam fasta=
check_eq "count stub: exit 0" "$?" 0
ALL=1 outputs_ok "count stub: every declared output" "$NF/count/main.nf" s_count task.cpus=2 \
    meta.id=oligo reads=oligo.bam fasta=
mkdir -p s_hyb s_idx s_mem
run_block "$NF/hybrid/main.nf" stub s_hyb meta.id=host host=host.fa
check_eq "hybrid stub: exit 0" "$?" 0
ALL=1 outputs_ok "hybrid stub: every declared output" "$NF/hybrid/main.nf" s_hyb meta.id=host \
    host=host.fa
run_block "$NFL/bwa/index/main.nf" stub s_idx meta.id=hybrid fasta=hybrid_full.fa \
    fasta.baseName=hybrid_full
check_eq "bwa index stub: exit 0, the five index files" "$?:$(ls s_idx/bwa | wc -l)" "0:5"
run_block "$NFL/bwa/mem/main.nf" stub s_mem task.cpus=2 meta.id=oligo reads="r1.fq r2.fq"
check_eq "bwa mem stub: exit 0" "$?" 0
ALL=1 outputs_ok "bwa mem stub: every declared output" "$NFL/bwa/mem/main.nf" s_mem task.cpus=2 \
    meta.id=oligo reads="r1.fq r2.fq"
run_block "$NF/compare/main.nf" stub s_cmp meta.id=ham sheet=ham.sheet.tsv
check_eq "compare stub: exit 0" "$?" 0
ALL=1 outputs_ok "compare stub: every declared output" "$NF/compare/main.nf" s_cmp meta.id=ham \
    sheet=ham.sheet.tsv

# --- mutated modules: the CLI must reject them (exit 2), so this test can fail ---------------
# mutate NAME MAIN_NF SED: a copy of the module with SED applied (must change the file)
mutate() {
    mkdir -p "mut/$1"
    sed "$3" "$2" > "mut/$1/main.nf"
    if cmp -s "$2" "mut/$1/main.nf"; then
        fail "mutation $1 did not change the module"
        return 1
    fi
}
printf 'x\n' > dummy.bam
if mutate count_flag "$NF/count/main.nf" 's/-t \${task.cpus}/--threads-per-task ${task.cpus}/'; then
    task m1 "$WORK/dummy.bam"
    run_block mut/count_flag/main.nf script m1 task.cpus=2 meta.id=m reads=dummy.bam fasta=
    check_eq "mutated count (unknown flag --threads-per-task): CLI exit 2" "$?" 2
fi
if mutate count_short "$NF/count/main.nf" 's/-t \${task.cpus}/-j ${task.cpus}/'; then
    task m2 "$WORK/dummy.bam"
    run_block mut/count_short/main.nf script m2 task.cpus=2 meta.id=m reads=dummy.bam fasta=
    check_eq "mutated count (unknown short option -j): CLI exit 2" "$?" 2
fi
if mutate compare_flag "$NF/compare/main.nf" 's/-o \${prefix}/--output-prefix ${prefix}/'; then
    task m3
    printf 'sample\tsubject\ttimepoint\tsummary\n' > m3/s.tsv
    run_block mut/compare_flag/main.nf script m3 meta.id=m sheet=s.tsv
    check_eq "mutated compare (unknown flag --output-prefix): CLI exit 2" "$?" 2
fi
# a module that grows a variable the test does not fill in is caught by the extraction
if mutate count_var "$NF/count/main.nf" 's/-s \${meta.id}/-s ${meta.sample_name}/'; then
    task m4 "$WORK/dummy.bam"
    run_block mut/count_var/main.nf script m4 task.cpus=2 meta.id=m reads=dummy.bam fasta=
    check_eq "mutated count (new variable meta.sample_name): extraction refuses (3)" "$?" 3
fi

# --- nf-test snapshots (tests/main.nf.test.snap) equal what the modules made here ---------------
# (SNAP_UPDATE=1 rewrites them from this run, as nf-test --update-snapshot does)
mode=check
[ "${SNAP_UPDATE:-0}" = 1 ] && mode=write
python3 "$ROOT/tests/pipelines/nf_snap.py" $mode "$NFL" "$WORK" "$(cat "$ROOT/VERSION")" > snap.txt 2>&1
check_eq "nf-test snapshots of the five modules match this run ($(grep -c '^ok' snap.txt) checked)" \
    "$?" 0
grep -v '^ok' snap.txt | sed 's/^/#   /'
