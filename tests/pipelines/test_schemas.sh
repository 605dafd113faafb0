# The sample sheets and configurations of both workflows against their JSON schemas, with Debian's
# python3-jsonschema: the Snakemake example sheet (workflow/schemas/samples.schema.yaml, what
# validate() checks row by row) and config; the Nextflow example sheet (assets/schema_input.json,
# read as nf-schema's samplesheetToList reads it) and nextflow_schema.json (a valid 2020-12 schema
# whose parameters and defaults are those of nextflow.config; the test profile's parameters valid).
# Broken copies of each sheet must be rejected, each for the reason it was broken.
. "$ROOT/tests/lib.sh"

PY=python3
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jsonschema, yaml' 2> /dev/null; then
    PY=/usr/bin/python3
fi
if ! $PY -c 'import jsonschema, yaml' 2> /dev/null; then
    fail "python3-jsonschema is not installed (scripts/install-deps.sh --test)"
    exit 0
fi
echo "# jsonschema $($PY -c 'import importlib.metadata as m; print(m.version("jsonschema"))')"
SS="$PY $ROOT/tests/pipelines/sheet_schema.py"
SMK=$ROOT/pipelines/snakemake
NFD=$ROOT/pipelines/nextflow

$SS snakemake "$SMK/config/samples.tsv" "$SMK/workflow/schemas/samples.schema.yaml" > smk.txt
check_eq "Snakemake example sheet: valid (every row)" "$?" 0
check_verdicts smk.txt
$SS config "$SMK/config/config.yaml" "$SMK/workflow/schemas/config.schema.yaml" > cfg.txt
check_eq "Snakemake example config: valid" "$?" 0
(cd "$ROOT" && $SS nextflow "$NFD/assets/samplesheet.csv" "$NFD/assets/schema_input.json" .) \
    > nf.txt
check_eq "Nextflow example sheet: valid (as nf-schema reads it)" "$?" 0
check_verdicts nf.txt

# --- broken sheets: each rejected, for its reason ----------------------------------------------
# smk_bad NAME AWK-PROGRAM WANT: a copy of the Snakemake sheet changed by AWK must fail with WANT
smk_bad() {
    awk -F'\t' -v OFS='\t' "$2" "$SMK/config/samples.tsv" > "smk_$1.tsv"
    $SS snakemake "smk_$1.tsv" "$SMK/workflow/schemas/samples.schema.yaml" > "smk_$1.txt"
    check_eq "Snakemake sheet, $1: rejected" "$?" 1
    check_grep "... because $3" "^FAIL.*$3" "smk_$1.txt"
}
smk_bad timepoint 'NR == 3 { $3 = "week2" } 1' "timepoint: 'week2' does not match"
smk_bad bam_and_fastq 'NR == 2 { $5 = "x_1.fq.gz"; $6 = "x_2.fq.gz" } 1' "is not valid under any"
smk_bad align_bam 'NR == 2 { $7 = "yes" } 1' "is not valid under any"
smk_bad no_subject 'NR == 4 { $2 = "" } 1' "subject: '' does not match"
smk_bad align_word 'NR == 8 { $7 = "maybe" } 1' "align: 'maybe' is not one of"
nf_bad() {
    awk -F, -v OFS=, "$2" "$NFD/assets/samplesheet.csv" > "nf_$1.csv"
    (cd "$ROOT" && $SS nextflow "$WORK/nf_$1.csv" "$NFD/assets/schema_input.json" .) > "nf_$1.txt"
    check_eq "Nextflow sheet, $1: rejected" "$?" 1
    check_grep "... because $3" "^FAIL.*$3" "nf_$1.txt"
}
nf_bad timepoint 'NR == 3 { $3 = "week2" } 1' "timepoint: 'week2' is not of type 'number'"
nf_bad bam_and_fastq 'NR == 2 { $6 = "test-data/ham_t0/reads_1.fq.gz" } 1' "is not valid under any"
nf_bad fastq_1_only 'NR == 5 { $7 = "" } 1' "'fastq_2' is a dependency of 'fastq_1'"
nf_bad duplicate 'NR == 3 { $1 = "ham_t0" } 1' "'sample' unique"
nf_bad missing_file 'NR == 2 { $4 = "test-data/ham_t0/nothere.bam" } 1' "bam exists"
nf_bad align_bam 'NR == 2 { $8 = "yes" } 1' "is not valid under any"

# --- nextflow_schema.json ------------------------------------------------------------------------
$PY - "$NFD" > nfschema.txt <<'PY'
import json, os, re, sys
import jsonschema
nfd = sys.argv[1]
schema = json.load(open(os.path.join(nfd, "nextflow_schema.json")))
def verdict(ok, what, why=""):
    print(("PASS" if ok else "FAIL") + "\t" + what + ("" if ok else f": {why}"))
try:
    jsonschema.Draft202012Validator.check_schema(schema)
    verdict(True, "nextflow_schema.json is a valid draft 2020-12 schema")
except jsonschema.SchemaError as e:
    verdict(False, "nextflow_schema.json is a valid draft 2020-12 schema", e.message)
props = {}
for ref in schema["allOf"]:
    group = schema["$defs"][ref["$ref"].split("/")[-1]]
    props.update(group["properties"])
def params_block(text):
    m = re.search(r"^params\s*\{\n(.*?)^\}", text, re.S | re.M)
    out = {}
    for line in (m.group(1) if m else "").splitlines():
        a = re.match(r"\s*(\w+)\s*=\s*(.*?)\s*(//.*)?$", line)
        if a:
            v = a.group(2)
            out[a.group(1)] = (None if v == "null" else True if v == "true" else
                               False if v == "false" else v.strip("'\"") if v[:1] in "'\"" else
                               int(v) if re.fullmatch(r"-?[0-9]+", v) else v)
    return out
cfg = params_block(open(os.path.join(nfd, "nextflow.config")).read())
verdict(set(cfg) == set(props), "nextflow.config params = the schema's parameters",
        f"only in config {sorted(set(cfg) - set(props))}, only in schema {sorted(set(props) - set(cfg))}")
bad = [k for k, p in props.items() if "default" in p and cfg.get(k) != p["default"]]
verdict(not bad, "schema defaults = nextflow.config values", f"{[(k, cfg.get(k)) for k in bad]}")
verdict(schema["$defs"]["input_output_options"]["properties"]["input"].get("schema")
        == "assets/schema_input.json", "input names assets/schema_input.json")
verdict(set(schema["$defs"]["input_output_options"]["required"]) == {"input", "outdir"},
        "input and outdir are required")
test = params_block(open(os.path.join(nfd, "conf/test.config")).read())
test = {k: re.sub(r"^\$\{projectDir\}", nfd, v) if isinstance(v, str) else v for k, v in test.items()}
merged = {k: v for k, v in {**cfg, **test}.items() if v is not None}
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(merged))
verdict(not errs, "-profile test: its parameters are valid", "; ".join(e.message for e in errs))
for k in ("input", "host_fasta"):
    verdict(os.path.exists(test.get(k, "")), f"-profile test: {k} exists", test.get(k))
wrong = dict(merged, publish_dir_mode="hardlink", input="sheet.tsv")
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(wrong))
verdict(len(errs) == 2, "a wrong publish_dir_mode and a non-CSV input are both rejected",
        "; ".join(e.message for e in errs))
PY
check_eq "nextflow_schema.json checks ran" "$?" 0
check_verdicts nfschema.txt
