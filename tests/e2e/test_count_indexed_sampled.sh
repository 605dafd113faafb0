# The indexed mode's sampled host (issue 12 item 2): samples simulated over several seeds on a
# host large enough that count samples it unforced (1.5 Mb at 20x: the index counts about
# 200,000 mapped autosomal records, over 4x the 40,000-read sample), aligned with bwa; one with
# duplicates marked. Indexed and full scan give the same sites with >= 3 fragments (position,
# strand, fragment counts) and depth PVL estimates within 0.5 % with CI widths within 2 %
# (tests/e2e/idx_compare.py). The junction estimate is printed only: the sampled mode lacks
# clip-only sites (docs/formats.md, "Indexed mode").
# GC-following hosts (g*: --gc-bias 3 on the built-in host of 1 kb blocks at 35-58 % GC): the
# sample shows a GC trend and reads more windows of the full scan's grid until its host rate
# matches (7-8 % apart before); the same agreement, and the truth (pvl_cells) inside the
# indexed depth CI.
. "$ROOT/tests/lib.sh"
CMP=$ROOT/tests/e2e/idx_compare.py
need_tools bwa samtools python3 || exit 0
for d in $(for s in ${SAMPLED_SEEDS:-41 42 43}; do echo s$s; done) \
    $(for s in ${SAMPLED_GC_SEEDS:-41 42 43}; do echo g$s; done); do
    seed=${d#?} gc=
    case $d in g*) gc="--gc-bias 3" ;; esac
    "$HTLVPVL" simulate -o $d --seed $seed --host-size 1500000 -n 6 -p 60 --depth 20 \
        --dup-rate 0.05 $gc >/dev/null 2>&1 || { fail "$d: simulate"; continue; }
    { cat $d/host.fa; "$HTLVPVL" ref; } > $d/ref.fa
    bwa index $d/ref.fa 2>/dev/null
    bwa mem -t 2 -R "@RG\tID:x\tSM:$d" $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    if [ $d = s42 ]; then  # duplicates marked
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
    pat='\(shows a GC trend\|GC trend followed\): \([0-9]* of its [0-9]* windows\)'
    gcl=$(sed -n "s/.*$pat.*/\\2/p" $d.log)
    case $d in
    g*)
        if [ -n "$gcl" ]; then
            pass "$d: GC trend seen, more windows read ($gcl, $(sed -n \
                's/.*indexed mode: \([0-9]*\) records read.*/\1/p' $d.log) records)"
        else
            fail "$d: the GC trend was not seen" "$(cat $d.log)"
        fi
        truth=$(json_get $d/truth.json pvl_cells)
        for m in i f; do
            ci=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["pvl"]["depth"]
print(c["ci95"][0], c["ci95"][1])' $d.$m.summary.json)
            if awk -v t="$truth" -v c="$ci" \
                'BEGIN { split(c, a, " "); exit !(a[1] <= t && t <= a[2]) }'; then
                pass "$d ($m): truth $truth in the depth CI [$ci]"
            else
                fail "$d ($m): truth $truth outside the depth CI [$ci]"
            fi
        done
        ;;
    *) grep 'GC trend' $d.log | sed "s/^htlvpvl count: /# $d: /" ;;
    esac
done
