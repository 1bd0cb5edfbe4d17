import FilingParser

/// The key figures the truth evaluation scores (`TruthEvaluation`): revenue, net income and basic and
/// diluted EPS of the current and prior-year quarter, and total assets at the quarter end. A variant
/// must give the same key figures as its original, whatever they are.
public struct KeyFigures: Equatable, Sendable, CustomStringConvertible {
    /// Field ("current_quarter.revenue", "total_assets", ...) -> the distinct values found, sorted.
    public var values: [String: [Double]]

    static let concepts: [(key: String, concept: String)] = [
        ("revenue", "Revenues"), ("net_income", "NetIncomeLoss"),
        ("eps_basic", "EarningsPerShareBasic"), ("eps_diluted", "EarningsPerShareDiluted"),
    ]

    /// The figures of `parsed` for the quarter ending `periodEnd` (ISO date) and the same quarter a year
    /// earlier, with the evaluation's matching rules: a quarter lasts 91 +/- 12 days and ends within 7 days
    /// of the date; total assets are an instant within 7 days of it.
    public init(_ parsed: ParsedFiling, periodEnd: String) {
        values = [:]
        guard let end = DayNumber(iso: periodEnd) else { return }
        let prior = end.sameDayYearBefore
        for (section, e) in [("current_quarter", end), ("prior_year_quarter", prior)] {
            for (key, concept) in Self.concepts {
                let found = parsed.facts.filter { f in
                    guard f.concept == concept, f.basis == "gaap",
                          let s = f.period.start.flatMap(DayNumber.init(iso:)), let t = f.period.end.flatMap(DayNumber.init(iso:)) else { return false }
                    return abs(t.value - s.value + 1 - 91) <= 12 && abs(t.value - e.value) <= 7
                }
                values["\(section).\(key)"] = Array(Set(found.map(\.value))).sorted()
            }
        }
        let assets = parsed.facts.filter { f in
            f.concept == "Assets" && f.basis == "gaap" && f.period.instant.flatMap(DayNumber.init(iso:)).map { abs($0.value - end.value) <= 7 } == true
        }
        values["total_assets"] = Array(Set(assets.map(\.value))).sorted()
    }

    /// Number of fields with at least one value.
    public var foundCount: Int { values.values.filter { !$0.isEmpty }.count }

    /// The fields whose values differ from `other`'s, as "field: mine vs other".
    public func differences(from other: KeyFigures) -> [String] {
        Set(values.keys).union(other.values.keys).sorted().compactMap { k in
            let a = values[k] ?? [], b = other.values[k] ?? []
            return a == b ? nil : "\(k): \(Self.show(a)) vs \(Self.show(b))"
        }
    }

    public var description: String {
        values.keys.sorted().map { "\($0)=\(Self.show(values[$0] ?? []))" }.joined(separator: " ")
    }

    static func show(_ v: [Double]) -> String { v.isEmpty ? "-" : v.map { String($0) }.joined(separator: "|") }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the evaluation's date arithmetic).
struct DayNumber {
    var value: Int
    var year: Int, month: Int, day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        value = era * 146097 + doe - 719468
    }

    init?(iso: String) {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    var sameDayYearBefore: DayNumber {
        DayNumber(year: year - 1, month: month, day: min(day, month == 2 ? 28 : day)) ?? self
    }
}
