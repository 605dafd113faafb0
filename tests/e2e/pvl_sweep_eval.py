#!/usr/bin/env python3
"""Bias, SE and CI coverage of the PVL estimators against the truth in cells (issue 9).

pvl_sweep_eval.py DIR...   each DIR holds truth.json and out.summary.json (htlvpvl count),
and its name starts with the scenario ("A.17" -> scenario A). Prints one row per scenario and
estimator: n, mean relative error, bias/SE (SE = sd / sqrt(n) of the relative errors), RMSE,
mean CI width over the information limit (depth), coverage of the 95 % CI. With --check, exits
1 unless every estimator named by --check has |bias/SE| < 3 and a coverage inside the
binomial band (the number covered is at least the 0.5 % quantile of Binomial(n, 0.95))."""
import argparse, json, math, os, sys

ap = argparse.ArgumentParser()
ap.add_argument('dirs', nargs='+')
ap.add_argument('--check', default='')
a = ap.parse_args()
EST = [('depth', 'pvl.depth'), ('headline', 'pvl.headline'), ('junction', 'pvl.junction'),
       ('px_diagnostic', 'pvl.depth_px_diagnostic')]

def get(d, path):
    for k in path.split('.'):
        d = d[k]
    return d

rows = {}
for d in a.dirs:
    try:
        t = json.load(open(os.path.join(d, 'truth.json')))
        s = json.load(open(os.path.join(d, 'out.summary.json')))
    except (OSError, ValueError) as e:
        print('# %s: %s' % (d, e)); continue
    sc = os.path.basename(d.rstrip('/')).split('.')[0]
    truth = t['pvl_cells']
    for name, path in EST:
        o = get(s, path)
        x, (lo, hi) = o['copies_per_100_cells'], o['ci95']
        if x is None or lo is None or hi is None or truth <= 0:
            continue
        r = rows.setdefault((sc, name), [])
        lim = o.get('information_limit_ci95')
        wr = (hi - lo) / (lim[1] - lim[0]) if lim and lim[1] > lim[0] else float('nan')
        r.append(((x - truth) / truth, lo <= truth <= hi, wr))

def binom_lo(n, p=0.95, alpha=0.005):
    c = 0.0
    for k in range(n + 1):
        c += math.comb(n, k) * p ** k * (1 - p) ** (n - k)
        if c > alpha:
            return k
    return n

bad = []
print('scenario\testimator\tn\tmean_rel_error\tbias_over_se\trmse\tci_width_over_limit\tcovered\tcoverage')
checks = [c for c in a.check.split(',') if c]
for (sc, name), r in sorted(rows.items()):
    n = len(r)
    e = [x[0] for x in r]
    m = sum(e) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in e) / (n - 1)) if n > 1 else float('nan')
    z = m / (sd / math.sqrt(n)) if sd > 0 else 0.0
    rmse = math.sqrt(sum(x * x for x in e) / n)
    cov = sum(x[1] for x in r)
    wr = [x[2] for x in r if not math.isnan(x[2])]
    print('%s\t%s\t%d\t%.4f\t%.2f\t%.4f\t%s\t%d\t%.3f' % (sc, name, n, m, z, rmse,
          '%.3f' % (sum(wr) / len(wr)) if wr else 'NA', cov, cov / n))
    if name in checks:
        if abs(z) >= 3:
            bad.append('%s %s: |bias/SE| = %.2f >= 3' % (sc, name, abs(z)))
        if cov < binom_lo(n):
            bad.append('%s %s: %d of %d CIs cover the truth (band: >= %d)' % (sc, name, cov, n, binom_lo(n)))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
