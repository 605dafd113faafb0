# Clones whose carrier allele has a 1-3 bp host indel 1-10 bp from a junction (simulate
# --flank-indels 1: every clone), aligned with bwa: with --reference, count places the
# junctions by a gapped alignment (junction_align.h) and every such clone with >= 3 junction
# fragments whose position the reads determine is found at its exact position and strand
# (flank_indel_eval.py: not determined where every observed junction reads the same with the
# junction a few bases away and no indel, or a shorter one). Seeds: FLANK_SEEDS.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
EVAL=$ROOT/tests/e2e/flank_indel_eval.py
SEEDS=${FLANK_SEEDS:-"1 2 3 4"}
for seed in $SEEDS; do
    d=f$seed
    "$HTLVPVL" simulate -o $d --seed $seed --host-size 200000 --n-clones 20 --pvl 60 \
        --depth 40 --flank-indels 1 >/dev/null 2>&1 || { fail "$d: simulate"; continue; }
    check "$d: truth records the indels" grep -q $'\tflank_indel\tflank_indel_dist$' \
        $d/truth.sites.tsv
    { cat $d/host.fa; "$HTLVPVL" ref; } > $d/ref.fa
    bwa index $d/ref.fa 2>/dev/null
    bwa mem -t 2 $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    check "$d: count --reference" "$HTLVPVL" count -q -t 2 --reference $d/ref.fa -o $d/out \
        $d/in.bam
    check "$d: clones with a host indel next to a junction at their exact position" \
        python3 "$EVAL" $d/host.fa $d/truth.sites.tsv $d/out.sites.tsv --tag $d
    # the same at another thread count, and through shards + merge
    check "$d: count -t 1 --full-scan" "$HTLVPVL" count -q -t 1 --full-scan \
        --reference $d/ref.fa -o $d/t1 $d/in.bam
    check "$d: same sites at -t 1" cmp $d/out.sites.tsv $d/t1.sites.tsv
done
d=f${SEEDS%% *}
if [ -f $d/in.bam ]; then
    for k in 1 2; do
        "$HTLVPVL" count -q --reference $d/ref.fa --shard $k/2 -o $d/p$k $d/in.bam
    done
    check "$d: merge of two shards" "$HTLVPVL" merge -q -o $d/merged $d/p1.partial $d/p2.partial
    check "$d: merged sites = one run's" cmp $d/out.sites.tsv $d/merged.sites.tsv
fi
