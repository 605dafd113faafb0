#!/usr/bin/env bash
# Install, through apt-get, the Debian 12 packages htlvpvl needs (only those missing).
#   scripts/install-deps.sh          build: compiler, make, pkg-config, htslib, zlib
#   scripts/install-deps.sh --test   + what the test suite uses (samtools, bcftools, bwa, ART,
#                                     rsvg-convert, snakemake, multiqc, groovy: syntax check of
#                                     the .nf files; python3-jsonschema: sample-sheet schemas)
#   scripts/install-deps.sh --fuzz   + clang and libFuzzer (make fuzz)
set -eu
pkgs="gcc make pkg-config libhts-dev zlib1g-dev python3"
if [ "${1:-}" = --test ]; then
    pkgs="$pkgs samtools bcftools tabix bwa art-nextgen-simulation-tools librsvg2-bin"
    pkgs="$pkgs snakemake multiqc groovy"
    pkgs="$pkgs python3-jsonschema python3-yaml time"
fi
if [ "${1:-}" = --fuzz ]; then  # make fuzz: clang's libFuzzer and sanitizer runtimes
    pkgs="$pkgs clang libclang-rt-14-dev"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
