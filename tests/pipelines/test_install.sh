# `make install` with prefix and DESTDIR (a fresh build in a temp dir, so the checkout's binaries
# are left alone): binary and man page land under DESTDIR/prefix, the installed binary runs, and
# the man page renders and documents every command and the exit codes.
. "$ROOT/tests/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL   # a build of its own, not part of the calling make's jobs

stage=$WORK/stage
make -C "$ROOT" -j2 install BUILD="$WORK/build" BIN="$WORK/build/htlvpvl" \
    prefix=/opt/htlvpvl DESTDIR="$stage" > install.log 2>&1
check_eq "make install prefix=/opt/htlvpvl DESTDIR=stage exits 0" "$?" 0
check "binary installed in DESTDIR/prefix/bin, executable" test -x "$stage/opt/htlvpvl/bin/htlvpvl"
check "man page installed in DESTDIR/prefix/share/man/man1" \
    test -f "$stage/opt/htlvpvl/share/man/man1/htlvpvl.1"
check_eq "installed: binary, man page, docs, MultiQC config; nothing else, nothing outside" \
    "$(cd "$stage" && find . -type f | sort | tr '\n' ' ')" \
    "./opt/htlvpvl/bin/htlvpvl ./opt/htlvpvl/share/doc/htlvpvl/CHANGELOG.md \
./opt/htlvpvl/share/doc/htlvpvl/LICENSE ./opt/htlvpvl/share/doc/htlvpvl/README.md \
./opt/htlvpvl/share/doc/htlvpvl/exit-codes.md ./opt/htlvpvl/share/doc/htlvpvl/formats.md \
./opt/htlvpvl/share/doc/htlvpvl/pipelines.md ./opt/htlvpvl/share/htlvpvl/multiqc_config.yaml \
./opt/htlvpvl/share/man/man1/htlvpvl.1 "
check "installed MultiQC config = pipelines/multiqc_config.yaml" \
    cmp "$stage/opt/htlvpvl/share/htlvpvl/multiqc_config.yaml" "$ROOT/pipelines/multiqc_config.yaml"
check_grep "installed man page names the installed MultiQC config" \
    '^multiqc \\-c /opt/htlvpvl/share/htlvpvl/multiqc_config.yaml' \
    "$stage/opt/htlvpvl/share/man/man1/htlvpvl.1"
check "installed files are not executable except the binary" sh -c \
    "[ -z \"\$(find '$stage/opt/htlvpvl/share' -type f -perm /111)\" ]"
check_eq "installed binary: same --version as the one under test" \
    "$("$stage/opt/htlvpvl/bin/htlvpvl" --version)" "$("$HTLVPVL" --version)"
make -C "$ROOT" uninstall prefix=/opt/htlvpvl DESTDIR="$stage" > uninstall.log 2>&1
check_eq "make uninstall exits 0" "$?" 0
check_eq "make uninstall removes every installed file and htlvpvl's own folders" \
    "$(cd "$stage/opt/htlvpvl" && find . -mindepth 1 \( -type f -o -name htlvpvl \) | sort)" ""

make -C "$ROOT" -j2 install BUILD="$WORK/build" BIN="$WORK/build/htlvpvl" \
    DESTDIR="$WORK/stage2" > install2.log 2>&1
check "default prefix is /usr/local" test -x "$WORK/stage2/usr/local/bin/htlvpvl"
check "bindir and mandir can be set" make -C "$ROOT" -j2 install BUILD="$WORK/build" \
    BIN="$WORK/build/htlvpvl" bindir=/b mandir=/m DESTDIR="$WORK/stage3"
check "... and are used" test -x "$WORK/stage3/b/htlvpvl" -a -f "$WORK/stage3/m/man1/htlvpvl.1"

# --- the man page -----------------------------------------------------------------------------
man1=$ROOT/docs/htlvpvl.1
if command -v groff > /dev/null; then
    groff -man -Tutf8 -ww -z "$man1" > groff.err 2>&1
    check_eq "man page renders with groff without warnings" "$(cat groff.err)" ""
    groff -man -Tutf8 "$man1" 2> /dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' > man.txt
else
    sed 's/\\f[BIR]//g; s/\\-/-/g' "$man1" > man.txt
fi
check_grep "man page: NAME section" "^NAME" man.txt
for cmd in $("$HTLVPVL" --help | awk '/^Commands:/{on=1; next} on && NF==0{on=0} on{print $1}'); do
    check_grep "man page documents command '$cmd'" "htlvpvl $cmd" man.txt
done
# every long option of every command's help, in that command's part of the page
section() {  # the rendered OPTIONS OF CMD section, up to the next section heading
    awk -v h="OPTIONS OF $(echo "$1" | tr a-z A-Z)" '$0 == h {on=1; next} /^[A-Z]/ {on=0} on' man.txt
}
for cmd in $("$HTLVPVL" --help | awk '/^Commands:/{on=1; next} on && NF==0{on=0} on{print $1}'); do
    section $cmd > sec_$cmd.txt
    check "man page has OPTIONS OF ${cmd^^}" test -s sec_$cmd.txt
    for o in $("$HTLVPVL" $cmd --help 2>&1 | grep -Eo -- '--[a-z][a-z-]+' | sort -u); do
        check_grep "man page documents $cmd $o" "$o" sec_$cmd.txt
    done
done
check_grep "man page: EXIT STATUS section" "^EXIT STATUS" man.txt
check_grep "man page: exit 2 is a usage error" "^ +2 +.*[Uu]sage" man.txt
check_grep "man page: the codes Nextflow retries are named" "104.*130.*145.*175" man.txt
check_grep "man page version is the binary's" \
    "htlvpvl $("$HTLVPVL" --version | sed -n 1p | sed 's/^htlvpvl //')" man.txt
