#!/usr/bin/env python3
"""truth_check.py CLONES.TSV SAMPLE=TRUTH.SITES.TSV ...: check the clones `htlvpvl compare`
reports against the simulator's truth, one later time point at a time. Prints one line per
check, "PASS<TAB>what", "FAIL<TAB>what", or "#<TAB>note" (a check with nothing to check is a
note, never a pass). Reported clones are joined to simulated ones on chrom and strand within
600 bp (the window of estimated sites). A clone counts as reduced when the truth marks it CCR4+.

Checks at each time point:
  - the truth is consistent: CCR4+ clones have fold < 0.5, the others > 0.5;
  - no clone the simulator left alone is reported as a significant fall (trend "fell");
  - every reduced clone with >= 3 fragments expected had it not changed is reported lower
    (fell, down or lost);
  - every reduced clone with >= 10 expected fragments and a true fold <= 0.15 is reported as a
    significant fall (the data have the power: P(0-3 fragments | <= 1.5 expected));
"""
import csv, sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for arg in sys.argv[2:]:
    sample, truth_path = arg.split('=', 1)
    truth = list(csv.DictReader(open(truth_path), delimiter='\t'))
    matched, fell, bad_fell, lower_n, not_lower, power_n, missed, incons = 0, [], [], 0, [], 0, [], []
    for r in rows:
        if r['sample'] != sample:
            continue
        m = [t for t in truth if t['chrom'] == r['chrom'] and t['strand'] == r['strand']
             and abs(int(t['pos']) - int(r['pos'])) <= 600]
        if not m:
            continue
        t = m[0]
        matched += 1
        reduced, fold = t['ccr4'] == '1', float(t['fold'])
        if reduced != (fold < 0.5):
            incons.append(r['clone'])
        exp = float(r['expected_fragments']) if r['expected_fragments'] != 'NA' else 0.0
        if r['trend'] == 'fell':
            fell.append(r['clone'])
            if not reduced:
                bad_fell.append(r['clone'])
        if reduced and exp >= 3:
            lower_n += 1
            if r['trend'] not in ('fell', 'down'):
                not_lower.append(f"{r['clone']}:{r['trend']}")
        if reduced and exp >= 10 and fold <= 0.15:
            power_n += 1
            if r['trend'] != 'fell':
                missed.append(f"{r['clone']}:{r['trend']}")
    print(f"#\t{sample}: {matched} reported clones match simulated ones; reported falling: "
          f"{' '.join(fell) or 'none'}")
    if matched == 0:
        print(f"FAIL\t{sample}: no reported clone matches a simulated one")
        continue
    print(("FAIL" if incons else "PASS") + f"\t{sample}: truth CCR4 labels agree with folds "
          + " ".join(incons))
    print(("FAIL" if bad_fell else "PASS") +
          f"\t{sample}: no CCR4- clone reported as a significant fall {' '.join(bad_fell)}")
    if lower_n:
        print(("FAIL" if not_lower else "PASS") + f"\t{sample}: all {lower_n} reduced clones "
              f"with >= 3 expected fragments reported lower {' '.join(not_lower)}")
    else:
        print(f"#\t{sample}: no reduced clone with >= 3 expected fragments: direction not checked")
    if power_n:
        print(("FAIL" if missed else "PASS") + f"\t{sample}: all {power_n} well-powered reduced "
              f"clones reported as significant falls {' '.join(missed)}")
    else:
        print(f"#\t{sample}: no reduced clone with >= 10 expected fragments and fold <= 0.15")
