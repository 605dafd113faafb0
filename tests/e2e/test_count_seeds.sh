# count on datasets simulated here with other seeds (htlvpvl simulate + bwa): random clone
# positions on both strands (some defective), both layouts, duplicates unmarked or marked.
# Same checks as on the committed data: clones with >= 3 junction fragments found (exact +-1
# bp), no false site with >= 3 fragments, depth PVL within 25 % of the truth in cells and the
# truth inside the headline CI.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
EVAL=$ROOT/tests/e2e/count_eval.py
SEEDS=${COUNT_SEEDS:-"11 12"}

for seed in $SEEDS; do
    # clone table: 5 clones, random contig/position/strand/size/type, 2 kb apart at least
    python3 - "$seed" > clones.$seed.tsv <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
contigs = [('chr1', 50000), ('chr2', 30000), ('chr3', 20000), ('chrX', 15000)]
print('chrom\tpos\tstrand\tcell_fraction\tdefective')
used = []
while len(used) < 5:
    c, n = r.choice(contigs)
    p = r.randrange(1000, n - 1000)
    if any(c == u and abs(p - q) < 2000 for u, q in used):
        continue
    used.append((c, p))
    d = r.choice(['none', 'none', 'none', '5ltr', 'internal'])
    print('%s\t%d\t%s\t%.3f\t%s' % (c, p, r.choice('+-'), r.uniform(0.05, 0.19), d))
PY
    for layout in full split; do
        d=s$seed.$layout
        "$HTLVPVL" simulate -o $d --seed $seed --host-size 100000 --clones clones.$seed.tsv \
            --depth 40 --dup-rate 0.05 --layout $layout >/dev/null 2>&1 ||
            { fail "$d: simulate"; continue; }
        { cat $d/host.fa; "$HTLVPVL" ref --layout $layout; } > $d/ref.fa
        bwa index $d/ref.fa 2>/dev/null
        bwa mem -t 2 -R "@RG\tID:x\tSM:$d" $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
            samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
        if [ $layout = full ]; then  # mark the duplicates in one of the two
            samtools collate -O -u $d/in.bam 2>/dev/null | samtools fixmate -m -u - - 2>/dev/null |
                samtools sort -u - 2>/dev/null | samtools markdup - $d/md.bam 2>/dev/null &&
                mv $d/md.bam $d/in.bam && samtools index $d/in.bam
        fi
        check "$d: count" "$HTLVPVL" count -q -t 2 -o $d/out $d/in.bam
        truth=$(json_get $d/truth.json pvl_cells)
        check "$d: clones found, no false site, depth PVL vs truth in cells $truth" \
            python3 "$EVAL" $d/out $d/truth.sites.tsv --pvl "$truth" --pvl-tol 0.25 --pvl-ci pvl.headline
    done
done

# polyclonal (HAM/TSP-like, clone sizes from Laydon's distribution), another seed
LAYDON=$SHARED/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt
if [ -f "$LAYDON" ]; then
    d=poly
    "$HTLVPVL" simulate -o $d --seed 77 --host-size 100000 --n-clones 60 --clone-dist "$LAYDON" \
        --pvl 10 --depth 50 --dup-rate 0.05 >/dev/null 2>&1 || fail "$d: simulate"
    { cat $d/host.fa; "$HTLVPVL" ref; } > $d/ref.fa
    bwa index $d/ref.fa 2>/dev/null
    bwa mem -t 2 -R "@RG\tID:x\tSM:$d" $d/ref.fa $d/reads_1.fq.gz $d/reads_2.fq.gz 2>/dev/null |
        samtools sort -o $d/in.bam - 2>/dev/null && samtools index $d/in.bam
    check "$d: count" "$HTLVPVL" count -q -t 2 -o $d/out $d/in.bam
    truth=$(json_get $d/truth.json pvl_cells)
    check "$d: clones found, no false site, depth PVL vs truth in cells $truth" \
        python3 "$EVAL" $d/out $d/truth.sites.tsv --pvl "$truth" --pvl-tol 0.25 --pvl-ci pvl.headline
fi
