# The PVL estimators and the sites on samples from a second, independent simulator (issue 9):
# reduced form of bench/validate_art.sh (bench/art_sim.py + ART's art_illumina; nothing of
# `htlvpvl simulate`), on a 375-kb male host of human-like isochore GC with an N gap and a
# 24-copy repeat. 12 seeds each of: a pre/post pair at 40x (PVL 10, the CCR4+ clones halve);
# a library with PCR bias peaking at 45 % GC (the 53 %-GC virus kept 0.75 x as often as the
# host) and 15 % duplicates, marked with samtools markdup; four big clones, two 30 bp apart
# on opposite strands and one inside a repeat copy (PVL 40). Checked against the truth in
# cells: depth, junction, headline and FASTQ estimates and compare's change (BAM and FASTQ):
# coverage of the 95 % CI inside the binomial band of a true 95 % CI, |bias/SE| < 3. The sites:
# every site with >= 2 fragments on a true clone (same strand, exact position or inside a
# pair-only site's interval), at most 1 or 5 % of the 1-fragment ones elsewhere, >= 90 % of
# the clones expected to show (>= 4 junction fragments) found. The FASTQ pX part is printed,
# not checked (a diagnostic).
. "$ROOT/tests/lib.sh"
need_tools art_illumina bwa samtools python3 || exit 0
run_validation validate_art.sh '
    $2 ~ / fastq_px: / { print "# not checked: " $2; next }
    { print }'
check "estimators checked: depth, junction, FASTQ, compare's change, sites" sh -c \
    "grep -q 'pair depth: 95' out.txt && grep -q 'pair junction: 95' out.txt && \
     grep -q 'dup fastq: 95' out.txt && grep -q 'pair change_bam: 95' out.txt && \
     grep -q 'dup sites: ' out.txt"
