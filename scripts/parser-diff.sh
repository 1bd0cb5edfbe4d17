#!/usr/bin/env bash
# Speed work on the parser must not change what it reads. This compares the full JSON parse
# (header, statements, facts, guidance, claims, checks, warnings) of the parser at BASE_REV with
# the working tree's, on the fixtures (FIXTURES_DIR, else ../shared/fixtures/filings) and on mutated copies of them (scripts/parser-mutations.py:
# non-ASCII letters, combining marks, odd spaces, full-width digits, CRLF, tabs), and prints the
# first differences. Exit status 1 when the outputs differ.
# Usage: scripts/parser-diff.sh [BASE_REV]   (default HEAD; e.g. origin/main, a commit id)
set -euo pipefail
root=$(git rev-parse --show-toplevel)
base=${1:-HEAD}
work=${PARSER_DIFF_DIR:-$root/.build-parser-diff}
swift=${SWIFT:-swift}
mkdir -p "$work"

# Two small packages over the parser sources: the base revision's and the working tree's.
rm -rf "$work/base-src" && mkdir -p "$work/base-src"
git -C "$root" archive "$base" Sources/FilingParser | tar -x -C "$work/base-src"
package() {
    local dir=$1 sources=$2
    mkdir -p "$dir/Sources/dumpdir"
    ln -sfn "$sources" "$dir/Sources/FilingParser"
    cat > "$dir/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(name: "parser-diff", targets: [
    .target(name: "FilingParser"),
    .executableTarget(name: "dumpdir", dependencies: ["FilingParser"]),
])
SWIFT
    cat > "$dir/Sources/dumpdir/main.swift" <<'SWIFT'
import FilingParser
import Foundation
// Prints the parse of every .txt / .htm file in a folder as JSON, file by file.
let dir = CommandLine.arguments[1]
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".txt") || name.hasSuffix(".htm") {
    let text = FilingText.decode(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
    print("### \(name)")
    print(String(decoding: try encoder.encode(FilingParser.parse(text)), as: UTF8.self))
}
SWIFT
}
package "$work/base" "$work/base-src/Sources/FilingParser"
package "$work/head" "$root/Sources/FilingParser"

rm -rf "$work/inputs"
fixtures=${FIXTURES_DIR:-$root/../shared/fixtures/filings}
[ -d "$fixtures" ] || { echo "parser-diff: no fixture filings at $fixtures (set FIXTURES_DIR)"; exit 2; }
python3 "$root/scripts/parser-mutations.py" "$fixtures" "$work/inputs"
for side in base head; do
    "$swift" build -c release --package-path "$work/$side" --product dumpdir >"$work/$side-build.log" 2>&1 \
        || { echo "parser-diff: the $side build failed (see $work/$side-build.log)"; exit 2; }
    "$work/$side/.build/release/dumpdir" "$work/inputs" >"$work/$side.json"
done
if diff -q "$work/base.json" "$work/head.json" >/dev/null; then
    echo "parser-diff: identical output on $(ls "$work/inputs" | wc -l) inputs ($base vs working tree)"
else
    echo "parser-diff: the output differs from $base's (first lines of the diff; full JSON in $work):"
    diff "$work/base.json" "$work/head.json" | head -60
    exit 1
fi
