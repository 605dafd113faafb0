# count --partial shards + merge: on every test-data BAM, 4 shards (contigs cut at a quarter of
# the genome each, '*' in the last) merged in a permuted order give the one-run outputs byte for
# byte; also 2 shards cut at a site's position, 7 shards, --shard K/N, -t 1 vs 4; the refusals
# (missing, overlapping or foreign partials, other options or version, cut short, an output
# that would replace an input), each one line and exit 1, no output left.
. "$ROOT/tests/lib.sh"
command -v samtools >/dev/null || { fail "samtools is needed (scripts/install-deps.sh --test)"; exit 0; }
OUTS="summary.json summary.tsv sites.tsv sites.bed sites.vcf.gz attrition.tsv"

# shard_regions BAM N [CUT]: N lines, each the --region arguments of one shard: the contigs
# laid end to end and cut into N equal parts (or, with CUT = CHR:POS, into two at that
# 1-based position, POS starting the second), '*' in the last shard
shard_regions() {
    samtools view -H "$1" | python3 -c '
import sys
n, cut = int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else ""
ctg = [dict(f.split(":", 1) for f in l.rstrip("\n").split("\t")[1:] if ":" in f)
       for l in sys.stdin if l.startswith("@SQ")]
ctg = [(c["SN"], int(c["LN"])) for c in ctg]
total = sum(l for _, l in ctg)
shards = [[] for _ in range(n)]
if cut:
    cn, cp = cut.split(":"); cp = int(cp)
    for name, ln in ctg:
        if name == cn:
            shards[0].append("%s:1-%d" % (name, cp - 1)); shards[1].append("%s:%d-%d" % (name, cp, ln))
        else:
            shards[0].append(name)
else:
    bounds = [total * k // n for k in range(n + 1)]
    off = 0
    for name, ln in ctg:
        for k in range(n):
            b, e = max(bounds[k], off), min(bounds[k + 1], off + ln)
            if b < e:
                shards[k].append("%s:%d-%d" % (name, b - off + 1, e - off))
        off += ln
shards[-1].append("*")
for s in shards:
    print(" ".join("--region " + r for r in s))
' "$2" ${3:+"$3"}
}

# run_shards BAM TAG N [CUT]: count every shard (TAG.N.K.partial); prints nothing
run_shards() {
    local bam=$1 tag=$2 n=$3 k=0 args
    while read -r -a args; do  # an array: '*' is not expanded
        k=$((k + 1))
        "$HTLVPVL" count -q --partial -t $((k % 2 ? 1 : 3)) -o "$tag.$n.$k" "${args[@]}" "$bam" \
            || echo "shard $k failed"
    done < <(shard_regions "$bam" "$n" ${4:+"$4"})
}

# same_outputs WHAT A B: every output of prefix B byte-identical to prefix A's
same_outputs() {
    local diffs="" f
    for f in $OUTS; do same_output "$2.$f" "$3.$f" >/dev/null 2>&1 || diffs="$diffs $f"; done
    cmp -s "$2_mqc.tsv" "$3_mqc.tsv" || diffs="$diffs _mqc.tsv"
    if [ -z "$diffs" ]; then pass "$1"; else fail "$1: differ:$diffs" "$(diff "$2.summary.json" "$3.summary.json" | head)"; fi
}

for n in oligo oligo_split ham_t0 ham_t1 ham_t2 uninfected defective; do
    bam=$TD/$n/$n.bam
    if [ ! -f "$bam" ]; then
        fail "test data $TD/$n missing (make test-data)"
        continue
    fi
    check "$n: count" "$HTLVPVL" count -q -o "$n" "$bam"
    check_eq "$n: 4 shards counted" "$(run_shards "$bam" "$n" 4)" ""
    check "$n: merge 4 shards (order 3 1 4 2)" "$HTLVPVL" merge -q -o "$n.m4" \
        "$n.4.3.partial" "$n.4.1.partial" "$n.4.4.partial" "$n.4.2.partial"
    same_outputs "$n: 4 shards merged == one run" "$n" "$n.m4"
done

# CRAM (shards read through the .crai, with the reference): 3 shards merged == one run
if [ -f "$TD/oligo/oligo.bam" ] && [ -f "$TD/ref/hybrid_full.fa" ]; then
    ref=$TD/ref/hybrid_full.fa
    samtools view -C -T "$ref" -o o.cram "$TD/oligo/oligo.bam" && samtools index o.cram
    check "oligo CRAM: count" "$HTLVPVL" count -q --reference "$ref" -o cram o.cram
    for k in 1 2 3; do "$HTLVPVL" count -q --reference "$ref" --shard $k/3 -o cram$k o.cram; done
    check "oligo CRAM: merge 3 shards" "$HTLVPVL" merge -q -o cram.m cram2.partial cram3.partial \
        cram1.partial
    same_outputs "oligo CRAM: 3 shards merged == one run" cram cram.m
fi

# more shard counts and a cut at a site on one BAM; the partial of a shard does not depend on -t
n=ham_t1 bam=$TD/ham_t1/ham_t1.bam
if [ -f "$bam" ]; then
    run_shards "$bam" $n 2 >/dev/null
    check "$n: merge 2 shards" "$HTLVPVL" merge -q -o $n.m2 $n.2.2.partial $n.2.1.partial
    same_outputs "$n: 2 shards merged == one run" $n $n.m2
    run_shards "$bam" $n 7 >/dev/null
    check "$n: merge 7 shards" "$HTLVPVL" merge -q -o $n.m7 $n.7.5.partial $n.7.2.partial \
        $n.7.7.partial $n.7.1.partial $n.7.4.partial $n.7.6.partial $n.7.3.partial
    same_outputs "$n: 7 shards merged == one run" $n $n.m7
    for k in 1 2 3 4; do "$HTLVPVL" count -q --shard $k/4 -o sh$k "$bam"; done
    check "$n: merge --shard 1/4 .. 4/4" "$HTLVPVL" merge -q -o $n.ms sh4.partial sh2.partial \
        sh1.partial sh3.partial
    same_outputs "$n: --shard K/4 merged == one run" $n $n.ms
    check_eq "$n: --shard 2/4 owns what the same regions given by --region own" \
        "$(grep -v '^input' sh2.partial | md5sum)" "$(grep -v '^input' $n.4.2.partial | md5sum)"
    site=$(awk -F'\t' 'NR == 2 { print $1 ":" $2 }' $n.sites.tsv)
    mkdir cut
    run_shards "$bam" cut/$n 2 "$site" >/dev/null
    check "$n: merge 2 shards cut at the site $site" "$HTLVPVL" merge -q -o $n.mc \
        cut/$n.2.1.partial cut/$n.2.2.partial
    same_outputs "$n: shards cut at a site merged == one run" $n $n.mc
    tid=$(samtools view -H "$bam" | grep '^@SQ' | grep -n "SN:${site%:*}	" | cut -d: -f1)
    check_eq "$n: both shards of the cut hold evidence within 500 bp of the site" \
        "$(for k in 1 2; do awk -F'\t' -v t=$((tid - 1)) -v p="${site#*:}" '$1 == "ev" && $4 == t &&
            $6 <= p + 500 && $7 >= p - 500 { n++ } END { print (n > 0) }' cut/$n.2.$k.partial; done |
            tr -d '\n')" 11
    "$HTLVPVL" count -q --partial -t 1 -o t1 $(shard_regions "$bam" 4 | sed -n 2p) "$bam"
    "$HTLVPVL" count -q --partial -t 4 -o t4 $(shard_regions "$bam" 4 | sed -n 2p) "$bam"
    check "$n: a partial is the same at -t 1 and -t 4" cmp t1.partial t4.partial

    # refusals: one line, exit 1, no output
    one_line() {  # one_line WHAT CODE PATTERN CMD...
        local what=$1 code=$2 pat=$3; shift 3
        rm -f bad.* bad_mqc.tsv
        "$@" 2>err.txt >/dev/null
        local rc=$?
        if [ "$rc" = "$code" ] && [ "$(wc -l < err.txt)" = 1 ] && grep -Eq -- "$pat" err.txt &&
            ! ls bad.summary.json bad.sites.tsv bad_mqc.tsv >/dev/null 2>&1; then
            pass "$what"
        else
            fail "$what (exit $rc)" "$(cat err.txt)"
        fi
    }
    P=$n.4
    one_line "a shard missing" 1 "^htlvpvl merge: no partial covers chr" \
        "$HTLVPVL" merge -o bad $P.1.partial $P.2.partial $P.4.partial
    "$HTLVPVL" count -q --partial -o nostar $(shard_regions "$bam" 7 | sed -n '7s/--region \*//p') \
        "$bam"
    one_line "'*' missing" 1 "no partial covers '\*'" \
        "$HTLVPVL" merge -o bad $n.7.1.partial $n.7.2.partial $n.7.3.partial $n.7.4.partial \
        $n.7.5.partial $n.7.6.partial nostar.partial
    one_line "a shard given twice" 1 "^htlvpvl merge: partials [0-9] and [0-9] overlap" \
        "$HTLVPVL" merge -o bad $P.1.partial $P.2.partial $P.3.partial $P.4.partial $P.2.partial
    one_line "shards of 4 and of 7 mixed (overlap)" 1 "overlap" \
        "$HTLVPVL" merge -o bad $P.1.partial $P.2.partial $P.3.partial $P.4.partial $n.7.1.partial
    one_line "a shard of another input" 1 "ham_t0.4.2.partial: not a shard of the same run .*: input differs" \
        "$HTLVPVL" merge -o bad $P.1.partial ham_t0.4.2.partial $P.3.partial $P.4.partial
    "$HTLVPVL" count -q --partial --min-mapq 5 -o mq $(shard_regions "$bam" 4 | sed -n 2p) "$bam"
    one_line "a shard run with other options" 1 "mq.partial: .*--min-mapq differs" \
        "$HTLVPVL" merge -o bad $P.1.partial mq.partial $P.3.partial $P.4.partial
    sed 's/^version\t.*/version\t0.0.1/' $P.2.partial > v.partial
    sed 's/^version\t.*/version\t0.0.1/' $P.1.partial > v1.partial
    one_line "a shard of another version" 1 "v.partial: .*htlvpvl version differs" \
        "$HTLVPVL" merge -o bad $P.1.partial v.partial $P.3.partial $P.4.partial
    one_line "shards all of another version" 1 "written by htlvpvl 0.0.1" \
        "$HTLVPVL" merge -o bad v1.partial v.partial
    head -n -1 $P.2.partial > short.partial
    one_line "a partial cut short" 1 "short.partial: cut short" \
        "$HTLVPVL" merge -o bad $P.1.partial short.partial $P.3.partial $P.4.partial
    sed '1s/\t1$/\t9/' $P.2.partial > fmt.partial
    one_line "another partial format" 1 "fmt.partial: partial format 9" \
        "$HTLVPVL" merge -o bad $P.1.partial fmt.partial $P.3.partial $P.4.partial
    one_line "not a partial" 1 "summary.tsv: not an htlvpvl partial result" \
        "$HTLVPVL" merge -o bad $P.1.partial $n.summary.tsv
    sed 's/^acc\treads_total\t/acc\treads_total\tx/' $P.2.partial > mal.partial
    one_line "a malformed record" 1 "mal.partial: line [0-9]+: malformed 'acc' record" \
        "$HTLVPVL" merge -o bad $P.1.partial mal.partial $P.3.partial $P.4.partial
    cp $P.1.partial bad.sites.bed
    "$HTLVPVL" merge -o bad bad.sites.bed $P.2.partial $P.3.partial $P.4.partial 2>err.txt
    rc=$?
    check_eq "an output that would replace a partial: refused, exit 1" "$rc $(cmp -s bad.sites.bed $P.1.partial && echo kept)" "1 kept"
    one_line "overlapping regions in one shard" 1 "^htlvpvl count: .*regions overlap on chr1" \
        "$HTLVPVL" count -q --partial -o bad --region chr1:1-500 --region chr1:400-900 "$bam"
    check_exit 2 "no partial: usage error" "$HTLVPVL" merge -o bad
    one_line "--shard out of range: usage" 2 "^htlvpvl count: --shard must be K/N" \
        "$HTLVPVL" count -o bad --shard 5/4 "$bam"
    one_line "--partial without --region: usage" 2 "^htlvpvl count: --partial needs --region" \
        "$HTLVPVL" count -o bad --partial "$bam"
    one_line "two --region without --partial: usage" 2 "several --region need --partial" \
        "$HTLVPVL" count -o bad --region chr1 --region chr2 "$bam"
fi
