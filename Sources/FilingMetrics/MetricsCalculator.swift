import FilingParser

/// Metric formulas over a company's resolved facts. Pure: no storage, no clock.
///
/// Ratios and growth are fractions (unit `pure`). Growth is `(current − base) / |base|`, absent
/// when the base is zero or missing; with a negative base a positive value means improvement.
public enum MetricsCalculator {
    static let revenue = ["Revenues", "SalesRevenueNet", "RevenueFromContractWithCustomerExcludingAssessedTax"]
    static let costOfRevenue = ["CostOfRevenue"]
    static let grossProfit = ["GrossProfit"]
    static let operatingIncome = ["OperatingIncomeLoss"]
    static let netIncome = ["NetIncomeLoss"]
    static let pretaxIncome = ["IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"]
    static let incomeTax = ["IncomeTaxExpenseBenefit"]
    static let researchAndDevelopment = ["ResearchAndDevelopmentExpense"]
    static let epsBasic = ["EarningsPerShareBasic"]
    static let epsDiluted = ["EarningsPerShareDiluted"]
    static let assetsCurrent = ["AssetsCurrent"]
    static let liabilitiesCurrent = ["LiabilitiesCurrent"]
    static let assets = ["Assets"]
    static let equity = ["StockholdersEquity"]
    static let cash = ["CashAndCashEquivalentsAtCarryingValue"]

    /// A filing's main period: the quarter-length duration ending last; else the latest-ending duration.
    public static func mainPeriod(of facts: [Fact]) -> Period? {
        let durations = facts.filter { $0.basis == "gaap" && $0.period.isDuration }.map(\.period)
        let quarters = durations.filter { $0.isQuarter }
        let candidates = quarters.isEmpty ? durations : quarters
        return candidates.max { a, b in
            let endA = a.endDay ?? 0, endB = b.endDay ?? 0
            // Latest end first; among equal ends the shorter period (the quarter, not the year).
            return endA != endB ? endA < endB : (a.lengthInDays ?? 0) > (b.lengthInDays ?? 0)
        }
    }

    /// Every metric of `dated` that the book has the inputs for; `periods` are the candidate growth bases, the first match wins.
    static func metrics(for dated: DatedPeriod, book: FactBook, periods: [DatedPeriod]) -> [Metric] {
        let period = dated.period
        var calc = PeriodCalculation(period: period, book: book)
        if period.instant != nil {
            calc.level("current_ratio", ratioOf: assetsCurrent, to: liabilitiesCurrent)
            calc.difference("working_capital", assetsCurrent, minus: liabilitiesCurrent)
            calc.level("equity_to_assets", ratioOf: equity, to: assets)
            calc.value("cash", cash)
            return calc.out
        }
        calc.value("revenue", revenue)
        if !calc.value("gross_profit", grossProfit) {
            calc.difference("gross_profit", revenue, minus: costOfRevenue)
        }
        calc.ratio("gross_margin", "gross_profit", "revenue")
        calc.value("operating_income", operatingIncome)
        calc.ratio("operating_margin", "operating_income", "revenue")
        calc.value("net_income", netIncome)
        calc.ratio("net_margin", "net_income", "revenue")
        calc.value("eps_basic", epsBasic)
        calc.value("eps_diluted", epsDiluted)
        calc.level("effective_tax_rate", ratioOf: incomeTax, to: pretaxIncome)
        calc.level("rd_to_revenue", ratioOf: researchAndDevelopment, to: revenue)
        if let prior = periods.first(where: { Self.isPriorYear($0, of: dated) }) {
            calc.growth("revenue_growth_yoy", revenue, base: prior.period)
            calc.growth("net_income_growth_yoy", netIncome, base: prior.period)
            calc.growth("eps_diluted_change_yoy", epsDiluted, base: prior.period)
        }
        if dated.isQuarter, let previous = periods.first(where: { Self.isPreviousQuarter($0, of: dated) }) {
            calc.growth("revenue_growth_qoq", revenue, base: previous.period)
        }
        return calc.out
    }

    /// Same length, ending about one year earlier (±7 days).
    static func isPriorYear(_ candidate: DatedPeriod, of period: DatedPeriod) -> Bool {
        guard let end = period.end, let length = period.length,
              let otherEnd = candidate.end, let otherLength = candidate.length else { return false }
        return abs(end - otherEnd - 365) <= 7 && abs(length - otherLength) <= 12
    }

    /// The quarter ending the day before `period` starts (±7 days).
    static func isPreviousQuarter(_ candidate: DatedPeriod, of period: DatedPeriod) -> Bool {
        guard let start = period.start, let otherEnd = candidate.end, candidate.isQuarter else { return false }
        return abs(start - 1 - otherEnd) <= 7
    }
}

/// A period with its day numbers read once (`Period.startDay`, `endDay`, `lengthInDays`, `isQuarter`).
struct DatedPeriod {
    let period: Period
    let start: Int?
    let end: Int?
    let length: Int?
    let isQuarter: Bool

    init(_ period: Period) {
        self.period = period
        start = period.startDay
        end = period.endDay
        length = period.lengthInDays
        isQuarter = period.isQuarter
    }
}

/// Builds the metrics of one period, recording formula and inputs for each.
struct PeriodCalculation {
    let period: Period
    /// The period's kind, read once for all its metrics (it parses the dates).
    let kind: PeriodKind
    let book: FactBook
    private(set) var out: [Metric] = []
    private var values: [String: (Double, derived: Bool, inputs: [String])] = [:]

    init(period: Period, book: FactBook) {
        self.period = period
        kind = PeriodKind(period)
        self.book = book
    }

    private func input(_ concepts: [String], _ period: Period) -> (value: Double, derived: Bool, text: String)? {
        guard let (concept, entry) = book.first(concepts, period) else { return nil }
        return (entry.value, entry.formula != nil, "\(concept) \(period.label) = \(format(entry.value)) (\(entry.source))")
    }

    private mutating func add(_ name: String, _ value: Double, unit: String, derived: Bool, formula: String, inputs: [String]) {
        guard value.isFinite else { return }
        values[name] = (value, derived, inputs)
        out.append(Metric(name: name, value: value, unit: unit, period: period, periodKind: kind,
                          derived: derived, formula: formula, computedFrom: inputs))
    }

    @discardableResult
    mutating func value(_ name: String, _ concepts: [String]) -> Bool {
        guard let v = input(concepts, period) else { return false }
        let unit = book.first(concepts, period)?.entry.unit ?? "USD"
        add(name, v.value, unit: unit, derived: v.derived, formula: concepts[0], inputs: [v.text])
        return true
    }

    mutating func difference(_ name: String, _ a: [String], minus b: [String]) {
        guard let x = input(a, period), let y = input(b, period) else { return }
        add(name, x.value - y.value, unit: "USD", derived: x.derived || y.derived, formula: "\(a[0]) − \(b[0])",
            inputs: [x.text, y.text])
    }

    /// A ratio of two already computed metrics of this period.
    mutating func ratio(_ name: String, _ numerator: String, _ denominator: String) {
        guard let n = values[numerator], let d = values[denominator], d.0 != 0 else { return }
        add(name, n.0 / d.0, unit: "pure", derived: n.derived || d.derived, formula: "\(numerator) / \(denominator)",
            inputs: n.inputs + d.inputs)
    }

    /// A ratio of two concepts of this period.
    mutating func level(_ name: String, ratioOf a: [String], to b: [String]) {
        guard let x = input(a, period), let y = input(b, period), y.value != 0 else { return }
        add(name, x.value / y.value, unit: "pure", derived: x.derived || y.derived, formula: "\(a[0]) / \(b[0])",
            inputs: [x.text, y.text])
    }

    /// (this period − base period) / |base period|.
    mutating func growth(_ name: String, _ concepts: [String], base: Period) {
        guard let x = input(concepts, period), let y = input(concepts, base), y.value != 0 else { return }
        add(name, (x.value - y.value) / abs(y.value), unit: "pure", derived: x.derived || y.derived,
            formula: "(\(concepts[0]) \(period.label) − \(concepts[0]) \(base.label)) / |\(concepts[0]) \(base.label)|",
            inputs: [x.text, y.text])
    }
}

/// A value as written in provenance and CSV: whole numbers without a decimal point.
public func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
