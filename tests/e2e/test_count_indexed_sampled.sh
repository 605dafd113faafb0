# The indexed mode's sampled host (issue 12 item 2): samples simulated over several seeds on a
# host large enough that count samples it unforced (1.5 Mb at 20x: the index counts about
# 200,000 mapped autosomal records, over 4x the 40,000-read sample), aligned with bwa; one with
# duplicates marked. Indexed and full scan give the same sites with >= 3 fragments (position,
# strand, fragment counts) and depth PVL estimates within 0.5 % with CI widths within 2 %
# (tests/e2e/idx_compare.py). The junction estimate is printed only: the sampled mode lacks
# clip-only sites (docs/formats.md, "Indexed mode").
. "$ROOT/tests/lib.sh"
CMP=$ROOT/tests/e2e/idx_compare.py
for tool in bwa samtools python3; do
    command -v $tool >/dev/null ||
        { fail "$tool is needed (scripts/install-deps.sh --test)"; exit 0; }
done
for seed in ${SAMPLED_SEEDS:-41 42 43}; do
    d=s$seed
    "$HTLVPVL" simulate -o $d --seed $seed --host-size 1500000 -n 6 -p 60 --depth 20 \
        --dup-rate 0.05 >/dev/null 2>&1 || { fail "$d: simulate"; continue; }
    { cat $d/host.fa; "$HTLVPVL" ref; } > $d/ref.fa
    bwa index $d/ref.fa 2>/dev/null
    bwa mem -t 2 -R "@RG\tID:x\tSM:$d" $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    if [ $seed = 42 ]; then  # duplicates marked
        samtools collate -O -u $d/in.bam 2>/dev/null | samtools fixmate -m -u - - 2>/dev/null |
            samtools sort -u - 2>/dev/null | samtools markdup - $d/md.bam 2>/dev/null &&
            mv $d/md.bam $d/in.bam && samtools index $d/in.bam
    fi
    if "$HTLVPVL" count -t 2 -o $d.i $d/in.bam 2> $d.log &&
        grep -q 'indexed mode.*(sampled host)' $d.log; then
        pass "$d: the host sampled ($(sed -n 's/.*indexed: \([0-9]* host windows\).*/\1/p' \
            $d.log))"
    else
        fail "$d: the indexed mode did not sample the host" "$(cat $d.log)"
    fi
    check "$d: full scan" "$HTLVPVL" count -q -t 2 --full-scan -o $d.f $d/in.bam
    if out=$(python3 "$CMP" $d.i $d.f --estimates depth 2>&1); then
        pass "$d: same sites (>= 3 fragments), depth PVL within 0.5 %, CI width within 2 %"
    else
        fail "$d: sampled indexed mode and full scan differ" "$out"
    fi
    printf '%s\n' "$out" | grep '^#' | sed "s/^# /# $d: /"
done
