# count: usage errors and bad input give one line naming the file and the problem, exit 1 (data)
# or 2 (usage), and leave no output behind.
. "$ROOT/tests/lib.sh"
command -v samtools >/dev/null || { fail "samtools is needed (scripts/install-deps.sh --test)"; exit 0; }

# a tiny valid input: one host contig, the full provirus, a few reads
host=$(python3 -c "import random; r=random.Random(3); print(''.join(r.choice('ACGT') for _ in range(2000)))")
{
    printf '@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:2000\n@SQ\tSN:HTLV1\tLN:9033\n'
    printf '@RG\tID:a\tSM:tiny\n'
    for p in 101 301 501 701; do
        printf 'r%d\t0\tchr1\t%d\t60\t50M\t*\t0\t0\t%s\t*\tRG:Z:a\n' $p $p "${host:$((p - 1)):50}"
    done
} > tiny.sam
samtools view -b -o tiny.bam tiny.sam
check_exit 0 "tiny SAM runs" "$HTLVPVL" count -q -o ok tiny.sam
check_eq "tiny: sample from @RG SM" "$(json_get ok.summary.json sample)" tiny
check_exit 0 "tiny BAM runs" "$HTLVPVL" count -q -o okb tiny.bam

one_line() {  # one_line WHAT EXPECTED_EXIT PATTERN CMD...: exit code, a single stderr line
    local what=$1 code=$2 pat=$3; shift 3
    "$@" 2>err.txt >/dev/null
    local rc=$?
    if [ "$rc" = "$code" ] && [ "$(wc -l < err.txt)" = 1 ] && grep -Eq -- "$pat" err.txt; then
        pass "$what"
    else
        fail "$what (exit $rc)" "$(cat err.txt)"
    fi
}
one_line "missing file" 1 "^htlvpvl count: nothere.bam: .*No such file" \
    "$HTLVPVL" count -o out nothere.bam
: > empty.bam
one_line "empty file" 1 "^htlvpvl count: empty.bam: empty" "$HTLVPVL" count -o out empty.bam
head -c 200 tiny.bam > trunc.bam
one_line "truncated BAM" 1 "^htlvpvl count: trunc.bam: .*(truncated|corrupt)" \
    "$HTLVPVL" count -o out trunc.bam
# a longer BAM cut in its middle (the header survives, the records do not)
for i in $(seq 1 3000); do printf 'x%d\t0\tchr1\t%d\t60\t50M\t*\t0\t0\t%s\t*\n' $i $((i % 1900 + 1)) "${host:$((i % 1900)):50}"; done > body.txt
{ grep '^@' tiny.sam; sort -t$'\t' -k4,4n body.txt; } | samtools view -b -o big.bam -
head -c $(( $(stat -c %s big.bam) / 2 )) big.bam > cut.bam
one_line "BAM cut in the middle" 1 "^htlvpvl count: cut.bam: truncated" \
    "$HTLVPVL" count -o out cut.bam
echo "this is not an alignment" > notsam.txt
one_line "non-SAM file" 1 "^htlvpvl count: notsam.txt: not a SAM, BAM or CRAM" \
    "$HTLVPVL" count -o out notsam.txt
grep -v HTLV1 tiny.sam > novirus.sam
one_line "header without a viral contig" 1 "^htlvpvl count: novirus.sam: no HTLV-1 contig" \
    "$HTLVPVL" count -o out novirus.sam
one_line "unknown --virus-contig" 1 "^htlvpvl count: tiny.sam: viral contig 'HTLV2' is not in" \
    "$HTLVPVL" count -o out --virus-contig HTLV2 tiny.sam
one_line "--region without an index" 1 "^htlvpvl count: tiny.bam: no index" \
    "$HTLVPVL" count -o out --region chr1:1-1000 tiny.bam
samtools index tiny.bam
one_line "--region on an unknown contig" 1 "^htlvpvl count: tiny.bam: --region 'chr9" \
    "$HTLVPVL" count -o out --region chr9:1-1000 tiny.bam
# CRAM whose reference cannot be found
printf '>chr1\n%s\n>HTLV1\n' "$host" > ref.fa
"$HTLVPVL" ref | grep -v '>' >> ref.fa
samtools faidx ref.fa
samtools view -C -T ref.fa -o tiny.cram tiny.bam 2>/dev/null
mv ref.fa moved.fa; rm -f ref.fa.fai
REF_PATH=$WORK/none REF_CACHE=$WORK/none one_line "CRAM without its reference" 1 \
    "^htlvpvl count: tiny.cram: .*reference" "$HTLVPVL" count -o out tiny.cram
check_exit 0 "CRAM with --reference" "$HTLVPVL" count -q -o cram --reference moved.fa tiny.cram
no_files "no output left by any failed run" out.summary.json out.summary.tsv out.sites.tsv \
    out.sites.bed out.sites.vcf.gz out.sites.vcf.gz.tbi out_mqc.tsv
check_eq "no temporary file left" "$(ls | grep -c '\.tmp\.')" 0
check_exit 1 "output directory missing: exit 1" "$HTLVPVL" count -q -o nodir/x tiny.sam
no_files "no output in a missing directory" nodir

check_exit 2 "no input: usage error" "$HTLVPVL" count -o out
check_exit 2 "bad -t" "$HTLVPVL" count -t zero tiny.sam
check_exit 2 "bad --pvl-region" "$HTLVPVL" count --pvl-region LTR9 tiny.sam
check_exit 2 "unknown option" "$HTLVPVL" count --frobnicate tiny.sam
"$HTLVPVL" count --frobnicate tiny.sam 2> err.txt
check_eq "unknown option: the message, then the usage" "$(head -1 err.txt)" \
    "htlvpvl count: unrecognized option '--frobnicate'"
"$HTLVPVL" count tiny.sam --region 2> err.txt
check_eq "option without its value: the message" "$(head -1 err.txt)" \
    "htlvpvl count: option '--region' requires an argument"
# --assay is an option of count itself (hp_count_opt_t.assay), wherever it stands; the LM-PCR
# command then parses argv with its own options, in their order
one_line "--assay of another value: one line" 2 "^htlvpvl count: --assay must be wgs or lmpcr" \
    "$HTLVPVL" count tiny.sam --assay chip
"$HTLVPVL" count -h --assay=lmpcr > lmh.txt
check_grep "-h before --assay lmpcr: the LM-PCR help" "^Usage: htlvpvl count --assay lmpcr" lmh.txt
check_exit 0 "LM-PCR options (--pvl, --umi-tag with values) before --assay lmpcr, input first" \
    "$HTLVPVL" count tiny.sam -q --pvl 5 --umi-tag RX -o lm --assay lmpcr
check_eq "... ran the LM-PCR pipeline" "$(json_get lm.summary.json assay)" lmpcr
check_exit 2 "an LM-PCR option without --assay lmpcr: usage" "$HTLVPVL" count --umi-tag RX tiny.sam
check_exit 0 "--assay wgs: the WGS pipeline" "$HTLVPVL" count --assay wgs -q -o wg tiny.sam
"$HTLVPVL" count -q -o nowg tiny.sam
check "... its outputs as without --assay" cmp wg.sites.tsv nowg.sites.tsv
check_exit 2 "two inputs" "$HTLVPVL" count tiny.sam tiny.bam
check_exit 0 "--help" "$HTLVPVL" count --help

# FASTQ input (by name or by content) goes to the FASTQ reader, not to the BAM error path
printf '@r1\nACGTACGTAC\n+\nIIIIIIIIII\n@r2\nACGTACGTAC\n+\nIIIIIIIIII\n' > reads.fq
cp reads.fq reads.dat
for f in reads.fq reads.dat; do
    "$HTLVPVL" count -q -o fq "$f" 2>err.txt
    if grep -q "not a SAM" err.txt; then fail "$f: FASTQ handed to the FASTQ reader" "$(cat err.txt)"
    else pass "$f: FASTQ handed to the FASTQ reader"; fi
done

# logging: the viral contigs used are named; -q prints nothing on success
"$HTLVPVL" count -o log1 tiny.sam 2>log.txt
check_grep "log names the viral contigs it used" "viral contigs: HTLV1 \(full layout\), detected" log.txt
"$HTLVPVL" count -q -o log2 tiny.sam 2>logq.txt
check_eq "-q: nothing on stderr" "$(cat logq.txt)" ""
check_eq "-o PREFIX: eight outputs" "$(ls log2.* log2_* | tr '\n' ' ')" \
    "log2.attrition.tsv log2.sites.bed log2.sites.tsv log2.sites.vcf.gz log2.sites.vcf.gz.tbi log2.summary.json log2.summary.tsv log2_mqc.tsv "
"$HTLVPVL" count -q tiny.sam
check "no -o: outputs named after the sample" test -f tiny.summary.json
