#!/usr/bin/env python3
"""A second, independent simulator of WGS samples with HTLV-1 proviruses (issue 9): nothing of
`htlvpvl simulate` is used. Reads come from ART (art_illumina, Debian art-nextgen-simulation-
tools: its own error and quality profiles, its own fragment sampler); this script only builds
the sequences ART reads from and draws how many fragments each one gives.

  art_sim.py reference --out REF.fa [--host-kb K] [--host-seed S]
      the host as a reference: chr1-chr3, chrX, chrY, chrM, with an N gap (5 % of chr1) whose
      sequence the sample holds, and a 1-kb repeat in 24 copies (2 % divergent): what
      `bwa index` is built on, with `htlvpvl ref` appended.
  art_sim.py sample --out DIR --seed N --virus HTLV1.fa [options]
      DIR/reads_1.fq.gz, DIR/reads_2.fq.gz and DIR/truth.json: pvl_cells (proviruses per 100
      cells, defective ones included) and every clone's cell fraction, site and strand.
  art_sim.py sites [--check] DIR/SCENARIO/sSEED/tK/truth.json...
      the sites count reported (bam.sites.tsv beside each truth) against the true clones.

The sample is a male (chrX, chrY and chrM one copy each: chrM about 2.5 % of the reads)
whose infected cells each carry one provirus, clone sizes drawn from a Pareto law. Fragment
starts fall at a rate per base and genome copy; a contig of length L and c copies gives
Poisson(rate * c * (L - mean + 1)) fragments, as ART places a fragment wholly inside its
sequence (each clone's provirus sits in 2 kb of its own host flanks, so the junctions are
inside too). Options: --divergence D (a patient strain: substitutions at D, twice that in the
LTR, small indels at D/10), --defective F (each clone with probability F loses the 5' LTR and
2 kb of gag/pol, type 2), --gc-bias (PCR bias peaking at 45 % GC: a fragment is kept with
probability exp(-((gc - 0.45) / 0.12)^2), so the 53 %-GC virus is kept about 0.72 times as
often as the 41 %-GC host), --dup P (a share P of fragments read twice, as PCR duplicates:
mark them), --fold F (a pre/post pair, DIR/t0 and DIR/t1: at t1 the CCR4+ clones, each clone
with probability 1/2, hold F times their cells), --hard (of the three largest clones, the
second 30 bp from the first on the other strand, the third inside a repeat copy)."""
import argparse, gzip, json, math, os, random, shutil, subprocess, sys, tempfile

COMP = str.maketrans('ACGTN', 'TGCAN')
LTR = 755
FLANK = 2000


def revcomp(s):
    return s.translate(COMP)[::-1]


def read_fasta(path):
    seqs, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]
            seqs[name] = []
        elif name:
            seqs[name].append(line.upper())
    return {k: ''.join(v) for k, v in seqs.items()}


def write_fasta(path, seqs):
    with open(path, 'w') as f:
        for name, s in seqs:
            f.write('>%s\n' % name)
            for i in range(0, len(s), 60):
                f.write(s[i:i + 60] + '\n')


def random_seq(rng, n, gc):
    w = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
    return ''.join(rng.choices('ACGT', weights=w, k=n))


# isochore families of the human genome (share of the sequence, mean GC): L1, L2, H1, H2, H3
FAMILIES = [(0.20, 0.365), (0.35, 0.395), (0.25, 0.43), (0.12, 0.475), (0.08, 0.53)]


def isochores(rng, n, narrow):
    """Host sequence in segments of 3-15 kb. Human-like: each segment's GC from an isochore
    family (sd 1.5 % within), so that about 5 % of 1.5-kb windows lie within 2 % GC of the
    virus (53 %) as in the human genome; narrow: GC drawn around 41 % (sd 4 %), which leaves
    the viral GC outside the host's range."""
    out = []
    while sum(map(len, out)) < n:
        if narrow:
            gc = rng.gauss(0.41, 0.04)
        else:
            f = rng.choices(FAMILIES, weights=[x[0] for x in FAMILIES])[0]
            gc = rng.gauss(f[1], 0.015)
        out.append(random_seq(rng, rng.randint(3000, 15000), min(0.62, max(0.30, gc))))
    return ''.join(out)[:n]


def mutate(rng, s, rate):
    out = []
    for b in s:
        if rng.random() < rate:
            out.append(rng.choice([c for c in 'ACGT' if c != b]))
        else:
            out.append(b)
    return ''.join(out)


def host_sample(kb, seed, narrow):
    """The sample's host chromosomes (no N), the spans the reference masks with N and the
    repeat copies (chrom, 0-based start)."""
    rng = random.Random(seed)
    size = {'chr1': kb * 1000 * 45 // 100, 'chr2': kb * 1000 * 33 // 100,
            'chr3': kb * 1000 * 22 // 100, 'chrX': kb * 1000 // 5, 'chrY': kb * 1000 // 20,
            'chrM': 16569}
    seq = {c: list(isochores(rng, n, narrow)) for c, n in size.items()}
    rep = random_seq(rng, 1000, 0.45)
    repeats = []
    for i in range(24):
        c = ('chr1', 'chr2', 'chr3', 'chrX')[i % 4]
        p = rng.randrange(5000, size[c] - 6000)
        seq[c][p:p + 1000] = list(mutate(rng, rep, 0.02))
        repeats.append((c, p))
    gap = (size['chr1'] // 2, size['chr1'] // 2 + size['chr1'] // 20)
    return {c: ''.join(s) for c, s in seq.items()}, {'chr1': gap}, repeats


def cmd_reference(a):
    seq, gaps, _ = host_sample(a.host_kb, a.host_seed, a.host_gc == 'narrow')
    out = []
    for c, s in seq.items():
        if c in gaps:
            b, e = gaps[c]
            s = s[:b] + 'N' * (e - b) + s[e:]
        out.append((c, s))
    write_fasta(a.out, out)


def strain(rng, prov, d):
    """A patient strain d away from J02029: both LTRs carry the same variants, as at
    integration (one template)."""
    if d <= 0:
        return prov
    ltr = mutate(rng, prov[:LTR], 2 * d)
    body = list(mutate(rng, prov[LTR:-LTR], d))
    i = 0
    out = []
    while i < len(body):
        if rng.random() < d / 10:
            n = rng.randint(1, 3)
            if rng.random() < 0.5:
                i += n
                continue
            out.append(random_seq(rng, n, 0.5))
        out.append(body[i])
        i += 1
    return ltr + ''.join(out) + ltr


def gc_keep(s):
    gc = (s.count('G') + s.count('C')) / max(1, len(s))
    return math.exp(-((gc - 0.45) / 0.12) ** 2)


def run_art(a, fa, n, seed, tmp, tag):
    """n pairs from the one sequence in fa; returns [(name, r1 fastq lines, r2 lines, start,
    end)] with the fragment's 0-based span on that sequence (from ART's SAM)."""
    prefix = os.path.join(tmp, tag)
    args = ['art_illumina', '-ss', a.system, '-p', '-l', str(a.read_len), '-m',
            str(a.frag_mean), '-s', str(a.frag_sd), '-c', str(n), '-rs', str(seed), '-na',
            '-q', '-sam', '-M', '-d', tag, '-i', fa, '-o', prefix]
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit('art_sim: art_illumina failed: %s' % r.stderr.strip()[-300:])
    span = {}
    with open(prefix + '.sam') as f:
        for line in f:
            if line[0] == '@':
                continue
            x = line.split('\t', 9)
            tlen = int(x[8])
            if tlen > 0:
                span[x[0]] = (int(x[3]) - 1, int(x[3]) - 1 + tlen)
    pairs = []
    with open(prefix + '1.fq') as f1, open(prefix + '2.fq') as f2:
        while True:
            r1 = [f1.readline() for _ in range(4)]
            r2 = [f2.readline() for _ in range(4)]
            if not r1[0]:
                break
            name = r1[0][1:].split('/')[0].strip()
            pairs.append((name, r1, r2) + span[name])
    for ext in ('1.fq', '2.fq', '.sam'):
        os.remove(prefix + ext)
    return pairs


COPIES = {'chr1': 2, 'chr2': 2, 'chr3': 2, 'chrX': 1, 'chrY': 1, 'chrM': 1}


def draw_clones(a, rng, seq, gaps, repeats, prov):
    """Clones: Pareto weights over the infected cells; sites on chr1-chr3 and chrX, away from
    the N gap and from each other, but with --hard the second clone 30 bp from the first on the
    other strand and the third inside a repeat copy; each clone's allele is its provirus in
    2 kb of flanks."""
    w = [rng.paretovariate(1.2) for _ in range(a.clones)]
    if a.hard:  # the three hard clones are the largest
        w.sort(reverse=True)
    clones, taken = [], []
    for i, x in enumerate(w):
        strand = rng.choice('+-')
        while True:
            c = rng.choice(['chr1', 'chr1', 'chr2', 'chr2', 'chr3', 'chrX'])
            p = rng.randrange(FLANK + 10, len(seq[c]) - FLANK - 10)  # 0-based first TSD base
            if a.hard and i == 1:
                c, p = taken[0][0], taken[0][1] + 30
                strand = '+' if clones[0]['strand'] == '-' else '-'
                break
            if a.hard and i == 2:
                c, p = repeats[rng.randrange(len(repeats))]
                p += rng.randrange(100, 900)
            gap = gaps.get(c, (0, 0))
            near = any(c == tc and abs(p - tp) < 3 * FLANK for tc, tp in taken)
            if not (gap[0] - FLANK - 500 < p < gap[1] + FLANK + 500 or near):
                break
        taken.append((c, p))
        defective = rng.random() < a.defective
        v = prov[LTR + 2000:] if defective else prov
        v = v if strand == '+' else revcomp(v)
        clones.append({'chrom': c, 'pos': p + 1 if strand == '+' else p + 6, 'strand': strand,
                       'cell_fraction': a.pvl / 100 * x / sum(w),
                       'defective': 'type2' if defective else None,
                       'ccr4': rng.random() < 0.5,
                       'allele': seq[c][p - FLANK:p + 6] + v + seq[c][p:p + 6 + FLANK],
                       'span': (FLANK + 6, FLANK + 6 + len(v))})
    return clones


def write_reads(a, rng, seq, clones, seed, out):
    """Draws the fragments of one sample, runs ART on each sequence, writes out/reads_{1,2}.fq.gz
    and returns the viral fragments drawn (those overlapping a provirus, duplicates not
    counted)."""
    rate = a.depth / 2 / (2 * a.read_len)  # fragment starts per base and genome copy
    units = [(c, s, COPIES[c], None) for c, s in seq.items()]
    units += [('clone%d' % i, k['allele'], k['cell_fraction'], k['span'])
              for i, k in enumerate(clones)]
    frags, n_viral = [], 0
    tmp = tempfile.mkdtemp(prefix='art_sim.')
    try:
        for j, (tag, s, cp, span) in enumerate(units):
            n = poisson(rng, rate * cp * (len(s) - a.frag_mean + 1))
            if n == 0:
                continue
            fa = os.path.join(tmp, tag + '.fa')
            write_fasta(fa, [(tag, s)])
            for name, r1, r2, b, e in run_art(a, fa, n, seed * 1000 + j, tmp, tag):
                if a.gc_bias and rng.random() >= gc_keep(s[b:e]):
                    continue
                frags.append((r1, r2))
                n_viral += span is not None and b < span[1] and e > span[0]
                if a.dup > 0 and rng.random() < a.dup:
                    frags.append(([r1[0].replace('@', '@d', 1)] + r1[1:],
                                  [r2[0].replace('@', '@d', 1)] + r2[1:]))
    finally:
        shutil.rmtree(tmp)
    rng.shuffle(frags)
    os.makedirs(out, exist_ok=True)
    for k, path in ((0, 'reads_1.fq.gz'), (1, 'reads_2.fq.gz')):
        with gzip.open(os.path.join(out, path), 'wt', compresslevel=1) as f:
            for fr in frags:
                f.writelines(fr[k])
    return n_viral


def cmd_sample(a):
    rng = random.Random(a.seed * 7919 + 17)
    seq, gaps, repeats = host_sample(a.host_kb, a.host_seed, a.host_gc == 'narrow')
    prov = strain(rng, read_fasta(a.virus).popitem()[1], a.divergence)
    clones = draw_clones(a, rng, seq, gaps, repeats, prov)
    points = [(a.out, 1.0)]
    if a.fold is not None:  # a pre/post pair: the CCR4+ clones (half, drawn) scaled by --fold
        points = [(os.path.join(a.out, 't0'), 1.0), (os.path.join(a.out, 't1'), a.fold)]
    for k, (out, fold) in enumerate(points):
        cl = [dict(c, cell_fraction=c['cell_fraction'] * (fold if c['ccr4'] else 1))
              for c in clones]
        n_viral = write_reads(a, rng, seq, cl, a.seed * 10 + k, out)
        truth = {'simulator': 'bench/art_sim.py (ART %s)' % a.system, 'seed': a.seed,
                 'timepoint': k,
                 'pvl_cells': 100 * sum(c['cell_fraction'] for c in cl),
                 'counts': {'viral_fragments': n_viral},
                 'genome_size_haploid': sum(COPIES[c] * (len(s) - a.frag_mean + 1)
                                            for c, s in seq.items()) / 2,
                 'depth': a.depth, 'read_len': a.read_len, 'frag_mean': a.frag_mean,
                 'divergence': a.divergence,
                 'gc_bias': a.gc_bias, 'dup': a.dup,
                 'defective_cells': 100 * sum(c['cell_fraction'] for c in cl if c['defective']),
                 'clones': [{x: c[x] for x in ('chrom', 'pos', 'strand', 'cell_fraction',
                                               'defective', 'ccr4')} for c in cl]}
        with open(os.path.join(out, 'truth.json'), 'w') as f:
            json.dump(truth, f, indent=1)
            f.write('\n')


def read_sites(path):
    with open(path) as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            yield dict(zip(head, line.rstrip('\n').split('\t')))


def cmd_sites(a):
    """Reported sites against the truth: an exact site (column exact = 1) is right when a true
    clone of its strand lies at its position (within --tol bp); a pair-only site when a true
    clone of its strand lies in [pos_low, pos_high]. A clone is expected to show when it should
    have at least 4 junction fragments with 30 bp on each side (fragment starts per base and
    copy x (mean fragment - 60) x its cells, per junction: two for an intact provirus, one for
    a 5'-deleted one). Prints one line per scenario, and with --check PASS/FAIL lines: every
    site with >= 2 fragments right, at most 1 or 5 % of the 1-fragment sites wrong, at least
    90 % of the expected clones found."""
    rows = {}
    for t in a.truth:
        d = os.path.dirname(t)
        sc = os.path.basename(os.path.dirname(os.path.dirname(d.rstrip('/'))))
        sites = os.path.join(d, a.sites)
        if not os.path.exists(sites):
            continue
        tr = json.load(open(t))
        clones = tr['clones']
        r = rows.setdefault(sc, {'n': 0, 'exact': 0, 'exact_ok': 0, 'pair': 0, 'pair_ok': 0,
                                 'multi': 0, 'multi_ok': 0, 'clones': 0, 'found': set(),
                                 'expected': set()})
        r['n'] += 1
        r['clones'] += len(clones)
        rate = tr['depth'] / 2 / (2 * tr['read_len'])
        for i, c in enumerate(clones):
            ends = 1 if c['defective'] else 2
            if rate * (tr['frag_mean'] - 60) * c['cell_fraction'] * ends >= 4:
                r['expected'].add((t, i))
        for x in read_sites(sites):
            pos, lo, hi = int(x['pos']), int(x['pos_low']), int(x['pos_high'])
            if x['exact'] == '1':
                lo, hi = pos - a.tol, pos + a.tol
            hit = [i for i, c in enumerate(clones) if c['chrom'] == x['chrom'] and
                   c['strand'] == x['strand'] and lo <= c['pos'] <= hi]
            kind = 'exact' if x['exact'] == '1' else 'pair'
            r[kind] += 1
            r[kind + '_ok'] += bool(hit)
            if int(x['fragments']) >= 2:
                r['multi'] += 1
                r['multi_ok'] += bool(hit)
            for i in hit:
                r['found'].add((t, i))
    verdicts = []
    print('scenario\tsamples\tclones\tfound\texpected\texpected_found\texact_sites'
          '\texact_right\tpair_sites\tpair_right\tsites_2+_fragments\tright')
    for sc, r in sorted(rows.items()):
        ef = len(r['expected'] & r['found'])
        print('%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d' % (
            sc, r['n'], r['clones'], len(r['found']), len(r['expected']), ef, r['exact'],
            r['exact_ok'], r['pair'], r['pair_ok'], r['multi'], r['multi_ok']))
        one = r['exact'] + r['pair'] - r['multi']
        wrong = one - (r['exact_ok'] + r['pair_ok'] - r['multi_ok'])
        verdicts.append((r['multi_ok'] == r['multi'], '%s sites: %d of %d with >= 2 fragments '
                         'on a true clone' % (sc, r['multi_ok'], r['multi'])))
        verdicts.append((wrong <= max(1, 0.05 * one), '%s sites: %d of %d with 1 fragment not on '
                         'a true clone (at most 1 or 5 %%)' % (sc, wrong, one)))
        if r['expected']:
            verdicts.append((ef >= 0.9 * len(r['expected']), '%s sites: %d of %d clones '
                             'expected to show found (>= 90 %%)' % (sc, ef, len(r['expected']))))
    if a.check:
        for ok, what in verdicts:
            print('%s\t%s' % ('PASS' if ok else 'FAIL', what))


def poisson(rng, lam):
    if lam < 30:
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p < l:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('reference')
    s = sub.add_parser('sample')
    e = sub.add_parser('sites')
    e.add_argument('--sites', default='bam.sites.tsv', help='file beside each truth.json')
    e.add_argument('--tol', type=int, default=0)
    e.add_argument('--check', action='store_true')
    e.add_argument('truth', nargs='+', help='DIR/SCENARIO/sSEED/tK/truth.json')
    for p in (r, s):
        p.add_argument('--out', required=True)
        p.add_argument('--host-kb', type=int, default=300)
        p.add_argument('--host-seed', type=int, default=1)
        p.add_argument('--host-gc', choices=('human', 'narrow'), default='human')
    s.add_argument('--seed', type=int, required=True)
    s.add_argument('--virus', required=True, help='the provirus, LTR to LTR (J02029)')
    s.add_argument('--depth', type=float, default=30)
    s.add_argument('--pvl', type=float, default=10)
    s.add_argument('--clones', type=int, default=10)
    s.add_argument('--system', default='HS25')
    s.add_argument('--read-len', type=int, default=150)
    s.add_argument('--frag-mean', type=int, default=350)
    s.add_argument('--frag-sd', type=int, default=60)
    s.add_argument('--divergence', type=float, default=0)
    s.add_argument('--defective', type=float, default=0)
    s.add_argument('--gc-bias', action='store_true')
    s.add_argument('--dup', type=float, default=0)
    s.add_argument('--fold', type=float)
    s.add_argument('--hard', action='store_true')
    a = ap.parse_args()
    {'reference': cmd_reference, 'sample': cmd_sample, 'sites': cmd_sites}[a.cmd](a)


if __name__ == '__main__':
    main()
