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
