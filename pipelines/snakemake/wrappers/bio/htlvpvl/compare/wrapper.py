"""Snakemake wrapper for `htlvpvl compare`: proviral load and clones across time points."""

__author__ = "htlvpvl authors"
__license__ = "MIT"

import os

from snakemake.shell import shell

SUFFIXES = (
    ".pvl.tsv", ".clones.tsv", ".table_mqc.json", "_mqc.json", ".pvl.svg", ".clones.svg",
    ".html", ".json",
)

sheet = snakemake.input.get("sheet") or snakemake.input[0]

# The output prefix is what every declared output has in front of its htlvpvl suffix
# (longest first: ".table_mqc.json" also ends in "_mqc.json", and that in ".json").
prefixes = set()
for path in snakemake.output:
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            prefixes.add(path[: -len(suffix)])
            break
    else:
        raise ValueError(
            f"output '{path}' is not an htlvpvl compare output ({', '.join(SUFFIXES)})"
        )
if len(prefixes) != 1:
    raise ValueError(f"outputs must share one prefix, got {sorted(prefixes)}")
prefix = prefixes.pop()
if os.path.dirname(prefix):
    os.makedirs(os.path.dirname(prefix), exist_ok=True)

extra = snakemake.params.get("extra", "")
cmd = " ".join(f"htlvpvl compare {extra} -o {prefix} {sheet}".split())
# the log starts with the command line, then has htlvpvl's messages
log = ""
if snakemake.log:
    with open(snakemake.log[0], "w") as fh:
        fh.write(f"$ {cmd}\n")
    log = snakemake.log_fmt_shell(stdout=True, stderr=True, append=True)

shell("{cmd} {log}")
