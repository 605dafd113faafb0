#!/usr/bin/env python3
"""Check PREFIX.attrition.tsv and the `attrition` array of PREFIX.summary.json of `htlvpvl count`
against counts made independently of htlvpvl (samtools, the FASTQ line count, the simulator's
truth); print PASS/FAIL lines (tests/lib.sh run_checker).

attrition_eval.py PREFIX [--expect STEP.FIELD=N ...] [--near STEP.FIELD=N:REL ...]
                         [--chain STEP_A,STEP_B ...] [--steps S1,S2,...] [--no-json]
  FIELD is in, kept or dropped. --expect: exactly N; --near: within REL (relative) of N;
  --chain: the units STEP_A kept are those STEP_B took in; --steps: the rows, in this order.
Always: the header, 0 <= kept <= in, dropped = in - kept, a reason on every row, and the JSON
array holding the TSV's rows.
"""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument('prefix')
ap.add_argument('--expect', action='append', default=[])
ap.add_argument('--near', action='append', default=[])
ap.add_argument('--chain', action='append', default=[])
ap.add_argument('--steps')
ap.add_argument('--no-json', action='store_true', help='no summary.json array (count --assay '
                'lmpcr keeps its own attrition object there)')
a = ap.parse_args()
name = a.prefix.rsplit('/', 1)[-1]


def verdict(ok, what):
    print(('PASS' if ok else 'FAIL') + '\t' + name + ': ' + what)


with open(a.prefix + '.attrition.tsv') as f:
    lines = [x.rstrip('\n').split('\t') for x in f]
verdict(lines[0] == ['step', 'unit', 'in', 'kept', 'dropped', 'reason'],
        'attrition.tsv header step unit in kept dropped reason (got %s)' % ' '.join(lines[0]))
rows = {}
order = []
for x in lines[1:]:
    r = {'step': x[0], 'unit': x[1], 'in': int(x[2]), 'kept': int(x[3]), 'dropped': int(x[4]),
         'reason': x[5]}
    rows[r['step']] = r
    order.append(r)
bad = [r['step'] for r in order
       if not (0 <= r['kept'] <= r['in'] and r['dropped'] == r['in'] - r['kept'] and r['reason'])]
verdict(order and not bad, '%d rows: 0 <= kept <= in, dropped = in - kept, a reason (bad: %s)'
        % (len(order), bad))
if a.steps:
    got = ','.join(r['step'] for r in order)
    verdict(got == a.steps, 'steps %s (got %s)' % (a.steps, got))
if not a.no_json:
    js = json.load(open(a.prefix + '.summary.json')).get('attrition')
    verdict(js == order, 'summary.json attrition array = attrition.tsv rows')
for e in a.expect:
    key, n = e.rsplit('=', 1)
    step, field = key.rsplit('.', 1)
    got = rows.get(step, {}).get(field)
    verdict(got == int(n), '%s = %s (independent count; got %s)' % (key, n, got))
for e in a.near:
    key, v = e.rsplit('=', 1)
    n, rel = v.split(':')
    step, field = key.rsplit('.', 1)
    got = rows.get(step, {}).get(field)
    ok = got is not None and abs(got - float(n)) <= float(rel) * float(n)
    verdict(ok, '%s within %s of %s (truth; got %s)' % (key, rel, n, got))
for c in a.chain:
    s, t = c.split(',')
    ok = s in rows and t in rows and rows[s]['kept'] == rows[t]['in']
    verdict(ok, "'%s' kept what '%s' took in (%s, %s)"
            % (s, t, rows.get(s, {}).get('kept'), rows.get(t, {}).get('in')))
