import FilingParser

/// One computed metric with its period, unit and provenance.
public struct Metric: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    /// `USD`, `USD/share`, `pure` (ratios: 0.25 is 25 %).
    public var unit: String
    public var period: Period
    /// What it was computed from, e.g. `Revenues 2003-04-01..2003-06-30 from <filing>`.
    public var computedFrom: [String]

    public init(name: String, value: Double, unit: String, period: Period, computedFrom: [String]) {
        self.name = name
        self.value = value
        self.unit = unit
        self.period = period
        self.computedFrom = computedFrom
    }

    enum CodingKeys: String, CodingKey {
        case name, value, unit, period, computedFrom = "computed_from"
    }
}

/// A fact in a company's history: what a filing reported for a concept and period.
public struct HistoricalFact: Sendable, Equatable {
    public var concept: String
    public var value: Double
    public var unit: String
    public var period: Period
    public var filingID: String

    public init(concept: String, value: Double, unit: String, period: Period, filingID: String) {
        self.concept = concept
        self.value = value
        self.unit = unit
        self.period = period
        self.filingID = filingID
    }
}
