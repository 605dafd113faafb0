#!/usr/bin/env bash
# bench_fastq.sh -- wall time of `htlvpvl count` on a FASTQ pair as a ratio to decompressing the
# same files alone, measured in the same run (median of REPS runs each):
#   plain gzip:  htlvpvl count -t T   vs  gzip -dc R1 R2 > /dev/null
#   BGZF:        htlvpvl count -t T   vs  bgzip -dc -@ 2 R1, R2 > /dev/null
# Input: $BENCH_FQ1/$BENCH_FQ2 when set, else test-data/ham_t0/reads_{1,2}.fq.gz when present and
# large enough, else a generated pair (NPAIRS random-host pairs with one clone).
# Environment: HTLVPVL, REPS (5), NPAIRS (400000), THREADS (2).
set -eu
cd "$(dirname "$0")/.."
HTLVPVL=${HTLVPVL:-$PWD/htlvpvl}
REPS=${REPS:-5}
NPAIRS=${NPAIRS:-400000}
THREADS=${THREADS:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_fastq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fq1=${BENCH_FQ1:-} fq2=${BENCH_FQ2:-}
if [ -z "$fq1" ] && [ -f test-data/ham_t0/reads_1.fq.gz ] &&
    [ "$(stat -c %s test-data/ham_t0/reads_1.fq.gz)" -gt 10000000 ]; then
    fq1=test-data/ham_t0/reads_1.fq.gz fq2=test-data/ham_t0/reads_2.fq.gz
fi
if [ -z "$fq1" ]; then
    "$HTLVPVL" ref > "$tmp/v.fa"
    python3 - "$tmp/v.fa" "$NPAIRS" "$tmp" <<'PY'
import random, sys, gzip
random.seed(11)
V = ''.join(l.strip() for l in open(sys.argv[1]) if not l.startswith('>'))
n, out = int(sys.argv[2]), sys.argv[3]
comp = str.maketrans('ACGT', 'TGCA')
rc = lambda s: s.translate(comp)[::-1]
G, RL = 2000000, 150
host = ''.join(random.choice('ACGT') for _ in range(G))
allele = host[:1000006] + V + host[1000000:]
q = 'I' * RL
with open(out + '/r1.fq', 'w') as f1, open(out + '/r2.fq', 'w') as f2:
    for i in range(n):
        src = allele if random.random() < 0.05 else host
        fl = random.randint(300, 400)
        st = random.randint(0, len(src) - fl)
        frag = src[st:st + fl]
        if random.random() < 0.5: frag = rc(frag)
        f1.write('@f%d/1\n%s\n+\n%s\n' % (i, frag[:RL], q))
        f2.write('@f%d/2\n%s\n+\n%s\n' % (i, rc(frag)[:RL], q))
PY
    gzip -6 "$tmp/r1.fq" && gzip -6 "$tmp/r2.fq"
    fq1=$tmp/r1.fq.gz fq2=$tmp/r2.fq.gz
fi
zcat "$fq1" | bgzip -@ 2 > "$tmp/b1.fq.gz"
zcat "$fq2" | bgzip -@ 2 > "$tmp/b2.fq.gz"
gzip -dc "$fq1" | gzip -6 > "$tmp/g1.fq.gz"  # plain gzip whatever the source was
gzip -dc "$fq2" | gzip -6 > "$tmp/g2.fq.gz"

median_time() {  # median wall seconds of REPS runs of "$@"
    local i t0 t1
    for ((i = 0; i < REPS; i++)); do
        t0=$(date +%s.%N)
        "$@" > /dev/null 2>&1
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
    done | sort -g | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'
}
gunzip_pair() { gzip -dc "$tmp/g1.fq.gz" > /dev/null && gzip -dc "$tmp/g2.fq.gz" > /dev/null; }
bgunzip_pair() { bgzip -dc -@ 2 "$tmp/b1.fq.gz" > /dev/null && bgzip -dc -@ 2 "$tmp/b2.fq.gz" > /dev/null; }
scan() { "$HTLVPVL" count -o "$tmp/out" -t "$1" "$2" "$3"; }

echo "input: $(gzip -dc "$tmp/g1.fq.gz" | awk 'END { print NR / 4 }') pairs;" \
    "$(stat -c %s "$tmp/g1.fq.gz") + $(stat -c %s "$tmp/g2.fq.gz") bytes gzip; $REPS runs each"
d_gz=$(median_time gunzip_pair)
s_gz1=$(median_time scan 1 "$tmp/g1.fq.gz" "$tmp/g2.fq.gz")
s_gzT=$(median_time scan "$THREADS" "$tmp/g1.fq.gz" "$tmp/g2.fq.gz")
d_bg=$(median_time bgunzip_pair)
s_bgT=$(median_time scan "$THREADS" "$tmp/b1.fq.gz" "$tmp/b2.fq.gz")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf 'gzip -dc R1 R2 > /dev/null          %6.3f s\n' "$d_gz"
printf 'htlvpvl count -t 1 (gzip)           %6.3f s  ratio %s\n' "$s_gz1" "$(ratio "$s_gz1" "$d_gz")"
printf 'htlvpvl count -t %d (gzip)           %6.3f s  ratio %s\n' "$THREADS" "$s_gzT" \
    "$(ratio "$s_gzT" "$d_gz")"
printf 'bgzip -dc -@ 2 R1, R2 > /dev/null   %6.3f s\n' "$d_bg"
printf 'htlvpvl count -t %d (BGZF)           %6.3f s  ratio %s\n' "$THREADS" "$s_bgT" \
    "$(ratio "$s_bgT" "$d_bg")"
