# Statistical validation of the proviral-load estimators, reduced form of bench/validate_pvl.sh
# (issue 9, item 7): 4 scenarios x 20 seeds of small simulated samples (100-kb built-in host;
# PVL 10 at 40x with a pre/post pair whose CCR4+ clones halve; PVL 2 at 30x from a strain 2 %
# away from J02029, 100-bp reads), aligned with bwa mem, counted on BAM and on FASTQ, and the
# pair compared; and, on FASTQ only (no alignment, the 200-kb host of the full form), PVL 10
# at 40x from a GC-biased library (simulate --gc-bias 2: the virus, 53 % GC, over-sampled
# about 1.3 times against the 40 % GC host) and with 30 % defective proviruses (15 % type 1,
# 15 % type 2). On those two only the FASTQ estimate is checked (its pX part is a diagnostic,
# not GC-matched), and with defective proviruses only its CI coverage: about 50 viral
# fragments cannot show a 15 % depth deficit (the profile model, as for BAM, keeps the intact
# model, about 10 % low; its model average, reported beside it, is about 4 % low but 5-8 %
# high on intact samples), so the bias there is printed, not checked: a known limit. For every estimator the summaries carry (depth, junction, headline when present,
# FASTQ, FASTQ pX part, compare's change on BAM and FASTQ), against the truth in cells:
#  - coverage of the 95 % CI inside the binomial band of a true 95 % CI (one-sided 0.5 % each
#    side: 16-20 of 20, 34-40 of 40);
#  - |mean error / its standard error| < 3.
# The table (bias/SE, RMSE over the information limit, CI width over the limit's, coverage) is
# printed as comments. The full form, with defective, GC-biased and high/low-PVL scenarios:
# make bench (bench/validate_pvl.sh).
. "$ROOT/tests/lib.sh"
need_tools bwa samtools python3 || exit 0
run_validation validate_pvl.sh '
    $2 ~ /^[^ ]*_fq / && $2 !~ /^[^ ]*_fq fastq(_headline)?: / { print "# not checked: " $2; next }
    $2 ~ /^defective30_fq .*bias\/SE/ { print "# not checked (known limit): " $2; next }
    { print }'
check "estimators checked: depth, FASTQ and compare's change" sh -c \
    "grep -q 'base depth: 95' out.txt && grep -q 'base fastq: 95' out.txt && grep -q 'base change_fastq: 95' out.txt"
check "FASTQ checked under GC bias and with defective proviruses" sh -c \
    "grep -q 'gc_bias2_fq fastq: 95' out.txt && grep -q 'defective30_fq fastq: 95' out.txt"
