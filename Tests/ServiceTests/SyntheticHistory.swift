import FilingMetrics
import FilingParser
import FilingVariants

/// One company's quarterly earnings releases, made up: each filing reports the quarter and the
/// same quarter a year earlier, the year to date (or the year) and its comparative, the balance
/// sheet at the quarter end and at the last year end, guidance for the next quarter and claims.
/// Some quarters are left out (so they are derived), some comparatives are restated, some filings
/// are amended by a later one, some periods end a few days off (52/53-week calendars), some
/// filings repeat a fact with a contradicting value.
struct SyntheticHistory {
    var filings: [FilingRecord] = []
    private var rng: SeededRandom
    /// The latest value of each concept and period, as the next filing would print it.
    private var values: [String: Double] = [:]

    static let flows = ["Revenues", "CostOfRevenue", "OperatingIncomeLoss", "NetIncomeLoss", "ResearchAndDevelopmentExpense",
                        "IncomeTaxExpenseBenefit",
                        "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"]
    static let perShare = ["EarningsPerShareBasic", "EarningsPerShareDiluted"]
    static let balances = ["AssetsCurrent", "LiabilitiesCurrent", "Assets", "StockholdersEquity",
                           "CashAndCashEquivalentsAtCarryingValue"]

    init(quarters: Int, seed: UInt64, firstYear: Int = 1950) {
        rng = SeededRandom(seed: seed)
        for index in 0..<quarters {
            let year = firstYear + index / 4, quarter = index % 4 + 1
            let filed = Self.quarterEnd(year, quarter) + Int.random(in: 18...45, using: &rng)
            filings.append(filing(year, quarter, id: "f\(year)q\(quarter)", filed: filed))
            if Double.random(in: 0..<1, using: &rng) < 0.08 {
                filings.append(filing(year, quarter, id: "f\(year)q\(quarter)a", filed: filed + Int.random(in: 1...60, using: &rng),
                                      restate: 1))
            }
        }
    }

    static func quarterStart(_ year: Int, _ quarter: Int) -> Int { dayNumber(iso(year, 3 * quarter - 2, 1))! }
    static func quarterEnd(_ year: Int, _ quarter: Int) -> Int {
        quarter == 4 ? dayNumber(iso(year, 12, 31))! : quarterStart(year, quarter + 1) - 1
    }
    static func iso(_ y: Int, _ m: Int, _ d: Int) -> String {
        String(y) + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
    }

    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    /// The value printed for `concept` in `period`: the last one printed, or a new one; restated with probability `restate`.
    private mutating func value(_ concept: String, _ period: Period, restate: Double) -> Double {
        let key = "\(concept)|\(period.label)"
        let base: Double
        switch concept {
        case "EarningsPerShareBasic", "EarningsPerShareDiluted": base = Double(Int.random(in: -20...150, using: &rng)) / 100
        case "Revenues": base = Double(Int.random(in: 8_000...30_000, using: &rng)) * 1000
        case let c where Self.balances.contains(c): base = Double(Int.random(in: 10_000...90_000, using: &rng)) * 1000
        default: base = Double(Int.random(in: -2_000...12_000, using: &rng)) * 1000
        }
        let length = Double(period.lengthInDaysForTests ?? 91) / 91
        var value = values[key] ?? (concept.hasPrefix("EarningsPerShare") || period.instant != nil ? base : (base * length).rounded())
        if values[key] != nil, chance(restate) {
            value = concept.hasPrefix("EarningsPerShare") ? value + 0.01 : value + 1000 * Double(Int.random(in: 1...500, using: &rng))
        }
        values[key] = value
        return value
    }

    private mutating func filing(_ year: Int, _ quarter: Int, id: String, filed: Int, restate: Double = 0.1) -> FilingRecord {
        let yearStart = Self.quarterStart(year, 1)
        // A 52/53-week calendar now and then: the quarter ends a few days late.
        let shift = chance(0.05) ? Int.random(in: 1...5, using: &rng) : 0
        let end = Self.quarterEnd(year, quarter) + shift
        let quarterPeriod = Period(start: isoDate(Self.quarterStart(year, quarter)), end: isoDate(end))
        let priorQuarter = Period(start: isoDate(Self.quarterStart(year - 1, quarter)), end: isoDate(Self.quarterEnd(year - 1, quarter)))
        let toDate = Period(start: isoDate(yearStart), end: isoDate(end))
        let priorToDate = Period(start: isoDate(Self.quarterStart(year - 1, 1)), end: isoDate(Self.quarterEnd(year - 1, quarter)))
        var durations = [priorQuarter]
        if quarter == 1 || !chance(0.15) { durations.insert(quarterPeriod, at: 0) }  // else derived from year-to-date values
        if quarter > 1 { durations += [toDate, priorToDate] }
        var facts: [Fact] = []
        for period in durations {
            let concepts = Self.flows.filter { $0 != "ResearchAndDevelopmentExpense" || year % 3 != 0 }
                + (period == toDate || period == priorToDate ? [] : Self.perShare)
            for concept in concepts {
                let name = concept == "Revenues" && year % 7 == 3 ? "SalesRevenueNet" : concept
                let unit = concept.hasPrefix("EarningsPerShare") ? "USD/share" : "USD"
                facts.append(Fact(concept: name, label: concept, statement: "income", value: value(name, period, restate: restate),
                                  unit: unit, period: period, basis: "gaap"))
            }
            if chance(0.3) {
                facts.append(Fact(concept: "GrossProfit", label: "Gross profit", statement: "income",
                                  value: value("GrossProfit", period, restate: restate), unit: "USD", period: period, basis: "gaap"))
            }
        }
        for instant in [Period(instant: isoDate(end)), Period(instant: isoDate(yearStart - 1))] {
            for concept in Self.balances {
                facts.append(Fact(concept: concept, label: concept, statement: "balance", value: value(concept, instant, restate: restate),
                                  unit: "USD", period: instant, basis: "gaap"))
            }
        }
        if chance(0.05), let first = facts.first {
            var contradicting = first
            contradicting.value += 1000
            facts.append(contradicting)
        }
        if chance(0.2) {
            facts.append(Fact(concept: "NetIncomeLoss", label: "Adjusted net income", statement: "income", value: 1, unit: "USD",
                              period: facts[0].period, basis: "non-gaap"))
        }
        return FilingRecord(filingID: id, date: isoDate(filed), facts: facts,
                            guidance: guidance(year, quarter), claims: claims(quarterPeriod, priorQuarter))
    }

    private mutating func guidance(_ year: Int, _ quarter: Int) -> [Guidance] {
        let next = quarter == 4 ? (year + 1, 1) : (year, quarter + 1)
        let period = Period(start: isoDate(Self.quarterStart(next.0, next.1)), end: isoDate(Self.quarterEnd(next.0, next.1)))
        let revenue = Double(Int.random(in: 8_000...30_000, using: &rng)) * 1000
        var out = [
            Guidance(metric: "revenue", period: period, periodLabel: nil, low: revenue, high: revenue + 2_000_000, unit: "USD", text: "revenue"),
            Guidance(metric: "eps_diluted", period: period, periodLabel: nil, low: 0.05, high: 0.6, unit: "USD/share", text: "eps"),
            Guidance(metric: "tax_rate", period: period, periodLabel: nil, low: 0.31, high: 0.31, unit: "pure", text: "tax"),
            Guidance(metric: "gross_margin", period: period, periodLabel: nil, low: 0.2, high: nil, unit: "pure",
                     basis: chance(0.2) ? "non-gaap" : "gaap", text: "margin"),
        ]
        if chance(0.3) {
            let fullYear = Period(start: isoDate(Self.quarterStart(year, 1)), end: isoDate(Self.quarterEnd(year, 4)))
            out.append(Guidance(metric: "revenue", period: fullYear, periodLabel: nil, low: 40_000_000, high: 60_000_000, unit: "USD", text: "year"))
        }
        if chance(0.1) { out.append(Guidance(metric: "revenue", period: nil, periodLabel: "long term", low: 1, high: 2, unit: "USD", text: "undated")) }
        return out
    }

    private mutating func claims(_ quarter: Period, _ prior: Period) -> [Claim] {
        var out = [Claim(metric: "revenue_growth_yoy", value: Double(Int.random(in: -20...40, using: &rng)) / 100, period: quarter, text: "yoy"),
                   Claim(metric: "revenue_growth_qoq", value: 0.05, period: quarter, text: "qoq"),
                   Claim(metric: "revenue", value: 10_000_000, period: prior, text: "prior", rounding: 100_000_000)]
        if chance(0.2) { out.append(Claim(metric: "net_income_growth_yoy", value: 0.1, period: nil, text: "undated")) }
        if chance(0.1) { out.append(Claim(metric: "revenue_growth_yoy", value: 0.1, period: quarter, text: "adjusted", basis: "non-gaap")) }
        return out
    }
}

extension Period {
    var lengthInDaysForTests: Int? {
        guard let s = startDay, let e = endDay else { return nil }
        return e - s + 1
    }
}
