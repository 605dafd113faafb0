#!/usr/bin/env python3
"""Check `count --assay lmpcr` outputs against the truth of `simulate --assay lmpcr`.

usage: count_lmpcr_eval.py SIMDIR PREFIX [--calibrated]

Prints PASS/FAIL<TAB>what lines (for check_verdicts), 'info' lines, and one machine-readable
line 'stat<TAB>key=value ...' that the caller may collect over seeds:
 1. every clone with >= 3 distinct (shear, UMI) in the truth is a site at its exact position and
    strand; no site is anything but a clone (artefacts: misprimes, run-on, dimers);
 2. umis (distinct (shear, UMI) after the directional merge) against the truth's shear_umis;
 3. with --calibrated (spike + input cells given): estimated cells against the clone's true
    cells, clones >= 10 cells (saturated ones included): median and 90th percentile of the
    relative error (nearest rank); the spike PVL against the realised truth and its CI.
"""
import json
import math
import statistics
import sys

sim, prefix = sys.argv[1], sys.argv[2]
calibrated = "--calibrated" in sys.argv[3:]


def verdict(ok, what):
    print(("PASS" if ok else "FAIL") + "\t" + what)


def table(path):
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, l.rstrip("\n").split("\t"))) for l in f if l.strip()]


truth = {(r["chrom"], int(r["pos"]), r["strand"]): r for r in table(f"{sim}/truth.clones.tsv")}
summary = dict(l.rstrip("\n").split("\t") for l in open(f"{sim}/truth.summary.tsv"))
sites = {(r["chrom"], int(r["pos"]), r["strand"]): r for r in table(f"{prefix}.sites.tsv")}

# a clone in a host repeat (MAPQ 0) is reported at the first of its equally good placements,
# flagged, with the others (its own among them) in alt_placements
via_alt = {}
for k, r in sites.items():
    if k in truth or r["multimap"] != "1":
        continue
    for a in r["alt_placements"].split(","):
        c, p, s = a.rsplit(":", 2) if a != "." else ("", "0", "")
        if (c, int(p), s) in truth:
            via_alt[(c, int(p), s)] = k
for t, k in via_alt.items():
    sites[t] = sites.pop(k)
want = [k for k, r in truth.items() if int(r["shear_umis"]) >= 3]
missed = [k for k in want if k not in sites]
stray = [k for k in sites if k not in truth]
print(f"info\tclones with >= 3 (shear, UMI): {len(want)}; at the exact position and strand: "
      f"{len(want) - len(missed)} ({len(via_alt)} in a host repeat: multi-mapping, at the first "
      f"placement, the true one listed); sites that are no clone: {len(stray)} "
      f"{' '.join(f'{c}:{p}:{s}' for c, p, s in stray[:5])}")
verdict(not missed, "every clone with >= 3 distinct (shear, UMI) at its exact position, strand"
        " (repeats: listed among the placements)")
verdict(not stray, "no artefact called a site")

q = lambda v, p: sorted(v)[max(0, math.ceil(p * len(v)) - 1)] if v else float("nan")
rel_u = [abs(int(sites[k]["umis"]) - int(r["shear_umis"])) / int(r["shear_umis"])
         for k, r in truth.items() if k in sites and int(r["shear_umis"]) >= 10]
if rel_u:
    print(f"info\tumis vs true distinct (shear, UMI), clones >= 10: median rel. error "
          f"{q(rel_u, .5):.3f}, max {max(rel_u):.3f}")
    verdict(q(rel_u, .5) < 0.05, "umis within 5 % of the truth (median)")

stat = {}
if calibrated:
    rel, inside, n10 = [], 0, 0
    for k, r in truth.items():
        cells = int(r["cells"])
        if r["spike"] == "1" or cells < 10:
            continue
        n10 += 1
        s = sites.get(k)
        est = float(s["estimated_cells"]) if s else 0.0
        rel.append(abs(est - cells) / cells)
        if s and float(s["estimated_cells_ci_low"]) <= cells <= float(s["estimated_cells_ci_high"]):
            inside += 1
    print(f"info\testimated cells vs true cells, clones >= 10 cells ({len(rel)}): median rel. "
          f"error {q(rel, .5):.3f}, 90th pct {q(rel, .9):.3f}; true cells inside the site's CI: "
          f"{inside} of {n10}")
    verdict(rel and q(rel, .5) < 0.35, "estimated cells: median relative error < 0.35")
    verdict(rel and q(rel, .9) < 0.8, "estimated cells: 90th percentile < 0.8")
    js = json.load(open(f"{prefix}.summary.json"))
    sp = js["pvl"]["spike"]
    true_pvl = float(summary["pvl_copies_per_100_cells"])
    lo, hi = sp["ci95"]
    print(f"info\tspike PVL {sp['copies_per_100_cells']:.3f} [{lo:.3f}, {hi:.3f}] vs true "
          f"{true_pvl:.3f} copies/100 cells")
    verdict(abs(sp["copies_per_100_cells"] / true_pvl - 1) < 0.3, "spike PVL within 30 %")
    stat = {"pvl": sp["copies_per_100_cells"], "lo": lo, "hi": hi, "true": true_pvl,
            "covered": int(lo <= true_pvl <= hi), "med": q(rel, .5), "p90": q(rel, .9),
            "site_ci_in": inside, "site_n": n10}
    stat["rel"] = ",".join(f"{x:.4f}" for x in rel)
print("stat\t" + " ".join(f"{k}={v}" for k, v in stat.items()))
