# FASTQ input against the simulator's truth, on every committed FASTQ pair
# (test-data/<name>/reads_{1,2}.fq.gz with truth.json and truth.sites.tsv):
#  - the truth in cells (proviruses per 100 cells) inside the 95 % CI, the provirus and pX
#    estimates within 3 % of the read depth the simulator drew for these reads, and the BAM-based
#    estimate of the same sample (htlvpvl count on test-data/<name>/<name>.bam) inside the CI;
#  - every clone with >= 3 junction fragments found as a flank cluster (the expected flank is cut
#    from test-data/ref/host.fa with samtools faidx, independently of htlvpvl), and every LTR end
#    with >= 3 read-covered junction fragments found from that end;
#  - no cluster with >= 3 fragments that is not a true clone;
#  - byte-identical outputs at -t 1 and -t 4.
. "$ROOT/tests/lib.sh"

names=""
for n in oligo ham_t0 ham_t1 ham_t2; do
    [ -f "$TD/$n/reads_1.fq.gz" ] && [ -f "$TD/$n/truth.json" ] && names="$names $n"
done
if [ -z "$names" ]; then
    fail "FASTQ test data present (test-data/<name>/reads_1.fq.gz: run make test-data)"
    exit 0
fi
check "samtools available" command -v samtools

# haploid host genome size that the simulated reads sample: host read bases per autosomal depth
# (truth.json). The simulator draws no fragment that runs off a contig end, so each contig copy
# is sampled over about its length minus a fragment: on the small HAM host (22 kb of autosomes,
# 5 kb chrX, 2-kb chrM in 18 copies) the nominal sum(length x copies) / 2 is 6 % too large, on
# the 100-kb host 3 %; a human genome's contigs are long enough for that to vanish.
genome_size() {
    python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['depth']
print(d['host_bases'] * d['autosomal_length'] / d['autosomal_bases'])" "$1"
}

# truth in cells: proviruses per 100 cells (pvl_cells; pvl_nominal in truth files older than it)
truth_cells() {
    python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
print(t.get('pvl_cells', t['pvl_nominal']))" "$1"
}

# the simulated reads' own read depth on the whole provirus (all provirus read bases / 9,033;
# intact proviruses only) and on pX (1,630 bp), over the autosomal depth, x 200: what counting
# these reads should give, free of sampling noise (empty when the truth lacks the depths)
truth_read_depth() {
    python3 -c "
import json, sys
d = json.load(open(sys.argv[1])).get('depth', {})
try:
    a = d['autosomal']
    print(200 * d['viral_bases'] / 9033 / a, 200 * d['pX'] / a)
except (KeyError, ZeroDivisionError):
    print()" "$1"
}

# the committed host FASTA whose contigs (name, length) are the truth's host contigs
# (test-data/ref/host.fa, or ham_host.fa for the HAM series); empty when none is
host_fasta() {
    python3 -c "
import json, sys
want = sorted((c['name'], c['length']) for c in json.load(open(sys.argv[1]))['contigs']
              if c['kind'] != 'virus')
for fa in sys.argv[2:]:
    try:
        have = sorted((l.split('\t')[0], int(l.split('\t')[1])) for l in open(fa + '.fai'))
    except OSError:
        continue
    if have == want:
        print(fa)
        break" "$1" "$TD/ref/host.fa" "$TD/ref/ham_host.fa"
}

rc_seq() { rev | tr ACGTacgt TGCAtgca; }
faidx_seq() { samtools faidx "$HOST_FA" "$1" | grep -v '>' | tr -d '\n' | tr a-z A-Z; }

# expected 20-bp flanks (FIELD.md §4): + strand provirus, pos = a: U5 = host[a, a+19],
# U3 = rc(host[a-14, a+5]); - strand, pos = a+5: U5 = rc(host[pos-19, pos]), U3 = host[pos-5, pos+14]
expected_flanks() {  # CHROM POS STRAND -> "U5SEQ U3SEQ"
    local c=$1 p=$2 s=$3 u5 u3
    if [ "$s" = + ]; then
        u5=$(faidx_seq "$c:$p-$((p + 19))")
        u3=$(faidx_seq "$c:$((p - 14))-$((p + 5))" | rc_seq)
    else
        u5=$(faidx_seq "$c:$((p - 19))-$p" | rc_seq)
        u3=$(faidx_seq "$c:$((p - 5))-$((p + 14))")
    fi
    echo "$u5 $u3"
}

# site_match SITES END SEQ: fragments of the best site of that LTR end whose flank starts with SEQ
# (up to 2 mismatches in 20 bases, as the clustering allows); 0 when none
site_match() {
    awk -F'\t' -v e="$2" -v q="$3" 'NR > 1 && $2 == e {
        mm = 0; for (i = 1; i <= 20; i++) mm += substr($1, i, 1) != substr(q, i, 1)
        if (mm <= 2 && $3 > best) best = $3 }
        END { print best + 0 }' "$1"
}

for n in $names; do
    g=$(genome_size "$TD/$n/truth.json")
    "$HTLVPVL" count -q -o "$n.t1" -t 1 --genome-size "$g" "$TD/$n/reads_1.fq.gz" \
        "$TD/$n/reads_2.fq.gz"
    check_eq "$n: exit 0" "$?" 0
    "$HTLVPVL" count -q -o "$n.t4" -t 4 --genome-size "$g" "$TD/$n/reads_1.fq.gz" \
        "$TD/$n/reads_2.fq.gz"
    for f in sites.tsv flanks.fa; do
        check_eq "$n: $f identical at -t 1 and -t 4" "$(cat "$n.t4.$f")" "$(cat "$n.t1.$f")"
    done
    check "$n: summary byte-identical at -t 1 and -t 4" cmp "$n.t4.summary.json" \
        "$n.t1.summary.json"
    check "$n: attrition.tsv byte-identical at -t 1 and -t 4" cmp "$n.t4.attrition.tsv" \
        "$n.t1.attrition.tsv"
    # the attrition table against counts made without htlvpvl: the FASTQ's records (lines / 4)
    # and the simulator's truth (unique viral fragments; the PVL window is the whole provirus)
    nfq=$(($(gzip -dc "$TD/$n/reads_1.fq.gz" | wc -l) / 4))
    run_checker "$n.attr.out" python3 "$ROOT/tests/e2e/attrition_eval.py" "$n.t1" \
        --steps "read,screen,PVL window,cluster junctions" \
        --expect "read.in=$nfq" --expect "read.kept=$nfq" --chain "read,screen" \
        --expect "read.in=$(json_get "$TD/$n/truth.json" counts.fragments)" \
        --near "PVL window.kept=$(json_get "$TD/$n/truth.json" counts.viral_fragments):0.05" \
        --expect "cluster junctions.kept=$(awk -F'\t' 'NR > 1 { n += $4 } END { print n + 0 }' \
            "$n.t1.sites.tsv")"

    pvl=$(json_get "$n.t1.summary.json" pvl.reads.copies_per_100_cells)
    cells=$(truth_cells "$TD/$n/truth.json")
    read -r rprov rpx < <(truth_read_depth "$TD/$n/truth.json")
    echo "# $n: FASTQ PVL $pvl ($(json_get "$n.t1.summary.json" pvl.reads.estimator)), truth" \
        "$cells copies per 100 cells; read depth of these reads: provirus $rprov, pX $rpx" \
        "(genome size $g)"
    lo=$(json_get "$n.t1.summary.json" pvl.reads.ci95.0)
    hi=$(json_get "$n.t1.summary.json" pvl.reads.ci95.1)
    check "$n: 95 % CI [$lo, $hi] holds the estimate" \
        awk -v l="$lo" -v h="$hi" -v p="$pvl" 'BEGIN { exit !(l < p && p < h) }'
    check_in_ci "$n: 95 % CI holds the truth in cells ($cells)" "$cells" "$lo" "$hi"
    # the counting itself, free of sampling noise: the same reads' provirus (all bases / 9,033)
    # and pX read depth as the simulator drew them, over the autosomal depth
    if [ -n "$rprov" ]; then
        check_num "$n: provirus estimate within 3 % of these reads' provirus depth ($rprov)" \
            "$(json_get "$n.t1.summary.json" pvl.reads.provirus.copies_per_100_cells)" "$rprov" \
            "$(awk -v r="$rprov" 'BEGIN { print 0.03 * r }')"
        check_num "$n: pX estimate within 3 % of these reads' pX depth ($rpx)" \
            "$(json_get "$n.t1.summary.json" pvl.reads.px.copies_per_100_cells)" "$rpx" \
            "$(awk -v r="$rpx" 'BEGIN { print 0.03 * r }')"
    fi
    bam=$TD/$n/$n.bam
    if [ -f "$bam" ]; then
        "$HTLVPVL" count -q -o "$n.bam" "$bam" > /dev/null 2>&1
        # the BAM's pX ratio, to be compared with the FASTQ estimate's own pX figure
        bpvl=$(json_get "$n.bam.summary.json" pvl.depth_px_diagnostic.copies_per_100_cells 2>/dev/null)
        # count the same way: a BAM without duplicate marks counts duplicates, so then does
        # the FASTQ estimate (--keep-duplicates); a duplicate-marked BAM leaves them out
        if [ "$(json_get "$n.bam.summary.json" fragments.duplicates 2>/dev/null)" = 0 ]; then
            "$HTLVPVL" count -q -o "$n.kd" --keep-duplicates --genome-size "$g" \
                "$TD/$n/reads_1.fq.gz" "$TD/$n/reads_2.fq.gz"
            pvl=$(json_get "$n.kd.summary.json" pvl.reads.copies_per_100_cells)
            echo "# $n: BAM without duplicate marks: FASTQ PVL with duplicates $pvl"
        fi
        echo "# $n: BAM PVL ${bpvl:-none}"
        if ! [[ $bpvl =~ ^[0-9.eE+-]+$ ]]; then
            fail "$n: BAM-based PVL available (htlvpvl count $bam: pvl.depth_px_diagnostic)"
        else
            # the same reads aligned and counted over the same region: the BAM's pX ratio
            # against the FASTQ pX estimate (the two whole-provirus estimates model different
            # things: GC-matched host windows against a genome size)
            fq=$n.t1.summary.json
            [ -f "$n.kd.summary.json" ] && fq=$n.kd.summary.json
            key=pvl.reads.px.copies_per_100_cells
            fpvl=$(json_get "$fq" $key)
            check_num "$n: FASTQ $key within 10 % of the BAM estimate ($fpvl vs $bpvl)" \
                "$fpvl" "$bpvl" "$(awk -v r="$bpvl" 'BEGIN { print 0.1 * r }')"
        fi
    fi

    # clones: expected flanks from the host FASTA
    HOST_FA=$(host_fasta "$TD/$n/truth.json")
    if [ -z "$HOST_FA" ]; then
        fail "$n: a committed host FASTA matching its truth's contigs (test-data/ref/)"
        continue
    fi
    sites=$n.t1.sites.tsv
    true_flanks=""
    missed="" n_want=0
    while IFS=$'\t' read -r chrom pos strand cf jf ju5 ju3 su5 su3 rest; do
        [ "$chrom" = chrom ] && continue
        read -r u5 u3 <<< "$(expected_flanks "$chrom" "$pos" "$strand")"
        true_flanks="$true_flanks U5:$u5 U3:$u3"
        f5=$(site_match "$sites" U5 "$u5")
        f3=$(site_match "$sites" U3 "$u3")
        if [ "$jf" -ge 3 ]; then
            n_want=$((n_want + 1))
            [ "$f5" -gt 0 ] || [ "$f3" -gt 0 ] || missed="$missed $chrom:$pos$strand(jf=$jf)"
        fi
        # an end whose junction is inside a read in >= 3 fragments must be found from that end
        [ "$su5" -ge 3 ] && [ "$f5" -eq 0 ] && missed="$missed $chrom:$pos${strand}U5(split=$su5)"
        [ "$su3" -ge 3 ] && [ "$f3" -eq 0 ] && missed="$missed $chrom:$pos${strand}U3(split=$su3)"
    done < "$TD/$n/truth.sites.tsv"
    check_eq "$n: every clone with >= 3 junction fragments ($n_want) found as a flank cluster" \
        "${missed:-none}" none
    # clusters with >= 3 fragments must be true clones
    false_sites=$(awk -F'\t' 'NR > 1 && $3 >= 3 { print $2 ":" substr($1, 1, 20) }' "$sites" |
        while read -r s; do
            e=${s%%:*} q=${s#*:} hit=0
            for t in $true_flanks; do
                [ "${t%%:*}" = "$e" ] || continue
                mm=$(awk -v a="${t#*:}" -v b="$q" 'BEGIN { for (i = 1; i <= 20; i++)
                    m += substr(a, i, 1) != substr(b, i, 1); print m }')
                [ "$mm" -le 2 ] && hit=1
            done
            [ $hit = 1 ] || echo "$s"
        done)
    check_eq "$n: no cluster with >= 3 fragments that is not a true clone" \
        "$(echo ${false_sites:-none})" none
    echo "# $n: $(awk -F'\t' 'NR > 1 && $3 >= 3' "$sites" | wc -l) sites with >= 3 fragments," \
        "$(($(wc -l < "$sites") - 1)) in all"
done

# uninfected sample (FASTQ pairs made from its BAM with samtools): no viral reads, PVL 0 with
# a finite upper limit, no sites
if [ -f "$TD/uninfected/uninfected.bam" ]; then
    samtools collate -O -u "$TD/uninfected/uninfected.bam" |
        samtools fastq -n -1 un_1.fq.gz -2 un_2.fq.gz -0 /dev/null -s /dev/null - 2>/dev/null
    g=$(genome_size "$TD/uninfected/truth.json")
    check "uninfected: exit 0" "$HTLVPVL" count -q -o un --genome-size "$g" un_1.fq.gz un_2.fq.gz
    check_eq "uninfected: no viral fragments" "$(json_get un.summary.json fragments.viral)" 0
    check_eq "uninfected: PVL 0" "$(json_get un.summary.json pvl.reads.copies_per_100_cells)" 0
    check "uninfected: CI upper limit finite, above 0" awk \
        -v h="$(json_get un.summary.json pvl.reads.ci95.1)" 'BEGIN { exit !(h > 0 && h < 100) }'
    check_eq "uninfected: no sites" "$(json_get un.summary.json sites.count)" 0
    check_eq "uninfected: flanks.fa empty" "$(wc -c < un.flanks.fa)" 0
fi
