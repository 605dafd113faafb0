# Bioconda recipe (packaging/bioconda): meta.yaml is valid after Jinja rendering, its version is
# the source's, it builds against htslib; build.sh run the way conda-build runs it (in a copy of
# the source, PREFIX set) installs into PREFIX, and the recipe's test commands pass there.
. "$ROOT/tests/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL

RECIPE=$ROOT/packaging/bioconda
# Render meta.yaml the way conda-build does (Jinja: set, compiler(), pin_subpackage()) and print
# it as JSON: version, requirements, test commands.
python3 - "$RECIPE/meta.yaml" > recipe.json 2> render.err <<'PY'
import json, re, sys, yaml
text = open(sys.argv[1]).read()
try:
    import jinja2
    env = jinja2.Environment()
    out = env.from_string(text).render(
        compiler=lambda lang: f"{lang}-compiler",
        pin_subpackage=lambda name, **kw: f"{name} pinned",
        environ={})
except ImportError:  # a tiny stand-in: {% set %} and {{ name }} / {{ version }}
    vals = dict(re.findall(r'{%\s*set\s+(\w+)\s*=\s*"([^"]*)"\s*%}', text))
    out = re.sub(r"{%.*?%}", "", text)
    out = re.sub(r"{{\s*compiler\('(\w+)'\)\s*}}", r"\1-compiler", out)
    out = re.sub(r"{{\s*pin_subpackage\(.*?\)\s*}}", "pinned", out)
    out = re.sub(r"{{\s*(\w+)\s*}}", lambda m: vals[m.group(1)], out)
print(json.dumps(yaml.safe_load(out)))
PY
check_eq "meta.yaml renders and parses" "$?" 0
check_eq "recipe version = source version (include/htlvpvl/version.h)" \
    "$(json_get recipe.json package.version)" \
    "$(sed -n 's/.*HTLVPVL_VERSION "\(.*\)".*/\1/p' "$ROOT/include/htlvpvl/version.h")"
check_eq "recipe package name" "$(json_get recipe.json package.name)" htlvpvl
check_grep "host requirements: htslib" '"htslib"' <(json_get recipe.json requirements.host)
check_grep "build requirements: C compiler" '"c-compiler"' \
    <(json_get recipe.json requirements.build)
check_grep "test commands: --version" 'htlvpvl --version' <(json_get recipe.json test.commands)
check_grep "test commands: --help" 'htlvpvl --help' <(json_get recipe.json test.commands)
check_grep "run_exports pinned" "pinned" <(json_get recipe.json build.run_exports)

# build.sh as conda-build runs it: cwd = a copy of the source, PREFIX = the host environment
# (here: the system's htslib through pkg-config; PREFIX only receives the install).
mkdir -p src prefix
(cd "$ROOT" && tar cf - Makefile src include docs scripts) | (cd src && tar xf -)
(cd src && PREFIX=$WORK/prefix CPU_COUNT=2 CC=cc CFLAGS="-O2" CPPFLAGS="" LDFLAGS="" \
    PKG_CONFIG_PATH="$(pkg-config --variable pc_path pkg-config)" \
    bash "$RECIPE/build.sh") > build.log 2>&1
check_eq "build.sh exits 0" "$?" 0 || true
check "build.sh installed \$PREFIX/bin/htlvpvl" test -x prefix/bin/htlvpvl
check "build.sh installed the man page" test -f prefix/share/man/man1/htlvpvl.1
check "build is linked against htslib" sh -c "ldd prefix/bin/htlvpvl | grep -q libhts"

# The recipe's test commands, in the installed environment.
n=0
while IFS= read -r cmd; do
    n=$((n + 1))
    check "recipe test: $cmd" env PATH="$WORK/prefix/bin:$PATH" PREFIX="$WORK/prefix" \
        bash -euo pipefail -c "$cmd"
done < <(python3 -c \
    "import json; print('\n'.join(json.load(open('recipe.json'))['test']['commands']))")
check "recipe has test commands ($n)" test "$n" -ge 2
