#!/usr/bin/env python3
"""Copies the fixture filings (.txt and .htm) into OUT, and writes mutated copies of them next to the copies:
non-ASCII letters and look-alikes, combining marks, no-break and ideographic spaces, full-width
digits and signs, CRLF line ends and tabs, each at a few rates. They exercise the exact non-ASCII
fallbacks of the parser's byte-level fast paths (scripts/parser-diff.sh). Deterministic.

Usage: scripts/parser-mutations.py FIXTURES_DIR OUT_DIR
"""
import os
import random
import shutil
import sys

SUBSTITUTIONS = [
    ('e', 'é'), ('a', 'à'), ('n', 'ñ'), ('s', 'ß'), ('i', 'ı'), ('T', 'Ŧ'), ('K', '\u212a'), ('I', '\u0130'),
    ('o', 'o\u0301'), ('l', 'l\u0300'), ('t', 't\u0308'), ('1', '1\u0301'), ('L', 'L\u0338'),
    (' ', '\u00a0'), ('  ', ' \u3000'), ('"', '\u201c'), ('-', '\u2014'), ('-', '\u2212'), (',', '\u060c'),
    ('.', '\u2024'), ('0', '\uff10'), ('(', '\uff08'), ('$', '\uff04'), ('2003', '\uff12\uff10\uff10\uff13'),
    ('Total', 'Total\u0300'), ('total', 'TOTAL\u0301'), ('Net', 'Ne\u0301t'), ('Quarter', 'Qu\u00e0rter'),
    ('Months', 'M\u00f3nths'), ('Revenue', 'Rev\u00e9nue'), ('income', '\u0131nc\u0131me'),
    ('  ', '\t'), ('\n', '\r\n'),
]
RATES = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]


def mutate(text, rng, rate):
    lines = text.split('\n')
    for i, line in enumerate(lines):
        for _ in range(3):
            if rng.random() < rate:
                old, new = rng.choice(SUBSTITUTIONS)
                starts = [j for j in range(len(line)) if line.startswith(old, j)]
                if starts:
                    j = rng.choice(starts)
                    line = line[:j] + new + line[j + len(old):]
        lines[i] = line
    return '\n'.join(lines)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names = sorted(n for n in os.listdir(src) if n.endswith(('.txt', '.htm')))
    for name in names:
        shutil.copy(os.path.join(src, name), os.path.join(out, name))
        if os.path.getsize(os.path.join(src, name)) > 300_000:
            continue  # the large HTML submissions (0.4-2 MB): the originals are enough
        text = open(os.path.join(src, name), encoding='utf-8', errors='replace').read()
        for k, rate in enumerate(RATES):
            rng = random.Random(f'{name}-{k}')
            with open(os.path.join(out, f'mutated-{k}-{name}'), 'w', encoding='utf-8') as f:
                f.write(mutate(text, rng, rate))
    print(f'parser-mutations: {len(os.listdir(out))} inputs in {out}')


if __name__ == '__main__':
    main()
