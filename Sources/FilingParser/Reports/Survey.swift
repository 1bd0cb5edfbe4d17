import Foundation

/// `filings survey`: what a backfill would get from each filing, and a summary over many.
///
/// A filing is complete when it has a GAAP income statement with a current-quarter column (a
/// duration of 12-16 weeks, the latest such column) and, for that quarter and for the prior-year
/// quarter where one is printed, revenue (or a bank's net interest income), net income and diluted
/// EPS (or the only EPS printed). Total assets are reported but not required.
///
/// A cross-filing conflict is one company, concept and period given different GAAP values by two
/// filings, neither of them labelled as a restatement (a "previously reported" basis, or a column
/// heading that says "restated").
public enum Survey {
    /// The key figures a survey looks for.
    public enum Figure: String, Codable, Sendable, CaseIterable {
        case revenue, netIncome = "net_income", eps, totalAssets = "total_assets"

        var name: String {
            switch self {
            case .revenue: "revenue"
            case .netIncome: "net income"
            case .eps: "EPS"
            case .totalAssets: "total assets"
            }
        }
    }

    /// One filing's result.
    public struct Entry: Encodable, Sendable, Equatable {
        public var file: String
        public var company: String?
        /// End of the current quarter (ISO date), nil without a current-quarter column.
        public var quarterEnd: String?
        /// Figures found for the current quarter (total assets at its end).
        public var current: [Figure]
        /// Figures found for the prior-year quarter; nil when no such column is printed.
        public var priorYear: [Figure]?
        /// Which EPS was found for the current quarter: "diluted", "basic" (the only one printed) or nil.
        public var epsKind: String?
        public var failedChecks: Int
        public var warnings: [String]
        /// Why the filing is not complete (empty when it is).
        public var missing: [String]
        public var complete: Bool { missing.isEmpty }

        /// Company key (CIK, else the normalized name) and the GAAP values by concept and period.
        var companyKey: String
        var values: [ValueKey: [Double]] = [:]

        enum CodingKeys: String, CodingKey {
            case file, company, quarterEnd = "quarter_end", current, priorYear = "prior_year", epsKind = "eps"
            case failedChecks = "failed_checks", warnings, missing, complete
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(company, forKey: .company)
            try c.encode(quarterEnd, forKey: .quarterEnd)
            try c.encode(current, forKey: .current)
            try c.encode(priorYear, forKey: .priorYear)
            try c.encode(epsKind, forKey: .epsKind)
            try c.encode(failedChecks, forKey: .failedChecks)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(missing, forKey: .missing)
            try c.encode(complete, forKey: .complete)
        }

        /// One readable line.
        public var line: String {
            func list(_ figures: [Figure]) -> String { figures.isEmpty ? "none" : figures.map(\.name).joined(separator: ", ") }
            var parts = [file, company ?? "(no company)"]
            parts.append(quarterEnd.map { "quarter ended \($0)" } ?? "no current quarter")
            parts.append("current: \(list(current))")
            parts.append("prior year: " + (priorYear.map(list) ?? "not printed"))
            parts.append("\(failedChecks) failed checks, \(warnings.count) warnings")
            parts.append(complete ? "complete" : "incomplete (" + missing.joined(separator: "; ") + ")")
            return parts.joined(separator: " | ")
        }
    }

    struct ValueKey: Hashable {
        var concept: String
        var period: Period
    }

    /// The same company, concept and period with different values in two filings.
    public struct Conflict: Encodable, Sendable, Equatable {
        public var company: String
        public var concept: String
        public var period: Period
        public var files: [String]
        public var values: [Double]

        public var line: String {
            let when = period.instant ?? "\(period.start ?? "?")..\(period.end ?? "?")"
            let pairs = zip(files, values).map { "\(Survey.format($1)) in \($0)" }.joined(separator: ", ")
            return "conflict: \(company) \(concept) \(when): \(pairs)"
        }
    }

    public struct Summary: Encodable, Sendable, Equatable {
        public var filings: Int
        public var complete: Int
        public var failedChecks: Int
        public var conflicts: [Conflict]

        enum CodingKeys: String, CodingKey { case filings, complete, failedChecks = "failed_checks", conflicts }

        /// Whole percent, rounded down so that 100% means every filing.
        public var percent: Int { filings == 0 ? 0 : complete * 100 / filings }

        /// The survey's last line.
        public var line: String {
            "survey: \(filings) filings, \(complete) complete (\(percent)%), \(failedChecks) failed checks, \(conflicts.count) cross-filing conflicts"
        }
    }

    // MARK: One filing

    static let revenueConcepts = ["Revenues", "InterestIncomeExpenseNet"]
    static let netIncomeConcepts = ["NetIncomeLoss"]

    public static func entry(file: String, parsed: ParsedFiling) -> Entry {
        let gaapIncome = parsed.statements.filter { $0.kind == "income" && $0.basis == "gaap" }
        let incomeFacts = parsed.facts.filter { $0.basis == "gaap" && $0.statement == "income" }
        // Quarter columns that hold values; the latest is the current quarter.
        let quarters = gaapIncome.flatMap(\.columns).compactMap(\.period).filter { p in isQuarter(p) && incomeFacts.contains { $0.period == p } }
        let current = quarters.max { ($0.end ?? "") < ($1.end ?? "") }

        var missing: [String] = []
        var found: [Figure] = []
        var prior: [Figure]?
        var epsKind: String?
        if gaapIncome.isEmpty { missing.append("no GAAP income statement") }
        if let current, let end = current.end.flatMap(SimpleDate.init(iso:)) {
            let (figures, eps) = figuresFound(in: incomeFacts, period: current)
            found = figures
            epsKind = eps
            missing += Figure.allCases.filter { $0 != .totalAssets && !figures.contains($0) }.map { "no current \($0.name)" }
            let assets = parsed.facts.contains { f in
                f.concept == "Assets" && f.basis == "gaap"
                    && f.period.instant.flatMap(SimpleDate.init(iso:)).map { abs($0.dayNumber - end.dayNumber) <= 7 } == true
            }
            if assets { found.append(.totalAssets) }
            if let priorPeriod = quarters.first(where: { isPriorYear($0, of: end) }) {
                let (figures, _) = figuresFound(in: incomeFacts, period: priorPeriod)
                prior = figures
                missing += Figure.allCases.filter { $0 != .totalAssets && !figures.contains($0) }.map { "no prior-year \($0.name)" }
            }
        } else if !gaapIncome.isEmpty {
            missing.append("no current-quarter column (12-16 weeks)")
        }

        var entry = Entry(file: file, company: parsed.header.company, quarterEnd: current?.end, current: found, priorYear: prior,
                          epsKind: epsKind, failedChecks: parsed.checks.filter { $0.status == "failed" }.count,
                          warnings: parsed.warnings, missing: missing, companyKey: companyKey(parsed.header, file: file))
        entry.values = unlabelledValues(parsed)
        return entry
    }

    /// Revenue, net income and EPS found for one period; which EPS ("diluted", or "basic" when it is
    /// the only one printed for the period, e.g. diluted printed "N/A" in a loss quarter).
    static func figuresFound(in facts: [Fact], period: Period) -> ([Figure], String?) {
        let concepts = Set(facts.filter { $0.period == period }.map(\.concept))
        var figures: [Figure] = []
        if !concepts.isDisjoint(with: revenueConcepts) { figures.append(.revenue) }
        if !concepts.isDisjoint(with: netIncomeConcepts) { figures.append(.netIncome) }
        let eps: String? = concepts.contains("EarningsPerShareDiluted") ? "diluted" : concepts.contains("EarningsPerShareBasic") ? "basic" : nil
        if eps != nil { figures.append(.eps) }
        return (figures, eps)
    }

    /// A duration of 12 to 16 weeks (both dates counted).
    static func isQuarter(_ p: Period) -> Bool {
        guard let s = p.start.flatMap(SimpleDate.init(iso:)), let e = p.end.flatMap(SimpleDate.init(iso:)) else { return false }
        let days = e.dayNumber - s.dayNumber + 1
        return days >= 12 * 7 && days <= 16 * 7
    }

    /// A quarter ending about a year (52 or 53 weeks, within 10 days of the calendar date) before `end`.
    static func isPriorYear(_ p: Period, of end: SimpleDate) -> Bool {
        guard let e = p.end.flatMap(SimpleDate.init(iso:)), let yearBefore = SimpleDate(year: end.year - 1, month: end.month, day: end.day, clamp: true)
        else { return false }
        return abs(e.dayNumber - yearBefore.dayNumber) <= 10
    }

    static func companyKey(_ header: FilingHeader, file: String) -> String {
        if let cik = header.cik, let n = Int(cik) { return "cik \(n)" }
        if let company = header.company { return TruthEvaluation.companyKey(company) }
        return header.commissionFileNumber.map { "file \($0)" } ?? file
    }

    /// GAAP values by concept and period of the income statements and balance sheets, leaving out
    /// columns labelled as restated.
    static func unlabelledValues(_ parsed: ParsedFiling) -> [ValueKey: [Double]] {
        var restated = Set<Period>()
        for s in parsed.statements {
            for c in s.columns where c.heading.lowercased().contains("restate") { if let p = c.period { restated.insert(p) } }
        }
        var values: [ValueKey: [Double]] = [:]
        for f in parsed.facts where f.basis == "gaap" && (f.statement == "income" || f.statement == "balance") && !restated.contains(f.period) {
            values[ValueKey(concept: f.concept, period: f.period), default: []].append(f.value)
        }
        return values
    }

    // MARK: Many filings

    public static func summary(_ entries: [Entry]) -> Summary {
        Summary(filings: entries.count, complete: entries.filter(\.complete).count,
                failedChecks: entries.reduce(0) { $0 + $1.failedChecks }, conflicts: conflicts(entries))
    }

    /// Two filings of one company conflict on a concept and period when no value of one agrees with
    /// any value of the other (a filing may print a figure in several tables).
    static func conflicts(_ entries: [Entry]) -> [Conflict] {
        var result: [Conflict] = []
        let byCompany = Dictionary(grouping: entries, by: \.companyKey)
        for key in byCompany.keys.sorted() {
            let filings = byCompany[key]!
            guard filings.count > 1 else { continue }
            var seen = Set<ValueKey>()
            for (i, a) in filings.enumerated() {
                for b in filings[(i + 1)...] {
                    for (valueKey, av) in a.values.sorted(by: { "\($0.key)" < "\($1.key)" }) where !seen.contains(valueKey) {
                        guard let bv = b.values[valueKey] else { continue }
                        let perShare = valueKey.concept.contains("PerShare")
                        if !av.contains(where: { x in bv.contains { agree(x, $0, perShare: perShare) } }) {
                            seen.insert(valueKey)
                            result.append(Conflict(company: a.company ?? key, concept: valueKey.concept, period: valueKey.period,
                                                   files: [a.file, b.file], values: [av[0], bv[0]]))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Equal within rounding: a cent per share; otherwise half a unit or 0.5%, whichever is larger
    /// (one filing may print a figure in thousands and another in millions).
    static func agree(_ a: Double, _ b: Double, perShare: Bool) -> Bool {
        perShare ? abs(a - b) < 0.005 : abs(a - b) <= max(0.5, 0.005 * max(abs(a), abs(b)))
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
