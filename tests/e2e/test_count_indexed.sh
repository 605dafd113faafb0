# count in indexed mode (the default with an index) against --full-scan: on every committed
# test BAM and on samples simulated here over several seeds (htlvpvl simulate + bwa), the same
# sites with >= 3 fragments (position, strand, fragment counts) and every PVL estimate within
# 0.5 % with its CI width within 2 % (tests/e2e/idx_compare.py). Also: a SAM (no index) and
# stdin fall back to the scan, --full-scan decodes every record, and what the indexed mode
# lacks (clip-only evidence) is printed for each input.
. "$ROOT/tests/lib.sh"
CMP=$ROOT/tests/e2e/idx_compare.py
command -v python3 >/dev/null || { fail "python3 is needed"; exit 0; }

both() {  # both NAME BAM [count args]: run both modes and compare
    local n=$1 bam=$2
    shift 2
    if "$HTLVPVL" count -t 2 -o $n.i "$@" "$bam" 2> $n.log && grep -q 'indexed mode' $n.log; then
        pass "$n: indexed mode ran"
    else
        fail "$n: indexed mode did not run" "$(cat $n.log)"
    fi
    check "$n: full scan" "$HTLVPVL" count -q -t 2 --full-scan -o $n.f "$@" "$bam"
    local out
    if out=$(python3 "$CMP" $n.i $n.f 2>&1); then
        pass "$n: same sites (>= 3 fragments), PVL within 0.5 %, CI width within 2 %"
    else
        fail "$n: indexed and full scan differ" "$out"
    fi
    printf '%s\n' "$out" | grep '^#' | sed "s/^# /# $n: /"
}

n_bam=0
for bam in "$ROOT"/test-data/*/*.bam; do
    [ -f "$bam.bai" ] || continue
    both "$(basename "$bam" .bam)" "$bam"
    n_bam=$((n_bam + 1))
done
# the sampled path (large hosts) forced with half the autosomes in windows: junction evidence
# from the viral contigs and the candidate windows only. Sites with >= 3 fragments the same;
# the headline and depth PVL within 0.5 %, CI widths within 2 % (the host level from the
# index's counts), what the full scan has that this lacks printed. The junction estimate is
# printed only: with no site (uninfected) its CI comes from the crossing depth, which the
# sample gives from fragments starting in 1-kb windows (2 % off on the 100-kb test host).
for bam in "$ROOT"/test-data/*/*.bam; do
    n=$(basename "$bam" .bam)
    if HTLVPVL_INDEX_SAMPLE=1000 "$HTLVPVL" count -t 2 -o $n.smp "$bam" 2> $n.smp.log &&
        grep -q 'indexed mode.*(sampled host)' $n.smp.log; then
        if out=$(python3 "$CMP" $n.smp $n.f --estimates headline,depth 2>&1); then
            pass "$n, sampled host: same sites (>= 3 fragments), PVL within 0.5 %"
        else
            fail "$n, sampled host: differs from the full scan" "$out"
        fi
        printf '%s\n' "$out" | grep '^#' | sed "s/^# /# $n sampled: /"
    else
        fail "$n: sampled indexed mode did not run" "$(cat $n.smp.log)"
    fi
done
[ $n_bam -ge 5 ] && pass "$n_bam committed BAMs compared" || fail "only $n_bam test BAMs found"

# without an index the scan runs: the same outputs byte for byte as --full-scan
b=$ROOT/test-data/ham_t0/ham_t0.bam
if [ -f "$b" ]; then
    samtools view -h -o noidx.sam "$b" 2>/dev/null
    check "SAM input (no index): count" "$HTLVPVL" count -q -s s -o sam noidx.sam
    check "stdin: count" sh -c "'$HTLVPVL' count -q -s s -o stdin - < '$b'"
    check "--full-scan: count" "$HTLVPVL" count -q -s s --full-scan -o fs "$b"
    # no index: W of the junction estimate from the mean depth, the rest as the full scan
    check_eq "SAM input (no index) and --full-scan: the same sites" \
        "$(cut -f 1-8 sam.sites.tsv)" "$(cut -f 1-8 fs.sites.tsv)"
    check_eq "stdin and SAM input: the same summary" \
        "$(grep -v '"input"' stdin.summary.json)" "$(grep -v '"input"' sam.summary.json)"
    "$HTLVPVL" count -s s -o idx "$b" 2> idx.log
    r_idx=$(sed -n 's/.*indexed mode: \([0-9]*\) records read.*/\1/p' idx.log)
    check_eq "indexed mode says it ran" "$([ -n "$r_idx" ] && echo yes)" yes
fi

# CRAM (no per-contig counts in .crai): the same answers on a small host
if [ -f "$b" ] && samtools view -C -T "$ROOT/test-data/ref/ham_hybrid_full.fa" -o h.cram "$b" \
    2>/dev/null && samtools index h.cram 2>/dev/null; then
    both cram h.cram --reference "$ROOT/test-data/ref/ham_hybrid_full.fa"
fi

# simulated samples: random clones on both strands, duplicates unmarked (bwa) or marked
for tool in bwa samtools; do
    command -v $tool >/dev/null || { skip "simulated samples" "$tool is missing"; exit 0; }
done
for seed in ${INDEXED_SEEDS:-21 22 23}; do
    d=s$seed
    "$HTLVPVL" simulate -o $d --seed $seed --host-size 150000 -n 6 -p 60 --depth 60 \
        --dup-rate 0.05 >/dev/null 2>&1 || { fail "$d: simulate"; continue; }
    { cat $d/host.fa; "$HTLVPVL" ref; } > $d/ref.fa
    bwa index $d/ref.fa 2>/dev/null
    bwa mem -t 2 -R "@RG\tID:x\tSM:$d" $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    if [ $seed = 22 ]; then  # one with duplicates marked
        samtools collate -O -u $d/in.bam 2>/dev/null | samtools fixmate -m -u - - 2>/dev/null |
            samtools sort -u - 2>/dev/null | samtools markdup - $d/md.bam 2>/dev/null &&
            mv $d/md.bam $d/in.bam && samtools index $d/in.bam
    fi
    both $d $d/in.bam 2>/dev/null
    # sampled path: clip-only sites (no split or discordant fragment) are lost, and with them
    # their share of the junction estimate (printed only); sites with >= 3 fragments still the
    # same, the depth estimate within 0.5 % (CI width 2 %)
    if HTLVPVL_INDEX_SAMPLE=1000 "$HTLVPVL" count -q -t 2 -o $d.smp $d/in.bam &&
        out=$(python3 "$CMP" $d.smp $d.f --estimates depth 2>&1); then
        pass "$d, sampled host: same sites (>= 3 fragments), depth PVL within 0.5 %"
    else
        fail "$d, sampled host: differs from the full scan" "$out"
    fi
    printf '%s\n' "$out" | grep '^#' | sed "s/^# /# $d sampled: /"
done
