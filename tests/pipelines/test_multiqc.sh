# MultiQC (Debian's) on the _mqc outputs of count and compare with pipelines/multiqc_config.yaml:
# the htlvpvl general-statistics columns (with count's numbers) and the compare section are in
# MultiQC's data output, under the names and in the order the config sets.
. "$ROOT/tests/lib.sh"

if ! command -v multiqc > /dev/null; then
    fail "multiqc is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
CFG=$ROOT/pipelines/multiqc_config.yaml
for s in ham_t0 ham_t1; do
    if [ ! -f "$TD/$s/$s.bam" ]; then
        fail "test data test-data/$s/$s.bam is missing (make test-data)"
        exit 0
    fi
done

mkdir -p in
for s in ham_t0 ham_t1; do
    "$HTLVPVL" count -t 2 -s $s -o in/$s "$TD/$s/$s.bam" > $s.log 2>&1 ||
        fail "count $s" "$(cat $s.log)"
done
{
    printf 'sample\tsubject\ttimepoint\tsummary\n'
    printf 'ham_t0\tHAM1\t0\t%s\n' "$WORK/in/ham_t0.summary.json"
    printf 'ham_t1\tHAM1\t2\t%s\n' "$WORK/in/ham_t1.summary.json"
} > sheet.tsv
"$HTLVPVL" compare -o in/ham sheet.tsv > compare.log 2>&1 || fail "compare" "$(cat compare.log)"
# a FASTQ sample too: count writes its own general-statistics columns for it
fq=0
if [ -f "$TD/ham_t2/reads_1.fq.gz" ]; then
    "$HTLVPVL" count -t 2 -s ham_t2_fq --genome-size 22000 -o in/ham_t2_fq \
        "$TD/ham_t2/reads_1.fq.gz" "$TD/ham_t2/reads_2.fq.gz" > fq.log 2>&1 &&
        fq=1 || fail "count FASTQ ham_t2" "$(cat fq.log)"
fi

multiqc --force --no-ansi -c "$CFG" -o mqc in > multiqc.log 2>&1
check_eq "multiqc exits 0" "$?" 0
check "multiqc wrote a report" test -s mqc/multiqc_report.html
check_eq "no custom-content parse errors" \
    "$(grep -Ei 'not able to parse|error parsing|invalid' multiqc.log)" ""

gs=mqc/multiqc_data/multiqc_general_stats.txt
check "general stats written" test -s "$gs"
# general-stats columns of htlvpvl: their headers and each sample's value vs its summary.json
python3 - "$gs" in/ham_t0.summary.json in/ham_t1.summary.json > gs.check 2>&1 <<'PY'
import csv, json, sys
rows = {r["Sample"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
cols = [c for c in next(iter(rows.values())) if "htlvpvl" in c]
print("columns", len(cols))
for path in sys.argv[2:]:
    js = json.load(open(path))
    row = rows.get(js["sample"])
    if row is None:
        print("missing row", js["sample"]); continue
    want = float(js["pvl"]["depth"]["copies_per_100_cells"])
    got = [float(row[c]) for c in cols if "depth" in c and row[c] not in ("", "NA")]
    print(js["sample"], "pvl_depth", "ok" if got and abs(got[0] - want) <= 0.01 * max(1, abs(want))
          else f"got {got} want {want}")
PY
check_grep "htlvpvl general-stats columns present" "^columns [1-9]" gs.check
check_grep "ham_t0: PVL (depth) column = summary.json" "^ham_t0 pvl_depth ok$" gs.check
check_grep "ham_t1: PVL (depth) column = summary.json" "^ham_t1 pvl_depth ok$" gs.check

# column order as the report's table shows it (placement from the config)
cols=$(grep -o '<th id="header_mqc-generalstats-htlvpvl[a-z_]*-[a-z_]*"' mqc/multiqc_report.html |
    sed 's/.*-//; s/"//' | tr '\n' ' ')
if [ $fq = 1 ]; then
    check_eq "general stats table: htlvpvl columns in the config's order (PVL first)" "$cols" \
        "pvl pvl_ci_low pvl_ci_high pvl_depth pvl_reads pvl_junction sites flank_sites oci qc qc "
    check_num "FASTQ sample: PVL (reads) column = its summary.json" \
        "$(awk -F'\t' 'NR==1 {for (i = 1; i <= NF; i++) if ($i ~ /pvl_reads$/) c = i}
                       $1 == "ham_t2_fq" {print $c}' "$gs")" \
        "$(json_get in/ham_t2_fq.summary.json pvl.reads.copies_per_100_cells)" 0.01
else
    check_eq "general stats table: htlvpvl columns in the config's order (PVL first)" "$cols" \
        "pvl pvl_ci_low pvl_ci_high pvl_depth pvl_junction sites oci qc "
fi

# the compare section: its data files, its name and its place in the report
d=mqc/multiqc_data
check "compare PVL plot data in multiqc_data" test -s $d/multiqc_htlvpvl_compare_pvl_plot.txt
check "compare table data in multiqc_data" test -s $d/multiqc_htlvpvl_compare_table_plot.txt
check_grep "compare table data: a row per sample" "^ham_t1	" \
    $d/multiqc_htlvpvl_compare_table_plot.txt
check_grep "compare section named by the config" \
    '<h2 id="htlvpvl_compare">htlvpvl: proviral load over time' mqc/multiqc_report.html
check_eq "config used: title in multiqc_data.json" \
    "$(json_get $d/multiqc_data.json config_title)" "HTLV-1 proviral load and clonality"
check_eq "section order from the config: PVL plot, then table" \
    "$(grep -o '<h3 id="htlvpvl_compare_[a-z]*"' mqc/multiqc_report.html |
        sed 's/.*_//; s/"//' | tr '\n' ' ')" \
    "pvl table "
