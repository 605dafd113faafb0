#!/usr/bin/env bash
# make bench: run every bench/bench_*.sh in turn. Each prints its own ratios against a reference
# tool measured in the same run (medians of repeated runs).
set -eu
cd "$(dirname "$0")/.."
export HTLVPVL=${HTLVPVL:-$PWD/htlvpvl}
for b in bench/bench_*.sh; do
    [ -f "$b" ] || continue
    echo "== $b"
    bash "$b"
done
