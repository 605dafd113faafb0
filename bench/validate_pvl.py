#!/usr/bin/env python3
"""validate_pvl.py -- analyser of bench/validate_pvl.sh (python3, standard library only).

  validate_pvl.py [--check] [--checked EST,EST..] DIR SCENARIO...
      table per scenario and estimator: samples, mean relative error, bias / SE, RMSE / limit,
      mean CI width / limit width, coverage of the 95 % CI, against the truth in cells
  validate_pvl.py --genome-size TRUTH.JSON
      haploid host genome size the simulated reads sample, from the contigs and the fragment
      length alone: sum(copies x (length - mean fragment)) x autosomal length /
      (2 x sum over autosomes of (length - mean fragment)) (a fragment that would run off a
      contig end is not drawn), so that host read bases / genome size = autosomal depth

DIR/SCENARIO/s<seed>/t<k>/{truth.json, bam.summary.json, fq.summary.json} and, for pre/post
pairs, DIR/SCENARIO/s<seed>/cmp.{bam,fq}.pvl.tsv. Keys are read defensively: an estimator that
a summary lacks (pvl.headline before it exists) is reported as NA.

Definitions (per scenario and estimator, over its samples i):
  error e_i = estimate_i - truth_i (truth: proviruses per 100 cells, pvl_cells or pvl_nominal)
  bias / SE = mean(e) / (sd(e) / sqrt(n))
  limit_i = truth_i / sqrt(V), V = mean realised viral fragments of the scenario's time point
            (truth counts.viral_fragments): the Poisson CV of all viral fragments
  RMSE / limit = sqrt(mean(e^2)) / sqrt(mean(limit^2))
  width / limit = mean(CI width) / mean(3.92 limit)
  coverage = share of samples whose 95 % CI holds the truth
For compare's change (percent from t0 to t1): truth 100 (cells_1 / cells_0 - 1), limit
100 (1 + change) sqrt(1 / V0 + 1 / V1).
"""
import json
import math
import os
import sys

ESTIMATORS = [  # name, summary file, key path
    ('depth', 'bam', 'pvl.depth'),
    ('junction', 'bam', 'pvl.junction'),
    ('headline', 'bam', 'pvl.headline'),
    ('fastq', 'fq', 'pvl.reads'),
    ('fastq_px', 'fq', 'pvl.reads.px'),
    ('fastq_headline', 'fq', 'pvl.headline'),
]
CHANGES = [('change_bam', 'cmp.bam.pvl.tsv'), ('change_fastq', 'cmp.fq.pvl.tsv')]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def get(d, path):
    for k in path.split('.'):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def num(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def truth_cells(t):
    v = num(t.get('pvl_cells'))
    return v if v is not None else num(t.get('pvl_nominal'))


def genome_size(path):
    t = load(path)
    fm = t['parameters']['fragment_mean']
    tot = sum(c['copies'] * max(c['length'] - fm, 0) for c in t['contigs'] if c['kind'] != 'virus')
    auto = [c['length'] for c in t['contigs'] if c['kind'] == 'autosome']
    return tot * sum(auto) / (2 * sum(max(l - fm, 0) for l in auto))


def estimate(summary, key):
    """(value, lo, hi) or None"""
    e = get(summary, key) if summary else None
    if not isinstance(e, dict):
        return None
    v, ci = num(e.get('copies_per_100_cells')), e.get('ci95')
    if v is None or not isinstance(ci, list) or len(ci) != 2:
        return None
    lo, hi = num(ci[0]), num(ci[1])
    if lo is None or hi is None:
        return None
    return v, lo, hi


def read_change(path):
    """(change %, lo, hi) of the second time point, or None"""
    try:
        with open(path) as f:
            rows = [l.rstrip('\n').split('\t') for l in f]
    except OSError:
        return None
    if len(rows) < 2:
        return None
    h = {k: i for i, k in enumerate(rows[0])}
    for r in rows[1:]:
        if r[h['sample']] == 't1':
            v = [num(r[h[k]]) for k in ('change_pct', 'change_ci_low', 'change_ci_high')]
            return None if None in v else tuple(v)
    return None


def samples(d, scen):
    base = os.path.join(d, scen)
    out = []
    for s in sorted(os.listdir(base) if os.path.isdir(base) else []):
        if s.startswith('s') and os.path.exists(os.path.join(base, s, 'done')):
            out.append(os.path.join(base, s))
    return out


def stats(rows):
    """rows: (estimate, lo, hi, truth, limit) -> dict"""
    n = len(rows)
    if n == 0:
        return None
    e = [r[0] - r[3] for r in rows]
    m = sum(e) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in e) / (n - 1)) if n > 1 else float('nan')
    rel = sum((r[0] - r[3]) / r[3] for r in rows if r[3]) / max(1, sum(1 for r in rows if r[3]))
    lim = [r[4] for r in rows if r[4] is not None]
    rmse = math.sqrt(sum(x * x for x in e) / n)
    lim_rms = math.sqrt(sum(x * x for x in lim) / len(lim)) if lim else float('nan')
    width = sum(r[2] - r[1] for r in rows) / n
    lim_mean = sum(lim) / len(lim) if lim else float('nan')
    cov = sum(1 for r in rows if r[1] <= r[3] <= r[2])
    return {
        'n': n,
        'rel': 100 * rel,
        'mean': m,
        'bias_se': m / (sd / math.sqrt(n)) if sd and sd > 0 else (0.0 if m == 0 else float('inf')),
        'rmse_lim': rmse / lim_rms if lim_rms and lim_rms > 0 else float('nan'),
        'width_lim': width / (3.92 * lim_mean) if lim_mean and lim_mean > 0 else float('nan'),
        'cov': cov,
    }


def binom_band(n, p=0.95, alpha=0.005):
    """coverage counts [lo, hi] outside which a correct 95 % CI falls with probability < alpha
    on each side"""
    pmf = [math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]
    lo, acc = 0, 0.0
    while lo <= n and acc + pmf[lo] <= alpha:
        acc += pmf[lo]
        lo += 1
    hi, acc = n, 0.0
    while hi >= 0 and acc + pmf[hi] <= alpha:
        acc += pmf[hi]
        hi -= 1
    return lo, hi


def main(argv):
    if len(argv) == 3 and argv[1] == '--genome-size':
        print('%.6g' % genome_size(argv[2]))
        return 0
    check = '--check' in argv
    argv = [a for a in argv[1:] if a != '--check']
    checked = None
    if argv and argv[0] == '--checked':
        checked, argv = argv[1].split(','), argv[2:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    d, scens = argv[0], argv[1:]
    fmt = '%-22s %-15s %4s %8s %8s %9s %9s %11s'
    print(fmt % ('scenario', 'estimator', 'n', 'rel_err%', 'bias/SE', 'RMSE/lim', 'width/lim',
                 'coverage'))
    verdicts = []
    for scen in scens:
        ss = samples(d, scen)
        tps = sorted({t for s in ss for t in os.listdir(s) if t.startswith('t') and
                      os.path.isdir(os.path.join(s, t))})
        # expected viral fragments per time point: mean over the seeds
        vf = {}
        for t in tps:
            v = [num(get(load(os.path.join(s, t, 'truth.json')) or {}, 'counts.viral_fragments'))
                 for s in ss]
            v = [x for x in v if x is not None]
            vf[t] = sum(v) / len(v) if v else None
        table = {}
        for name, src, key in ESTIMATORS:
            rows = []
            for s in ss:
                for t in tps:
                    tr = load(os.path.join(s, t, 'truth.json'))
                    est = estimate(load(os.path.join(s, t, src + '.summary.json')), key)
                    if tr is None or est is None:
                        continue
                    c = truth_cells(tr)
                    lim = c / math.sqrt(vf[t]) if vf.get(t) else None
                    rows.append(est + (c, lim))
            table[name] = stats(rows)
        for name, fn in CHANGES:
            rows = []
            for s in ss:
                ch = read_change(os.path.join(s, fn))
                t0, t1 = (load(os.path.join(s, t, 'truth.json')) for t in ('t0', 't1'))
                if ch is None or t0 is None or t1 is None:
                    continue
                c0, c1 = truth_cells(t0), truth_cells(t1)
                tc = 100 * (c1 / c0 - 1)
                lim = None
                if vf.get('t0') and vf.get('t1'):
                    lim = 100 * (c1 / c0) * math.sqrt(1 / vf['t0'] + 1 / vf['t1'])
                rows.append(ch + (tc, lim))
            table[name] = stats(rows) if rows else None
        for name in [e[0] for e in ESTIMATORS] + [c[0] for c in CHANGES]:
            st = table.get(name)
            if st is None:
                if name.startswith('change') and 't1' not in tps:
                    continue
                print(fmt % (scen, name, 0, 'NA', 'NA', 'NA', 'NA', 'NA'))
                continue
            # relative error in %; for a change, its mean error in percentage points
            rel = '%.2fpp' % st['mean'] if name.startswith('change') else '%.2f' % st['rel']
            print(fmt % (scen, name, st['n'], rel, '%.2f' % st['bias_se'],
                         '%.2f' % st['rmse_lim'], '%.2f' % st['width_lim'],
                         '%d/%d %3.0f%%' % (st['cov'], st['n'], 100.0 * st['cov'] / st['n'])))
            if check and (checked is None or name in checked):
                lo, hi = binom_band(st['n'])
                ok = lo <= st['cov'] <= hi
                verdicts.append(('PASS' if ok else 'FAIL',
                                 '%s %s: 95 %% CI coverage %d/%d within [%d, %d]' %
                                 (scen, name, st['cov'], st['n'], lo, hi)))
                ok = abs(st['bias_se']) < 3
                verdicts.append(('PASS' if ok else 'FAIL', '%s %s: |bias/SE| = %.2f < 3' %
                                 (scen, name, abs(st['bias_se']))))
    for v, what in verdicts:
        print('%s\t%s' % (v, what))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
