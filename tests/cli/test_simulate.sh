# `htlvpvl simulate`: determinism, options, exit codes, no partial outputs.
. "$ROOT/tests/lib.sh"
H=$HTLVPVL
small="--host-size 20000 --depth 5"

check_exit 0 "--help exits 0" "$H" simulate --help
check "simulate A (seed 7)" "$H" simulate -o A --seed 7 $small
check "simulate B (seed 7)" "$H" simulate -o B --seed 7 $small
check "simulate C (seed 8)" "$H" simulate -o C --seed 8 $small
for f in reads_1.fq.gz reads_2.fq.gz host.fa truth.sites.tsv truth.json; do
    check "same seed, identical $f" cmp A/$f B/$f
done
check_eq "different seed, different reads" "$(cmp -s A/reads_1.fq.gz C/reads_1.fq.gz && echo same)" ""
check_eq "host does not depend on --seed" "$(cmp -s A/host.fa C/host.fa && echo same)" same
check "FASTQ is BGZF" sh -c "gzip -t A/reads_1.fq.gz && [ \"\$(od -An -tx1 -j12 -N2 A/reads_1.fq.gz | tr -d ' ')\" = 4243 ]"
n1=$(zcat A/reads_1.fq.gz | awk 'NR%4==1' | wc -l)
check_eq "R1 and R2 read names identical" "$(zcat A/reads_1.fq.gz | awk 'NR%4==1' | md5sum)" \
    "$(zcat A/reads_2.fq.gz | awk 'NR%4==1' | md5sum)"
check_eq "read pairs = truth fragments" "$n1" "$(json_get A/truth.json counts.fragments)"
check_eq "names sim:<n>, all distinct" "$(zcat A/reads_1.fq.gz | awk 'NR%4==1' | sort -u | grep -c '^@sim:[0-9]*$')" "$n1"
check_eq "qualities are binned (F , :)" "$(zcat A/reads_1.fq.gz | awk 'NR%4==0' | tr -d 'F,:\n' | wc -c)" 0
check_eq "truth header" "$(head -1 A/truth.sites.tsv | cut -f1-7)" \
    "$(printf 'chrom\tpos\tstrand\tcell_fraction\tjunction_fragments\tjunction_fragments_u5\tjunction_fragments_u3')"
check_eq "5 clones by default" "$(tail -n +2 A/truth.sites.tsv | wc -l)" 5
check_num "default PVL 10 (nominal)" "$(json_get A/truth.json pvl_nominal)" 10 1e-9
check_eq "one provirus per site: unique positions" "$(tail -n +2 A/truth.sites.tsv | cut -f1,2 | sort -u | wc -l)" 5

# --sorted changes only the order of the read pairs
check "simulate --sorted" "$H" simulate -o S --seed 7 $small --sorted
check_eq "--sorted: same truth" "$(cmp -s A/truth.sites.tsv S/truth.sites.tsv && echo same)" same
check_eq "--sorted: same number of pairs" "$(zcat S/reads_1.fq.gz | wc -l)" "$(zcat A/reads_1.fq.gz | wc -l)"

# host FASTA input: no host.fa written; clone table; defective column
printf 'chrom\tpos\tstrand\tcell_fraction\tdefective\nchr1\t5000\t+\t0.3\t5ltr\nchr2\t3000\t-\t0.2\tnone\n' > clones.tsv
check "simulate --host FA --clones TSV" "$H" simulate -o D --seed 1 --host A/host.fa --clones clones.tsv --depth 5
no_files "no host.fa with --host" D/host.fa
check_grep "clone table: 5ltr clone" "^chr1	5000	\+	0.3	.*	5ltr	" D/truth.sites.tsv
check_eq "5ltr clone has no U3 junction fragments" "$(awk -F'\t' '$2==5000{print $7}' D/truth.sites.tsv)" 0
check_num "clone table PVL" "$(json_get D/truth.json pvl_nominal)" 50 1e-9

# time series: one directory per time point, CCR4+ clones reduced
check "time series" "$H" simulate -o T --seed 3 $small -n 6 --timepoints 0,14,98 --fold ccr4:0.1,0.3
check "t0 t1 t2 written" test -s T/t0/reads_1.fq.gz -a -s T/t1/reads_2.fq.gz -a -s T/t2/truth.json -a -s T/host.fa
check_eq "labels recorded" "$(json_get T/t2/truth.json timepoint_label)" 98
check_eq "CCR4+ fold at t1 is 0.1" "$(awk -F'\t' 'NR>1 && $15==1 {print $16}' T/t1/truth.sites.tsv | sort -u)" 0.1
check_eq "CCR4- fold at t2 is 1" "$(awk -F'\t' 'NR>1 && $15==0 {print $16}' T/t2/truth.sites.tsv | sort -u)" 1
check_eq "same clones at every time point" "$(cut -f1-3 T/t0/truth.sites.tsv)" "$(cut -f1-3 T/t2/truth.sites.tsv)"
check "time points have different reads" sh -c "! cmp -s T/t0/reads_1.fq.gz T/t1/reads_1.fq.gz"

# usage errors: exit 2, nothing written
check_exit 2 "bad option" "$H" simulate -o E1 --bogus
check_exit 2 "missing -o" "$H" simulate --seed 1
check_exit 2 "negative depth" "$H" simulate -o E1 --depth -3
check_exit 2 "depth not a number" "$H" simulate -o E1 --depth lots
check_exit 2 "bad layout" "$H" simulate -o E1 --layout circular
check_exit 2 "bad defective type" "$H" simulate -o E1 --defective gag:0.5
check_exit 2 "fold count must match time points" "$H" simulate -o E1 --timepoints 0,14 --fold ccr4:0.1,0.2
check_exit 2 "--clones with --pvl" "$H" simulate -o E1 --clones clones.tsv --pvl 5
check_exit 2 "--host with --host-size" "$H" simulate -o E1 --host A/host.fa --host-size 30000
check_exit 2 "host too small" "$H" simulate -o E1 --host-size 100
# --host-gc: 1-kb blocks of GC drawn in [LO, HI]; GC of chr1's 1-kb windows measured here by awk
gcrange() { awk '/^>/ {c = $1; next} c == ">chr1" {s = s $0}
    END {n = int(length(s) / 1000); mn = 1; mx = 0
         for (i = 0; i < n; i++) {w = substr(s, i * 1000 + 1, 1000); g = gsub(/[GC]/, "", w) / 1000
                                  if (g < mn) mn = g; if (g > mx) mx = g}
         printf "%.3f %.3f\n", mn, mx}' "$1"; }
"$H" simulate -o HG1 --host-size 40000 --depth 2 --host-gc 0.33,0.60 2>/dev/null
"$H" simulate -o HG0 --host-size 40000 --depth 2 2>/dev/null
read -r g1lo g1hi < <(gcrange HG1/host.fa)
read -r g0lo g0hi < <(gcrange HG0/host.fa)
check "--host-gc 0.33,0.60: chr1's 1-kb windows span the range ($g1lo-$g1hi)" \
    awk -v a="$g1lo" -v b="$g1hi" 'BEGIN {exit !(a < 0.38 && b > 0.55 && a > 0.28 && b < 0.65)}'
check "default host: i.i.d. 40 % GC windows ($g0lo-$g0hi)" \
    awk -v a="$g0lo" -v b="$g0hi" 'BEGIN {exit !(a > 0.33 && b < 0.47)}'
check "--host-gc recorded in truth.json" grep -q '"host_gc_hi": 0.6' HG1/truth.json
check_exit 2 "--host-gc LO > HI" "$H" simulate -o E1 --host-gc 0.6,0.3
check_exit 2 "--host-gc out of range" "$H" simulate -o E1 --host-gc 0.1,0.5
check_exit 2 "--host with --host-gc" "$H" simulate -o E1 --host A/host.fa --host-gc 0.3,0.6
check_exit 2 "stray argument" "$H" simulate -o E1 extra
no_files "usage errors leave no output" E1

# data errors: exit 1, no outputs and no directory left
check_exit 1 "unreadable host" "$H" simulate -o E2 --host nonexistent.fa
check_exit 1 "unreadable clone table" "$H" simulate -o E3 --host-size 20000 --clones nonexistent.tsv
check_exit 1 "unreadable clone-size table" "$H" simulate -o E3 --host-size 20000 --clone-dist nonexistent.txt
printf 'chrom\tpos\tstrand\tcell_fraction\nchr1\t5000\t+\t0.3\nchr9\t100\t+\t0.1\n' > bad.tsv
check_exit 1 "clone on a contig the host lacks" "$H" simulate -o E4 --host-size 20000 --clones bad.tsv
check "error names the file and line" sh -c "'$H' simulate -o E4 --host-size 20000 --clones bad.tsv 2>&1 | grep -q 'bad.tsv: line 3'"
echo "not a fasta" > bad.fa
check_exit 1 "host that is not FASTA" "$H" simulate -o E5 --host bad.fa
check_exit 1 "too many clones for the host" "$H" simulate -o E6 --host-size 20000 -n 200
no_files "data errors leave no output directory" E2 E3 E4 E5 E6
mkdir E7
check_exit 1 "unwritable output directory" "$H" simulate -o E7/x/y --host-size 20000
touch E8
check_exit 1 "output path is a file" "$H" simulate -o E8 --host-size 20000
mkdir keep
check "existing directory reused" "$H" simulate -o keep --host-size 20000 --depth 1
check_eq "no temporary files left" "$(ls -A keep | grep -c tmp)" 0

# fragment lengths from a file: one number per line, or a column named "lengths"
printf '100\n100\n200\n' > fl.txt
check "--frag-lengths one per line" "$H" simulate -o F1 --host-size 20000 --depth 2 --frag-lengths fl.txt
check_num "fragment mean from the file" "$(json_get F1/truth.json parameters.fragment_mean)" 133.3333 0.001
check_eq "reads no longer than their fragments" \
    "$(zcat F1/reads_1.fq.gz | awk 'NR%4==2 {print length($0)}' | sort -un | tr '\n' ' ')" "100 150 "
if [ -n "$SHARED" ] && [ -f "$SHARED/data/sonicLength/sonicLength_A1_HTLV1_fragment_lengths_Gillet2011.tsv" ]; then
    check "--frag-lengths from the sonicLength table (column 'lengths')" "$H" simulate -o F2 \
        --host-size 20000 --depth 2 --frag-lengths "$SHARED/data/sonicLength/sonicLength_A1_HTLV1_fragment_lengths_Gillet2011.tsv"
    check_num "sonicLength mean fragment length" "$(json_get F2/truth.json parameters.fragment_mean)" \
        "$(awk -F'\t' 'NR>1 {s += $2; n++} END {print s / n}' "$SHARED/data/sonicLength/sonicLength_A1_HTLV1_fragment_lengths_Gillet2011.tsv")" 0.001
fi
printf '100\nabc\n' > badfl.txt
check_exit 1 "--frag-lengths with a non-number" "$H" simulate -o F3 --host-size 20000 --frag-lengths badfl.txt
check_exit 2 "--frag-lengths with --frag-mean" "$H" simulate -o F3 --frag-lengths fl.txt --frag-mean 300
no_files "failed runs leave nothing" F3

# duplicates are exact copies of a fragment: without errors, repeated (R1, R2) pairs
check "simulate with 20 % duplicates, no errors" "$H" simulate -o P --seed 4 --host-size 20000 --depth 10 --dup-rate 0.2 --error-rate 0
ndup=$(paste <(zcat P/reads_1.fq.gz | awk 'NR%4==2') <(zcat P/reads_2.fq.gz | awk 'NR%4==2') | sort | uniq -c | awk '{s += $1 - 1} END {print s}')
check_eq "repeated read pairs = truth duplicates" "$ndup" "$(json_get P/truth.json counts.duplicates)"
check_num "duplicate fraction ~ --dup-rate" \
    "$(awk -v d="$ndup" -v n="$(json_get P/truth.json counts.fragments)" 'BEGIN{print d / n}')" 0.2 0.02

# one provirus per cell: more than 100 copies per 100 cells cannot be simulated
check_exit 2 "--pvl above 100" "$H" simulate -o G1 --pvl 150
printf 'chrom\tpos\tstrand\tcell_fraction\nchr1\t5000\t+\t0.7\nchr2\t3000\t-\t0.6\n' > over.tsv
check_exit 1 "clone table holding more than all cells (bad data)" "$H" simulate -o G1 --host-size 20000 --clones over.tsv
no_files "nothing written" G1

# --- effects of issue 9, each measured on the outputs, not on the simulator's counters ---
# defaults unchanged: --divergence 0 and --gc-bias 0 give the same reads as no option
check "simulate --divergence 0 --gc-bias 0" "$H" simulate -o Z0 --seed 7 $small --divergence 0 --gc-bias 0
check_eq "--divergence 0: same reads as without" "$(cmp -s A/reads_1.fq.gz Z0/reads_1.fq.gz && cmp -s A/reads_2.fq.gz Z0/reads_2.fq.gz && echo same)" same
"$H" ref --layout full > ref_full.fa
check_eq "--divergence 0: strain.fa is J02029" "$(grep -v '>' Z0/strain.fa | tr -d '\n' | md5sum)" \
    "$(grep -v '>' ref_full.fa | tr -d '\n' | md5sum)"

# divergence: banded edit distance of strain.fa to J02029 (LTR part and internal part), identical
# LTR copies, and reads made from the strain (its own 25-mers present, replaced ones absent)
check "simulate --divergence 0.015" "$H" simulate -o V --seed 5 --host-size 20000 --depth 4 -n 3 --pvl 60 \
    --error-rate 0 --dup-rate 0 --divergence 0.015
python3 - ref_full.fa V/strain.fa V/reads_1.fq.gz V/reads_2.fq.gz > div.txt <<'PY'
import gzip, sys
def fa(p):
    return ''.join(l.strip() for l in open(p) if not l.startswith('>')).upper()
ref, st = fa(sys.argv[1]), fa(sys.argv[2])
B = 80  # band: indels shift the strain by at most a few dozen bases
INF = 10**9
prev = {j: j for j in range(0, B + 1)}
row_min = {}
for i in range(1, len(ref) + 1):
    cur = {}
    for j in range(max(0, i - B), min(len(st), i + B) + 1):
        if j == 0:
            cur[j] = i; continue
        v = min(prev.get(j - 1, INF) + (ref[i - 1] != st[j - 1]), prev.get(j, INF) + 1, cur.get(j - 1, INF) + 1)
        cur[j] = v
    prev = cur
    if i in (755, 8278): row_min[i] = min(cur.values())
total = prev.get(len(st), INF)
ltr5 = row_min[755]; internal = row_min[8278] - ltr5; ltr3 = total - row_min[8278]
L = max(l for l in range(600, 900) if st[:l] == st[-l:])
comp = str.maketrans('ACGT', 'TGCA')
def kmers(s, k=25):
    return {s[i:i + k] for i in range(len(s) - k + 1)}
ks, kr = kmers(st), kmers(ref)
only_st, only_ref = ks - kr, kr - ks
seen = set()
for p in sys.argv[3:5]:
    with gzip.open(p, 'rt') as f:
        for n, line in enumerate(f):
            if n % 4 != 1: continue
            r = line.strip()
            for x in (r, r.translate(comp)[::-1]):
                for i in range(len(x) - 24):
                    seen.add(x[i:i + 25])
print(total, ltr5, internal, ltr3, L, len(only_st & seen), len(only_ref & seen), len(only_st))
PY
read -r ed ltr5 internal ltr3 ltrlen st_seen ref_seen n_st < div.txt
# expected differences per base 1.1 x rate (0.9 substitutions, 0.1 inserted, 0.1 deleted):
# internal 7,523 x 0.0165 = 124, each LTR 755 x 0.033 = 25
check_in_ci "strain: internal differences ~ 124 (got $internal)" "$internal" 80 170
check_in_ci "strain: LTR differences ~ 25 per copy, twice the internal density (got $ltr5)" "$ltr5" 12 45
check_eq "strain: both LTRs carry the same variants" "$ltr3" "$ltr5"
check_in_ci "strain: LTR copies identical, ~755 bp ($ltrlen)" "$ltrlen" 730 780
check "strain: reads hold the strain's own 25-mers ($st_seen of $n_st)" test "$st_seen" -gt $((n_st / 2))
check_eq "strain: no read holds a J02029 25-mer the strain lost" "$ref_seen" 0

# GC bias: a host of one 30 % GC and one 60 % GC autosome of equal length; reads classified by
# their own GC. Expected ratio of high- to low-GC fragments exp(S x 0.3): 2.46 at S = 3, 1 at 0
python3 - > gchost.fa <<'PY'
import random
r = random.Random(3)
for name, gc in (('chr1', 0.3), ('chr2', 0.6)):
    s = ''.join(r.choice('GC') if r.random() < gc else r.choice('AT') for _ in range(60000))
    print('>' + name)
    for i in range(0, len(s), 60): print(s[i:i + 60])
PY
gc_ratio() {
    zcat "$1" | awk 'NR % 4 == 2 { n = gsub(/[GC]/, ""); if (n / 150 > 0.45) hi++; else lo++ }
        END { printf "%.4f %d\n", hi / lo, hi + lo }'
}
check "simulate --gc-bias 0 / 3 on a two-GC host" sh -c "'$H' simulate -o G0 --host gchost.fa -n 0 --depth 10 --error-rate 0 --seed 2 && '$H' simulate -o G3 --host gchost.fa -n 0 --depth 10 --error-rate 0 --seed 2 --gc-bias 3"
read -r r0 n0 < <(gc_ratio G0/reads_1.fq.gz)
read -r r3 n3 < <(gc_ratio G3/reads_1.fq.gz)
check_in_ci "no GC bias: high/low GC reads ~ 1 (got $r0)" "$r0" 0.9 1.1
check_in_ci "GC bias 3: high/low GC reads ~ 2.46 (got $r3)" "$r3" 2.2 2.75
check_in_ci "GC bias keeps the depth: reads $n3 vs $n0" "$(awk -v a=$n3 -v b=$n0 'BEGIN{print a / b}')" 0.93 1.07
check_eq "GC bias recorded" "$(json_get G3/truth.json parameters.gc_bias)" 3

# read length: from the FASTQ
check "simulate --read-length 100" "$H" simulate -o RL --seed 2 $small --read-length 100
check_eq "all reads 100 bp" "$(zcat RL/reads_1.fq.gz RL/reads_2.fq.gz | awk 'NR % 4 == 2 {print length($0)}' | sort -u)" 100
check "simulate --read-length 250" "$H" simulate -o RL2 --seed 2 $small --read-length 250
check_eq "reads up to 250 bp (fragments shorter than 250 read whole)" \
    "$(zcat RL2/reads_1.fq.gz | awk 'NR % 4 == 2 {l = length($0); if (l > m) m = l} END {print m}')" 250

# defective types by share of infected cells: type 2 (1-1500 lost) in every cell leaves no read
# with a 25-mer of 900-1400; type 1 keeps the LTRs and pX but loses 1001-6500
kmer_reads() {  # DIR START: reads holding the J02029 25-mer at START (either strand)
    local k rc
    k=$(grep -v '>' ref_full.fa | tr -d '\n' | cut -c"$2-$(($2 + 24))")
    rc=$(printf '%s' "$k" | rev | tr ACGT TGCA)
    zcat "$1"/reads_1.fq.gz "$1"/reads_2.fq.gz | awk 'NR % 4 == 2' | grep -c -e "$k" -e "$rc"
}
check "simulate --defective-type2 1" "$H" simulate -o T2 --seed 3 --host-size 20000 --depth 20 -n 4 --pvl 60 --error-rate 0 --defective-type2 1
check "simulate --defective-type1 1" "$H" simulate -o T1 --seed 3 --host-size 20000 --depth 20 -n 4 --pvl 60 --error-rate 0 --defective-type1 1
check "simulate intact" "$H" simulate -o T0 --seed 3 --host-size 20000 --depth 20 -n 4 --pvl 60 --error-rate 0
check_eq "type 2: every clone 5ltr" "$(tail -n +2 T2/truth.sites.tsv | cut -f14 | sort -u)" 5ltr
check_eq "type 1: every clone internal" "$(tail -n +2 T1/truth.sites.tsv | cut -f14 | sort -u)" internal
n0=0; n1=0; n2=0; p1=0; p2=0
for s in 1000 1200 1400 3000 5000; do
    n0=$((n0 + $(kmer_reads T0 $s))); n1=$((n1 + $(kmer_reads T1 $s)))
    [ $s -le 1400 ] && n2=$((n2 + $(kmer_reads T2 $s)))
done
for s in 7000 7500; do p1=$((p1 + $(kmer_reads T1 $s))); p2=$((p2 + $(kmer_reads T2 $s))); done
check "intact: reads over gag/pol ($n0)" test "$n0" -gt 20
check_eq "type 2: no read in 1000-1424" "$n2" 0
check_eq "type 1: no read in 1000-5024" "$n1" 0
check "types 1 and 2 keep pX ($p1, $p2 reads at 7000/7500)" test "$p1" -gt 5 -a "$p2" -gt 5
check "simulate --defective-type1 0.3 (40 clones)" "$H" simulate -o T3 --seed 4 --host-size 100000 --depth 0.5 -n 40 --defective-type1 0.3
check_in_ci "type 1 share of infected cells ~ 0.3" \
    "$(awk -F'\t' 'NR > 1 {t += $4; if ($14 == "internal") d += $4} END {print d / t}' T3/truth.sites.tsv)" 0.2 0.4
check_exit 2 "type 1 + type 2 above 1" "$H" simulate -o E9 --defective-type1 0.6 --defective-type2 0.6
check_exit 2 "divergence above 0.2" "$H" simulate -o E9 --divergence 0.3
no_files "nothing written" E9
