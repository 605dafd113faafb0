# htlvpvl trim: usage and input errors, no partial outputs, and a small read set built here from
# the built-in HTLV-1 LTR with one pair of each kind (kept, short fragment with read-through,
# primer-dimer, PBS run-on, no LTR end), so that every count and cut is known.
. "$ROOT/tests/lib.sh"
H=$HTLVPVL

check_exit 0 "--help" "$H" trim --help
check_exit 2 "no -o" "$H" trim a.fq b.fq
check_exit 2 "no input" "$H" trim -o x
check_exit 2 "bad read structure" "$H" trim -o x --read-structure 8M14S a.fq b.fq
check_exit 2 "bad LTR end" "$H" trim -o x --ltr-end ACGTXX a.fq b.fq
check_exit 2 "--ltr-read 2 with one file" "$H" trim -o x --ltr-read 2 a.fq
check_exit 1 "missing file" "$H" trim -o x missing_1.fq missing_2.fq
no_files "failed runs leave nothing" x_1.fq.gz x_2.fq.gz x.trim.tsv

"$H" ref > htlv1.fa
python3 - htlv1.fa <<'PY'
import sys
seq = "".join(l.strip() for l in open(sys.argv[1]) if not l.startswith(">"))
comp = {"A": "T", "C": "G", "G": "C", "T": "A", "N": "N"}
rc = lambda s: "".join(comp[c] for c in reversed(s))
ltr = seq[755 - 30:755]            # primer .. U5 end
pbs = seq[755:755 + 100]
host = ("GATTACAGGCTTAACCGTAGCATGCAAGTCCAGTTTGACCATGGAACTGTTCAGGATCGGATCCAAGTTGCAGTCAAGG"
        "CTTACGATGCATCAGTAGGACCTAAGTCAGCATTTGACCAGGTACCAGTGACTTAGCCATGGTCAAG")
umi, link = "ACGTACGT", "TTCCGAGATCGCAGTC"
pairs = []
def add(name, r1, r2):
    pairs.append((name, r1[:100], r2[:100]))
F = 150                                          # long fragment
add("kept", ltr + host[:F], umi + link + rc(host[:F]))
F = 40                                           # short: both reads run on
add("short40", ltr + host[:F] + rc(umi + link), umi + link + rc(host[:F]) + rc(ltr))
add("dimer", ltr + rc(umi + link) + "A" * 60, umi + link + rc(ltr) + "A" * 60)
add("pbs", ltr + pbs, umi + link + rc(host[:120]))
add("noltr", host[:100], umi + link + rc(host[:100]))
with open("in_1.fq", "w") as a, open("in_2.fq", "w") as b:
    for n, r1, r2 in pairs:
        a.write(f"@{n} 1:N:0:1\n{r1}\n+\n{'I' * len(r1)}\n")
        b.write(f"@{n} 2:N:0:1\n{r2}\n+\n{'I' * len(r2)}\n")
with open("short_1.fq", "w") as a, open("short_2.fq", "w") as b:  # kept + a 15-base fragment
    F = 15
    for n, r1, r2 in [pairs[0], ("short15", ltr + host[:F] + rc(umi + link) + "A" * 40,
                                 umi + link + rc(host[:F]) + rc(ltr) + "A" * 40)]:
        a.write(f"@{n} 1:N:0:1\n{r1}\n+\n{'I' * len(r1)}\n")
        b.write(f"@{n} 2:N:0:1\n{r2}\n+\n{'I' * len(r2)}\n")
open("want_kept_1.txt", "w").write(host[:70] + "\n" + host[:40] + "\n")
open("want_kept_2.txt", "w").write(rc(host[:150])[:76] + "\n" + rc(host[:40]) + "\n")
PY
check "trim" "$H" trim -q -o t --read-structure 8M16S+T in_1.fq in_2.fq
check_eq "attrition: input" "$(awk -F'\t' '$1 == "input" {print $2}' t.trim.tsv)" 5
check_eq "attrition: one of each" \
    "$(awk -F'\t' 'NR > 2 && NR < 7 {printf "%s=%s ", $1, $2}' t.trim.tsv)" \
    "no_ltr_end=1 provirus_run_on=1 too_short=1 kept=2 "
check_eq "attrition: one read-through cut" \
    "$(awk -F'\t' '$1 == "kept_read_through_cut" {print $2}' t.trim.tsv)" 1
check_eq "LTR reads: host bases only" "$(zcat t_1.fq.gz | awk 'NR % 4 == 2')" \
    "$(cat want_kept_1.txt)"
check_eq "linker reads: template only, read-through cut" "$(zcat t_2.fq.gz | awk 'NR % 4 == 2')" \
    "$(cat want_kept_2.txt)"
check_eq "UMI in the name and an RX:Z: comment" "$(zcat t_1.fq.gz | awk 'NR % 4 == 1' | head -1)" \
    "@kept_ACGTACGT RX:Z:ACGTACGT"
check_eq "mates named alike" "$(zcat t_2.fq.gz | awk 'NR % 4 == 1' | tr '\n' ' ')" \
    "@kept_ACGTACGT RX:Z:ACGTACGT @short40_ACGTACGT RX:Z:ACGTACGT "
check_eq "qualities cut with the bases" \
    "$(zcat t_1.fq.gz | awk 'NR % 4 == 0 {printf "%d ", length($0)}')" "70 40 "

# gzip input, threads: same bytes
gzip -c in_1.fq > in_1.fq.gz; gzip -c in_2.fq > in_2.fq.gz
check "gzip input, 3 threads" "$H" trim -q -t 3 -o g --read-structure 8M16S+T in_1.fq.gz in_2.fq.gz
check "same reads at -t 3" cmp <(zcat t_1.fq.gz) <(zcat g_1.fq.gz)
check "same attrition at -t 3" cmp t.trim.tsv g.trim.tsv

# R1/R2 swapped: --ltr-read 2 gives the same LTR-side output
check "--ltr-read 2" "$H" trim -q -o s --ltr-read 2 --read-structure 8M16S+T in_2.fq in_1.fq
check "--ltr-read 2: same LTR-side reads" cmp <(zcat t_1.fq.gz) <(zcat s_1.fq.gz)

# another virus: the LTR end given, what follows it inside the virus marks run-on reads
check "--virus with --ltr-end" "$H" trim -q -o v --ltr-end "$(python3 -c "
s=''.join(l.strip() for l in open('htlv1.fa') if l[0] != '>'); print(s[735:755])")" \
    --virus htlv1.fa --read-structure 8M16S+T in_1.fq in_2.fq
check "--virus: same attrition as the built-in" cmp t.trim.tsv v.trim.tsv

# genome-free sites
check "--flanks" "$H" trim -q -o f --flanks 18 --read-structure 8M16S+T in_1.fq in_2.fq
check_eq "sites: one host flank, 2 reads" "$(awk -F'\t' 'NR == 2 {print $1, $2}' f.sites.tsv)" \
    "GATTACAGGCTTAACCGT 2"
# a fragment of 15 host bases: too short for the aligner, but its bases begin the site's flank:
# counted there as a second fragment
check "--flanks, a 15-base fragment" "$H" trim -q -o fs --flanks 18 --read-structure 8M16S+T \
    short_1.fq short_2.fq
check_eq "15-base fragment: too short, placed in the site" \
    "$(awk -F'\t' '$1 ~ /^(kept|too_short|too_short_to_flank_sites|partial_flanks_placed)$/ {
        printf "%s=%s ", $1, $2}' fs.trim.tsv)" \
    "too_short=1 kept=1 too_short_to_flank_sites=1 partial_flanks_placed=1 "
check_eq "15-base fragment: one site, 2 reads, 2 fragments" \
    "$(awk -F'\t' 'NR > 1 {print $1, $2, $5}' fs.sites.tsv)" "GATTACAGGCTTAACCGT 2 2"

# truncated input: error, nothing left behind
head -n 6 in_1.fq > bad_1.fq
check_exit 1 "truncated R1" "$H" trim -q -o b in_1.fq bad_1.fq
no_files "failed run leaves nothing" b_1.fq.gz b_2.fq.gz b.trim.tsv

# nothing kept (host reads only): empty outputs and an empty site table, exit 0
awk -v h=GATTACAGGCTTAACCGTAGCATGCAAGTCCAGTTTGACCATGGAACTGTTCAGG \
    'NR % 4 == 2 {print h; next} NR % 4 == 0 {print substr($0, 1, length(h)); next} {print}' \
    in_1.fq > host_1.fq
check "no LTR end anywhere: still a clean run" "$H" trim -q -o n --flanks 18 host_1.fq
check_eq "no LTR end anywhere: all counted" \
    "$(awk -F'\t' '$1 == "no_ltr_end" {print $2}' n.trim.tsv)" 5
check_eq "no LTR end anywhere: header-only site table" "$(cat n.sites.tsv)" \
    "$(printf 'flank\treads\tumis\tshear_umis\tfragments\tproportion')"

# the UMI in an index read (a third FASTQ, same order): appended to the structure's UMI
awk 'NR % 4 == 1 {print; next} NR % 4 == 2 {print "GGGGCCCC"; next} NR % 4 == 3 {print; next}
    {print "IIIIIIII"}' in_1.fq > idx.fq
check "--umi-read" "$H" trim -q -o u --read-structure 8M16S+T --umi-read idx.fq in_1.fq in_2.fq
check_eq "--umi-read: UMI appended" "$(zcat u_1.fq.gz | awk 'NR == 1')" \
    "@kept_ACGTACGTGGGGCCCC RX:Z:ACGTACGTGGGGCCCC"
head -n 8 idx.fq > idx_short.fq
check_exit 1 "--umi-read with fewer records" \
    "$H" trim -q -o w --umi-read idx_short.fq in_1.fq in_2.fq
no_files "--umi-read error leaves nothing" w_1.fq.gz w_2.fq.gz w.trim.tsv

# -q means errors only, as in every command: a virus that lacks the LTR end warns without -q,
# and says nothing with it (the run itself is the same)
printf '>host\nGATTACAGGCTTAACCGTAGCATGCAAGTCCAGTTTGACCATGGAACTGTTCAGG\n' > nohtlv.fa
end=$(python3 -c "
s=''.join(l.strip() for l in open('htlv1.fa') if l[0] != '>'); print(s[735:755])")
"$H" trim -o qw --ltr-end "$end" --virus nohtlv.fa in_1.fq in_2.fq 2> qw.err
check_grep "no -q: the warning" "not inside it: no run-on check" qw.err
"$H" trim -q -o qq --ltr-end "$end" --virus nohtlv.fa in_1.fq in_2.fq 2> qq.err
check_eq "-q: nothing on stderr" "$(cat qq.err)" ""
check "-q: same attrition" cmp qw.trim.tsv qq.trim.tsv
