import FilingParser
import Foundation

/// Parses the variants of filings and compares each one's key figures with its original's.
public enum VariantRun {
    public struct Outcome: Sendable {
        public var file: String
        public var kind: String
        public var name: String
        public var passed: Bool
        /// The figures that differ, "field: variant vs original".
        public var differences: [String]
    }

    public struct FilingResult: Sendable {
        public var file: String
        public var original: KeyFigures
        public var outcomes: [Outcome]
        public var notApplicable: [String]
    }

    /// The fixture filings of `directory`: each `*.txt` / `*.htm` with a `*.truth.json` beside it.
    public static func filings(in directory: String) throws -> [(path: String, periodEnd: String)] {
        let fm = FileManager.default
        var out: [(String, String)] = []
        for name in try fm.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".txt") || name.hasSuffix(".htm") {
            let base = (name as NSString).deletingPathExtension
            let truth = (directory as NSString).appendingPathComponent(base + ".truth.json")
            guard let data = fm.contents(atPath: truth),
                  let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let end = json["period_end"] as? String else { continue }
            out.append(((directory as NSString).appendingPathComponent(name), end))
        }
        return out
    }

    /// Every variant of one filing (of the `kinds` given, all when nil) against the original.
    /// `writeTo`: a directory to write each variant to (`<file>.<n>.<kind>`), to look at a failure.
    /// `include`: which variants to parse (all by default).
    public static func run(path: String, periodEnd: String, kinds: Set<String>? = nil, seed: UInt64 = 1,
                           writeTo: String? = nil, include: (LayoutVariant) -> Bool = { _ in true }) throws -> FilingResult {
        let text = FilingText.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        let file = (path as NSString).lastPathComponent
        let original = KeyFigures(FilingParser.parse(text), periodEnd: periodEnd)
        let made = LayoutVariants.generate(text, seed: seed, only: kinds)
        var outcomes: [Outcome] = []
        for (n, v) in made.variants.enumerated() where include(v) {
            if let dir = writeTo {
                try v.text.write(toFile: (dir as NSString).appendingPathComponent("\(file).\(n).\(v.kind)"), atomically: false, encoding: .utf8)
            }
            let got = KeyFigures(FilingParser.parse(v.text), periodEnd: periodEnd)
            let diff = got.differences(from: original)
            outcomes.append(Outcome(file: file, kind: v.kind, name: v.name, passed: diff.isEmpty, differences: diff))
        }
        return FilingResult(file: file, original: original, outcomes: outcomes,
                            notApplicable: made.notApplicable)
    }

    /// The goal per filing (issue 12): at least this many variants, of at least this many kinds.
    public static let minimumVariants = 20
    public static let minimumKinds = 8

    /// Per kind: variants passed / made and filings it did not apply to; per filing: variants passed /
    /// made and kinds (flagged "UNDER 20/8" below the goal) and each failure; the filings under the
    /// goal; the last line
    /// "variants: N variants of K kinds over F filings, P passed (X%)".
    public static func report(_ results: [FilingResult], verbose: Bool = false) -> String {
        let all = results.flatMap(\.outcomes)
        var lines: [String] = []
        lines.append("kind                 passed/variants  filings  n/a")
        for kind in LayoutVariants.kinds {
            let o = all.filter { $0.kind == kind }
            let na = results.filter { $0.notApplicable.contains(kind) }.count
            guard !o.isEmpty || na > 0 else { continue }
            let files = Set(o.map(\.file)).count
            lines.append(kind.padding(toLength: 21, withPad: " ", startingAt: 0)
                + "\(o.filter(\.passed).count)/\(o.count)".padding(toLength: 17, withPad: " ", startingAt: 0)
                + "\(files)".padding(toLength: 9, withPad: " ", startingAt: 0) + "\(na)")
        }
        // Every filing: variants passed / made and kinds, flagged under the goal of `minimumVariants`
        // variants over `minimumKinds` kinds.
        var under: [String] = []
        for r in results {
            let made = r.outcomes.count, passed = r.outcomes.filter(\.passed).count, kinds = Set(r.outcomes.map(\.kind)).count
            let short = made < minimumVariants || kinds < minimumKinds
            if short { under.append(r.file) }
            lines.append("\(r.file): \(passed)/\(made) passed, \(made) variants, \(kinds) kinds"
                + (verbose ? ", original figures found \(r.original.foundCount)" : "")
                + (short ? "  UNDER \(minimumVariants)/\(minimumKinds)" : ""))
            for o in r.outcomes where !o.passed {
                lines.append("  FAIL \(o.name): " + o.differences.joined(separator: "; "))
            }
        }
        lines.append("filings under \(minimumVariants) variants or \(minimumKinds) kinds: \(under.count)"
            + (under.isEmpty ? "" : " (" + under.joined(separator: ", ") + ")"))
        let passed = all.filter(\.passed).count
        let pct = all.isEmpty ? 0 : 100 * Double(passed) / Double(all.count)
        lines.append("variants: \(all.count) variants of \(Set(all.map(\.kind)).count) kinds over \(results.count) filings, \(passed) passed (\(String(format: "%.1f", pct))%)")
        return lines.joined(separator: "\n")
    }
}
