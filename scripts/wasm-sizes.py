#!/usr/bin/env python3
"""List the largest functions of a .wasm that still has its name section (the cargo output,
before wasm-bindgen strips it). Usage: wasm-sizes.py FILE [N]. Used to decide which dependency
earns its bytes."""
import sys, collections, re

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def main():
    data = open(sys.argv[1], 'rb').read(); n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    i = 8; imports = 0; bodies = []; names = {}
    while i < len(data):
        sid = data[i]; i += 1; size, i = leb(data, i); end = i + size
        if sid == 2:
            cnt, j = leb(data, i)
            for _ in range(cnt):
                l, j = leb(data, j); j += l; l, j = leb(data, j); j += l
                kind = data[j]; j += 1
                if kind == 0: _, j = leb(data, j); imports += 1
                elif kind == 1: j += 1; fl, j = leb(data, j); _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
                elif kind == 2: fl, j = leb(data, j); _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
                elif kind == 3: j += 2
                else: j += 1
        elif sid == 10:
            cnt, j = leb(data, i)
            for _ in range(cnt):
                l, j = leb(data, j); bodies.append(l); j += l
        elif sid == 0:
            l, j = leb(data, i); nm = data[j:j + l].decode(); j += l
            if nm == 'name':
                while j < end:
                    sub = data[j]; j += 1; sl, j = leb(data, j); se = j + sl
                    if sub == 1:
                        c, j = leb(data, j)
                        for _ in range(c):
                            idx, j = leb(data, j); l, j = leb(data, j); names[idx] = data[j:j + l].decode('utf-8', 'replace'); j += l
                    j = se
        i = end
    rows = [(sz, names.get(imports + k, f'func{imports + k}')) for k, sz in enumerate(bodies)]
    total = sum(sz for sz, _ in rows)
    by_crate = collections.Counter()
    for sz, nm in rows:
        m = re.search(r'(?:^|[<_ ])(_?[a-z_][a-z0-9_]*)::', nm)
        by_crate[m.group(1) if m else '?'] += sz
    print(f'code bytes: {total}')
    for c, sz in by_crate.most_common(15): print(f'{sz:8d}  {c}')
    print('---')
    for sz, nm in sorted(rows, reverse=True)[:n]: print(f'{sz:8d}  {nm[:150]}')

main()
