#!/bin/bash
# conda-build / bioconda build script: the project's own Makefile (no configure step), htslib and
# zlib from the host environment through pkg-config, installed into $PREFIX with the man page.
set -euo pipefail

export PKG_CONFIG_PATH="${PREFIX}/lib/pkgconfig${PKG_CONFIG_PATH:+:${PKG_CONFIG_PATH}}"
openmp="OPENMP=1"
if [[ "$(uname)" == "Darwin" ]]; then
    # Apple clang has no -fopenmp; the OpenMP-less build gives the same results on one thread
    # per sample and htslib's BGZF thread pool still decompresses in parallel.
    openmp="OPENMP=0"
fi

make -j"${CPU_COUNT:-2}" ${openmp} \
    CC="${CC:-cc}" \
    CFLAGS="${CFLAGS:-} -O2" \
    CPPFLAGS="${CPPFLAGS:-} -I${PREFIX}/include" \
    LDFLAGS="${LDFLAGS:-} -L${PREFIX}/lib"
make ${openmp} install prefix="${PREFIX}" \
    CC="${CC:-cc}" \
    CFLAGS="${CFLAGS:-} -O2" \
    CPPFLAGS="${CPPFLAGS:-} -I${PREFIX}/include" \
    LDFLAGS="${LDFLAGS:-} -L${PREFIX}/lib"
