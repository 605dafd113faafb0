# The depth estimate's host side survives real libraries (issue 9 item 3), on test-data/oligo
# (40x, PVL 70, duplicates marked): the same PVL within its CI when
#  - 10 kb of chr1 is missing from the alignments, as a reference N gap does to reads the
#    sample holds (the old pX ratio over the header's autosome length moves by > 5 %);
#  - duplicates are unmarked (the reader marks them by outer coordinates, both sides alike);
#  - reads are aligned with and without bwa -M (supplementary -> secondary);
#  - --reference is given or not (the host length no longer comes from it).
# And the host windows are the autosomes' only (chrX, chrM, HTLV1 left out).
. "$ROOT/tests/lib.sh"
need_tools samtools python3 || exit 0
B=$TD/oligo/oligo.bam
pvl() { json_get "$1.summary.json" pvl.depth.copies_per_100_cells; }
within() {  # within WHAT PREFIX_A PREFIX_B REL: B's PVL inside A's CI and within REL of A's
    local a b lo hi
    a=$(pvl "$2"); b=$(pvl "$3")
    lo=$(json_get "$2.summary.json" pvl.depth.ci95.0); hi=$(json_get "$2.summary.json" pvl.depth.ci95.1)
    check "$1: PVL $b against $a [$lo, $hi]" awk -v a="$a" -v b="$b" -v l="$lo" -v h="$hi" -v r="$4" \
        'BEGIN { exit !(b >= l && b <= h && (b - a) / a <= r && (a - b) / a <= r) }'
}
check "oligo: count" "$HTLVPVL" count -q -o base "$B"
check_eq "host windows: autosomes only (100 kb / 500 bp)" "$(json_get base.summary.json pvl.depth.host.windows)" 200
# N gap: keep the reads outside chr1:5001-15000
awk -v OFS='\t' '$1 == "chr1" { print $1, 0, 5000; print $1, 15000, $2; next } { print $1, 0, $2 }' \
    "$TD/ref/hybrid_full.fa.fai" > keep.bed
samtools view -b -L keep.bed -o gap.bam "$B" && samtools index gap.bam
check "N gap: count" "$HTLVPVL" count -q -o gap gap.bam
within "N gap (10 kb of chr1 without reads)" base gap 0.02
check "N gap: its windows found uncovered" test "$(json_get gap.summary.json pvl.depth.host.windows_uncovered)" -ge 20
check "N gap: the pX ratio over the header length moves by > 5 % (what the windows avoid)" \
    awk -v a="$(json_get base.summary.json pvl.depth_px_diagnostic.copies_per_100_cells)" \
    -v b="$(json_get gap.summary.json pvl.depth_px_diagnostic.copies_per_100_cells)" \
    'BEGIN { exit !((b - a) / a > 0.05) }'
# duplicates unmarked
samtools view -b --remove-flags 1024 -o nodup.bam "$B" && samtools index nodup.bam
check "unmarked duplicates: count" "$HTLVPVL" count -q -o nodup nodup.bam
check_eq "unmarked duplicates: found by outer coordinates" \
    "$(json_get nodup.summary.json reads.duplicate_rule)" flag_and_outer_coordinates
within "duplicates unmarked" base nodup 0.02
# --reference: the same depth estimate
check "with --reference" "$HTLVPVL" count -q --reference "$TD/ref/hybrid_full.fa" -o ref "$B"
check_eq "--reference does not change the depth PVL" "$(pvl ref)" "$(pvl base)"
# bwa -M
if command -v bwa >/dev/null; then
    cp "$TD/ref/hybrid_full.fa" ref.fa && bwa index ref.fa 2>/dev/null
    for m in "" -M; do
        bwa mem -t 2 $m -R "@RG\tID:x\tSM:o" ref.fa "$TD/oligo/reads_1.fq.gz" "$TD/oligo/reads_2.fq.gz" \
            2>/dev/null | samtools sort -o "al$m.bam" - 2>/dev/null && samtools index "al$m.bam"
        "$HTLVPVL" count -q -o "al$m" "al$m.bam" || fail "count al$m.bam"
    done
    check "bwa -M gives secondary instead of supplementary records" \
        test "$(samtools view -c -f 256 al-M.bam)" -gt 0
    check_eq "bwa with and without -M: the same depth PVL" "$(pvl al-M)" "$(pvl al)"
fi
