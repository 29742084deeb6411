#!/usr/bin/env python3
"""Build the traditional → simplified character table the parser uses
(src/notice/t2s.bin) from OpenCC's dictionary (Apache-2.0), and the fixtures
that test it against OpenCC itself (tests/data/t2s/).

    pip install opencc-python-reimplemented==0.1.7   # OpenCC's data and converter
    python3 scripts/make-t2s.py

Only one-character mappings whose simplified form is in GB2312 (the
characters of any simplified notice) are kept: 2,566 pairs, 4 bytes each
(two little-endian UTF-16 units), sorted by the traditional character.
"""
import os, struct, opencc

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dictionary = os.path.join(os.path.dirname(opencc.__file__), 'dictionary', 'TSCharacters.txt')
pairs = {}
for line in open(dictionary, encoding='utf-8'):
    t, s = line.rstrip('\n').split('\t')
    s = s.split(' ')[0]
    if len(t) != 1 or len(s) != 1 or t == s or ord(t) > 0xFFFF or ord(s) > 0xFFFF:
        continue
    try:
        s.encode('gb2312')
    except UnicodeEncodeError:
        continue
    pairs[t] = s
with open(os.path.join(root, 'src/notice/t2s.bin'), 'wb') as out:
    for t, s in sorted(pairs.items(), key=lambda p: ord(p[0])):
        out.write(struct.pack('<HH', ord(t), ord(s)))

# Fixtures: the seed written in traditional characters by OpenCC, and OpenCC's
# own conversion of that back to simplified (what the parser's must match).
seed = open(os.path.join(root, 'seeds/xiangshan-2023-50-minsheng.txt'), encoding='utf-8').read()
traditional = opencc.OpenCC('s2t').convert(seed)
fixtures = os.path.join(root, 'tests/data/t2s')
os.makedirs(fixtures, exist_ok=True)
open(os.path.join(fixtures, 'seed.traditional.txt'), 'w', encoding='utf-8').write(traditional)
open(os.path.join(fixtures, 'seed.opencc-simplified.txt'), 'w', encoding='utf-8').write(opencc.OpenCC('t2s').convert(traditional))
print(len(pairs), 'pairs')
