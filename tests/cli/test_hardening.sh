# Hardening (issue 13): every reproducer in tests/data/repro (copied from the hardening report)
# and every case around it gives its exit code, one line on stderr naming the problem, and
# leaves no output behind. Each check runs under a timeout, so a hang fails.
. "$ROOT/tests/lib.sh"
R=$ROOT/tests/data/repro

# expect WHAT CODE PATTERN OUTS CMD...: CMD exits CODE within 30 s, writes exactly one line to
# stderr matching the extended regex PATTERN, and no path matching the globs OUTS (a
# space-separated list; each glob gets a trailing *) is left.
expect() {
    local what=$1 code=$2 pat=$3 outs=$4 rc left g
    shift 4
    timeout 30 "$@" > out.txt 2> err.txt
    rc=$?
    left=$(for g in $outs; do ls -d $g* 2>/dev/null; done | tr '\n' ' ')
    if [ "$rc" = "$code" ] && [ "$(wc -l < err.txt)" = 1 ] && grep -Eq -- "$pat" err.txt &&
        [ -z "$left" ]; then
        pass "$what"
    else
        fail "$what (exit $rc, want $code${left:+; left: $left})" "$(head -c 2000 err.txt)"
    fi
    rm -rf $left
}

# ---- F00: a BAM cut short, at every thread count, from a file and through a pipe ----------
bam=$TD/oligo/oligo.bam
sz=$(stat -c %s "$bam")
cp "$R"/F00_*.bam .
for n in 28 60 88 200 1000 50000 400000 $((sz - 28)) $((sz - 1)); do
    head -c "$n" "$bam" > "cut_$n.bam"
done
# With a decompression pool, htslib 1.16 leaks one 32-byte pool result when a block fails to
# decode (tests/fuzz/lsan-htslib-pool.supp): LeakSanitizer ignores libhts's own allocations on
# these cut inputs at -t > 1 only; -t 1 and the whole-file runs below keep the full leak check.
pool_supp="suppressions=$ROOT/tests/fuzz/lsan-htslib-pool.supp:print_suppressions=0"
for f in F00_*.bam cut_*.bam; do
    for t in 1 2 3 4 8; do
        supp=""
        [ "$t" -gt 1 ] && supp=$pool_supp
        LSAN_OPTIONS=$supp expect "F00 $f -t $t" 1 "^htlvpvl count: $f: (truncated|empty)" x \
            "$HTLVPVL" count -q -t "$t" -o x "$f"
        LSAN_OPTIONS=$supp expect "F00 $f through a pipe -t $t" 1 \
            "^htlvpvl count: -: (truncated|empty|cannot read the header)" x \
            sh -c 'cat "$2" | "$0" count -q -t "$1" -o x -' "$HTLVPVL" "$t" "$f"
    done
done
# the whole file still passes, with the same records at every thread count
for t in 1 4 8; do
    check_exit 0 "F00 whole BAM -t $t" "$HTLVPVL" count -q -t "$t" -o "whole$t" "$bam"
    check_exit 0 "F00 whole BAM through a pipe -t $t" \
        sh -c 'cat "$2" | "$0" count -q -t "$1" -o "pipe$1" -' "$HTLVPVL" "$t" "$bam"
done
check_eq "F00 whole BAM: same summary at -t 1, 4 and 8" \
    "$(cat whole4.summary.tsv whole8.summary.tsv pipe4.summary.tsv pipe8.summary.tsv)" \
    "$(cat whole1.summary.tsv whole1.summary.tsv pipe1.summary.tsv pipe1.summary.tsv)"
rm -f whole* pipe*

# ---- F01: SEQ '*' with a soft clip: no bases to match, nothing read past the record ----------
for f in "$R"/F01_seqstar_softclip*.sam "$R"/F01_seqstar_softclip*.bam; do
    b=$(basename "$f")
    for t in 1 4; do
        timeout 30 "$HTLVPVL" count -q -t "$t" -o f01 "$f" > /dev/null 2> err.txt
        rc=$?
        check_eq "F01 $b -t $t: exit 0, nothing on stderr, no site" \
            "$rc|$(head -c 300 err.txt)|$(tail -n +2 f01.sites.tsv 2>/dev/null | wc -l)" "0||0"
        rm -f f01*
    done
done

# ---- F09: no output may replace an input (by name, symbolic or hard link) --------------------
# same_files WHAT DIR: every file of the reproducer is still byte-identical in DIR
same_files() {
    local f bad=""
    for f in "$R"/F09_compare_overwrites_input/*.json "$R"/F09_compare_overwrites_input/*.tsv; do
        cmp -s "$f" "$2/$(basename "$f")" || bad="$bad $(basename "$f")"
    done
    if [ -z "$bad" ]; then pass "$1"; else fail "$1" "changed:$bad"; fi
}
mkdir f09 && cp "$R"/F09_compare_overwrites_input/*.json "$R"/F09_compare_overwrites_input/*.tsv f09/
msg='cannot write: is an input of this run'
expect "F09 compare -o P1_d0.summary (PREFIX.json is an input)" 1 \
    "^htlvpvl compare: f09/P1_d0.summary.json: $msg" "f09/P1_d0.summary.[pch] f09/*mqc" \
    "$HTLVPVL" compare -q -o f09/P1_d0.summary f09/sheet.pvl.tsv
expect "F09 compare -o sheet (PREFIX.pvl.tsv is the sheet)" 1 \
    "^htlvpvl compare: f09/sheet.pvl.tsv: $msg" "f09/sheet.[cjh] f09/sheet_ f09/sheet.t" \
    "$HTLVPVL" compare -q -o f09/sheet f09/sheet.pvl.tsv
ln -s f09/P1_d14.summary.json link.json
expect "F09 compare: PREFIX.json a symbolic link to an input" 1 "^htlvpvl compare: link.json: $msg" \
    "link.[pch] link_" "$HTLVPVL" compare -q -o link f09/sheet.pvl.tsv
ln f09/P1_d0.sites.tsv hard.clones.tsv
expect "F09 compare: PREFIX.clones.tsv a hard link to an input" 1 \
    "^htlvpvl compare: hard.clones.tsv: $msg" "hard.[pjh] hard_" \
    "$HTLVPVL" compare -q -o hard f09/sheet.pvl.tsv
same_files "F09 compare: every input unchanged" f09
ls | grep -q '\.tmp\.' && fail "F09 no temporary left" "$(ls)" || pass "F09 no temporary left"
check_exit 0 "F09 compare with a free prefix still runs" "$HTLVPVL" compare -q -o f09/new f09/sheet.pvl.tsv
rm -f link.json hard.clones.tsv
# count: an input named like an output; simulate: a clone table inside the output directory
cp "$R"/F10_a.sam p.summary.tsv
expect "F09 count: input named PREFIX.summary.tsv" 1 "^htlvpvl count: p.summary.tsv: is an input" \
    "p.summary.j p.site p_" "$HTLVPVL" count -q -o p p.summary.tsv
check_eq "F09 count: input unchanged" "$(cmp "$R"/F10_a.sam p.summary.tsv && echo same)" same
rm -f p.summary.tsv
"$HTLVPVL" simulate -o sim --host-size 20000 -n 2 -d 0.1 2> /dev/null
cp sim/truth.sites.tsv keep.tsv
expect "F09 simulate: --clones DIR/truth.sites.tsv" 1 \
    "^htlvpvl simulate: sim/truth.sites.tsv: is an input" sim/x \
    "$HTLVPVL" simulate -o sim --host-size 20000 --clones sim/truth.sites.tsv -d 0.1
check_eq "F09 simulate: clone table unchanged" "$(cmp keep.tsv sim/truth.sites.tsv && echo same)" same
rm -rf sim keep.tsv f09

# ---- F02: a host contig longer than 2^31: positions stay 64-bit in every output --------------
"$HTLVPVL" count -q -o f02 "$R"/F02_contig_over_2G.sam 2> err.txt
check_eq "F02 exit 0, nothing on stderr" "$?|$(cat err.txt)" "0|"
check_eq "F02 sites.tsv position past 2^31" "$(cut -f1-3 f02.sites.tsv | tail -n +2)" \
    "$(printf 'chr1\t2147483884\t+')"
check_eq "F02 sites.bed" "$(cut -f1-3 f02.sites.bed)" "$(printf 'chr1\t2147483883\t2147483884')"
check_eq "F02 sites.vcf" "$(gzip -dc f02.sites.vcf.gz | grep -v '^#' | cut -f1-2)" "$(printf 'chr1\t2147483884')"
# TBI cannot bin past 2^29: the VCF's index is CSI here (and only here)
check_eq "F02 index: .csi, no .tbi" "$(ls f02.sites.vcf.gz.* | tr '\n' ' ')" "f02.sites.vcf.gz.csi "
if command -v bcftools >/dev/null; then
    check_eq "F02 bcftools reads the site through the CSI index" \
        "$(bcftools view -H f02.sites.vcf.gz chr1:2147483884 | cut -f1-2)" "$(printf 'chr1\t2147483884')"
fi
rm -f f02*

# ---- F03-F05: CIGAR, SA and MC numbers that overflow an int: no overflow, exit 0 -------------
for f in F03_hardclip_sum_overflow F04_sa_cigar_overflow F04_mc_cigar_overflow F05_sa_pos_overflow; do
    for t in 1 4; do
        timeout 30 "$HTLVPVL" count -q -t "$t" -o "o$t" "$R/$f.sam" > /dev/null 2> err.txt
        check_eq "$f -t $t: exit 0, nothing on stderr" "$?|$(head -c 300 err.txt)" "0|"
    done
    check_eq "$f: same sites at -t 1 and 4" "$(cat o4.sites.tsv)" "$(cat o1.sites.tsv)"
    rm -f o1* o4*
done

# ---- F06: an absurd @SQ LN is refused ---------------------------------------------------------
cp "$R"/F06_contig_len_int64max.sam f06.sam
expect "F06 @SQ LN:2^63-1" 1 \
    "^htlvpvl count: f06.sam: @SQ 'chr2': length 9223372036854775807 is not a contig length" \
    o6 "$HTLVPVL" count -q -o o6 f06.sam
rm -f f06.sam

# ---- F12: same result at every -t; no records is an error for BAM and FASTQ alike -------------
cp "$R"/F12_sam_thread_dependent.sam f12.sam
for t in 1 2 4; do
    expect "F12 malformed SAM text -t $t" 1 "^htlvpvl count: f12.sam: no alignment records" o12 \
        "$HTLVPVL" count -q -t "$t" -o o12 f12.sam
done
grep '^@' "$R"/F10_a.sam > hdr.sam
samtools view -b -o hdr.bam hdr.sam
: > none.fq
for f in hdr.sam hdr.bam; do
    for t in 1 4; do
        expect "F12 $f: header, no records, -t $t" 1 "^htlvpvl count: $f: no alignment records" \
            oh "$HTLVPVL" count -q -t "$t" -o oh "$f"
    done
done
expect "F12 FASTQ without records" 1 "^htlvpvl count: none.fq: .*(no FASTQ records|empty)" onone \
    "$HTLVPVL" count -q -o onone none.fq
rm -f f12.sam hdr.sam hdr.bam none.fq

# ---- F07-F08: compare refuses positions and PVLs beyond any run -------------------------------
cp -r "$R"/F07_compare_sites_pos_overflow f07
expect "F07 sites.tsv pos 2^63" 1 "^htlvpvl compare: f07/P1_d0.sites.tsv: line 2: bad pos" c07 \
    "$HTLVPVL" compare -q -o c07 f07/sheet.tsv
sed -i 's/9223372036854775807/1e300/' f07/P1_d0.sites.tsv
expect "F07 sites.tsv pos 1e300" 1 "^htlvpvl compare: f07/P1_d0.sites.tsv: line 2: bad pos" c07 \
    "$HTLVPVL" compare -q -o c07 f07/sheet.tsv
cp -r "$R"/F08_compare_infinite_pvl f08
expect "F08 summary.json PVL 1e999" 1 \
    "^htlvpvl compare: f08/P1_d0.summary.json: .*number out of range" c08 \
    "$HTLVPVL" compare -q -o c08 f08/sheet.tsv
sed -i 's/1e999/1e300/' f08/P1_d0.summary.json
expect "F08 summary.json PVL 1e300" 1 "^htlvpvl compare: f08/P1_d0.summary.json: PVL above 1e6" \
    c08 "$HTLVPVL" compare -q -o c08 f08/sheet.tsv
rm -rf f07 f08

# ---- F10: one run per prefix: a second run at the same time fails, never a mixed output set ---
mixed=0 badmsg=0
for i in $(seq 1 15); do
    rm -f p.* p_*
    "$HTLVPVL" count -q -s AAA -o p "$R"/F10_a.sam 2> ea.txt &
    "$HTLVPVL" count -q -s BBB -o p "$R"/F10_b.sam 2> eb.txt &
    wait
    n=$({ cat p.summary.json p.summary.tsv p_mqc.tsv; gzip -dc p.sites.vcf.gz; } | grep -o 'AAA\|BBB' | sort -u | wc -l)
    [ "$n" -gt 1 ] && mixed=$((mixed + 1))
    for e in ea.txt eb.txt; do
        [ -s "$e" ] && ! grep -q '^htlvpvl count: p: another run is writing this output' "$e" &&
            badmsg=$((badmsg + 1))
    done
done
check_eq "F10 two runs with one prefix: no mixed output set in 15" "$mixed" 0
check_eq "F10 the run that loses says why" "$badmsg" 0
no_files "F10 no lock left" p.lock
rm -f p.* p_*
echo "$$ $(hostname)" > p.lock
expect "F10 a lock held by another run" 1 "^htlvpvl count: p: another run is writing" "p.s p_" \
    "$HTLVPVL" count -q -o p "$R"/F10_a.sam
echo "999999999 $(hostname)" > p.lock
check_exit 0 "F10 a stale lock (its process is gone) is taken over" \
    "$HTLVPVL" count -q -o p "$R"/F10_a.sam
no_files "F10 stale lock removed at the end" p.lock
rm -f p.* p_* ea.txt eb.txt

# ---- F11: a failed write of help, version or ref: exit 1 and one line; no death by SIGPIPE -----
for c in "--help" "--version" "count --help" "compare --help" "simulate --help" "ref --help" \
    "ref" "ref --features"; do
    set -- $c
    name=${1#--}
    case $1 in --*) pat="^htlvpvl: standard output: write failed: No space" ;;
        *) pat="^htlvpvl $1: (standard output|-): write failed: No space" ;; esac
    expect "F11 htlvpvl $c > /dev/full" 1 "$pat" none_f11 sh -c '"$0" "$@" > /dev/full' "$HTLVPVL" "$@"
done
rc=$( (sleep 0.5; "$HTLVPVL" ref 2> err.txt; echo $? > rc.txt) | true; sleep 1; cat rc.txt)
check_eq "F11 ref into a closed pipe: exit 1 (not 141), one line" \
    "$rc|$(cat err.txt)" "1|htlvpvl ref: -: write failed: Broken pipe"
rm -f rc.txt

# ---- F13: names, options and inputs that used to slip through --------------------------------
cp "$R"/F10_a.sam a.sam
expect "F13 count -o ''" 2 "^htlvpvl count: -o: the prefix is empty" ".s _m" \
    "$HTLVPVL" count -q -o "" a.sam
printf '@r1\nACGTACGTAC\n+\nIIIIIIIIII\n' > r.fq
expect "F13 count -o '' (FASTQ)" 2 "^htlvpvl count: -o: the prefix is empty" ".s _m" \
    "$HTLVPVL" count -q -o "" r.fq
for s in "$(printf 'a\tb')" "$(printf 'a\nb')" ""; do
    expect "F13 count -s with a tab, a newline or empty" 2 \
        "^htlvpvl count: -s: the sample name is empty or holds a tab or newline" o13 \
        "$HTLVPVL" count -q -s "$s" -o o13 a.sam
done
"$HTLVPVL" count -q --virus-contig HTLV1 --virus-contig HTLV1 -o v a.sam
check_eq "F13 a repeated --virus-contig is listed once" \
    "$(python3 -c 'import json,sys; print(json.load(open("v.summary.json"))["reference"]["virus_contigs"])' 2>&1)" \
    "['HTLV1']"
samtools view -b -o a.bam a.sam && samtools index a.bam
expect "F13 --region end before start" 1 \
    "^htlvpvl count: a.bam: --region 'chr1:100-50': the range is empty" o13 \
    "$HTLVPVL" count -q --region chr1:100-50 -o o13 a.bam
"$HTLVPVL" ref > ref.fa
cp ref.fa ref.fq
expect "F13 a FASTA as input" 1 "^htlvpvl count: ref.fa: looks like FASTA" o13 \
    "$HTLVPVL" count -q -o o13 ref.fa
expect "F13 a FASTA named .fq" 1 "^htlvpvl count: ref.fq: record 1: looks like FASTA" o13 \
    "$HTLVPVL" count -q -o o13 ref.fq
printf 'chrom\tpos\tstrand\tcell_fraction\nchr1\t5000\t+\t0.6\nchr1\t9000\t+\t0.6\n' > cl.tsv
expect "F13 simulate: clone fractions from a file sum over 1" 1 \
    "^htlvpvl simulate: cl.tsv: the clones hold 1.2 of the cells" sd \
    "$HTLVPVL" simulate -o sd --host-size 20000 --clones cl.tsv -d 0.1
printf 'chrom\tpos\tstrand\tcell_fraction\nchr1\t5000\t+\t1.5\n' > cl.tsv
expect "F13 simulate: a clone fraction over 1" 1 "^htlvpvl simulate: cl.tsv: line 2: cell_fraction" \
    sd "$HTLVPVL" simulate -o sd --host-size 20000 --clones cl.tsv -d 0.1
rm -f a.sam a.bam a.bam.bai r.fq ref.fa ref.fq cl.tsv v.* v_*
# a sample name taken from a file name holding a tab: the tab becomes '_'
cp "$R"/F10_a.sam "$(printf 'x\ty.sam')"
printf '@r1\nACGTACGTACGTACGTACGT\n+\nIIIIIIIIIIIIIIIIIIII\n' > "$(printf 'x\tz.fq')"
grep -v '^@RG' "$(printf 'x\ty.sam')" | sed 's/\tRG:Z:[^\t]*//' > "$(printf 'x\tw.sam')"
"$HTLVPVL" count -q -o fn1 "$(printf 'x\tw.sam')" 2> /dev/null
check_eq "F13 sample name from a SAM file name with a tab" "$(json_get fn1.summary.json sample)" "x_w"
"$HTLVPVL" count -q -o fn2 "$(printf 'x\tz.fq')" 2> /dev/null
check_eq "F13 sample name from a FASTQ file name with a tab" "$(json_get fn2.summary.json sample)" "x_z"
rm -f x* fn1* fn2*

# F13 for the LM-PCR pipeline too (it shares count's name checks and --virus-contig list)
check_exit 2 "count --assay lmpcr: empty prefix refused" "$HTLVPVL" count --assay lmpcr -o '' \
    "$TD/oligo/oligo.bam"
check_exit 2 "count --assay lmpcr: tab in -s refused" "$HTLVPVL" count --assay lmpcr -o lm \
    -s "$(printf 'a\tb')" "$TD/oligo/oligo.bam"
no_files "count --assay lmpcr: no outputs after a refused name" lm.sites.tsv lm.summary.json
