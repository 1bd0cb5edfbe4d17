#!/usr/bin/env python3
"""Seed corpus for the FilingParser fuzzer (Fuzz/, scripts/fuzz.sh): slices of the fixture filings
(FIXTURES_DIR, else ../shared/fixtures/filings beside the project; kept outside the repository).

Usage: scripts/fuzz-corpus.py OUT_DIR [MAX_LEN]

Every seed starts with the mode byte the harness (Fuzz/Sources/parser-fuzz) reads:
0 number reader (lines with numbers), 1 table reader (plain-text tables), 2 HTML (<table> blocks),
3 prose (paragraphs), 4 whole parse (the head of each filing, and each table with its context).
Tables are where the structure is, so most seeds are tables: every <TABLE>...</TABLE> block and
every block that starts a few lines above a line with two years and runs to the next blank run.
The corpus is rebuilt on every fuzz run and not committed (a few hundred files, about 2 MB).
"""
import hashlib
import os
import pathlib
import re
import sys

NUMBER, TABLE, HTML, PROSE, WHOLE = 0, 1, 2, 3, 4
YEARS = re.compile(rb"(19|20)\d\d\D+(19|20)\d\d")
AMOUNT = re.compile(rb"\d[\d,]*(\.\d+)?\s*\)?\s*$")


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(sys.argv[1])
    max_len = int(sys.argv[2]) if len(sys.argv) > 2 else 65536
    root = pathlib.Path(__file__).resolve().parent.parent
    fixtures = pathlib.Path(os.environ.get("FIXTURES_DIR") or root.parent / "shared" / "fixtures" / "filings")
    if not fixtures.is_dir():
        print(f"fuzz-corpus: no fixture filings at {fixtures} (set FIXTURES_DIR)", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    seen = set()

    def seed(mode: int, body: bytes) -> None:
        data = bytes([mode]) + body[: max_len - 1]
        digest = hashlib.sha1(data).hexdigest()
        if len(body) < 4 or digest in seen:
            return
        seen.add(digest)
        (out / f"seed-{mode}-{digest[:16]}").write_bytes(data)

    for path in sorted([*fixtures.glob("*.txt"), *fixtures.glob("*.htm")]):
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        seed(WHOLE, raw[:8192])
        if b"<html" in raw[:200000].lower() or b"<table" in raw.lower():
            # HTML (and SGML <TABLE>) blocks, whole, with a little context before them.
            for m in re.finditer(rb"(?is)<table.*?</table>", raw):
                start = max(0, m.start() - 600)
                block = raw[start : m.end()]
                if len(block) <= max_len - 1:
                    seed(HTML, block)
                    seed(TABLE, block)
        # Plain-text tables: from a little above a line with two years to the next three blank lines.
        i = 0
        while i < len(lines):
            if YEARS.search(lines[i]) and not lines[i].lstrip().startswith(b"<"):
                start = max(0, i - 6)
                j, blanks = i + 1, 0
                while j < len(lines) and j - i < 120 and blanks < 3:
                    blanks = blanks + 1 if not lines[j].strip() else 0
                    j += 1
                block = b"\n".join(lines[start:j])
                numeric = [l for l in lines[i:j] if AMOUNT.search(l)]
                if len(numeric) >= 3:
                    seed(TABLE, block)
                    seed(WHOLE, block)
                    seed(NUMBER, b"\n".join(numeric[:40]))
                i = j
            else:
                i += 1
        # Prose: paragraphs that talk about quarters, guidance or growth.
        for para in re.split(rb"\n\s*\n", raw):
            low = para.lower()
            if 200 < len(para) < 4000 and (b"expect" in low or b"quarter" in low) and b"<" not in para:
                seed(PROSE, para)
    # Hand-made number shapes the fixtures lack.
    seed(NUMBER, b"Sales  $ 1,234  $ (1,234)  (12.5)%  --  N/A  4,180 ,000  1,234(a)  $(0.05)  -0-  \xe2\x80\x94")
    print(f"{len(seen)} seeds in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
