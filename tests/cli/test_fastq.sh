# `htlvpvl count` on FASTQ: options, outputs, formats (plain/gzip/BGZF/stdin/interleaved),
# determinism across threads, and bad input (exit 1, one clear line, no outputs).
. "$ROOT/tests/lib.sh"

# A small sample: 200 kb random host, one clone (cell fraction 0.5, + strand) -> PVL 50.
"$HTLVPVL" ref > v.fa
python3 - v.fa <<'PY'
import random, sys
random.seed(7)
V = ''.join(l.strip() for l in open(sys.argv[1]) if not l.startswith('>'))
comp = str.maketrans('ACGT', 'TGCA')
rc = lambda s: s.translate(comp)[::-1]
G, N, RL = 200000, 20000, 100
host = ''.join(random.choice('ACGT') for _ in range(G))
a = 50000
allele = host[:a + 6] + V + host[a:]
w_clone = 0.5 * len(allele); w_host = 1.5 * G
q = 'I' * RL
with open('r1.fq', 'w') as f1, open('r2.fq', 'w') as f2, open('il.fq', 'w') as fi:
    for i in range(N):
        src = allele if random.random() * (w_clone + w_host) < w_clone else host
        fl = random.randint(220, 300)
        st = random.randint(0, len(src) - fl)
        frag = src[st:st + fl]
        if random.random() < 0.5: frag = rc(frag)
        r1, r2 = frag[:RL], rc(frag)[:RL]
        rec1 = '@f%d/1\n%s\n+\n%s\n' % (i, r1, q); rec2 = '@f%d/2\n%s\n+\n%s\n' % (i, r2, q)
        f1.write(rec1); f2.write(rec2); fi.write(rec1 + rec2)
PY
gzip -c r1.fq > r1.fq.gz; gzip -c r2.fq > r2.fq.gz
bgzip -c r1.fq > r1.bgz.fq.gz; bgzip -c r2.fq > r2.bgz.fq.gz

if "$HTLVPVL" count -o probe r1.fq r2.fq 2>&1 | grep -q "not implemented"; then
    fail "count dispatches FASTQ input to cmd_count_fastq (src/cmd_count.c)"
    exit 0
fi

check_exit 0 "count --help (FASTQ options listed)" "$HTLVPVL" count --help
check_exit 0 "paired gzip FASTQ: exit 0" "$HTLVPVL" count -o gz -t 1 --genome-size 2e5 r1.fq.gz r2.fq.gz
for f in gz.summary.json gz.sites.tsv gz.flanks.fa gz.summary.tsv gz_mqc.tsv; do
    check "$f written" test -s "$f"
done
check_eq "sample name from R1" "$(json_get gz.summary.json sample)" r1
check_eq "paired" "$(json_get gz.summary.json input.paired)" True
check_eq "compression gzip" "$(json_get gz.summary.json input.compression.0)" gzip
check_eq "fragments.total" "$(json_get gz.summary.json fragments.total)" 20000
pvl=$(json_get gz.summary.json pvl.reads.copies_per_100_cells)
lo=$(json_get gz.summary.json pvl.reads.ci95.0)
hi=$(json_get gz.summary.json pvl.reads.ci95.1)
check "PVL 95 % CI holds the truth (50): $pvl [$lo, $hi]" \
    awk -v l="$lo" -v h="$hi" 'BEGIN { exit !(l < 50 && h > 50) }'
check "viral fragments counted" awk -v n="$(json_get gz.summary.json pvl.reads.viral_fragments)" \
    'BEGIN { exit !(n > 10) }'
# whole provirus by default: every viral read; pX kept as a check, its CI wider
check_eq "default estimator: profile model over the whole provirus" "$(json_get gz.summary.json pvl.reads.estimator) $(json_get gz.summary.json pvl.reads.window)" "profile provirus"
check_eq "intact proviruses: intact model" "$(json_get gz.summary.json pvl.reads.profile.model)" intact
check "provirus CI narrower than the pX one (8,633 vs 1,630 bp)" awk \
    -v a="$(json_get gz.summary.json pvl.reads.provirus.ci95.0)" -v b="$(json_get gz.summary.json pvl.reads.provirus.ci95.1)" \
    -v c="$(json_get gz.summary.json pvl.reads.px.ci95.0)" -v d="$(json_get gz.summary.json pvl.reads.px.ci95.1)" \
    'BEGIN { exit !(d - c > 1.8 * (b - a)) }'
check_eq "no deletion signal" "$(json_get gz.summary.json pvl.reads.deletion_check.defective_suspected)" False
check_grep "sites.tsv header" "^flank	ltr_end	fragments	reads	fraction	site$" gz.sites.tsv
# the clone's U5 flank is host[a .. a+19] (0-based a = 50000)
u5=$(python3 -c "
import random; random.seed(7)
print(''.join(random.choice('ACGT') for _ in range(200000))[50000:50020])")
check_grep "top U5 site is the clone's host flank" "^${u5}[ACGT]*	U5	" gz.sites.tsv
check_eq "flanks.fa: one record per site" "$(grep -c '>' gz.flanks.fa)" \
    "$(($(wc -l < gz.sites.tsv) - 1))"
check_eq "summary.tsv: PVL = summary.json's" \
    "$(awk -F'\t' 'NR == 2 { print $3 }' gz.summary.tsv)" \
    "$(python3 -c "import json; print('%.6g' % json.load(open('gz.summary.json'))['pvl']['reads']['copies_per_100_cells'])")"
check_eq "summary.tsv: sites = summary.json's sites.count" \
    "$(awk -F'\t' 'NR == 2 { print $10 }' gz.summary.tsv)" "$(json_get gz.summary.json sites.count)"
check_grep "_mqc.tsv: MultiQC general-stats header" "^Sample	pvl_reads	flank_sites	qc$" gz_mqc.tsv
check_eq "sites.count = rows" "$(json_get gz.summary.json sites.count)" \
    "$(($(wc -l < gz.sites.tsv) - 1))"

# same results from every input form and thread count
strip() { grep -v -e '"compression"' -e '"gzip"' -e '"bgzf"' -e '"none"' \
    -e '"files"' -e '\.fq' -e '"-"' -e '"interleaved"' -e '"sample"' "$1"; }
"$HTLVPVL" count -o t4 -t 4 --genome-size 2e5 r1.fq.gz r2.fq.gz 2>/dev/null
"$HTLVPVL" count -o bg -t 3 --genome-size 2e5 r1.bgz.fq.gz r2.bgz.fq.gz 2>/dev/null
"$HTLVPVL" count -o pl --genome-size 2e5 r1.fq r2.fq 2>/dev/null
"$HTLVPVL" count -o il -t 2 --genome-size 2e5 --interleaved il.fq 2>/dev/null
"$HTLVPVL" count -o si -s r1 --genome-size 2e5 - r2.fq.gz < r1.fq.gz 2>/dev/null
for p in t4 bg pl il si; do
    check_eq "$p: sites.tsv identical to -t 1 gzip" "$(cat $p.sites.tsv 2>&1)" "$(cat gz.sites.tsv)"
    check_eq "$p: flanks.fa identical" "$(cat $p.flanks.fa 2>&1)" "$(cat gz.flanks.fa)"
    check_eq "$p: summary identical (but for input description)" "$(strip $p.summary.json)" \
        "$(strip gz.summary.json)"
done
check "-t 4 summary byte-identical to -t 1" cmp t4.summary.json gz.summary.json
check_exit 0 "--assay wgs with FASTQ input: exit 0" "$HTLVPVL" count -q -o aw --assay wgs \
    --genome-size 2e5 r1.fq.gz r2.fq.gz
check "--assay wgs: the same summary" cmp aw.summary.json gz.summary.json
check_eq "BGZF detected" "$(json_get bg.summary.json input.compression.0)" bgzf
check_eq "stdin input" "$(json_get si.summary.json input.files.0)" -

# --virus with the built-in written out gives the same answer
"$HTLVPVL" count -o vf --virus v.fa --genome-size 2e5 r1.fq.gz r2.fq.gz 2>/dev/null
check_eq "--virus FASTA of the built-in: same PVL" \
    "$(json_get vf.summary.json pvl.reads.copies_per_100_cells)" "$pvl"
check_eq "--virus FASTA: same sites" "$(cat vf.sites.tsv)" "$(cat gz.sites.tsv)"
# genome size scales the PVL
# (smaller: every host k-mer is sampled at both sizes, so the GC strata are the same)
"$HTLVPVL" count -o g2 --genome-size 1e5 r1.fq.gz r2.fq.gz 2>/dev/null
check_num "PVL halves with the genome size" "$(json_get g2.summary.json pvl.reads.copies_per_100_cells)" \
    "$(awk -v p="$pvl" 'BEGIN { printf "%.10g", p / 2 }')" 1e-6
# single-end
check_exit 0 "single-end FASTQ" "$HTLVPVL" count -o se --genome-size 2e5 r1.fq
check_eq "single-end: not paired" "$(json_get se.summary.json input.paired)" False

# usage errors: exit 2
check_exit 2 "no input: exit 2" "$HTLVPVL" count -o x --genome-size 2e5 --interleaved
check_exit 2 "three inputs: exit 2" "$HTLVPVL" count -o x r1.fq r2.fq r1.fq
check_exit 2 "--interleaved with two files: exit 2" "$HTLVPVL" count --interleaved r1.fq r2.fq
check_exit 2 "bad --genome-size: exit 2" "$HTLVPVL" count --genome-size big r1.fq
check_exit 2 "bad -t: exit 2" "$HTLVPVL" count -t 0 r1.fq
check_exit 2 "bad --pvl-region: exit 2" "$HTLVPVL" count --pvl-region tax r1.fq
check_exit 2 "--pvl-region gag with --virus: exit 2" "$HTLVPVL" count --virus v.fa --pvl-region gag r1.fq
check_eq "-q: nothing on stderr" "$("$HTLVPVL" count -q -o qq --genome-size 2e5 r1.fq 2>&1)" ""
"$HTLVPVL" count -o gag --prefix gag2 --pvl-region gag --genome-size 2e5 r1.fq.gz r2.fq.gz 2>/dev/null
check_eq "--pvl-region gag: window" "$(json_get gag2.summary.json pvl.reads.window_coords)" "[802, 2092]"
check "--pvl-region gag: PVL CI holds the truth (50)" awk \
    -v l="$(json_get gag2.summary.json pvl.reads.ci95.0)" -v h="$(json_get gag2.summary.json pvl.reads.ci95.1)" \
    'BEGIN { exit !(l < 50 && h > 50) }'

check_exit 0 "--pvl-region pX: the window only" "$HTLVPVL" count -q -o px --pvl-region pX --genome-size 2e5 r1.fq.gz r2.fq.gz
check_eq "--pvl-region pX: no provirus keys" "$(json_get px.summary.json pvl.reads.window) $(python3 -c "
import json; print('estimator' in json.load(open('px.summary.json'))['pvl']['reads'])")" "pX False"

# the same sample with a type 1 defective provirus (internal deletion 1001-6500, pX and LTRs
# kept): the depth outside pX falls to about (7,003 - 5,500) / 7,003 of pX, the check fires and
# the PVL comes from pX, whose CI holds the truth (50)
python3 - v.fa <<'PY'
import random, sys
random.seed(8)
V = ''.join(l.strip() for l in open(sys.argv[1]) if not l.startswith('>'))
V = V[:1000] + V[6500:]
comp = str.maketrans('ACGT', 'TGCA')
rc = lambda s: s.translate(comp)[::-1]
G, N, RL = 200000, 20000, 100
host = ''.join(random.choice('ACGT') for _ in range(G))
allele = host[:50006] + V + host[50000:]
w_clone = 0.5 * len(allele); w_host = 1.5 * G
q = 'I' * RL
with open('d1.fq', 'w') as f1, open('d2.fq', 'w') as f2:
    for i in range(N):
        src = allele if random.random() * (w_clone + w_host) < w_clone else host
        fl = random.randint(220, 300)
        st = random.randint(0, len(src) - fl)
        frag = src[st:st + fl]
        if random.random() < 0.5: frag = rc(frag)
        f1.write('@d%d/1\n%s\n+\n%s\n' % (i, frag[:RL], q))
        f2.write('@d%d/2\n%s\n+\n%s\n' % (i, rc(frag)[:RL], q))
PY
check_exit 0 "defective sample: exit 0" "$HTLVPVL" count -q -o def --genome-size 2e5 d1.fq d2.fq
check_eq "defective: deletion suspected; the profile's defective model" "$(json_get def.summary.json pvl.reads.deletion_check.defective_suspected) $(json_get def.summary.json pvl.reads.estimator) $(json_get def.summary.json pvl.reads.profile.model)" "True profile defective"
check "defective: no provirus intact (intact fraction CI within [0, 0.2])" awk \
    -v l="$(json_get def.summary.json pvl.reads.profile.intact_fraction_ci95.0)" \
    -v h="$(json_get def.summary.json pvl.reads.profile.intact_fraction_ci95.1)" \
    'BEGIN { exit !(l <= 0 && h < 0.2) }'
check "defective: type 1 deletion placed within a bin (502 bp) of 1001-6500" awk \
    -v b="$(json_get def.summary.json pvl.reads.profile.defects.type1_deleted.0)" \
    -v e="$(json_get def.summary.json pvl.reads.profile.defects.type1_deleted.1)" \
    'BEGIN { exit !(b > 1001 - 502 && b < 1001 + 502 && e > 6500 - 502 && e < 6500 + 502) }'
check_in_ci "defective: rest/pX depth CI holds (7003 - 5500) / 7003 = 0.21" 0.2146 \
    "$(json_get def.summary.json pvl.reads.deletion_check.ci95.0)" "$(json_get def.summary.json pvl.reads.deletion_check.ci95.1)"
check_in_ci "defective: PVL CI holds the truth (50)" 50 \
    "$(json_get def.summary.json pvl.reads.ci95.0)" "$(json_get def.summary.json pvl.reads.ci95.1)"

# bad input: exit 1, one line naming the file, no outputs
bad() {  # bad WHAT PATTERN ARGS...
    local what=$1 pat=$2; shift 2
    local err rc
    err=$("$HTLVPVL" count -o bad "$@" 2>&1 >/dev/null); rc=$?
    check_eq "$what: exit 1" "$rc" 1
    check "$what: message '$pat'" sh -c "printf '%s\n' \"\$1\" | grep -q -- \"\$2\"" _ "$err" "$pat"
    check_eq "$what: one line on stderr" "$(printf '%s\n' "$err" | wc -l)" 1
    no_files "$what: no outputs" bad.summary.json bad.sites.tsv bad.flanks.fa \
        bad.summary.json.tmp.* bad.sites.tsv.tmp.*
}
head -c 200000 r1.fq.gz > trunc.fq.gz
bad "truncated gzip" "trunc.fq.gz: .*truncated" trunc.fq.gz r2.fq.gz
head -c 200000 r1.bgz.fq.gz > trunc.bgz.fq.gz
bad "truncated BGZF" "trunc.bgz.fq.gz: truncated BGZF" trunc.bgz.fq.gz r2.bgz.fq.gz
head -n 4002 r1.fq > cut.fq
bad "record cut short" "cut.fq: record 1001 is cut short" cut.fq
head -n 40000 r2.fq > short2.fq
bad "R2 shorter than R1" "short2.fq: has fewer records" r1.fq short2.fq
sed '5s/f1/g1/' r2.fq > names2.fq
bad "mate names differ" "names2.fq: mate names differ at pair 2" r1.fq names2.fq
# pairs read side by side (-t > 1): the same first error
bad "truncated gzip, -t 3" "trunc.fq.gz: .*truncated" -t 3 trunc.fq.gz r2.fq.gz
bad "R2 shorter, -t 3" "short2.fq: has fewer records" -t 3 r1.fq short2.fq
bad "R2 longer, -t 3" "r1.fq: has more records than short2.fq" -t 3 short2.fq r1.fq
bad "mate names differ, -t 3" "names2.fq: mate names differ at pair 2" -t 3 r1.fq names2.fq
bad "missing file" "nope.fq: cannot open" nope.fq
: > empty.fq
bad "empty file" "empty.fq: no FASTQ records" empty.fq
printf '>x\nACGT\n' > notfq.fq
bad "FASTA given as FASTQ" "notfq.fq: record 1: looks like FASTA" notfq.fq
printf '>x\nACGTACGT\n' > tiny.fa
bad "--virus without LTRs" "tiny.fa: " --virus tiny.fa r1.fq
check_exit 1 "unwritable output prefix: exit 1" "$HTLVPVL" count -o nodir/x r1.fq
no_files "unwritable output: nothing left" nodir
