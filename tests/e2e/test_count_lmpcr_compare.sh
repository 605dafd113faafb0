# compare --assay lmpcr: two time points of subject A (simulate --assay lmpcr, seed 1, the same
# clones sampled at 40,000 and 30,000 cells) and one sample of subject B (seed 2), each trimmed,
# aligned (bwa mem -C) and counted; B's table gets a carry-over of A's biggest clone (2 UMIs)
# and both get one made-up site of equal UMIs. Checks: A's clones seen at both time points are
# one site with both samples; the carry-over is owned by A and flagged in B; the even site has
# no owner; the matrix and pairs tables; option errors.
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
H=$HTLVPVL
run() { # NAME SEED CELLS
    "$H" simulate --assay lmpcr -o $1 --seed $2 -n 40 --cells $3 --pvl 4 --spike-cells 200 \
        >/dev/null 2>&1 || return 1
    "$H" trim -q -o $1/t --read-structure 8M16S+T $1/reads_1.fq.gz $1/reads_2.fq.gz || return 1
    if [ ! -f ref.fa.bwt ]; then
        { cat $1/host.fa; "$H" ref; } > ref.fa && samtools faidx ref.fa && bwa index ref.fa 2>/dev/null
    fi
    bwa mem -C -t 2 ref.fa $1/t_1.fq.gz $1/t_2.fq.gz 2>/dev/null | samtools sort -o $1/t.bam - 2>/dev/null
    "$H" count --assay lmpcr -q -o $1 --reference ref.fa $1/t.bam
}
check "A1: simulate, trim, align, count" run A1 1 40000
check "A2: simulate, trim, align, count" run A2 1 30000
check "B1: simulate, trim, align, count" run B1 2 40000
python3 - A1.sites.tsv B1.sites.tsv A1.sites.tsv B1c.sites.tsv <<'PY'
import sys
a, b, a_out, b_out = sys.argv[1:5]
la, lb = open(a).read().splitlines(), open(b).read().splitlines()
head = la[0].split("\t")
iu = head.index("umis")
top = max(la[1:], key=lambda l: int(l.split("\t")[iu])).split("\t")
carry = list(top)
carry[iu] = "2"
even = list(top)
even[0], even[1], even[2], even[iu] = "chr1", "5000", "+", "5"
def put(lines, extra, out):
    rows = lines[1:] + ["\t".join(e) for e in extra]
    open(out, "w").write("\n".join([lines[0]] + rows) + "\n")
put(la, [even], a_out)
put(lb, [carry, even], b_out)
open("carry.txt", "w").write(f"{top[0]}\t{top[1]}\t{top[2]}\n")
PY
check "compare --assay lmpcr" "$H" compare --assay lmpcr -q -o cmp --subject A1=A --subject A2=A \
    --subject B1c=B A1=A1.sites.tsv A2=A2.sites.tsv B1c.sites.tsv
check "time points: every clone of A with >= 3 (shear, UMI) at both is one site with both" \
    python3 - A1 A2 cmp.matrix.tsv <<'PY'
import sys
rows = lambda p: [dict(zip(h, l.rstrip("\n").split("\t"))) for h in [open(p).readline().rstrip("\n").split("\t")] for l in open(p).readlines()[1:]]
t1 = {(r["chrom"], r["pos"], r["strand"]): int(r["shear_umis"]) for r in rows(sys.argv[1] + "/truth.clones.tsv")}
t2 = {(r["chrom"], r["pos"], r["strand"]): int(r["shear_umis"]) for r in rows(sys.argv[2] + "/truth.clones.tsv")}
m = {(r["chrom"], r["pos"], r["strand"]): r for r in rows(sys.argv[3])}
want = [k for k in t1 if t1[k] >= 3 and t2.get(k, 0) >= 3]
bad = [k for k in want if k not in m or int(m[k]["A1"]) == 0 or int(m[k]["A2"]) == 0]
print(len(want), "clones at both time points;", "missing:", bad)
sys.exit(1 if bad or not want else 0)
PY
carry=$(cut -f1-3 carry.txt)
check_eq "carry-over: owned by A, flagged in B" \
    "$(awk -F'\t' -v k="$carry" '$1 "\t" $2 "\t" $3 == k { print $4, $5, $8 }' cmp.calls.tsv | sort | tr '\n' ';')" \
    "A1 A owner;A2 A owner;B1c B collision;"
check_eq "even site: no owner, both flagged" \
    "$(awk -F'\t' '$1 == "chr1" && $2 == 5000 { print $4, $8 }' cmp.calls.tsv | tr '\n' ';')" \
    "A1 ambiguous;B1c ambiguous;"
check_eq "matrix: owner NA for the even site" \
    "$(awk -F'\t' '$1 == "chr1" && $2 == 5000 { print $4, $6 }' cmp.matrix.tsv)" "NA 2"
check_eq "pairs: A1 and B1c share only the two made-up sites" \
    "$(awk -F'\t' '$1 == "A1" && $2 == "B1c" { print $3, $6 }' cmp.pairs.tsv)" "0 2"
check "pairs: A1 and A2 share many sites" awk -F'\t' '$1 == "A1" && $2 == "A2" { exit !($3 == 1 && $6 >= 10) }' cmp.pairs.tsv
check_eq "matrix: one column per sample" "$(head -1 cmp.matrix_cells.tsv | cut -f7-)" "A1	A2	B1c"
check "--owner-share 1: the carry-over has no owner" "$H" compare --assay lmpcr -q -o c1 \
    --owner-share 1 --subject A1=A --subject B1c=B A1.sites.tsv B1c.sites.tsv
check_eq "... and B's row is ambiguous" \
    "$(awk -F'\t' -v k="$carry" '$1 "\t" $2 "\t" $3 == k && $4 == "B1c" { print $8 }' c1.calls.tsv)" ambiguous
printf 'sample\tsubject\nA1\tA\nB1c\tB\n' > subj.tsv
check "--subjects FILE" "$H" compare --assay lmpcr -q -o c2 --owner-share 1 --subjects subj.tsv \
    A1.sites.tsv B1c.sites.tsv
check "... the same calls as --subject" cmp c1.calls.tsv c2.calls.tsv
check_exit 2 "no -o" "$H" compare --assay lmpcr A1.sites.tsv
check_exit 2 "same sample twice" "$H" compare --assay lmpcr -o e1 A1.sites.tsv A1.sites.tsv
check_exit 1 "not a sites table" "$H" compare --assay lmpcr -o e2 A1/truth.clones.tsv
check_exit 2 "--owner-share 0.3" "$H" compare --assay lmpcr -o e3 --owner-share 0.3 A1.sites.tsv
no_files "no outputs after errors" e1.matrix.tsv e2.matrix.tsv e2.calls.tsv e3.matrix.tsv
