#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine: install what is missing (apt-get), build htlvpvl,
# and run it on the bundled test data (an oligoclonal sample with known truth, and a three-point
# time series across two infusions). Outputs go to quickstart/.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
make -j2
mkdir -p quickstart
./htlvpvl count -t 2 -o quickstart/oligo test-data/oligo/oligo.bam
echo
echo "== quickstart/oligo.summary.tsv, one field a line (truth: test-data/oligo/truth.json," \
     "pvl_depth_px_diagnostic $(sed -n 's/.*"pvl_depth_px_diagnostic": \([0-9.]*\).*/\1/p' test-data/oligo/truth.json))"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
             { for (i = 1; i <= NF; i++) printf "  %-36s %s\n", h[i], $i }' quickstart/oligo.summary.tsv
echo
echo "== quickstart/oligo.sites.tsv (truth: test-data/oligo/truth.sites.tsv)"
column -t -s "$(printf '\t')" quickstart/oligo.sites.tsv 2>/dev/null || cat quickstart/oligo.sites.tsv
if [ -f test-data/ham_t0/ham_t0.bam ] && ./htlvpvl compare --help >/dev/null 2>&1; then
    printf 'sample\tsubject\ttimepoint\tinfusion\tsummary\n' > quickstart/sheet.tsv
    for t in 0 1 2; do
        ./htlvpvl count -q -t 2 -o quickstart/ham_t$t test-data/ham_t$t/ham_t$t.bam
        printf 'ham_t%s\tHAM1\t%s\t%s\tham_t%s.summary.json\n' $t "$(sed -n "$((t + 1))p" <<< $'0\n14\n98')" $t $t >> quickstart/sheet.tsv
    done
    ./htlvpvl compare -o quickstart/HAM1 quickstart/sheet.tsv
    echo
    echo "== quickstart/HAM1.pvl.tsv (plots: quickstart/HAM1.html)"
    column -t -s "$(printf '\t')" quickstart/HAM1.pvl.tsv 2>/dev/null || cat quickstart/HAM1.pvl.tsv
fi
