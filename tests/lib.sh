# tests/lib.sh -- helpers for the command-line and end-to-end test scripts.
# Each script is run by tests/run.sh with:
#   HTLVPVL   absolute path of the binary under test
#   ROOT      repository root;  TD = $ROOT/test-data;  SHARED = ../shared (when present)
#   WORK      a fresh empty directory for this script (removed afterwards)
# Each check prints "ok - <what>" or "not ok - <what>" (run.sh counts them).

TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

pass() { echo "ok - $TEST_NAME: $1"; }
fail() { echo "not ok - $TEST_NAME: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -20; return 0; }

# check WHAT CMD...: passes when CMD exits 0.
check() {
    local what=$1; shift
    local out
    if out=$("$@" 2>&1); then pass "$what"; else fail "$what" "$out"; fi
}

# need_tools TOOL...: 0 when every TOOL is on PATH; else one failure naming the first missing
# one (scripts/install-deps.sh installs them) and 1, for `need_tools bwa samtools || exit 0`.
need_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null ||
            { fail "$tool is needed (scripts/install-deps.sh --test)"; return 1; }
    done
}

# check_exit CODE WHAT CMD...: passes when CMD exits with CODE.
check_exit() {
    local code=$1 what=$2; shift 2
    local out rc
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" = "$code" ]; then pass "$what"; else fail "$what (exit $rc, want $code)" "$out"; fi
}

# check_eq WHAT GOT WANT
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

# check_num WHAT GOT WANT TOL: |GOT - WANT| <= TOL (floating point, via awk)
check_num() {
    if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
        pass "$1"
    else
        fail "$1" "got $2, want $3 +- $4"
    fi
}

# check_in_ci WHAT VALUE LOW HIGH: LOW <= VALUE <= HIGH (LOW "NA" fails).
check_in_ci() {
    if awk -v w="$2" -v l="$3" -v h="$4" 'BEGIN { exit !(l != "NA" && w >= l && w <= h) }'; then
        pass "$1"
    else
        fail "$1" "$2 not in [$3, $4]"
    fi
}

# skip WHAT WHY: a check that could not run (a tool or ../shared missing). run.sh counts and
# lists it; under CI=true a skip for a missing tool is a failure (WHY naming ../shared is not).
skip() { echo "ok - $TEST_NAME: $1 # SKIP $2"; }

# check_verdicts FILE: turn lines "PASS<TAB>what" / "FAIL<TAB>what" written by a checker script
# into ok / not ok lines; any other line is printed as a comment. A file with no verdict at all
# (the checker crashed or printed nothing) is a failure.
check_verdicts() {
    local verdict what n=0
    while IFS=$'\t' read -r verdict what; do
        case $verdict in
            PASS) pass "$what"; n=$((n + 1)) ;;
            FAIL) fail "$what"; n=$((n + 1)) ;;
            *) echo "# $what" ;;
        esac
    done < "$1"
    [ "$n" -gt 0 ] || fail "checker verdicts in $(basename "$1")" "no PASS/FAIL line: $(head -5 "$1")"
}

# run_validation SCRIPT FILTER: bench/SCRIPT --reduced --check (a statistical validation) into
# out.txt, its tables printed as comments, then its PASS/FAIL verdicts less those that FILTER
# sets aside (an awk program over "verdict<TAB>what" lines: print "# ..." for a verdict not
# checked, else the line). The script must run and no step of it fail (stderr empty).
run_validation() {
    local script=$1 filter=$2
    if HTLVPVL=$HTLVPVL bash "$ROOT/bench/$script" --reduced --check --jobs 2 --keep v \
        > out.txt 2> err.txt; then
        pass "$script --reduced ran"
    else
        fail "$script --reduced ran" "$(cat err.txt)"
    fi
    [ -s err.txt ] && fail "no step of $script failed" "$(cat err.txt)"
    grep -Ev '^(PASS|FAIL)	' out.txt | sed 's/^/# /'
    grep -E '^(PASS|FAIL)	' out.txt | awk -F'\t' "$filter" > verdicts.all
    grep -v '^#' verdicts.all > verdicts.txt
    grep '^#' verdicts.all
    check_verdicts verdicts.txt
}

# run_checker OUT CMD...: run a checker that prints PASS/FAIL lines into OUT, then report its
# verdicts; a checker that exits non-zero (a crash, a traceback) is a failure of its own.
run_checker() {
    local out=$1 rc; shift
    "$@" > "$out" 2>&1; rc=$?
    check_verdicts "$out"
    [ "$rc" = 0 ] || fail "checker exited $rc: $(printf "%s " "$@" | cut -c1-70)" "$(tail -5 "$out")"
}

# same_output A B: two outputs of count are the same: byte for byte, but a .vcf.gz as its text
# without the ##source line (the command line, which differs between the two runs)
same_output() {
    case $1 in
    *.vcf.gz) cmp <(gzip -dc "$1" | grep -v '^##source=') <(gzip -dc "$2" | grep -v '^##source=') ;;
    *) cmp "$1" "$2" ;;
    esac
}

# check_grep WHAT PATTERN FILE: FILE has a line matching the extended regex PATTERN.
check_grep() {
    if grep -Eq -- "$2" "$3" 2>/dev/null; then pass "$1"; else fail "$1" "no line matching '$2' in $3"; fi
}

# no_files WHAT GLOB...: none of the paths exist (no partial outputs left behind).
no_files() {
    local what=$1; shift
    local f left=""
    for f in "$@"; do [ -e "$f" ] && left="$left $f"; done
    if [ -z "$left" ]; then pass "$what"; else fail "$what" "left behind:$left"; fi
}

# json_get FILE KEY.PATH: print a value from a JSON file (python3 is on every Debian 12 machine).
json_get() {
    python3 - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split('.'):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v) if isinstance(v, (list, dict)) else v)
PY
}
