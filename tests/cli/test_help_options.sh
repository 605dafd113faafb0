# Every option a command accepts is listed in its --help: the long options of each command's
# getopt_long table (src/cmd_*.c, the kit's HP_CLI_ROW_* rows of src/cli.h included) and the
# letters of its short-option string, looked up in the help that command prints. A command file
# that is not mapped to its help below fails, so a new command cannot slip past.
. "$ROOT/tests/lib.sh"

help_of() {  # the help command line of a source file
    case $1 in
        cmd_count.c | cmd_count_fastq.c) echo "count --help" ;;
        cmd_count_lmpcr.c) echo "count --assay lmpcr --help" ;;
        cmd_compare.c) echo "compare --help" ;;
        cmd_compare_lmpcr.c) echo "compare --assay lmpcr --help" ;;
        cmd_simulate.c) echo "simulate --help" ;;
        cmd_simulate_lmpcr.c) echo "simulate --assay lmpcr --help" ;;
        cmd_merge.c) echo "merge --help" ;;
        cmd_trim.c) echo "trim --help" ;;
        cmd_abundance.c) echo "abundance --help" ;;
        cmd_ref.c) echo "ref --help" ;;
        *) echo "" ;;
    esac
}

# long names of the rows of one source file: {"name", ...} and HP_CLI_ROW_NAME
long_opts() {
    python3 - "$1" "$ROOT/include/htlvpvl/cli.h" <<'PY'
import re, sys
src, cli = open(sys.argv[1]).read(), open(sys.argv[2]).read()
rows = dict(re.findall(r'#define (HP_CLI_ROW_\w+) \{"([a-z-]+)"', cli))
names = set(re.findall(r'\{"([a-z][a-z-]*)",\s*(?:required|no|optional)_argument', src))
names |= {rows[m] for m in re.findall(r'\b(HP_CLI_ROW_\w+)\b', src) if m in rows}
if 'HP_SIM_ROWS_COMMON' in src:  # the rows both simulate commands share (cmd_simulate.h)
    sim = open(sys.argv[2].replace('cli.h', 'cmd_simulate.h')).read()
    m = re.search(r'#define HP_SIM_ROWS_COMMON((?:.*\\\n)*.*)', sim)
    names |= set(re.findall(r'\{"([a-z][a-z-]*)",', m.group(1)))
    names |= {rows[r] for r in re.findall(r'\b(HP_CLI_ROW_\w+)\b', m.group(1)) if r in rows}
print("\n".join(sorted(names)))
PY
}

n_files=0
for f in "$ROOT"/src/cmd_*.c; do
    b=$(basename "$f")
    h=$(help_of "$b")
    if [ -z "$h" ]; then
        fail "$b: mapped to its command's --help in this test"
        continue
    fi
    n_files=$((n_files + 1))
    # shellcheck disable=SC2086
    "$HTLVPVL" $h > help.txt 2> help.err
    rc=$?
    check_eq "$h: exit 0" "$rc" 0
    missing=""
    for o in $(long_opts "$f"); do
        grep -Eq -- "--$o([^a-z-]|$)" help.txt || missing="$missing --$o"
    done
    check_eq "$b: every long option in '$h'" "$missing" ""
    shorts=$(grep -Eo 'getopt_long\(argc, argv, "[^"]*"' "$f" | sed 's/.*"\(.*\)"/\1/; s/^[-+]//; s/://g')
    if grep -q 'HP_SIM_SHORT_OPTS' "$f"; then  # the simulate commands' shared letters, and own
        shorts=$(sed -n 's/.*#define HP_SIM_SHORT_OPTS "\(.*\)"/\1/p' \
            "$ROOT/include/htlvpvl/cmd_simulate.h")$(grep -Eo 'HP_SIM_SHORT_OPTS "[^"]*"' "$f" |
            sed 's/.*"\(.*\)"/\1/')
        shorts=${shorts//:/}
    fi
    missing=""
    for ((i = 0; i < ${#shorts}; i++)); do
        l=${shorts:i:1}
        grep -Eq -- "(^|[^a-z-])-$l([, ]|$)" help.txt || missing="$missing -$l"
    done
    check_eq "$b: every short option in '$h'" "$missing" ""
done
check "command files found" test "$n_files" -ge 11
