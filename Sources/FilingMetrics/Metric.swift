import FilingParser

/// One computed metric with its period, unit and provenance.
public struct Metric: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    /// `USD`, `USD/share`, `pure` (ratios and growth: 0.25 is 25 %).
    public var unit: String
    public var period: Period
    /// quarter, ytd, year or instant.
    public var periodKind: PeriodKind
    /// True when an input was derived (e.g. a quarter computed from year-to-date differences).
    public var derived: Bool
    /// How it was computed, e.g. `GrossProfit / Revenues`.
    public var formula: String
    /// The inputs: concept, period, value and the filing each came from.
    public var computedFrom: [String]

    public init(name: String, value: Double, unit: String, period: Period, periodKind: PeriodKind, derived: Bool = false,
                formula: String, computedFrom: [String]) {
        self.name = name
        self.value = value
        self.unit = unit
        self.period = period
        self.periodKind = periodKind
        self.derived = derived
        self.formula = formula
        self.computedFrom = computedFrom
    }

    enum CodingKeys: String, CodingKey {
        case name, value, unit, period, periodKind = "period_kind", derived, formula, computedFrom = "computed_from"
    }
}

/// What kind of period a value covers.
public enum PeriodKind: String, Codable, Sendable, CaseIterable {
    /// About 13 weeks.
    case quarter
    /// Six or nine months from the start of the fiscal year.
    case ytd
    /// About twelve months.
    case year
    /// A balance-sheet date.
    case instant
    /// Anything else (e.g. a 14-week quarter is still a quarter; odd spans land here).
    case other

    public init(_ period: Period) {
        if period.instant != nil && period.start == nil { self = .instant; return }
        guard let days = period.lengthInDays else { self = .other; return }
        self.init(days: days)
    }

    /// The kind of a duration `days` long.
    init(days: Int) {
        switch days {
        case 79...103: self = .quarter
        case 170...194, 260...286: self = .ytd
        case 350...380: self = .year
        default: self = .other
        }
    }
}
