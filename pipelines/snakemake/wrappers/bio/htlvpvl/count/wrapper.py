"""Snakemake wrapper for `htlvpvl count`: HTLV-1 proviral load and clonality of one sample."""

__author__ = "htlvpvl authors"
__license__ = "MIT"

import os

from snakemake.shell import shell

# (FASTQ input writes no .sites.bed/.sites.vcf.gz but a .flanks.fa)
SUFFIXES = (
    ".summary.json", ".summary.tsv", ".sites.tsv", ".sites.bed", ".sites.vcf.gz",
    ".sites.vcf.gz.tbi", ".flanks.fa", "_mqc.tsv", ".attrition.tsv",
)

reads = snakemake.input.get("reads") or snakemake.input[0]
if isinstance(reads, str):
    reads = [reads]
if len(reads) not in (1, 2):
    raise ValueError("input 'reads': one BAM/CRAM/SAM, or two FASTQ files (R1, R2)")

# The output prefix is what every declared output has in front of its htlvpvl suffix.
prefixes = set()
for path in snakemake.output:
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            prefixes.add(path[: -len(suffix)])
            break
    else:
        raise ValueError(f"output '{path}' is not an htlvpvl count output ({', '.join(SUFFIXES)})")
if len(prefixes) != 1:
    raise ValueError(f"outputs must share one prefix, got {sorted(prefixes)}")
prefix = prefixes.pop()
if os.path.dirname(prefix):
    os.makedirs(os.path.dirname(prefix), exist_ok=True)



def one_file(name):
    """The optional input `name` as one path ("" when absent or given as an empty list)."""
    value = snakemake.input.get(name, "")
    if not isinstance(value, str):
        value = list(value)
        if len(value) > 1:
            raise ValueError(f"input '{name}': at most one file, got {value}")
        value = value[0] if value else ""
    return value


# htslib opens the index beside the BAM/CRAM (count uses it); one named otherwise is given
# with htslib's "FILE##idx##INDEX" syntax.
idx = one_file("idx")
if idx and len(reads) == 1 and not any(
    idx == reads[0] + ext for ext in (".bai", ".csi", ".crai")
):
    reads = [f"{reads[0]}##idx##{idx}"]

sample = snakemake.params.get("sample", "")
sample = f"-s {sample}" if sample else ""
reference = one_file("reference")
reference = f"--reference {reference}" if reference else ""
extra = snakemake.params.get("extra", "")
reads = " ".join(reads)
cmd = f"htlvpvl count -t {snakemake.threads} {sample} {reference} {extra} -o {prefix} {reads}"
cmd = " ".join(cmd.split())
# the log starts with the command line, then has htlvpvl's messages
log = ""
if snakemake.log:
    with open(snakemake.log[0], "w") as fh:
        fh.write(f"$ {cmd}\n")
    log = snakemake.log_fmt_shell(stdout=True, stderr=True, append=True)

shell("{cmd} {log}")
