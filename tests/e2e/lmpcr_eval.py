#!/usr/bin/env python3
"""Check `htlvpvl trim` and `htlvpvl abundance` against the truth of `simulate --assay lmpcr`.

usage: lmpcr_eval.py SIMDIR TRIMPREFIX ABUND_IN ABUND_OUT_CMD...

Steps (prints PASS/FAIL<TAB>what lines, and '#'-free info lines, for check_verdicts):
 1. attrition per read class (read names carry the class): every junction pair with >= 20 host
    bases kept, every run-on pair dropped as such, every primer-dimer too short, misprimes
    mostly dropped (those whose host already reads like the LTR end are left to `count`);
 2. genome-free sites (PREFIX.sites.tsv): every clone with >= 3 distinct (shear, UMI) found with
    its exact host flank (= exact position and strand), no other site with >= 3;
 3. fragments for abundance: each kept pair placed on the simulated host by exact matches (a
    tiny exact-match aligner: the LTR read's first 20 host bases, when unique in the host, give
    the site; the linker read's first 20 template bases, found downstream of the site on the
    same strand, the shear site), written as (site, length) to ABUND_IN; the caller
    runs `htlvpvl abundance` on it and passes the output path as ABUND_OUT, compared here with
    the truth: theta vs sequenced fragments, and spike-calibrated cells vs true cells.
"""
import gzip
import math
import statistics
import sys

sim, prefix, frag_tsv, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
COMP = str.maketrans("ACGTN", "TGCAN")


def rc(s):
    return s.translate(COMP)[::-1]


def verdict(ok, what):
    print(("PASS" if ok else "FAIL") + "\t" + what)


def fastq(path):
    with gzip.open(path, "rt") as f:
        while True:
            h = f.readline()
            if not h:
                return
            s = f.readline().strip()
            f.readline()
            f.readline()
            yield h[1:].split()[0], s


truth = {}
with open(f"{sim}/truth.clones.tsv") as f:
    head = f.readline().rstrip("\n").split("\t")
    for line in f:
        r = dict(zip(head, line.rstrip("\n").split("\t")))
        truth[int(r["clone"])] = r
summary = dict(l.rstrip("\n").split("\t") for l in open(f"{sim}/truth.summary.tsv"))

if mode == "trim":
    # 1. attrition by class
    total = {}
    for name, _ in fastq(f"{sim}/reads_1.fq.gz"):
        cls = name.split(".")[1]
        total[cls] = total.get(cls, 0) + 1
    kept = {}
    for name, s in fastq(f"{prefix}_1.fq.gz"):
        cls = name.split("_")[0].split(".")[1]
        kept[cls] = kept.get(cls, 0) + 1
    att = dict(l.split("\t")[:2] for l in open(f"{prefix}.trim.tsv").read().split("\n")[1:] if l)
    short = int(summary["pairs_junction_short"])
    jk, jt = kept.get("junction", 0), total.get("junction", 0)
    print(f"info\tpairs {summary['pairs']}: junction {jt} (kept {jk}), run-on "
          f"{total.get('run_on', 0)}, misprime {total.get('misprime', 0)} (kept "
          f"{kept.get('misprime', 0)}), dimer {total.get('dimer', 0)}; attrition "
          + " ".join(f"{k}={v}" for k, v in att.items()))
    verdict(jk >= 0.99 * (jt - short) and jk <= jt, "junction pairs (>= 20 host bases) kept")
    verdict(kept.get("run_on", 0) == 0 and int(att["provirus_run_on"]) == total.get("run_on", 0),
            "every run-on pair dropped as provirus_run_on")
    verdict(kept.get("dimer", 0) == 0, "every primer-dimer dropped")
    verdict(kept.get("misprime", 0) <= 0.1 * total.get("misprime", 0) + 3,
            "misprimes dropped (no LTR end) but for host that reads like the LTR end")
    # 2. sites
    flank_of = {r["flank"]: c for c, r in truth.items()}
    sites = [l.rstrip("\n").split("\t") for l in open(f"{prefix}.sites.tsv").read().split("\n")[1:]
             if l]
    found = {}
    false_sites = 0
    for flank, reads, umis, raw, su, prop in sites:
        if int(su) < 3:
            continue
        if flank in flank_of:
            found[flank_of[flank]] = (int(reads), int(umis), int(su))
        else:
            false_sites += 1
    want = [c for c, r in truth.items() if int(r["shear_umis"]) >= 3]
    missed = [c for c in want if c not in found]
    print(f"info\tclones with >= 3 (shear, UMI): {len(want)}; found at the exact flank: "
          f"{len(want) - len(missed)}; other sites with >= 3: {false_sites}")
    verdict(not missed, "every clone with >= 3 distinct (shear, UMI) found at its exact flank")
    verdict(false_sites == 0, "no artefact called a site (>= 3 distinct (shear, UMI))")
    errs = [abs(found[c][2] - int(truth[c]["shear_umis"])) / int(truth[c]["shear_umis"])
            for c in want if c in found and int(truth[c]["shear_umis"]) >= 10]
    if errs:
        print(f"info\tfragments (distinct (shear, UMI), directional UMI merge) vs truth, clones "
              f">= 10: median rel. error {statistics.median(errs):.3f}, max {max(errs):.3f}")
        verdict(statistics.median(errs) < 0.05, "fragments within 5 % of the truth (median)")
    # 3. fragments (site, length) by exact 20-mers on the host
    seqs, name = {}, None
    for line in open(f"{sim}/host.fa"):
        if line.startswith(">"):
            name = line[1:].split()[0]
            seqs[name] = []
        else:
            seqs[name].append(line.strip())
    K, W = 20, 1200
    host = {c: "".join(parts) for c, parts in seqs.items()}
    index, dup = {}, set()
    for c, h in host.items():
        for i in range(len(h) - K + 1):
            k = h[i:i + K]
            if k in index:
                dup.add(k)
            index.setdefault(k, (c, i + 1))
    for k in dup:   # repeats: a site is placed only by a unique 20-mer
        del index[k]
    pos = {}
    for name, s in fastq(f"{prefix}_1.fq.gz"):
        pos[name] = s[:K]
    n_placed = 0
    frags = set()
    for name, s in fastq(f"{prefix}_2.fq.gz"):
        a, b = pos.get(name), s[:K]
        if not a or len(a) < K or len(b) < K:
            continue
        # site: host base joined to the LTR end (unique 20-mer); shear: the linker read's
        # first host base, searched downstream of the site on the same strand
        if a in index:          # provirus +: host read-wise goes right from pos
            chrom, p = index[a]
            site = p
            q = host[chrom].find(rc(b), site - 1, site - 1 + W)
            shear = q + K if q >= 0 else None
            strand = "+"
        elif rc(a) in index:    # provirus -: host read-wise goes left from pos
            chrom, p = index[rc(a)]
            site = p + K - 1
            q = host[chrom].find(b, max(0, site - W), site)
            shear = q + 1 if q >= 0 else None
            strand = "-"
        else:
            continue
        if shear is None:
            continue
        n_placed += 1
        frags.add((f"{chrom}:{site}:{strand}", abs(shear - site) + 1))
    with open(frag_tsv, "w") as f:
        f.write("site\tlength\n")
        for s, l in sorted(frags):
            f.write(f"{s}\t{l}\n")
    print(f"info\tkept pairs placed by exact matches: {n_placed}; distinct fragments "
          f"{len(frags)}")
else:
    # 4. abundance output vs truth
    theta = {}
    for line in open(mode).read().split("\n")[1:]:
        if line:
            s, n, t = line.split("\t")
            theta[s] = (int(n), float(t))
    by_site = {f"{r['chrom']}:{r['pos']}:{r['strand']}": c for c, r in truth.items()}
    spike = [c for c, r in truth.items() if r["spike"] == "1"]
    stray = [s for s in theta if s not in by_site and theta[s][0] >= 3]
    verdict(not stray, f"every site with >= 3 fragments is a clone's exact site ({len(stray)} "
            "not; smaller ones: misprimes on host that reads like the LTR end, for count)")
    rel_f, rel_c, rel_naive = [], [], []
    scale = None
    if spike:
        sp = f"{truth[spike[0]]['chrom']}:{truth[spike[0]]['pos']}:{truth[spike[0]]['strand']}"
        if sp in theta:
            scale = int(truth[spike[0]]["cells"]) / theta[sp][1]
    est_cells = 0.0
    for s, (n, t) in theta.items():
        c = by_site.get(s)
        if c is None:
            continue
        r = truth[c]
        fr, cells = int(r["fragments"]), int(r["cells"])
        if fr >= 10:
            rel_f.append(abs(t - fr) / fr)
            rel_naive.append(abs(n - fr) / fr)
        if scale and r["spike"] != "1":
            est_cells += t * scale
            if cells >= 10:
                rel_c.append(abs(t * scale - cells) / cells)
    # nearest-rank quantile (the 90th of 7 values is the largest)
    q = lambda v, p: sorted(v)[max(0, math.ceil(p * len(v)) - 1)] if v else float("nan")
    print(f"info\ttheta vs sequenced fragments, clones >= 10 fragments ({len(rel_f)}): median "
          f"rel. error {q(rel_f, .5):.3f}, 90th pct {q(rel_f, .9):.3f} (distinct lengths: median "
          f"{q(rel_naive, .5):.3f}, 90th pct {q(rel_naive, .9):.3f})")
    verdict(rel_f and q(rel_f, .5) < 0.1, "theta: median relative error < 0.10 (clones >= 10)")
    verdict(rel_f and q(rel_f, .9) < 0.25, "theta: 90th percentile < 0.25 (clones >= 10)")
    verdict(rel_f and q(rel_f, .5) <= q(rel_naive, .5), "theta no worse than distinct lengths")
    if scale:
        pvl = 100 * est_cells / int(summary["cells"])
        print(f"info\tspike-calibrated cells, clones >= 10 cells ({len(rel_c)}): median rel. "
              f"error {q(rel_c, .5):.3f}, 90th pct {q(rel_c, .9):.3f}; PVL {pvl:.3f} vs true "
              f"{float(summary['pvl_copies_per_100_cells']):.3f} copies/100 cells")
        verdict(rel_c and q(rel_c, .5) < 0.35, "spike-calibrated cells: median rel. error < 0.35")
        verdict(abs(pvl / float(summary["pvl_copies_per_100_cells"]) - 1) < 0.25,
                "spike-calibrated PVL within 25 %")
