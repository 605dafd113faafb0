# The exit-code contract workflow engines rely on (docs/exit-codes.md): 0 ok, 1 data/runtime
# error with a one-line message and no outputs, 2 usage error; never a code Nextflow retries
# (104, 130-145, 175) for bad data; a job killed mid-run leaves no result behind.
. "$ROOT/tests/lib.sh"

retried() { case $1 in 104 | 13[0-9] | 14[0-5] | 175) return 0 ;; esac; return 1; }

# --- every command: --help is 0, an unknown option is 2 ---------------------------------------
cmds=$("$HTLVPVL" --help | awk '/^Commands:/{on=1; next} on && NF==0{on=0} on{print $1}')
check "commands listed by --help" test -n "$cmds"
for c in $cmds; do
    check_exit 0 "$c --help: exit 0" "$HTLVPVL" $c --help
    check_exit 2 "$c --no-such-option: exit 2" "$HTLVPVL" $c --no-such-option
done

# expect CODE WHAT CMD...: exit CODE, first stderr line "htlvpvl <cmd>: ...", code not retried
expect() {
    local code=$1 what=$2 rc
    shift 2
    "$@" > out.txt 2> err.txt
    rc=$?
    if [ "$rc" = "$code" ]; then
        pass "$what: exit $code"
    else
        fail "$what: exit $rc, want $code" "$(cat err.txt)"
    fi
    if retried "$rc"; then fail "$what: exit $rc is one Nextflow retries"; fi
    check_grep "$what: message 'htlvpvl $2: ...'" "^htlvpvl $2: " err.txt
}

# --- count: bad data is 1, bad arguments are 2, no outputs either way -------------------------
expect 1 "count, missing input" "$HTLVPVL" count -o c1 nosuch.bam
check_grep "count, missing input: the message names the file" "nosuch.bam" err.txt
printf 'this is not a BAM\n' > garbage.bam
expect 1 "count, not a BAM" "$HTLVPVL" count -o c2 garbage.bam
if [ -f "$TD/oligo/oligo.bam" ]; then
    head -c 300000 "$TD/oligo/oligo.bam" > truncated.bam
    expect 1 "count, truncated BAM" "$HTLVPVL" count -o c3 truncated.bam
    expect 1 "count, output folder missing" "$HTLVPVL" count -o nodir/c4 "$TD/oligo/oligo.bam"
    expect 2 "count, -t not a number" "$HTLVPVL" count -t many -o c5 "$TD/oligo/oligo.bam"
else
    fail "test data test-data/oligo/oligo.bam is missing (make test-data)"
fi
no_files "count: no outputs after the errors" c1.summary.json c2.summary.json c3.summary.json \
    c3_mqc.tsv c3.sites.tsv nodir c5.summary.json

# --- compare ----------------------------------------------------------------------------------
expect 1 "compare, missing sheet" "$HTLVPVL" compare -o p1 nosuch.tsv
printf 'sample\tsubject\nS1\tP1\n' > nocols.tsv
expect 1 "compare, sheet without timepoint/summary" "$HTLVPVL" compare -o p2 nocols.tsv
expect 2 "compare, no -o" "$HTLVPVL" compare nocols.tsv
no_files "compare: no outputs after the errors" p1.pvl.tsv p2.pvl.tsv p2.html p2_mqc.json

# --- a job killed mid-run: 143 (retried, rightly), and no result a retry could mistake --------
if [ -f "$TD/oligo/oligo.bam" ]; then
    mkfifo slow.bam
    # half a BAM, then the writer stalls: count is mid-read when the scheduler's SIGTERM comes
    (head -c 400000 "$TD/oligo/oligo.bam"; sleep 20) > slow.bam &
    writer=$!
    "$HTLVPVL" count -o killed slow.bam > /dev/null 2>&1 &
    job=$!
    sleep 1
    kill -TERM $job
    wait $job
    check_eq "count killed by SIGTERM: 143 (a code Nextflow retries)" "$?" 143
    kill $writer 2> /dev/null
    wait $writer 2> /dev/null
    no_files "count killed mid-run: no outputs" killed.summary.json killed.summary.tsv \
        killed.sites.tsv killed_mqc.tsv
fi
