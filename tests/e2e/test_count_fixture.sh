# count end to end on small simulated genomes aligned with bwa: clones on both strands, both
# reference layouts, a 5' LTR-deleted clone, thread invariance, stdin, SAM and CRAM input.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
FX=$ROOT/tests/e2e/count_fixture.py
EVAL=$ROOT/tests/e2e/count_eval.py
"$HTLVPVL" ref > virus.fa

# build LAYOUT SEED DEPTH CLONES: simulate, align, sort, index into $LAYOUT.$SEED/
build() {
    local d=$1.$2
    mkdir -p "$d"
    python3 "$FX" "$d" virus.fa "$1" "$2" "$3" "$4" &&
        bwa index "$d/ref.fa" 2>/dev/null &&
        bwa mem -t 2 -v 1 -R "@RG\tID:$d\tSM:fx_$d" "$d/ref.fa" "$d/r1.fq" "$d/r2.fq" 2>/dev/null |
        samtools sort -o "$d/in.bam" - 2>/dev/null && samtools index "$d/in.bam"
}
pvl_of() { awk -F'\t' 'NR > 1 { s += $4 } END { printf "%.6g", 100 * s }' "$1/truth.tsv"; }

CLONES="chr1:10000:+:0.3,chr1:30000:-:0.3,chr2:20000:+:0.2:d,chr2:30123:-:0.25,chr1:45001:+:0.15,chr2:8000:-:0.15,chrX:12000:+:0.3"
for layout in full split; do
    d=$layout.7
    check "$layout: fixture built and aligned" build $layout 7 40 "$CLONES"
    check "$layout: count -t 1" "$HTLVPVL" count -q -t 1 -o "$d/t1" "$d/in.bam"
    check "$layout: count -t 4" "$HTLVPVL" count -q -t 4 -o "$d/t4" "$d/in.bam"
    for f in summary.json summary.tsv sites.tsv sites.bed sites.vcf.gz; do
        check "$layout: $f identical at -t 1 and -t 4" same_output "$d/t1.$f" "$d/t4.$f"
    done
    check "$layout: _mqc.tsv identical at -t 1 and -t 4" cmp "$d/t1_mqc.tsv" "$d/t4_mqc.tsv"
    # truth PVL: the simulated copies per 100 cells (depth PVL has ~6 % counting error here)
    check "$layout: every clone found, exact +-1 bp, right strand; no false site; PVL" \
        python3 "$EVAL" "$d/t1" "$d/truth.tsv" --pvl "$(pvl_of "$d")" --pvl-tol 0.15
    check_eq "$layout: sample from the read group" "$(json_get "$d/t1.summary.json" sample)" "fx_$d"
    check_eq "$layout: layout detected" "$(json_get "$d/t1.summary.json" reference.layout)" "$layout"
    check_grep "$layout: 5' LTR-deleted clone shows only its U5 junction" \
        "^chr2	20000	\+	U5	" "$d/t1.sites.tsv"
    check_grep "$layout: intact clone shows both junctions" "^chr1	10000	\+	U5,U3	" "$d/t1.sites.tsv"
    # junction estimator: per-site cell fraction within 0.1 of the truth, sum's CI holds it
    check "$layout: cell fractions 2J/(J+W) within 0.15 of the simulated ones (J ~ 10: ~25 % noise)" python3 -c "
import csv, sys
t = {(r['chrom'], r['pos']): float(r['cell_fraction'])
     for r in csv.DictReader(open('$d/truth.tsv'), delimiter='\t')}
bad = [(r['chrom'], r['pos'], r['cell_fraction']) for r in csv.DictReader(open('$d/t1.sites.tsv'),
       delimiter='\t') if abs(float(r['cell_fraction']) - t[(r['chrom'], r['pos'])]) > 0.15]
sys.exit(print(bad) or 1 if bad else 0)"
    check "$layout: junction PVL CI holds the simulated PVL" python3 -c "
import json, sys
j = json.load(open('$d/t1.summary.json'))['pvl']['junction']
sys.exit(0 if j['ci95'][0] <= $(pvl_of "$d") <= j['ci95'][1] else 1)"
    check_eq "$layout: male sample: one chrX per cell" "$(json_get "$d/t1.summary.json" reference.chrX_copies_per_cell)" 1
    check_eq "$layout: W from the index" "$(json_get "$d/t1.summary.json" pvl.junction.w_source)" index
    if command -v bcftools >/dev/null; then
        check "$layout: VCF passes bcftools view" bcftools view -o /dev/null "$d/t1.sites.vcf.gz"
    fi
done

# stdin (no index): same sites and depth PVL, W from the genome-mean depth
d=full.7
samtools view -h "$d/in.bam" | "$HTLVPVL" count -q -s stdin_sample -o "$d/stdin" - 2>err.txt
check_eq "stdin SAM: exit 0" "$?" 0
check_eq "stdin: same sites" "$(cut -f1-8 "$d/stdin.sites.tsv")" "$(cut -f1-8 "$d/t1.sites.tsv")"
check_eq "stdin: same depth PVL" "$(json_get "$d/stdin.summary.json" pvl.depth.copies_per_100_cells)" \
    "$(json_get "$d/t1.summary.json" pvl.depth.copies_per_100_cells)"
check_eq "stdin: W from the genome mean" "$(json_get "$d/stdin.summary.json" pvl.junction.w_source)" genome_mean
check_eq "stdin: -s names the sample" "$(json_get "$d/stdin.summary.json" sample)" stdin_sample
# CRAM with its reference
samtools view -C -T "$d/ref.fa" -o "$d/in.cram" "$d/in.bam" 2>/dev/null
check "CRAM with --reference" "$HTLVPVL" count -q --reference "$d/ref.fa" -o "$d/cram" "$d/in.cram"
check_eq "CRAM: same sites as BAM" "$(cut -f1-8 "$d/cram.sites.tsv")" "$(cut -f1-8 "$d/t1.sites.tsv")"
gzip -dc "$d/cram.sites.vcf.gz" > "$d/cram.sites.vcf"
check_grep "CRAM with --reference: VCF REF bases filled in" "	[ACGT]	(\.[ACGT]|[ACGT]\.)	" "$d/cram.sites.vcf"
check_grep "CRAM with --reference: ##reference names it as given" "^##reference=$d/ref.fa$" "$d/cram.sites.vcf"
check_grep "##source: the command line, relative paths as given" \
    "^##source=htlvpvl count -q --reference $d/ref.fa -o $d/cram $d/in.cram$" "$d/cram.sites.vcf"
if command -v bcftools >/dev/null; then
    # each REF base is the reference's own base at POS (samtools faidx: the truth)
    check "CRAM: every REF base equals the reference at POS" bash -c '
        grep -v "^#" "$1/cram.sites.vcf" | while IFS=$(printf "\t") read -r c p _ r _; do
            b=$(samtools faidx "$1/ref.fa" "$c:$p-$p" | tail -n 1 | tr a-z A-Z)
            [ "$b" = "$r" ] || { echo "$c:$p REF $r, reference $b"; exit 1; }
        done' _ "$d"
fi

# a second seed, lower clone sizes (some below detection), other positions
CL2="chr1:5200:-:0.2,chr1:22222:+:0.12,chr2:15000:-:0.3,chr2:36000:+:0.08,chrX:9000:-:0.2"
check "seed 11 split: built" build split 11 30 "$CL2"
check "seed 11 split: count" "$HTLVPVL" count -q -t 2 -o split.11/o split.11/in.bam
check "seed 11 split: clones found, no false site, PVL" \
    python3 "$EVAL" split.11/o split.11/truth.tsv --pvl "$(pvl_of split.11)" --pvl-tol 0.2

# uninfected: no clone at all
check "uninfected: built" build full 5 30 "chr1:100:+:0"
check "uninfected: count" "$HTLVPVL" count -q -o full.5/o full.5/in.bam
check_eq "uninfected: PVL 0" "$(json_get full.5/o.summary.json pvl.depth.copies_per_100_cells)" 0
check_eq "uninfected: no site" "$(json_get full.5/o.summary.json sites.count)" 0
check_eq "uninfected: sites.tsv has only its header" "$(wc -l < full.5/o.sites.tsv)" 1

# --region shards: sites partition (a site belongs to the shard holding pos; evidence is read
# from a margin around it), host counts add up, viral counts are the same in every shard
d=full.7
for r in chr1 chr2:1-20000 chr2:20001-40000 chrX; do
    "$HTLVPVL" count -q --region "$r" -o "$d/shard.${r//[:-]/_}" "$d/in.bam" ||
        fail "--region $r exits 0"
done
check_eq "shards: sites of the shards = sites of the whole file" \
    "$(for r in chr1 chr2_1_20000 chr2_20001_40000 chrX; do tail -n +2 "$d/shard.$r.sites.tsv"; done | cut -f1-8)" \
    "$(tail -n +2 "$d/t1.sites.tsv" | cut -f1-8)"
sum=0
for r in chr1 chr2_1_20000 chr2_20001_40000 chrX; do
    sum=$((sum + $(json_get "$d/shard.$r.summary.json" fragments.host_autosomal)))
done
check_eq "shards: host autosomal fragments add up" "$sum" "$(json_get "$d/t1.summary.json" fragments.host_autosomal)"
check_eq "shards: viral fragments in pX the same in each shard" \
    "$(json_get "$d/shard.chr1.summary.json" pvl.depth.viral_fragments)" \
    "$(json_get "$d/t1.summary.json" pvl.depth.viral_fragments)"
check_eq "shard on chrX: no autosome, depth PVL unavailable (null)" \
    "$(json_get "$d/shard.chrX.summary.json" pvl.depth.copies_per_100_cells)" None

# duplicates: every fragment copied under a new name (unmarked), then marked by samtools markdup
samtools view -h "$d/in.bam" | awk 'BEGIN { OFS = "\t" } /^@/ { print; next } { print; $1 = "D" $1; print }' |
    samtools sort -o "$d/dup.bam" - 2>/dev/null && samtools index "$d/dup.bam"
check "unmarked duplicates: count" "$HTLVPVL" count -q -o "$d/dup" "$d/dup.bam"
check_eq "unmarked duplicates: same sites and fragment counts (outer coordinates)" \
    "$(cut -f1-8 "$d/dup.sites.tsv")" "$(cut -f1-8 "$d/t1.sites.tsv")"
samtools sort -n -o "$d/dupn.bam" "$d/dup.bam" 2>/dev/null
check "unmarked duplicates, name-sorted (no coordinate rule): count" "$HTLVPVL" count -q -o "$d/dupn" "$d/dupn.bam"
check_eq "unmarked duplicates, name-sorted: same sites and fragment counts" \
    "$(cut -f1-8 "$d/dupn.sites.tsv")" "$(cut -f1-8 "$d/t1.sites.tsv")"
samtools collate -O -u "$d/dup.bam" 2>/dev/null | samtools fixmate -m -u - - 2>/dev/null |
    samtools sort -u - 2>/dev/null | samtools markdup - "$d/md.bam" 2>/dev/null && samtools index "$d/md.bam"
check "marked duplicates: count" "$HTLVPVL" count -q -o "$d/md" "$d/md.bam"
check_eq "marked duplicates: same sites and fragment counts" \
    "$(cut -f1-8 "$d/md.sites.tsv")" "$(cut -f1-8 "$d/t1.sites.tsv")"
# (markdup also marks a few original pairs that share outer coordinates by chance)
n0=$(json_get "$d/t1.summary.json" reads.total)
check_num "marked duplicates: half the reads are duplicates" \
    "$(json_get "$d/md.summary.json" reads.duplicates)" "$n0" "$((n0 / 100))"
p0=$(json_get "$d/t1.summary.json" pvl.depth.copies_per_100_cells)
check_num "marked duplicates: depth PVL as without them (1 %)" \
    "$(json_get "$d/md.summary.json" pvl.depth.copies_per_100_cells)" "$p0" \
    "$(awk -v p="$p0" 'BEGIN { print p / 100 }')"

# a viral contig of another name and length (40 bp of vector on each side): --virus-contig with
# --reference locates its LTRs
awk '/^>/ { if (v) exit } /^>HTLV1/ { v = 1 } !v' "$d/ref.fa" > custom.fa
{ echo ">pHTLV"; { printf 'ACGTTGCAGGCCTTAAGGCATCGATCGGATCCAAGCTTGC'
  grep -v '>' virus.fa | tr -d '\n'; printf 'GCATGCCTGCAGGTCGACTCTAGAGGATCCCCGGGTACCG'; } | fold -w 60; } >> custom.fa
bwa index custom.fa 2>/dev/null
bwa mem -t 2 -v 1 custom.fa "$d/r1.fq" "$d/r2.fq" 2>/dev/null | samtools sort -o custom.bam - 2>/dev/null
samtools index custom.bam
check_exit 1 "custom viral contig: not detected without --virus-contig" "$HTLVPVL" count -q -o c0 custom.bam
check_exit 1 "custom viral contig: needs --reference" "$HTLVPVL" count -q -o c0 --virus-contig pHTLV custom.bam
check "custom viral contig with --reference" "$HTLVPVL" count -q -o c1 --virus-contig pHTLV --reference custom.fa custom.bam
check_eq "custom viral contig: same sites as the built-in layout" "$(cut -f1-4 c1.sites.tsv)" "$(cut -f1-4 "$d/t1.sites.tsv")"
p0=$(json_get "$d/t1.summary.json" pvl.depth.copies_per_100_cells)
check_num "custom viral contig: same depth PVL (2 %)" "$(json_get c1.summary.json pvl.depth.copies_per_100_cells)" \
    "$p0" "$(awk -v p="$p0" 'BEGIN { print p / 50 }')"
check_eq "custom viral contig: layout reported" "$(json_get c1.summary.json reference.layout)" custom

# N gaps: 10 kb of chr1 masked with N in the reference (its reads align elsewhere or not at all).
# The depth PVL takes host depth from covered windows: the same with or without --reference.
# The pX ratio over the header length (pvl.depth_px_diagnostic) is too high by about 100/90
# without --reference.
python3 - "$d/ref.fa" > masked.fa <<'PY'
import sys
name, seqs = None, {}
for l in open(sys.argv[1]):
    l = l.strip()
    if l.startswith('>'): name = l[1:]; seqs[name] = []
    else: seqs[name].append(l)
for n, s in seqs.items():
    s = ''.join(s)
    if n == 'chr1': s = s[:15000] + 'N' * 10000 + s[25000:]
    print('>' + n)
    for i in range(0, len(s), 60): print(s[i:i + 60])
PY
bwa index masked.fa 2>/dev/null
bwa mem -t 2 -v 1 masked.fa "$d/r1.fq" "$d/r2.fq" 2>/dev/null | samtools sort -o masked.bam - 2>/dev/null
samtools index masked.bam
"$HTLVPVL" count -q -o m0 masked.bam && "$HTLVPVL" count -q --reference masked.fa -o m1 masked.bam
check_eq "N gaps: --reference counts A/C/G/T bases" "$(json_get m1.summary.json reference.host_autosomal_length)" 90000
check "N gaps: with and without --reference the depth PVL is within 3 % of the unmasked one" \
    awk -v a="$(json_get m0.summary.json pvl.depth.copies_per_100_cells)" \
        -v b="$(json_get m1.summary.json pvl.depth.copies_per_100_cells)" \
        -v t="$(json_get "$d/t1.summary.json" pvl.depth.copies_per_100_cells)" \
        'BEGIN { d1 = (b - t) / t; d0 = (a - t) / t; exit !(d1 < 0.03 && d1 > -0.03 && d0 < 0.03 && d0 > -0.03) }'
check "N gaps: the pX ratio over the header length is too high without --reference" \
    awk -v a="$(json_get m0.summary.json pvl.depth_px_diagnostic.copies_per_100_cells)" \
        -v t="$(json_get "$d/t1.summary.json" pvl.depth_px_diagnostic.copies_per_100_cells)" \
        'BEGIN { exit !((a - t) / t > 0.06) }'
