# GC bias (issue 9 item 3): HTLV-1 is about 53 % GC; a library that under-samples GC-rich
# fragments under-counts the virus against an average host. A host FASTA of 1-kb blocks at
# 35/42/50/58 % GC, a sample simulated on it (PVL 30, 60x), and the same reads thinned by
# read-pair GC (kept with probability exp(-8 (GC - 0.40)), capped at 1: at 53 % GC about 35 %
# of pairs kept against 100 % at 40 %). The depth estimate compares each viral bin with host
# windows of its own read GC: within 15 % of the truth in cells and the truth inside its CI,
# where the pX ratio over the mean host depth (the diagnostic) falls by more than 25 %.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
python3 - > host.fa <<'PY'
import random
r = random.Random(7)
def block(n, gc):
    return ''.join(r.choice('GC') if r.random() < gc else r.choice('AT') for _ in range(n))
gcs = [0.35, 0.42, 0.50, 0.58]
for name, n in (('chr1', 30000), ('chr2', 20000), ('chr3', 10000), ('chrX', 10000), ('chrM', 2000)):
    s = ''.join(block(1000, gcs[(i * 7 + len(name)) % 4] if name != 'chrM' else 0.44)
                for i in range(n // 1000))
    print('>' + name)
    for i in range(0, len(s), 60):
        print(s[i:i + 60])
PY
check "simulate on the GC-varied host" "$HTLVPVL" simulate -o s --host host.fa --seed 5 --depth 60 --pvl 30 -n 4
python3 - s b <<'PY'
import gzip, math, sys, zlib
src, dst = sys.argv[1], sys.argv[2]
f1, f2 = gzip.open(src + '/reads_1.fq.gz', 'rt'), gzip.open(src + '/reads_2.fq.gz', 'rt')
o1, o2 = gzip.open(dst + '_1.fq.gz', 'wt'), gzip.open(dst + '_2.fq.gz', 'wt')
while True:
    a = [f1.readline() for _ in range(4)]
    b = [f2.readline() for _ in range(4)]
    if not a[0]:
        break
    s = a[1].strip() + b[1].strip()
    gc = sum(c in 'GC' for c in s) / len(s)
    if (zlib.crc32(a[0].encode()) & 0xffffff) / float(1 << 24) < min(1.0, math.exp(-8 * (gc - 0.40))):
        o1.writelines(a)
        o2.writelines(b)
PY
{ cat host.fa; "$HTLVPVL" ref; } > ref.fa
bwa index ref.fa 2>/dev/null
for x in s/reads b; do
    n=${x%%/*}
    bwa mem -t 2 -R "@RG\tID:x\tSM:$n" ref.fa ${x}_1.fq.gz ${x}_2.fq.gz 2>/dev/null |
        samtools sort -o $n.bam - 2>/dev/null && samtools index $n.bam
    check "$n: count" "$HTLVPVL" count -q -o $n $n.bam
done
truth=$(json_get s/truth.json pvl_cells)
for n in s b; do
    p=$(json_get $n.summary.json pvl.depth.copies_per_100_cells)
    lo=$(json_get $n.summary.json pvl.depth.ci95.0); hi=$(json_get $n.summary.json pvl.depth.ci95.1)
    what=$([ $n = s ] && echo "unbiased library" || echo "GC-biased library")
    check "$what: depth PVL $p [$lo, $hi] holds the truth $truth and is within 15 %" \
        awk -v p="$p" -v l="$lo" -v h="$hi" -v t="$truth" \
        'BEGIN { exit !(l <= t && t <= h && (p - t) / t < 0.15 && (t - p) / t < 0.15) }'
done
check "GC-biased library: the pX ratio without GC matching falls by > 25 % (the bias is real)" \
    awk -v s="$(json_get s.summary.json pvl.depth_px_diagnostic.copies_per_100_cells)" \
    -v b="$(json_get b.summary.json pvl.depth_px_diagnostic.copies_per_100_cells)" \
    'BEGIN { exit !((s - b) / s > 0.25) }'
