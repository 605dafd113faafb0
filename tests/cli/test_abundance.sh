# htlvpvl abundance: usage, bad input, output layout, and the sonicLength A1 data (when
# ../shared is present) against the R package sonicLength 1.4.7 (estAbund(locations, lengths,
# replicates) on the same table: sum of theta 7106.437, 4 rounds; largest site
# "03 F 148398277" 952.471385, then "16 R 22224337" 215.814060; replicate 1 alone: 2383.359).
. "$ROOT/tests/lib.sh"
H=$HTLVPVL

check_exit 0 "--help" "$H" abundance --help
check_exit 2 "no input" "$H" abundance
check_exit 2 "two inputs" "$H" abundance a.tsv b.tsv
check_exit 2 "unknown option" "$H" abundance --bogus x.tsv
check_exit 1 "missing file" "$H" abundance -o out.tsv missing.tsv
printf 'site\tlength\nA\t40\nB\tforty\n' > bad.tsv
out=$("$H" abundance -o out.tsv bad.tsv 2>&1)
check_eq "bad length: one-line message with the line" "$out" \
    "htlvpvl abundance: bad.tsv: line 3: length is not a whole number of bases in 1..1000000"
printf 'chrom\tlength\nA\t40\n' > nosite.tsv
check_exit 1 "no site column" "$H" abundance -o out.tsv nosite.tsv
no_files "failed runs leave no output" out.tsv

# three sites: A seen at 4 lengths, B at 2 (one repeated row), C at 1; replicate column absent
printf 'site\tlength\nA\t100\nA\t120\nA\t150\nA\t90\nB\t100\nB\t130\nB\t130\nC\t110\n' > s.tsv
check "small table" "$H" abundance -o s.out s.tsv
check_eq "header" "$(head -1 s.out)" "$(printf 'site\tfragments\ttheta')"
check_eq "sites by theta, distinct fragments counted" \
    "$(cut -f1,2 s.out | tail -n +2 | tr '\t\n' ':,')" "A:4,B:2,C:1,"
check "theta >= distinct fragments" awk -F'\t' 'NR > 1 && $3 < $2 {exit 1}' s.out
"$H" abundance - < s.tsv > s2.out 2>/dev/null
check_eq "stdin and stdout" "$(cat s2.out)" "$(cat s.out)"
gzip -c s.tsv > s.tsv.gz
check_eq "gzip input" "$("$H" abundance s.tsv.gz 2>/dev/null)" "$(cat s.out)"

A1=${SHARED:-/nonexistent}/data/sonicLength/sonicLength_A1_HTLV1_fragment_lengths_Gillet2011.tsv
if [ -f "$A1" ]; then
    check "A1: joint fit over 3 replicates" "$H" abundance -o a1.tsv "$A1"
    check_eq "A1: 1,949 sites" "$(tail -n +2 a1.tsv | wc -l)" 1949
    check_eq "A1: 6,176 fragments" "$(awk -F'\t' 'NR > 1 {s += $2} END {print s}' a1.tsv)" 6176
    check_num "A1: sum of theta as sonicLength (7106.437)" \
        "$(awk -F'\t' 'NR > 1 {s += $3} END {printf "%.3f", s}' a1.tsv)" 7106.437 0.01
    check_eq "A1: largest sites as sonicLength" \
        "$(sed -n '2,3p' a1.tsv | cut -f1,3 | tr '\t\n' ':,')" \
        "03 F 148398277:952.4714,16 R 22224337:215.8141,"
    awk -F'\t' 'NR == 1 || $3 == 1' "$A1" > rep1.tsv
    check_num "A1 replicate 1 alone: sum of theta as sonicLength (2383.359)" \
        "$("$H" abundance rep1.tsv 2>/dev/null |
            awk -F'\t' 'NR > 1 {s += $3} END {printf "%.3f", s}')" 2383.359 0.01
else
    echo "ok - $TEST_NAME: A1 data against sonicLength # SKIP ../shared absent"
fi

# the output never replaces the input (F09's rule for every command)
printf 'site\tlength\ns1\t50\ns1\t60\ns2\t70\n' > self.tsv
cp self.tsv self.orig
check_exit 1 "-o naming the input is refused" "$HTLVPVL" abundance -o self.tsv self.tsv
check "the input is left as it was" cmp self.tsv self.orig
