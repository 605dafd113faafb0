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
fi

# --- the pieces agree -------------------------------------------------------------------------
python3 - "$NFD" "$ROOT" > consistency.txt 2>&1 <<'PY'
import csv, os, re, sys
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
    f = os.path.normpath(os.path.join(nfd, path + ".nf"))
    for n in names.split(";"):
        n = n.strip()
        ok = n in processes and os.path.normpath(os.path.join(processes[n][0], "main.nf")) == f
        print("include", n, "ok" if ok else f"BAD ({path})")
        print("used", n, "ok" if re.search(r"\b" + n + r"\s*\(", main) else "BAD")

modules_config = open(os.path.join(nfd, "conf/modules.config")).read()
for n in re.findall(r"withName:\s*'([^']+)'", modules_config):
    print("withName", n, "ok" if n in processes else "BAD")

for n in ("HTLVPVL_COUNT", "HTLVPVL_COMPARE"):
    d, text = processes[n]
    for f in ("main.nf", "meta.yml", "environment.yml", "tests/main.nf.test"):
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
    print("topic", n, "ok" if re.search(r"eval\('htlvpvl --version[^']*'\).*topic: versions", text)
          else "BAD")
    tagged = 'tag "${meta.id}"' in text and "label 'process_" in text
    print("tag-label", n, "ok" if tagged else "BAD")
    print("ext", n, "ok" if "task.ext.args" in text and "task.ext.prefix" in text else "BAD")
    env = yaml.safe_load(open(os.path.join(d, "environment.yml")))
    print("conda version", n, "ok" if f"bioconda::htlvpvl={version}" in env["dependencies"] else
          f"BAD {env['dependencies']}")
    tags = set(re.findall(r"htlvpvl:([0-9.]+)--", text))
    print("container version", n, "ok" if tags == {version} else f"BAD {tags}")
    print("cpus", n, "ok" if n != "HTLVPVL_COUNT" or "-t ${task.cpus}" in text else "BAD")

cfg = open(os.path.join(nfd, "nextflow.config")).read()
m = re.search(r"exitStatus in \(\((\d+)\.\.(\d+)\)((?:\s*\+\s*\d+)*)\)", cfg)
codes = set()
if m:
    codes = set(range(int(m.group(1)), int(m.group(2)) + 1))
    codes |= {int(x) for x in re.findall(r"\d+", m.group(3))}
want = set(range(130, 146)) | {104, 175}
print("retried codes", "ok" if codes == want else f"BAD {sorted(codes)}")
print("htlvpvl codes not retried", "ok" if codes and not codes & {0, 1, 2} else "BAD")
profiles = all(re.search(r"^\s*" + p + r"\s*\{", cfg, re.M) for p in ("local", "slurm"))
print("profiles", "ok" if profiles else "BAD")

rows = list(csv.DictReader(open(os.path.join(nfd, "assets/samplesheet.csv"))))
used = set(re.findall(r"row\.(\w+)", main))
# every column of the example sheet is one main.nf reads, and the required ones are there
print("sheet columns read", "ok" if set(rows[0]) <= used else f"BAD {sorted(set(rows[0]) - used)}")
required = {"sample", "subject", "timepoint"}
print("sheet columns required", "ok" if required <= set(rows[0]) else "BAD")
for r in rows:
    for c in ("bam", "bai", "fastq_1", "fastq_2"):
        if r.get(c):
            print("sheet file", r[c], "ok" if os.path.isfile(os.path.join(root, r[c])) else "BAD")
PY
check_eq "consistency script ran" "$?" 0 || true
check_eq "workflow, modules, config and sample sheet agree" \
    "$(grep -c 'BAD' consistency.txt)" 0
grep 'BAD' consistency.txt | sed 's/^/#   /'
check "consistency covered both modules' emits and inputs" sh -c \
    "[ \$(grep -Ec '^(emits|inputs) HTLVPVL_(COUNT|COMPARE) ok' consistency.txt) = 4 ]"
