import Foundation

/// Compares parses of the filings in a directory with their hand-verified `*.truth.json` files
/// (format and matching rules: ../shared/fixtures/filings/README.md).
public enum TruthEvaluation {
    public struct Outcome: Codable, Sendable {
        public var file: String
        /// e.g. "header.company", "current_quarter.revenue", "facts", "guidance.revenue".
        public var field: String
        public var matched: Bool
        public var expected: String
        public var got: String
        /// HTML documents: the parser reads only their header today, so they are reported apart.
        public var isHTML: Bool
    }

    public struct Report: Codable, Sendable {
        public var outcomes: [Outcome]

        public var misses: [Outcome] { outcomes.filter { !$0.matched } }
        /// Field -> (matched, total), optionally only text or only HTML filings.
        public func accuracy(html: Bool?) -> [(field: String, matched: Int, total: Int)] {
            var acc: [String: (Int, Int)] = [:]
            for o in outcomes where html == nil || o.isHTML == html {
                let key = o.field.hasPrefix("facts") ? "facts" : o.field
                var v = acc[key] ?? (0, 0)
                v.1 += 1
                if o.matched { v.0 += 1 }
                acc[key] = v
            }
            return acc.keys.sorted().map { ($0, acc[$0]!.0, acc[$0]!.1) }
        }
        public func score(html: Bool?) -> (matched: Int, total: Int) {
            let sel = outcomes.filter { html == nil || $0.isHTML == html }
            return (sel.filter(\.matched).count, sel.count)
        }

        /// Per-field accuracy and each miss, as printed by `filings eval`.
        public func text() -> String {
            var lines: [String] = []
            for (title, html) in [("text filings", false), ("HTML filings", true)] {
                let (m, t) = score(html: html)
                guard t > 0 else { continue }
                lines.append("\(title): \(m)/\(t) fields (\(String(format: "%.1f", 100 * Double(m) / Double(t)))%)")
                for a in accuracy(html: html) {
                    lines.append("  \(a.field.padding(toLength: 36, withPad: " ", startingAt: 0)) \(a.matched)/\(a.total)")
                }
                for o in misses where o.isHTML == html {
                    lines.append("  MISS \(o.file) \(o.field): expected \(o.expected), got \(o.got)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    static let concepts: [String: String] = [
        "revenue": "Revenues", "net_income": "NetIncomeLoss", "eps_diluted": "EarningsPerShareDiluted", "eps_basic": "EarningsPerShareBasic",
        "total_interest_income": "InterestAndDividendIncomeOperating", "net_interest_income": "InterestIncomeExpenseNet",
        "noninterest_income": "NoninterestIncome",
    ]

    /// Evaluates every filing (`*.txt`, `*.htm`, `*.html`) in `directory` that has a `*.truth.json` beside it.
    public static func evaluate(directory: String) throws -> Report {
        let fm = FileManager.default
        let extensions = [".txt", ".htm", ".html"]
        let names = try fm.contentsOfDirectory(atPath: directory).filter { name in extensions.contains { name.hasSuffix($0) } }.sorted()
        var outcomes: [Outcome] = []
        for name in names {
            let base = (name as NSString).deletingPathExtension
            let truthPath = (directory as NSString).appendingPathComponent(base + ".truth.json")
            guard fm.fileExists(atPath: truthPath) else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
            let truthData = try Data(contentsOf: URL(fileURLWithPath: truthPath))
            guard let truth = try JSONSerialization.jsonObject(with: truthData) as? [String: Any] else { continue }
            let text = FilingText.decode(data)
            outcomes += evaluate(file: base, text: text, truth: truth)
        }
        return Report(outcomes: outcomes)
    }

    static func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    /// A company name without case, punctuation and legal-form words ("ASTA FUNDING INC" == "Asta Funding, Inc.").
    static func companyKey(_ s: String) -> String {
        let drop: Set<String> = ["inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "the", "llc", "plc"]
        let words = s.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.filter { !drop.contains($0) }.joined(separator: " ")
    }

    static func isQuarter(_ p: Period, endingNear end: SimpleDate) -> Bool {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return false }
        return abs(e.dayNumber - s.dayNumber + 1 - 91) <= 12 && abs(e.dayNumber - end.dayNumber) <= 7
    }

    static func matches(_ a: Double, _ b: Double, perShare: Bool) -> Bool { perShare ? abs(a - b) < 0.005 : abs(a - b) <= 0.5 }

    /// One filing against its truth.
    public static func evaluate(file: String, text: String, truth: [String: Any]) -> [Outcome] {
        let parsed = FilingParser.parse(text)
        let isHTML = SubmissionEnvelope(text).documents.contains { $0.isMarkupOrBinary && ($0.type ?? "").uppercased().hasPrefix("EX-99") }
            || text.range(of: "<html", options: [.caseInsensitive]) != nil
        var out: [Outcome] = []
        func add(_ field: String, _ ok: Bool, _ expected: Any, _ got: Any) {
            out.append(Outcome(file: file, field: field, matched: ok, expected: "\(expected)", got: "\(got)", isHTML: isHTML))
        }
        // Header.
        let h = parsed.header
        let headerFields: [(String, String?)] = [
            ("company", h.company), ("cik", h.cik), ("accession", h.accession), ("filed", h.filedDate), ("form", h.form),
            ("report_date", h.reportDate), ("commission_file_number", h.commissionFileNumber), ("irs_ein", h.irsEIN),
            ("state_of_incorporation", h.stateOfIncorporation),
        ]
        for (key, got) in headerFields where truth.keys.contains(key) {
            let expected = (truth[key] as? String) ?? number(truth[key]).map { String(Int($0)) }
            let ok: Bool
            switch key {
            case "company": ok = expected.map(companyKey) == got.map(companyKey)
            case "cik": ok = expected.map { String(Int($0) ?? -1) } == got.map { String(Int($0) ?? -2) }
            default: ok = expected == got
            }
            add("header.\(key)", ok, expected ?? "null", got ?? "null")
        }
        // Key values.
        if let end = (truth["period_end"] as? String).flatMap({ SimpleDate(iso: $0) }) {
            let prior = SimpleDate(year: end.year - 1, month: end.month, day: end.day, clamp: true) ?? end
            for (section, e) in [("current_quarter", end), ("prior_year_quarter", prior)] {
                guard let values = truth[section] as? [String: Any] else { continue }
                for (key, v) in values.sorted(by: { $0.key < $1.key }) {
                    guard let concept = concepts[key], let expected = number(v) else { continue }
                    let got = parsed.facts.filter { $0.concept == concept && $0.basis == "gaap" && isQuarter($0.period, endingNear: e) }.map(\.value)
                    let ok = !got.isEmpty && Set(got).count == 1 && matches(got[0], expected, perShare: key.hasPrefix("eps"))
                    add("\(section).\(key)", ok, expected, got)
                }
            }
            if let assets = number(truth["total_assets"]) {
                let got = parsed.facts.filter { f in
                    f.concept == "Assets" && f.basis == "gaap" && f.period.instant.flatMap { SimpleDate(iso: $0) }.map { abs($0.dayNumber - end.dayNumber) <= 7 } == true
                }.map(\.value)
                add("total_assets", !got.isEmpty && Set(got).count == 1 && matches(got[0], assets, perShare: false), assets, got)
            }
        }
        // Every fact (PTIX samples).
        if let facts = truth["facts"] as? [[String: Any]] {
            for t in facts {
                guard let concept = t["concept"] as? String, let p = t["period"] as? [String: String], let value = number(t["value"]) else { continue }
                let period = Period(start: p["start"], end: p["end"], instant: p["instant"])
                let found = parsed.facts.filter { $0.concept == concept && $0.period == period && $0.basis == "gaap" }.map(\.value)
                add("facts.\(concept)", found.contains { matches($0, value, perShare: concept.contains("PerShare")) }, "\(value) \(p)", found)
            }
        }
        // Guidance ranges (PTIX samples).
        if let g = truth["guidance_ranges"] as? [String: Any] {
            let target = g["target_period"] as? String
            func check(_ metric: String, _ lo: Double?, _ hi: Double?) {
                guard let lo, let hi else { return }
                let found = parsed.guidance.filter { $0.metric == metric }
                let ok = found.contains { x in
                    abs((x.low ?? .nan) - lo) < 1e-9 && abs((x.high ?? .nan) - hi) < 1e-9
                        && target.map { "\(x.fiscalYear ?? 0)Q\(x.fiscalQuarter ?? 0)" == $0 } ?? true
                }
                add("guidance.\(metric)", ok, "\(lo)..\(hi) \(target ?? "")",
                    found.map { "\($0.low ?? .nan)..\($0.high ?? .nan) \($0.fiscalYear ?? 0)Q\($0.fiscalQuarter ?? 0)" })
            }
            func pair(_ key: String, _ div: Double) -> (Double?, Double?) {
                if let a = g[key] as? [Any], a.count == 2 { return (number(a[0]).map { $0 / div }, number(a[1]).map { $0 / div }) }
                if let x = number(g[key]) { return (x / div, x / div) }
                return (nil, nil)
            }
            for (key, metric, div) in [("revenue", "revenue", 1.0), ("gross_margin_percent", "gross_margin", 100), ("eps_diluted", "eps_diluted", 1),
                                       ("tax_rate_percent", "tax_rate", 100), ("operating_margin_percent", "operating_margin", 100),
                                       ("net_income", "net_income", 1), ("eps_basic", "eps_basic", 1)] where g[key] != nil {
                let (lo, hi) = pair(key, div)
                check(metric, lo, hi)
            }
        }
        return out
    }
}
