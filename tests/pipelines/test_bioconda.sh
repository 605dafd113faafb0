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
check_eq "recipe version = source version (the file VERSION)" \
    "$(json_get recipe.json package.version)" "$(cat "$ROOT/VERSION")"
check_eq "source url: GitHub's tarball of the version's tag" "$(json_get recipe.json source.url)" \
    "https://github.com/htlvpvl/htlvpvl/archive/refs/tags/v$(cat "$ROOT/VERSION").tar.gz"
check "source sha256: 64 hex digits or the placeholder a release replaces" sh -c \
    "json_sha=\$(python3 -c 'import json; print(json.load(open(\"recipe.json\"))[\"source\"][\"sha256\"])');
     echo \"\$json_sha\" | grep -Eqx '[0-9a-f]{64}|SHA256_OF_THE_RELEASE_TARBALL'"
check_eq "license file named and present" "$(json_get recipe.json about.license_file)" LICENSE
check "LICENSE is MIT" grep -q "^MIT License" "$ROOT/LICENSE"
check_eq "recipe package name" "$(json_get recipe.json package.name)" htlvpvl
check_grep "host requirements: htslib" '"htslib"' <(json_get recipe.json requirements.host)
check_grep "build requirements: C compiler" '"c-compiler"' \
    <(json_get recipe.json requirements.build)
check_grep "test commands: --version" 'htlvpvl --version' <(json_get recipe.json test.commands)
check_grep "test commands: --help" 'htlvpvl --help' <(json_get recipe.json test.commands)
check_grep "run_exports pinned" "pinned" <(json_get recipe.json build.run_exports)

# build.sh as conda-build runs it: cwd = a copy of the source, PREFIX = the host environment
# (here: the system's htslib through pkg-config; PREFIX only receives the install).
# The source is what the release tarball holds: the committed tree (git archive, as GitHub makes
# the tag's tarball), with this checkout's uncommitted changes on top.
mkdir -p src prefix
(cd "$ROOT" && git archive HEAD) | (cd src && tar xf -)
(cd "$ROOT" && git ls-files -m -o --exclude-standard -z | tar cf - --null -T -) |
    (cd src && tar xf -)
check "the release tree has VERSION, LICENSE and CHANGELOG.md" \
    test -f src/VERSION -a -f src/LICENSE -a -f src/CHANGELOG.md
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
