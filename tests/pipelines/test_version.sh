# The version is kept in one place, the file VERSION: the binary gets it at build time (the
# Makefile passes -DHTLVPVL_VERSION), and every other file that states it must agree with it:
# the bioconda recipe, the Nextflow manifest, modules (conda + containers), the Snakemake envs
# and wrappers (environment.yaml and the pinned environments), the man page and the changelog's
# newest release. A sweep over the shipped files finds any htlvpvl version written elsewhere.
# MultiQC: one version across both workflows.
. "$ROOT/tests/lib.sh"

V=$(cat "$ROOT/VERSION")
check "VERSION is one line X.Y.Z" sh -c "[ \$(wc -l < '$ROOT/VERSION') = 1 ] &&
    grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' '$ROOT/VERSION'"
check_eq "binary --version is VERSION" "$("$HTLVPVL" --version | sed -n 1p)" "htlvpvl $V"
check "version.h states no version of its own (only the build passes it)" \
    sh -c "! grep -Eq '\"[0-9]+\.[0-9]+\.[0-9]+\"' '$ROOT/include/htlvpvl/version.h'"
# a build with another VERSION says so (the Makefile reads the file; -C a copy)
mkdir -p copy && (cd "$ROOT" && tar cf - Makefile VERSION src include) | (cd copy && tar xf -)
echo 9.8.7 > copy/VERSION
unset MAKEFLAGS MFLAGS MAKELEVEL
make -C copy -j2 asan=0 OPENMP=1 BUILD=build BIN=htlvpvl > copy.log 2>&1 || fail "build of a copy with VERSION 9.8.7" "$(tail copy.log)"
check_eq "a build with VERSION 9.8.7 reports 9.8.7" "$(copy/htlvpvl --version | sed -n 1p)" \
    "htlvpvl 9.8.7"
check_eq "... and writes it into count's summary.json" \
    "$(copy/htlvpvl count -q -o c "$TD/oligo/oligo.bam" && json_get c.summary.json htlvpvl_version)" \
    9.8.7

cd "$ROOT" || exit 1
# FILE PATTERN: a line of FILE stating the version (sed -E with one group)
stated() { sed -nE "s/$2/\1/p" "$1" | head -1; }
check_eq "bioconda recipe" "$(stated packaging/bioconda/meta.yaml '.*set version = "([^"]+)".*')" "$V"
check_eq "man page .TH" "$(stated docs/htlvpvl.1 '^\.TH .*"htlvpvl ([^"]+)".*')" "$V"
check_eq "CHANGELOG: newest release" "$(stated CHANGELOG.md '^## \[([0-9][^]]*)\].*')" "$V"
check_eq "Nextflow manifest" \
    "$(stated pipelines/nextflow/nextflow.config "^ *version *= *'([^']+)'.*")" "$V"
# sweep DIR...: every "htlvpvl=X.Y.Z", "htlvpvl ==X.Y.Z", "htlvpvl:X.Y.Z", "htlvpvl-X.Y.Z" in
# those files; sets n (places) and bad (those not stating VERSION)
sweep() {
    local hit
    n=0 bad=""
    while IFS= read -r hit; do
        n=$((n + 1))
        case $hit in *"$V"*) ;; *) bad="$bad
$hit" ;; esac
    done < <(grep -rEno 'htlvpvl *[=:-]+ *[0-9]+\.[0-9]+\.[0-9]+' "$@")
}
# the sweep can fail: a copy of the wrappers with another version in one environment
mkdir -p "$WORK/mut" && cp -r pipelines/snakemake/wrappers "$WORK/mut/"
sed -i "s/htlvpvl =$V/htlvpvl =9.9.9/" "$WORK/mut/wrappers/bio/htlvpvl/count/environment.yaml"
sweep "$WORK/mut/wrappers"
check_eq "the sweep finds a wrong version in a copy of the wrappers" \
    "$(echo "$bad" | grep -c 'count/environment.yaml:.*9.9.9')" 1
sweep pipelines packaging docs README.md
check "the sweep found the modules, envs, wrappers, pins ($n >= 15 places)" test "$n" -ge 15
check_eq "every htlvpvl version stated in pipelines/, packaging/, docs/ is VERSION" "$bad" ""

# one MultiQC version: conda pins and container tags in both workflows and the wrappers
mq=$(grep -rEho 'multiqc *[=:] *[0-9]+\.[0-9]+(\.[0-9]+)?' pipelines packaging |
    sed -E 's/.*[=:] *//' | sort -u)
check_eq "one MultiQC version across Snakemake and Nextflow" "$(echo "$mq" | wc -l)" 1
echo "# MultiQC version in the workflows: $mq"
check "... in the Snakemake env and the Nextflow module" sh -c \
    "grep -q 'multiqc *=$mq' pipelines/snakemake/workflow/envs/multiqc.yaml &&
     grep -q 'multiqc=$mq' pipelines/nextflow/modules/local/multiqc/main.nf"
