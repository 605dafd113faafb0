#!/usr/bin/env python3
"""png_stats.py PNG [#rrggbb ...]: decode an 8-bit RGB/RGBA PNG (as rsvg-convert writes it) with
the standard library only and print: width height non_white_fraction distinct_colours, then for
each colour given, how many pixels have exactly it. Used by the compare tests to check a plot
is not blank and that the subjects' colours are drawn."""
import struct, sys, zlib

def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('not a PNG')
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, typ = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if typ == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit('unsupported PNG type')
            bpp = 4 if ctype == 6 else 3
        elif typ == b'IDAT':
            idat += body
        pos += 12 + n
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
colours, non_white = {}, 0
for r in rows:
    for x in range(0, len(r), bpp):
        px = tuple(r[x:x + 3]) if bpp == 3 or r[x + 3] == 255 else \
            tuple(int(v * r[x + 3] / 255 + 255 - r[x + 3]) for v in r[x:x + 3])  # over white
        colours[px] = colours.get(px, 0) + 1
        if px != (255, 255, 255):
            non_white += 1
print(w, h, '%.4f' % (non_white / (w * h)), len(colours))
for hexc in sys.argv[2:]:
    rgb = tuple(int(hexc.lstrip('#')[i:i + 2], 16) for i in (0, 2, 4))
    print(hexc, colours.get(rgb, 0))
