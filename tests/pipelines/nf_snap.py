#!/usr/bin/env python3
"""The nf-test snapshots of the local modules (modules/local/*/*/tests/main.nf.test.snap),
without nf-test: their content is rebuilt from the task directories in which
tests/pipelines/test_nf_modules.sh ran each module's script: and stub: blocks with the real tools,
in the form nf-test writes it (a channel of [meta, file] tuples: [{"id": ...}, "NAME"] or, for a
file snapshotted whole, "NAME:md5,HEX"; versions: [process, tool, version]).

    nf_snap.py check MODULES_DIR WORK VERSION    compare with the committed .snap files
    nf_snap.py write MODULES_DIR WORK VERSION    (re)write them, as `nf-test --update-snapshot`

WORK holds the task directories (t_hyb, t_idx, t_mem, t_bam, t_cmp and their s_* stubs). Versions
of bwa and samtools are those of the module's environment.yml (the container's), not the local
tools'. Prints "ok ..." / "BAD ..." per snapshot; exit 1 if any is BAD.
"""
import hashlib
import json
import os
import re
import sys

BWA = "0.7.18-r1243"      # `bwa` of bioconda bwa=0.7.18 (environment.yml)
SAMTOOLS = "1.20"         # samtools=1.20


def md5(path):
    return hashlib.md5(open(path, "rb").read()).hexdigest()


def build(work, v):
    w = lambda *p: os.path.join(work, *p)
    one = lambda id_, name: [[{"id": id_}, name]]
    count_names = [f"oligo{x}" for x in
                   (".summary.json", ".summary.tsv", ".sites.tsv", ".sites.bed", ".sites.vcf.gz",
                    ".sites.vcf.gz.tbi", "_mqc.tsv", ".attrition.tsv")]
    cmp_names = [f"ham{x}" for x in
                 (".pvl.tsv", ".clones.tsv", ".json", "_mqc.json", ".table_mqc.json", ".html")]
    return {
        "htlvpvl/hybrid": {
            "host.fa": [
                one("host", f"host_hybrid.fa:md5,{md5(w('t_hyb', 'host_hybrid.fa'))}"),
                [["HTLVPVL_HYBRID", "htlvpvl", v]],
            ],
            "host.fa - stub": [one("host", "host_hybrid.fa")],
        },
        "bwa/index": {
            "hybrid_full.fa": [sorted(os.listdir(w("t_idx", "bwa"))), [["BWA_INDEX", "bwa", BWA]]],
            "hybrid_full.fa - stub": [sorted(os.listdir(w("s_idx", "bwa")))],
        },
        "bwa/mem": {
            "oligo - fastq pair": [
                one("oligo", "oligo.bam") if os.path.exists(w("t_mem", "oligo.bam")) else [],
                one("oligo", "oligo.bam.bai") if os.path.exists(w("t_mem", "oligo.bam.bai")) else [],
                [["BWA_MEM", "bwa", BWA]],
                [["BWA_MEM", "samtools", SAMTOOLS]],
            ],
            "oligo - fastq pair - stub": [
                one("oligo", "oligo.bam") if os.path.exists(w("s_mem", "oligo.bam")) else [],
            ],
        },
        "htlvpvl/count": {
            "oligo - bam": [
                [one("oligo", n) if os.path.exists(w("t_bam", n)) else [] for n in count_names],
                [["HTLVPVL_COUNT", "htlvpvl", v]],
            ],
        },
        "htlvpvl/compare": {
            "ham - three time points": [
                [one("ham", n) if os.path.exists(w("t_cmp", n)) else [] for n in cmp_names],
                [["HTLVPVL_COMPARE", "htlvpvl", v]],
            ],
        },
    }


def main(mode, modules, work, v):
    bad = 0
    for mod, tests in build(work, v).items():
        snap_path = os.path.join(modules, mod, "tests", "main.nf.test.snap")
        test_path = os.path.join(modules, mod, "tests", "main.nf.test")
        # the tests that call snapshot(): each needs its entry
        text = open(test_path).read()
        names = []
        for m in re.finditer(r'test\("([^"]+)"\)', text):
            end = text.find('test("', m.end())
            if "snapshot(" in text[m.end(): end if end > 0 else len(text)]:
                names.append(m.group(1))
        if sorted(names) != sorted(tests):
            print(f"BAD {mod}: tests with snapshot() {names} vs known {sorted(tests)}")
            bad += 1
        if mode == "write":
            snap = {
                name: {
                    "content": content,
                    "meta": {"nf-test": "0.9.2", "nextflow": "25.04.6"},
                    "timestamp": "2026-12-06T23:55:00.000000",
                }
                for name, content in tests.items()
            }
            with open(snap_path, "w") as fh:
                json.dump(snap, fh, indent=4)
                fh.write("\n")
            print(f"ok {mod}: wrote {len(snap)} snapshots")
            continue
        try:
            snap = json.load(open(snap_path))
        except (OSError, ValueError) as e:
            print(f"BAD {mod}: {e}")
            bad += 1
            continue
        for name, content in tests.items():
            got = snap.get(name, {}).get("content")
            ok = got == content
            print(("ok " if ok else "BAD ") + f"{mod}: snapshot '{name}'" +
                  ("" if ok else f"\n  committed: {json.dumps(got)}\n  this run:  {json.dumps(content)}"))
            bad += not ok
        extra = set(snap) - set(tests)
        if extra:
            print(f"BAD {mod}: snapshots of no test: {sorted(extra)}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("check", "write"):
        raise SystemExit(__doc__)
    sys.exit(main(*sys.argv[1:]))
