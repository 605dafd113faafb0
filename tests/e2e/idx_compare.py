#!/usr/bin/env python3
"""Compare a count run in indexed mode (PREFIX_I) with one in full-scan mode (PREFIX_F).

Checks: the same sites with >= MIN_FRAG fragments (chrom, position, strand, fragments, U5 and U3
fragments); each PVL estimate (headline, depth profile, junction) within TOL_PVL (relative) of
the other and its 95 % CI width within TOL_CI. Prints what the full scan has that the indexed
mode lacks (all sites, any size). Exit 0 when every check holds, 1 otherwise.
"""
import argparse
import json
import sys


def sites(prefix):
    rows = {}
    with open(prefix + '.sites.tsv') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(head, line.rstrip('\n').split('\t')))
            rows[(r['chrom'], int(r['pos']), r['strand'])] = r
    return rows


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('indexed')
    ap.add_argument('full')
    ap.add_argument('--min-frag', type=int, default=3)
    ap.add_argument('--tol-pvl', type=float, default=0.005)
    ap.add_argument('--tol-ci', type=float, default=0.02)
    ap.add_argument('--estimates', default='headline,depth,junction',
                    help='the PVL estimates held to the tolerances (the others printed)')
    a = ap.parse_args()
    bad = []
    si, sf = sites(a.indexed), sites(a.full)
    keys = ('fragments', 'fragments_u5', 'fragments_u3')
    for k in sorted(set(si) | set(sf)):
        big = max(int(s[k]['fragments']) for s in (si, sf) if k in s)
        if big < a.min_frag:
            continue
        if k not in si or k not in sf:
            bad.append('site %s:%d%s (%d fragments) only in %s'
                       % (k[0], k[1], k[2], big, 'indexed' if k in si else 'full scan'))
        elif any(si[k][c] != sf[k][c] for c in keys):
            bad.append('site %s:%d%s: indexed %s, full %s' % (
                k[0], k[1], k[2], [si[k][c] for c in keys], [sf[k][c] for c in keys]))
    miss = [k for k in sf if k not in si]
    lost = sum(int(sf[k]['fragments']) for k in miss)
    lost += sum(max(0, int(sf[k]['fragments']) - int(si[k]['fragments'])) for k in sf if k in si)
    tot = sum(int(s['fragments']) for s in sf.values())
    print('# full scan: %d sites, %d fragments; indexed lacks %d sites, %d fragments'
          % (len(sf), tot, len(miss), lost))
    ji = json.load(open(a.indexed + '.summary.json'))['pvl']
    jf = json.load(open(a.full + '.summary.json'))['pvl']
    for est in ('headline', 'depth', 'junction'):
        x, y = ji[est], jf[est]
        if x['copies_per_100_cells'] is None and y['copies_per_100_cells'] is None:
            continue
        d = rel(x['copies_per_100_cells'], y['copies_per_100_cells'])
        wx = x['ci95'][1] - x['ci95'][0]
        wy = y['ci95'][1] - y['ci95'][0]
        dw = rel(wx, wy)
        print('# %s: indexed %.6g [width %.6g], full %.6g [width %.6g]: %.3f %%, width %.3f %%'
              % (est, x['copies_per_100_cells'], wx, y['copies_per_100_cells'], wy,
                 100 * d, 100 * dw))
        if est not in a.estimates.split(','):
            continue
        if d > a.tol_pvl:
            bad.append('%s PVL differs by %.3f %% (> %.2f %%)' % (est, 100 * d, 100 * a.tol_pvl))
        if dw > a.tol_ci:
            bad.append('%s CI width differs by %.3f %% (> %.2f %%)'
                       % (est, 100 * dw, 100 * a.tol_ci))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
