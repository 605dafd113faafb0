# `htlvpvl compare` on hand-made count outputs (tests/data/compare): numbers against an
# independent computation, clone matching and statuses, every output, plots not blank,
# determinism, and bad input (clear message, exit code, no partial outputs).
. "$ROOT/tests/lib.sh"
D=$ROOT/tests/data/compare
PNG="python3 $D/png_stats.py"
col() {  # col FILE SAMPLE_OR_KEY COLUMN: value of COLUMN in the row whose 2nd field is KEY
    awk -F'\t' -v k="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==k{print $h[c]; exit}' "$1"
}
crow() {  # crow FILE CLONE SAMPLE COLUMN: one cell of clones.tsv
    awk -F'\t' -v k="$2" -v s="$3" -v c="$4" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $2==k && $h["sample"]==s{print $h[c]; exit}' "$1"
}

check_exit 0 "runs on the fixture sheet" "$HTLVPVL" compare -o out "$D/sheet.tsv"
for s in .pvl.tsv .clones.tsv .json _mqc.json .table_mqc.json .pvl.svg .clones.svg .cohort.svg .waterfall.svg .html; do
    check "writes out$s" test -s "out$s"
done
"$HTLVPVL" compare -o out "$D/sheet.tsv" 2> err.txt
check_grep "single time point named on stderr" "subject 'P3' has a single time point" err.txt
check_eq "P3: no change, said so" "$(col out.pvl.tsv P3_d0 note)" "single time point: no change computed"
check_eq "P3: change NA" "$(col out.pvl.tsv P3_d0 change_pct)" "NA"

# Change and its CI against an independent Clopper-Pearson computation (python, no scipy).
ci=$(python3 - <<'PY'
import math
def cdf(k, n, p):  # P(X <= k), X ~ Bin(n, p)
    if k < 0: return 0.0
    if p <= 0: return 1.0
    if p >= 1: return 1.0 if k >= n else 0.0
    return sum(math.exp(math.lgamma(n+1)-math.lgamma(i+1)-math.lgamma(n-i+1)+i*math.log(p)+(n-i)*math.log1p(-p)) for i in range(0, k+1))
def solve(f, lo=0.0, hi=1.0):
    for _ in range(200):
        m = (lo+hi)/2
        if f(m): lo = m
        else: hi = m
    return (lo+hi)/2
def ratio_ci(k1, e1, k2, e2):  # rate ratio (k1/e1)/(k2/e2) from the conditional binomial
    n = k1 + k2
    plo = solve(lambda p: 1 - cdf(k1 - 1, n, p) < 0.025)   # P(X >= k1) = 0.025
    phi = solve(lambda p: cdf(k1, n, p) > 0.025)           # P(X <= k1) = 0.025
    s = e2 / e1
    return plo/(1-plo)*s, phi/(1-phi)*s
# P1_d14: 165 viral fragments at PVL 3 (e = 55); baseline P1_d0: 400 at PVL 8 (e = 50)
lo, hi = ratio_ci(165, 165/3.0, 400, 400/8.0)
print("%.4f %.4f" % (100*(lo-1), 100*(hi-1)))
PY
)
check_num "P1_d14 change = -62.5 %" "$(col out.pvl.tsv P1_d14 change_pct)" -62.5 1e-9
check_num "P1_d14 change CI low = independent Clopper-Pearson" "$(col out.pvl.tsv P1_d14 change_ci_low)" "${ci% *}" 0.01
check_num "P1_d14 change CI high = independent Clopper-Pearson" "$(col out.pvl.tsv P1_d14 change_ci_high)" "${ci#* }" 0.01
check_eq "P1_d14 beyond noise" "$(col out.pvl.tsv P1_d14 beyond_noise)" yes
check_eq "P1_d14 direction fell" "$(col out.pvl.tsv P1_d14 direction)" fell
check_eq "P2_d14 (-10 %, CI spans 0) not beyond noise" "$(col out.pvl.tsv P2_d14 beyond_noise)" no
check_eq "P2_d14 beyond counting noise: no" "$(col out.pvl.tsv P2_d14 beyond_counting_noise)" no
check_eq "baseline = earliest time point (sheet order is not time order)" "$(col out.pvl.tsv P1_d0 baseline)" yes
check_eq "rows by subject then time" "$(cut -f2 out.pvl.tsv | tail -n +2 | tr '\n' ' ')" "P1_d0 P1_d14 P1_d84 P2_d0 P2_d14 P3_d0 "
check_eq "infusion column read" "$(col out.pvl.tsv P1_d84 infusion)" yes
check_eq "dose read" "$(col out.pvl.tsv P1_d0 dose_mg_per_kg)" 0.3

# Clones: chr1:1000000 + is seen at 1000002 and 1000001 later (same clone); the - strand site
# at the same position is another clone; chr3 is lost with 10 x 55/50 = 11 fragments expected.
check_eq "shifted site matched (d14 fragments)" "$(crow out.clones.tsv chr1:1000000:+ P1_d14 fragments)" 8
check_eq "shifted site matched (d84 fragments)" "$(crow out.clones.tsv chr1:1000000:+ P1_d84 fragments)" 5
check_eq "largest clone fell" "$(crow out.clones.tsv chr1:1000000:+ P1_d14 trend)" fell
check_eq "other strand: first seen" "$(crow out.clones.tsv chr1:1000000:- P1_d14 status)" first_seen
check_eq "... 3 fragments, P = (55/105)^3 = 0.14: not called new" "$(crow out.clones.tsv chr1:1000000:- P1_d14 verdict)" new_uninformative
check_num "... its P" "$(crow out.clones.tsv chr1:1000000:- P1_d14 p_value)" "$(awk 'BEGIN{print (55/105)^3}')" 1e-6
check_eq "chr3 not seen" "$(crow out.clones.tsv chr3:7000:+ P1_d14 status)" not_seen
check_eq "chr3: 10 -> 0 fragments, P = (50/105)^10: lost" "$(crow out.clones.tsv chr3:7000:+ P1_d14 verdict)" lost
check_num "chr3 expected fragments if unchanged" "$(crow out.clones.tsv chr3:7000:+ P1_d14 expected_fragments)" 11 1e-9
check_num "chr3 P(0 | unchanged), conditional binomial" "$(crow out.clones.tsv chr3:7000:+ P1_d14 p_absent)" "$(awk 'BEGIN{print (50/105)^10}')" 1e-9
check_eq "chr7: 2 -> 0 fragments, P = 0.23: not detected (uninformative), not lost" "$(crow out.clones.tsv chr7:222:- P1_d14 verdict)" not_detected
check "every clone of P1 at d14 has exactly one verdict" sh -c "awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) h[\$i]=i; next} \$1==\"P1\" && \$h[\"sample\"]==\"P1_d14\"{n++; v[\$h[\"verdict\"]]++} END{s=0; for(k in v) s+=v[k]; exit !(n==7 && s==7)}' out.clones.tsv"
check_eq "P1_d14 counts: 1 lost (chr3), 1 not detected (chr7)" "$(col out.pvl.tsv P1_d14 clones_lost) $(col out.pvl.tsv P1_d14 clones_not_detected)" "1 1"
check_eq "chr7 lost on 2 fragments: lower, not a significant fall" "$(crow out.clones.tsv chr7:222:- P1_d14 trend)" down
check_eq "chr2 persisting" "$(crow out.clones.tsv chr2:5000000:- P1_d84 status)" persisting
check_eq "7 clones for P1" "$(awk -F'\t' '$1=="P1"{print $2}' out.clones.tsv | sort -u | wc -l)" 7
# bounded share by hand: top baseline clones -2.2 (2->0.4, 1.5, 0.5->0, 0.4, 0.1->0), other
# clones +0.4 (chr9 0.25, chr1- 0.15), rest of the PVL (3-2.7)-(8-4.5) = -3.2
check_num "top clones carry 2.2/5.8 of all movement at d14 (bounded)" "$(col out.pvl.tsv P1_d14 top_clones_explained_pct)" "$(awk 'BEGIN{print 100*2.2/5.8}')" 1e-3
"$HTLVPVL" compare -q -w 0 -o w0 "$D/sheet.tsv" 2>/dev/null
check_eq "--window 0: shifted sites are separate clones" "$(awk -F'\t' '$1=="P1"{print $2}' w0.clones.tsv | sort -u | wc -l)" 11

# Noise band option.
"$HTLVPVL" compare -q --noise-band 70 -o nb "$D/sheet.tsv" 2>/dev/null
check_eq "--noise-band 70: -62.5 % no longer beyond noise" "$(col nb.pvl.tsv P1_d14 beyond_noise)" no
check_eq "--noise-band 70: still beyond counting noise" "$(col nb.pvl.tsv P1_d14 beyond_counting_noise)" yes

# Baseline column, run from another folder (paths are relative to the sheet).
mkdir -p sub
sed 's/$/\tbaseline/;2,$s/baseline$/no/' "$D/sheet.tsv" | sed 's/^\(P1_d14\t.*\)no$/\1yes/' > sub/sheet_b.tsv
sed -i "s#\tP#\t$D/P#3" sub/sheet_b.tsv  # make summary paths absolute (the sheet moved)
awk -F'\t' 'NR>1{$4="'"$D"'/"$1".summary.json"}1' OFS='\t' "$D/sheet.tsv" > sub/abs.tsv
awk -F'\t' 'BEGIN{OFS="\t"} NR==1{print $0, "baseline"; next} {print $0, ($1=="P1_d14" ? "yes" : "no")}' sub/abs.tsv > sub/sheet_b.tsv
check_exit 0 "baseline column" "$HTLVPVL" compare -q -o sub/b sub/sheet_b.tsv
check_num "change of d0 from the marked baseline d14 = 8/3 - 1" "$(col sub/b.pvl.tsv P1_d0 change_pct)" 166.667 1e-3

# JSON outputs parse; MultiQC custom content shape.
check "PREFIX.json is valid JSON" python3 -c "import json; json.load(open('out.json'))"
check_num "json: P1 second sample change" "$(json_get out.json subjects.0.samples.1.change.pct)" -62.5 1e-9
check_eq "json: P3 note" "$(json_get out.json subjects.2.note)" "single time point: no change computed"
check_eq "mqc: line graph" "$(json_get out_mqc.json plot_type)" linegraph
check_num "mqc: P1 at 84" "$(json_get out_mqc.json data.P1.84)" 2.5 1e-9
check_eq "mqc table: table" "$(json_get out.table_mqc.json plot_type)" table
check_eq "mqc table: P1_d14 beyond noise" "$(json_get out.table_mqc.json data.P1_d14.beyond_noise)" yes

# MultiQC reads both custom-content files (when it is installed: scripts/install-deps.sh --test).
if command -v multiqc > /dev/null; then
    mkdir -p mqc && cp out_mqc.json out.table_mqc.json mqc/
    (cd mqc && multiqc -q -f . > /dev/null 2>&1)
    (cd mqc && multiqc -f --flat -o flat . > flat.log 2>&1)
    check_eq "multiqc --flat (offline, static plots) draws the line graph with CI series" "$(grep -c 'Error making MatPlotLib' mqc/flat.log)" 0
    check "multiqc --flat: the plot is an embedded image" grep -q 'data:image/png;base64' mqc/flat/multiqc_report.html
    check_grep "multiqc: PVL line graph data" "^P1	8	3	2.5$" mqc/multiqc_data/multiqc_htlvpvl_compare_pvl_plot.txt
    check_grep "multiqc: table row" "^P1_d14	P1	14	3	" mqc/multiqc_data/multiqc_htlvpvl_compare_table_plot.txt
else
    skip "MultiQC parses the _mqc files" "multiqc not installed"
fi

# Standalone plots and page: no scripts, no external references.
for f in out.pvl.svg out.clones.svg out.html; do
    check_eq "$f: no script" "$(grep -ci '<script' $f)" 0
    check_eq "$f: no external reference" "$(grep -o 'https\?://[^"]*' $f | grep -vc '^http://www.w3.org/2000/svg$')" 0
done
check "pvl.svg is well-formed XML" python3 -c "import xml.dom.minidom as m; m.parse('out.pvl.svg')"
check "clones.svg is well-formed XML" python3 -c "import xml.dom.minidom as m; m.parse('out.clones.svg')"
check_eq "html holds the waterfall, cohort and clone plots (3 subjects)" "$(grep -c '<svg' out.html)" 3
check_grep "html summary says P1 fell beyond noise" "fall beyond counting noise" out.html

# Render to PNG and check the pictures are not blank and show the subjects' colours.
if command -v rsvg-convert > /dev/null; then
    check "pvl.svg renders" rsvg-convert out.pvl.svg -o pvl.png
    check "clones.svg renders" rsvg-convert out.clones.svg -o clones.png
    read -r w h nw nc <<< "$($PNG pvl.png | head -1)"
    check_eq "pvl.png size" "$w x $h" "820 x 460"
    check "pvl.png not blank (>5 % non-white, >20 colours)" awk -v f="$nw" -v n="$nc" 'BEGIN{exit !(f > 0.05 && n > 20)}'
    check "pvl.png draws P1 (blue) and P2 (orange)" sh -c "$PNG pvl.png '#1f77b4' '#ff7f0e' | awk 'NR>1 && \$2 < 50 {bad=1} END{exit bad}'"
    read -r w h nw nc <<< "$($PNG clones.png | head -1)"
    check "clones.png not blank" awk -v f="$nw" -v n="$nc" 'BEGIN{exit !(f > 0.03 && n > 20)}'
    check "clones.png draws the top clone and the grey rest" sh -c "$PNG clones.png '#1f77b4' '#c8c8c8' | awk 'NR>1 && \$2 < 500 {bad=1} END{exit bad}'"
    "$HTLVPVL" compare -q --linear -o lin "$D/sheet.tsv" 2>/dev/null
    check "linear axis renders" rsvg-convert lin.pvl.svg -o lin.png
    check_grep "linear axis label" "copies per 100 cells<" lin.pvl.svg
else
    fail "rsvg-convert is not installed (librsvg2-bin): plots not rendered"
fi

# Deterministic: byte-identical outputs on a second run.
"$HTLVPVL" compare -q -o again "$D/sheet.tsv" 2>/dev/null
for s in .pvl.tsv .clones.tsv .json _mqc.json .table_mqc.json .pvl.svg .clones.svg .html; do
    check "byte-identical out$s" cmp "out$s" "again$s"
done

# Bad input: message naming the file, exit 1, no outputs.
bad() {  # bad WHAT PATTERN SHEET
    rm -f bad.*
    "$HTLVPVL" compare -o bad "$3" 2> err.txt; rc=$?
    check_eq "$1: exit 1" "$rc" 1
    check_grep "$1: message" "$2" err.txt
    check_eq "$1: one line on stderr" "$(wc -l < err.txt)" 1
    no_files "$1: no partial outputs" bad.pvl.tsv bad.clones.tsv bad.json bad_mqc.json bad.table_mqc.json bad.pvl.svg bad.clones.svg bad.html
}
cut -f1,2,4- sub/abs.tsv > nocol.tsv
bad "missing timepoint column" "nocol.tsv: missing column 'timepoint'" nocol.tsv
{ cat sub/abs.tsv; tail -n 1 sub/abs.tsv | sed 's/\t0\t/\t5\t/'; } > dup.tsv
bad "duplicate sample" "duplicate sample name 'P3_d0'" dup.tsv
awk -F'\t' 'BEGIN{OFS="\t"} NR==3{$3="day14"}1' sub/abs.tsv > badtp.tsv
bad "non-numeric timepoint" "timepoint 'day14' is not a number of days or an ISO date" badtp.tsv
awk -F'\t' 'BEGIN{OFS="\t"} NR==2{$3=0}1' sub/abs.tsv > duptp.tsv
bad "two samples at one time point" "two samples at timepoint 0" duptp.tsv
awk -F'\t' 'BEGIN{OFS="\t"} NR==2{$4="missing/none.summary.json"}1' sub/abs.tsv > nofile.tsv
bad "missing summary" "none.summary.json: not a readable summary.json" nofile.tsv
awk -F'\t' 'BEGIN{OFS="\t"} NR==2{$1="P1_other"}1' sub/abs.tsv > mism.tsv
bad "summary of another sample" "summary is of sample 'P1_d14', the sheet says 'P1_other'" mism.tsv
mkdir -p broken && printf '{"sample": "X", "pvl": {' > broken/X.summary.json
printf 'sample\tsubject\ttimepoint\tsummary\nX\tS\t0\tbroken/X.summary.json\n' > broken.tsv
bad "truncated JSON" "X.summary.json: not a readable summary.json: line 1" broken.tsv
printf '{"sample": "Y", "pvl": {"depth": {"copies_per_100_cells": 1}}}' > broken/Y.summary.json
printf 'sample\tsubject\ttimepoint\tsummary\nY\tS\t0\tbroken/Y.summary.json\n' > nokey.tsv
bad "summary without a CI" "key 'pvl.depth.ci95' is missing" nokey.tsv
cp "$D/P2_d0.summary.json" broken/P2_d0.summary.json
printf 'sample\tsubject\ttimepoint\tsummary\nP2_d0\tS\t0\tbroken/P2_d0.summary.json\n' > nosites.tsv
bad "no sites.tsv beside the summary" "P2_d0.sites.tsv: cannot open the sites table" nosites.tsv
printf 'chrom\tpos\tfragments\nchr1\t5\t3\n' > broken/P2_d0.sites.tsv
bad "sites.tsv without a strand column" "P2_d0.sites.tsv: header has no 'strand' column" nosites.tsv
printf 'sample\tsubject\ttimepoint\tsummary\n' > empty.tsv
bad "sheet without samples" "no samples" empty.tsv
bad "missing sheet" "nosuch.tsv: cannot open" nosuch.tsv

check_exit 2 "no -o: usage error" "$HTLVPVL" compare "$D/sheet.tsv"
check_exit 2 "no sheet: usage error" "$HTLVPVL" compare -o x
check_exit 2 "bad --noise-band" "$HTLVPVL" compare --noise-band abc -o x "$D/sheet.tsv"
check_exit 2 "bad --top" "$HTLVPVL" compare --top 0 -o x "$D/sheet.tsv"
check_exit 0 "--help" "$HTLVPVL" compare --help
check_exit 1 "unwritable prefix: exit 1" "$HTLVPVL" compare -q -o nodir/x "$D/sheet.tsv"
no_files "unwritable prefix: nothing left" nodir

# PNG / PDF export of the plots through rsvg-convert, and a clean refusal without it.
if command -v rsvg-convert > /dev/null; then
    check_exit 0 "--png --pdf" "$HTLVPVL" compare -q --png --pdf -o ex "$D/sheet.tsv"
    for p in pvl clones cohort waterfall; do
        check_eq "ex.$p.png is a PNG" "$(head -c 4 ex.$p.png | od -An -c | tr -d ' ')" '211PNG'
        check_eq "ex.$p.pdf is a PDF" "$(head -c 5 ex.$p.pdf)" "%PDF-"
    done
    read -r w h nw nc <<< "$($PNG ex.waterfall.png | head -1)"
    check "waterfall PNG not blank" awk -v f="$nw" 'BEGIN{exit !(f > 0.03)}'
else
    skip "--png --pdf export" "rsvg-convert not installed (librsvg2-bin)"
fi
rm -f nr.*
HTLVPVL_RSVG_CONVERT=/nonexistent/rsvg-convert "$HTLVPVL" compare -q --png -o nr "$D/sheet.tsv" 2> nr.err; rc=$?
check_eq "--png without rsvg-convert: exit 1" "$rc" 1
check_grep "... says what to install" "rsvg-convert not found [(]install the Debian package librsvg2-bin" nr.err
no_files "... writes nothing" nr.pvl.tsv nr.html nr.pvl.svg
check_exit 2 "bad --alpha" "$HTLVPVL" compare --alpha 2 -o x "$D/sheet.tsv"

# MultiQC content: integer time points, no NaN/None, units, CI series, the QC cell rule.
check_eq "mqc line graph: integer time-point keys" "$(python3 -c "import json; print(sorted(json.load(open('out_mqc.json'))['data']['P1']))")" "['0', '14', '84']"
check_eq "mqc line graph: CI series (2 per subject)" "$(python3 -c "import json; print(len(json.load(open('out_mqc.json'))['pconfig']['extra_series'][0]))")" 6
check_eq "mqc table: no null values" "$(grep -c null out.table_mqc.json)" 0
check_eq "mqc table: change in %" "$(json_get out.table_mqc.json headers.change_pct.suffix)" "%"
check_eq "mqc table: time point as an integer" "$(json_get out.table_mqc.json headers.timepoint.format)" "{:,.0f}"
check_eq "mqc table: QC cell marked unless ok" "$(json_get out.table_mqc.json headers.qc.cond_formatting_rules.fail.0.s_ne)" ok

# pvl.headline (the combined estimate of a newer count) is read when present, and said so.
mkdir -p hl
for s in P2_d0 P2_d14; do
    cp "$D/$s.sites.tsv" hl/
done
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
for s, pvl, lo, hi in (("P2_d0", 6.0, 4.8, 7.5), ("P2_d14", 3.0, 2.4, 3.75)):
    j = json.load(open(f"{d}/{s}.summary.json"))
    j["pvl"]["headline"] = {"copies_per_100_cells": pvl, "ci95": [lo, hi], "estimator": "combined", "flag": None}
    json.dump(j, open(f"hl/{s}.summary.json", "w"))
PY
printf 'sample\tsubject\ttimepoint\tsummary\nP2_d0\tP2\t0\thl/P2_d0.summary.json\nP2_d14\tP2\t14\thl/P2_d14.summary.json\n' > hl.tsv
check_exit 0 "summaries with pvl.headline" "$HTLVPVL" compare -q -o hl hl.tsv
check_eq "pvl_source names the headline" "$(col hl.pvl.tsv P2_d14 pvl_source) $(col hl.pvl.tsv P2_d14 estimator)" "pvl.headline combined"
check_num "the headline's PVL is the one compared (6 -> 3: -50 %)" "$(col hl.pvl.tsv P2_d14 change_pct)" -50 1e-9
# effective fragments from the CI: 1 / SE^2 of log PVL, SE = ln(7.5/4.8) / 3.92
check_num "effective fragment count from the headline's CI" "$(col hl.pvl.tsv P2_d0 viral_fragments)" "$(awk 'BEGIN{se = log(7.5/4.8) / (2*1.959964); print 1/(se*se)}')" 1e-3
check_eq "without a headline: pvl.depth, said so" "$(col out.pvl.tsv P2_d14 pvl_source)" pvl.depth
printf 'sample\tsubject\ttimepoint\tsummary\nP2_d0\tP2\t0\thl/P2_d0.summary.json\nP2_d14\tP2\t14\t%s/P2_d14.summary.json\n' "$D" > hlmix.tsv
bad "a subject mixing headline and depth summaries" "mixes PVL estimators" hlmix.tsv

# Dates in the sheet without a dosing table: days from the subject's first sample.
awk -F'\t' 'BEGIN{OFS="\t"} NR>1 && $2=="P1"{$3 = ($3==0 ? "2024-02-27" : $3==14 ? "2024-03-12" : "2024-05-21")}1' sub/abs.tsv > dates.tsv
check_exit 0 "ISO dates in the sheet" "$HTLVPVL" compare -q -o dt dates.tsv
check_eq "dates -> days from the first sample (leap day 2024-02-29 counted)" "$(col dt.pvl.tsv P1_d0 timepoint) $(col dt.pvl.tsv P1_d14 timepoint) $(col dt.pvl.tsv P1_d84 timepoint)" "0 14 84"
check_eq "the date is kept" "$(col dt.pvl.tsv P1_d14 date)" 2024-03-12
printf 'subject\tday\tdose_mg_per_kg\nP9\t0\t0.3\n' > nosubj_doses.tsv
rm -f bad.*
"$HTLVPVL" compare --doses nosubj_doses.tsv -o bad "$D/sheet.tsv" 2> err.txt; rc=$?
check_eq "dose of a subject not in the sheet: exit 1" "$rc" 1
check_grep "... message" "nosubj_doses.tsv: line 2: subject 'P9' is not in the sheet" err.txt
no_files "... no outputs" bad.pvl.tsv bad.html

# Waterfall at a chosen visit; QC precision option.
check_exit 0 "--visit 14" "$HTLVPVL" compare -q --visit 14 -o v14 "$D/sheet.tsv"
check_grep "waterfall at day 14: P1 and P2, both ... " "Change from baseline at day 14: 1 of 2 subjects" v14.waterfall.svg
check_grep "... P1's bar is its day-14 change" "P1 [(]P1_d14[)]: -62.5 %" v14.waterfall.svg
check_grep "... P3 (one time point) has no bar" "1 subject without a change at this visit" v14.waterfall.svg
check_eq "default --precision 50: P1_d14 (165 fragments, CI about +-16 %) ok" "$(col out.pvl.tsv P1_d14 qc)" ok
"$HTLVPVL" compare --precision 10 -o p10 "$D/sheet.tsv" 2> p10.err
check_eq "--precision 10: P1_d14 flagged low_precision" "$(col p10.pvl.tsv P1_d14 qc)" low_precision
check_grep "... with a warning naming it" "P1_d14: QC low_precision" p10.err
