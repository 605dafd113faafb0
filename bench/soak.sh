#!/usr/bin/env bash
# bench/soak.sh -- a soak of count: BAMs of 10 and 40 times the records of the largest test BAM
# (ham_t0.bam; copies under new read names, sorted: 4x and 13x its bytes, sorted copies compress
# better), each run from the file and through a
# pipe at -t 1 and -t 4. Checks: exit 0, the same outputs at -t 1 and -t 4 (file; pipe), the
# same record count as the copies hold; reports peak RSS (/usr/bin/time -v) and wall time, so
# memory can be seen to stay flat from 10x to 40x. Needs samtools. Usage:
#   HTLVPVL=./htlvpvl bash bench/soak.sh [WORKDIR]     (about 2 minutes on 2 cores)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=${HTLVPVL:-$ROOT/htlvpvl}
W=${1:-$ROOT/bench/work/soak}
src=$ROOT/test-data/ham_t0/ham_t0.bam
mkdir -p "$W" && cd "$W" || exit 1
fail=0
bad() { echo "FAIL $*"; fail=1; }
n_src=$(samtools view -c "$src")
for k in 10 40; do
    big=big$k.bam
    if [ ! -s "$big" ]; then
        { samtools view -H "$src"
          for i in $(seq 1 "$k"); do
              samtools view "$src" | awk -v i="$i" 'BEGIN { OFS = "\t" } { $1 = $1 "_" i; print }'
          done; } | samtools sort -@2 -m 256M -o "$big" - && samtools index "$big" || exit 1
    fi
    printf '%s: %d MB (%.1f x %s), %d records\n' "$big" $(($(stat -c %s "$big") >> 20)) \
        "$(echo "$(stat -c %s "$big") / $(stat -c %s "$src")" | bc -l)" "${src##*/}" \
        $((k * n_src))
    for how in file pipe; do
        for t in 1 4; do
            o=${how}_k${k}_t$t
            if [ $how = file ]; then
                /usr/bin/time -v "$H" count -q -t $t -o "$o" "$big" 2> "$o.time"
            else
                cat "$big" | /usr/bin/time -v "$H" count -q -t $t -o "$o" - 2> "$o.time"
            fi
            rc=$?
            rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$o.time")
            wall=$(awk -F': ' '/Elapsed \(wall/ { print $2 }' "$o.time")
            recs=$(python3 -c "import json; print(json.load(open('$o.summary.json'))['reads']['records'])" 2> /dev/null)
            printf '  %-4s -t %s: exit %s, %s records, peak RSS %s kB, wall %s\n' $how $t $rc \
                "${recs:-?}" "${rss:-?}" "${wall:-?}"
            [ "$rc" = 0 ] || bad "$o: exit $rc"
            [ "$recs" = $((k * n_src)) ] || bad "$o: $recs records, want $((k * n_src))"
        done
        for s in summary.json summary.tsv sites.tsv sites.bed sites.vcf.gz; do
            if [ $s = sites.vcf.gz ]; then  # ##source holds the command line (-t differs)
                cmp -s <(gzip -dc "${how}_k${k}_t1.$s" | grep -v '^##source=') \
                    <(gzip -dc "${how}_k${k}_t4.$s" | grep -v '^##source=')
            else cmp -s "${how}_k${k}_t1.$s" "${how}_k${k}_t4.$s"; fi || bad "$how ${k}x: $s differs at -t 1 and -t 4"
        done
    done
done
[ $fail = 0 ] && echo "soak: all runs exit 0, identical outputs at -t 1 and -t 4" || echo "soak: FAILED"
exit $fail
