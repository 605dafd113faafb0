#!/usr/bin/env python3
"""Check the Nextflow scatter-gather (--shards N) without Nextflow, which is not installable here.

    nf_shards.py NEXTFLOW_DIR [MAIN_NF]

Reads main.nf (or MAIN_NF), the shard and merge modules, conf/modules.config, nextflow.config and
nextflow_schema.json, and checks what a run would need but the generic wiring check
(nf_wiring.py: channel counts, emits) does not see:
  - rows are sharded only when --shards > 1, they are BAM/CRAM (not FASTQ) and have an index
    (count --shard refuses an input without one);
  - the tuple the scatter builds for HTLVPVL_SHARD has as many elements as the module's input
    tuple, ending in the shard number and params.shards;
  - the gather groups the partials with groupTuple(size: params.shards) (a sample's merge starts
    when its N partials are in, not when the channel closes) and joins the sharded rows back, so
    HTLVPVL_MERGE gets [meta, partials, reads, index]: its input tuple's arity;
  - each shard's prefix holds the shard number (the N partials meet in one merge task), merge
    is given every staged partial, and the count options reach the shards (modules.config);
  - merge publishes where count does, and --shards is an integer >= 1, default 1, in both the
    config and the schema.
Prints one line per check, "ok ..." or "BAD ..."; exit 1 if any is BAD.
"""
import json
import os
import re
import sys


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?<![:'\"])//[^\n]*", "", text)


def input_tuples(module_text):
    m = re.search(r"^\s*input:\s*\n(.*?)^\s*output:", module_text, re.S | re.M)
    sec = strip_comments(m.group(1)) if m else ""
    return [len(re.findall(r"\b(?:val|path|env|stdin)\s*\(", line))
            for line in sec.splitlines() if line.strip().startswith("tuple")]


def balanced(text, start, open_c="(", close_c=")"):
    """The text between text[start] == open_c and its matching close_c."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_c:
            depth += 1
        elif text[i] == close_c:
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    return ""


def main():
    nfd = sys.argv[1]
    main_nf = sys.argv[2] if len(sys.argv) > 2 else os.path.join(nfd, "main.nf")
    text = strip_comments(open(main_nf).read())
    mod = os.path.join(nfd, "modules", "local", "htlvpvl")
    shard_mod = open(os.path.join(mod, "shard", "main.nf")).read()
    merge_mod = open(os.path.join(mod, "merge", "main.nf")).read()
    conf = strip_comments(open(os.path.join(nfd, "conf", "modules.config")).read())
    cfg = strip_comments(open(os.path.join(nfd, "nextflow.config")).read())
    schema = json.load(open(os.path.join(nfd, "nextflow_schema.json")))
    res = []

    def check(ok, what):
        res.append(("ok " if ok else "BAD ") + what)

    m = re.search(r"^\s*sharded:\s*(.+)$", text, re.M)
    cond = m.group(1) if m else ""
    check("params.shards > 1" in cond and "!meta.fastq" in cond and
          re.search(r"&&\s*index\b", cond) is not None,
          "the sharded branch: --shards > 1, not FASTQ, with an index (%s)" % cond.strip())
    m = re.search(r"\.branch\s*\{\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*->\s*sharded:", text)
    row_arity = 3 if m else 0
    check(m is not None, "the sharded rows are [meta, reads, index]")

    at = text.find("HTLVPVL_SHARD(")
    call = balanced(text, at + len("HTLVPVL_SHARD")) if at >= 0 else ""
    m = re.search(r"\.map\s*\{\s*([\w\s,]+)->\s*\[([^\]]*)\]\s*\}", call)
    built = [x.strip() for x in m.group(2).split(",")] if m else []
    want = input_tuples(shard_mod)
    check(bool(want) and len(built) == want[0],
          "HTLVPVL_SHARD: the scatter builds %d elements for its %s-element input tuple"
          % (len(built), want[0] if want else "?"))
    params_in = [x.strip() for x in m.group(1).split(",")] if m else []
    check(len(built) >= 2 and len(params_in) >= 1 and built[-2] == params_in[-1] and
          built[-1] == "params.shards" and "channel.of(1..params.shards)" in call,
          "HTLVPVL_SHARD: one task per shard 1..N, given K and N")

    at = text.find("HTLVPVL_MERGE(")
    call = balanced(text, at + len("HTLVPVL_MERGE")) if at >= 0 else ""
    check(re.search(r"HTLVPVL_SHARD\.out\.partial\.groupTuple\(\s*size:\s*params\.shards\s*\)",
                    call) is not None,
          "HTLVPVL_MERGE: the partials grouped by sample, N at a time")
    joined = re.search(r"\.join\(\s*ch_count\.sharded\s*\)", call) is not None
    want = input_tuples(merge_mod)
    got = 2 + (row_arity - 1) if joined else 2
    check(joined and bool(want) and got == want[0],
          "HTLVPVL_MERGE: [meta, partials] joined with the rows gives %d elements for its "
          "%s-element input tuple" % (got, want[0] if want else "?"))

    check(re.search(r"prefix\s*=\s*task\.ext\.prefix\s*\?:\s*\"\$\{meta\.id\}\.\$\{shard\}\"",
                    shard_mod) is not None, "shard prefix: the sample and the shard number")
    check(re.search(r"--shard \$\{shard\}/\$\{shards\}", shard_mod) is not None and
          re.search(r"tuple val\(meta\), path\(\"\*\.partial\"\), emit: partial", shard_mod)
          is not None, "shard script: count --shard K/N, emits the .partial")
    check(re.search(r"htlvpvl merge[^\"]*\$\{partials\}", merge_mod, re.S) is not None,
          "merge script: every staged partial")
    m = re.search(r"withName:\s*'HTLVPVL_SHARD'\s*\{([^}]*)\}", conf)
    check(m is not None and "params.count_args" in m.group(1),
          "modules.config: the count options reach the shards")
    pub = {}
    for name in ("HTLVPVL_COUNT", "HTLVPVL_MERGE"):
        m = re.search(r"withName:\s*'%s'\s*\{(.*?)\n    \}" % name, conf, re.S)
        p = re.search(r"path:\s*\{\s*\"([^\"]+)\"", m.group(1)) if m else None
        pub[name] = p.group(1) if p else None
    check(pub["HTLVPVL_MERGE"] is not None and pub["HTLVPVL_MERGE"] == pub["HTLVPVL_COUNT"],
          "merge publishes where count does (%s)" % pub["HTLVPVL_MERGE"])
    m = re.search(r"^\s*shards\s*=\s*(\d+)", cfg, re.M)
    sp = {}
    for d in schema.get("$defs", schema.get("definitions", {})).values():
        sp.update(d.get("properties", {}))
    s = sp.get("shards", {})
    check(m is not None and m.group(1) == "1" and s.get("type") == "integer" and
          s.get("minimum") == 1 and s.get("default") == 1,
          "--shards: integer >= 1, default 1 in nextflow.config and the schema")
    for r in res:
        print(r)
    return 1 if any(r.startswith("BAD") for r in res) else 0


if __name__ == "__main__":
    sys.exit(main())
