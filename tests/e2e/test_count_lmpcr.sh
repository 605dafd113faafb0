# count --assay lmpcr: simulate --assay lmpcr -> trim -> bwa mem -C (host + htlvpvl ref) over
# three seeds (clone sizes from Laydon's distribution when ../shared is present), checked against
# the simulated truth: every clone with >= 3 distinct (shear, UMI) at its exact position and
# strand, no artefact site, umis, spike-calibrated cells and PVL; the same on untrimmed reads
# (LTR end soft-clipped / supplementary, UMI in the read name); -t 1 = -t 3 byte for byte;
# --input-ng, --pvl; a host duplication (multi-mapping clones kept, flagged, placed once);
# hand-made reads for the misprime rule and multi-mapping placements; option errors.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
H=$HTLVPVL
EVAL=$ROOT/tests/e2e/count_lmpcr_eval.py
LAYDON=${SHARED:-/nonexistent}/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt
dist=()
if [ -f "$LAYDON" ]; then dist=(--clone-dist "$LAYDON"); else
    echo "# Laydon clone sizes absent (../shared): log-normal clone sizes"; fi

spike_of() { awk -F'\t' '$5 == 1 { print $2 ":" $3 ":" $4 }' "$1/truth.clones.tsv"; }

# simulate DIR SEED [ARGS...]: reads, trimmed reads, BAM of the trimmed reads (DIR/t.bam)
prep() {
    local d=$1 seed=$2; shift 2
    "$H" simulate --assay lmpcr -o $d --seed $seed -n 40 --cells 40000 --pvl 4 \
        --spike-cells 200 "${dist[@]}" "$@" >/dev/null 2>&1 || return 1
    "$H" trim -q -t 2 -o $d/t --read-structure 8M16S+T $d/reads_1.fq.gz $d/reads_2.fq.gz || return 1
    if [ ! -f ref.fa.bwt ]; then
        { cat $d/host.fa; "$H" ref; } > ref.fa && samtools faidx ref.fa && bwa index ref.fa 2>/dev/null
    fi
    bwa mem -C -t 2 ref.fa $d/t_1.fq.gz $d/t_2.fq.gz 2>/dev/null |
        samtools sort -o $d/t.bam - 2>/dev/null && samtools index $d/t.bam
}

for seed in 1 2 3; do
    d=s$seed
    check "seed $seed: simulate, trim, bwa mem -C" prep $d $seed
    check "seed $seed: count --assay lmpcr" "$H" count --assay lmpcr -q -t 2 -o $d/c \
        --reference ref.fa --spike "$(spike_of $d)" --spike-cells 200 --input-cells 40000 $d/t.bam
    python3 "$EVAL" $d $d/c --calibrated > $d/v.txt 2>&1 || fail "seed $seed: eval" "$(cat $d/v.txt)"
    grep -v '^stat' $d/v.txt > $d/v2.txt
    check_verdicts $d/v2.txt
done
check_eq "summary.json: assay lmpcr" "$(json_get s1/c.summary.json assay)" lmpcr
# the attrition table in count's schema: each filter takes in what the one before kept; the
# records are samtools' count of the BAM, and the reads kept at the end those of the sites
steps=("LTR-side read" QC map host "LTR end" "shear site" misprime)
chain=()
for i in 1 2 3 4 5 6; do chain+=(--chain "${steps[i - 1]},${steps[i]}"); done
run_checker s1/attr.out python3 "$ROOT/tests/e2e/attrition_eval.py" s1/c --no-json \
    --steps "$(IFS=,; echo "${steps[*]}")" "${chain[@]}" \
    --expect "LTR-side read.in=$(samtools view -c s1/t.bam)" \
    --expect "misprime.kept=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
        NR > 1 { n += $c["reads"] } END { print n + 0 }' s1/c.sites.tsv)"

# threads: the same bytes
"$H" count --assay lmpcr -q -t 1 -o s1/t1 --reference ref.fa --spike "$(spike_of s1)" \
    --spike-cells 200 --input-cells 40000 s1/t.bam
"$H" count --assay lmpcr -q -t 3 -o s1/t3 --reference ref.fa --spike "$(spike_of s1)" \
    --spike-cells 200 --input-cells 40000 s1/t.bam
for x in sites.tsv summary.json attrition.tsv; do
    check "-t 1 and -t 3: same $x" cmp s1/t1.$x s1/t3.$x
done

# CRAM and standard input give the same sites; a truncated BAM fails with no outputs
samtools view -C -T ref.fa -o s1/t.cram s1/t.bam
"$H" count --assay lmpcr -q -o s1/plain --reference ref.fa s1/t.bam
"$H" count --assay lmpcr -q -t 2 -o s1/cram --reference ref.fa s1/t.cram
check "CRAM: same sites as the BAM" cmp s1/cram.sites.tsv s1/plain.sites.tsv
samtools view -h s1/t.bam | "$H" count --assay lmpcr -q -o s1/stdin --reference ref.fa -
check "standard input: same sites as the BAM" cmp s1/stdin.sites.tsv s1/plain.sites.tsv
# no -o: the outputs are named after the sample (the prefix was locked before it was known)
(cd s1 && "$H" count --assay lmpcr -q --reference ../ref.fa t.bam)
check "no -o: PREFIX is the sample name" \
    cmp "s1/$(json_get s1/plain.summary.json sample).sites.tsv" s1/plain.sites.tsv
head -c 30000 s1/t.bam > s1/cut.bam
check_exit 1 "truncated BAM" "$H" count --assay lmpcr -q -o s1/cut s1/cut.bam
no_files "truncated BAM: no outputs" s1/cut.sites.tsv s1/cut.summary.json s1/cut.attrition.tsv

# --input-ng at 6.6 pg per cell = --input-cells
"$H" count --assay lmpcr -q -o s1/ng --reference ref.fa --spike "$(spike_of s1)" \
    --spike-cells 200 --input-ng 264 s1/t.bam
check_num "--input-ng 264 (40,000 cells): same PVL" \
    "$(json_get s1/ng.summary.json pvl.spike.copies_per_100_cells)" \
    "$(json_get s1/c.summary.json pvl.spike.copies_per_100_cells)" 1e-9

# --pvl (qPCR): clone sizes in cells per 10^4 PBMC against the truth
"$H" count --assay lmpcr -q -o s1/q --reference ref.fa --pvl 4 s1/t.bam
check "--pvl 4: cells per 10^4 PBMC within 35 % (median, clones >= 10 cells)" python3 - s1 s1/q <<'PY'
import statistics, sys
sim, pre = sys.argv[1], sys.argv[2]
rows = lambda p: [dict(zip(h, l.rstrip("\n").split("\t"))) for h in [open(p).readline().rstrip("\n").split("\t")] for l in open(p).readlines()[1:]]
cells = float(dict(l.rstrip("\n").split("\t") for l in open(f"{sim}/truth.summary.tsv"))["cells"])
site = {(r["chrom"], r["pos"], r["strand"]): r for r in rows(f"{pre}.sites.tsv")}
rel = []
for t in rows(f"{sim}/truth.clones.tsv"):
    if t["spike"] == "1" or int(t["cells"]) < 10:
        continue
    true = int(t["cells"]) / cells * 1e4
    s = site.get((t["chrom"], t["pos"], t["strand"]))
    rel.append(abs((float(s["cells_per_10k"]) if s else 0) - true) / true)
print("median", statistics.median(rel))
sys.exit(0 if statistics.median(rel) < 0.35 else 1)
PY

# untrimmed reads: the LTR end soft-clipped (or supplementary), the UMI in the read name
paste <(zcat s1/reads_1.fq.gz | paste - - - -) <(zcat s1/reads_2.fq.gz | paste - - - -) |
    awk -F'\t' '{ n = $1 "_" substr($6, 1, 8)
                  print n "\n" $2 "\n+\n" $4 > "s1/u_1.fq"; print n "\n" $6 "\n+\n" $8 > "s1/u_2.fq" }'
bwa mem -t 2 ref.fa s1/u_1.fq s1/u_2.fq 2>/dev/null | samtools sort -o s1/u.bam - 2>/dev/null
check "untrimmed: count" "$H" count --assay lmpcr -q -o s1/u --reference ref.fa \
    --spike "$(spike_of s1)" --spike-cells 200 --input-cells 40000 s1/u.bam
python3 "$EVAL" s1 s1/u --calibrated | grep -v '^stat' | sed 's/\t/\tuntrimmed: /' > s1/vu.txt
check_verdicts s1/vu.txt
check_eq "untrimmed: ltr_in_reads" "$(json_get s1/u.summary.json ltr_in_reads)" True
check "untrimmed: run-on and primer-dimer reads counted as viral" test \
    "$(json_get s1/u.summary.json attrition.viral)" -ge \
    "$(awk -F'\t' '$1 == "pairs_run_on" { print $2 }' s1/truth.summary.tsv)"

# a host with chr2 a copy of chr1: clones there map twice (MAPQ 0); each is one site at the
# chr1 copy, flagged, with its chr2 placement listed
mkdir -p dup
awk '/^>/ { n++ } n == 1' s1/host.fa > dup/h1.fa
{ cat dup/h1.fa; sed '1s/.*/>chr2/' dup/h1.fa; } > dup/host.fa
"$H" simulate --assay lmpcr -o dup/s --seed 4 -n 12 --cells 20000 --pvl 5 --host dup/host.fa \
    >/dev/null 2>&1
"$H" trim -q -o dup/t --read-structure 8M16S+T dup/s/reads_1.fq.gz dup/s/reads_2.fq.gz
{ cat dup/host.fa; "$H" ref; } > dup/ref.fa && bwa index dup/ref.fa 2>/dev/null
bwa mem -C dup/ref.fa dup/t_1.fq.gz dup/t_2.fq.gz 2>/dev/null | samtools sort -o dup/t.bam - 2>/dev/null
check "duplicated host: count" "$H" count --assay lmpcr -q -o dup/c dup/t.bam
check "duplicated host: every clone with >= 3 (shear, UMI) one site on chr1, flagged, chr2 listed" \
    python3 - dup/s/truth.clones.tsv dup/c.sites.tsv <<'PY'
import sys
rows = lambda p: [dict(zip(h, l.rstrip("\n").split("\t"))) for h in [open(p).readline().rstrip("\n").split("\t")] for l in open(p).readlines()[1:]]
sites = {(r["chrom"], r["pos"], r["strand"]): r for r in rows(sys.argv[2])}
bad = []
for t in rows(sys.argv[1]):
    if int(t["shear_umis"]) < 3:
        continue
    s = sites.get(("chr1", t["pos"], t["strand"]))
    other = f"chr2:{t['pos']}:{t['strand']}"
    if not s or s["multimap"] != "1" or other not in s["alt_placements"].split(","):
        bad.append((t["chrom"], t["pos"], s))
    if ("chr2", t["pos"], t["strand"]) in sites:
        bad.append(("chr2 site too", t["pos"]))
print(bad)
sys.exit(1 if bad else 0)
PY

# hand-made reads: a site whose host already ends like the LTR end (TTAGTAGACA before it) is
# mispriming and removed with a reference when it has fewer than 3 distinct (shear, UMI), else
# kept and flagged; a read with MAPQ 0 and an equally good XA placement joins the site of the
# first placement
python3 - hand <<'PY'
import random, sys
d = sys.argv[1]
import os
os.makedirs(d, exist_ok=True)
r = random.Random(5)
g = [r.choice("ACGT") for _ in range(2000)]
g[90:100] = "TTAGTAGACA"     # host 91..100, before a junction at 101: the LTR end, 1 mismatch
g[295:300] = "GGTCC"
g[995:1100] = g[295:400]     # 996..1100 repeats 296..400: a junction at 1001 = one at 301
g[1690:1700] = "TTAGTACACA"  # host 1691..1700 is the LTR end: a clone there has 3 fragments
seq = "".join(g)
open(f"{d}/h.fa", "w").write(">chr1\n" + "\n".join(seq[i:i + 60] for i in range(0, 2000, 60)) + "\n")
rc = lambda s: s[::-1].translate(str.maketrans("ACGT", "TGCA"))
out = open(f"{d}/h.sam", "w")
out.write("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr1\tLN:2000\n")
def pair(name, p1, mapq, umi, frag, xa=None):
    r1 = seq[p1 - 1:p1 - 1 + 40]
    p2 = p1 + frag - 40
    r2 = seq[p2 - 1:p2 - 1 + 40]
    tags = f"MC:Z:40M\tRX:Z:{umi}\tNM:i:0"
    out.write(f"{name}\t99\tchr1\t{p1}\t{mapq}\t40M\t=\t{p2}\t{frag}\t{r1}\t{'I' * 40}\t{tags}" +
              (f"\tXA:Z:{xa}" if xa else "") + "\n")
    out.write(f"{name}\t147\tchr1\t{p2}\t{mapq}\t40M\t=\t{p1}\t{-frag}\t{r2}\t{'I' * 40}\t"
              f"MC:Z:40M\tRX:Z:{umi}\tNM:i:0\n")
for i in range(4):          # misprime at 101: 2 fragments of 2 reads
    pair(f"m{i}", 101, 60, "AAAACCCC"[i // 2:] + "ACGT"[:i // 2], 60 + 7 * (i // 2))
for i in range(3):          # 3 fragments at 1701: a clone, kept and flagged
    pair(f"c{i}", 1701, 60, "TTTTAAAA"[i:] + "ACGT"[:i], 52 + 13 * i)
for i in range(3):          # multi-mapping: placed at 1001 (or 301), the other one in XA
    pair(f"x{i}", 1001 if i < 2 else 301, 0, "GGGGTTTT"[i:] + "ACGT"[:i], 55 + 9 * i,
         "chr1,+301,40M,0;" if i < 2 else "chr1,+1001,40M,0;")
for i in range(3):          # a plain site at 1501
    pair(f"p{i}", 1501, 60, "CCCCGGGG"[i:] + "ACGT"[:i], 50 + 11 * i)
for i in range(2):          # a provirus at 601 (+): trimmed U5-junction reads ...
    pair(f"u5{i}", 601, 60, "ACACGGTT"[i:] + "ACGT"[:i], 70 + 5 * i)
U3 = "TGACAATGACCATGAGCCCC"  # ... and untrimmed reads out of its 5' LTR (U3 start soft-clipped)
for i in range(2):          # host 567..606 read leftwards from the junction base 606 = 601 + 5
    frag, umi = 64 + 9 * i, "GATTACAG"[i:] + "ACGT"[:i]
    p2 = 606 - frag + 1
    r1, r2 = seq[566:606] + U3, seq[p2 - 1:p2 - 1 + 40]
    out.write(f"u3{i}\t83\tchr1\t567\t60\t40M20S\t=\t{p2}\t{-frag}\t{r1}\t{'I' * 60}\t"
              f"MC:Z:40M\tRX:Z:{umi}\tNM:i:0\n")
    out.write(f"u3{i}\t163\tchr1\t{p2}\t60\t40M\t=\t567\t{frag}\t{r2}\t{'I' * 40}\t"
              f"MC:Z:40M20S\tRX:Z:{umi}\tNM:i:0\n")
PY
samtools faidx hand/h.fa
check "hand-made: count with --reference" "$H" count --assay lmpcr -q -o hand/r --reference hand/h.fa \
    hand/h.sam
check "hand-made: count without" "$H" count --assay lmpcr -q -o hand/n hand/h.sam
check_eq "misprime site removed, its reads counted" \
    "$(cut -f1-3 hand/r.sites.tsv | tail -n +2 | tr '\t\n' ': ')$(json_get hand/r.summary.json attrition.misprime)" \
    "chr1:301:+ chr1:601:+ chr1:1501:+ chr1:1701:+ 4"
check_eq "LTR-like host with 3 (shear, UMI): kept, flagged" \
    "$(awk -F'\t' '$2 == 1701 { print $7, $20 }' hand/r.sites.tsv)" "3 1"
"$H" count --assay lmpcr -q -o hand/k --reference hand/h.fa --misprime-tail ACACA \
    --misprime-edits 0 hand/h.sam
check_eq "--misprime-tail ACACA --misprime-edits 0 (the exact pentamer rule) misses AGACA" \
    "$(json_get hand/k.summary.json attrition.misprime)" 0
check_eq "without a reference the misprime rule is off" \
    "$(cut -f1-3 hand/n.sites.tsv | tail -n +2 | tr '\t\n' ': ')" \
    "chr1:101:+ chr1:301:+ chr1:601:+ chr1:1501:+ chr1:1701:+ "
check_eq "multi-mapping: reads 3, umis 3, flagged, other placement listed" \
    "$(awk -F'\t' '$2 == 301 { print $5, $7, $16, $17, $18 }' hand/r.sites.tsv)" "3 3 1 3 chr1:1001:+"

check_eq "U5 (trimmed) and U3 (soft-clipped) junctions of one provirus: one site, 4 fragments" \
    "$(awk -F'\t' '$2 == 601 { print $4, $5, $7 }' hand/r.sites.tsv)" "U5,U3 4 4"

# options and errors
check_exit 2 "--assay other" "$H" count --assay chip s1/t.bam
check_exit 2 "--spike without --spike-cells" "$H" count --assay lmpcr --spike chr1:5:+ s1/t.bam
check_exit 2 "--spike bad strand" "$H" count --assay lmpcr --spike chr1:5:x --spike-cells 3 s1/t.bam
check_exit 2 "--spike contig not in the header" "$H" count --assay lmpcr -o e1 --spike chrZ:5:+ \
    --spike-cells 3 s1/t.bam
check_exit 2 "--input-cells and --input-ng" "$H" count --assay lmpcr --input-cells 5 --input-ng 3 \
    s1/t.bam
check_exit 1 "missing input" "$H" count --assay lmpcr -o e2 nothing.bam
no_files "no outputs after errors" e1.sites.tsv e1.summary.json e2.sites.tsv e2.summary.json
"$H" count --assay lmpcr -o s1/nosp --spike chr1:7:+ --spike-cells 100 s1/t.bam 2> s1/nosp.err
check_grep "spike site without reads: a warning" 'no site there' s1/nosp.err
check_eq "spike site without reads: pvl.spike null" "$(json_get s1/nosp.summary.json pvl.spike)" None
check "count --assay wgs is the default pipeline" "$H" count --assay wgs -q -o s1/w s1/t.bam
check_grep "wgs summary" '"depth"' s1/w.summary.json
