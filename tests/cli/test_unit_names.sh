# Each unit test file is named after the source file it tests: tests/unit/test_X.c for src/X.c
# (the test of a topic file is found by its name).
. "$ROOT/tests/lib.sh"
n=0
for t in "$ROOT"/tests/unit/test_*.c; do
    x=$(basename "$t" .c)
    x=${x#test_}
    n=$((n + 1))
    if [ -f "$ROOT/src/$x.c" ]; then
        pass "tests/unit/test_$x.c tests src/$x.c"
    else
        fail "tests/unit/test_$x.c: no src/$x.c (name a unit test after the file it tests)"
    fi
done
check "unit test files found ($n)" test "$n" -gt 0
