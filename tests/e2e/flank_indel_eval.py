#!/usr/bin/env python3
"""Placement of clones whose carrier allele has a host indel next to a junction.

usage: flank_indel_eval.py HOST.fa TRUTH.sites.tsv OUT.sites.tsv [--min-frag 3] [--tag NAME]

TRUTH comes from `htlvpvl simulate --flank-indels F` (columns flank_indel, flank_indel_dist).
For every clone with an indel and at least --min-frag junction fragments, the site must be
found at the exact position and strand. Exception, listed but not failed: a clone whose every
observed junction (a side with split-read fragments in the truth: a read with >= 10 bases on
each side of it; pairs alone do not place a junction) reads the same as the
reference for fewer than 3 host bases before the indel shows (the indel sits right at the
junction, or slides there in a repeat), or where a junction 1-4 bases away with no indel or
a shorter one reads the same: no read can tell such an indel from that junction. Prints one line per clone and a summary line:
  TAG: exact E of N (resolvable R, exact among them ER)
Exit 1 when a resolvable clone is not exact.
"""
import sys

WITNESS = 3  # host bases that must read as the reference between junction and indel


def read_fasta(path):
    seqs, name, buf = {}, None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith('>'):
                if name:
                    seqs[name] = ''.join(buf)
                name, buf = line[1:].split()[0], []
            else:
                buf.append(line.upper())
    if name:
        seqs[name] = ''.join(buf)
    return seqs


def load(path):
    with open(path) as f:
        rows = [l.rstrip('\n').split('\t') for l in f if not l.startswith('##')]
    head = [h.lstrip('#') for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:]]


def carrier(seq, a, indel, lo, hi):
    """Host bases lo..hi (1-based) of the carrier allele as a list of bases, indel applied:
    POS:-K deletes POS..POS+K-1, POS:+SEQ inserts SEQ after POS."""
    p, what = indel.split(':')
    p = int(p)
    out = []
    for x in range(lo, hi + 1):
        if what.startswith('-') and p <= x < p + int(what[1:]):
            continue
        out.append(seq[x - 1])
        if what.startswith('+') and x == p and x < hi:
            out.extend(what[1:])
    return out


def outward(seq, a, indel, side, shift=0, n=40):
    """Carrier (indel applied) and reference bases read outward from the junction of `side`;
    the reference from a junction moved by `shift` bases (outward positive)."""
    if side == 'left':  # host on the left, junction base a + 5, read leftward
        c = carrier(seq, a, indel, a + 5 - n, a + 5)[::-1]
        j = a + 5 - shift
        r = [seq[x - 1] for x in range(j, j - n - 1, -1)]
    else:  # host on the right, junction base a, read rightward
        c = carrier(seq, a, indel, a, a + n)
        j = a + shift
        r = [seq[x - 1] for x in range(j, j + n + 1)]
    return c, r


def witness(seq, a, indel, side):
    """Host bases that read as the reference, outward from the junction of `side`."""
    c, r = outward(seq, a, indel, side)
    n = 0
    while n < len(c) and n < len(r) and c[n] == r[n]:
        n += 1
    return n


def ambiguous(seq, a, indel, side, span=24):
    """Does a junction moved by 1-4 bases, with no indel or one no longer than the true one,
    read the same as the carrier over `span` host bases? Then a read cannot tell them apart
    (the aligner takes the smaller change)."""
    k_true = int(indel.split(':')[1][1:]) if indel.split(':')[1].startswith('-') else \
        len(indel.split(':')[1]) - 1
    for shift in (-4, -3, -2, -1, 1, 2, 3, 4):
        c, r = outward(seq, a, indel, side, shift, span + 8)
        c = c[:span]
        if r[:span] == c:
            return True
        for k in range(1, k_true + 1):
            for p in range(0, span):
                if r[:p] != c[:p]:
                    break
                # deletion of k reference bases at p / insertion of k bases at p
                if c[p:span] == r[p + k:span + k]:
                    return True
                if c[p + k:span] == r[p:span - k]:
                    return True
    return False


def main():
    args = sys.argv[1:]
    min_frag, tag = 3, 'flank indels'
    if '--min-frag' in args:
        i = args.index('--min-frag')
        min_frag = int(args[i + 1])
        del args[i:i + 2]
    if '--tag' in args:
        i = args.index('--tag')
        tag = args[i + 1]
        del args[i:i + 2]
    host, truth, sites = read_fasta(args[0]), load(args[1]), load(args[2])
    n = exact = resolvable = exact_res = 0
    for t in truth:
        indel = t.get('flank_indel', 'none')
        if indel == 'none' or int(t['junction_fragments']) < min_frag:
            continue
        n += 1
        chrom, pos, strand = t['chrom'], int(t['pos']), t['strand']
        a = pos if strand == '+' else pos - 5
        # + strand: U3 junction on the left, U5 on the right; - strand: the reverse
        seen = []
        if int(t['split_fragments_u3']) > 0:
            seen.append('left' if strand == '+' else 'right')
        if int(t['split_fragments_u5']) > 0:
            seen.append('right' if strand == '+' else 'left')
        w = {s: witness(host[chrom], a, indel, s) for s in seen}
        res = any(v >= WITNESS and not ambiguous(host[chrom], a, indel, s)
                  for s, v in w.items())
        hit = [s for s in sites if s['chrom'] == chrom and int(s['pos']) == pos and
               s['strand'] == strand]
        near = [(int(s['pos']) - pos, s['strand'], s['fragments']) for s in sites
                if s['chrom'] == chrom and abs(int(s['pos']) - pos) <= 20]
        exact += bool(hit)
        resolvable += res
        exact_res += bool(hit) and res
        print('%s\t%s:%d%s\tfragments %s\tindel %s (dist %s)\twitness %s\t%s%s' % (
            tag, chrom, pos, strand, t['junction_fragments'], indel, t['flank_indel_dist'],
            ','.join('%s=%d' % kv for kv in sorted(w.items())),
            'exact' if hit else 'MISSED near %s' % near,
            '' if res else '\t(not resolvable: no junction with %d clean host bases that '
            'no smaller change elsewhere explains)' % WITNESS))
    print('%s: exact %d of %d (resolvable %d, exact among them %d)' %
          (tag, exact, n, resolvable, exact_res))
    return 0 if exact_res == resolvable else 1


if __name__ == '__main__':
    sys.exit(main())
