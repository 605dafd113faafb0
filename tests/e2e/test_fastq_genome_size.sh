# `htlvpvl count` on FASTQ checks --genome-size against the genome size the host reads imply
# (their k-mer depth, summary.json pvl.reads.genome_size_implied): a wrong size is flagged in the
# headline, the QC columns and a warning that names the fix, never reported silently (exit 0).
# Truth: the simulated hosts' haploid sizes, read from test-data/ref/*.fa (autosomes + chrX).
. "$ROOT/tests/lib.sh"

hsize() { awk '/^>/{c=$1; next} c != ">chrM" {n += length($0)} END {print n}' "$1"; }
OLIGO_G=$(hsize "$TD/ref/host.fa")
HAM_G=$(hsize "$TD/ref/ham_host.fa")
check_in_ci "host FASTA sizes read (oligo $OLIGO_G, HAM $HAM_G)" "$OLIGO_G" 50000 500000
ratio_in() { # WHAT GOT TRUTH FACTOR
    if awk -v g="$2" -v t="$3" -v f="$4" 'BEGIN { exit !(g > 0 && g / t <= f && t / g <= f) }'
    then pass "$1"; else fail "$1" "got $2, truth $3, factor $4"; fi
}
R1=$TD/oligo/reads_1.fq.gz R2=$TD/oligo/reads_2.fq.gz

# default --genome-size (human) on the small host: flagged, exit 0, the fix named
check_exit 0 "oligo without --genome-size: exit 0 (number reported, flagged)" \
    "$HTLVPVL" count -t 2 -o def "$R1" "$R2"
"$HTLVPVL" count -t 2 -o def "$R1" "$R2" 2> def.err
gi=$(json_get def.summary.json pvl.reads.genome_size_implied.bp)
ratio_in "implied genome size $gi within x1.5 of the host's $OLIGO_G" "$gi" "$OLIGO_G" 1.5
check_eq "implied size reliable" \
    "$(json_get def.summary.json pvl.reads.genome_size_implied.reliable)" True
flag=$(json_get def.summary.json pvl.headline.flag)
check_eq "headline flag names the genome size" "${flag%%:*}" genome_size_mismatch
check_grep "warning names the fix" "rerun with --genome-size about" def.err
sug=$(sed -n 's/.*rerun with --genome-size about \([0-9.e+]*\).*/\1/p' def.err)
ratio_in "suggested --genome-size $sug within x1.5 of the host's" "$sug" "$OLIGO_G" 1.5
check_grep "summary.tsv qc carries genome_size" "genome_size" def.summary.tsv
check_grep "_mqc.tsv qc carries genome_size" "genome_size" def_mqc.tsv
"$HTLVPVL" count -t 1 -o t1 "$R1" "$R2" 2>/dev/null
"$HTLVPVL" count -t 3 -o t3 "$R1" "$R2" 2>/dev/null
check "implied genome size the same at -t 1 and -t 3" cmp t1.summary.json t3.summary.json

# the right --genome-size: no flag, and the PVL near the truth (70 per 100 cells)
for s in oligo ham_t0 ham_t1 ham_t2; do
    g=$OLIGO_G; [ "$s" = oligo ] || g=$HAM_G
    "$HTLVPVL" count -q -t 2 -o "ok_$s" --genome-size "$g" "$TD/$s/reads_1.fq.gz" \
        "$TD/$s/reads_2.fq.gz"
    check_eq "$s with --genome-size $g: headline flag null" \
        "$(json_get "ok_$s.summary.json" pvl.headline.flag)" None
    q=$(json_get "ok_$s.summary.json" qc.flags)
    check_eq "$s with --genome-size $g: no genome_size QC flag ($q)" \
        "$(printf '%s' "$q" | grep -c genome_size)" 0
done
check_in_ci "oligo PVL with the right size near the truth 70" \
    "$(json_get ok_oligo.summary.json pvl.headline.copies_per_100_cells)" 56 84

# too few reads for the k-mer depth (every 18th fragment: the files are in host order, so the
# first ones would be a deep sample of a few kb, which the reads then rightly imply): the
# implied size is NA, the PVL ceiling still flags
thin() { zcat "$1" | awk 'int((NR - 1) / 4) % 18 == 0'; }
thin "$R1" > s1.fq; thin "$R2" > s2.fq
"$HTLVPVL" count -q -o few s1.fq s2.fq
check_eq "1000 spread fragments: implied size not reliable" \
    "$(json_get few.summary.json pvl.reads.genome_size_implied.reliable)" False
check_eq "1000 spread fragments: implied size NA" \
    "$(json_get few.summary.json pvl.reads.genome_size_implied.bp)" None
flag=$(json_get few.summary.json pvl.headline.flag)
check_eq "1000 spread fragments, human size: PVL ceiling flag" "${flag%%:*}" pvl_implausible
