# Command frame and `htlvpvl ref`: version, help, usage errors, reference output.
. "$ROOT/tests/lib.sh"

v=$("$HTLVPVL" --version)
check_eq "--version line 1" "$(echo "$v" | sed -n 1p | sed 's/[0-9][0-9.]*$/X/')" "htlvpvl X"
check "--version line 2 names htslib" sh -c "echo '$v' | sed -n 2p | grep -Eq '^htslib [0-9]'"
check_exit 0 "--help exits 0" "$HTLVPVL" --help
check_exit 2 "no command: usage, exit 2" "$HTLVPVL"
check_exit 2 "unknown command: exit 2" "$HTLVPVL" frobnicate
check "unknown command named on stderr" sh -c "'$HTLVPVL' frobnicate 2>&1 >/dev/null | grep -q frobnicate"
check_exit 2 "ref: bad option exits 2" "$HTLVPVL" ref --bogus
check_exit 2 "ref: bad layout exits 2" "$HTLVPVL" ref --layout circular
check_exit 0 "ref --help exits 0" "$HTLVPVL" ref --help

"$HTLVPVL" ref > full.fa
check_eq "ref: one contig HTLV1" "$(grep '>' full.fa)" ">HTLV1"
check_eq "ref: sequence md5" "$(grep -v '>' full.fa | tr -d '\n' | md5sum | cut -d' ' -f1)" a53da46cd92001c4dce368117f0e3c53
check_eq "ref: 9,033 bp" "$(grep -v '>' full.fa | tr -d '\n' | wc -c)" 9033
if [ -n "$SHARED" ] && [ -f "$SHARED/reference/HTLV1.fa" ]; then
    check_eq "ref: same sequence as shared/reference/HTLV1.fa" \
        "$(grep -v '>' full.fa | tr -d '\n')" "$(grep -v '>' "$SHARED/reference/HTLV1.fa" | tr -d '\n\r')"
fi
"$HTLVPVL" ref --layout split > split.fa
check_eq "ref split: two contigs" "$(grep '>' split.fa | tr '\n' ' ')" ">HTLV1_LTR >HTLV1_internal "
check_eq "ref split: lengths" "$(awk '/^>/{if(n)print n; n=0; next}{n+=length($0)}END{print n}' split.fa | tr '\n' ' ')" "755 7523 "
check_eq "ref split: LTR + internal + LTR = full" \
    "$(awk '/^>/{i++; next}{s[i]=s[i] $0}END{print s[1] s[2] s[1]}' split.fa)" "$(grep -v '>' full.fa | tr -d '\n')"
"$HTLVPVL" ref --features > f.bed
check_grep "features: pX on HTLV1" "^HTLV1	6648	8278	pX" f.bed
check_grep "features: U5 motif of 3' LTR" "^HTLV1	9023	9033	U5_motif_3" f.bed
"$HTLVPVL" ref --features --layout split > fs.bed
check_grep "split features: pX on HTLV1_internal" "^HTLV1_internal	5893	7523	pX" fs.bed
check_grep "split features: U5 motif on HTLV1_LTR" "^HTLV1_LTR	745	755	U5_motif_5" fs.bed
if command -v samtools >/dev/null; then
    check "ref output is a valid FASTA for samtools faidx" samtools faidx full.fa
else
    skip "ref output is a valid FASTA for samtools faidx" "samtools not installed"
fi
"$HTLVPVL" ref -o out.fa
check_eq "ref -o writes the file" "$(cmp -s out.fa full.fa && echo same)" same
check_exit 1 "ref -o into a missing directory: exit 1" "$HTLVPVL" ref -o nodir/x.fa
no_files "no temporary left after a failed write" nodir
