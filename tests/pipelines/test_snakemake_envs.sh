# The conda environments of the Snakemake workflow (workflow/envs/*.yaml) and of its wrappers
# (environment.yaml) each have a pinned environment beside them (<env>.linux-64.pin.txt, the name
# Snakemake --use-conda looks for) whose exact versions agree with the YAML's, and every rule
# that runs a tool names an environment or a wrapper (snakemake --lint checks that too).
. "$ROOT/tests/lib.sh"

SMK=$ROOT/pipelines/snakemake
python3 - "$SMK" > envs.txt 2>&1 <<'PY'
import glob, os, re, sys
import yaml
smk = sys.argv[1]
envs = sorted(glob.glob(os.path.join(smk, "workflow/envs/*.yaml")))
envs += sorted(glob.glob(os.path.join(smk, "wrappers/bio/*/*/environment.yaml")))
print(f"# {len(envs)} environments")
for env in envs:
    name = os.path.relpath(env, smk)
    pin = re.sub(r"\.yaml$", ".linux-64.pin.txt", env)
    if not os.path.isfile(pin):
        print(f"FAIL\t{name}: no pin file {os.path.basename(pin)}")
        continue
    pins = {}
    for line in open(pin):
        line = line.strip()
        if line and not line.startswith("#"):
            m = re.fullmatch(r"(?:[\w-]+::)?([\w.-]+)==([\w.]+)", line)
            if not m:
                print(f"FAIL\t{name}: pin line '{line}' is not channel::name==version")
                continue
            pins[m.group(1)] = m.group(2)
    for dep in yaml.safe_load(open(env))["dependencies"]:
        m = re.fullmatch(r"(?:[\w-]+::)?([\w.-]+)\s*=\s*([\w.]+)", dep)
        if not m:
            print(f"FAIL\t{name}: dependency '{dep}' has no version")
            continue
        pkg, ver = m.groups()
        ok = pins.get(pkg) == ver or (pins.get(pkg) or "").startswith(ver + ".")
        print(("PASS" if ok else "FAIL") + f"\t{name}: {pkg} {ver} pinned" +
              ("" if ok else f" (pin: {pins.get(pkg)})"))
PY
check_eq "environment check ran" "$?" 0
check_verdicts envs.txt
check "six environments checked (4 workflow, 2 wrappers)" grep -q '^# 6 environments' envs.txt
