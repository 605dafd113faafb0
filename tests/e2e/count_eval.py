#!/usr/bin/env python3
"""Check `htlvpvl count` outputs against a truth table; print one line per problem, exit 1 if any.

count_eval.py PREFIX TRUTH_SITES [--pvl X] [--pvl-tol REL] [--min-frag N] [--pos-tol BP]
  TRUTH_SITES: TSV with header, columns chrom pos strand (cell_fraction, junction_fragments
  optional). A truth site with junction_fragments >= min-frag (or every one when the column is
  absent) must be found on its strand within pos-tol (1 bp) when the call is exact, within the
  insert size otherwise. No called site with >= min-frag fragments may be false (more than
  500 bp from any truth site of its strand). With --pvl (the truth in cells, pvl_cells), the
  depth PVL must be within pvl-tol (relative) of X and X inside the CI of --pvl-ci (pvl.depth,
  or pvl.headline), each side widened on the log scale to --pvl-ci-z (e.g. 3.29: 99.9 %).
"""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument('prefix')
ap.add_argument('truth')
ap.add_argument('--pvl', type=float)
ap.add_argument('--pvl-tol', type=float, default=0.05)
ap.add_argument('--pvl-ci', default='pvl.depth')
ap.add_argument('--pvl-ci-z', type=float, default=1.959964,
                help='widen each side of the 95 %% CI on the log scale to this normal quantile')
ap.add_argument('--min-frag', type=int, default=3)
ap.add_argument('--pos-tol', type=int, default=1)
a = ap.parse_args()


def rows(path):
    lines = [l.rstrip('\n').split('\t') for l in open(path) if l.strip() and not l.startswith('#')]
    hdr = lines[0]
    return [dict(zip(hdr, r)) for r in lines[1:]]


truth = rows(a.truth)
calls = rows(a.prefix + '.sites.tsv')
bad = []
for t in truth:
    jf = t.get('junction_fragments')
    if jf not in (None, '', 'NA') and float(jf) < a.min_frag:
        continue
    pos = int(t['pos'])
    best = None
    for c in calls:
        if c['chrom'] != t['chrom'] or c['strand'] != t['strand']:
            continue
        d = abs(int(c['pos']) - pos)
        if best is None or d < best[0]:
            best = (d, c)
    if best is None:
        bad.append('missed %s:%d:%s' % (t['chrom'], pos, t['strand']))
    elif best[1]['exact'] == '1' and best[0] > a.pos_tol:
        bad.append('exact call %s:%s is %d bp from truth %d' % (t['chrom'], best[1]['pos'],
                                                                 best[0], pos))
    elif best[0] > 500:
        bad.append('missed %s:%d:%s (nearest call %d bp away)' % (t['chrom'], pos, t['strand'],
                                                                   best[0]))
for c in calls:
    if int(c['fragments']) < a.min_frag:
        continue
    near = [t for t in truth if t['chrom'] == c['chrom'] and t['strand'] == c['strand'] and
            abs(int(t['pos']) - int(c['pos'])) <= 500]
    if not near:
        bad.append('false site %s:%s:%s with %s fragments' % (c['chrom'], c['pos'], c['strand'],
                                                               c['fragments']))
if a.pvl is not None:
    s = json.load(open(a.prefix + '.summary.json'))
    d = s['pvl']['depth']
    got = d['copies_per_100_cells']
    c = s
    for k in a.pvl_ci.split('.'):
        c = c[k]
    lo, hi = c['ci95']
    x = c['copies_per_100_cells']
    if a.pvl_ci_z != 1.959964 and x > 0 and lo > 0:
        import math
        lo = x * math.exp(math.log(lo / x) * a.pvl_ci_z / 1.959964)
        hi = x * math.exp(math.log(hi / x) * a.pvl_ci_z / 1.959964)
    if a.pvl == 0:
        if got != 0:
            bad.append('PVL %g, want 0' % got)
    else:
        if abs(got - a.pvl) > a.pvl_tol * a.pvl:
            bad.append('depth PVL %g, truth %g (tolerance %g %%)' % (got, a.pvl, 100 * a.pvl_tol))
        if not lo <= a.pvl <= hi:
            bad.append('truth PVL %g outside the %s CI [%g, %g]' % (a.pvl, a.pvl_ci, lo, hi))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
