# The real check of LM-PCR trimming and genome-free sites (issue 11 item 7): real MiSeq reads of
# five single-integrant HIV-vector clones mixed in three pools at known proportions
# (BushmanLab/intSiteCaller testCases/intSiteValidation; GPL-3, read from ../shared, never
# copied). Per pool: reads demultiplexed by their I1 barcode (sampleInfo.tsv, exact match),
# trimmed with the HIV LTR end (R2 = primer GAAAATC + LTR bit TCTAGCA + host), the linker read
# structure 19S12M16S+T (sample linker, 12-base primerID UMI, common linker) and the p746 vector
# for run-on reads; host flanks (18 bases) clustered, shorter host parts placed by their first
# bases; sites with >= 3 fragments (distinct (shear, UMI), directional UMI merge) called; a
# clone's proportion = its fragments over those of all called sites.
# Truth: truth.csv (pool proportions); clone flanks from derived_clone_flanks_and_pool_truth.tsv.
# The single-clone samples must give one site each, at the clone's flank.
# Clone 3 is in pool 3's truth (0.10) but none of its reads is in this 10,000-pair subsample:
# it must be reported as not detected. Short fragments count too: a host part of 12 to 17 bases
# is placed in the site its bases begin (trim's partial flanks; 11 to 21 pairs a pool). The goal
# is every other proportion within 0.05; 12 of 14 are. Clone 1 is under-represented in every
# pool in the reads themselves: a plain grep of its flank's first 12 bases in each pool's R2
# reads finds 22 of the 214 clone reads of pool 1 (0.103 for a truth of 0.20), 41 of 278 in
# pool 2 (0.147 for 0.20), 10 of 161 in pool 3 (0.062 for 0.09); the tool gives 0.112, 0.146 and
# 0.059. Barcodes one mismatch off (268 pairs) add 0 to 7 pairs a clone and change no verdict
# (clone 1: 0.114 and 0.145).
# Asserted, as a regression guard: every clone within 0.10, at least 12 of 14 within 0.05, and
# the table printed.
. "$ROOT/tests/lib.sh"
H=$HTLVPVL
D=${SHARED:-/nonexistent}/data/realdata/intsitecaller_hiv_vector_clones
if [ ! -f "$D/truth.csv" ]; then
    echo "ok - $TEST_NAME: intSiteCaller pools against their truth # SKIP ../shared absent"
    exit 0
fi
awk -F'\t' 'NR > 1 {print $3 "\t" $1}' "$D/sampleInfo.tsv" > bc.tsv
paste <(zcat "$D/Undetermined_S0_L001_I1_001.fastq.gz" | paste - - - -) \
    <(zcat "$D/Undetermined_S0_L001_R1_001.fastq.gz" | paste - - - -) \
    <(zcat "$D/Undetermined_S0_L001_R2_001.fastq.gz" | paste - - - -) |
    awk -F'\t' 'BEGIN { while ((getline l < "bc.tsv") > 0) { split(l, a, "\t"); bc[a[1]] = a[2] } }
        { s = bc[$2]; if (s !~ /^(pool|clone)/) next; sub(/-[0-9]+$/, "", s)
          print $5 "\n" $6 "\n" $7 "\n" $8 > (s "_R1.fq")
          print $9 "\n" $10 "\n" $11 "\n" $12 > (s "_R2.fq") }'
for p in clone1 clone2 clone3 clone4 clone7 pool1 pool2 pool3; do
    check "$p: trim" "$H" trim -q -o $p --ltr-read 2 --ltr-end GAAAATCTCTAGCA \
        --virus "$D/p746vector.fasta" --read-structure 19S12M16S+T --flanks 18 \
        ${p}_R1.fq ${p}_R2.fq
    echo "# $p attrition: $(tail -n +2 $p.trim.tsv | cut -f1,2 | tr '\t\n' '= ')"
done
python3 - "$D" > verdicts.txt <<'PY'
import csv, sys
d = sys.argv[1]
flank = {}
for line in open(f"{d}/derived_clone_flanks_and_pool_truth.tsv"):
    if line.startswith("#") or line.startswith("clone\t"):
        continue
    f = line.split("\t")
    flank[f[0]] = f[2]
site_of = {}
for r in csv.DictReader(open(f"{d}/truth.csv")):
    if r["sample"].startswith("clone"):
        site_of[f"{r['chr']}{r['strand']}{r['position']}"] = r["sample"]
truth = {}
for r in csv.DictReader(open(f"{d}/truth.csv")):
    if r["sample"].startswith("pool"):
        c = site_of[f"{r['chr']}{r['strand']}{r['position']}"]
        truth[(r["sample"], c)] = float(r["proportion"])

def near(a, b):
    ham = lambda x, y: sum(p != q for p, q in zip(x, y))
    return ham(a, b) <= 2 or ham(a[1:], b[:-1]) <= 2 or ham(a[:-1], b[1:]) <= 2

for c in sorted(flank):     # single-clone samples: one site, the clone's
    sites = [l.rstrip("\n").split("\t") for l in open(f"{c}.sites.tsv")][1:]
    called = [s[0] for s in sites if int(s[4]) >= 3]
    print(("PASS" if len(called) == 1 and near(called[0], flank[c]) else "FAIL") +
          f"\t{c} alone: one site, at its flank ({len(called)} called)")
within5 = n = 0
print("info\tpool\tclone\ttruth\tmeasured\tdiff\tfragments")
for pool in ("pool1", "pool2", "pool3"):
    sites = [l.rstrip("\n").split("\t") for l in open(f"{pool}.sites.tsv")][1:]
    called = [(s[0], int(s[4])) for s in sites if int(s[4]) >= 3]
    tot = sum(n_ for _, n_ in called)
    other = [f for f, _ in called if not any(near(f, flank[c]) for c in flank)]
    print(("PASS" if not other else "FAIL") + f"\t{pool}: every called site is one of the clones"
          f" ({len(other)} other)")
    for c in sorted(flank):
        su = sum(n_ for f, n_ in called if near(f, flank[c]))
        prop = su / tot if tot else 0.0
        t = truth[(pool, c)]
        missing = pool == "pool3" and c == "clone3"
        print(f"info\t{pool}\t{c}\t{t:.2f}\t{prop:.3f}\t{prop - t:+.3f}\t{su}")
        if missing:
            print(("PASS" if su == 0 else "FAIL") + f"\t{pool} {c}: absent from the reads, "
                  "reported not detected")
            continue
        print(("PASS" if su > 0 else "FAIL") + f"\t{pool} {c}: detected")
        print(("PASS" if abs(prop - t) <= 0.10 else "FAIL") + f"\t{pool} {c}: within 0.10")
        n += 1
        within5 += abs(prop - t) <= 0.05
print(f"info\tclone proportions within 0.05 of the truth: {within5} of {n}")
print(("PASS" if within5 >= 12 else "FAIL") + f"\tat least 12 of {n} within 0.05 ({within5}; "
      "goal: all)")
PY
check_verdicts verdicts.txt
