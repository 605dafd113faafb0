# The simulator against its own promises, checked by independent code (python/awk/samtools here,
# never the simulator's): junction geometry per strand (FIELD.md section 4), TSD, junction
# fragment counts, PVL within Poisson noise, chrX/chrM copy number; and the committed test data
# against its truth files.
. "$ROOT/tests/lib.sh"
H=$HTLVPVL

# ---------- fresh simulation without errors or duplicates: exact read scan ----------
printf 'chrom\tpos\tstrand\tcell_fraction\tdefective\n' > clones.tsv
printf 'chr1\t8000\t+\t0.30\tnone\nchr1\t14005\t-\t0.25\tnone\nchr2\t4000\t+\t0.20\t5ltr\n' >> clones.tsv
printf 'chr3\t5005\t-\t0.15\t5ltr\nchr2\t9000\t-\t0.10\tinternal\n' >> clones.tsv
check "simulate (no errors, no duplicates, 60x)" "$H" simulate -o S --seed 5 --host-size 40000 \
    --clones clones.tsv --depth 60 --error-rate 0 --dup-rate 0 --read-length 100
# scan.py HOST READS_DIR TRUTH: per clone, read pairs whose R1 or R2 holds the 20-mer of 10 LTR
# bases + 10 host bases built from FIELD.md's table, and (TSD check) the same without the TSD.
cat > scan.py <<'PY'
import gzip, sys
host, rd, truth = sys.argv[1:4]
seq, name = {}, None
for l in open(host):
    l = l.strip()
    if l.startswith('>'): name = l[1:].split()[0]; seq[name] = []
    else: seq[name].append(l)
seq = {k: ''.join(v) for k, v in seq.items()}
comp = str.maketrans('ACGT', 'TGCA')
rc = lambda s: s.translate(comp)[::-1]
pairs = []
with gzip.open(rd + '/reads_1.fq.gz', 'rt') as f1, gzip.open(rd + '/reads_2.fq.gz', 'rt') as f2:
    for i, (a, b) in enumerate(zip(f1, f2)):
        if i % 4 == 1: pairs.append((a.strip(), b.strip()))
rows = [l.rstrip('\n').split('\t') for l in open(truth)]
hdr = rows[0]
U3, U5 = 'TGACAATGAC', 'TTAGTACACA'
for r in rows[1:]:
    d = dict(zip(hdr, r))
    h, pos, st = seq[d['chrom']], int(d['pos']), d['strand']
    H = lambda a, b: h[a - 1:b]          # 1-based inclusive host bases
    a = pos if st == '+' else pos - 5    # TSD h[a..a+5]
    if st == '+':   # host ... h[a..a+5] U3 ... U5 h[a..a+5] ...
        k5, k3 = U5 + H(pos, pos + 9), H(a - 4, a + 5) + U3
        no_tsd5 = U5 + H(a + 6, a + 15)  # U5 joined past the TSD: must never occur
    else:           # host ... h[a..a+5] rc(U5) ... rc(U3) h[a..a+5] ...
        k5, k3 = H(pos - 9, pos) + rc(U5), rc(U3) + H(a, a + 9)
        no_tsd5 = H(a - 10, a - 1) + rc(U5)
    def count(k):
        kr = rc(k)
        return sum(1 for x, y in pairs if k in x or kr in x or k in y or kr in y)
    print(d['chrom'], pos, st, d['defective'], count(k5), count(k3), count(no_tsd5),
          d['split_fragments_u5'], d['split_fragments_u3'])
PY
python3 scan.py S/host.fa S S/truth.sites.tsv > scan.txt
check_eq "scan: one line per clone" "$(wc -l < scan.txt)" 5
while read -r chrom pos st def n5 n3 nno t5 t3; do
    c="$chrom:$pos$st ($def)"
    check_eq "$c: U5-host reads found = truth split_fragments_u5" "$n5" "$t5"
    check_eq "$c: U3-host reads found = truth split_fragments_u3" "$n3" "$t3"
    check "$c: U5 junction seen in reads" test "$n5" -gt 0
    check_eq "$c: no U5 junction without the TSD" "$nno" 0
    if [ "$def" = 5ltr ]; then check_eq "$c: 5' LTR deleted, no U3 junction" "$n3" 0
    else check "$c: U3 junction seen in reads (TSD on both sides)" test "$n3" -gt 0; fi
done < scan.txt
# All junction-spanning fragments (discordant pairs too): rebuild each clone's carrier allele
# from host.fa and the built-in reference (FIELD.md section 4), place every read pair on it
# (R1 forward and R2 reverse-complemented, or the other way round; exact matches, since there
# are no errors; implied fragment length within the truth's range) and count the placements
# that cross the host-provirus junctions. Where the provirus end happens to equal the host bases
# next to the TSD (microhomology of m bases), a host-only fragment reaching up to m bases past the
# TSD reads like a junction fragment: such placements are counted apart (n_amb), and the truth
# must lie in [n_strict, n_strict + n_amb].
"$H" ref > prov.fa
cat > span.py <<'PY'
import gzip, json, sys
host, prov, rd = sys.argv[1:4]
def fasta(path):
    seq, name = {}, None
    for l in open(path):
        l = l.strip()
        if l.startswith('>'): name = l[1:].split()[0]; seq[name] = []
        else: seq[name].append(l)
    return {k: ''.join(v) for k, v in seq.items()}
h, P = fasta(host), fasta(prov)['HTLV1']
comp = str.maketrans('ACGT', 'TGCA')
rc = lambda s: s.translate(comp)[::-1]
par = json.load(open(rd + '/truth.json'))['parameters']
lo, hi = par['fragment_min'], par['fragment_max']
F = hi + 10
rows = [l.rstrip('\n').split('\t') for l in open(rd + '/truth.sites.tsv')]
hdr = rows[0]
alleles = []
for r in rows[1:]:
    d = dict(zip(hdr, r))
    pos, st, dft = int(d['pos']), d['strand'], d['defective']
    a = pos if st == '+' else pos - 5
    g = h[d['chrom']]
    v = P[1500:] if dft == '5ltr' else P[:1000] + P[6500:] if dft == 'internal' else P
    if st == '-': v = rc(v)
    left, right = g[a - 1 - F:a + 5], g[a - 1:a + 5 + F]
    al = left + v + right
    J = (len(left), len(left) + len(v))
    mh = [0, 0]  # microhomology: provirus start vs host after the TSD; provirus end vs host before
    while al[J[0] + mh[0]] == g[a + 5 + mh[0]]: mh[0] += 1
    while al[J[1] - 1 - mh[1]] == g[a - 2 - mh[1]]: mh[1] += 1
    idx = {}
    for i in range(len(al) - 19):
        idx.setdefault(al[i:i + 20], []).append(i)
    alleles.append((d, al, J, mh, idx))
def places(al, idx, s):
    return [p for p in idx.get(s[:20], []) if al.startswith(s, p)]
pairs = []
with gzip.open(rd + '/reads_1.fq.gz', 'rt') as f1, gzip.open(rd + '/reads_2.fq.gz', 'rt') as f2:
    for i, (x, y) in enumerate(zip(f1, f2)):
        if i % 4 == 1: pairs.append((x.strip(), y.strip()))
for d, al, J, mh, idx in alleles:
    n, amb = [0, 0], [0, 0]
    for x, y in pairs:
        hit = [0, 0]  # per junction: 2 strict crossing, 1 only within the microhomology
        for fw, bw in ((x, y), (y, x)):
            b = rc(bw)
            for p1 in places(al, idx, fw):
                for p2 in places(al, idx, b):
                    e = p2 + len(b)
                    if lo <= e - p1 <= hi and p2 >= p1:
                        if p1 < J[0] < e: hit[0] = max(hit[0], 2 if e > J[0] + mh[0] else 1)
                        if p1 < J[1] < e: hit[1] = max(hit[1], 2 if p1 < J[1] - mh[1] else 1)
        for k in (0, 1):
            n[k] += hit[k] == 2; amb[k] += hit[k] == 1
    # left/right junction -> U3/U5 by strand and defective type (FIELD.md section 4)
    st, dft = d['strand'], d['defective']
    five = 'del' if dft == '5ltr' else 'u3'
    kinds = ('u3' if five == 'u3' else 'del', 'u5') if st == '+' else ('u5', five)
    got, ga = dict(zip(kinds, n)), dict(zip(kinds, amb))
    for kind in ('u5', 'u3', 'del'):
        w = int(d['junction_fragments_' + kind])
        g0, ga0 = got.get(kind, 0), ga.get(kind, 0)
        print(f"{d['chrom']}:{d['pos']}{st}", dft, kind, g0, ga0, w,
              'ok' if g0 <= w <= g0 + ga0 else 'bad')
PY
python3 span.py S/host.fa prov.fa S > span.txt
check_eq "span scan: three junction kinds per clone" "$(wc -l < span.txt)" 15
while read -r site def kind n amb want verdict; do
    check_eq "$site ($def): $kind-spanning pairs placed on the allele ($n, +$amb ambiguous) = truth $want" \
        "$verdict" ok
done < span.txt
check "span scan: most junctions free of microhomology (exact counts)" \
    test "$(awk '$5 == 0' span.txt | wc -l)" -ge 12

# junction fragments ~ c/2 of the fragments covering a point (Poisson band, 4 sd)
awk -F'\t' -v d=60 -v L=100 'NR>1 {
    e = $4 / 2 * d / (2 * L) * 350; tol = 4 * sqrt(e) + 1; ok = ($6 - e)^2 <= tol^2
    printf "%s:%s %s %.1f %d\n", $1, $2, ok ? "ok" : "bad", e, $6 }' S/truth.sites.tsv > jf.txt
check_eq "U5 junction fragments within 4 sd of c/2 x coverage" "$(grep -c ' ok ' jf.txt)" 5
check_eq "junction_fragments = u5 + u3" \
    "$(awk -F'\t' 'NR>1 && $5 != $6 + $7' S/truth.sites.tsv | wc -l)" 0
check_eq "split fragments never exceed junction fragments" \
    "$(awk -F'\t' 'NR>1 && ($8 > $6 || $9 > $7)' S/truth.sites.tsv | wc -l)" 0
check "5ltr clones: deleted-end junction fragments recorded" \
    test "$(awk -F'\t' 'NR>1 && $14=="5ltr" {s += $10} END {print s+0}' S/truth.sites.tsv)" -gt 0

# Defective proviruses keep pX but lose part of the internal region (5ltr: 756-1500 of 756-8278;
# internal: 1001-6500): the internal-region PVL over the pX PVL follows from the cell fractions.
# 200x, two defective clones: about 600 fragments on pX, sd of the ratio about 0.03.
printf 'chrom\tpos\tstrand\tcell_fraction\tdefective\nchr1\t3000\t+\t0.5\tinternal\nchr1\t7005\t-\t0.4\t5ltr\n' > def.tsv
check "simulate defective clones at 200x" "$H" simulate -o DF --seed 6 --host-size 20000 --clones def.tsv --depth 200
want=$(awk -F'\t' 'NR > 1 { k = $14 == "5ltr" ? 1 - 745 / 7523 : $14 == "internal" ? 1 - 5500 / 7523 : 1
    s += $4 * k; t += $4 } END { printf "%.4f", s / t }' DF/truth.sites.tsv)
got=$(awk -v i="$(json_get DF/truth.json pvl_depth_internal_diagnostic)" -v p="$(json_get DF/truth.json pvl_depth_px_diagnostic)" \
    'BEGIN { printf "%.4f", i / p }')
check_num "internal-region / pX PVL ($got) matches the deletions ($want)" "$got" "$want" 0.1
check_eq "5ltr clone: no U3 junction fragments" "$(awk -F'\t' '$14 == "5ltr" {print $7}' DF/truth.sites.tsv)" 0
check "5ltr clone: deleted-end junction fragments" test "$(awk -F'\t' '$14 == "5ltr" {print $10}' DF/truth.sites.tsv)" -gt 0

# ---------- PVL, chrX, chrM against the nominal model ----------
# Poisson band for the realised PVL: B = pX read bases; each fragment adds at most 2 x read
# length bases, so Var(B) <= 2 L E[B] and the relative sd <= sqrt(2 L / E[B]).
pvl_band() {  # pvl_band TRUTH.JSON -> "realised nominal allowed_abs_diff"
    python3 - "$1" <<'PY'
import json, sys, math
j = json.load(open(sys.argv[1]))
nom, real, p = j['pvl_nominal'], j['pvl_depth_px_diagnostic'], j['parameters']
eb = nom / 200.0 * j['depth']['autosomal'] * (j['depth']['pX_end'] - j['depth']['pX_start'] + 1)
rel = 4 * math.sqrt(2 * p['read_length'] / eb) if eb > 0 else 0
print(real, nom, nom * (rel + 0.02))
PY
}
read -r real nom tol <<< "$(pvl_band S/truth.json)"
check_num "fresh: realised PVL $real within Poisson band of nominal $nom" "$real" "$nom" "$tol"
check "simulate 200x, PVL 30" "$H" simulate -o P --seed 9 --host-size 40000 -n 8 --pvl 30 --depth 200
read -r real nom tol <<< "$(pvl_band P/truth.json)"
check_num "200x: realised PVL $real within Poisson band of nominal $nom" "$real" "$nom" "$tol"
sumc=$(awk -F'\t' 'NR>1 {s += $12} END {print 100 * s}' P/truth.sites.tsv)
check_num "per-clone realised cell fractions add up to the realised PVL" "$sumc" "$real" 0.01
x=$(json_get P/truth.json depth.chrX); au=$(json_get P/truth.json depth.autosomal)
check_num "chrX at half the autosomal depth" "$(awk -v x=$x -v a=$au 'BEGIN{print x/a}')" 0.5 0.03
check_num "autosomal depth near --depth (edge loss < 3 %)" "$au" 200 6
m=$(json_get P/truth.json depth.chrM)
check "chrM high copy (20 copies: > 7 x autosomal depth)" awk -v m=$m -v a=$au 'BEGIN{exit !(m > 7 * a)}'
# reads in the FASTQ: viral k-mers independent of the truth (a pX 25-mer from the reference)
"$H" ref > v.fa
pxk=$(grep -v '>' v.fa | tr -d '\n' | cut -c7001-7025)
npx=$(zcat P/reads_1.fq.gz P/reads_2.fq.gz | awk -v k="$pxk" 'NR%4==2 && index($0, k)' | wc -l)
check "reads hold pX sequence" test "$npx" -gt 0

# ---------- committed test data against its truth ----------
if [ ! -d "$TD/oligo" ]; then
    fail "committed test data present" "no $TD/oligo (run make test-data)"
    exit 0
fi
for d in oligo oligo_split ham_t0 ham_t1 ham_t2 uninfected defective; do
    b=$TD/$d/$d.bam
    check "$d: BAM and index present" test -s "$b" -a -s "$b.bai" -a -s "$TD/$d/truth.json"
    check_eq "$d: read group SM:$d" "$(samtools view -H "$b" | grep '^@RG' | grep -o 'SM:[^	]*')" "SM:$d"
    check_eq "$d: coordinate-sorted" "$(samtools view -H "$b" | grep -o 'SO:[a-z]*')" "SO:coordinate"
    fr=$(json_get "$TD/$d/truth.json" counts.fragments)
    check_eq "$d: primary alignments = 2 x truth fragments" "$(samtools view -c -F 0x900 "$b")" $((2 * fr))
    read -r real nom tol <<< "$(pvl_band "$TD/$d/truth.json")"
    check_num "$d: realised PVL $real within Poisson band of nominal $nom" "$real" "$nom" "$tol"
    # chrX / chrM copy number from the alignments (independent of the truth counts)
    samtools idxstats "$b" > idx.txt
    ratio=$(awk '$1 ~ /^chr[0-9]+$/ {a += $3; la += $2} $1 == "chrX" {x = $3 / $2}
                 $1 == "chrM" {m = $3 / $2} END {printf "%.4f %.4f", x / (a / la), m / (a / la)}' idx.txt)
    check_num "$d: chrX read density half the autosomal" "${ratio% *}" 0.5 0.06
    check "$d: chrM read density > 7 x autosomal" awk -v m="${ratio#* }" 'BEGIN{exit !(m > 7)}'
done
for d in oligo ham_t0 ham_t1 ham_t2; do
    fr=$(json_get "$TD/$d/truth.json" counts.fragments)
    check_eq "$d: FASTQ pairs = truth fragments" "$(zcat "$TD/$d/reads_1.fq.gz" | awk 'NR%4==1' | wc -l)" "$fr"
done
check_eq "oligo_split aligned to the split layout" \
    "$(samtools view -H "$TD/oligo_split/oligo_split.bam" | grep -o 'SN:HTLV1[^	]*' | tr '\n' ' ')" \
    "SN:HTLV1_LTR SN:HTLV1_internal "
check_eq "oligo and oligo_split share their truth" \
    "$(cmp -s "$TD/oligo/truth.sites.tsv" "$TD/oligo_split/truth.sites.tsv" && echo same)" same
dups=$(samtools view -c -f 0x400 -F 0x900 "$TD/oligo/oligo.bam")
tdup=$(json_get "$TD/oligo/truth.json" counts.duplicates)
check_num "oligo: duplicates marked ~ truth duplicate pairs x 2" "$dups" $((2 * tdup)) $((tdup / 3 + 10))
check_eq "ham_t0: no duplicates marked" "$(samtools view -c -f 0x400 "$TD/ham_t0/ham_t0.bam")" 0
check_eq "uninfected: no viral reads" "$(samtools view -c -F 0x904 "$TD/uninfected/uninfected.bam" HTLV1)" 0
# Realised PVL against an independent depth measurement on the alignments (oligo: duplicates
# marked, so excluded as in the truth; samtools depth's default filter drops them and keeps
# supplementary alignments, which carry the clipped parts of junction reads): 200 x mean pX
# depth / mean autosomal depth.
b=$TD/oligo/oligo.bam
pxd=$(samtools depth -a -Q 0 -q 0 -r HTLV1:6649-8278 "$b" | awk '{s += $3} END {print s / 1630}')
aud=$(for c in chr1 chr2 chr3; do samtools depth -a -Q 0 -q 0 -r $c "$b"; done | awk '{s += $3; n++} END {print s / n}')
est=$(awk -v p="$pxd" -v a="$aud" 'BEGIN{print 200 * p / a}')
real=$(json_get "$TD/oligo/truth.json" pvl_depth_px_diagnostic)
check_num "oligo: 200 x pX depth / autosomal depth from the BAM ($est) = realised PVL" "$est" "$real" \
    "$(awk -v r="$real" 'BEGIN{print 0.03 * r}')"
# Substitution errors: NM per aligned base of uniquely placed host reads ~ --error-rate (0.001).
# (Reads in the diverged repeat copies and the segmental duplication carry real differences
# only when misplaced: MAPQ >= 30 keeps those out.)
nm=$(samtools view -F 0xD04 -q 30 "$TD/ham_t0/ham_t0.bam" chr1 chr2 chr3 | awk '
    { for (i = 12; i <= NF; i++) if ($i ~ /^NM:i:/) nm += substr($i, 6)
      s = $6; while (match(s, /^[0-9]+[MIDNSHP=X]/)) { l = substr(s, 1, RLENGTH - 1);
          op = substr(s, RLENGTH, 1); s = substr(s, RLENGTH + 1); if (op == "M") b += l } }
    END { printf "%.6f %d", nm / b, nm }')
check_num "ham_t0: substitution rate from NM tags (${nm#* } edits) ~ 0.001" "${nm% *}" 0.001     "$(awk -v n="${nm#* }" 'BEGIN{print 0.001 * 4 / sqrt(n) + 0.00005}')"
# Junction geometry in the alignments (FIELD.md table): + strand, left clip ending TTAGTACACA
# with the host alignment starting at pos; - strand, right clip beginning TGTGTACTAA with the host
# alignment ending at pos.
geom() {  # geom BAM CHROM POS STRAND -> number of host reads showing that junction at pos
    samtools view -F 0x904 "$1" "$2:$(($3 - 200))-$(($3 + 200))" | awk -v pos="$3" -v st="$4" '
    { cig = $6; seq = $10; n = split(cig, len, /[A-Z=]/); m = 0; s = cig; end = $4 - 1
      first = ""; last = ""; lc = 0; rc = 0; i = 0
      while (match(s, /^[0-9]+[MIDNSHP=X]/)) {
          l = substr(s, 1, RLENGTH - 1) + 0; op = substr(s, RLENGTH, 1); s = substr(s, RLENGTH + 1)
          i++; if (i == 1 && op == "S") lc = l
          if (op == "M" || op == "D" || op == "N" || op == "=" || op == "X") end += l
          if (s == "" && op == "S") rc = l }
      if (st == "+" && lc >= 10 && $4 == pos && substr(seq, lc - 9, 10) == "TTAGTACACA") c++
      if (st == "-" && rc >= 10 && end == pos && substr(seq, length(seq) - rc + 1, 10) == "TGTGTACTAA") c++ }
    END { print c + 0 }'
}
tail -n +2 "$TD/oligo/truth.sites.tsv" | while IFS=$'\t' read -r chrom pos st cf jf j5 rest; do
    [ "$j5" -ge 3 ] || continue
    n=$(geom "$TD/oligo/oligo.bam" "$chrom" "$pos" "$st")
    check "oligo $chrom:$pos$st: clipped host reads at pos show the U5 end (FIELD.md)" test "$n" -gt 0
done
