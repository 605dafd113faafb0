#!/usr/bin/env bash
# ThreadSanitizer (gcc -fsanitize=thread) on the threaded paths: count on a test BAM (file and
# pipe, htslib decompression pool + reader), on the paired FASTQ (reader threads) and on a
# truncated BAM (the pool's error path), all at -t 4; each must give no race report and the
# outputs of the release build at -t 1. Built with OPENMP=0: GCC's libgomp is not instrumented,
# so TSan reports every OpenMP join as a race; the OpenMP classification is covered by the
# byte-identical-output-at-every--t tests of the suite. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
ok() { echo "ok - tsan: $1"; pass=$((pass + 1)); }
no() { echo "not ok - tsan: $1"; fail=$((fail + 1)); }
if ! make -j2 BUILD=build-tsan OPENMP=0 BIN=build-tsan/htlvpvl CFLAGS="-O1 -g -fsanitize=thread" \
    LDFLAGS="-fsanitize=thread" build-tsan/htlvpvl > /dev/null; then
    no "build"
    echo "$pass passed, $fail failed"
    exit 1
fi
T=$PWD/build-tsan/htlvpvl R=$PWD/htlvpvl TD=$PWD/test-data
w=$(mktemp -d)
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 history_size=4"
# check WHAT WANT_RC PREFIX ARGS...: run TSan build -t 4 and release -t 1, compare
check() {
    local what=$1 want=$2 p=$3 rc
    shift 3
    # "-": read the file in $PIPE through a real pipe
    (cd "$w" && cat "${PIPE:-/dev/null}" | "$T" count -q -t 4 -o "t_$p" "$@" 2> "tsan_$p.txt")
    rc=$?
    (cd "$w" && cat "${PIPE:-/dev/null}" | "$R" count -q -t 1 -o "r_$p" "$@" 2> /dev/null)
    local races
    races=$(grep -c 'WARNING: ThreadSanitizer' "$w/tsan_$p.txt")
    if [ "$rc" != "$want" ] || [ "$races" != 0 ]; then
        no "$what (exit $rc, want $want; $races reports)"
        grep -A20 'WARNING: ThreadSanitizer' "$w/tsan_$p.txt" | head -40 | sed 's/^/#   /'
        return
    fi
    local f bad=""
    for f in "$w"/r_"$p".*; do
        [ -e "$f" ] || continue
        local g="$w/t_$p${f#"$w"/r_"$p"}"
        case $f in # the VCF's ##source line is the command line (-t, -o): compare the rest
        *.vcf.gz) cmp -s <(gzip -dc "$f" | grep -v '^##source=') \
            <(gzip -dc "$g" | grep -v '^##source=') || bad="$bad ${f##*/}" ;;
        # ... so the index's virtual offsets follow that line's compressed size: compare what
        # the index answers (its contigs, and every record it finds on each)
        *.vcf.gz.tbi) local v=${f%.tbi} u=${g%.tbi}
            cmp -s <(tabix -l "$v"; for c in $(tabix -l "$v"); do tabix "$v" "$c"; done) \
                <(tabix -l "$u"; for c in $(tabix -l "$u"); do tabix "$u" "$c"; done) &&
                [ -n "$(tabix -l "$v")" ] || bad="$bad ${f##*/}" ;;
        *) cmp -s "$f" "$g" || bad="$bad ${f##*/}" ;;
        esac
    done
    if [ -z "$bad" ]; then ok "$what: no race, outputs as at -t 1"; else no "$what: differ:$bad"; fi
}
check "count BAM -t 4" 0 bam "$TD/oligo/oligo.bam"
PIPE=$TD/oligo/oligo.bam check "count BAM on a pipe -t 4" 0 pipe -
check "count paired FASTQ -t 4" 0 fq "$TD/oligo/reads_1.fq.gz" "$TD/oligo/reads_2.fq.gz"
head -c 400000 "$TD/ham_t0/ham_t0.bam" > "$w/cut.bam"
check "count truncated BAM -t 4" 1 cut "$w/cut.bam"
PIPE=$w/cut.bam check "count truncated BAM on a pipe -t 4" 1 cutp -
rm -rf "$w"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
