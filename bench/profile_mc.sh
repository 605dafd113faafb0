#!/usr/bin/env bash
# bench/profile_mc.sh -- the Monte Carlo of the depth profile fit (bench/profile_mc.c) over a
# grid of viral fragment counts and defective mixes: how the choice between the intact and the
# defective model and the CI rules of pvl.h trade the intact CI's width against bias and
# coverage with deletions. Builds against build/libhtlvpvl.a (make first).
# Usage: bench/profile_mc.sh [DRAWS [MIN/LO ...]]   e.g. bench/profile_mc.sh 600 10/8 16/12
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DRAWS=${1:-600}
shift || true
[ -f "$ROOT/build/libhtlvpvl.a" ] || { echo "profile_mc.sh: run make first" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/htlvpvl-mc.XXXXXX")
trap 'rm -rf "$W"' EXIT
${CC:-cc} -O2 -I"$ROOT/include" -o "$W/profile_mc" "$ROOT/bench/profile_mc.c" \
    "$ROOT/build/libhtlvpvl.a" $(pkg-config --libs htslib 2>/dev/null || echo -lhts) -lz -lm \
    -lpthread -fopenmp
for k in 55 150 400; do
    for mix in "0 0" "0 0.25" "0.25 0" "0.15 0.15"; do
        "$W/profile_mc" "$k" $mix "$DRAWS" "$@"
    done
done
