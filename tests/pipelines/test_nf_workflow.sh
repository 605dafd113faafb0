# Nextflow workflow files without Nextflow (not in Debian): every .nf, .config and .nf.test parses
# with Debian's Groovy (syntax only; a broken copy must not), and the pieces agree with each other:
# includes point at defined processes, modules.config names existing processes, each module's
# meta.yml lists the inputs and emits of its main.nf, versions match the source, the retried exit
# codes are exactly 104, 130-145 and 175, and the example sample sheet names existing test data.
. "$ROOT/tests/lib.sh"

NFD=$ROOT/pipelines/nextflow
if ! command -v groovy > /dev/null; then
    fail "groovy is not installed (scripts/install-deps.sh --test)"
else
    # Debian's groovy finds Java through /usr/lib/jvm/default-java (from default-jre-headless)
    if [ -z "${JAVA_HOME:-}" ] && [ ! -x /usr/lib/jvm/default-java/bin/java ] &&
        command -v java > /dev/null; then
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        export JAVA_HOME
    fi
    mapfile -t files < <(cd "$NFD" && find . \( -name '*.nf' -o -name '*.config' \
        -o -name '*.nf.test' \) | sort)
    groovy "$ROOT/tests/pipelines/nf_parse.groovy" "${files[@]/#/$NFD/}" > parse.log 2>&1
    check_eq "all ${#files[@]} Nextflow files parse (groovy)" "$?" 0 || true
    grep -v '^ok ' parse.log | sed 's/^/#   /'
    check "the parse covers main.nf, nextflow.config and both modules" sh -c \
        "grep -q '/main.nf$' parse.log && grep -q 'nextflow.config$' parse.log &&
         grep -q 'count/main.nf$' parse.log && grep -q 'compare/main.nf$' parse.log"
    # the check can fail: a module with one brace too many
    sed 's/emit: summary$/emit: summary {/' "$NFD/modules/local/htlvpvl/count/main.nf" > broken.nf
    check "broken copy differs" \
        sh -c "! cmp -s broken.nf '$NFD/modules/local/htlvpvl/count/main.nf'"
    groovy "$ROOT/tests/pipelines/nf_parse.groovy" broken.nf > broken.log 2>&1
    check_eq "a module with an unbalanced brace fails the parse" "$?" 1

    # main.nf's sample-sheet functions (sample_row, check_subjects) run with Groovy on the sheet
    # as samplesheetToList gives it: the example, a subject mixing BAM and FASTQ, align=yes
    # without --host_fasta
    nff() { groovy "$ROOT/tests/pipelines/nf_functions.groovy" "$NFD/main.nf" \
        "$NFD/assets/schema_input.json" "$@" 2>&1; }
    nff "$NFD/assets/samplesheet.csv" host.fa > fn_example.txt
    check_eq "main.nf functions on the example sheet: accepted" "$(tail -1 fn_example.txt)" ok
    check_eq "... FASTQ-counted: the three HAM1_fq rows; aligned: the BAMs and oligo (align=yes)" \
        "$(grep -c 'fastq=true' fn_example.txt) $(grep -c '^oligo fastq=false align=yes' fn_example.txt)" \
        "3 1"
    sed 's/^ham_t2_fq,HAM1_fq,/ham_t2_fq,HAM1,/' "$NFD/assets/samplesheet.csv" > mixed.csv
    nff mixed.csv host.fa > fn_mixed.txt
    check_grep "a subject mixing BAM and FASTQ: main.nf stops with why" \
        "^error: mixed.csv: subject 'HAM1' mixes FASTQ-counted and aligned samples" fn_mixed.txt
    nff "$NFD/assets/samplesheet.csv" - > fn_nohost.txt
    check_grep "align=yes without --host_fasta: main.nf stops with why" \
        "^error: .*rows with align=yes need --host_fasta" fn_nohost.txt
fi

# --- the pieces agree -------------------------------------------------------------------------
python3 - "$NFD" "$ROOT" > consistency.txt 2>&1 <<'PY'
import csv, json, os, re, sys
import yaml

nfd, root = sys.argv[1], sys.argv[2]
version = open(os.path.join(root, "VERSION")).read().strip()

def section(text, name):
    m = re.search(r"^\s*" + name + r":\s*\n(.*?)(?=^\s*(input|output|when|script|stub):\s*$)",
                  text, re.S | re.M)
    return m.group(1) if m else ""

processes = {}
for dirpath, _, names in os.walk(os.path.join(nfd, "modules")):
    if "main.nf" in names:
        text = open(os.path.join(dirpath, "main.nf")).read()
        for p in re.findall(r"^process\s+(\w+)", text, re.M):
            processes[p] = (dirpath, text)
print("processes", " ".join(sorted(processes)))

main = open(os.path.join(nfd, "main.nf")).read()
for names, path in re.findall(r"include\s*\{([^}]*)\}\s*from\s*'([^']+)'", main):
    if path.startswith("plugin/"):
        plugin = path.split("/", 1)[1]
        cfg = open(os.path.join(nfd, "nextflow.config")).read()
        print("plugin", plugin, "ok" if re.search(r"id\s+'" + plugin + r"@[0-9.]+'", cfg) else "BAD")
        continue
    f = os.path.normpath(os.path.join(nfd, path + ".nf"))
    for n in names.split(";"):
        n = n.strip()
        ok = n in processes and os.path.normpath(os.path.join(processes[n][0], "main.nf")) == f
        print("include", n, "ok" if ok else f"BAD ({path})")

modules_config = open(os.path.join(nfd, "conf/modules.config")).read()
for n in re.findall(r"withName:\s*'([^']+)'", modules_config):
    print("withName", n, "ok" if n in processes else "BAD")
base = open(os.path.join(nfd, "conf/base.config")).read()
labels = set(re.findall(r"withLabel:\s*(\w+)", base))
for n in re.findall(r"withName:\s*'([^']+)'", base):
    print("base withName", n, "ok" if n in processes else "BAD")

EDAM = re.compile(r"^http://edamontology\.org/format_[0-9]{4}$")
for n, (d, text) in sorted(processes.items()):
    if n == "MULTIQC":
        continue
    for f in ("main.nf", "meta.yml", "environment.yml", "tests/main.nf.test",
              "tests/main.nf.test.snap"):
        print("file", n, f, "ok" if os.path.isfile(os.path.join(d, f)) else "BAD")
    meta = yaml.safe_load(open(os.path.join(d, "meta.yml")))
    emits = re.findall(r"emit:\s*(\w+)", section(text, "output"))
    meta_out = list(meta["output"])
    print("emits", n, "ok" if emits == meta_out else f"BAD {emits} vs {meta_out}")
    inputs = [re.findall(r"(?:val|path)\((\w+)", line)
              for line in section(text, "input").splitlines()]
    inputs = [i for i in inputs if i]
    meta_in = [[list(x)[0] for x in chan] for chan in meta["input"]]
    print("inputs", n, "ok" if inputs == meta_in else f"BAD {inputs} vs {meta_in}")
    # every file entry of inputs and outputs carries an EDAM format ontology
    entries = [e for chan in meta["input"] for e in chan]
    entries += [e for chans in meta["output"].values() for chan in chans for e in chan]
    files = [(k, v) for e in entries for k, v in e.items() if v.get("type") == "file"]
    no_onto = [k for k, v in files
               if not v.get("ontologies") or not all(EDAM.match(o.get("edam", ""))
                                                      for o in v["ontologies"])]
    print("ontologies", n, f"({len(files)} files)", "ok" if files and not no_onto else f"BAD {no_onto}")
    handles = meta.get("authors", []) + meta.get("maintainers", [])
    print("authors are handles", n,
          "ok" if handles and all(re.fullmatch(r"@[A-Za-z0-9-]+", h) for h in handles) else f"BAD {handles}")
    print("topic", n, "ok" if re.search(r"eval\('[^']*'\).*topic: versions", text) else "BAD")
    print("topics in meta.yml", n, "ok" if "versions" in meta.get("topics", {}) else "BAD")
    label = re.search(r"label '(\w+)'", text)
    print("tag-label", n, "ok" if 'tag "${meta.id}"' in text and label and label.group(1) in labels
          else "BAD")
    print("ext", n, "ok" if "task.ext.args" in text or "task.ext.prefix" in text else "BAD")
    env = yaml.safe_load(open(os.path.join(d, "environment.yml")))
    if n.startswith("HTLVPVL_"):
        print("conda version", n, "ok" if f"bioconda::htlvpvl={version}" in env["dependencies"] else
              f"BAD {env['dependencies']}")
        tags = set(re.findall(r"htlvpvl:([0-9.]+)--", text))
        print("container version", n, "ok" if tags == {version} else f"BAD {tags}")
    print("cpus", n, "ok" if "-t ${task.cpus}" in text or "label 'process_single'" in text else "BAD")
print("bwa mem without -M", "ok" if not re.search(r"bwa mem[^\n]*-M|^\s*-M\b", processes["BWA_MEM"][1], re.M)
      else "BAD")

m = re.search(r"exitStatus in \(\((\d+)\.\.(\d+)\)((?:\s*\+\s*\d+)*)\)", base)
codes = set()
if m:
    codes = set(range(int(m.group(1)), int(m.group(2)) + 1))
    codes |= {int(x) for x in re.findall(r"\d+", m.group(3))}
want = set(range(130, 146)) | {104, 175}
print("retried codes", "ok" if codes == want else f"BAD {sorted(codes)}")
print("htlvpvl codes not retried", "ok" if codes and not codes & {0, 1, 2} else "BAD")
cfg = open(os.path.join(nfd, "nextflow.config")).read()
profiles = all(re.search(r"^\s*" + p + r"\s*\{", cfg, re.M) for p in ("local", "slurm", "test"))
print("profiles", "ok" if profiles else "BAD")
print("base.config included", "ok" if "includeConfig 'conf/base.config'" in cfg else "BAD")
slurm = open(os.path.join(nfd, "conf/slurm.config")).read()
print("slurm profile: executor slurm, queue and account from params",
      "ok" if "executor       = 'slurm'" in slurm and "params.slurm_queue" in slurm
      and "params.slurm_account" in slurm else "BAD")
for lab in ("process_single", "process_medium", "process_high"):
    print("label", lab, "in base.config", "ok" if lab in labels else "BAD")

rows = list(csv.DictReader(open(os.path.join(nfd, "assets/samplesheet.csv"))))
schema = json.load(open(os.path.join(nfd, "assets/schema_input.json")))
props = schema["items"]["properties"]
print("sheet columns in the schema", "ok" if set(rows[0]) <= set(props) else
      f"BAD {sorted(set(rows[0]) - set(props))}")
order = [k for k, v in props.items() if "meta" not in v]
print("file columns in the order main.nf unpacks them",
      "ok" if order == ["bam", "bai", "fastq_1", "fastq_2"] else f"BAD {order}")
for r in rows:
    for c in ("bam", "bai", "fastq_1", "fastq_2"):
        if r.get(c):
            print("sheet file", r[c], "ok" if os.path.isfile(os.path.join(root, r[c])) else "BAD")
PY
check_eq "consistency script ran" "$?" 0 || true
check_eq "workflow, modules, config and sample sheet agree" \
    "$(grep -c 'BAD' consistency.txt)" 0
grep 'BAD' consistency.txt | sed 's/^/#   /'
check "consistency covered the seven modules' emits, inputs and ontologies" sh -c \
    "[ \$(grep -Ec '^(emits|inputs|ontologies) [A-Z_]+ .*ok$' consistency.txt) = 21 ]"

# --- channel wiring of main.nf: calls, .out.<emit> and topics name what the modules define ------
python3 "$ROOT/tests/pipelines/nf_wiring.py" "$NFD/main.nf" > wiring.txt 2>&1
check_eq "main.nf wiring: every call, emit and topic exists ($(grep -c '^ok' wiring.txt) checks)" \
    "$?" 0
grep -v '^ok' wiring.txt | sed 's/^/#   /'
check "wiring covered all eight processes" sh -c "[ \$(grep -c '^ok call ' wiring.txt) = 8 ]"
# the check can fail: a renamed emit, a missing channel, a process never included
sed 's/HTLVPVL_COUNT.out.sites/HTLVPVL_COUNT.out.site/' "$NFD/main.nf" > wire1.nf
sed 's/BWA_MEM(ch_rows.to_align, BWA_INDEX.out.index.first())/BWA_MEM(ch_rows.to_align)/' \
    "$NFD/main.nf" > wire2.nf
sed 's/^include { BWA_INDEX .*$//' "$NFD/main.nf" > wire3.nf
for k in 1 2 3; do
    cp "wire$k.nf" "$NFD/.wire_test_$k.nf"
    python3 "$ROOT/tests/pipelines/nf_wiring.py" "$NFD/.wire_test_$k.nf" > "wire$k.txt" 2>&1
    rc=$?
    rm -f "$NFD/.wire_test_$k.nf"
    check_eq "a broken main.nf ($(grep -m1 '^BAD' "wire$k.txt")) fails the wiring check" "$rc" 1
done

# --- scatter-gather (--shards N), never run by Nextflow here: the tuples each call builds, the
# grouping, prefixes, options and parameter (tests/pipelines/nf_shards.py) ---------------------
python3 "$ROOT/tests/pipelines/nf_shards.py" "$NFD" > shards.txt 2>&1
rc=$?
check_eq "scatter-gather wiring ($(grep -c '^ok' shards.txt) checks)" "$rc" 0
grep -v '^ok' shards.txt | sed 's/^/#   /'
# the check can fail: a 4-element scatter tuple, a gather without size:, shards without index
sed 's/\[ meta, reads, index, k, params.shards \]/[ meta, reads, k, params.shards ]/' \
    "$NFD/main.nf" > shard1.nf
sed 's/groupTuple(size: params.shards)/groupTuple()/' "$NFD/main.nf" > shard2.nf
sed 's/!meta.fastq && index/!meta.fastq/' "$NFD/main.nf" > shard3.nf
for k in 1 2 3; do
    if cmp -s "shard$k.nf" "$NFD/main.nf"; then
        fail "mutation $k of main.nf changed nothing"
        continue
    fi
    python3 "$ROOT/tests/pipelines/nf_shards.py" "$NFD" "shard$k.nf" > "shard$k.txt" 2>&1
    rc=$?
    check_eq "a broken scatter-gather ($(grep -m1 '^BAD' "shard$k.txt")) fails the check" "$rc" 1
done
