# Hardening (issue 13): every reproducer in tests/data/repro (copied from the hardening report)
# and every case around it gives its exit code, one line on stderr naming the problem, and
# leaves no output behind. Each check runs under a timeout, so a hang fails.
. "$ROOT/tests/lib.sh"
R=$ROOT/tests/data/repro

# expect WHAT CODE PATTERN PREFIX CMD...: CMD exits CODE within 30 s, writes exactly one line to
# stderr matching the extended regex PATTERN, and no path PREFIX* is left.
expect() {
    local what=$1 code=$2 pat=$3 prefix=$4 rc left
    shift 4
    timeout 30 "$@" > out.txt 2> err.txt
    rc=$?
    left=$(ls -d "$prefix"* 2>/dev/null | tr '\n' ' ')
    if [ "$rc" = "$code" ] && [ "$(wc -l < err.txt)" = 1 ] && grep -Eq -- "$pat" err.txt &&
        [ -z "$left" ]; then
        pass "$what"
    else
        fail "$what (exit $rc, want $code${left:+; left: $left})" "$(head -c 2000 err.txt)"
    fi
    rm -rf "$prefix"*
}

# ---- F00: a BAM cut short, at every thread count, from a file and through a pipe ----------
bam=$TD/oligo/oligo.bam
sz=$(stat -c %s "$bam")
cp "$R"/F00_*.bam .
for n in 28 60 88 200 1000 50000 400000 $((sz - 28)) $((sz - 1)); do
    head -c "$n" "$bam" > "cut_$n.bam"
done
for f in F00_*.bam cut_*.bam; do
    for t in 1 2 3 4 8; do
        expect "F00 $f -t $t" 1 "^htlvpvl count: $f: (truncated|empty)" x \
            "$HTLVPVL" count -q -t "$t" -o x "$f"
        expect "F00 $f through a pipe -t $t" 1 \
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
