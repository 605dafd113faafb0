#!/usr/bin/env python3
"""Small deterministic WGS-like fixture for `htlvpvl count` tests.

Writes in DIR: host.fa (chr1, chr2: autosomes; chrX), ref.fa (host + HTLV-1 in the chosen
layout), r1.fq / r2.fq (paired reads) and truth.tsv (chrom pos strand cell_fraction), with
clones integrated on both strands (site positions in the U5 convention of FIELD.md section 4).
Usage: count_fixture.py DIR HTLV1_FASTA LAYOUT(full|split) SEED DEPTH CLONES
  CLONES: comma list chrom:pos:strand:cell_fraction[:d] (d = 5' LTR deleted, type 2)
"""
import random
import sys

out, vfa, layout, seed, depth, clones = sys.argv[1:7]
rng = random.Random(int(seed))
depth = float(depth)
LTR = 755


def read_fa(p):
    seqs, name = {}, None
    for line in open(p):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]
            seqs[name] = []
        elif name:
            seqs[name].append(line.upper())
    return {k: ''.join(v) for k, v in seqs.items()}


virus = ''.join(read_fa(vfa).values())
assert len(virus) == 9033
comp = str.maketrans('ACGTN', 'TGCAN')


def rc(s):
    return s.translate(comp)[::-1]


host = {c: ''.join(rng.choice('ACGT') for _ in range(n))
        for c, n in (('chr1', 60000), ('chr2', 40000), ('chrX', 20000))}

# haplotypes: every contig twice (chrX once per cell: one X, male), each a weight in cells
haps = []  # (chrom, seq, offset map info, weight)
for c, s in host.items():
    haps.append((c, s, None, 2.0 if c != 'chrX' else 1.0))
truth = []
for spec in clones.split(','):
    f = spec.split(':')
    c, pos, strand, cf = f[0], int(f[1]), f[2], float(f[3])
    deleted = len(f) > 4 and f[4] == 'd'
    a = pos if strand == '+' else pos - 5          # TSD h[a..a+5], 1-based
    prov = virus[4000:] if deleted else virus     # type 2: 5' LTR, gag, part of pol lost
    ins = prov if strand == '+' else rc(prov)
    s = host[c]
    # host[1..a+5] + provirus + host[a..]: the TSD appears on both sides
    hap = s[:a + 5] + ins + s[a - 1:]
    haps.append((c, hap, (a, len(ins)), cf))
    truth.append((c, pos, strand, cf))
    # the infected allele replaces one uninfected copy in cf of the cells
    for i, h in enumerate(haps):
        if h[0] == c and h[2] is None:
            haps[i] = (h[0], h[1], None, h[3] - cf)
            break

with open(f'{out}/host.fa', 'w') as fh:
    for c, s in host.items():
        fh.write(f'>{c}\n')
        for i in range(0, len(s), 60):
            fh.write(s[i:i + 60] + '\n')
with open(f'{out}/ref.fa', 'w') as fh:
    for c, s in host.items():
        fh.write(f'>{c}\n')
        for i in range(0, len(s), 60):
            fh.write(s[i:i + 60] + '\n')
    vc = [('HTLV1', virus)] if layout == 'full' else \
        [('HTLV1_LTR', virus[:LTR]), ('HTLV1_internal', virus[LTR:9033 - LTR])]
    for n, s in vc:
        fh.write(f'>{n}\n')
        for i in range(0, len(s), 60):
            fh.write(s[i:i + 60] + '\n')

RL, MEAN, SD = 100, 350, 40
q = 'I' * RL
n_id = 0
with open(f'{out}/r1.fq', 'w') as f1, open(f'{out}/r2.fq', 'w') as f2:
    for c, s, info, w in haps:
        if w <= 0:
            continue
        n = int(round(depth * w / 2 * len(s) / (2 * RL)))
        for _ in range(n):
            L = max(2 * RL, int(rng.gauss(MEAN, SD)))
            st = rng.randrange(0, len(s) - L)
            frag = s[st:st + L]
            if rng.random() < 0.5:
                frag = rc(frag)
            r1, r2 = list(frag[:RL]), list(rc(frag)[:RL])
            for r in (r1, r2):
                for i in range(RL):
                    if rng.random() < 0.002:
                        r[i] = rng.choice('ACGT')
            n_id += 1
            f1.write(f'@f{n_id}\n{"".join(r1)}\n+\n{q}\n')
            f2.write(f'@f{n_id}\n{"".join(r2)}\n+\n{q}\n')
with open(f'{out}/truth.tsv', 'w') as fh:
    fh.write('chrom\tpos\tstrand\tcell_fraction\n')
    for t in sorted(truth):
        fh.write('%s\t%d\t%s\t%g\n' % t)
